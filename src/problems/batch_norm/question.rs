//! The question facts of `batch-norm`: what `templates/batch_norm/question.md` reads.

use serde::Serialize;

use super::params::Layer;
use super::show::{param, py, reals, row, tensor_of};
use crate::num::Real;

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
    /// Display lines of the input (`X = ...`, or one per example for rank 4).
    pub x: Vec<String>,
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
    /// Display lines of dL/dY, when the backward pass is asked.
    pub upstream: Option<Vec<String>>,
}

/// Display lines of a tensor: one line `name(None) = ...` for [N, C], one line
/// `name(Some(n)) = ...` per example n for rank 4.
pub fn lines(name: impl Fn(Option<usize>) -> String, shape: &[usize], values: &[Real]) -> Vec<String> {
    if shape.len() == 2 || shape[0] == 1 {
        return vec![format!("{} = {}", name(None), tensor_of(shape, values))];
    }
    let per = values.len() / shape[0];
    values
        .chunks(per)
        .enumerate()
        .map(|(n, chunk)| {
            let mut sub = shape.to_vec();
            sub[0] = 1;
            format!("{} = {}", name(Some(n + 1)), tensor_of(&sub, chunk))
        })
        .collect()
}

/// `X`, or `X_{2}` for example 2.
pub fn indexed(name: &str, n: Option<usize>) -> String {
    match n {
        None => name.to_string(),
        Some(n) => format!("{name}_{{{n}}}"),
    }
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
            x: lines(|n| indexed("X", n), &layer.shape, &reals(&layer.x)),
            gamma: vector(&layer.gamma),
            beta: vector(&layer.beta),
            running_mean: vector(&layer.running_mean),
            running_var: vector(&layer.running_var),
            eps: param(&layer.eps),
            eps_zero: layer.eps.is_zero(),
            momentum: param(&layer.momentum),
            code,
            upstream: layer.upstream.as_ref().map(|g| {
                lines(
                    |n| format!(r"\frac{{\partial L}}{{\partial {}}}", indexed("Y", n)),
                    &layer.shape,
                    &reals(g),
                )
            }),
        }
    }
}
