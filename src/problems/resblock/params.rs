//! The params of `resblock` (the JSON contract of `solve`), their limits, and their check into
//! [`Checked`].

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::{Error, Result};
use crate::num::Q;
use crate::problems::nested::Nested;
use crate::problems::params::Int;

/// One op of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpName {
    /// The 1x1 convolution.
    Conv1,
    /// The activation.
    Relu,
    /// The k x k convolution.
    Conv2,
}

impl OpName {
    /// The name used in answers (`Conv1`, `ReLU`, `Conv2`).
    pub fn title(self) -> &'static str {
        match self {
            OpName::Conv1 => "Conv1",
            OpName::Relu => "ReLU",
            OpName::Conv2 => "Conv2",
        }
    }
}

/// A convolution's parameters (PyTorch `Conv2d` weight `[out][in][k][k]` and bias `[out]`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConvParams {
    /// The weight `[out][in][k][k]`.
    pub weight: Nested,
    /// The bias `[out]` (default zeros).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bias: Option<Nested>,
    /// The dilation (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilation: Option<Int>,
}

/// Params of `resblock`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `F_2` as `[N][C][H][W]`.
    pub input: Nested,
    /// The 1x1 convolution.
    pub conv1: ConvParams,
    /// The k x k convolution.
    pub conv2: ConvParams,
    /// `dL/dF_3` (default all ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<Nested>,
    /// The body's ops in order (default conv1, relu, conv2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<OpName>>,
}

/// Entries a tensor may have.
pub const MAX_ENTRIES: usize = 256;
/// Largest kernel.
pub const MAX_KERNEL: usize = 7;
/// Largest dilation.
pub const MAX_DILATION: usize = 3;
/// The default body.
pub const DEFAULT_ORDER: [OpName; 3] = [OpName::Conv1, OpName::Relu, OpName::Conv2];

/// A checked convolution.
#[derive(Clone, Debug)]
pub struct Conv {
    /// `[out, in, k, k]`.
    pub shape: [usize; 4],
    /// Weight entries.
    pub weight: Vec<Q>,
    /// Bias entries.
    pub bias: Vec<Q>,
    /// Dilation.
    pub dilation: usize,
}

impl Conv {
    /// Output channels.
    pub fn out(&self) -> usize {
        self.shape[0]
    }
    /// Input channels.
    pub fn input(&self) -> usize {
        self.shape[1]
    }
    /// Kernel size.
    pub fn k(&self) -> usize {
        self.shape[2]
    }
    /// The padding that keeps the size: `dilation (k - 1) / 2`.
    pub fn padding(&self) -> usize {
        self.dilation * (self.k() - 1) / 2
    }

    fn new(p: &ConvParams, name: &str) -> Result<Conv> {
        let shape = match p.weight.shape.as_slice() {
            [o, i, kh, kw] => [*o, *i, *kh, *kw],
            _ => {
                return Err(Error::invalid(format!(
                    "field `{name}.weight`: expected [out][in][k][k], got {}",
                    p.weight.shape_text()
                )));
            }
        };
        ensure!(
            shape[2] == shape[3],
            "field `{name}.weight`: the kernel must be square, got {}x{}",
            shape[2],
            shape[3]
        );
        let k = shape[2];
        if name == "conv1" {
            ensure!(
                k == 1,
                "field `conv1.weight`: Conv1 is the block's 1x1 convolution, got a {k}x{k} kernel"
            );
        }
        ensure!(
            k % 2 == 1,
            "field `{name}.weight`: kernel {k}x{k} is even; only an odd kernel keeps the size with symmetric padding"
        );
        ensure!(
            k <= MAX_KERNEL,
            "field `{name}.weight`: kernel {k}x{k} is larger than the limit of {MAX_KERNEL}"
        );
        ensure!(
            shape[0] <= 8 && shape[1] <= 8,
            "field `{name}.weight`: more than 8 channels ({} -> {})",
            shape[1],
            shape[0]
        );
        let bias = match &p.bias {
            None => vec![Q::zero(); shape[0]],
            Some(b) => {
                ensure!(
                    b.shape == [shape[0]],
                    "field `{name}.bias`: expected {} entries (one per output channel), got {}",
                    shape[0],
                    b.shape_text()
                );
                b.data.clone()
            }
        };
        let dilation = p.dilation.map_or(1, |d| d.0);
        ensure!(
            (1..=MAX_DILATION as i64).contains(&dilation),
            "field `{name}.dilation`: {dilation} must be between 1 and {MAX_DILATION}"
        );
        Ok(Conv {
            shape,
            weight: p.weight.data.clone(),
            bias,
            dilation: dilation as usize,
        })
    }
}

