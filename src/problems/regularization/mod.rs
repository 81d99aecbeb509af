//! `regularization`: the value and gradient of a regularizer on given weights, and one
//! gradient-descent step on data loss plus regularizer (seed exam 5.1, 5.2).
//!
//! R(w) = lambda sum r(w_i) with r = w^2 (`l2`, dR/dw = 2 lambda w, weight decay in the step),
//! |w| (`l1`, lambda sign w, 0 at 0 as PyTorch), e^-w (`exp-neg`, -lambda e^-w: it rewards
//! large positive weights) or cosh w - 1 (`cosh`, lambda sinh w: the -1 changes nothing in
//! training). w' = w - lr (dL/dw + dR/dw).
//!
//! Exactness: a weight written `"ln a"` has e^-w = 1/a and cosh w = (a + 1/a)/2, so `exp-neg`
//! and `cosh` stay exact; the stepped weight is then `ln a - c`, written so in the key (its
//! decimal is graded to half a unit of the fourth place).
//!
//! Calculator-free rule (`exam`): 3 or 4 weights; `l2` and `l1` non-zero integers up to 5 in
//! size, `exp-neg` and `cosh` logarithms of 1/4 ... 4 (`cosh` never at 0); lambda and the
//! learning rate small fractions; integer data gradients; every weight moves in the step.
//! `practice` adds decimal weights (answers then to four places), `hard` matrices.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the
//! factor 2 of the L2 gradient forgotten, the L1 sign at 0 taken as +1, lambda forgotten, the
//! regularizer's gradient with the wrong sign in the step, the data gradient forgotten, cosh
//! without its - 1.

mod math;
mod mistakes;
mod params;
mod question;
mod sample;
mod solve;
#[cfg(test)]
mod tests;
mod text;

use rand_chacha::ChaCha8Rng;

use super::{Difficulty, Family, Mistaken, Solved};
use crate::error::Result;
use crate::solution::Answer;
pub use params::Params;

/// The `regularization` family.
pub struct Regularization;

impl Family for Regularization {
    type Params = Params;
    const ID: &'static str = "regularization";
    const TITLE: &'static str = "Regularizers: loss, gradient and one step";
    const VARIANTS: &'static [&'static str] = &["l2", "l1", "exp-neg", "cosh"];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/regularization/question.md");

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant)
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(params)
    }

    fn mistakes(params: &Params, answers: &[Answer]) -> Vec<Mistaken> {
        mistakes::all(params, answers)
    }
}
