//! `resblock`: a residual block `F_3 = body(F_2) + F_2`, its structure and its backward pass.
//!
//! The body is three ops in `order` (default `conv1, relu, conv2`): Conv1 is a 1x1 convolution,
//! Conv2 a k x k one (k odd, stride 1, padding `dilation (k - 1) / 2` so the size is kept),
//! ReLU as in PyTorch (`relu'(0) = 0`). `G_1`, `G_2` are the outputs of the first two ops and `C`
//! that of the third. Answers: `assignment` (which op is A, B, C), `skip_input`,
//! `conv2_padding`, `G1`, `G2`, `F3`, `dL_dG2`, `dL_dG1`, `dL_dF2` (for the upstream gradient
//! `dL/dF_3`, all ones by default) and `dL_dF2_symbolic`, the chain rule read off the graph:
//! `dL/dF_2 = dL/dF_3 (1 + dC/dG_2 dG_2/dG_1 dG_1/dF_2)`. Everything is rational, so every
//! numeric answer is exact.
//!
//! **Calculator-free rule (`exam`).** Integer entries only: input -3..=3, weights -2..=2
//! (the 1x1 weight non-zero), biases -1..=1, upstream all ones or -1..=2; 2x2 maps (3x3 for the
//! dilated variant), at most 2 channels, kernels 3 (5 in `large-kernel`); every intermediate
//! value and gradient has `|v| <= 30`, so each entry is a short sum of one-digit products (the
//! worked sums leave out zero products); the ReLU blocks at least one entry and passes at
//! least one, so its zero gradient shows. The default variant (`standard`) is the exam's block:
//! one channel, 2x2, 3x3 Conv2. `practice` adds 3x3 maps and 2 channels in the other orders;
//! `hard` adds halves, 7x7 kernels, a batch of 2 and the pre-activation order relu, conv2,
//! conv1. Values stay within 100 there.
//!
//! **Limits.** At most 256 entries per tensor, batch at most 4, channels at most 8, kernel at
//! most 7, dilation at most 3; channel counts must chain (`C -> C_1 -> C`) so the addition works.
//!
//! Few-valued by nature (exempt from the variety rule of [`crate::variety`]): `conv2_padding`,
//! the padding that keeps the size of a k x k convolution ((k - 1) / 2, 1 for the exam's 3x3).
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the
//! identity path forgotten in dL/dF2, the skip left out of F3, the ReLU's mask forgotten, the size-
//! keeping padding without its halving.

mod figure;
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
pub use params::{Checked, Conv, ConvParams, DEFAULT_ORDER, OpName, Params};

/// The `resblock` family.
pub struct Resblock;

impl Family for Resblock {
    type Params = Params;
    const ID: &'static str = "resblock";
    const TITLE: &'static str = "Residual block: structure and backpropagation";
    const VARIANTS: &'static [&'static str] = &[
        "standard",
        "channels",
        "large-kernel",
        "dilated",
        "pre-activation",
        "reordered",
    ];
    const QUESTION_TEMPLATE: &'static str = include_str!("../../../templates/resblock/question.md");
    const FEW_VALUED: &'static [&'static str] = &["conv2_padding"];

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
