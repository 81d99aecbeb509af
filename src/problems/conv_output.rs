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

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::params::{Int, Pair};
use super::sample::{chance, int, pick};
use super::{Difficulty, Family, Solved};
use crate::ensure;
use crate::error::{Error, Result};
use crate::num::{Q, Shape, tex_num};
use crate::solution::{Answer, Question, Solution, Step};

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

/// A layer whose arguments passed PyTorch's checks that do not depend on the input size.
#[derive(Clone, Debug)]
struct Spec {
    op: Op,
    c_out: Option<Q>,
    k: [Q; 2],
    s: [Q; 2],
    p: [Q; 2],
    d: [Q; 2],
    a: [Q; 2],
    ceil: bool,
    stride_default: bool,
}

impl Spec {
    fn effective(&self, i: usize) -> Q {
        &(&self.d[i] * &(&self.k[i] - &Q::one())) + &Q::one()
    }

    fn is_square(&self) -> bool {
        [&self.k, &self.s, &self.p, &self.d, &self.a]
            .iter()
            .all(|v| v[0] == v[1])
    }
}

/// How one spatial dimension came out.
#[derive(Clone, Debug)]
enum DimCalc {
    /// conv2d and pools: `numer = H + 2p - d(k-1) - 1`, `quotient = numer / s`,
    /// `rounded` its floor (or ceil), `dropped` when ceil mode's last window was removed.
    Window {
        numer: Q,
        quotient: Q,
        rounded: Q,
        dropped: bool,
    },
    /// conv_transpose2d.
    Transposed,
}

/// One layer applied to its input.
#[derive(Clone, Debug)]
struct Applied {
    spec: Spec,
    input: [Q; 4],
    dims: [DimCalc; 2],
    output: [Q; 4],
}

impl Applied {
    fn square(&self) -> bool {
        self.input[2] == self.input[3] && self.spec.is_square()
    }
}

/// The checked and computed problem.
struct Plan {
    input: [Q; 4],
    chain: bool,
    find: bool,
    layers: Vec<Layer>,
    applied: Vec<Applied>,
}

/// " (height)" or " (width)" for error messages, or nothing when both agree.
fn axis_note(square: bool, i: usize) -> String {
    if square {
        String::new()
    } else {
        format!(" ({})", AXES[i])
    }
}

fn fld(at: &str, name: &str) -> String {
    format!("field `{at}{name}`")
}

fn pair_q(p: Pair) -> [Q; 2] {
    [Q::int(p.h()), Q::int(p.w())]
}

fn check_input(dims: &[Int]) -> Result<[Q; 4]> {
    ensure!(
        dims.len() == 4,
        "field `input`: expected a shape [N, C, H, W] of 4 sizes, got {} size{}",
        dims.len(),
        if dims.len() == 1 { "" } else { "s" }
    );
    for (name, d) in ["N", "C", "H", "W"].iter().zip(dims) {
        ensure!(
            d.0 >= 1,
            "field `input`: size {name} = {} must be at least 1",
            d.0
        );
    }
    Ok([
        Q::int(dims[0].0),
        Q::int(dims[1].0),
        Q::int(dims[2].0),
        Q::int(dims[3].0),
    ])
}

/// PyTorch's checks of a layer's own arguments.
fn check_layer(layer: &Layer, at: &str) -> Result<Spec> {
    let op = layer.op;
    let name = op.name();
    if op.is_pool() {
        if let Some(c) = layer.out_channels {
            return Err(Error::invalid(format!(
                "{}: {name} keeps the channels of its input and takes no out_channels (got {})",
                fld(at, "out_channels"),
                c.0
            )));
        }
    }
    if let (false, Some(a)) = (op == Op::ConvTranspose2d, layer.output_padding) {
        return Err(Error::invalid(format!(
            "{}: only conv_transpose2d has an output padding, not {name} (got {a})",
            fld(at, "output_padding")
        )));
    }
    if let (false, Some(c)) = (op.is_pool(), layer.ceil_mode) {
        return Err(Error::invalid(format!(
            "{}: only max_pool2d and avg_pool2d have ceil_mode, not {name} (got {c})",
            fld(at, "ceil_mode")
        )));
    }
    if let (Op::AvgPool2d, Some(d)) = (op, layer.dilation) {
        return Err(Error::invalid(format!(
            "{}: avg_pool2d has no dilation (nn.AvgPool2d takes none; got {d})",
            fld(at, "dilation")
        )));
    }
    let c_out = if op.is_pool() {
        None
    } else {
        let Some(c) = layer.out_channels else {
            return Err(Error::invalid(format!(
                "{}: {name} needs out_channels (its number of filters)",
                fld(at, "out_channels")
            )));
        };
        ensure!(
            c.0 >= 1,
            "{}: {} must be at least 1",
            fld(at, "out_channels"),
            c.0
        );
        Some(Q::int(c.0))
    };
    let k = layer.kernel;
    ensure!(
        k.h() >= 1 && k.w() >= 1,
        "{}: {k} must be at least 1",
        fld(at, "kernel")
    );
    if let Some(s) = layer.stride {
        ensure!(
            s.h() >= 1 && s.w() >= 1,
            "{}: {s} must be at least 1",
            fld(at, "stride")
        );
    }
    if let Some(p) = layer.padding {
        ensure!(
            p.h() >= 0 && p.w() >= 0,
            "{}: {p} must not be negative",
            fld(at, "padding")
        );
    }
    if let Some(d) = layer.dilation {
        ensure!(
            d.h() >= 1 && d.w() >= 1,
            "{}: {d} must be at least 1",
            fld(at, "dilation")
        );
    }
    if let Some(a) = layer.output_padding {
        ensure!(
            a.h() >= 0 && a.w() >= 0,
            "{}: {a} must not be negative",
            fld(at, "output_padding")
        );
    }
    let stride_default = layer.stride.is_none();
    let s = match layer.stride {
        Some(s) => pair_q(s),
        None if op.is_pool() => pair_q(k),
        None => [Q::one(), Q::one()],
    };
    let spec = Spec {
        op,
        c_out,
        k: pair_q(k),
        s,
        p: layer.padding.map_or([Q::zero(), Q::zero()], pair_q),
        d: layer.dilation.map_or([Q::one(), Q::one()], pair_q),
        a: layer.output_padding.map_or([Q::zero(), Q::zero()], pair_q),
        ceil: layer.ceil_mode.unwrap_or(false),
        stride_default,
    };
    let square = spec.is_square();
    for i in 0..2 {
        let axis = axis_note(square, i);
        if op.is_pool() {
            // PyTorch checks both p <= k/2 (pool2d_shape_check) and p <= (d(k-1)+1)/2
            // (pooling_output_shape); with d >= 1 the first is the binding one.
            let half = (&spec.k[i] / &Q::int(2)).floor();
            ensure!(
                spec.p[i] <= half,
                "{}: {}{axis} is more than half the kernel {}; PyTorch pools need padding <= floor(k/2) = {half}",
                fld(at, "padding"),
                spec.p[i],
                spec.k[i]
            );
        }
        if op == Op::ConvTranspose2d {
            let limit = spec.s[i].clone().max(spec.d[i].clone());
            ensure!(
                spec.a[i] < limit,
                "{}: {}{axis} must be smaller than max(stride, dilation) = {limit}",
                fld(at, "output_padding"),
                spec.a[i]
            );
        }
    }
    Ok(spec)
}

/// Applies a checked layer to an input shape; refuses what PyTorch refuses for that size.
fn apply(spec: &Spec, input: &[Q; 4], at: &str) -> Result<Applied> {
    let square = spec.is_square() && input[2] == input[3];
    let (h_dim, h_out) = apply_dim(spec, 0, &input[2], at, square)?;
    let (w_dim, w_out) = apply_dim(spec, 1, &input[3], at, square)?;
    let c = spec.c_out.clone().unwrap_or_else(|| input[1].clone());
    Ok(Applied {
        spec: spec.clone(),
        input: input.clone(),
        dims: [h_dim, w_dim],
        output: [input[0].clone(), c, h_out, w_out],
    })
}

