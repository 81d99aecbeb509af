//! Solving `regularization`: the regularization loss, its gradient and one gradient step.

use super::math::compute;
use super::params::{Checked, Params};
use super::question::Facts;
use super::text::{real_tex, steps, symbolic_next_tex};
use crate::error::Result;
use crate::num::{DECIMAL_PLACES, Real};
use crate::problems::Solved;
use crate::problems::format::real_tensor_tex;
use crate::solution::{Answer, Question, Solution, Tolerance};

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
        solution: Solution::new(steps(&c, &k)),
        answers,
    })
}

/// A vector or matrix answer in one number format.
fn tensor_answer(c: &Checked, id: &str, label: &str, values: &[Real]) -> Answer {
    let rows: Vec<Vec<Real>> = values.chunks(c.cols).map(<[Real]>::to_vec).collect();
    Answer::reals(id, label, &rows, c.matrix, real_tensor_tex(values, c.cols))
}
