//! The question facts of `resblock`: what `templates/resblock/question.md` reads.

use serde::Serialize;

use super::solve::{Ids, exact};
use super::text;
use super::{Checked, Conv};
use crate::engine::Graph;
use crate::engine::tex::tensor;
use crate::num::Real;
use crate::tensor::Tensor;

/// The facts of one question: tensors and shapes written as LaTeX math.
#[derive(Serialize)]
pub struct Facts {
    /// `F_2`.
    pub f2: String,
    /// Shape of `F_2`.
    pub f2_shape: String,
    /// Shape of `G_1`.
    pub g1_shape: String,
    /// Shape of `G_2`.
    pub g2_shape: String,
    /// Shape of `F_3`.
    pub f3_shape: String,
    /// The 1x1 convolution.
    pub conv1: ConvFacts,
    /// The k x k convolution.
    pub conv2: ConvFacts,
    /// `dL/dF_3`.
    pub upstream: String,
    /// Whether `dL/dF_3` is the default (all ones).
    pub default_upstream: bool,
    /// The hint on the order of the body's ops, when the shapes cannot tell it.
    pub hint: Option<String>,
}

/// One convolution as the statement gives it.
#[derive(Serialize)]
pub struct ConvFacts {
    /// The weight tensor.
    pub weight: String,
    /// The biases, comma-separated.
    pub bias: String,
    /// Kernel size.
    pub k: usize,
    /// Input channels.
    pub c_in: usize,
    /// Output channels.
    pub c_out: usize,
    /// Dilation.
    pub dilation: usize,
}

impl ConvFacts {
    fn new(conv: &Conv) -> ConvFacts {
        ConvFacts {
            weight: tensor(&exact::<Real>(&conv.shape, &conv.weight)).to_string(),
            bias: conv
                .bias
                .iter()
                .map(|q| q.tex().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            k: conv.k(),
            c_in: conv.input(),
            c_out: conv.out(),
            dilation: conv.dilation,
        }
    }
}

impl Facts {
    /// The facts of checked params, with the block's values from its graph.
    pub fn new(c: &Checked, g: &Graph<Real>, ids: &Ids, upstream: &Tensor<Real>) -> Facts {
        Facts {
            f2: tensor(g.value(ids.f2)).to_string(),
            f2_shape: shape_tex(&c.shape),
            g1_shape: shape_tex(g.value(ids.g1).shape()),
            g2_shape: shape_tex(g.value(ids.g2).shape()),
            f3_shape: shape_tex(g.value(ids.f3).shape()),
            conv1: ConvFacts::new(&c.conv1),
            conv2: ConvFacts::new(&c.conv2),
            upstream: tensor(upstream).to_string(),
            default_upstream: c.default_upstream,
            hint: text::order_hint(c),
        }
    }
}

/// `[1 \times 2 \times 4 \times 4]`.
fn shape_tex(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("[{}]", dims.join(r" \times "))
}
