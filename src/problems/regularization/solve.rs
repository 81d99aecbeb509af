//! Solving `regularization`: the regularization loss, its gradient and one gradient step.

use serde_json::Value;

use super::math::compute;
use super::params::{Checked, Params};
use super::question::Facts;
use super::text::{real_tex, steps, symbolic_next_tex};
use crate::error::Result;
use crate::num::{DECIMAL_PLACES, Real};
use crate::problems::Solved;
use crate::problems::format::real_tensor_tex;
use crate::solution::{Answer, Grading, Question, Solution, Tolerance, json_real};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let c = Checked::new(p)?;
    let k = compute(&c);
    let tol = Tolerance::half_unit(DECIMAL_PLACES);
    let mut loss = Answer::real("reg_loss", "regularization loss $R(w)$", &k.loss, &tol);
    loss.latex = real_tex(&k.loss);
    let mut answers = vec![
        loss,
        tensor_answer(&c, "dR_dw", r"$\partial R / \partial w$", &k.grad),
    ];
    if let (Some(next), Some(moves)) = (&k.next, &k.moves) {
        let mut a = tensor_answer(&c, "w_next", "weights after one step $w'$", next);
        if let Some(exact) = symbolic_next_tex(&c, next, moves) {
            a.latex = exact;
        }
        answers.push(a);
    }
    Ok(Solved {
        variant: c.regularizer.name().to_string(),
        question: Question::new(Facts::new(&c)),
        solution: Solution {
            steps: steps(&c, &k),
        },
        answers,
    })
}

/// A vector or matrix answer: exact when every entry is, else decimals graded to half a unit of
/// the fourth place.
fn tensor_answer(c: &Checked, id: &str, label: &str, values: &[Real]) -> Answer {
    let latex = real_tensor_tex(values, c.cols);
    let mut answer = if values.iter().all(Real::is_exact) {
        let exact: Vec<_> = values.iter().map(|v| v.value().clone()).collect();
        if c.matrix {
            let rows: Vec<Vec<_>> = exact.chunks(c.cols).map(<[_]>::to_vec).collect();
            Answer::matrix(id, label, &rows)
        } else {
            Answer::vector(id, label, &exact, false)
        }
    } else {
        let json: Vec<Value> = values.iter().map(json_real).collect();
        Answer {
            id: id.into(),
            label: label.into(),
            value: if c.matrix {
                Value::Array(
                    json.chunks(c.cols)
                        .map(|r| Value::Array(r.to_vec()))
                        .collect(),
                )
            } else {
                Value::Array(json)
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
