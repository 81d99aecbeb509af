//! `attention`: scaled dot-product attention for one head: scores, weights and output (seed
//! exam 6.4), as PyTorch's `F.scaled_dot_product_attention`.
//!
//! S = s Q K^T with s = 1/sqrt(d) by default; a mask (`"causal"`: query i sees keys 0..=i, or a
//! 0/1 matrix) sets blocked scores to -inf; A = softmax(S) row by row; O = A V.
//!
//! Exactness: with the scale written `"ln a"`, e^(n ln a) = a^n, so for integer dot products
//! every weight and output is a fraction (the scores, n ln a, are written so in the key and
//! graded as decimals to half a unit of the fourth place). PyTorch takes any float `scale`, so
//! this is `scale=math.log(2)` there.
//!
//! Calculator-free rule (`exam`): 2 or 3 queries and keys of 2 or 3 features from {-1, 0, 1},
//! the scale ln 2 (so e^score is a power of 2 between 1/8 and 8), small integer values; no query
//! with equal scores for every key it sees. `scaled` (the default 1/sqrt(d)) needs e^x of
//! arbitrary numbers, so it is practice-only. `practice` adds ln 3 and features up to 2, `hard`
//! four tokens and decimal values.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the
//! softmax skipped (O = S V), the weights transposed (O = A^T V), the mask ignored, the scale left
//! out.

mod math;
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

/// The `attention` family.
pub struct Attention;

impl Family for Attention {
    type Params = Params;
    const ID: &'static str = "attention";
    const TITLE: &'static str = "Scaled dot-product attention";
    const VARIANTS: &'static [&'static str] = &["basic", "causal", "masked", "scaled"];
    const QUESTION_TEMPLATE: &'static str =
        include_str!("../../../templates/attention/question.md");
    /// The default scale 1/sqrt(d) makes every e^score irrational: no exam-grade arithmetic.
    const PRACTICE_ONLY: &'static [&'static str] = &["scaled"];

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
