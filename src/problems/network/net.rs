//! The checked network: its input, its computed top-level layers and the totals.

use super::arch;
use super::params::{Architecture, Params};
use super::walk::{Kind, Node, check_input, walk};
use crate::error::{Error, Result};
use crate::num::Q;

/// A checked and computed network.
#[derive(Clone, Debug)]
pub struct Net {
    /// The built-in network it is, if any.
    pub arch: Option<Architecture>,
    /// The input shape.
    pub input: Vec<i64>,
    /// The top-level layers.
    pub layers: Vec<Node>,
}

impl Net {
    /// Checks the params and computes every layer.
    pub fn from_params(p: &Params) -> Result<Net> {
        let given = p
            .input
            .as_ref()
            .map(|dims| dims.iter().map(|d| d.0).collect::<Vec<i64>>());
        match (&p.architecture, &p.layers) {
            (Some(_), Some(_)) => Err(Error::invalid(
                "field `layers`: give either `architecture` or `layers`, not both",
            )),
            (None, None) => Err(Error::invalid(
                "params for network: give `input` and `layers`, or `architecture` (lenet5, alexnet, vgg11, vgg16, resnet18)",
            )),
            (Some(a), None) => {
                let input = check_input(&given.unwrap_or_else(|| a.default_input().to_vec()))?;
                if input.len() != 4 {
                    return Err(Error::invalid(format!(
                        "field `input`: {} takes images [N, C, H, W], got {} sizes",
                        a.name(),
                        input.len()
                    )));
                }
                let expected = a.default_input();
                if input[1] != expected[1] {
                    return Err(Error::invalid(format!(
                        "field `input`: {} takes {} input channel{}, got C = {}",
                        a.name(),
                        expected[1],
                        if expected[1] == 1 { "" } else { "s" },
                        input[1]
                    )));
                }
                if *a == Architecture::Lenet5 && input[2..] != expected[2..] {
                    return Err(Error::invalid(format!(
                        "field `input`: lenet5 takes 32 x 32 images (its first Linear has 16 * 5 * 5 = 400 inputs), got {} x {}",
                        input[2], input[3]
                    )));
                }
                let layers = walk(&arch::layers(*a), &input).map_err(|e| {
                    Error::invalid(format!(
                        "field `input`: {} cannot take this input: {e}",
                        a.name()
                    ))
                })?;
                Ok(Net {
                    arch: Some(*a),
                    input,
                    layers,
                })
            }
            (None, Some(layers)) => {
                let Some(dims) = given else {
                    return Err(Error::invalid(
                        "field `input`: the shape [N, C, H, W] or [N, F] that enters the first layer is missing",
                    ));
                };
                let input = check_input(&dims)?;
                if layers.len() > crate::limits::MAX_CHAIN_LAYERS {
                    return Err(Error::invalid(format!(
                        "field `layers`: {} layers is more than the limit of {}",
                        layers.len(),
                        crate::limits::MAX_CHAIN_LAYERS
                    )));
                }
                let layers = walk(layers, &input)?;
                Ok(Net {
                    arch: None,
                    input,
                    layers,
                })
            }
        }
    }

    /// The output shape of the network.
    pub fn output(&self) -> &[i64] {
        &self.layers.last().expect("at least one layer").output
    }

    /// Learnable parameters of all layers.
    pub fn params(&self) -> Q {
        self.layers.iter().fold(Q::zero(), |acc, n| acc + &n.params)
    }

    /// Buffers of all layers.
    pub fn buffers(&self) -> Q {
        self.layers
            .iter()
            .fold(Q::zero(), |acc, n| acc + &n.buffers)
    }

    /// Multiply-accumulates of all layers on the batch.
    pub fn macs(&self) -> Q {
        self.layers.iter().fold(Q::zero(), |acc, n| acc + &n.macs)
    }

    /// The index of the first top-level layer with the most of `of`, when some layer has any.
    pub fn largest(&self, of: fn(&Node) -> &Q) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, n) in self.layers.iter().enumerate() {
            if *of(n) > Q::zero() && best.is_none_or(|b| of(n) > of(&self.layers[b])) {
                best = Some(i);
            }
        }
        best
    }
}

/// The first top-level bottleneck block: a residual block whose body's convolutions are 1x1,
/// 3x3, 1x1 without groups or dilation (ResNet-50's block).
#[derive(Clone, Copy, Debug)]
pub struct Bottleneck {
    /// Its index among the top-level layers.
    pub index: usize,
    /// Input channels.
    pub c: i64,
    /// The channels the first 1x1 conv reduces to.
    pub m: i64,
    /// Output channels.
    pub w: i64,
}

impl Bottleneck {
    /// Weights of the three convs: C m + 9 m^2 + m W.
    pub fn weights(&self) -> Q {
        let (c, m, w) = (Q::int(self.c), Q::int(self.m), Q::int(self.w));
        &c * &m + Q::int(9) * &m * &m + &m * &w
    }

    /// Weights of one 3x3 conv from C to W channels: 9 C W.
    pub fn plain(&self) -> Q {
        Q::int(9) * Q::int(self.c) * Q::int(self.w)
    }

    /// What the 1x1 convs save: plain - weights.
    pub fn saving(&self) -> Q {
        self.plain() - self.weights()
    }
}

impl Net {
    /// The first top-level bottleneck block, if any.
    pub fn bottleneck(&self) -> Option<Bottleneck> {
        self.layers.iter().enumerate().find_map(|(index, n)| {
            let Kind::Residual { body, .. } = &n.kind else {
                return None;
            };
            let convs: Vec<_> = body
                .iter()
                .filter_map(|b| match &b.kind {
                    Kind::Conv(c) => Some(c),
                    _ => None,
                })
                .collect();
            let plain = convs
                .iter()
                .all(|c| !c.transposed && c.g == 1 && c.d == [1, 1]);
            let kernels: Vec<[i64; 2]> = convs.iter().map(|c| c.k).collect();
            (plain && kernels == [[1, 1], [3, 3], [1, 1]]).then(|| Bottleneck {
                index,
                c: convs[0].c_in,
                m: convs[0].c_out,
                w: convs[2].c_out,
            })
        })
    }
}

fn any(nodes: &[Node], pred: &dyn Fn(&Kind) -> bool) -> bool {
    nodes.iter().any(|n| {
        pred(&n.kind)
            || match &n.kind {
                Kind::Residual { body, shortcut } => any(body, pred) || any(shortcut, pred),
                _ => false,
            }
    })
}

/// The variant the params are: `architecture` (a built-in network), `residual` (a residual
/// block), `cnn` (image input) or `mlp` (feature vectors).
pub fn variant_of(net: &Net) -> &'static str {
    if net.arch.is_some() {
        "architecture"
    } else if any(&net.layers, &|k| matches!(k, Kind::Residual { .. })) {
        "residual"
    } else if net.input.len() == 4 {
        "cnn"
    } else {
        "mlp"
    }
}
