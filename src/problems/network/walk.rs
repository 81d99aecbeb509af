//! Checking a network as PyTorch would and computing every layer: its output shape, learnable
//! parameters, buffers and multiply-accumulates. Each refusal names the layer (`layers[2]`,
//! `layers[4].body[1]`) and the problem.

use super::params::{Conv, Layer, Norm, Pool};
use crate::error::{Error, Result};
use crate::num::Q;
use crate::problems::layer_size::{MAX_SIZE, pair_within, transposed, window};
use crate::problems::params::Pair;

/// Most layers in one network, counting those inside residual blocks.
pub const MAX_LAYERS: usize = 256;
/// Most nested residual blocks.
pub const MAX_DEPTH: usize = 4;

/// A checked conv (`conv2d` or `conv_transpose2d`).
#[derive(Clone, Debug)]
pub struct ConvK {
    /// Transposed.
    pub transposed: bool,
    /// Input channels.
    pub c_in: i64,
    /// Output channels.
    pub c_out: i64,
    /// Kernel (h, w).
    pub k: [i64; 2],
    /// Stride.
    pub s: [i64; 2],
    /// Padding.
    pub p: [i64; 2],
    /// Output padding (transposed).
    pub a: [i64; 2],
    /// Dilation.
    pub d: [i64; 2],
    /// Groups.
    pub g: i64,
    /// Bias per filter.
    pub bias: bool,
}

/// A checked pooling window.
#[derive(Clone, Debug)]
pub struct PoolK {
    /// Max (else average) pooling.
    pub max: bool,
    /// Window.
    pub k: [i64; 2],
    /// Stride.
    pub s: [i64; 2],
    /// Padding.
    pub p: [i64; 2],
    /// Dilation.
    pub d: [i64; 2],
    /// Round up.
    pub ceil: bool,
}

/// What a checked layer is, with the numbers its formulas need.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A convolution.
    Conv(ConvK),
    /// A pooling window.
    Pool(PoolK),
    /// Adaptive average pooling to (h, w).
    Adaptive([i64; 2]),
    /// Batch norm over `c` channels (`two_d`: BatchNorm2d).
    Norm {
        /// BatchNorm2d (else 1d).
        two_d: bool,
        /// Channels.
        c: i64,
        /// Learnable gamma and beta.
        affine: bool,
        /// Running mean and variance.
        track: bool,
    },
    /// An activation (`relu`, `sigmoid`, `tanh`).
    Act(&'static str),
    /// Dropout with probability p.
    Dropout(Q),
    /// Flatten from dimension 1.
    Flatten,
    /// A Linear on the last dimension (applied to every vector along it).
    Linear {
        /// Input features.
        in_f: i64,
        /// Output features.
        out_f: i64,
        /// Bias.
        bias: bool,
    },
    /// A residual block.
    Residual {
        /// The main path.
        body: Vec<Node>,
        /// The shortcut (empty: identity).
        shortcut: Vec<Node>,
    },
}

/// One computed layer.
#[derive(Clone, Debug)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// Its input shape.
    pub input: Vec<i64>,
    /// Its output shape.
    pub output: Vec<i64>,
    /// Learnable parameters.
    pub params: Q,
    /// Buffers (batch norm's running mean and variance).
    pub buffers: Q,
    /// Multiply-accumulates of its convs and Linears on the batch.
    pub macs: Q,
}

/// Checks an input shape: [N, C, H, W] or [N, F], every size in 1..=MAX_SIZE.
pub fn check_input(dims: &[i64]) -> Result<Vec<i64>> {
    if dims.len() != 4 && dims.len() != 2 {
        return Err(Error::invalid(format!(
            "field `input`: expected [N, C, H, W] or [N, F], got {} sizes",
            dims.len()
        )));
    }
    for &d in dims {
        if !(1..=MAX_SIZE).contains(&d) {
            return Err(Error::invalid(format!(
                "field `input`: size {d} must be between 1 and {MAX_SIZE}"
            )));
        }
    }
    Ok(dims.to_vec())
}

/// Checks and computes `layers` on `input` (already checked).
pub fn walk(layers: &[Layer], input: &[i64]) -> Result<Vec<Node>> {
    if layers.is_empty() {
        return Err(Error::invalid(
            "field `layers`: a network needs at least 1 layer, got none",
        ));
    }
    let mut count = 0;
    walk_at(layers, input, "layers", 0, &mut count)
}

