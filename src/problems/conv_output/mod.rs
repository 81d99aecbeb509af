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
//! At every difficulty, sampled transposed convolutions crop at most what the kernel adds
//! (`p <= d(k-1)`), and sampled pools keep `p <= k/2`.

mod draw_layer;
mod formula;
mod params;
mod question;
mod sample;
mod steps;
#[cfg(test)]
mod tests;

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::params::{Int, Pair};
use super::sample::pick;
use super::{Difficulty, Family, Solved};
use crate::error::Result;
use crate::num::Q;
use crate::solution::{Answer, Question, Solution, Step};
use params::{Plan, plan};
use question::facts;
use sample::{calculator_free, draw, floor_matters, has_division, practice_ok, sampled_padding_ok};
use steps::{channel_text, shape, shape_tex, solve_find, spatial_text};

/// The `conv-output` family.
pub struct ConvOutput;

/// The layer type (PyTorch's functional names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `nn.Conv2d`.
    #[serde(rename = "conv2d")]
    Conv2d,
    /// `nn.MaxPool2d`.
    #[serde(rename = "max_pool2d")]
    MaxPool2d,
    /// `nn.AvgPool2d`.
    #[serde(rename = "avg_pool2d")]
    AvgPool2d,
    /// `nn.ConvTranspose2d`.
    #[serde(rename = "conv_transpose2d")]
    ConvTranspose2d,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Conv2d => "conv2d",
            Op::MaxPool2d => "max_pool2d",
            Op::AvgPool2d => "avg_pool2d",
            Op::ConvTranspose2d => "conv_transpose2d",
        }
    }

    fn module(self) -> &'static str {
        match self {
            Op::Conv2d => "nn.Conv2d",
            Op::MaxPool2d => "nn.MaxPool2d",
            Op::AvgPool2d => "nn.AvgPool2d",
            Op::ConvTranspose2d => "nn.ConvTranspose2d",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Op::Conv2d => "convolution",
            Op::MaxPool2d => "max pooling",
            Op::AvgPool2d => "average pooling",
            Op::ConvTranspose2d => "transposed convolution",
        }
    }

    fn is_pool(self) -> bool {
        matches!(self, Op::MaxPool2d | Op::AvgPool2d)
    }
}

/// What to find instead of the output shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Find {
    /// The padding that keeps H and W (conv2d, stride 1).
    Padding,
}

/// One layer: an op and its PyTorch arguments (ints or `[h, w]` pairs).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// The op.
    pub op: Op,
    /// Number of filters (conv ops only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_channels: Option<Int>,
    /// Kernel (window) size.
    pub kernel: Pair,
    /// Stride (default 1 for convs, the kernel size for pools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<Pair>,
    /// Zero padding on each side (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Pair>,
    /// Dilation (default 1; not for avg_pool2d).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilation: Option<Pair>,
    /// Extra rows/columns on one side of a transposed conv's output (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_padding: Option<Pair>,
    /// Round up instead of down (pools only; default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceil_mode: Option<bool>,
}

/// Params of `conv-output`: one layer (`op` and its fields beside `input`), the same with
/// `"find": "padding"`, or a chain (`input` and `layers`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The op of a single layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    /// The input shape [N, C, H, W].
    pub input: Vec<Int>,
    /// See [`Layer::out_channels`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_channels: Option<Int>,
    /// See [`Layer::kernel`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel: Option<Pair>,
    /// See [`Layer::stride`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<Pair>,
    /// See [`Layer::padding`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Pair>,
    /// See [`Layer::dilation`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilation: Option<Pair>,
    /// See [`Layer::output_padding`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_padding: Option<Pair>,
    /// See [`Layer::ceil_mode`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceil_mode: Option<bool>,
    /// Find the size-keeping padding instead of the output shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub find: Option<Find>,
    /// A chain of layers applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<Layer>>,
}

impl Params {
    fn single(input: [i64; 4], layer: Layer, find: Option<Find>) -> Params {
        Params {
            op: Some(layer.op),
            input: input.iter().copied().map(Int).collect(),
            out_channels: layer.out_channels,
            kernel: Some(layer.kernel),
            stride: layer.stride,
            padding: layer.padding,
            dilation: layer.dilation,
            output_padding: layer.output_padding,
            ceil_mode: layer.ceil_mode,
            find,
            layers: None,
        }
    }

