//! Solving `bce-backprop` on the engine's graph: answers, worked steps and question facts.

use serde_json::{Value, json};

use super::Checked;
use super::figure::{Values, figure};
use super::printed::Printed;
use super::question::Facts;
use super::text;
use super::tolerance::tolerances;
use crate::engine::{Graph, NodeId, bce_backward, loss_closed_form};
use crate::error::Result;
use crate::num::{Q, Real};
use crate::problems::Solved;
use crate::solution::{Answer, Grading, Question, Solution, Tolerance, json_real};
use crate::tensor::{Scalar, Tensor};

/// The nodes of the graph.
#[derive(Clone, Copy, Debug)]
pub struct Ids {
    /// Weights `[d]`.
    pub w: NodeId,
    /// Bias.
    pub b: NodeId,
    /// `z`.
    pub z: NodeId,
    /// `y_hat`.
    pub y_hat: NodeId,
    /// The loss.
    pub loss: NodeId,
}

/// Builds Linear -> Sigmoid -> BCE over any scalar.
pub fn build<S: Scalar>(c: &Checked) -> (Graph<S>, Ids) {
    let (mut g, _, w, b, z) = linear_part(c);
    let y_hat = g.sigmoid(r"\hat{y}", z);
    let loss = g.bce("L", y_hat, c.y.clone(), c.reduction);
    (
        g,
        Ids {
            w,
            b,
            z,
            y_hat,
            loss,
        },
    )
}

fn linear_part<S: Scalar>(c: &Checked) -> (Graph<S>, NodeId, NodeId, NodeId, NodeId) {
    let (n, d) = (c.x.len(), c.w.len());
    let mut g = Graph::new();
    let x = g.leaf(
        "X",
        Tensor::new(vec![n, d], c.x.concat().iter().map(S::from_q).collect()),
        false,
    );
    let w = g.leaf(
        "W",
        Tensor::new(vec![d], c.w.iter().map(S::from_q).collect()),
        true,
    );
    let b = g.leaf("b", Tensor::scalar(S::from_q(&c.b)), true);
    let z = g.linear("z", x, w, b);
    (g, x, w, b, z)
}

/// The graph of the worked steps, in [`Printed`] numbers: with the predictions the sheet prints
/// (`given`: the sigmoid's output is that value, and backward works from it, as a student does),
/// or else the exact sigmoid (every prediction is rational).
pub fn build_printed(c: &Checked, given: Option<&[Q]>) -> (Graph<Printed>, Ids) {
    let (mut g, _, w, b, z) = linear_part::<Printed>(c);
    let y_hat = match given {
        Some(values) => {
            let t = Tensor::new(
                vec![values.len()],
                values.iter().map(Printed::from_q).collect(),
            );
            g.sigmoid_given(r"\hat{y}", z, t)
        }
        None => g.sigmoid(r"\hat{y}", z),
    };
    let loss = g.bce("L", y_hat, c.y.clone(), c.reduction);
    (
        g,
        Ids {
            w,
            b,
            z,
            y_hat,
            loss,
        },
    )
}

/// The gradients with the predictions given (as printed on a sheet), exact.
#[derive(Clone, Debug)]
pub struct Point {
    /// `dL/dy_hat`.
    pub dyhat: Vec<Q>,
    /// `dL/dz`.
    pub dz: Vec<Q>,
    /// `dL/dW`.
    pub dw: Vec<Q>,
    /// `dL/db`.
    pub db: Q,
}

fn values(t: &Tensor<Real>) -> Vec<Q> {
    t.data().iter().map(|r| r.value().clone()).collect()
}

/// Evaluates the graph with the predictions given, exactly as a student works from a sheet:
/// the sigmoid's output is the given value, and backward starts from the loss's gradient there
/// (the loss itself, a logarithm, is not needed for the gradients).
pub fn evaluate_given(c: &Checked, y_hat: &[Q]) -> Point {
    let (mut g, _, w, b, z) = linear_part::<Real>(c);
    let given = Tensor::new(
        vec![y_hat.len()],
        y_hat.iter().cloned().map(Real::Exact).collect(),
    );
    let p = g.sigmoid_given(r"\hat{y}", z, given);
    let seed = bce_backward(g.value(p), &c.y, c.reduction, &Tensor::scalar(Real::one()));
    let grads = g.backward(p, seed);
    let grad = |id| values(grads.get(id).expect("gradient computed"));
    Point {
        dyhat: grad(p),
        dz: grad(z),
        dw: grad(w),
        db: grad(b)[0].clone(),
    }
}