/// One spatial dimension (`i` = 0 for the height, 1 for the width) of [`apply`].
fn apply_dim(spec: &Spec, i: usize, size: &Q, at: &str, square: bool) -> Result<(DimCalc, Q)> {
    let axis = axis_note(square, i);
    let (k, s, p, d, a) = (&spec.k[i], &spec.s[i], &spec.p[i], &spec.d[i], &spec.a[i]);
    let one = Q::one();
    let two_p = &Q::int(2) * p;
    if spec.op == Op::ConvTranspose2d {
        let o = &(&(&(&(&(size - &one) * s) - &two_p) + &(d * &(k - &one))) + a) + &one;
        ensure!(
            o >= one,
            "{}: {p} crops the transposed output to {o}{axis}; the output size must be at least 1 (rule: (H-1)s - 2p + d(k-1) + output_padding + 1 >= 1)",
            fld(at, "padding")
        );
        return Ok((DimCalc::Transposed, o));
    }
    let eff = spec.effective(i);
    let padded = size + &two_p;
    if !spec.ceil {
        ensure!(
            eff <= padded,
            "{}: the effective kernel d(k-1)+1 = {eff}{axis} is larger than the padded input H + 2p = {size} + 2*{p} = {padded}; {} needs it to fit",
            fld(at, "kernel"),
            spec.op.name()
        );
    }
    let numer = &padded - &eff;
    let Some(quotient) = numer.checked_div(s) else {
        return Err(Error::invalid(format!(
            "{}: must be at least 1",
            fld(at, "stride")
        )));
    };
    let rounded = if spec.ceil {
        quotient.ceil()
    } else {
        quotient.floor()
    };
    let mut o = &rounded + &one;
    let mut dropped = false;
    if spec.ceil && &(&o - &one) * s >= size + p {
        o = &o - &one;
        dropped = true;
    }
    ensure!(
        o >= one,
        "{}: the effective window d(k-1)+1 = {eff}{axis} does not fit the padded input {size} + 2*{p} = {padded} even in ceil mode (output size {o}, must be at least 1)",
        fld(at, "kernel")
    );
    Ok((
        DimCalc::Window {
            numer,
            quotient,
            rounded,
            dropped,
        },
        o,
    ))
}

/// Checks the params and computes every layer.
fn plan(p: &Params) -> Result<Plan> {
    let input = check_input(&p.input)?;
    let single_fields: [(&str, bool); 8] = [
        ("op", p.op.is_some()),
        ("out_channels", p.out_channels.is_some()),
        ("kernel", p.kernel.is_some()),
        ("stride", p.stride.is_some()),
        ("padding", p.padding.is_some()),
        ("dilation", p.dilation.is_some()),
        ("output_padding", p.output_padding.is_some()),
        ("ceil_mode", p.ceil_mode.is_some()),
    ];
    if let Some(layers) = &p.layers {
        if let Some((name, _)) = single_fields.iter().find(|(_, given)| *given) {
            return Err(Error::invalid(format!(
                "field `{name}`: a chain gives each layer's fields inside `layers`, not beside them"
            )));
        }
        ensure!(
            p.find.is_none(),
            "field `find`: finding the padding works on one conv2d, not on a chain of `layers`"
        );
        ensure!(
            !layers.is_empty(),
            "field `layers`: a chain needs at least 1 layer, got none"
        );
        let mut shape = input.clone();
        let mut applied = Vec::with_capacity(layers.len());
        for (i, layer) in layers.iter().enumerate() {
            let at = format!("layers[{i}].");
            let spec = check_layer(layer, &at)?;
            let step = apply(&spec, &shape, &at)?;
            shape = step.output.clone();
            applied.push(step);
        }
        return Ok(Plan {
            input,
            chain: true,
            find: false,
            layers: layers.clone(),
            applied,
        });
    }
    let Some(op) = p.op else {
        return Err(Error::invalid(
            "params for conv-output: give `op` (conv2d, max_pool2d, avg_pool2d or conv_transpose2d) with its fields, or a chain of `layers`",
        ));
    };
    let Some(kernel) = p.kernel else {
        return Err(Error::invalid(format!(
            "field `kernel`: {} needs a kernel size",
            op.name()
        )));
    };
    let layer = Layer {
        op,
        out_channels: p.out_channels,
        kernel,
        stride: p.stride,
        padding: p.padding,
        dilation: p.dilation,
        output_padding: p.output_padding,
        ceil_mode: p.ceil_mode,
    };
    let find = p.find.is_some();
    if find {
        ensure!(
            op == Op::Conv2d,
            "field `find`: finding the size-keeping padding is for op conv2d, not {}",
            op.name()
        );
        if let Some(pad) = p.padding {
            return Err(Error::invalid(format!(
                "field `padding`: it is what `find` asks for, so leave it out (got {pad})"
            )));
        }
        if let Some(s) = p.stride {
            ensure!(
                s.h() == 1 && s.w() == 1,
                "field `stride`: {s} cannot keep the size; `find` needs stride 1"
            );
        }
        // The other fields are checked as usual; the padding is then the one that keeps the size.
        let mut spec = check_layer(&layer, "")?;
        for i in 0..2 {
            let span = &spec.effective(i) - &Q::one();
            let half = &span / &Q::int(2);
            ensure!(
                half.is_integer(),
                "field `kernel`: the effective kernel d(k-1)+1 = {}*({}-1)+1 = {}{} is even, so no padding keeps the size (it would need p = {span}/2 on each side); PyTorch pads both sides equally, so use an odd effective kernel",
                spec.d[i],
                spec.k[i],
                spec.effective(i),
                axis_note(spec.is_square(), i)
            );
            spec.p[i] = half;
        }
        let applied = apply(&spec, &input, "")?;
        return Ok(Plan {
            input,
            chain: false,
            find,
            layers: vec![layer],
            applied: vec![applied],
        });
    }
    let spec = check_layer(&layer, "")?;
    let applied = apply(&spec, &input, "")?;
    Ok(Plan {
        input,
        chain: false,
        find,
        layers: vec![layer],
        applied: vec![applied],
    })
}

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

// ---------------------------------------------------------------------------------------------
// Worked steps

fn shape(dims: &[Q; 4]) -> Shape {
    Shape(dims.to_vec())
}

fn shape_tex(dims: &[Q; 4]) -> String {
    shape(dims).tex()
}

/// The exact value of a fraction: an integer, a short decimal, or a mixed number.
fn value_tex(q: &Q) -> String {
    if q.is_integer() {
        return q.to_string();
    }
    if let Some(decimal) = q.to_exact_decimal(6) {
        return decimal;
    }
    let sign = if q.is_negative() { "-" } else { "" };
    let magnitude = q.abs();
    let whole = magnitude.floor();
    let part = &magnitude - &whole;
    let whole_text = if whole.is_zero() {
        String::new()
    } else {
        whole.to_string()
    };
    format!(
        "{sign}{whole_text}\\tfrac{{{}}}{{{}}}",
        part.numer(),
        part.denom()
    )
}

fn count_lines(n: &Q, i: usize) -> String {
    if *n == Q::one() {
        format!("1 {}", LINES[i])
    } else {
        format!("{n} {}s", LINES[i])
    }
}

