//! `conv-output`: output shapes of conv2d, pooling and transposed convolution.

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{Difficulty, Family, Solved};
use crate::error::Result;

/// The `conv-output` family.
pub struct ConvOutput;

/// Params (placeholder).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

impl Family for ConvOutput {
    type Params = Params;
    const ID: &'static str = "conv-output";
    const TITLE: &'static str = "Output size of convolution and pooling";
    const VARIANTS: &'static [&'static str] = &["conv"];
    fn sample(_rng: &mut ChaCha8Rng, _difficulty: Difficulty, _variant: Option<&str>) -> Params {
        Params {}
    }
    fn solve(_params: &Params) -> Result<Solved> {
        Err(crate::Error::invalid("conv-output: not yet"))
    }
}
