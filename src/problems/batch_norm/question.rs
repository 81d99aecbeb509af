//! The question facts of `batch-norm`: what `templates/batch_norm/question.md` reads.

use serde::Serialize;

use super::params::Layer;
use super::show::{param, reals, row, tensor_of};
use crate::num::Real;
use crate::problems::format::py;

/// The facts of one question: numbers written as LaTeX math, flags that pick the wording.
#[derive(Serialize)]
pub struct Facts {
    /// Whether the input is [N, C, H, W] (BatchNorm2d).
    pub rank4: bool,
    /// The input shape, `[4 \times 2]`.
    pub shape: String,
    /// What the axes are, `N \times C` or `N \times C \times H \times W`.
    pub layout: String,
    /// C.
    pub c: usize,
    /// Values per channel, m = N H W.
    pub m: usize,
    /// Training mode.
    pub train: bool,
    /// The display line of the input, `X = ...`.
    pub x: String,
    /// gamma, beta, running mean and variance, each one row.
    pub gamma: String,
    /// See `gamma`.
    pub beta: String,
    /// See `gamma`.
    pub running_mean: String,
    /// See `gamma`.
    pub running_var: String,
    /// eps.
    pub eps: String,
    /// Whether eps is 0 (the statement says why).
    pub eps_zero: bool,
    /// Momentum.
    pub momentum: String,
    /// The PyTorch call of the layer.
    pub code: String,
    /// The display line of dL/dY, when the backward pass is asked.
    pub upstream: Option<String>,
}

/// The display line `name = ...` of a tensor.
pub fn line(name: &str, shape: &[usize], values: &[Real]) -> String {
    format!("{name} = {}", tensor_of(shape, values))
}

impl Facts {
    /// The facts of a checked layer.
    pub fn new(layer: &Layer) -> Facts {
        let rank4 = layer.shape.len() == 4;
        let shape = format!(
            "[{}]",
            layer
                .shape
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(r" \times ")
        );
        let vector = |v| row(&super::show::entries(&reals(v)));
        let code = format!(
            "nn.BatchNorm{}d({}, eps={}, momentum={})",
            if rank4 { 2 } else { 1 },
            layer.channels(),
            py(&layer.eps),
            py(&layer.momentum)
        );
        Facts {
            rank4,
            shape,
            layout: if rank4 {
                r"N \times C \times H \times W".into()
            } else {
                r"N \times C".into()
            },
            c: layer.channels(),
            m: layer.per_channel(),
            train: layer.train,
            x: line("X", &layer.shape, &reals(&layer.x)),
            gamma: vector(&layer.gamma),
            beta: vector(&layer.beta),
            running_mean: vector(&layer.running_mean),
            running_var: vector(&layer.running_var),
            eps: param(&layer.eps),
            eps_zero: layer.eps.is_zero(),
            momentum: param(&layer.momentum),
            code,
            upstream: layer
                .upstream
                .as_ref()
                .map(|g| line(r"\frac{\partial L}{\partial Y}", &layer.shape, &reals(g))),
        }
    }
}
