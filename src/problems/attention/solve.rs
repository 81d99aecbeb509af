//! Solving `attention`: scores, weights and output as answers, with the worked steps.

use serde_json::Value;

use super::math::compute;
use super::params::{Checked, Params};
use super::question::Facts;
use super::text::{real_rows_tex, scores_tex, steps};
use crate::error::Result;
use crate::num::{DECIMAL_PLACES, Real};
use crate::problems::Solved;
use crate::solution::{Answer, Grading, Question, Solution, Tolerance, json_real};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let c = Checked::new(p)?;
    let k = compute(&c);
    let mut scores = matrix_answer("scores", "scores $S$", &k.scores);
    scores.latex = scores_tex(&c, &k);
    let answers = vec![
        scores,
        matrix_answer("weights", "attention weights $A$", &k.weights),
        matrix_answer("output", "output $O$", &k.output),
    ];
    Ok(Solved {
        variant: c.variant().to_string(),
        question: Question::new(Facts::new(&c)),
        solution: Solution {
            steps: steps(&c, &k),
        },
        answers,
    })
}

/// A matrix answer: exact when every entry is, else decimals graded to half a unit of the fourth
/// place.
fn matrix_answer(id: &str, label: &str, rows: &[Vec<Real>]) -> Answer {
    let latex = real_rows_tex(rows);
    let mut answer = if rows.iter().flatten().all(Real::is_exact) {
        let exact: Vec<Vec<_>> = rows
            .iter()
            .map(|r| r.iter().map(|v| v.value().clone()).collect())
            .collect();
        Answer::matrix(id, label, &exact)
    } else {
        Answer {
            id: id.into(),
            label: label.into(),
            value: Value::Array(
                rows.iter()
                    .map(|r| Value::Array(r.iter().map(json_real).collect()))
                    .collect(),
            ),
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
