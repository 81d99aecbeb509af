//! The question facts: the input shape and each layer's arguments, as LaTeX and as the PyTorch call.

use serde_json::{Value, json};

use super::formula::Applied;
use super::params::Plan;
use super::steps::shape_tex;
use super::{Layer, Op};
use crate::num::Q;
use crate::problems::params::Pair;

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

pub(super) fn facts(plan: &Plan) -> Value {
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