/// The height/width computation of one layer, as a TA writes it.
fn spatial_text(step: &Applied) -> String {
    let spec = &step.spec;
    let mut parts = Vec::new();
    if spec.op.is_pool() && spec.stride_default {
        let s = &spec.s;
        let stride = if s[0] == s[1] {
            format!("s = k = {}", s[0])
        } else {
            format!("s = k = ({}, {})", s[0], s[1])
        };
        parts.push(format!(
            "No stride is given, and `{}` then uses its window size as the stride: ${stride}$, so the windows do not overlap.",
            spec.op.module()
        ));
    }
    if spec.op == Op::ConvTranspose2d {
        parts.push(
            "A transposed convolution runs the size rule of a convolution backwards: each input pixel spreads a $k \\times k$ patch onto the output, $s$ pixels apart; the padding $p$ is cut off both sides, and the output padding $a$ adds rows (columns) on one side."
                .to_string(),
        );
    }
    if step.square() {
        parts.push(format!(
            "Input, kernel, stride and padding are square, so one computation gives both: ${}$.",
            params_tex(spec, 0)
        ));
        parts.push(dim_text(step, 0, "H"));
    } else {
        for i in 0..2 {
            parts.push(format!(
                "**{}** (${}$):",
                capitalize(AXES[i]),
                params_tex(spec, i)
            ));
            parts.push(dim_text(step, i, SYM[i]));
        }
    }
    parts.join("\n\n")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn params_tex(spec: &Spec, i: usize) -> String {
    let mut items = vec![
        format!("k = {}", spec.k[i]),
        format!("s = {}", spec.s[i]),
        format!("p = {}", spec.p[i]),
    ];
    if spec.op != Op::AvgPool2d {
        items.push(format!("d = {}", spec.d[i]));
    }
    if spec.op == Op::ConvTranspose2d {
        items.push(format!("a = {}", spec.a[i]));
    }
    items.join(",\\ ")
}

/// The formula, the numbers put in and the result for dimension `i`, named `sym` (H or W).
fn dim_text(step: &Applied, i: usize, sym: &str) -> String {
    let spec = &step.spec;
    let size = &step.input[2 + i];
    let out = &step.output[2 + i];
    let (k, s, p, d, a) = (&spec.k[i], &spec.s[i], &spec.p[i], &spec.d[i], &spec.a[i]);
    let DimCalc::Window {
        numer,
        quotient,
        rounded,
        dropped,
    } = &step.dims[i]
    else {
        let mut text = format!(
            "$$\\begin{{aligned}} {sym}_{{out}} &= ({sym} - 1)\\,s - 2p + d(k-1) + a + 1 \\\\ &= ({size} - 1) \\cdot {s} - 2 \\cdot {p} + {d} \\cdot ({k} - 1) + {a} + 1 = {out} \\end{{aligned}}$$"
        );
        if a < s {
            let back = &(&(&(out + &(&Q::int(2) * p)) - &(d * &(k - &Q::one()))) - &Q::one());
            let back_q = back.checked_div(s).map_or_else(Q::zero, |q| q.floor());
            text.push_str(&format!(
                "\n\nCheck: a `Conv2d` with the same kernel, stride and padding maps ${out}$ back to ${size}$:\n\n$$\\left\\lfloor \\frac{{{out} + 2 \\cdot {p} - {d} \\cdot ({k} - 1) - 1}}{{{s}}} \\right\\rfloor + 1 = {}$$",
                &back_q + &Q::one()
            ));
        }
        return text;
    };
    let (lo, hi, lo_s, hi_s) = if spec.ceil {
        ("\\left\\lceil", "\\right\\rceil", "\\lceil", "\\rceil")
    } else {
        ("\\left\\lfloor", "\\right\\rfloor", "\\lfloor", "\\rfloor")
    };
    let (formula, numbers) = if spec.op == Op::AvgPool2d {
        (
            format!("{sym} + 2p - k"),
            format!("{size} + 2 \\cdot {p} - {k}"),
        )
    } else {
        (
            format!("{sym} + 2p - d(k-1) - 1"),
            format!("{size} + 2 \\cdot {p} - {d} \\cdot ({k} - 1) - 1"),
        )
    };
    let before_drop = rounded + &Q::one();
    let mut chain = format!("{lo} \\frac{{{numbers}}}{{{s}}} {hi} + 1");
    if *s != Q::one() {
        chain.push_str(&format!(
            " = {lo} \\frac{{{}}}{{{s}}} {hi} + 1",
            tex_num(numer)
        ));
        if quotient.is_integer() {
            chain.push_str(&format!(" = {} + 1", tex_num(quotient)));
        } else {
            chain.push_str(&format!(" = {lo_s} {} {hi_s} + 1", value_tex(quotient)));
        }
    } else {
        chain.push_str(&format!(" = {} + 1", tex_num(numer)));
    }
    chain.push_str(&format!(" = {before_drop}"));
    let mut text = format!(
        "$$\\begin{{aligned}} {sym}_{{out}} &= {lo} \\frac{{{formula}}}{{s}} {hi} + 1 \\\\ &= {chain} \\end{{aligned}}$$"
    );
    let remainder = &(numer - &(rounded * s)).abs();
    if spec.ceil {
        let floor_out = &quotient.floor() + &Q::one();
        if quotient.is_integer() {
            text.push_str("\n\nThe division is exact, so `ceil_mode=True` changes nothing here.");
        } else {
            let start = &(&before_drop - &Q::one()) * s;
            let limit = size + p;
            let rule = format!(
                "With `ceil_mode=True` the rounding up adds a last window that hangs over the edge, and PyTorch keeps it only if it starts inside the input or the left padding, before {} ${sym} + p = {size} + {p} = {limit}$. That window starts at {} $({sym}_{{out}} - 1) \\cdot s = ({before_drop} - 1) \\cdot {s} = {start}",
                LINES[i], LINES[i]
            );
            if *dropped {
                text.push_str(&format!(
                    "\n\n{rule} \\ge {limit}$, in the right padding, so PyTorch drops it: ${sym}_{{out}} = {before_drop} - 1 = {out}$ (the same as floor mode)."
                ));
            } else {
                text.push_str(&format!(
                    "\n\n{rule} < {limit}$, so it stays: ${sym}_{{out}} = {out}$ (floor mode would give ${floor_out}$)."
                ));
            }
        }
    } else if !remainder.is_zero() {
        let line = LINES[i];
        let region = if p.is_zero() { "input" } else { "padded input" };
        let one = *remainder == Q::one();
        let last = if one {
            format!("the last {line} of the {region} is covered by no window")
        } else {
            format!("the last {remainder} {line}s of the {region} are covered by no window")
        };
        let why = if p.is_zero() {
            if one {
                format!("the layer never sees that input {line}")
            } else {
                format!("the layer never sees those input {line}s")
            }
        } else if remainder <= p {
            if one {
                format!("it is padding, so no input {line} is lost")
            } else {
                format!("they are padding, so no input {line} is lost")
            }
        } else {
            format!(
                "{p} of them padding, the other {} of the input, which the layer never sees",
                count_lines(&(remainder - p), i)
            )
        };
        text.push_str(&format!(
            "\n\nThe division leaves a remainder of ${remainder}$, which the floor drops: {last}; {why}."
        ));
    } else if *s != Q::one() {
        text.push_str(&format!(
            "\n\nThe division is exact: the last window ends on the last {} of the {}.",
            LINES[i],
            if p.is_zero() { "input" } else { "padded input" }
        ));
    }
    text
}

fn channel_text(step: &Applied) -> String {
    let (n, c_in, c_out) = (&step.input[0], &step.input[1], &step.output[1]);
    let channels = match step.spec.op {
        Op::Conv2d if *c_in == Q::one() => format!(
            "Each of the ${c_out}$ filters spans the single input channel and makes one output channel, so $C = {c_out}$."
        ),
        Op::Conv2d => format!(
            "Each of the ${c_out}$ filters spans all ${c_in}$ input channels and makes one output channel, so $C = {c_out}$."
        ),
        Op::ConvTranspose2d => format!(
            "A transposed convolution also makes one output channel per filter: $C = {c_out}$ (from ${c_in}$)."
        ),
        _ => format!(
            "Pooling works on each channel on its own, so the ${c_in}$ channels stay: $C = {c_out}$."
        ),
    };
    format!(
        "{channels} The batch size $N = {n}$ does not change: every image goes through the same layer."
    )
}

fn solve_find(step: &Applied, steps: &mut Vec<Step>, answers: &mut Vec<Answer>) {
    let spec = &step.spec;
    let mut body = vec![
        "With stride $s = 1$ the size rule has no floor to worry about; asking $H_{out} = H$ gives\n\n$$H + 2p - d(k-1) - 1 + 1 = H \\quad\\Longrightarrow\\quad p = \\frac{d(k-1)}{2},$$\n\nwhich is a whole number only when the effective kernel $d(k-1) + 1$ is odd."
            .to_string(),
    ];
    let sides: Vec<usize> = if spec.is_square() {
        vec![0]
    } else {
        vec![0, 1]
    };
    for &i in &sides {
        let name = if sides.len() == 1 {
            "p".to_string()
        } else {
            format!("p_{}", ["h", "w"][i])
        };
        body.push(format!(
            "$${name} = \\frac{{{} \\cdot ({} - 1)}}{{2}} = {}$$",
            spec.d[i], spec.k[i], spec.p[i]
        ));
    }
    steps.push(Step::new("Padding that keeps the size", body.join("\n\n")));
    let mut check = Vec::new();
    if step.square() {
        check.push(dim_text(step, 0, "H"));
        check.push(format!(
            "The same holds for the width: the output is ${}$, as big as the input.",
            shape_tex(&step.output)
        ));
    } else {
        for i in 0..2 {
            check.push(format!(
                "**{}** (${}$):",
                capitalize(AXES[i]),
                params_tex(spec, i)
            ));
            check.push(dim_text(step, i, SYM[i]));
        }
        check.push(format!(
            "The output is ${}$: height and width are kept.",
            shape_tex(&step.output)
        ));
    }
    steps.push(Step::new("Check", check.join("\n\n")));
    let pads = [spec.p[0].clone(), spec.p[1].clone()];
    let mut answer = Answer::vector("padding", "padding $(p_h, p_w)$", &pads, false);
    answer.latex = format!("({}, {})", pads[0], pads[1]);
    answers.push(answer);
}

// ---------------------------------------------------------------------------------------------
// Question facts

fn pair_tex(v: &[Q; 2]) -> String {
    if v[0] == v[1] {
        v[0].to_string()
    } else {
        format!("({}, {})", v[0], v[1])
    }
}

fn pair_code(p: Pair) -> String {
    match p {
        Pair::Same(v) => v.to_string(),
        Pair::Two(h, w) => format!("({h}, {w})"),
    }
}

/// The longest PyTorch call the question shows: it fits one line of a LaTeX page (monospace
/// text cannot be stretched to break lines), so longer calls are left to the words.
const CODE_WIDTH: usize = 66;

fn layer_facts(layer: &Layer, step: &Applied, find: bool) -> Value {
    let spec = &step.spec;
    let mut args = Vec::new();
    if spec.op == Op::Conv2d || spec.op == Op::ConvTranspose2d {
        args.push(step.input[1].to_string());
        args.push(
            spec.c_out
                .as_ref()
                .map_or_else(String::new, ToString::to_string),
        );
    }
    args.push(pair_code(layer.kernel));
    if let Some(s) = layer.stride {
        args.push(format!("stride={}", pair_code(s)));
    }
    if find {
        args.push("padding=?".to_string());
    } else if let Some(p) = layer.padding {
        args.push(format!("padding={}", pair_code(p)));
    }
    if let Some(a) = layer.output_padding {
        args.push(format!("output_padding={}", pair_code(a)));
    }
    if let Some(d) = layer.dilation {
        args.push(format!("dilation={}", pair_code(d)));
    }
    if let Some(c) = layer.ceil_mode {
        args.push(format!("ceil_mode={}", if c { "True" } else { "False" }));
    }
    let kernel = format!("{} \\times {}", spec.k[0], spec.k[1]);
    json!({
        "op": spec.op.name(),
        "code": Some(format!("{}({})", spec.op.module(), args.join(", "))).filter(|c| c.len() <= CODE_WIDTH),
        "in_channels": step.input[1].to_string(),
        "out_channels": spec.c_out.as_ref().map(ToString::to_string),
        "kernel": kernel,
        "stride": layer.stride.map(|_| pair_tex(&spec.s)),
        "padding": if find { None } else { layer.padding.map(|_| pair_tex(&spec.p)) },
        "dilation": layer.dilation.map(|_| pair_tex(&spec.d)),
        "output_padding": layer.output_padding.map(|_| pair_tex(&spec.a)),
        "ceil_mode": spec.ceil,
    })
}

fn facts(plan: &Plan) -> Value {
    let layers: Vec<Value> = plan
        .layers
        .iter()
        .zip(&plan.applied)
        .map(|(l, a)| layer_facts(l, a, plan.find))
        .collect();
    json!({
        "chain": plan.chain,
        "find": plan.find,
        "input": shape_tex(&plan.input),
        "layers": layers,
    })
}

// ---------------------------------------------------------------------------------------------
// Sampling

/// Sizes of real networks (the exam rule's input sizes).
const EXAM_SIZES: &[i64] = &[
    4, 7, 8, 13, 14, 16, 17, 27, 28, 32, 35, 55, 56, 64, 112, 224, 227,
];
const CONV_SIZES: &[i64] = &[28, 32, 56, 64, 112, 224, 227];
const POOL_SIZES: &[i64] = &[13, 14, 27, 28, 32, 55, 56, 64, 112, 224];
const SMALL_SIZES: &[i64] = &[4, 7, 8, 14, 16, 28, 32, 56, 64, 112];
const RECT_SIZES: &[i64] = &[8, 14, 17, 28, 32, 35, 56];
const PRACTICE_SIZES: &[i64] = &[
    6, 9, 10, 12, 15, 20, 24, 30, 31, 48, 50, 60, 75, 96, 100, 120, 128, 150, 192, 200, 256, 299,
];
const CHANNELS: &[i64] = &[16, 32, 64, 96, 128, 256];
const BATCH: &[i64] = &[1, 4, 8, 16, 32];

/// Real layers: (kernel, stride, padding) of ResNet, VGG, AlexNet, LeNet, GoogLeNet.
const EXAM_CONV: &[(i64, i64, i64)] = &[
    (3, 1, 1),
    (3, 2, 1),
    (1, 1, 0),
    (1, 2, 0),
    (7, 2, 3),
    (11, 4, 0),
    (11, 4, 2),
    (5, 1, 2),
    (5, 1, 0),
    (3, 1, 0),
    (3, 2, 0),
    (5, 2, 2),
];
/// (kernel, stride or default, padding).
const EXAM_MAX_POOL: &[(i64, Option<i64>, i64)] = &[
    (2, None, 0),
    (2, Some(2), 0),
    (3, Some(2), 0),
    (3, Some(2), 1),
    (3, Some(1), 1),
];
const EXAM_AVG_POOL: &[(i64, Option<i64>, i64)] = &[
    (2, None, 0),
    (2, Some(2), 0),
    (3, Some(1), 1),
    (3, Some(2), 1),
    (7, None, 0),
];
/// (kernel, stride, padding, output padding): U-Net, DCGAN, and the size-doubling 3x3 and 5x5.
const EXAM_TRANSPOSED: &[(i64, i64, i64, i64)] = &[
    (2, 2, 0, 0),
    (4, 2, 1, 0),
    (3, 2, 1, 1),
    (3, 1, 1, 0),
    (5, 2, 2, 1),
];

fn new_layer(op: Op, kernel: Pair) -> Layer {
    Layer {
        op,
        out_channels: None,
        kernel,
        stride: None,
        padding: None,
        dilation: None,
        output_padding: None,
        ceil_mode: None,
    }
}

/// A conv layer; stride 1 and padding 0 are left out half of the time (PyTorch's defaults).
fn conv_layer(rng: &mut ChaCha8Rng, op: Op, kernel: Pair, stride: Pair, padding: Pair) -> Layer {
    let mut layer = new_layer(op, kernel);
    layer.out_channels = Some(Int(pick(rng, CHANNELS)));
    let default_stride = stride == Pair::Same(1);
    layer.stride = (!default_stride || chance(rng, 1, 2)).then_some(stride);
    let no_padding = padding == Pair::Same(0);
    layer.padding = (!no_padding || chance(rng, 1, 2)).then_some(padding);
    layer
}

fn pool_layer(op: Op, kernel: Pair, stride: Option<Pair>, padding: Pair, ceil: bool) -> Layer {
    let mut layer = new_layer(op, kernel);
    layer.stride = stride;
    layer.padding = (padding != Pair::Same(0)).then_some(padding);
    layer.ceil_mode = ceil.then_some(true);
    layer
}

fn maybe_pair(rng: &mut ChaCha8Rng, hard: bool, lo: i64, hi: i64) -> Pair {
    let h = int(rng, lo, hi);
    if hard && chance(rng, 1, 3) {
        Pair::of(h, int(rng, lo, hi))
    } else {
        Pair::Same(h)
    }
}

/// One layer for a single-layer variant, with the sizes its input is drawn from at `exam`.
fn draw_layer(
    rng: &mut ChaCha8Rng,
    difficulty: Difficulty,
    variant: &str,
) -> (Layer, &'static [i64]) {
    use Difficulty::{Exam, Hard, Practice};
    let sq = Pair::Same;
    match (variant, difficulty) {
        ("conv", Exam) => {
            let (k, s, p) = pick(rng, EXAM_CONV);
            (conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p)), CONV_SIZES)
        }
        ("conv", Practice) => {
            let k = pick(rng, &[1, 2, 3, 4, 5, 7]);
            let (s, p) = (int(rng, 1, 3), int(rng, 0, k / 2 + 1));
            (conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p)), CONV_SIZES)
        }
        ("conv", Hard) => {
            let k = int(rng, 1, 9);
            let (s, p) = (int(rng, 2, 5), int(rng, 0, 4));
            (conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p)), CONV_SIZES)
        }
        ("conv-dilated", _) => {
            let (k, d, s, p) = match difficulty {
                Exam => {
                    let d = pick(rng, &[2, 4]);
                    let s = if d == 2 && chance(rng, 1, 4) { 2 } else { 1 };
                    (3, d, s, pick(rng, &[0, d]))
                }
                Practice => {
                    let (k, d) = (pick(rng, &[2, 3, 5]), pick(rng, &[2, 3]));
                    (
                        k,
                        d,
                        pick(rng, &[1, 1, 2]),
                        int(rng, 0, d * (k - 1) / 2 + 1),
                    )
                }
                Hard => (
                    int(rng, 2, 7),
                    int(rng, 2, 5),
                    int(rng, 2, 4),
                    int(rng, 0, 6),
                ),
            };
            let mut layer = conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p));
            layer.dilation = Some(sq(d));
            let sizes: &'static [i64] = &[28, 32, 56, 64, 112];
            (layer, sizes)
        }
        ("conv-rect", _) => {
            let (kernel, stride, padding, dilation) = match difficulty {
                Exam => {
                    let n = pick(rng, &[3, 5, 7]);
                    let same = chance(rng, 2, 3);
                    let p = if same { n / 2 } else { 0 };
                    if chance(rng, 1, 2) {
                        (Pair::Two(1, n), sq(1), Pair::of(0, p), None)
                    } else {
                        (Pair::Two(n, 1), sq(1), Pair::of(p, 0), None)
                    }
                }
                Practice => {
                    let kernel = Pair::of(pick(rng, &[1, 2, 3, 5, 7]), pick(rng, &[1, 2, 3, 5, 7]));
                    let stride = if chance(rng, 1, 3) {
                        Pair::of(pick(rng, &[1, 2]), pick(rng, &[1, 2]))
                    } else {
                        sq(pick(rng, &[1, 2]))
                    };
                    let padding =
                        Pair::of(int(rng, 0, kernel.h() / 2), int(rng, 0, kernel.w() / 2));
                    (kernel, stride, padding, None)
                }
                Hard => {
                    let kernel = Pair::of(int(rng, 1, 7), int(rng, 1, 7));
                    let stride = Pair::of(int(rng, 1, 4), int(rng, 2, 5));
                    let padding = Pair::of(int(rng, 0, 3), int(rng, 0, 3));
                    let dilation =
                        chance(rng, 1, 3).then(|| Pair::of(int(rng, 1, 3), int(rng, 1, 3)));
                    (kernel, stride, padding, dilation)
                }
            };
            let mut layer = conv_layer(rng, Op::Conv2d, kernel, stride, padding);
            layer.dilation = dilation;
            (layer, RECT_SIZES)
        }
        ("max-pool" | "avg-pool", _) => {
            let op = if variant == "max-pool" {
                Op::MaxPool2d
            } else {
                Op::AvgPool2d
            };
            match difficulty {
                Exam => {
                    let presets = if op == Op::MaxPool2d {
                        EXAM_MAX_POOL
                    } else {
                        EXAM_AVG_POOL
                    };
                    let (k, s, p) = pick(rng, presets);
                    let sizes: &'static [i64] = if k == 7 { &[7] } else { POOL_SIZES };
                    (pool_layer(op, sq(k), s.map(sq), sq(p), false), sizes)
                }
                Practice => {
                    let k = pick(rng, &[2, 3, 4, 5]);
                    let s = chance(rng, 2, 3).then(|| sq(int(rng, 1, 3)));
                    let ceil = chance(rng, 1, 3);
                    (
                        pool_layer(op, sq(k), s, sq(int(rng, 0, k / 2)), ceil),
                        POOL_SIZES,
                    )
                }
                Hard => {
                    let k = maybe_pair(rng, true, 1, 6);
                    let s = chance(rng, 3, 4).then(|| maybe_pair(rng, true, 2, 5));
                    let p = Pair::of(int(rng, 0, k.h() / 2), int(rng, 0, k.w() / 2));
                    let mut layer = pool_layer(op, k, s, p, chance(rng, 1, 2));
                    if op == Op::MaxPool2d && chance(rng, 1, 3) {
                        layer.dilation = Some(maybe_pair(rng, true, 1, 3));
                    }
                    (layer, POOL_SIZES)
                }
            }
        }
        ("transposed", _) => {
            let (k, s, p, a, d) = match difficulty {
                Exam => {
                    let (k, s, p, a) = pick(rng, EXAM_TRANSPOSED);
                    (sq(k), sq(s), sq(p), sq(a), None)
                }
                Practice => {
                    let (k, s) = (pick(rng, &[2, 3, 4, 5]), int(rng, 1, 3));
                    (
                        sq(k),
                        sq(s),
                        sq(int(rng, 0, k / 2)),
                        sq(int(rng, 0, s - 1)),
                        None,
                    )
                }
                Hard => {
                    let (k, s) = (maybe_pair(rng, true, 1, 7), maybe_pair(rng, true, 1, 4));
                    let d = maybe_pair(rng, true, 1, 3);
                    let a = Pair::of(
                        int(rng, 0, s.h().max(d.h()) - 1),
                        int(rng, 0, s.w().max(d.w()) - 1),
                    );
                    (k, s, maybe_pair(rng, true, 0, 4), a, Some(d))
                }
            };
            let mut layer = conv_layer(rng, Op::ConvTranspose2d, k, s, p);
            layer.output_padding = (a != sq(0) || chance(rng, 1, 4)).then_some(a);
            layer.dilation = d.filter(|d| *d != sq(1) || chance(rng, 1, 4));
            (layer, SMALL_SIZES)
        }
        ("same-padding", _) => {
            let (kernel, dilation) = match difficulty {
                Exam => (sq(pick(rng, &[3, 5, 7, 11])), None),
                Practice => {
                    let d = pick(rng, &[1, 1, 2, 3]);
                    (sq(pick(rng, &[3, 5, 7])), (d > 1).then_some(sq(d)))
                }
                Hard => {
                    if chance(rng, 1, 3) {
                        // Even kernels with even dilation have an odd effective kernel.
                        (sq(pick(rng, &[2, 4])), Some(sq(pick(rng, &[2, 4]))))
                    } else {
                        let kernel = Pair::of(pick(rng, &[1, 3, 5, 7]), pick(rng, &[1, 3, 5, 7]));
                        (kernel, Some(maybe_pair(rng, true, 1, 4)))
                    }
                }
            };
            let mut layer = conv_layer(rng, Op::Conv2d, kernel, sq(1), sq(0));
            layer.padding = None;
            layer.dilation = dilation;
            (layer, CONV_SIZES)
        }
        _ => {
            let (layer, sizes) = draw_layer(rng, difficulty, "conv");
            (layer, sizes)
        }
    }
}