fn walk_at(
    layers: &[Layer],
    input: &[i64],
    at: &str,
    depth: usize,
    count: &mut usize,
) -> Result<Vec<Node>> {
    let mut shape = input.to_vec();
    let mut nodes = Vec::with_capacity(layers.len());
    for (i, layer) in layers.iter().enumerate() {
        *count += 1;
        if *count > MAX_LAYERS {
            return Err(Error::invalid(format!(
                "field `{at}[{i}]`: more than {MAX_LAYERS} layers in one network (the limit, residual blocks' layers included)"
            )));
        }
        let here = format!("{at}[{i}]");
        let node = layer_node(layer, &shape, &here, depth, count)?;
        shape = node.output.clone();
        nodes.push(node);
    }
    Ok(nodes)
}

fn fail(at: &str, op: &str, what: String) -> Error {
    Error::invalid(format!("field `{at}` ({op}): {what}"))
}

fn shape_text(shape: &[i64]) -> String {
    let dims: Vec<String> = shape.iter().map(i64::to_string).collect();
    format!("[{}]", dims.join(", "))
}

fn prod(dims: &[i64]) -> Q {
    dims.iter().fold(Q::one(), |acc, &v| acc * Q::int(v))
}

/// A pair field in `min..=MAX_SIZE`.
fn pair(
    at: &str,
    op: &str,
    name: &str,
    v: Option<Pair>,
    default: [i64; 2],
    min: i64,
) -> Result<[i64; 2]> {
    let Some(v) = v else {
        return Ok(default);
    };
    pair_within(v, min).ok_or_else(|| {
        fail(
            at,
            op,
            format!("{name} {v} must be between {min} and {MAX_SIZE}"),
        )
    })
}

fn four_d(at: &str, op: &str, shape: &[i64]) -> Result<()> {
    if shape.len() == 4 {
        Ok(())
    } else {
        Err(fail(
            at,
            op,
            format!(
                "expects a 4-D input [N, C, H, W], got {}",
                shape_text(shape)
            ),
        ))
    }
}

