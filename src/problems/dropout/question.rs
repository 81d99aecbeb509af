//! The question facts of `dropout`: what `templates/dropout/question.md` reads.

use serde::Serialize;

use super::params::{Checked, Mode, Scaling};
use crate::num::Q;
use crate::problems::format::{scalar_tex, tensor_tex};

/// The facts of one question: tensors written as LaTeX math, flags that pick the wording.
#[derive(Serialize)]
pub struct Facts {
    /// Whether `x` is a batch (rows).
    pub batch: bool,
    /// The drop probability.
    pub p: String,
    /// The input.
    pub x: String,
    /// The mask (training only).
    pub mask: Option<String>,
    /// dL/dy, if the backward pass is asked.
    pub upstream: Option<String>,
    /// Whether the layer is in evaluation mode.
    pub eval: bool,
    /// Whether the layer scales at test time (the original paper), not in training.
    pub test_time: bool,
    /// The PyTorch layer (`nn.Dropout(p=0.25)`); none for test-time scaling.
    pub code: Option<String>,
}

impl Facts {
    /// The facts of checked params.
    pub fn new(c: &Checked) -> Facts {
        let cols = c.cols();
        let p_code = match c.p.exact_decimal(15) {
            Some(d) => d.to_string(),
            None => c.p.to_string(),
        };
        let mask = c.mask.as_ref().map(|m| {
            let ones: Vec<Q> = m
                .iter()
                .map(|&k| if k { Q::one() } else { Q::zero() })
                .collect();
            tensor_tex(&ones, cols)
        });
        Facts {
            batch: c.batch(),
            p: scalar_tex(&c.p),
            x: tensor_tex(&c.x, cols),
            mask,
            upstream: c.upstream.as_ref().map(|u| tensor_tex(u, cols)),
            eval: c.mode == Mode::Eval,
            test_time: c.scaling == Scaling::TestTime,
            code: (c.scaling == Scaling::Inverted).then(|| format!("nn.Dropout(p={p_code})")),
        }
    }
}
