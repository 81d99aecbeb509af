//! The params of `bce-backprop` (the JSON contract of `solve`), their limits, and their check
//! into [`Checked`] with `z = XW + b` computed.

use serde::{Deserialize, Serialize};

use crate::engine::Reduction;
use crate::ensure;
use crate::error::Result;
use crate::num::{Q, Real};
use crate::problems::nested::Nested;
use crate::problems::params::Num;

/// PyTorch's `reduction` of `BCELoss`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReductionArg {
    /// Mean over the batch (the default).
    Mean,
    /// Sum over the batch.
    Sum,
}

/// Params of `bce-backprop`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// One input `[d]` or a batch `[[d], ...]`.
    pub x: Nested,
    /// The weights `[d]`.
    pub w: Vec<Num>,
    /// The bias (default 0).
    #[serde(default = "zero")]
    pub b: Num,
    /// The label (0 or 1), or one per example.
    pub y: Nested,
    /// `mean` (default) or `sum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction: Option<ReductionArg>,
}

fn zero() -> Num {
    Num(Q::zero())
}

/// At most this many inputs.
pub const MAX_INPUTS: usize = 32;
/// At most this many examples in a batch.
pub const MAX_BATCH: usize = 16;
/// `|z|` beyond this saturates the sigmoid past PyTorch's clamps.
pub const MAX_ABS_Z: i64 = 25;

/// Checked params.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Rows of X (one for a single input).
    pub x: Vec<Vec<Q>>,
    /// Whether `x` was given as a batch.
    pub batch: bool,
    /// The weights.
    pub w: Vec<Q>,
    /// The bias.
    pub b: Q,
    /// The labels, one per row.
    pub y: Vec<Q>,
    /// The reduction.
    pub reduction: Reduction,
    /// `z = XW + b` per row.
    pub z: Vec<Q>,
}

impl Checked {
    /// Validates params (every rule names its field).
    pub fn new(p: &Params) -> Result<Checked> {
        let d = p.w.len();
        ensure!(d >= 1, "field `w`: needs at least one weight");
        ensure!(
            d <= MAX_INPUTS,
            "field `w`: {d} weights is more than the limit of {MAX_INPUTS}"
        );
        let (x, batch) = match p.x.shape.as_slice() {
            [n] => {
                ensure!(
                    *n == d,
                    "field `x`: {n} inputs but `w` has {d} weights (they must match)"
                );
                (vec![p.x.data.clone()], false)
            }
            [n, m] => {
                ensure!(
                    *m == d,
                    "field `x`: rows of {m} inputs but `w` has {d} weights (they must match)"
                );
                ensure!(
                    *n <= MAX_BATCH,
                    "field `x`: a batch of {n} is more than the limit of {MAX_BATCH}"
                );
                (p.x.data.chunks(d).map(<[Q]>::to_vec).collect(), true)
            }
            _ => {
                return Err(crate::Error::invalid(format!(
                    "field `x`: expected one input [d] or a batch [[d], ...], got {}",
                    p.x.shape_text()
                )));
            }
        };
        let y = match (batch, p.y.shape.as_slice()) {
            (false, []) => p.y.data.clone(),
            (true, [n]) if *n == x.len() => p.y.data.clone(),
            (false, _) => {
                return Err(crate::Error::invalid(format!(
                    "field `y`: one input needs one label 0 or 1, got {}",
                    p.y.shape_text()
                )));
            }
            (true, _) => {
                return Err(crate::Error::invalid(format!(
                    "field `y`: a batch of {} needs a list of {} labels, got {}",
                    x.len(),
                    x.len(),
                    p.y.shape_text()
                )));
            }
        };
        for label in &y {
            ensure!(
                label.is_zero() || *label == Q::one(),
                "field `y`: label {label} must be 0 or 1"
            );
        }
        let z: Vec<Q> = x
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&p.w)
                    .fold(p.b.0.clone(), |acc, (xi, wi)| acc + xi * &wi.0)
            })
            .collect();
        for (i, zi) in z.iter().enumerate() {
            ensure!(
                zi.abs() <= Q::int(MAX_ABS_Z),
                "fields `x`, `w`, `b`: z = XW + b = {} for example {} is beyond ±{MAX_ABS_Z} (the sigmoid saturates and PyTorch's clamps act)",
                zi.decimal(2),
                i + 1
            );
        }
        let reduction = match p.reduction {
            Some(ReductionArg::Sum) => Reduction::Sum,
            _ => Reduction::Mean,
        };
        Ok(Checked {
            x,
            batch,
            w: p.w.iter().map(|n| n.0.clone()).collect(),
            b: p.b.0.clone(),
            y,
            reduction,
            z,
        })
    }

    /// The variant these params are (see [`BceBackprop::VARIANTS`]).
    pub fn variant(&self) -> &'static str {
        if self.batch {
            if self.reduction == Reduction::Sum {
                "batch-sum"
            } else {
                "batch"
            }
        } else if !self.two_places() {
            "rounded"
        } else if self.y[0].is_zero() {
            "label-0"
        } else {
            "single"
        }
    }

    /// Whether every prediction is printed with two places (or is exact): the calculator-free
    /// predictions (see [`super::tolerance::places`]).
    pub fn two_places(&self) -> bool {
        let y_hat: Vec<Real> = self
            .z
            .iter()
            .map(|z| Real::Exact(z.clone()).sigmoid())
            .collect();
        super::tolerance::two_places_suffice(&y_hat)
    }

    /// Whether every input is non-negative (as after a ReLU).
    pub fn relu_input(&self) -> bool {
        self.x.iter().flatten().all(|v| !v.is_negative())
    }

    /// The one label of the batch, if all agree.
    pub fn common_label(&self) -> Option<&Q> {
        self.y.iter().all(|l| *l == self.y[0]).then(|| &self.y[0])
    }
}