fn layer_node(layer: &Layer, x: &[i64], at: &str, depth: usize, count: &mut usize) -> Result<Node> {
    let op = layer.op();
    let zero = Q::zero;
    let node = |kind, output: Vec<i64>, params: Q, buffers: Q, macs: Q| Node {
        kind,
        input: x.to_vec(),
        output,
        params,
        buffers,
        macs,
    };
    Ok(match layer {
        Layer::Conv2d(c) | Layer::ConvTranspose2d(c) => {
            four_d(at, op, x)?;
            let transposed = matches!(layer, Layer::ConvTranspose2d(_));
            let k = conv_check(c, x, at, op, transposed)?;
            let mut out = vec![x[0], k.c_out, 0, 0];
            for i in 0..2 {
                let n = x[2 + i];
                let size = if transposed {
                    transposed_size(n, &k, i)
                } else {
                    window(n, k.k[i], k.s[i], k.p[i], k.d[i])
                };
                let axis = if i == 0 { "height" } else { "width" };
                out[2 + i] = size.filter(|&v| v >= 1).ok_or_else(|| {
                    fail(
                        at,
                        op,
                        format!(
                            "the {axis} {n} gives a non-positive output size (the effective kernel d(k-1)+1 = {} does not fit the padded input)",
                            k.d[i] * (k.k[i] - 1) + 1
                        ),
                    )
                })?;
                if out[2 + i] > MAX_SIZE {
                    return Err(fail(
                        at,
                        op,
                        format!(
                            "the output {axis} {} is over the limit of {MAX_SIZE}",
                            out[2 + i]
                        ),
                    ));
                }
            }
            let per_filter = Q::int(k.c_in / k.g) * Q::int(k.k[0]) * Q::int(k.k[1]);
            let weights = per_filter.clone() * Q::int(k.c_out);
            let params = weights + Q::int(if k.bias { k.c_out } else { 0 });
            // A conv: every output value is one filter of (C_in/g) k_h k_w weights. A transposed
            // conv: every input value is scattered through (C_out/g) k_h k_w weights.
            let macs = if transposed {
                prod(x) * Q::int(k.c_out / k.g) * Q::int(k.k[0]) * Q::int(k.k[1])
            } else {
                prod(&out) * per_filter
            };
            node(Kind::Conv(k), out, params, zero(), macs)
        }
        Layer::MaxPool2d(p) | Layer::AvgPool2d(p) => {
            four_d(at, op, x)?;
            let max = matches!(layer, Layer::MaxPool2d(_));
            let k = pool_check(p, at, op, max)?;
            let mut out = vec![x[0], x[1], 0, 0];
            for i in 0..2 {
                let n = x[2 + i];
                out[2 + i] = pool_size(n, &k, i).ok_or_else(|| {
                    fail(
                        at,
                        op,
                        format!(
                            "the {} {n} gives a non-positive output size (window {} with padding {})",
                            if i == 0 { "height" } else { "width" },
                            k.d[i] * (k.k[i] - 1) + 1,
                            k.p[i]
                        ),
                    )
                })?;
            }
            node(Kind::Pool(k), out, zero(), zero(), zero())
        }
        Layer::AdaptiveAvgPool2d { output_size } => {
            four_d(at, op, x)?;
            let o = pair(at, op, "output_size", Some(*output_size), [1, 1], 1)?;
            node(
                Kind::Adaptive(o),
                vec![x[0], x[1], o[0], o[1]],
                zero(),
                zero(),
                zero(),
            )
        }
        Layer::BatchNorm2d(n) | Layer::BatchNorm1d(n) => {
            let two_d = matches!(layer, Layer::BatchNorm2d(_));
            if two_d {
                four_d(at, op, x)?;
            } else if x.len() != 2 {
                return Err(fail(
                    at,
                    op,
                    format!(
                        "expects a 2-D input [N, C], got {} (flatten first, or use batch_norm2d)",
                        shape_text(x)
                    ),
                ));
            }
            norm_node(n, two_d, x, node)?
        }
        Layer::Relu {} => node(Kind::Act("relu"), x.to_vec(), zero(), zero(), zero()),
        Layer::Sigmoid {} => node(Kind::Act("sigmoid"), x.to_vec(), zero(), zero(), zero()),
        Layer::Tanh {} => node(Kind::Act("tanh"), x.to_vec(), zero(), zero(), zero()),
        Layer::Dropout { p } => {
            let p = p.as_ref().map_or_else(|| Q::frac(1, 2), |n| n.0.clone());
            if p < Q::zero() || p > Q::one() {
                return Err(fail(at, op, format!("p = {p} must be between 0 and 1")));
            }
            node(Kind::Dropout(p), x.to_vec(), zero(), zero(), zero())
        }
        Layer::Flatten {} => {
            let features = x[1..]
                .iter()
                .try_fold(1_i64, |acc, &v| acc.checked_mul(v))
                .ok_or_else(|| fail(at, op, "the flattened size overflows".to_string()))?;
            node(Kind::Flatten, vec![x[0], features], zero(), zero(), zero())
        }
        Layer::Linear { out_features, bias } => {
            let out_f = out_features.0;
            if !(1..=MAX_SIZE).contains(&out_f) {
                return Err(fail(
                    at,
                    op,
                    format!("out_features {out_f} must be between 1 and {MAX_SIZE}"),
                ));
            }
            let in_f = *x.last().expect("shapes have 2 or 4 sizes");
            let rows = prod(&x[..x.len() - 1]);
            let mut out = x.to_vec();
            *out.last_mut().expect("non-empty") = out_f;
            let params = Q::int(in_f) * Q::int(out_f) + Q::int(if *bias { out_f } else { 0 });
            let macs = rows * Q::int(in_f) * Q::int(out_f);
            let kind = Kind::Linear {
                in_f,
                out_f,
                bias: *bias,
            };
            node(kind, out, params, zero(), macs)
        }
        Layer::Residual { body, shortcut } => {
            if depth >= MAX_DEPTH {
                return Err(fail(
                    at,
                    op,
                    format!("residual blocks nest more than {MAX_DEPTH} deep (the limit)"),
                ));
            }
            if body.is_empty() {
                return Err(fail(at, op, "`body` needs at least 1 layer".to_string()));
            }
            let body = walk_at(body, x, &format!("{at}.body"), depth + 1, count)?;
            let shortcut = walk_at(shortcut, x, &format!("{at}.shortcut"), depth + 1, count)?;
            let main = body.last().map_or(x, |n| &n.output[..]).to_vec();
            let side = shortcut.last().map_or(x, |n| &n.output[..]).to_vec();
            if main != side {
                return Err(fail(
                    at,
                    op,
                    format!(
                        "the body gives {} but the shortcut gives {}: they must be equal to be added",
                        shape_text(&main),
                        shape_text(&side)
                    ),
                ));
            }
            let sum = |f: fn(&Node) -> &Q| {
                body.iter()
                    .chain(&shortcut)
                    .fold(Q::zero(), |acc, n| acc + f(n))
            };
            let (params, buffers, macs) =
                (sum(|n| &n.params), sum(|n| &n.buffers), sum(|n| &n.macs));
            node(
                Kind::Residual { body, shortcut },
                main,
                params,
                buffers,
                macs,
            )
        }
    })
}

