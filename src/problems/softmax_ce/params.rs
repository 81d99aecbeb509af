//! The params of `softmax-ce` (the JSON contract of `solve`) and their check into [`Checked`].
//! A logit may be written as the natural logarithm of a positive number (`"ln 3"`,
//! `"ln(3/2)"`, see [`LogNum`]): e^z is then that number, so the softmax stays exact.

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::Result;
use crate::num::Q;
use crate::problems::log_num::{LogNum, LogTensor};
use crate::problems::nested::Nested;
use crate::problems::params::Num;

/// At most this many classes.
pub const MAX_CLASSES: usize = 16;
/// At most this many examples in a batch.
pub const MAX_BATCH: usize = 16;
/// `|z / T|` beyond this makes e^z unreadable in a worked solution.
pub const MAX_ABS_LOGIT: i64 = 50;

/// PyTorch's `reduction` over a batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reduction {
    /// Mean over the batch (the default).
    #[default]
    Mean,
    /// Sum over the batch.
    Sum,
}

/// What turns logits into probabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// The softmax over the classes (PyTorch's `F.cross_entropy`).
    #[default]
    Softmax,
    /// A sigmoid per class, then the categorical cross-entropy -sum y_i ln y_hat_i (seed 5.3).
    Sigmoid,
}

/// Params of `softmax-ce`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// One example's logits `[K]` or a batch `[[K], ...]`.
    pub logits: LogTensor,
    /// The true class (0-based), or one per example.
    pub target: Nested,
    /// Divides the logits before the softmax (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<Num>,
    /// `mean` (default) or `sum` over a batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction: Option<Reduction>,
    /// `softmax` (default) or `sigmoid`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub activation: Activation,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Checked params.
#[derive(Clone, Debug)]
pub struct Checked {
    /// One row of logits per example.
    pub rows: Vec<Vec<LogNum>>,
    /// Whether the logits are a batch.
    pub batch: bool,
    /// The true class of each example.
    pub targets: Vec<usize>,
    /// The temperature.
    pub t: Q,
    /// The batch reduction.
    pub reduction: Reduction,
    /// Softmax or sigmoid.
    pub activation: Activation,
}

impl Checked {
    /// Validates params (every rule names its field).
    pub fn new(p: &Params) -> Result<Checked> {
        let rows = &p.logits.rows;
        ensure!(
            !rows.is_empty(),
            "field `logits`: needs at least one example"
        );
        ensure!(
            rows.len() <= MAX_BATCH,
            "field `logits`: {} examples is more than the limit of {MAX_BATCH}",
            rows.len()
        );
        let k = rows[0].len();
        ensure!(
            (2..=MAX_CLASSES).contains(&k),
            "field `logits`: expected 2 to {MAX_CLASSES} classes, got {k}"
        );
        ensure!(
            rows.iter().all(|r| r.len() == k),
            "field `logits`: every example needs the same {k} classes"
        );
        let t = p.temperature.as_ref().map_or_else(Q::one, |n| n.0.clone());
        ensure!(
            t.is_positive() && t <= Q::int(100) && t >= Q::frac(1, 100),
            "field `temperature`: must be between 1/100 and 100, got {t}"
        );
        if p.activation == Activation::Sigmoid {
            ensure!(
                t == Q::one(),
                "field `temperature`: a temperature scales a softmax; the sigmoid variant has none"
            );
        }
        let limit = Q::int(MAX_ABS_LOGIT);
        for row in rows {
            for z in row {
                if let LogNum::Number(q) = z {
                    ensure!(
                        (q / &t).abs() <= limit,
                        "field `logits`: {q} / T is beyond ±{MAX_ABS_LOGIT}, where e^z is too large to write out"
                    );
                }
                if let LogNum::Ln(a) = z {
                    ensure!(
                        *a <= Q::int(1_000_000) && *a >= Q::frac(1, 1_000_000),
                        "field `logits`: ln({a}) needs a number between 1/1000000 and 1000000"
                    );
                }
            }
        }
        let expected: Vec<usize> = if p.logits.batch {
            vec![rows.len()]
        } else {
            vec![]
        };
        ensure!(
            p.target.shape == expected,
            "field `target`: expected {} for {}, got {}",
            if p.logits.batch {
                format!("a list of {} class indices", rows.len())
            } else {
                "one class index".to_string()
            },
            if p.logits.batch {
                "a batch"
            } else {
                "one example"
            },
            p.target.shape_text()
        );
        let mut targets = Vec::new();
        for v in &p.target.data {
            let i = v
                .to_i64()
                .filter(|&i| v.is_integer() && i >= 0 && (i as usize) < k);
            let Some(i) = i else {
                return Err(crate::error::Error::Invalid(format!(
                    "field `target`: a class index must be an integer from 0 to {}, got {v}",
                    k - 1
                )));
            };
            targets.push(i as usize);
        }
        Ok(Checked {
            rows: rows.clone(),
            batch: p.logits.batch,
            targets,
            t,
            reduction: p.reduction.unwrap_or_default(),
            activation: p.activation,
        })
    }

    /// The variant the params describe.
    pub fn variant(&self) -> &'static str {
        if self.activation == Activation::Sigmoid {
            "sigmoid"
        } else if self.t != Q::one() {
            "temperature"
        } else if self.batch {
            "batch"
        } else {
            "single"
        }
    }

    /// Classes.
    pub fn classes(&self) -> usize {
        self.rows[0].len()
    }
}
