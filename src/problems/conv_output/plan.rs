//! Parsing and validation of the three forms of params (one layer, `"find": "padding"`, a
//! chain of `layers`): PyTorch's checks, each refusal naming its field, then every layer computed.

use super::formula::{Applied, Spec, apply};
use super::text::AXES;
use super::{Layer, Op, Params};
use crate::ensure;
use crate::error::{Error, Result};
use crate::num::Q;
use crate::problems::params::{Int, Pair};

/// The checked and computed problem.
pub(super) struct Plan {
    pub(super) input: [Q; 4],
    pub(super) chain: bool,
    pub(super) find: bool,
    pub(super) layers: Vec<Layer>,
    pub(super) applied: Vec<Applied>,
}

/// " (height)" or " (width)" for error messages, or nothing when both agree.
pub(super) fn axis_note(square: bool, i: usize) -> String {
    if square {
        String::new()
    } else {
        format!(" ({})", AXES[i])
    }
}

pub(super) fn fld(at: &str, name: &str) -> String {
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

/// Checks the params and computes every layer.
pub(super) fn plan(p: &Params) -> Result<Plan> {
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
        ensure!(
            layers.len() <= crate::limits::MAX_CHAIN_LAYERS,
            "field `layers`: {} layers is more than the limit of {} in a chain",
            layers.len(),
            crate::limits::MAX_CHAIN_LAYERS
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
