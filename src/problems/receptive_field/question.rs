//! The question facts of `receptive-field`: what `templates/receptive_field/question.md` reads.

use serde::Serialize;

use super::params::{Checked, Layer, Op};

/// One layer as the statement names it.
#[derive(Serialize)]
pub struct LayerFacts {
    /// `conv2d`, `max_pool2d` or `avg_pool2d`.
    pub op: &'static str,
    /// The kernel, `k_h \times k_w`.
    pub kernel: String,
    /// The stride (the kernel when PyTorch's pooling default applies).
    pub stride: String,
    /// Whether a pooling stride is PyTorch's default (the kernel size).
    pub stride_default: bool,
    /// The dilation when not 1.
    pub dilation: Option<String>,
    /// The padding when not 0.
    pub padding: Option<String>,
}

/// The facts of one question.
#[derive(Serialize)]
pub struct Facts {
    /// The variant (`match` asks the matching question).
    pub variant: &'static str,
    /// The layers of a stack, input side first.
    pub layers: Vec<LayerFacts>,
    /// Match: the large kernel.
    pub big: Option<i64>,
    /// Match: the small kernel.
    pub small: Option<i64>,
    /// Match: input channels.
    pub c_in: Option<i64>,
    /// Match: output channels.
    pub c_out: Option<i64>,
}

fn pair(v: [i64; 2]) -> String {
    if v[0] == v[1] {
        v[0].to_string()
    } else {
        format!("({}, {})", v[0], v[1])
    }
}

fn layer(l: &Layer) -> LayerFacts {
    LayerFacts {
        op: l.op.name(),
        stride_default: l.stride_default && l.op != Op::Conv2d,
        kernel: format!(r"{} \times {}", l.k[0], l.k[1]),
        stride: pair(l.s),
        dilation: (l.d != [1, 1]).then(|| pair(l.d)),
        padding: (l.p != [0, 0]).then(|| pair(l.p)),
    }
}

impl Facts {
    /// The facts of checked params.
    pub fn new(c: &Checked, variant: &'static str) -> Facts {
        match c {
            Checked::Stack(layers) => Facts {
                variant,
                layers: layers.iter().map(layer).collect(),
                big: None,
                small: None,
                c_in: None,
                c_out: None,
            },
            Checked::Match(big, small, c_in, c_out) => Facts {
                variant,
                layers: Vec::new(),
                big: Some(*big),
                small: Some(*small),
                c_in: Some(*c_in),
                c_out: Some(*c_out),
            },
        }
    }
}
