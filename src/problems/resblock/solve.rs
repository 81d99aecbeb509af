//! Solving `resblock` on the engine's graph: answers, worked steps, question facts.

use serde_json::{Value, json};

use super::figure::{Shapes, figure};
use super::question::Facts;
use super::text;
use super::{Checked, Conv, OpName};
use crate::engine::symbolic::chain_rule;
use crate::engine::tex::tensor;
use crate::engine::{Graph, NodeId};
use crate::error::Result;
use crate::num::{Q, Real};
use crate::problems::Solved;
use crate::solution::{Answer, Grading, Question, Solution, Tolerance, json_number};
use crate::tensor::{ConvSpec, Scalar, Tensor};

/// The nodes of the block.
#[derive(Clone, Copy, Debug)]
pub struct Ids {
    /// The block's input.
    pub f2: NodeId,
    /// Output of the first op.
    pub g1: NodeId,
    /// Output of the second op.
    pub g2: NodeId,
    /// Output of the third op.
    pub c: NodeId,
    /// The block's output.
    pub f3: NodeId,
}

/// A tensor of exact entries.
pub fn exact<S: Scalar>(shape: &[usize], data: &[Q]) -> Tensor<S> {
    Tensor::new(shape.to_vec(), data.iter().map(S::from_q).collect())
}

/// Builds `F_3 = body(F_2) + F_2` over any scalar.
pub fn build<S: Scalar>(c: &Checked) -> (Graph<S>, Ids) {
    let mut g = Graph::new();
    let f2 = g.leaf("F_2", exact(&c.shape, &c.input), true);
    let mut outs = Vec::new();
    let mut prev = f2;
    for (op, symbol) in c.order.iter().zip(["G_1", "G_2", "C"]) {
        prev = match (op, c.conv(*op)) {
            (OpName::Relu, _) | (_, None) => g.relu(symbol, prev),
            (_, Some(conv)) => {
                let index = if *op == OpName::Conv1 { 1 } else { 2 };
                let w = g.leaf(
                    &format!("W_{index}"),
                    exact(&conv.shape, &conv.weight),
                    false,
                );
                let b = g.leaf(
                    &format!("b_{index}"),
                    exact(&[conv.out()], &conv.bias),
                    false,
                );
                g.conv2d(symbol, op.title(), prev, w, b, spec(conv))
            }
        };
        outs.push(prev);
    }
    let f3 = g.add("F_3", outs[2], f2);
    (
        g,
        Ids {
            f2,
            g1: outs[0],
            g2: outs[1],
            c: outs[2],
            f3,
        },
    )
}

/// Stride 1 and the padding that keeps the size.
pub fn spec(conv: &Conv) -> ConvSpec {
    ConvSpec {
        stride: 1,
        padding: conv.padding(),
        dilation: conv.dilation,
    }
}

/// The row-major `values` as nested arrays of `shape`.
fn nested(shape: &[usize], values: Vec<Value>) -> Value {
    fn nest(shape: &[usize], values: &mut impl Iterator<Item = Value>) -> Value {
        match shape.split_first() {
            None => values.next().expect("one value per entry"),
            Some((n, rest)) => Value::Array((0..*n).map(|_| nest(rest, values)).collect()),
        }
    }
    nest(shape, &mut values.into_iter())
}

/// An exact tensor answer: nested arrays `[N][C][H][W]`.
fn tensor_answer(id: &str, label: &str, t: &Tensor<Real>) -> Answer {
    let qs = || t.data().iter().map(Real::value);
    Answer {
        id: id.into(),
        label: label.into(),
        value: nested(t.shape(), qs().map(json_number).collect()),
        exact: Some(nested(
            t.shape(),
            qs().map(|q| Value::String(q.to_string())).collect(),
        )),
        latex: tensor(t).to_string(),
        tolerance: Tolerance::for_exact(qs()),
        grading: Grading::Auto,
        points: None,
        choices: None,
    }
}

/// Solves checked params.
pub fn solve(c: &Checked) -> Result<Solved> {
    let (g, ids) = build::<Real>(c);
    let upstream = exact::<Real>(&c.shape, &c.upstream);
    let grads = g.backward(ids.f3, upstream.clone());
    let grad = |id| grads.get(id).expect("gradient on the path to F2");
    let symbolic = chain_rule(&g, ids.f2, ids.f3);

    let assignment: serde_json::Map<String, Value> = ["A", "B", "C"]
        .iter()
        .zip(c.order)
        .map(|(k, op)| ((*k).to_string(), json!(op.title())))
        .collect();
    let assignment_tex = ["A", "B", "C"]
        .iter()
        .zip(c.order)
        .map(|(k, op)| format!(r"{k} = \text{{{}}}", op.title()))
        .collect::<Vec<_>>()
        .join(r",\; ");
    let answers = vec![
        Answer::text(
            "assignment",
            "A, B, C",
            Value::Object(assignment),
            &assignment_tex,
        ),
        Answer::text(
            "skip_input",
            "input of the skip connection",
            json!("F2"),
            "F_2",
        ),
        Answer::scalar(
            "conv2_padding",
            "padding of Conv2",
            &Q::int(c.conv2.padding() as i64),
        ),
        tensor_answer("G1", "$G_1$", g.value(ids.g1)),
        tensor_answer("G2", "$G_2$", g.value(ids.g2)),
        tensor_answer("F3", "$F_3$", g.value(ids.f3)),
        tensor_answer("dL_dG2", r"$\partial L / \partial G_2$", grad(ids.g2)),
        tensor_answer("dL_dG1", r"$\partial L / \partial G_1$", grad(ids.g1)),
        tensor_answer("dL_dF2", r"$\partial L / \partial F_2$", grad(ids.f2)),
        Answer::text(
            "dL_dF2_symbolic",
            r"$\partial L / \partial F_2$ (symbolic)",
            json!(symbolic),
            &symbolic,
        )
        .graded(Grading::Hand),
    ];

    let mut steps = vec![
        text::structure_step(c),
        text::skip_step(c),
        text::padding_step(c),
    ];
    for id in [ids.g1, ids.g2, ids.c, ids.f3] {
        steps.extend(g.forward_step(id));
    }
    steps.push(text::symbolic_step(c, &symbolic));
    steps.extend(g.backward_steps(&grads));
    steps.push(text::highway_step(&g, &grads, &ids));

    let shapes = Shapes {
        dims: [ids.f2, ids.g1, ids.g2, ids.c, ids.f3].map(|id| g.value(id).shape()),
    };
    Ok(Solved {
        variant: c.variant().to_string(),
        question: Question::new(Facts::new(c, &g, &ids, &upstream))
            .with_figure(figure(c, &shapes, false)),
        answers,
        solution: Solution::new(steps).with_figure(figure(c, &shapes, true)),
    })
}
