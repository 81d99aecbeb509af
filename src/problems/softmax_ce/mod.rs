//! `softmax-ce`: the softmax of a set of logits, its cross-entropy against a class and the
//! gradient with respect to the logits (seed exam 1.2 and 5.3).
//!
//! p = softmax(z / T), L = -ln p_y (mean or sum over a batch), dL/dz = (p - onehot(y)) / T (and
//! 1/n for the mean), as PyTorch's `F.cross_entropy`. Shifting every logit by c leaves p as it
//! is; doubling them squares every e^z and sharpens p (the `single` variant asks both). The
//! `sigmoid` variant is seed 5.3's mistake: per-class sigmoids and the categorical
//! cross-entropy -sum y_i ln y_hat_i, whose loss only looks at the target's output.
//!
//! Exactness: a logit written `"ln a"` has e^z = a, so the softmax of logarithms is a fraction,
//! sigma(ln a) = a / (1 + a), and the loss is a single logarithm ln(sum / a_y) (its decimal is
//! graded to half a unit of the fourth place, and `ln 8/5` is accepted as typed).
//!
//! Calculator-free rule (`exam`): every logit the logarithm of a small integer (or 0); 3 or 4
//! classes whose a_i add to at most 20, not all equal; a temperature of 2 only over perfect
//! squares and of 1/2 only over a_i up to 4; sigmoid logits ln a with a in {1/3, 1/2, 1, 2, 3, 4,
//! 9} (outputs 1/4 ... 9/10). `practice` and `hard` add plain decimal logits (answers then to
//! four places), more classes and batches up to 4.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the
//! gradient without the one-hot, its sign flipped, the batch mean forgotten, the loss without its
//! minus sign, the loss at the wrong index, the temperature ignored.

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

/// The `softmax-ce` family.
pub struct SoftmaxCe;

impl Family for SoftmaxCe {
    type Params = Params;
    const ID: &'static str = "softmax-ce";
    const TITLE: &'static str = "Softmax and cross-entropy";
    const VARIANTS: &'static [&'static str] = &["single", "batch", "temperature", "sigmoid"];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/softmax_ce/question.md");

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