fn draw_side(rng: &mut ChaCha8Rng, difficulty: Difficulty, sizes: &[i64]) -> [i64; 2] {
    match difficulty {
        Difficulty::Exam => {
            let h = pick(rng, sizes);
            [h, h]
        }
        Difficulty::Practice => {
            let h = pick(rng, PRACTICE_SIZES);
            if chance(rng, 1, 4) {
                [h, pick(rng, PRACTICE_SIZES)]
            } else {
                [h, h]
            }
        }
        Difficulty::Hard => {
            let h = int(rng, 3, 300);
            if chance(rng, 1, 2) {
                [h, int(rng, 3, 300)]
            } else {
                [h, h]
            }
        }
    }
}

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let n = pick(rng, BATCH);
    if variant == "chain" {
        return draw_chain(rng, difficulty, n);
    }
    let (layer, sizes) = draw_layer(rng, difficulty, variant);
    let mut side = draw_side(rng, difficulty, sizes);
    if layer.op == Op::ConvTranspose2d && difficulty != Difficulty::Exam {
        side = side.map(|s| 1 + s / 3);
    }
    let c = if layer.op == Op::Conv2d && chance(rng, 1, 3) {
        3
    } else {
        pick(rng, CHANNELS)
    };
    let find = (variant == "same-padding").then_some(Find::Padding);
    Params::single([n, c, side[0], side[1]], layer, find)
}

