//! `conv-cost`: what one `torch.nn.Conv2d` costs on a given input (output shape, parameters,
//! multiply-accumulates), and what the fully connected `Flatten -> Linear -> Reshape` that
//! reproduces it on this input size costs (seed exam 2.1, 2.4, 5.6).
//!
//! H_out = floor((H + 2p - d(k-1) - 1)/s) + 1; params = C_out (C_in/g) k_h k_w (+ C_out biases);
//! MACs = N C_out H_out W_out (C_in/g) k_h k_w; the Linear maps C H W features to
//! C_out H_out W_out: (C H W)(C_out H_out W_out) weights (+ one bias per output value), and
//! N (C H W)(C_out H_out W_out) MACs. MACs count the whole batch.
//!
//! Calculator-free rule (`exam`): channel counts of 3 or powers of two (at most 256), batch 1 to
//! 8, square inputs and kernels, no groups or dilation, output sides of at most 32, and every
//! answer (the Linear's MACs are the largest) below 10^9: each product is a short
//! multiplication of round numbers. `practice` draws any side from 5 to 64, the channels of real
//! networks and AlexNet's own first layer; `hard` adds non-square inputs and kernels, dilation
//! and groups.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the bias
//! forgotten (or counted where there is none), the padding, stride or groups ignored, the MACs of
//! one image instead of the batch, the Linear without its biases.

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

/// The `conv-cost` family.
pub struct ConvCost;

impl Family for ConvCost {
    type Params = Params;
    const ID: &'static str = "conv-cost";
    const TITLE: &'static str = "Cost of a convolution and of the Linear that replaces it";
    const VARIANTS: &'static [&'static str] = &["layer", "pointwise", "large-kernel"];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/conv_cost/question.md");

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
