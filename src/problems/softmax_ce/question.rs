//! The question facts of `softmax-ce`: what `templates/softmax_ce/question.md` reads.

use serde::Serialize;

use super::params::{Activation, Checked, Reduction};
use super::text::logits_tex;
use crate::num::Q;
use crate::problems::format::scalar_tex;
use crate::problems::log_num::LogNum;

/// The facts of one question.
#[derive(Serialize)]
pub struct Facts {
    /// Whether the logits are a batch (one example per row).
    pub batch: bool,
    /// Examples.
    pub n: usize,
    /// Classes.
    pub k: usize,
    /// The logits in LaTeX.
    pub logits: String,
    /// The target class, or the list of targets.
    pub target: String,
    /// The temperature when it is not 1.
    pub temperature: Option<String>,
    /// `mean` or `sum`.
    pub reduction: &'static str,
    /// Whether the outputs are sigmoids (seed 5.3) rather than a softmax.
    pub sigmoid: bool,
    /// Whether some logit is written as a logarithm.
    pub logs: bool,
    /// Whether the loss is a single exact logarithm (the statement asks for that form).
    pub exact_loss: bool,
    /// Whether the shift-and-scale sub-question is asked.
    pub scaling: bool,
    /// The PyTorch line of the loss (softmax only).
    pub code: Option<String>,
}

impl Facts {
    /// The facts of checked params.
    pub fn new(c: &Checked, exact_loss: bool) -> Facts {
        let target = if c.batch {
            let t: Vec<String> = c.targets.iter().map(usize::to_string).collect();
            format!("({})", t.join(", "))
        } else {
            c.targets[0].to_string()
        };
        let reduction = match c.reduction {
            Reduction::Mean => "mean",
            Reduction::Sum => "sum",
        };
        let sigmoid = c.activation == Activation::Sigmoid;
        let code = (!sigmoid).then(|| {
            let z = if c.t == Q::one() {
                "z".to_string()
            } else {
                match c.t.exact_decimal(4) {
                    Some(d) => format!("z / {d}"),
                    None => format!("z / ({})", c.t),
                }
            };
            let red = if c.batch && c.reduction == Reduction::Sum {
                ", reduction='sum'"
            } else {
                ""
            };
            format!("F.cross_entropy({z}, y{red})")
        });
        Facts {
            batch: c.batch,
            n: c.rows.len(),
            k: c.classes(),
            logits: logits_tex(c),
            target,
            temperature: (c.t != Q::one()).then(|| scalar_tex(&c.t)),
            reduction,
            sigmoid,
            logs: c.rows.iter().flatten().any(|z| matches!(z, LogNum::Ln(_))),
            exact_loss,
            scaling: !sigmoid && !c.batch && c.t == Q::one(),
            code,
        }
    }
}