fn conv_fixed(c_out: i64, k: i64, s: i64, p: i64) -> Layer {
    let mut layer = new_layer(Op::Conv2d, Pair::Same(k));
    layer.out_channels = Some(Int(c_out));
    layer.stride = (s != 1).then_some(Pair::Same(s));
    layer.padding = (p != 0).then_some(Pair::Same(p));
    layer
}

/// The first layers of real networks: ResNet, AlexNet, VGG, LeNet-5.
fn preset_chain(rng: &mut ChaCha8Rng, n: i64) -> Params {
    let sq = Pair::Same;
    match int(rng, 0, 3) {
        0 => Params::chain(
            [n, 3, 224, 224],
            vec![
                conv_fixed(64, 7, 2, 3),
                pool_layer(Op::MaxPool2d, sq(3), Some(sq(2)), sq(1), false),
            ],
        ),
        1 => Params::chain(
            [n, 3, 227, 227],
            vec![
                conv_fixed(96, 11, 4, 0),
                pool_layer(Op::MaxPool2d, sq(3), Some(sq(2)), sq(0), false),
                conv_fixed(256, 5, 1, 2),
            ],
        ),
        2 => {
            let (side, c_in, c_out) = pick(
                rng,
                &[(224, 3, 64), (112, 64, 128), (56, 128, 256), (28, 256, 512)],
            );
            Params::chain(
                [n, c_in, side, side],
                vec![
                    conv_fixed(c_out, 3, 1, 1),
                    conv_fixed(c_out, 3, 1, 1),
                    pool_layer(Op::MaxPool2d, sq(2), None, sq(0), false),
                ],
            )
        }
        _ => Params::chain(
            [n, 1, 32, 32],
            vec![
                conv_fixed(6, 5, 1, 0),
                pool_layer(Op::AvgPool2d, sq(2), Some(sq(2)), sq(0), false),
                conv_fixed(16, 5, 1, 0),
            ],
        ),
    }
}

