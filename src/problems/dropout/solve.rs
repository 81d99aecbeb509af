//! Solving `dropout`: the output, the gradient and the expected output, exactly.

use super::params::{Checked, Mode, Params};
use super::question::Facts;
use super::text::{eval_factor, factor, masked, scaled, steps};
use crate::error::Result;
use crate::num::Q;
use crate::problems::Solved;
use crate::problems::format::tensor_tex;
use crate::solution::{Answer, Question, Solution};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let c = Checked::new(p)?;
    let f = factor(&c);
    let through = |values: &[Q]| match &c.mask {
        Some(mask) => scaled(&masked(values, mask), &f),
        None => scaled(values, &f),
    };
    let y = through(&c.x);
    let dl_dx = c.upstream.as_deref().map(through);
    let expected = (c.mode == Mode::Train).then(|| scaled(&c.x, &eval_factor(&c)));

    let mut answers = vec![tensor_answer(&c, "y", "output $y$", &y)];
    if let Some(g) = &dl_dx {
        answers.push(tensor_answer(&c, "dL_dx", r"$\partial L / \partial x$", g));
    }
    if let Some(e) = &expected {
        answers.push(tensor_answer(&c, "expected_y", "expected output $E[y]$", e));
    }
    Ok(Solved {
        variant: c.variant().to_string(),
        question: Question::new(Facts::new(&c)),
        solution: Solution::new(steps(&c, &y, dl_dx.as_deref(), expected.as_deref())),
        answers,
    })
}

/// A vector or matrix answer, written in the tensor's one number format.
fn tensor_answer(c: &Checked, id: &str, label: &str, values: &[Q]) -> Answer {
    let mut answer = if c.batch() {
        let rows: Vec<Vec<Q>> = values.chunks(c.cols()).map(<[Q]>::to_vec).collect();
        Answer::matrix(id, label, &rows)
    } else {
        Answer::vector(id, label, values, false)
    };
    answer.latex = tensor_tex(values, c.cols());
    answer
}
