//! Solving `softmax-ce`: probabilities, loss and gradient as answers, with the worked steps.

use serde_json::Value;

use super::math::compute;
use super::params::{Checked, Params};
use super::question::Facts;
use super::text::{loss_tex, steps};
use crate::error::Result;
use crate::num::{DECIMAL_PLACES, Real};
use crate::problems::Solved;
use crate::problems::format::real_tensor_tex;
use crate::solution::{Answer, Grading, Question, Solution, Tolerance, json_real};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let c = Checked::new(p)?;
    let k = compute(&c);
    let probs_label = if c.activation == super::params::Activation::Sigmoid {
        r"sigmoid outputs $\hat{y}$"
    } else {
        "probabilities $p$"
    };
    let mut answers = vec![tensor_answer(&c, "probs", probs_label, &k.probs)];
    let mut loss = Answer::real(
        "loss",
        "loss $L$",
        &k.loss,
        &Tolerance::half_unit(DECIMAL_PLACES),
    );
    loss.latex = loss_tex(&c, &k);
    answers.push(loss);
    answers.push(tensor_answer(
        &c,
        "dL_dlogits",
        r"$\partial L / \partial z$",
        &k.grad,
    ));
    if let Some(doubled) = &k.doubled {
        answers.push(tensor_answer(
            &c,
            "probs_doubled",
            "probabilities of the doubled logits",
            std::slice::from_ref(doubled),
        ));
    }
    Ok(Solved {
        variant: c.variant().to_string(),
        question: Question::new(Facts::new(&c, k.loss_ratios.iter().all(Option::is_some))),
        solution: Solution {
            steps: steps(&c, &k),
        },
        answers,
    })
}

/// A vector (one example) or matrix (a batch) answer: exact when every entry is, else decimals
/// graded to half a unit of the fourth place.
fn tensor_answer(c: &Checked, id: &str, label: &str, rows: &[Vec<Real>]) -> Answer {
    let cols = c.classes();
    let latex = real_tensor_tex(&rows.concat(), cols);
    let mut answer = if rows.iter().flatten().all(Real::is_exact) {
        let exact: Vec<Vec<_>> = rows
            .iter()
            .map(|r| r.iter().map(|v| v.value().clone()).collect())
            .collect();
        if c.batch {
            Answer::matrix(id, label, &exact)
        } else {
            Answer::vector(id, label, &exact[0], false)
        }
    } else {
        let row = |r: &Vec<Real>| Value::Array(r.iter().map(json_real).collect());
        Answer {
            id: id.into(),
            label: label.into(),
            value: if c.batch {
                Value::Array(rows.iter().map(row).collect())
            } else {
                row(&rows[0])
            },
            exact: None,
            latex: String::new(),
            tolerance: Tolerance::abs(&Tolerance::half_unit(DECIMAL_PLACES)),
            grading: Grading::Auto,
            points: None,
        }
    };
    answer.latex = latex;
    answer
}