fn draw_chain(rng: &mut ChaCha8Rng, difficulty: Difficulty, n: i64) -> Params {
    if difficulty == Difficulty::Exam && chance(rng, 1, 2) {
        return preset_chain(rng, n);
    }
    let (count, kinds): (i64, &[&str]) = match difficulty {
        Difficulty::Exam => (int(rng, 2, 3), &["conv", "conv", "max-pool", "avg-pool"]),
        Difficulty::Practice => (
            3,
            &[
                "conv",
                "conv",
                "conv-dilated",
                "conv-rect",
                "max-pool",
                "avg-pool",
                "transposed",
            ],
        ),
        Difficulty::Hard => (
            int(rng, 3, 4),
            &[
                "conv",
                "conv-dilated",
                "conv-rect",
                "max-pool",
                "avg-pool",
                "transposed",
            ],
        ),
    };
    let mut layers = Vec::new();
    for i in 0..count {
        let kind = if i == 0 { "conv" } else { pick(rng, kinds) };
        // At `hard`, mix in practice layers so that a chain does not shrink to nothing.
        let level = if difficulty == Difficulty::Hard && chance(rng, 1, 2) {
            Difficulty::Practice
        } else {
            difficulty
        };
        layers.push(draw_layer(rng, level, kind).0);
    }
    let side = draw_side(rng, difficulty, CONV_SIZES);
    let c = if chance(rng, 2, 3) { 3 } else { 1 };
    Params::chain([n, c, side[0], side[1]], layers)
}

/// The exam rule of the module docs.
fn calculator_free(plan: &Plan) -> bool {
    let small = |v: &Q, set: &[i64]| v.to_i64().is_some_and(|v| set.contains(&v));
    let sizes_ok = |dims: &[Q; 4]| {
        dims[2..]
            .iter()
            .all(|v| *v >= Q::one() && *v <= Q::int(256))
    };
    if !plan.input[2..].iter().all(|v| small(v, EXAM_SIZES)) || plan.applied.len() > 3 {
        return false;
    }
    plan.applied.iter().all(|step| {
        let spec = &step.spec;
        let kernels: &[i64] = if spec.op == Op::ConvTranspose2d {
            &[1, 2, 3, 4, 5, 7, 11]
        } else {
            &[1, 2, 3, 5, 7, 11]
        };
        (0..2).all(|i| {
            let global = matches!(&step.dims[i], DimCalc::Window { numer, .. } if numer.is_zero());
            small(&spec.k[i], kernels)
                && (small(&spec.s[i], &[1, 2, 4]) || global)
                && small(&spec.d[i], &[1, 2, 4])
                && spec.p[i] <= Q::int(5)
                && spec.a[i] <= Q::one()
        }) && !spec.ceil
            && sizes_ok(&step.input)
            && sizes_ok(&step.output)
    })
}

/// Sampled transposed convs crop at most what the kernel adds (`p <= d(k-1)`): PyTorch's formula
/// holds beyond that too (and `solve` accepts it), but such layers are not seen in practice.
/// Sampled pools keep `p <= k/2`, as PyTorch requires.
fn sampled_padding_ok(plan: &Plan) -> bool {
    plan.applied.iter().all(|step| {
        let spec = &step.spec;
        (0..2).all(|i| match spec.op {
            Op::ConvTranspose2d => spec.p[i] < spec.effective(i),
            Op::MaxPool2d | Op::AvgPool2d => spec.p[i] <= (&spec.k[i] / &Q::int(2)).floor(),
            Op::Conv2d => true,
        })
    })
}

/// `practice`: sizes stay below 1000 so the numbers remain readable.
fn practice_ok(plan: &Plan) -> bool {
    plan.applied
        .iter()
        .all(|s| s.output[2..].iter().all(|v| *v <= Q::int(1000)))
}

fn has_division(variant: &str) -> bool {
    !matches!(variant, "transposed" | "same-padding")
}

