//! `bce-backprop`: Linear -> Sigmoid -> BCELoss, forward and backward by the chain rule.
//!
//! `z = XW + b`, `y_hat = sigma(z)`, `L = BCELoss(y_hat, y)` (PyTorch: mean over the batch by
//! default, or sum). Answers: `z`, `y_hat`, `loss`, `dL_dyhat`, `dL_dz`, `dL_dW`, `dL_db`, the
//! text answer `cache`, and `dL_dW_sign` where the sign argument holds (non-negative inputs, one
//! label for the whole batch). Solved on the [`crate::engine`] graph, exactly where the math is
//! rational.
//!
//! **The sheet gives what is not rational.** `z` is always rational; `sigma(z)` is rational only at
//! `z = 0` (`1/2`). Whenever a prediction is irrational, the statement prints every prediction
//! and the loss rounded to `r` places (the one rule [`crate::num::Q::round_to`] on the exact
//! value; `r = 3`, one more for each factor of ten a prediction or its complement falls below
//! 0.1), as the exam prints its forward pass. The tolerances of the answers follow from that
//! rounding (see [`tolerance`]). The loss itself is never rational (`-ln(1/2) = ln 2`); its
//! answer carries the closed form when the predictions are rational. The worked steps go on
//! from the printed predictions, exactly, as a student does (`-1/0.85 = -20/17`,
//! `dL/dz = 0.85 - 1 = -0.15`; numbers written as in [`printed`]), and end with PyTorch's
//! unrounded values, which the answer key holds; the tolerances cover both.
//!
//! **Variants.** `single` (label 1) and `label-0` (label 0) are one example whose prediction is
//! calculator-free: `z` is one of the 19 points of `sample::CALCULATOR_FREE_Z` (0, +-0.2, +-0.4,
//! +-0.62, +-0.85, +-1.1, +-1.39, +-1.73, +-2.2, +-2.94), where `sigma(z)` lies within 0.0015 of
//! 0.5, 0.55, 0.6, ..., 0.95 or 0.05, ..., 0.45; the bias (two decimals) puts `z` there. `rounded`
//! is one example with any other `z` (predictions printed to 3 or more places); `batch` and
//! `batch-sum` are 2 to 4 examples with one bias.
//!
//! **Calculator-free rule (`exam`).** Inputs are small non-negative integers (0..=3, the output
//! of a ReLU), weights integers in -3..=3, the bias in -2..=2, 2 to 5 inputs. Only `single` and
//! `label-0` are offered at `exam`: their prediction is 1/2 (z = 0, exact) or printed with two
//! places (with the loss), so `1/y_hat` and `1/(1 - y_hat)` are short fractions (1/0.75 = 4/3,
//! 1/0.35 = 20/7), `y_hat - y` has two decimals, and no sigmoid, exponential or logarithm is
//! evaluated by hand. `rounded`, `batch` and `batch-sum` need divisions by three- and four-digit
//! decimals (one bias cannot put several examples on calculator-free points): they are
//! practice-only (`Family::PRACTICE_ONLY`; asking for them at `exam` is refused). No batch has
//! `dL/dW = 0` (examples that cancel), at any difficulty.
//!
//! **Few-valued by nature** (exempt from the variety rule of [`crate::variety`]): `cache` and
//! `dL_dW_sign` (text). With 19 calculator-free points, `z`, `y_hat`, the loss, `dL_dyhat`,
//! `dL_dz` and `dL_db` of one example take 19 values each (about 5% of a class per value).
//!
//! **Realistic numbers.** At every difficulty `|z| <= 4.5`, so `0.01 < y_hat < 0.99` (no saturated
//! sigmoid), and at least two weights are non-zero, some of them meeting a non-zero input. `practice` adds halves; `hard` adds quarters and negative inputs (the sign question
//! then disappears). Input for `solve` may saturate up to `|z| <= 25` (beyond that PyTorch's
//! gradient clamp at 1e-12 would act); at most 32 inputs and 16 examples.
//!
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): a sign
//! error in dL/dy_hat carried through, the sigmoid's derivative forgotten, the batch mean forgotten
//! (or taken where the loss sums), the bias left out of z, the loss of the other label, the loss
//! without its minus sign.

mod figure;
mod mistakes;
mod params;
mod printed;
mod question;
mod sample;
mod solve;
#[cfg(test)]
mod tests;
mod text;
pub mod tolerance;

use rand_chacha::ChaCha8Rng;

use super::{Difficulty, Family, Mistaken, Solved};
use crate::error::Result;
use crate::solution::Answer;
pub use params::{Checked, Params, ReductionArg};

/// The `bce-backprop` family.
pub struct BceBackprop;

impl Family for BceBackprop {
    type Params = Params;
    const ID: &'static str = "bce-backprop";
    const TITLE: &'static str = "Backpropagation through Linear, Sigmoid and BCE";
    const VARIANTS: &'static [&'static str] =
        &["single", "label-0", "rounded", "batch", "batch-sum"];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/bce_backprop/question.md");
    const FEW_VALUED: &'static [&'static str] = &["cache", "dL_dW_sign"];
    const PRACTICE_ONLY: &'static [&'static str] = &["rounded", "batch", "batch-sum"];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant)
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(&Checked::new(params)?)
    }

    fn mistakes(params: &Params, answers: &[Answer]) -> Vec<Mistaken> {
        mistakes::all(params, answers)
    }
}