/// Checked params.
#[derive(Clone, Debug)]
pub struct Checked {
    /// `F_2` shape `[N, C, H, W]`.
    pub shape: [usize; 4],
    /// `F_2` entries.
    pub input: Vec<Q>,
    /// Conv1.
    pub conv1: Conv,
    /// Conv2.
    pub conv2: Conv,
    /// `dL/dF_3`.
    pub upstream: Vec<Q>,
    /// The body.
    pub order: [OpName; 3],
    /// Whether the upstream gradient was left at its default (all ones).
    pub default_upstream: bool,
}

impl Checked {
    /// Validates params; every rule names its field.
    pub fn new(p: &Params) -> Result<Checked> {
        let shape = match p.input.shape.as_slice() {
            [n, c, h, w] => [*n, *c, *h, *w],
            _ => {
                return Err(Error::invalid(format!(
                    "field `input`: expected F2 as [N][C][H][W], got {}",
                    p.input.shape_text()
                )));
            }
        };
        ensure!(
            p.input.data.len() <= MAX_ENTRIES,
            "field `input`: {} entries is more than the limit of {MAX_ENTRIES}",
            p.input.data.len()
        );
        ensure!(
            shape[0] <= 4,
            "field `input`: batch {} is more than the limit of 4",
            shape[0]
        );
        let conv1 = Conv::new(&p.conv1, "conv1")?;
        let conv2 = Conv::new(&p.conv2, "conv2")?;
        let order = match &p.order {
            None => DEFAULT_ORDER,
            Some(o) => {
                let all = [OpName::Conv1, OpName::Relu, OpName::Conv2]
                    .iter()
                    .all(|n| o.contains(n));
                ensure!(
                    o.len() == 3 && all,
                    "field `order`: expected each of \"conv1\", \"relu\", \"conv2\" exactly once, got {} ops",
                    o.len()
                );
                [o[0], o[1], o[2]]
            }
        };
        let mut channels = shape[1];
        for op in order {
            let (conv, name) = match op {
                OpName::Relu => continue,
                OpName::Conv1 => (&conv1, "conv1"),
                OpName::Conv2 => (&conv2, "conv2"),
            };
            ensure!(
                conv.input() == channels,
                "field `{name}.weight`: takes {} input channels but receives {channels} in this order (channels must chain C -> C1 -> C)",
                conv.input()
            );
            channels = conv.out();
        }
        ensure!(
            channels == shape[1],
            "fields `conv1`, `conv2`: the body ends with {channels} channels but F2 has {}; the skip addition needs equal shapes",
            shape[1]
        );
        let per_map = shape[0] * shape[2] * shape[3];
        ensure!(
            per_map * conv1.out().max(1) <= MAX_ENTRIES,
            "field `conv1.weight`: G1 would have more than {MAX_ENTRIES} entries"
        );
        let upstream = match &p.upstream {
            None => vec![Q::one(); p.input.data.len()],
            Some(u) => {
                ensure!(
                    u.shape == p.input.shape,
                    "field `upstream`: dL/dF3 must have the shape of F3 {}, got {}",
                    p.input.shape_text(),
                    u.shape_text()
                );
                u.data.clone()
            }
        };
        Ok(Checked {
            shape,
            input: p.input.data.clone(),
            conv1,
            conv2,
            upstream,
            order,
            default_upstream: p.upstream.is_none(),
        })
    }

    /// The variant these params are.
    pub fn variant(&self) -> &'static str {
        if self.order != DEFAULT_ORDER {
            if self.order[0] == OpName::Relu {
                "pre-activation"
            } else {
                "reordered"
            }
        } else if self.conv2.dilation > 1 {
            "dilated"
        } else if self.conv2.k() > 3 {
            "large-kernel"
        } else if self.shape[0] > 1 || self.shape[1] > 1 || self.conv1.out() > 1 {
            "channels"
        } else {
            "standard"
        }
    }

    /// The conv of a named op.
    pub fn conv(&self, op: OpName) -> Option<&Conv> {
        match op {
            OpName::Conv1 => Some(&self.conv1),
            OpName::Conv2 => Some(&self.conv2),
            OpName::Relu => None,
        }
    }
}
