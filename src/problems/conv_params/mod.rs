//! `conv-params`: how many parameters a `torch.nn.Conv2d` layer (or one of its filters) has.
//!
//! weights = C_out * (C_in / groups) * k_h * k_w, biases = C_out (if `bias`), total = both.
//!
//! Calculator-free rule (`exam`): channel counts from the round sizes of real networks
//! (1, 3, 8, 16, 20, 32, 64, 128), square kernels of 1, 3, 5, 7 or 11, and a total of at most
//! 100,000, so every product is a short multiplication by hand. `practice` allows any channel
//! count of real networks (24, 48, 96, 192, 256...); `hard` adds non-square kernels and groups.

mod params;
mod question;
mod sample;
mod solve;
#[cfg(test)]
mod tests;
mod text;

use rand_chacha::ChaCha8Rng;

use super::{Difficulty, Family, Solved};
use crate::error::Result;
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

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant)
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(params)
    }
}
