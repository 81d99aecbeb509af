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
//! answer carries the closed form when the predictions are rational.
//!
//! **Calculator-free rule (`exam`).** Inputs are small non-negative integers (0..=3, the output
//! of a ReLU), weights integers in -3..=3, the bias an integer in -2..=2, 2 to 5 inputs and
//! batches of 2 to 4. Every `z` is an integer: `z = 0` in `single` and `label-0` (so
//! `y_hat = 1/2` and everything is a short fraction), `|z| <= 2` in `rounded` and `|z| <= 1` in
//! batches; whenever `z != 0` the predictions and the loss are printed on the sheet, so no
//! sigmoid, exponential or logarithm is ever evaluated by hand and the rest is short arithmetic.
//! Exact answers have denominators dividing `2n`.
//!
//! **Realistic numbers.** At every difficulty `|z| <= 4.5`, so `0.01 < y_hat < 0.99` (no saturated
//! sigmoid), and at least two weights are non-zero, some of them meeting a non-zero input. `practice` adds halves; `hard` adds quarters and negative inputs (the sign question
//! then disappears). Input for `solve` may saturate up to `|z| <= 25` (beyond that PyTorch's
//! gradient clamp at 1e-12 would act); at most 32 inputs and 16 examples.
//!
//! **Variety, not yet reached.** At `exam`, `single` and `label-0` keep `z = 0`, so `y_hat`, the
//! loss, `dL_dyhat`, `dL_dz` and `dL_db` are the same for every student and only `dL_dW` varies
//! (about 135 distinct answer sets in 200 draws: listed as small variants). A calculator-free
//! `z != 0` (a sigmoid value the statement gives at a coarse rounding, or `sigma(ln 3) = 3/4`) is
//! open work.
//! `cache` and `dL_dW_sign` are text (exempt from the variety rule of [`crate::variety`]).

mod params;
mod question;
mod sample;
mod solve;
#[cfg(test)]
mod tests;
mod text;
pub mod tolerance;

use rand_chacha::ChaCha8Rng;

use super::{Difficulty, Family, Solved};
use crate::error::Result;
pub use params::{Checked, Params, ReductionArg};

/// The `bce-backprop` family.
pub struct BceBackprop;

impl Family for BceBackprop {
    type Params = Params;
    const ID: &'static str = "bce-backprop";
    const TITLE: &'static str = "Backpropagation through Linear, Sigmoid and BCE";
    const VARIANTS: &'static [&'static str] =
        &["single", "label-0", "rounded", "batch", "batch-sum"];
    const FEW_VALUED: &'static [&'static str] = &["cache", "dL_dW_sign"];
    const SMALL_VARIANTS: &'static [&'static str] = &["single", "label-0"];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant)
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(&Checked::new(params)?)
    }
}
