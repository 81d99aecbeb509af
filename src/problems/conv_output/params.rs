//! The params of `conv-output` (the JSON contract of `solve`): one layer, the same with
//! `"find": "padding"`, or a chain. `plan.rs` checks and computes them.

use serde::{Deserialize, Serialize};

use crate::problems::params::{Int, Pair};

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
    /// The functional name (`conv2d`).
    pub fn name(self) -> &'static str {
        match self {
            Op::Conv2d => "conv2d",
            Op::MaxPool2d => "max_pool2d",
            Op::AvgPool2d => "avg_pool2d",
            Op::ConvTranspose2d => "conv_transpose2d",
        }
    }

    /// The module (`nn.Conv2d`).
    pub fn module(self) -> &'static str {
        match self {
            Op::Conv2d => "nn.Conv2d",
            Op::MaxPool2d => "nn.MaxPool2d",
            Op::AvgPool2d => "nn.AvgPool2d",
            Op::ConvTranspose2d => "nn.ConvTranspose2d",
        }
    }

    /// The name in words (`max pooling`).
    pub fn words(self) -> &'static str {
        match self {
            Op::Conv2d => "convolution",
            Op::MaxPool2d => "max pooling",
            Op::AvgPool2d => "average pooling",
            Op::ConvTranspose2d => "transposed convolution",
        }
    }

    /// Max or average pooling.
    pub fn is_pool(self) -> bool {
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
    /// Params of one layer (with `find`, its padding is asked).
    pub fn single(input: [i64; 4], layer: Layer, find: Option<Find>) -> Params {
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

    /// Params of a chain of layers.
    pub fn chain(input: [i64; 4], layers: Vec<Layer>) -> Params {
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
