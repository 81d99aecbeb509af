//! `batch-norm`: what `nn.BatchNorm1d` (input [N, C]) and `nn.BatchNorm2d` (input
//! [N, C, H, W]) hold and compute (seed exam 2.10): the variables and their shapes, the
//! statistics of a batch, the normalised batch and the output, the running statistics, and the
//! backward pass.
//!
//! Semantics are PyTorch's. Per channel k, over its m = N H W values: mu_k the mean, sigma_k^2
//! the biased variance (divided by m), x_hat = (x - mu_k) / sqrt(sigma_k^2 + eps),
//! y = gamma_k x_hat + beta_k. In training the running statistics move to
//! (1 - momentum) old + momentum new, the variance with the unbiased estimate
//! sigma_k^2 m / (m - 1) (PyTorch's `momentum` is the weight of the new value, default 0.1); in
//! evaluation the running statistics normalise and are not updated. With `upstream` (dL/dy):
//! dL/dbeta_k = sum g, dL/dgamma_k = sum g x_hat, and in training
//! dL/dx = gamma_k / (m sqrt(sigma_k^2 + eps)) (m g - sum g - x_hat sum g x_hat) (in evaluation
//! gamma_k g / sqrt(running_var_k + eps)). gamma, beta, the running mean and the running variance
//! all have shape [C] (`param_shape`). Missing fields take PyTorch's defaults (gamma ones, beta
//! zeros, running mean zeros, running variance ones, eps 1e-5, momentum 0.1, mode train).
//!
//! Limits: rank 2 or 4, at most [`params::MAX_CHANNELS`] channels and 1024 values, numerators and
//! denominators up to 10^15. Refused as PyTorch refuses or divides by zero: one value per channel
//! in training, a negative running variance, momentum outside [0, 1], negative eps, and a zero
//! under a root (a constant channel in training, or a zero running variance in evaluation, with
//! eps = 0).
//!
//! Exactness: everything is rational but sqrt(var + eps). Lists of numbers are written in one
//! format each, exact where short and else rounded to four places, with tolerances from those
//! four places ([`show`]): at `practice` and `hard` (eps > 0, variances that are not squares) most
//! of x_hat, y and the gradients are rounded, and an answer worked at full precision and rounded
//! to four places scores.
//!
//! Calculator-free rule (`exam`): eps = 0, said in the statement; every root is the root of a
//! square (each channel is redrawn until its variance is the square of a rational), and every
//! number of the pass (means, variances, roots, x_hat, y, the unbiased variances, the running
//! statistics, the gradients) is a fraction with denominator at most 100 and size at most 1000
//! (`sample::calculator_free`, checked on 300 seeds per variant in `tests.rs`). Integer inputs
//! within 4 of a centre in [-3, 3]; N = 2 or 4 for [N, C] (with integers an N = 3 variance is never
//! a square), m = 4 or 8 values per channel for [N, C, H, W]; gamma 1/2, 1, 2 or 3, integer beta
//! in [-2, 2]; momentum 0.1, 0.2 or 0.5; in evaluation running variances 1/4, 1, 9/4, 4, 9 or 16;
//! the backward pass on N = 4 (with N = 2 dL/dx is always zero: x_hat = +-1 and every upstream
//! is a + b x_hat) with integer upstream gradients in [-3, 3]. `practice` uses eps = 1e-5 or 0 and
//! one-decimal numbers; `hard` eps up to 0.1, two-decimal numbers, negative gamma, momentum up
//! to 1, and now and then a channel whose spread is of the order of eps.
//!
//! No degenerate instance (`sample::lively`): gamma is never 0, no channel is constant in
//! training, no running variance is 0 in evaluation, no channel has an all-zero upstream or an
//! all-zero dL/dx.
//!
//! Few-valued by nature (exempt from the variety rule of [`crate::variety`]): `variables` (the
//! same four names) and `param_shape` ([C]).
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the other
//! mode's statistics, the running variance updated with the biased variance, the batch variance
//! divided by m - 1, the momentum weighting the old value, dL/dgamma without the x_hat factor.

mod compute;
mod mistakes;
mod params;
mod question;
mod sample;
mod show;
mod solve;
#[cfg(test)]
mod tests;
mod text;

use rand_chacha::ChaCha8Rng;

use super::{Difficulty, Family, Mistaken, Solved};
use crate::error::Result;
use crate::solution::Answer;
pub use params::Params;

/// The `batch-norm` family.
pub struct BatchNorm;

impl Family for BatchNorm {
    type Params = Params;
    const ID: &'static str = "batch-norm";
    const TITLE: &'static str = "Batch normalisation in training and evaluation";
    /// `train-1d` ([N, C]) and `train-2d` ([N, C, H, W]) in training mode, `eval` (running
    /// statistics), `backward` (training, with dL/dy).
    const VARIANTS: &'static [&'static str] = &["train-1d", "train-2d", "eval", "backward"];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/batch_norm/question.md");
    const FEW_VALUED: &'static [&'static str] = &["variables", "param_shape"];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant).0
    }

    /// The sampler runs the pass to check it: that pass is the solution.
    fn sample_solved(
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> (Params, Result<Solved>) {
        let (params, layer, pass) = sample::sample(rng, difficulty, variant);
        (params, Ok(solve::solved(&layer, &pass)))
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(params)
    }

    fn mistakes(params: &Params, answers: &[Answer]) -> Vec<Mistaken> {
        mistakes::all(params, answers)
    }
}
