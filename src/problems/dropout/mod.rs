//! `dropout`: what a dropout layer does to a given input with a given mask, in training and in
//! evaluation, and why inverted dropout divides by 1 - p.
//!
//! Inverted dropout (PyTorch's `nn.Dropout`) in training: y = x ⊙ m / (1 - p), with m the 0/1
//! mask of kept entries; backward dL/dx = dL/dy ⊙ m / (1 - p); over the random masks
//! (each entry kept with probability 1 - p) E[y] = x, which is what the layer passes on
//! unchanged in evaluation. The dropout of the original paper (`"scaling": "test-time"`) only
//! zeros in training, y = x ⊙ m, so E[y] = (1 - p) x, and multiplies by 1 - p in evaluation
//! instead; PyTorch has no switch for it.
//!
//! Calculator-free rule (`exam`): one input vector of 4 to 6 integers, p one of 1/2, 1/4, 3/4,
//! 1/5, 1/3, 2/3, and every answer an integer (the inputs and upstream gradients are multiples
//! of what 1 - p's numerator or denominator requires). `practice` draws a vector or a small
//! batch of one-place decimals and p in tenths and quarters; `hard` a batch with p any tenth or
//! third. At every difficulty the mask keeps at least one entry and drops at least one, and no
//! input or upstream gradient is zero.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): inverted
//! dropout without its 1/(1 - p) (or with it where the paper's scaling is asked), p and 1 - p
//! swapped, the mask forgotten in the backward pass, training's mask applied in evaluation.

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

/// The `dropout` family.
pub struct Dropout;

impl Family for Dropout {
    type Params = Params;
    const ID: &'static str = "dropout";
    const TITLE: &'static str = "Dropout in training and evaluation";
    const VARIANTS: &'static [&'static str] = &["train", "backward", "eval", "test-time-scaling"];
    const QUESTION_TEMPLATE: &'static str = include_str!("../../../templates/dropout/question.md");

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
