//! `conv-output`: the output shape of `torch.nn.Conv2d`, `MaxPool2d`, `AvgPool2d` and
//! `ConvTranspose2d`, the padding that keeps the size, and shapes traced through a chain of layers.
//!
//! Per spatial dimension (H shown; W likewise), exactly as PyTorch computes it:
//! - conv2d, max_pool2d: `H_out = floor((H + 2p - d(k-1) - 1) / s) + 1`; avg_pool2d the same with
//!   d = 1 (it has no dilation). The pools' stride defaults to the kernel size.
//! - `ceil_mode=True` (pools): `ceil(...)` instead of `floor(...)`, then the last window must start
//!   inside the input or the left padding: if `(H_out - 1) s >= H + p`, `H_out -= 1`.
//! - conv_transpose2d: `H_out = (H - 1) s - 2p + d(k-1) + output_padding + 1`.
//! - channels: conv ops give `out_channels`, pools keep C; N is unchanged.
//! - `"find": "padding"` (conv2d, stride 1): `p = d(k-1)/2`, which needs an odd effective kernel
//!   `d(k-1)+1` (PyTorch pads both sides equally).
//!
//! PyTorch's rules, refused with exit code 2: sizes, kernel, stride, dilation at least 1;
//! padding, output padding at least 0; the effective kernel `d(k-1)+1` must fit the padded input
//! `H + 2p` (conv2d, and pools in floor mode; in ceil mode the output must be at least 1);
//! pool padding at most half the kernel (`p <= floor(k/2)`, PyTorch's `pool2d_shape_check`); transposed
//! output padding below `max(s, d)` and the transposed output at least 1. Fields that an op does
//! not have (`out_channels` for pools, `output_padding` but for conv_transpose2d, `ceil_mode`
//! but for pools, `dilation` for avg_pool2d) are refused. All arithmetic is exact ([`Q`]), so
//! no input can overflow.
//!
//! Calculator-free rule (`exam`), checked on every layer of the problem:
//! - the input's H and W are sizes of real networks: 4, 7, 8, 13, 14, 16, 17, 27, 28, 32, 35,
//!   55, 56, 64, 112, 224 or 227;
//! - kernels 1, 2, 3, 5, 7 or 11 (and 4 for conv_transpose2d, as in DCGAN); strides 1, 2 or 4,
//!   except a global pool whose window covers the whole input (numerator 0); dilation 1, 2 or 4;
//!   padding at most 5; output padding at most 1; no `ceil_mode`;
//! - every size in the problem (input and every output) is between 1 and 256, so each division
//!   is a short one by 1, 2 or 4;
//! - a chain has at most 3 layers.
//!
//! `practice` draws less round sizes, non-square inputs and `ceil_mode`; `hard` adds dilation,
//! non-square everything, and in every variant with a division (all but `transposed` and
//! `same-padding`) at least one division that is not exact, so the floor (or ceil) matters.
//!
//! Variety (see [`crate::variety`]): at `exam` `same-padding` has a handful of answers (the
//! padding (k - 1) / 2 of the exam's kernels, or with dilation d (k - 1) / 2), and `avg-pool`
//! about 140 in 200 draws (round sizes, pools of 2 or 3): both are listed as small, and `exam`
//! warns when a class repeats answers. A `chain` at `exam` is one of the presets (first layers
//! of ResNet, AlexNet, VGG, LeNet-5) one time in six, else drawn.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the `+1`
//! of the size formula forgotten (through every layer of a chain), the padding, stride or dilation
//! ignored, floor and ceil swapped for a pool, a transposed convolution computed as a convolution;
//! for the size-keeping padding, d(k-1) without the halving.

mod draw_layer;
mod figure;
mod formula;
mod mistakes;
mod params;
mod plan;
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
pub use params::{Find, Layer, Op, Params};

/// The `conv-output` family.
pub struct ConvOutput;

impl Family for ConvOutput {
    type Params = Params;
    const ID: &'static str = "conv-output";
    const TITLE: &'static str = "Output size of convolution and pooling";
    const VARIANTS: &'static [&'static str] = &[
        "conv",
        "conv-dilated",
        "conv-rect",
        "max-pool",
        "avg-pool",
        "transposed",
        "same-padding",
        "chain",
    ];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/conv_output/question.md");
    const SMALL_VARIANTS: &'static [&'static str] = &["same-padding", "avg-pool"];

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
