//! The params of `regularization` (the JSON contract of `solve`) and their check into
//! [`Checked`]. A weight may be written `"ln a"` ([`LogNum`]), which keeps e^-w and cosh w exact.

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::Result;
use crate::num::Q;
use crate::problems::log_num::{LogNum, LogTensor};
use crate::problems::nested::Nested;
use crate::problems::params::Num;

/// At most this many weights.
pub const MAX_WEIGHTS: usize = 64;
/// `|w|` beyond this makes e^|w| unreadable.
pub const MAX_ABS_WEIGHT: i64 = 30;

/// The penalty on each weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regularizer {
    /// lambda * sum w^2.
    L2,
    /// lambda * sum |w|.
    L1,
    /// lambda * sum e^-w (seed 5.1).
    ExpNeg,
    /// lambda * sum (cosh w - 1) (seed 5.2).
    Cosh,
}

impl Regularizer {
    /// The variant name (`l2`, `l1`, `exp-neg`, `cosh`).
    pub fn name(self) -> &'static str {
        match self {
            Regularizer::L2 => "l2",
            Regularizer::L1 => "l1",
            Regularizer::ExpNeg => "exp-neg",
            Regularizer::Cosh => "cosh",
        }
    }
}

/// Params of `regularization`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The weights: a vector `[p]` or a matrix `[[p], ...]`.
    pub w: LogTensor,
    /// `l2`, `l1`, `exp-neg` or `cosh`.
    pub regularizer: Regularizer,
    /// The strength lambda (at least 0).
    pub lambda: Num,
    /// The data loss's gradient dL/dw, shaped like `w` (needs `lr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_grad: Option<Nested>,
    /// The learning rate of one plain gradient-descent step on data loss plus regularizer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr: Option<Num>,
}

/// Checked params, the weights flattened row-major.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The weights.
    pub w: Vec<LogNum>,
    /// Weights per row.
    pub cols: usize,
    /// Whether `w` is a matrix.
    pub matrix: bool,
    /// The regularizer.
    pub regularizer: Regularizer,
    /// Lambda.
    pub lambda: Q,
    /// The step, if asked: learning rate and data gradient (zeros when not given).
    pub step: Option<(Q, Vec<Q>, bool)>,
}

impl Checked {
    /// Validates params (every rule names its field).
    pub fn new(p: &Params) -> Result<Checked> {
        let rows = &p.w.rows;
        let cols = rows.first().map_or(0, Vec::len);
        ensure!(
            cols >= 1 && rows.iter().all(|r| r.len() == cols),
            "field `w`: expected a non-empty vector or a matrix with rows of equal length"
        );
        let w: Vec<LogNum> = rows.concat();
        ensure!(
            w.len() <= MAX_WEIGHTS,
            "field `w`: {} weights is more than the limit of {MAX_WEIGHTS}",
            w.len()
        );
        for v in &w {
            match v {
                LogNum::Number(q) => ensure!(
                    q.abs() <= Q::int(MAX_ABS_WEIGHT),
                    "field `w`: {q} is beyond ±{MAX_ABS_WEIGHT}, where e^|w| is too large to write out"
                ),
                LogNum::Ln(a) => ensure!(
                    *a <= Q::int(1_000_000) && *a >= Q::frac(1, 1_000_000),
                    "field `w`: ln({a}) needs a number between 1/1000000 and 1000000"
                ),
            }
        }
        let lambda = p.lambda.0.clone();
        ensure!(
            !lambda.is_negative() && lambda <= Q::int(1000),
            "field `lambda`: must be between 0 and 1000, got {lambda}"
        );
        let shape: Vec<usize> = if p.w.batch {
            vec![rows.len(), cols]
        } else {
            vec![cols]
        };
        let step = match (&p.lr, &p.data_grad) {
            (None, Some(_)) => {
                return Err(crate::error::Error::Invalid(
                    "field `data_grad`: the data gradient only enters the step; give `lr` too"
                        .into(),
                ));
            }
            (None, None) => None,
            (Some(lr), g) => {
                ensure!(
                    lr.0.is_positive() && lr.0 <= Q::int(100),
                    "field `lr`: must be above 0 and at most 100, got {}",
                    lr.0
                );
                let grad = match g {
                    Some(g) => {
                        ensure!(
                            g.shape == shape,
                            "field `data_grad`: expected the shape of `w`, got {}",
                            g.shape_text()
                        );
                        g.data.clone()
                    }
                    None => vec![Q::zero(); w.len()],
                };
                Some((lr.0.clone(), grad, g.is_some()))
            }
        };
        Ok(Checked {
            w,
            cols,
            matrix: p.w.batch,
            regularizer: p.regularizer,
            lambda,
            step,
        })
    }
}
