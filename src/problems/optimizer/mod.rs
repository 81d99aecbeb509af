//! `optimizer`: k steps of Adam (m, v, bias-corrected m_hat, v_hat, theta), AdamW, SGD, SGD
//! with momentum and RMSProp, computed exactly as `torch.optim` does, and why Adam corrects
//! the bias of its averages (the exam's 1.9).
//!
//! Semantics are PyTorch's: Adam adds `weight_decay * theta` to the gradient (L2), AdamW first
//! multiplies theta by `1 - lr * weight_decay`; both divide by `sqrt(v_hat) + eps` (eps outside
//! the root). Momentum's buffer `m_t = mu m_{t-1} + g_t` starts at `g_1` (dampening 0, no
//! Nesterov); RMSProp (not centered, no momentum) keeps `v_t` with decay `beta2` (PyTorch's
//! `alpha`) and divides by `sqrt(v_t) + eps`. Missing hyperparameters take PyTorch's defaults.
//!
//! Limits: 1 to [`config::MAX_STEPS`] steps, 1 to [`config::MAX_PARAMS`] parameters. A step
//! that would divide by zero (all gradients so far zero and `eps = 0`, where PyTorch gives nan)
//! is refused naming the step and the parameter.
//!
//! Calculator-free rule (`exam`): `eps = 0`, said in the statement. Adam and AdamW use
//! beta1 = 1/2 or 3/4 and beta2 = 3/4 or 24/25 (so 1 - beta2 = 1/4 or 1/25 and every 1 - beta^t
//! stays a small fraction; on a quadratic, Adam with beta1 = 1/2 uses beta2 = 15/16); RMSProp
//! beta2 = 3/4, 15/16 or 24/25 (1 - beta2 a perfect square); momentum 1/2 or 9/10; learning rates
//! 1/10, 1/4, 1/2 or 1; integer gradients in [-6, 6] (Adam, AdamW, RMSProp: [-12, 12], where
//! more pairs keep v_hat a square) and starts in [-5, 5];
//! quadratics with a = 1/2, 1 or 2, integer c and a start on a grid of tenths. Sampling redraws,
//! parameter by parameter, until every value of the steps and of every sub-question is exact
//! (so every `v_hat`, and RMSProp's every `v`, is the square of a rational and its root is exact)
//! and is an integer or a fraction with denominator at most 100 and numerator at most 2000 in
//! size. An adaptive method on a quadratic takes 2 steps at `exam`: a search of these grids
//! found no 3-step Adam or RMSProp instance whose roots all stay exact, and only some settings admit
//! 2-step ones (those are the ones sampled). Adam and AdamW take 2 steps at `exam` on given
//! gradients too: v_hat_2 is a square for 11 to 15% of gradient pairs, v_hat_2 and v_hat_3 for
//! under 1% of triples (before theta and the sub-questions are checked), so
//! 3-step Adam made under 2% of exam problems and most of the sampler's work.
//! `tests.rs` checks the rule on 1000 seeds.
//! `practice` uses PyTorch's defaults (0.9, 0.999, eps = 1e-8) with one-decimal numbers, so most
//! values are approximations with tolerances; `hard` adds three parameters of very different
//! gradient scales, zero gradients, beta2 = 0.99, eps = 1e-6, Adam without bias correction and
//! ill-conditioned quadratics.
//!
//! No degenerate instance, at any difficulty (`lively.rs`; tested on 1000 seeds per variant and
//! difficulty): theta changes at every step in every coordinate (so AdamW's decay never exactly
//! cancels its step, and no step has a zero gradient where it would stand still); the gradient
//! used is never zero where the data gradient is not (an L2 term never cancels it); given
//! gradients differ between steps in every coordinate (Adam's second step is then not a copy of
//! its first); no step's gradient is zero in every coordinate; a quadratic never starts at its
//! minimum; and where Adam asks for theta_1 with the other bias correction, the factor
//! (1 - beta1) / sqrt(1 - beta2) is not 1 (at `exam`: beta1 = 3/4 with beta2 = 3/4, or beta1 = 1/2
//! with beta2 = 15/16).
//!
//! Few-valued by nature (exempt from the variety rule of [`crate::variety`]): `m_factor` and
//! `v_factor`, the factors 1 - beta^t, which depend on the betas alone; and `v_hat_1`, `v_hat_2`,
//! ...: at `exam` every v_hat must be the square of a small rational (its root is exact), so a
//! class of 300 draws them from a short list (the most common v_hat_2 reached 31 to 34 students
//! in 3 of 45 simulated classes), while the answers built on them (theta_t) stay varied.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): no bias
//! correction, the weight decay forgotten or applied the other way (Adam's L2 as AdamW's decoupled
//! decay and back), the momentum forgotten, a decay and its complement swapped (beta1, beta2,
//! alpha), the quadratic's gradient without its factor 2.

mod accept;
mod algorithms;
#[cfg(test)]
mod check_f64;
mod config;
mod display;
mod figure;
mod filter;
mod lines;
mod lively;
mod mistakes;
mod params;
mod parts;
mod question;
mod sample;
mod solve;
mod squares;
mod table;
#[cfg(test)]
mod tests;
mod text;

use rand_chacha::ChaCha8Rng;

use super::{Difficulty, Family, Mistaken, Solved};
use crate::error::Result;
use crate::solution::Answer;
pub use params::{Algorithm, Objective, Params, Quadratic};

/// The `optimizer` family.
pub struct Optimizer;

impl Family for Optimizer {
    type Params = Params;
    const ID: &'static str = "optimizer";
    const TITLE: &'static str = "Optimizer steps: Adam, AdamW, SGD, momentum, RMSProp";
    /// The algorithm (`adam-l2` is Adam with weight decay), `-quadratic` when the gradients
    /// come from the objective.
    const VARIANTS: &'static [&'static str] = &[
        "adam",
        "adam-quadratic",
        "adam-l2",
        "adam-l2-quadratic",
        "adamw",
        "adamw-quadratic",
        "sgd",
        "sgd-quadratic",
        "momentum",
        "momentum-quadratic",
        "rmsprop",
        "rmsprop-quadratic",
    ];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/optimizer/question.md");
    const FEW_VALUED: &'static [&'static str] = &["m_factor", "v_factor", "v_hat_*"];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant).0
    }

    /// At `exam` the sampler solves its pick to check every answer: that solution is the one.
    fn sample_solved(
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> (Params, Result<Solved>) {
        let (params, solved) = sample::sample(rng, difficulty, variant);
        let solved = solved.map_or_else(|| Optimizer::solve(&params), Ok);
        (params, solved)
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(params)
    }

    fn mistakes(params: &Params, answers: &[Answer]) -> Vec<Mistaken> {
        mistakes::all(params, answers)
    }
}