    fn chain(input: [i64; 4], layers: Vec<Layer>) -> Params {
        Params {
            op: None,
            input: input.iter().copied().map(Int).collect(),
            out_channels: None,
            kernel: None,
            stride: None,
            padding: None,
            dilation: None,
            output_padding: None,
            ceil_mode: None,
            find: None,
            layers: Some(layers),
        }
    }
}

const AXES: [&str; 2] = ["height", "width"];
const LINES: [&str; 2] = ["row", "column"];
const SYM: [&str; 2] = ["H", "W"];

fn variant_of(plan: &Plan) -> &'static str {
    if plan.chain {
        return "chain";
    }
    if plan.find {
        return "same-padding";
    }
    let spec = &plan.applied[0].spec;
    match spec.op {
        Op::MaxPool2d => "max-pool",
        Op::AvgPool2d => "avg-pool",
        Op::ConvTranspose2d => "transposed",
        Op::Conv2d if !spec.is_square() => "conv-rect",
        Op::Conv2d if spec.d[0] > Q::one() => "conv-dilated",
        Op::Conv2d => "conv",
    }
}

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

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        let variant = variant.map_or_else(|| pick(rng, Self::VARIANTS).to_string(), str::to_string);
        loop {
            let p = draw(rng, difficulty, &variant);
            let Ok(plan) = plan(&p) else { continue };
            if variant_of(&plan) != variant {
                continue;
            }
            let ok = sampled_padding_ok(&plan)
                && match difficulty {
                    Difficulty::Exam => calculator_free(&plan),
                    Difficulty::Practice => practice_ok(&plan),
                    Difficulty::Hard => !has_division(&variant) || floor_matters(&plan),
                };
            if ok {
                return p;
            }
        }
    }

    fn solve(p: &Params) -> Result<Solved> {
        let plan = plan(p)?;
        let variant = variant_of(&plan);
        let mut steps = Vec::new();
        let mut answers = Vec::new();
        if plan.find {
            solve_find(&plan.applied[0], &mut steps, &mut answers);
        } else if plan.chain {
            for (i, step) in plan.applied.iter().enumerate() {
                let n = i + 1;
                let mut body = format!("Input: ${}$.\n\n", shape_tex(&step.input));
                body.push_str(&spatial_text(step));
                body.push_str("\n\n");
                body.push_str(&channel_text(step));
                body.push_str(&format!(
                    "\n\nShape after layer {n}: ${}$.",
                    shape_tex(&step.output)
                ));
                steps.push(Step::new(
                    format!("Layer {n}: {}", step.spec.op.words()),
                    body,
                ));
                answers.push(Answer::shape(
                    &format!("shape_{n}"),
                    &format!("shape after layer {n}"),
                    &shape(&step.output),
                ));
            }
            let last = plan
                .applied
                .last()
                .map_or_else(|| plan.input.clone(), |a| a.output.clone());
            steps.push(Step::new(
                "Output shape",
                format!(
                    "After all {} layers: $$[N \\times C \\times H \\times W] = {}$$",
                    plan.applied.len(),
                    shape_tex(&last)
                ),
            ));
            answers.push(Answer::shape("output_shape", "output shape", &shape(&last)));
        } else {
            let step = &plan.applied[0];
            let title = if step.square() {
                "Height and width".to_string()
            } else {
                "Height and width, one at a time".to_string()
            };
            steps.push(Step::new(title, spatial_text(step)));
            steps.push(Step::new("Channels and batch", channel_text(step)));
            steps.push(Step::new(
                "Output shape",
                format!(
                    "$$[N \\times C \\times H_{{out}} \\times W_{{out}}] = {}$$",
                    shape_tex(&step.output)
                ),
            ));
            answers.push(Answer::shape(
                "output_shape",
                "output shape",
                &shape(&step.output),
            ));
        }
        let facts = facts(&plan);
        Ok(Solved {
            variant: variant.to_string(),
            question: Question::new(facts),
            answers,
            solution: Solution { steps },
        })
    }
}