fn norm_node(
    n: &Norm,
    two_d: bool,
    x: &[i64],
    node: impl Fn(Kind, Vec<i64>, Q, Q, Q) -> Node,
) -> Result<Node> {
    let c = x[1];
    let per = |on: bool| if on { Q::int(c) * Q::int(2) } else { Q::zero() };
    let kind = Kind::Norm {
        two_d,
        c,
        affine: n.affine,
        track: n.track_running_stats,
    };
    Ok(node(
        kind,
        x.to_vec(),
        per(n.affine),
        per(n.track_running_stats),
        Q::zero(),
    ))
}

fn conv_check(c: &Conv, x: &[i64], at: &str, op: &str, transposed: bool) -> Result<ConvK> {
    let c_out = c.out_channels.0;
    if !(1..=MAX_SIZE).contains(&c_out) {
        return Err(fail(
            at,
            op,
            format!("out_channels {c_out} must be between 1 and {MAX_SIZE}"),
        ));
    }
    let k = pair(at, op, "kernel", Some(c.kernel), [1, 1], 1)?;
    let s = pair(at, op, "stride", c.stride, [1, 1], 1)?;
    let p = pair(at, op, "padding", c.padding, [0, 0], 0)?;
    let d = pair(at, op, "dilation", c.dilation, [1, 1], 1)?;
    let a = pair(at, op, "output_padding", c.output_padding, [0, 0], 0)?;
    if !transposed && c.output_padding.is_some() {
        return Err(fail(
            at,
            op,
            "only conv_transpose2d has an output_padding".to_string(),
        ));
    }
    let g = c.groups.map_or(1, |g| g.0);
    if !(1..=MAX_SIZE).contains(&g) {
        return Err(fail(
            at,
            op,
            format!("groups {g} must be between 1 and {MAX_SIZE}"),
        ));
    }
    let c_in = x[1];
    if c_in % g != 0 || c_out % g != 0 {
        return Err(fail(
            at,
            op,
            format!("groups {g} must divide the input channels {c_in} and out_channels {c_out}"),
        ));
    }
    for i in 0..2 {
        if transposed && a[i] >= s[i].max(d[i]) {
            return Err(fail(
                at,
                op,
                format!(
                    "output_padding {} must be smaller than stride {} or dilation {}",
                    a[i], s[i], d[i]
                ),
            ));
        }
    }
    Ok(ConvK {
        transposed,
        c_in,
        c_out,
        k,
        s,
        p,
        a,
        d,
        g,
        bias: c.bias,
    })
}

fn transposed_size(n: i64, k: &ConvK, i: usize) -> Option<i64> {
    transposed(n, k.k[i], k.s[i], k.p[i], k.d[i], k.a[i])
}

fn pool_check(p: &Pool, at: &str, op: &str, max: bool) -> Result<PoolK> {
    if !max && p.dilation.is_some() {
        return Err(fail(at, op, "avg_pool2d has no dilation".to_string()));
    }
    if max && p.count_include_pad.is_some() {
        return Err(fail(
            at,
            op,
            "only avg_pool2d has count_include_pad".to_string(),
        ));
    }
    let k = pair(at, op, "kernel", Some(p.kernel), [1, 1], 1)?;
    let s = pair(at, op, "stride", p.stride, k, 1)?;
    let pad = pair(at, op, "padding", p.padding, [0, 0], 0)?;
    let d = pair(at, op, "dilation", p.dilation, [1, 1], 1)?;
    for i in 0..2 {
        if pad[i] > k[i] / 2 {
            return Err(fail(
                at,
                op,
                format!(
                    "padding {} is more than half the kernel {} (PyTorch pools need padding <= floor(k/2))",
                    pad[i], k[i]
                ),
            ));
        }
    }
    Ok(PoolK {
        max,
        k,
        s,
        p: pad,
        d,
        ceil: p.ceil_mode.unwrap_or(false),
    })
}

/// PyTorch's `pooling_output_shape`: floor (or ceil, dropping a last window that would start in
/// the right padding) of (n + 2p - d(k-1) - 1)/s, plus 1; `None` when below 1.
pub fn pool_size(n: i64, k: &PoolK, i: usize) -> Option<i64> {
    let (kk, s, p, d) = (k.k[i], k.s[i], k.p[i], k.d[i]);
    let numer = n + 2 * p - d * (kk - 1) - 1;
    let mut out = if k.ceil {
        (numer + s - 1).div_euclid(s) + 1
    } else {
        numer.div_euclid(s) + 1
    };
    if k.ceil && (out - 1) * s >= n + p {
        out -= 1;
    }
    (out >= 1).then_some(out)
}
