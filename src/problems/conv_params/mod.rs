//! `conv-params`: how many parameters a `torch.nn.Conv2d` layer (or one of its filters) has.
//!
//! weights = C_out * (C_in / groups) * k_h * k_w, biases = C_out (if `bias`), total = both.
//!
//! Calculator-free rule (`exam`): channel counts from the round sizes of real networks
//! (1, 3, 4, 6, 8, 10, ..., 96, 112, 128), square kernels of 1, 3, 5, 7 or 11, and a total of at
//! most 100,000, so every product is a short multiplication by hand. `practice` allows any
//! channel count of real networks (up to 512); `hard` adds non-square kernels and groups.
//!
//! Variety (see [`crate::variety`]): `biases` is few-valued by nature (the output channels, 1
//! or 0). Some variants have one free size only, so fewer than 150 distinct answer sets in 200
//! draws: `filter` (weights = k^2 C_in, one channel count and a kernel), `no-bias` (C_out C_in k^2
//! with no bias to tell transposed sizes apart), `depthwise` (C k^2 and maybe C), `pointwise`
//! (C_out C_in and maybe C_out) and `large-kernel` (a first layer: 1 or 3 input channels, two
//! kernels). Use `layer`, `grouped` or `stack` where every student needs their own numbers;
//! `exam` warns when a class repeats answers.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the bias
//! forgotten (or counted where the layer has none), the groups ignored, the kernel counted along
//! one side only.

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

/// The `conv-params` family.
pub struct ConvParams;

impl Family for ConvParams {
    type Params = Params;
    const ID: &'static str = "conv-params";
    const TITLE: &'static str = "Parameters of a convolutional layer";
    const VARIANTS: &'static [&'static str] = &[
        "layer",
        "filter",
        "no-bias",
        "pointwise",
        "grouped",
        "depthwise",
        "large-kernel",
        "stack",
    ];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/conv_params/question.md");
    const FEW_VALUED: &'static [&'static str] = &["biases"];
    const SMALL_VARIANTS: &'static [&'static str] = &[
        "filter",
        "no-bias",
        "depthwise",
        "pointwise",
        "large-kernel",
    ];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant)
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(params)
    }

    fn mistakes(params: &Params, _answers: &[Answer]) -> Vec<Mistaken> {
        mistakes::all(params)
    }
}
