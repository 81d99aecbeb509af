//! The question facts of `conv-params`: what `templates/conv_params/question.md` reads.

use serde::Serialize;

use super::params::{Layer, Params};

/// The facts of one question: sizes written as LaTeX math, flags that pick the wording.
#[derive(Serialize)]
pub struct Facts {
    /// The variant (picks the stack sub-question).
    pub variant: &'static str,
    /// The input shape `[N \times C \times H \times W]`, when the params give one.
    pub input: Option<String>,
    /// Input channels.
    pub c_in: i64,
    /// Output channels (1: "a single filter").
    pub c_out: i64,
    /// The kernel, `k_h \times k_w`.
    pub kernel: String,
    /// Whether the kernel is square.
    pub square_kernel: bool,
    /// Whether each filter has a bias.
    pub bias: bool,
    /// Groups (above 1 the statement names them).
    pub groups: i64,
    /// The stride, when the params state one.
    pub stride: Option<String>,
    /// The padding, when the params state one.
    pub padding: Option<String>,
    /// The small kernel of the compared stack, `k \times k`.
    pub stack_kernel: Option<String>,
    /// How many small convolutions the stack has.
    pub stack_depth: Option<i64>,
}

impl Facts {
    /// The facts of a checked layer; `stack` is the compared stack's (kernel, depth).
    pub fn new(
        p: &Params,
        layer: &Layer,
        variant: &'static str,
        stack: Option<(i64, i64)>,
    ) -> Facts {
        Facts {
            variant,
            input: layer.input.as_ref().map(|d| shape_tex(d)),
            c_in: layer.c_in,
            c_out: layer.c_out,
            kernel: kernel_tex(layer.kh, layer.kw),
            square_kernel: layer.kh == layer.kw,
            bias: layer.bias,
            groups: layer.groups,
            stride: p.stride.map(|s| s.to_string()),
            padding: p.padding.map(|s| s.to_string()),
            stack_kernel: stack.map(|(k, _)| kernel_tex(k, k)),
            stack_depth: stack.map(|(_, d)| d),
        }
    }
}

fn shape_tex(dims: &[i64]) -> String {
    let parts: Vec<String> = dims.iter().map(i64::to_string).collect();
    format!("[{}]", parts.join(r" \times "))
}

fn kernel_tex(kh: i64, kw: i64) -> String {
    format!(r"{kh} \times {kw}")
}
