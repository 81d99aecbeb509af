//! The params of `receptive-field` (the JSON contract of `solve`) and their check.

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::{Error, Result};
use crate::problems::layer_size::{MAX_SIZE, pair_within};
use crate::problems::params::{Int, Pair};

/// The layer kinds whose window widens the receptive field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `nn.Conv2d` (stride 1 by default).
    #[default]
    Conv2d,
    /// `nn.MaxPool2d` (stride = kernel by default).
    MaxPool2d,
    /// `nn.AvgPool2d` (stride = kernel by default, no dilation).
    AvgPool2d,
}

impl Op {
    /// The PyTorch name.
    pub fn name(self) -> &'static str {
        match self {
            Op::Conv2d => "conv2d",
            Op::MaxPool2d => "max_pool2d",
            Op::AvgPool2d => "avg_pool2d",
        }
    }
}

fn is_conv(op: &Op) -> bool {
    *op == Op::Conv2d
}

/// One layer of the stack.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerParams {
    /// The layer kind (default `conv2d`).
    #[serde(default, skip_serializing_if = "is_conv")]
    pub op: Op,
    /// Kernel size.
    pub kernel: Pair,
    /// Stride (default 1 for convs, the kernel for pools, as in PyTorch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<Pair>,
    /// Dilation (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilation: Option<Pair>,
    /// Zero padding (does not change the receptive field's size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Pair>,
}

/// "How many small stride-1 convolutions see as far as one large one", and their weights.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Match {
    /// The large kernel (square, odd).
    pub kernel: Int,
    /// The small kernel (square, odd, default 3).
    #[serde(default = "three")]
    pub small_kernel: Int,
    /// Input channels of the single layer and of the first small one.
    pub in_channels: Int,
    /// Output channels of every layer.
    pub out_channels: Int,
}

fn three() -> Int {
    Int(3)
}

/// Params of `receptive-field`: a stack of `layers`, or a `match` question.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The layers, input side first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<LayerParams>>,
    /// The matching question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#match: Option<Match>,
}

/// A checked layer: per axis (height, width).
#[derive(Clone, Debug)]
pub struct Layer {
    /// Kind.
    pub op: Op,
    /// Kernel.
    pub k: [i64; 2],
    /// Stride.
    pub s: [i64; 2],
    /// Dilation.
    pub d: [i64; 2],
    /// Padding.
    pub p: [i64; 2],
    /// Whether the stride was left to PyTorch's default.
    pub stride_default: bool,
}

/// The checked problem.
pub enum Checked {
    /// A stack of layers.
    Stack(Vec<Layer>),
    /// A match question: (large kernel, small kernel, in channels, out channels).
    Match(i64, i64, i64, i64),
}

fn pair(field: &str, v: Pair, min: i64) -> Result<[i64; 2]> {
    pair_within(v, min).ok_or_else(|| {
        Error::Invalid(format!(
            "field `{field}`: {v} must be between {min} and {MAX_SIZE}"
        ))
    })
}

/// The most layers a stack may have.
pub const MAX_LAYERS: usize = 64;

/// Checks the params (each refusal names its field).
pub fn check(p: &Params) -> Result<Checked> {
    match (&p.layers, &p.r#match) {
        (Some(layers), None) => {
            ensure!(
                !layers.is_empty() && layers.len() <= MAX_LAYERS,
                "field `layers`: {} layers; give between 1 and {MAX_LAYERS}",
                layers.len()
            );
            let mut out = Vec::new();
            for (i, l) in layers.iter().enumerate() {
                let at = |f: &str| format!("layers[{i}].{f}");
                let k = pair(&at("kernel"), l.kernel, 1)?;
                let default_stride = if l.op == Op::Conv2d {
                    Pair::Same(1)
                } else {
                    l.kernel
                };
                let s = pair(&at("stride"), l.stride.unwrap_or(default_stride), 1)?;
                let d = pair(&at("dilation"), l.dilation.unwrap_or(Pair::Same(1)), 1)?;
                let pad = pair(&at("padding"), l.padding.unwrap_or(Pair::Same(0)), 0)?;
                ensure!(
                    !(l.op == Op::AvgPool2d && l.dilation.is_some()),
                    "field `layers[{i}].dilation`: avg_pool2d has no dilation (PyTorch's AvgPool2d takes none)"
                );
                if l.op != Op::Conv2d {
                    for a in 0..2 {
                        let effective = d[a] * (k[a] - 1) + 1;
                        ensure!(
                            2 * pad[a] <= effective,
                            "field `layers[{i}].padding`: {} must be at most half the effective kernel d(k-1)+1 = {effective} (PyTorch's pooling rule)",
                            pad[a]
                        );
                    }
                }
                out.push(Layer {
                    op: l.op,
                    k,
                    s,
                    d,
                    p: pad,
                    stride_default: l.stride.is_none(),
                });
            }
            Ok(Checked::Stack(out))
        }
        (None, Some(m)) => {
            let (big, small) = (m.kernel.0, m.small_kernel.0);
            ensure!(
                (3..=MAX_SIZE).contains(&big) && big % 2 == 1,
                "field `match.kernel`: {big} must be odd and between 3 and {MAX_SIZE}"
            );
            ensure!(
                (3..big).contains(&small) && small % 2 == 1,
                "field `match.small_kernel`: {small} must be odd, at least 3 and below kernel = {big}"
            );
            ensure!(
                (big - 1) % (small - 1) == 0,
                "field `match.small_kernel`: stacked {small}x{small} convolutions grow the receptive field by {} per layer and never reach exactly {big} (rule: k - 1 divides K - 1)",
                small - 1
            );
            for (name, c) in [
                ("in_channels", m.in_channels),
                ("out_channels", m.out_channels),
            ] {
                ensure!(
                    (1..=MAX_SIZE).contains(&c.0),
                    "field `match.{name}`: {} must be between 1 and {MAX_SIZE}",
                    c.0
                );
            }
            Ok(Checked::Match(
                big,
                small,
                m.in_channels.0,
                m.out_channels.0,
            ))
        }
        (Some(_), Some(_)) => Err(Error::invalid(
            "params for receptive-field: give `layers` or `match`, not both",
        )),
        (None, None) => Err(Error::invalid(
            "params for receptive-field: give `layers` (a stack) or `match` (a large kernel to match)",
        )),
    }
}

/// The variant of checked params.
pub fn variant_of(c: &Checked) -> &'static str {
    match c {
        Checked::Match(..) => "match",
        Checked::Stack(layers) => {
            if layers.iter().any(|l| l.op != Op::Conv2d) {
                "pooling"
            } else if layers.iter().any(|l| l.d != [1, 1]) {
                "dilation"
            } else {
                "conv"
            }
        }
    }
}
