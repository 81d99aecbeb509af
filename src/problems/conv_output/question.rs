//! The question facts of `conv-output` (what `templates/conv_output/question.md` reads): the
//! input shape and each layer's arguments, as LaTeX and as the PyTorch call.

use serde::Serialize;

use super::formula::Applied;
use super::plan::Plan;
use super::text::shape_tex;
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

/// The facts of one question.
#[derive(Serialize)]
pub struct Facts {
    /// Whether the params are a chain of layers.
    pub chain: bool,
    /// Whether the padding that keeps the size is asked.
    pub find: bool,
    /// The input shape.
    pub input: String,
    /// Each layer, in order.
    pub layers: Vec<LayerFacts>,
}

/// One layer as the statement gives it; an argument the params leave out is `None`.
#[derive(Serialize)]
pub struct LayerFacts {
    /// The functional name (`conv2d`).
    pub op: &'static str,
    /// The PyTorch call, when it fits one line.
    pub code: Option<String>,
    /// Input channels.
    pub in_channels: String,
    /// Output channels (conv ops).
    pub out_channels: Option<String>,
    /// `k_h \times k_w`.
    pub kernel: String,
    /// The stride.
    pub stride: Option<String>,
    /// The padding (`None` when it is asked).
    pub padding: Option<String>,
    /// The dilation.
    pub dilation: Option<String>,
    /// The output padding.
    pub output_padding: Option<String>,
    /// Whether the pool rounds up.
    pub ceil_mode: bool,
}

/// One layer's facts. A chain states every layer's stride and padding (PyTorch's defaults
/// written out), so no layer of a chain leaves one to guess.
fn layer_facts(layer: &Layer, step: &Applied, find: bool, chain: bool) -> LayerFacts {
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
    let kernel = format!(r"{} \times {}", spec.k[0], spec.k[1]);
    LayerFacts {
        op: spec.op.name(),
        code: Some(format!("{}({})", spec.op.module(), args.join(", ")))
            .filter(|c| c.len() <= CODE_WIDTH),
        in_channels: step.input[1].to_string(),
        out_channels: spec.c_out.as_ref().map(ToString::to_string),
        kernel,
        stride: (chain || layer.stride.is_some()).then(|| pair_tex(&spec.s)),
        padding: if find {
            None
        } else {
            (chain || layer.padding.is_some()).then(|| pair_tex(&spec.p))
        },
        dilation: layer.dilation.map(|_| pair_tex(&spec.d)),
        output_padding: layer.output_padding.map(|_| pair_tex(&spec.a)),
        ceil_mode: spec.ceil,
    }
}

impl Facts {
    /// The facts of a checked problem.
    pub fn new(plan: &Plan) -> Facts {
        let layers: Vec<LayerFacts> = plan
            .layers
            .iter()
            .zip(&plan.applied)
            .map(|(l, a)| layer_facts(l, a, plan.find, plan.chain))
            .collect();
        Facts {
            chain: plan.chain,
            find: plan.find,
            input: shape_tex(&plan.input),
            layers,
        }
    }
}
