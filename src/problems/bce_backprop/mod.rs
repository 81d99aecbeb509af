//! `bce-backprop`: Linear -> Sigmoid -> BCELoss, forward and backward by the chain rule.
//!
//! `z = XW + b`, `y_hat = sigma(z)`, `L = BCELoss(y_hat, y)` (PyTorch: mean over the batch by
//! default, or sum). Answers: `z`, `y_hat`, `loss`, `dL_dyhat`, `dL_dz`, `dL_dW`, `dL_db`, the
//! text answer `cache`, and `dL_dW_sign` where the sign argument holds (non-negative inputs, one
//! label for the whole batch). Solved on the [`crate::engine`] graph, exactly where the math is
//! rational.
//!
//! **The sheet gives what is not rational.** `z` is always rational; `sigma(z)` is rational only at
//! `z = 0` (`1/2`). Whenever a prediction is irrational, the statement prints every prediction
//! and the loss rounded to `r` places (the one rule [`crate::num::Q::round_to`] on the exact
//! value; `r = 3`, one more for each factor of ten a prediction or its complement falls below
//! 0.1), as the exam prints its forward pass. The tolerances of the answers follow from that
//! rounding (see [`tolerance`]). The loss itself is never rational (`-ln(1/2) = ln 2`); its
//! answer carries the closed form when the predictions are rational.
//!
//! **Calculator-free rule (`exam`).** Inputs are small non-negative integers (0..=3, the output
//! of a ReLU), weights integers in -3..=3, the bias an integer in -2..=2, 2 to 5 inputs and
//! batches of 2 to 4. Every `z` is an integer: `z = 0` in `single` and `label-0` (so
//! `y_hat = 1/2` and everything is a short fraction), `|z| <= 2` in `rounded` and `|z| <= 1` in
//! batches; whenever `z != 0` the predictions and the loss are printed on the sheet, so no
//! sigmoid, exponential or logarithm is ever evaluated by hand and the rest is short arithmetic.
//! Exact answers have denominators dividing `2n`.
//!
//! **Realistic numbers.** At every difficulty `|z| <= 4.5`, so `0.01 < y_hat < 0.99` (no saturated
//! sigmoid), and at least two weights are non-zero, some of them meeting a non-zero input. `practice` adds halves; `hard` adds quarters and negative inputs (the sign question
//! then disappears). Input for `solve` may saturate up to `|z| <= 25` (beyond that PyTorch's
//! gradient clamp at 1e-12 would act); at most 32 inputs and 16 examples.

mod sample;
mod solve;
#[cfg(test)]
mod tests;
mod text;
pub mod tolerance;

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::nested::Nested;
use super::params::Num;
use super::{Difficulty, Family, Solved};
use crate::engine::Reduction;
use crate::ensure;
use crate::error::Result;
use crate::num::Q;

/// The `bce-backprop` family.
pub struct BceBackprop;

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
                zi.to_decimal_string(2),
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
        } else if !self.z[0].is_zero() {
            "rounded"
        } else if self.y[0].is_zero() {
            "label-0"
        } else {
            "single"
        }
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

impl Family for BceBackprop {
    type Params = Params;
    const ID: &'static str = "bce-backprop";
    const TITLE: &'static str = "Backpropagation through Linear, Sigmoid and BCE";
    const VARIANTS: &'static [&'static str] =
        &["single", "label-0", "rounded", "batch", "batch-sum"];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant)
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(&Checked::new(params)?)
    }
}
