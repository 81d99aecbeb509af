//! Solving `attention`: scores, weights and output as answers, with the worked steps.

use super::math::compute;
use super::params::{Checked, Params};
use super::question::Facts;
use super::text::{real_rows_tex, scores_tex, steps};
use crate::error::Result;
use crate::num::Real;
use crate::problems::Solved;
use crate::solution::{Answer, Question, Solution};

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
        solution: Solution::new(steps(&c, &k)),
        answers,
    })
}

/// A matrix answer in one number format.
fn matrix_answer(id: &str, label: &str, rows: &[Vec<Real>]) -> Answer {
    Answer::reals(id, label, rows, true, real_rows_tex(rows))
}