/// A real answer: exact (tolerance 0) when every entry is rational, else rounded with `tol`.
fn real_answer(id: &str, label: &str, t: &Tensor<Real>, vector: bool, tol: &Q) -> Answer {
    let data = t.data();
    if data.iter().all(Real::is_exact) {
        let qs = values(t);
        return if vector {
            Answer::vector(id, label, &qs, true)
        } else {
            Answer::scalar(id, label, &qs[0])
        };
    }
    let json: Vec<Value> = data.iter().map(json_real).collect();
    Answer {
        id: id.into(),
        label: label.into(),
        value: if vector {
            Value::Array(json)
        } else {
            json[0].clone()
        },
        exact: None,
        latex: if vector {
            crate::engine::tex::matrix_of(data, 1).to_string()
        } else {
            data[0].tex().to_string()
        },
        tolerance: Tolerance::abs(tol),
        grading: Grading::Auto,
        points: None,
        choices: None,
    }
}

/// Solves checked params.
pub fn solve(c: &Checked) -> Result<Solved> {
    let (g, ids) = build::<Real>(c);
    let grads = g.backward(ids.loss, Tensor::scalar(Real::one()));
    let y_hat = g.value(ids.y_hat).clone();
    let loss = g.value(ids.loss).data()[0].clone();
    let (sheet, tol, _) = tolerances(c, y_hat.data(), &loss);
    let grad = |id| grads.get(id).expect("gradient computed");
    let vector = c.batch;

    let closed = loss_closed_form(&y_hat, &c.y, c.reduction);
    let mut loss_answer = real_answer("loss", "$L$", g.value(ids.loss), false, &tol.loss);
    loss_answer.latex = match &closed {
        Some(form) => format!(r"{form} \approx {}", loss.decimal(4)),
        None => loss.decimal(4).to_string(),
    };
    // z as the statement and the steps write it (`1.73`, not `173/100`).
    let mut z = if vector {
        Answer::vector("z", "$z$", &c.z, true)
    } else {
        Answer::scalar("z", "$z$", &c.z[0])
    };
    let printed_z: Vec<Printed> = c.z.iter().map(Printed::from_q).collect();
    z.latex = if vector {
        crate::engine::tex::matrix_of(&printed_z, 1).to_string()
    } else {
        printed_z[0].tex().to_string()
    };
    let mut answers = vec![
        z,
        real_answer("y_hat", r"$\hat{y}$", &y_hat, vector, &tol.y_hat),
        loss_answer,
        real_answer(
            "dL_dyhat",
            r"$\partial L / \partial \hat{y}$",
            grad(ids.y_hat),
            vector,
            &tol.dyhat,
        ),
        real_answer(
            "dL_dz",
            r"$\partial L / \partial z$",
            grad(ids.z),
            vector,
            &tol.dz,
        ),
        real_answer(
            "dL_dW",
            r"$\partial L / \partial W$",
            grad(ids.w),
            true,
            &tol.dw,
        ),
        real_answer(
            "dL_db",
            r"$\partial L / \partial b$",
            grad(ids.b),
            false,
            &tol.db,
        ),
        Answer::text("cache", "cached values", json!("X, y_hat"), r"X,\ \hat{y}")
            .graded(Grading::Set),
    ];
    let sign = text::sign_word(c);
    if let Some((word, _)) = &sign {
        answers.push(Answer::text(
            "dL_dW_sign",
            r"sign of $\partial L / \partial W$",
            json!(word),
            &format!(r"\text{{{word}}}"),
        ));
    }

    // The worked steps go on from what the sheet prints, in the numbers a student writes.
    let (pg, pids) = build_printed(c, sheet.given.then_some(sheet.y_hat.as_slice()));
    let pgrads = pg.backward(pids.loss, Tensor::scalar(Printed::one()));
    let pgrad = |id| pgrads.get(id).expect("gradient computed");
    let mut steps = Vec::new();
    steps.extend(pg.forward_step(pids.z));
    if sheet.given {
        steps.push(text::given_step(c, &sheet));
    } else {
        steps.extend(pg.forward_step(pids.y_hat));
        steps.extend(pg.forward_step(pids.loss));
    }
    steps.push(text::chain_rule_step(&pg, &pids));
    steps.extend(pg.backward_steps(&pgrads));
    steps.push(text::simplification_step(
        c,
        pg.value(pids.y_hat),
        pgrad(pids.z),
    ));
    if sheet.given {
        steps.push(text::pytorch_step(
            &sheet,
            &text::Unrounded {
                y_hat: &y_hat,
                loss: &loss,
                dyhat: grad(ids.y_hat),
                dz: grad(ids.z),
                dw: grad(ids.w),
                db: grad(ids.b),
            },
            &tol,
        ));
    }
    steps.push(text::cache_step());
    if let Some((_, label)) = &sign {
        steps.push(text::sign_step(c, label, pgrad(pids.w)));
    }

    let values = Values {
        forward: [g.value(ids.z), &y_hat, g.value(ids.loss)].map(Tensor::data),
        backward: [ids.w, ids.b, ids.z, ids.y_hat].map(|id| grad(id).data()),
    };
    Ok(Solved {
        variant: c.variant().to_string(),
        question: Question::new(Facts::new(c, &sheet, closed.is_some(), sign.is_some()))
            .with_figure(figure(c, None)),
        answers,
        solution: Solution::new(steps).with_figure(figure(c, Some(&values))),
    })
}
