//! The question facts of `regularization`: what `templates/regularization/question.md` reads.

use serde::Serialize;

use super::params::Checked;
use super::text::{formula, weights_tex};
use crate::problems::format::{scalar_tex, tensor_tex};
use crate::problems::log_num::LogNum;

/// The facts of one question.
#[derive(Serialize)]
pub struct Facts {
    /// `l2`, `l1`, `exp-neg` or `cosh`.
    pub regularizer: &'static str,
    /// The penalty per weight, `r(w_i)` in LaTeX.
    pub formula: &'static str,
    /// Lambda.
    pub lambda: String,
    /// The weights.
    pub w: String,
    /// Whether `w` is a matrix.
    pub matrix: bool,
    /// Whether some weight is written as a logarithm.
    pub logs: bool,
    /// The learning rate, if a step is asked.
    pub lr: Option<String>,
    /// The data gradient, if given.
    pub data_grad: Option<String>,
}

impl Facts {
    /// The facts of checked params.
    pub fn new(c: &Checked) -> Facts {
        let (lr, data_grad) = match &c.step {
            Some((lr, g, given)) => (Some(scalar_tex(lr)), given.then(|| tensor_tex(g, c.cols))),
            None => (None, None),
        };
        Facts {
            regularizer: c.regularizer.name(),
            formula: formula(c.regularizer),
            lambda: scalar_tex(&c.lambda),
            w: weights_tex(c),
            matrix: c.matrix,
            logs: c.w.iter().any(|w| matches!(w, LogNum::Ln(_))),
            lr,
            data_grad,
        }
    }
}
