//! The params of `conv-cost` (the JSON contract of `solve`) and their check into a [`Layer`].

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::Result;
use crate::num::Q;
use crate::problems::layer_size::{MAX_SIZE, window};
use crate::problems::params::{Int, Pair};

/// Params of `conv-cost`: one `torch.nn.Conv2d` on a given input.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The input shape [N, C, H, W].
    pub input: Vec<Int>,
    /// Output channels (number of filters).
    pub out_channels: Int,
    /// Kernel size.
    pub kernel: Pair,
    /// Stride (default 1).
    #[serde(default = "one_pair", skip_serializing_if = "is_one_pair")]
    pub stride: Pair,
    /// Zero padding on each side (default 0).
    #[serde(default = "zero_pair", skip_serializing_if = "is_zero_pair")]
    pub padding: Pair,
    /// Dilation (default 1).
    #[serde(default = "one_pair", skip_serializing_if = "is_one_pair")]
    pub dilation: Pair,
    /// Groups (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub groups: Int,
    /// Whether each filter has a bias (default true).
    #[serde(default = "yes")]
    pub bias: bool,
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
fn one_pair() -> Pair {
    Pair::Same(1)
}
fn is_one_pair(p: &Pair) -> bool {
    *p == Pair::Same(1)
}
fn zero_pair() -> Pair {
    Pair::Same(0)
}
fn is_zero_pair(p: &Pair) -> bool {
    *p == Pair::Same(0)
}

/// The checked layer on its input, with its output size.
#[derive(Clone, Debug)]
pub struct Layer {
    /// Input [N, C, H, W].
    pub input: [i64; 4],
    /// Output channels.
    pub c_out: i64,
    /// Kernel (h, w).
    pub k: [i64; 2],
    /// Stride (h, w).
    pub s: [i64; 2],
    /// Padding (h, w).
    pub p: [i64; 2],
    /// Dilation (h, w).
    pub d: [i64; 2],
    /// Groups.
    pub groups: i64,
    /// Bias per filter.
    pub bias: bool,
    /// Output [N, C_out, H_out, W_out].
    pub output: [i64; 4],
}

fn check_range(field: &str, v: Pair, min: i64) -> Result<[i64; 2]> {
    for x in [v.h(), v.w()] {
        ensure!(
            (min..=MAX_SIZE).contains(&x),
            "field `{field}`: {v} must be between {min} and {MAX_SIZE}"
        );
    }
    Ok([v.h(), v.w()])
}

impl Layer {
    /// Checks the params as PyTorch would (each refusal names its field).
    pub fn from_params(p: &Params) -> Result<Layer> {
        ensure!(
            p.input.len() == 4,
            "field `input`: expected a shape [N, C, H, W] of 4 sizes, got {} sizes",
            p.input.len()
        );
        let mut input = [0; 4];
        for (i, (name, d)) in ["N", "C", "H", "W"].iter().zip(&p.input).enumerate() {
            ensure!(
                (1..=MAX_SIZE).contains(&d.0),
                "field `input`: size {name} = {} must be between 1 and {MAX_SIZE}",
                d.0
            );
            input[i] = d.0;
        }
        let c_out = p.out_channels.0;
        ensure!(
            (1..=MAX_SIZE).contains(&c_out),
            "field `out_channels`: {c_out} must be between 1 and {MAX_SIZE}"
        );
        let k = check_range("kernel", p.kernel, 1)?;
        let s = check_range("stride", p.stride, 1)?;
        let pad = check_range("padding", p.padding, 0)?;
        let d = check_range("dilation", p.dilation, 1)?;
        let groups = p.groups.0;
        ensure!(
            (1..=MAX_SIZE).contains(&groups),
            "field `groups`: {groups} must be between 1 and {MAX_SIZE}"
        );
        ensure!(
            input[1] % groups == 0,
            "field `groups`: {groups} does not divide the input channels C = {}",
            input[1]
        );
        ensure!(
            c_out % groups == 0,
            "field `groups`: {groups} does not divide out_channels = {c_out}"
        );
        let mut output = [input[0], c_out, 0, 0];
        for (axis, name) in [(0, "height"), (1, "width")] {
            let n = input[2 + axis];
            output[2 + axis] = window(n, k[axis], s[axis], pad[axis], d[axis]).ok_or_else(|| {
                crate::error::Error::invalid(format!(
                    "field `kernel`: the effective kernel d(k-1)+1 = {} does not fit the padded {name} {n} + 2*{} (rule: d(k-1)+1 <= H + 2p)",
                    d[axis] * (k[axis] - 1) + 1,
                    pad[axis]
                ))
            })?;
        }
        Ok(Layer {
            input,
            c_out,
            k,
            s,
            p: pad,
            d,
            groups,
            bias: p.bias,
            output,
        })
    }

    /// Weights of one filter: (C_in / groups) k_h k_w; also the MACs of one output value.
    pub fn per_filter(&self) -> Q {
        Q::int(self.input[1] / self.groups) * Q::int(self.k[0]) * Q::int(self.k[1])
    }

    /// Learnable parameters of the conv.
    pub fn params(&self) -> Q {
        let biases = if self.bias { self.c_out } else { 0 };
        self.per_filter() * Q::int(self.c_out) + Q::int(biases)
    }

    /// Output values: N C_out H_out W_out.
    pub fn outputs(&self) -> Q {
        self.output.iter().fold(Q::one(), |acc, &v| acc * Q::int(v))
    }

    /// Multiply-accumulates of the conv on the whole batch.
    pub fn macs(&self) -> Q {
        self.outputs() * self.per_filter()
    }

    /// Input features of the equivalent Linear: C H W.
    pub fn in_features(&self) -> Q {
        self.input[1..]
            .iter()
            .fold(Q::one(), |acc, &v| acc * Q::int(v))
    }

    /// Output features of the equivalent Linear: C_out H_out W_out.
    pub fn out_features(&self) -> Q {
        self.output[1..]
            .iter()
            .fold(Q::one(), |acc, &v| acc * Q::int(v))
    }

    /// Parameters of the Linear that reproduces the conv (a bias per output value when the conv
    /// has biases).
    pub fn linear_params(&self) -> Q {
        let weights = self.in_features() * self.out_features();
        if self.bias {
            weights + self.out_features()
        } else {
            weights
        }
    }

    /// Multiply-accumulates of that Linear on the whole batch.
    pub fn linear_macs(&self) -> Q {
        Q::int(self.input[0]) * self.in_features() * self.out_features()
    }
}

/// The variant the params are (see [`super::ConvCost`]'s `VARIANTS`).
pub fn variant_of(layer: &Layer) -> &'static str {
    if layer.k == [1, 1] {
        "pointwise"
    } else if layer.k[0].max(layer.k[1]) >= 7 {
        "large-kernel"
    } else {
        "layer"
    }
}
