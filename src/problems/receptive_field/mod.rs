//! `receptive-field`: how many input pixels one output pixel of a stack of convolutions and
//! poolings sees, and how far apart neighbouring outputs look (seed exam 2.2); and how many small
//! stride-1 convolutions see as far as one large kernel ("three 3x3 layers match one 7x7").
//!
//! From r_0 = 1 and j_0 = 1, each layer (kernel k, dilation d, stride s; pooling windows alike,
//! PyTorch's pooling stride defaulting to the kernel) gives r_l = r_{l-1} + d (k-1) j_{l-1} and
//! j_l = j_{l-1} s. Padding moves the windows, not their size. Per axis; the answers are pairs
//! [height, width] when the axes differ. A match question: n = (K-1)/(k-1) layers; weights
//! K^2 C_in C_out for the single layer and k^2 C_in C_out + (n-1) k^2 C_out^2 for the stack.
//!
//! Calculator-free rule (`exam`): at most 4 layers, square kernels of at most 7, strides of 1 or
//! 2, dilation at most 3 and a receptive field of at most 100 pixels (small sums and doublings);
//! a match has K at most 17 and the channel counts of real networks (1, 3, 4, or multiples of
//! 8 up to 128). `practice` has 3 to 6 layers
//! and strides up to 3; `hard` adds non-square kernels and strides (answers per axis).
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): each
//! layer's growth times the jump after it instead of before, the dilation or every stride ignored,
//! a pooling's stride taken as 1; for a match, one layer too many and every small layer counted
//! with the input channels.

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
pub use params::Params;

/// The `receptive-field` family.
pub struct ReceptiveField;

impl Family for ReceptiveField {
    type Params = Params;
    const ID: &'static str = "receptive-field";
    const TITLE: &'static str = "Receptive field and jump of a stack of layers";
    const VARIANTS: &'static [&'static str] = &["conv", "pooling", "dilation", "match"];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/receptive_field/question.md");
    /// `conv` at `exam` (a short stack of small stride-1 convolutions) gives about 147 distinct
    /// answer sets in 200 draws: its receptive fields are few by nature.
    const SMALL_VARIANTS: &'static [&'static str] = &["conv"];

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