/// Whether some division of the problem is not exact (the floor or ceil changes the value).
fn floor_matters(plan: &Plan) -> bool {
    plan.applied.iter().any(|step| {
        step.dims
            .iter()
            .any(|d| matches!(d, DimCalc::Window { quotient, .. } if !quotient.is_integer()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::params::from_json;
    use crate::seed;

    fn solve_json(v: serde_json::Value) -> Result<Solved> {
        ConvOutput::solve(&from_json::<Params>("conv-output", &v)?)
    }

    fn answer(s: &Solved, id: &str) -> String {
        s.answers
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("no answer {id}"))
            .value
            .to_string()
    }

    fn out(v: serde_json::Value) -> String {
        let s = solve_json(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
        answer(&s, "output_shape")
    }

    fn refused(v: serde_json::Value) -> String {
        match solve_json(v.clone()) {
            Ok(_) => panic!("{v} was accepted"),
            Err(e) => {
                assert_eq!(e.exit_code(), 2, "{v}: {e}");
                let text = e.to_string();
                assert!(!text.contains('\n'), "{text}");
                text
            }
        }
    }

    #[test]
    fn the_exams_3x3_conv_keeps_2x2_with_padding_1() {
        let s = solve_json(json!({"op": "conv2d", "input": [1, 1, 2, 2], "out_channels": 1, "kernel": 3, "stride": 1, "padding": 1})).unwrap();
        assert_eq!(answer(&s, "output_shape"), "[1,1,2,2]");
        assert_eq!(s.variant, "conv");
        let s = solve_json(json!({"op": "conv2d", "input": [1, 1, 2, 2], "out_channels": 1, "kernel": 3, "find": "padding"})).unwrap();
        assert_eq!(answer(&s, "padding"), "[1,1]");
        assert_eq!(s.variant, "same-padding");
        assert_eq!(s.answers[0].latex, "(1, 1)");
    }

    #[test]
    fn real_networks() {
        // AlexNet conv1: 227 -> 55.
        assert_eq!(
            out(
                json!({"op": "conv2d", "input": [1, 3, 227, 227], "out_channels": 96, "kernel": 11, "stride": 4})
            ),
            "[1,96,55,55]"
        );
        // ResNet stem: 224 -> 112 -> 56.
        let s = solve_json(json!({"input": [8, 3, 224, 224], "layers": [
            {"op": "conv2d", "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3},
            {"op": "max_pool2d", "kernel": 3, "stride": 2, "padding": 1}]}))
        .unwrap();
        assert_eq!(answer(&s, "shape_1"), "[8,64,112,112]");
        assert_eq!(answer(&s, "shape_2"), "[8,64,56,56]");
        assert_eq!(answer(&s, "output_shape"), "[8,64,56,56]");
        assert_eq!(s.variant, "chain");
        let text: String = s.solution.steps.iter().map(|s| s.body.clone()).collect();
        assert!(text.contains("\\lfloor 111.5 \\rfloor"), "{text}");
        // AlexNet's pools: 55 -> 27 -> 13 (overlapping 3x3, stride 2).
        assert_eq!(
            out(json!({"op": "max_pool2d", "input": [1, 96, 55, 55], "kernel": 3, "stride": 2})),
            "[1,96,27,27]"
        );
        // Default pool stride is the kernel: 2x2 halves.
        assert_eq!(
            out(json!({"op": "max_pool2d", "input": [1, 64, 224, 224], "kernel": 2})),
            "[1,64,112,112]"
        );
        // Global average pool of ResNet: 7 -> 1.
        assert_eq!(
            out(json!({"op": "avg_pool2d", "input": [1, 512, 7, 7], "kernel": 7})),
            "[1,512,1,1]"
        );
    }

    #[test]
    fn ceil_mode_rounds_up_but_never_starts_a_window_in_the_right_padding() {
        let pool = |op: &str, h: i64, k: i64, s: i64, p: i64, ceil: bool| {
            out(
                json!({"op": op, "input": [1, 1, h, h], "kernel": k, "stride": s, "padding": p, "ceil_mode": ceil}),
            )
        };
        assert_eq!(pool("max_pool2d", 5, 2, 2, 0, false), "[1,1,2,2]");
        assert_eq!(pool("max_pool2d", 5, 2, 2, 0, true), "[1,1,3,3]");
        // Exact division: ceil changes nothing, the last window starts at 6 < 6 + 1.
        assert_eq!(pool("max_pool2d", 6, 2, 2, 1, true), "[1,1,4,4]");
        assert_eq!(pool("max_pool2d", 6, 2, 2, 1, false), "[1,1,4,4]");
        // ceil(5/2) + 1 = 4, but window 4 would start at 6 >= H + p = 6: dropped, 3.
        assert_eq!(pool("avg_pool2d", 5, 2, 2, 1, true), "[1,1,3,3]");
        assert_eq!(pool("max_pool2d", 5, 2, 2, 1, false), "[1,1,3,3]");
        let s = solve_json(json!({"op": "max_pool2d", "input": [1, 1, 5, 5], "kernel": 2, "stride": 2, "padding": 1, "ceil_mode": true})).unwrap();
        let text = &s.solution.steps[0].body;
        assert!(text.contains("drops it"), "{text}");
        // GoogLeNet: MaxPool2d(3, 2, ceil_mode=True) on 112 -> 56 (floor would give 55).
        assert_eq!(pool("max_pool2d", 112, 3, 2, 0, true), "[1,1,56,56]");
        assert_eq!(pool("max_pool2d", 112, 3, 2, 0, false), "[1,1,55,55]");
        // In ceil mode a window may hang over a too small input (PyTorch gives 1).
        assert_eq!(pool("max_pool2d", 1, 2, 2, 0, true), "[1,1,1,1]");
    }

    #[test]
    fn transposed_and_dilated() {
        let t = |v: serde_json::Value| out(v);
        assert_eq!(
            t(
                json!({"op": "conv_transpose2d", "input": [1, 16, 4, 4], "out_channels": 8, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1})
            ),
            "[1,8,8,8]"
        );
        assert_eq!(
            t(
                json!({"op": "conv_transpose2d", "input": [2, 64, 16, 16], "out_channels": 32, "kernel": 4, "stride": 2, "padding": 1})
            ),
            "[2,32,32,32]"
        );
        // Dilation 2 with a 2x? output padding below max(stride, dilation) = 2.
        assert_eq!(
            t(
                json!({"op": "conv_transpose2d", "input": [1, 1, 5, 6], "out_channels": 1, "kernel": [3, 2], "dilation": 2, "output_padding": 1})
            ),
            "[1,1,10,9]"
        );
        // Dilated conv: effective kernel 5 on 32 without padding -> 28; with padding 2 -> 32.
        assert_eq!(
            t(
                json!({"op": "conv2d", "input": [1, 3, 32, 32], "out_channels": 8, "kernel": 3, "dilation": 2})
            ),
            "[1,8,28,28]"
        );
        assert_eq!(
            t(
                json!({"op": "conv2d", "input": [1, 3, 32, 32], "out_channels": 8, "kernel": 3, "dilation": 2, "padding": 2})
            ),
            "[1,8,32,32]"
        );
        // Max pool with dilation: effective window 5, stride 2: floor((20 - 5)/2) + 1 = 8.
        assert_eq!(
            t(
                json!({"op": "max_pool2d", "input": [1, 3, 20, 20], "kernel": 3, "stride": 2, "dilation": 2})
            ),
            "[1,3,8,8]"
        );
        // Non-square: (1, 7) kernel with (0, 3) padding keeps 17x17.
        let s = solve_json(json!({"op": "conv2d", "input": [1, 8, 17, 17], "out_channels": 8, "kernel": [1, 7], "padding": [0, 3]})).unwrap();
        assert_eq!(answer(&s, "output_shape"), "[1,8,17,17]");
        assert_eq!(s.variant, "conv-rect");
        let s = solve_json(json!({"op": "conv2d", "input": [1, 8, 17, 17], "out_channels": 8, "kernel": 3, "dilation": [2, 3], "find": "padding"})).unwrap();
        assert_eq!(answer(&s, "padding"), "[2,3]");
        // Even kernel, even dilation: effective 3, padding 1.
        let s = solve_json(json!({"op": "conv2d", "input": [1, 8, 9, 9], "out_channels": 8, "kernel": 2, "dilation": 2, "find": "padding"})).unwrap();
        assert_eq!(answer(&s, "padding"), "[1,1]");
    }

    #[test]
    fn the_floor_is_explained() {
        let s = solve_json(json!({"op": "conv2d", "input": [1, 3, 224, 224], "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3})).unwrap();
        let body = &s.solution.steps[0].body;
        assert!(
            body.contains("\\frac{224 + 2 \\cdot 3 - 1 \\cdot (7 - 1) - 1}{2}"),
            "{body}"
        );
        assert!(body.contains("\\lfloor 111.5 \\rfloor + 1 = 112"), "{body}");
        assert!(
            body.contains("remainder of $1$") && body.contains("padding"),
            "{body}"
        );
        let s = solve_json(json!({"op": "conv2d", "input": [1, 3, 10, 10], "out_channels": 4, "kernel": 3, "stride": 3})).unwrap();
        assert!(
            s.solution.steps[0].body.contains("2\\tfrac{1}{3}"),
            "{}",
            s.solution.steps[0].body
        );
    }

    #[test]
    fn bad_inputs_are_refused_naming_the_field() {
        let base =
            || json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3});
        let with = |key: &str, value: serde_json::Value| {
            let mut v = base();
            v[key] = value;
            v
        };
        for (v, needle) in [
            (with("input", json!([1, 3, 8])), "`input`"),
            (with("input", json!([1, 0, 8, 8])), "`input`"),
            (with("input", json!(["1", 3, 8, 8])), "input"),
            (with("kernel", json!(0)), "`kernel`"),
            (with("kernel", json!("3")), "`kernel`"),
            (with("kernel", json!(9)), "`kernel`"),
            (with("stride", json!(0)), "`stride`"),
            (with("stride", json!(-2)), "`stride`"),
            (with("padding", json!(-1)), "`padding`"),
            (with("dilation", json!(0)), "`dilation`"),
            (with("out_channels", json!(0)), "`out_channels`"),
            (with("output_padding", json!(1)), "`output_padding`"),
            (with("ceil_mode", json!(true)), "`ceil_mode`"),
            (with("kernal", json!(3)), "kernal"),
            (with("find", json!("stride")), "find"),
            (with("layers", json!([])), "`op`"),
            (
                json!({"op": "conv2d", "input": [1, 3, 8, 8], "kernel": 3}),
                "`out_channels`",
            ),
            (
                json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 2, "out_channels": 3}),
                "`out_channels`",
            ),
            (
                json!({"op": "avg_pool2d", "input": [1, 3, 8, 8], "kernel": 2, "dilation": 2}),
                "`dilation`",
            ),
            (
                json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "padding": 2}),
                "`padding`",
            ),
            (
                json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "dilation": 2, "padding": 3}),
                "`padding`",
            ),
            (
                json!({"op": "conv_transpose2d", "input": [1, 3, 8, 8], "out_channels": 2, "kernel": 3, "stride": 2, "output_padding": 2}),
                "`output_padding`",
            ),
            (
                json!({"op": "conv_transpose2d", "input": [1, 3, 1, 1], "out_channels": 2, "kernel": 1, "padding": 1}),
                "`padding`",
            ),
            (
                json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 4, "find": "padding"}),
                "even",
            ),
            (
                json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "stride": 2, "find": "padding"}),
                "`stride`",
            ),
            (
                json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "padding": 1, "find": "padding"}),
                "`padding`",
            ),
            (
                json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "find": "padding"}),
                "`find`",
            ),
            (
                json!({"op": "pool", "input": [1, 3, 8, 8], "kernel": 3}),
                "op",
            ),
            (json!({"input": [1, 3, 8, 8], "kernel": 3}), "`op`"),
            (json!({"input": [1, 3, 8, 8], "layers": []}), "`layers`"),
            (
                json!({"input": [1, 3, 8, 8], "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2, "ceil_mode": false}]}),
                "`layers[0].ceil_mode`",
            ),
            (
                json!({"input": [1, 3, 8, 8], "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2}, {"op": "max_pool2d", "kernel": 7}]}),
                "`layers[1].kernel`",
            ),
            (
                json!({"input": [1, 3, 8, 8], "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2, "padd": 1}]}),
                "padd",
            ),
            (
                json!({"input": [1, 3, 8, 8], "find": "padding", "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2}]}),
                "`find`",
            ),
        ] {
            let e = refused(v.clone());
            assert!(e.contains(needle), "{v}: {e}");
        }
    }

    #[test]
    fn huge_numbers_never_overflow() {
        let max = i64::MAX;
        let s = solve_json(
            json!({"op": "conv_transpose2d", "input": [max, max, max, max], "out_channels": max,
            "kernel": max, "stride": max, "dilation": max, "output_padding": max - 1}),
        )
        .unwrap();
        assert!(answer(&s, "output_shape").len() > 40);
        let s = solve_json(json!({"op": "conv2d", "input": [1, 1, max, max], "out_channels": 1, "kernel": max, "padding": max})).unwrap();
        assert_eq!(
            answer(&s, "output_shape"),
            format!("[1,1,{0},{0}]", Q::int(max) * Q::int(2) + Q::one()).replace(' ', "")
        );
        refused(
            json!({"op": "conv2d", "input": [1, 1, 8, 8], "out_channels": 1, "kernel": max, "dilation": max}),
        );
        refused(
            json!({"op": "max_pool2d", "input": [1, 1, max, max], "kernel": max, "stride": 1, "padding": max, "ceil_mode": true}),
        );
        solve_json(json!({"op": "avg_pool2d", "input": [1, 1, max, max], "kernel": max, "stride": 1, "padding": max / 2, "ceil_mode": true})).unwrap();
        let beyond: serde_json::Value =
            serde_json::from_str(r#"{"op": "conv2d", "input": [1, 1, 8, 8], "out_channels": 1, "kernel": 3, "stride": 99999999999999999999}"#).unwrap();
        assert!(refused(beyond).contains("`stride`"));
        // The size-keeping padding of a huge kernel is beyond 64 bits, and still exact.
        let s = solve_json(json!({"op": "conv2d", "input": [1, 1, 8, 8], "out_channels": 1, "kernel": max, "dilation": max - 1, "find": "padding"})).unwrap();
        let half =
            (&((Q::int(max) - Q::one()) * (Q::int(max) - Q::one())) / &Q::int(2)).to_string();
        assert_eq!(s.answers[0].exact, Some(json!([half.clone(), half])));
    }

    fn check_samples(difficulty: Difficulty, seeds: u64) {
        for &variant in ConvOutput::VARIANTS {
            for seed in 0..seeds {
                let mut rng = seed::rng(seed);
                let p = ConvOutput::sample(&mut rng, difficulty, Some(variant));
                let value = serde_json::to_value(&p).unwrap();
                let again: Params =
                    from_json("conv-output", &value).unwrap_or_else(|e| panic!("{value}: {e}"));
                let s = ConvOutput::solve(&again)
                    .unwrap_or_else(|e| panic!("{difficulty} {variant} {value}: {e}"));
                assert_eq!(s.variant, variant, "{value}");
                let plan = plan(&again).unwrap();
                assert!(sampled_padding_ok(&plan), "{value}");
                for step in &plan.applied {
                    for v in step.output.iter().chain(&step.input) {
                        assert!(*v >= Q::one(), "{value}: size below 1");
                    }
                }
                match difficulty {
                    Difficulty::Exam => assert!(
                        calculator_free(&plan),
                        "{variant} {value} breaks the exam rule"
                    ),
                    Difficulty::Hard if has_division(variant) => {
                        assert!(floor_matters(&plan), "{value}: no floor")
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn exam_samples_follow_the_calculator_free_rule() {
        check_samples(Difficulty::Exam, 1000);
    }

    #[test]
    fn practice_and_hard_samples_are_valid() {
        check_samples(Difficulty::Practice, 300);
        check_samples(Difficulty::Hard, 300);
    }

    #[test]
    fn every_variant_is_sampled_without_asking() {
        let mut seen = std::collections::HashSet::new();
        for seed in 0..200 {
            let mut rng = seed::rng(seed);
            let p = ConvOutput::sample(&mut rng, Difficulty::Exam, None);
            seen.insert(ConvOutput::solve(&p).unwrap().variant);
        }
        assert_eq!(seen.len(), ConvOutput::VARIANTS.len(), "{seen:?}");
    }
}
