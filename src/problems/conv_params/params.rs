//! The params of `conv-params` (the JSON contract of `solve`) and their check into a [`Layer`].

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::Result;
use crate::num::Q;
use crate::problems::params::{Int, Pair};

/// A stack of small convolutions to compare a large kernel against.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    /// Kernel size of each small convolution (square, odd).
    pub kernel: Int,
    /// How many of them are stacked.
    pub depth: Int,
}

/// Params of `conv-params` (PyTorch `Conv2d` arguments).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The input shape [N, C, H, W]; C is the number of input channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Vec<Int>>,
    /// Input channels (when `input` is not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_channels: Option<Int>,
    /// Output channels = number of filters.
    pub out_channels: Int,
    /// Kernel size.
    pub kernel: Pair,
    /// Whether each filter has a bias.
    #[serde(default = "yes")]
    pub bias: bool,
    /// Groups (`in_channels` for depthwise).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub groups: Int,
    /// Stride (does not change the count; stated as in a real layer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<Pair>,
    /// Padding (does not change the count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Pair>,
    /// Compare against a stack of small convolutions with the same receptive field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_stack: Option<Stack>,
}

fn yes() -> bool {
    true
}
fn one() -> Int {
    Int(1)
}
fn is_one(v: &Int) -> bool {
    v.0 == 1
}

/// The checked sizes of one layer.
pub struct Layer {
    /// The input shape [N, C, H, W], when given.
    pub input: Option<Vec<i64>>,
    /// Input channels.
    pub c_in: i64,
    /// Output channels.
    pub c_out: i64,
    /// Kernel height.
    pub kh: i64,
    /// Kernel width.
    pub kw: i64,
    /// Groups.
    pub groups: i64,
    /// Whether each filter has a bias.
    pub bias: bool,
}

impl Layer {
    /// Checks the params (each refusal names its field).
    pub fn from_params(p: &Params) -> Result<Layer> {
        let input = match &p.input {
            Some(dims) => {
                ensure!(
                    dims.len() == 4,
                    "field `input`: expected a shape [N, C, H, W] of 4 sizes, got {} sizes",
                    dims.len()
                );
                for (name, d) in ["N", "C", "H", "W"].iter().zip(dims) {
                    ensure!(
                        d.0 >= 1,
                        "field `input`: size {name} = {} must be at least 1",
                        d.0
                    );
                }
                Some(dims.iter().map(|d| d.0).collect::<Vec<_>>())
            }
            None => None,
        };
        let c_in = match (&input, p.in_channels) {
            (Some(dims), Some(c)) => {
                ensure!(
                    c.0 == dims[1],
                    "field `in_channels`: {} disagrees with the channel size {} of `input`",
                    c.0,
                    dims[1]
                );
                c.0
            }
            (Some(dims), None) => dims[1],
            (None, Some(c)) => c.0,
            (None, None) => {
                return Err(crate::error::Error::invalid(
                    "params for conv-params: give `in_channels` or `input` [N, C, H, W]",
                ));
            }
        };
        ensure!(c_in >= 1, "field `in_channels`: {c_in} must be at least 1");
        let c_out = p.out_channels.0;
        ensure!(
            c_out >= 1,
            "field `out_channels`: {c_out} must be at least 1"
        );
        let (kh, kw) = (p.kernel.h(), p.kernel.w());
        ensure!(
            kh >= 1 && kw >= 1,
            "field `kernel`: {} must be at least 1",
            p.kernel
        );
        let groups = p.groups.0;
        ensure!(groups >= 1, "field `groups`: {groups} must be at least 1");
        ensure!(
            c_in % groups == 0,
            "field `groups`: {groups} does not divide in_channels = {c_in}"
        );
        ensure!(
            c_out % groups == 0,
            "field `groups`: {groups} does not divide out_channels = {c_out}"
        );
        if let Some(s) = p.stride {
            ensure!(
                s.h() >= 1 && s.w() >= 1,
                "field `stride`: {s} must be at least 1"
            );
        }
        if let Some(pad) = p.padding {
            ensure!(
                pad.h() >= 0 && pad.w() >= 0,
                "field `padding`: {pad} must not be negative"
            );
        }
        Ok(Layer {
            input,
            c_in,
            c_out,
            kh,
            kw,
            groups,
            bias: p.bias,
        })
    }

    /// Weights of one filter: k_h k_w C_in / groups.
    pub fn per_filter(&self) -> Q {
        Q::int(self.kh) * Q::int(self.kw) * Q::int(self.c_in / self.groups)
    }

    /// Weights of the layer.
    pub fn weights(&self) -> Q {
        self.per_filter() * Q::int(self.c_out)
    }

    /// Biases of the layer (0 without bias).
    pub fn biases(&self) -> Q {
        if self.bias {
            Q::int(self.c_out)
        } else {
            Q::zero()
        }
    }
}

/// The variant the params are (see [`super::ConvParams`]'s `VARIANTS`).
pub fn variant_of(p: &Params, layer: &Layer) -> &'static str {
    if p.compare_stack.is_some() {
        "stack"
    } else if layer.groups > 1 && layer.groups == layer.c_in && layer.c_in == layer.c_out {
        "depthwise"
    } else if layer.groups > 1 {
        "grouped"
    } else if layer.kh == 1 && layer.kw == 1 {
        "pointwise"
    } else if layer.c_out == 1 {
        "filter"
    } else if layer.kh >= 7 {
        "large-kernel"
    } else if !layer.bias {
        "no-bias"
    } else {
        "layer"
    }
}

/// Checks the compared stack against the layer: its (kernel, depth).
pub fn check_stack(s: &Stack, layer: &Layer) -> Result<(i64, i64)> {
    let (k, depth) = (s.kernel.0, s.depth.0);
    ensure!(
        k >= 1,
        "field `compare_stack.kernel`: {k} must be at least 1"
    );
    ensure!(
        depth >= 2,
        "field `compare_stack.depth`: {depth} must be at least 2 to be a stack"
    );
    ensure!(
        layer.kh == layer.kw,
        "field `compare_stack`: needs a square `kernel`, got {}x{}",
        layer.kh,
        layer.kw
    );
    ensure!(layer.groups == 1, "field `compare_stack`: needs groups = 1");
    let reach = depth.checked_mul(k - 1).and_then(|r| r.checked_add(1));
    ensure!(
        reach == Some(layer.kh),
        "field `compare_stack`: {depth} stacked {k}x{k} convolutions see {}, not the {}x{} of `kernel` (rule: depth*(k-1)+1 = kernel)",
        reach.map_or(
            "more pixels than fit in a 64-bit integer".to_string(),
            |r| format!("{r}x{r} pixels")
        ),
        layer.kh,
        layer.kh
    );
    Ok((k, depth))
}
