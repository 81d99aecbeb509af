//! The regularizer's value and gradient per weight, and the gradient step, as [`Real`]s (exact
//! where the weights allow).

use super::params::{Checked, Regularizer};
use crate::num::{Q, Real};
use crate::problems::log_num::LogNum;

/// Everything the answers and steps need.
pub struct Computed {
    /// r(w_i) per weight (the penalty without lambda).
    pub penalties: Vec<Real>,
    /// lambda * sum r(w_i).
    pub loss: Real,
    /// dR/dw_i.
    pub grad: Vec<Real>,
    /// w after one step, if asked.
    pub next: Option<Vec<Real>>,
    /// The change lr * (g + dR/dw) per weight, if asked.
    pub moves: Option<Vec<Real>>,
}

/// cosh of a weight: (a + 1/a)/2 for `ln a`.
fn cosh(w: &LogNum) -> Real {
    let half = Real::Exact(Q::frac(1, 2));
    &(&w.exp() + &w.exp_neg()) * &half
}

/// sinh of a weight: (a - 1/a)/2 for `ln a`.
fn sinh(w: &LogNum) -> Real {
    let half = Real::Exact(Q::frac(1, 2));
    &(&w.exp() - &w.exp_neg()) * &half
}

/// The sign of a weight (0 at 0: PyTorch's gradient of |w| there).
fn sign(w: &LogNum) -> Q {
    let v = w.value();
    let v = v.value();
    if v.is_positive() {
        Q::one()
    } else if v.is_negative() {
        -Q::one()
    } else {
        Q::zero()
    }
}

/// Solves checked params.
pub fn compute(c: &Checked) -> Computed {
    let lambda = Real::Exact(c.lambda.clone());
    let one = Real::Exact(Q::one());
    let (penalties, unit_grads): (Vec<Real>, Vec<Real>) =
        c.w.iter()
            .map(|w| match c.regularizer {
                Regularizer::L2 => {
                    let v = w.value();
                    (&v * &v, &Real::Exact(Q::int(2)) * &v)
                }
                Regularizer::L1 => {
                    let s = Real::Exact(sign(w));
                    (&s * &w.value(), s)
                }
                Regularizer::ExpNeg => (w.exp_neg(), -&w.exp_neg()),
                Regularizer::Cosh => (&cosh(w) - &one, sinh(w)),
            })
            .unzip();
    let total = penalties
        .iter()
        .fold(Real::Exact(Q::zero()), |acc, v| &acc + v);
    let grad: Vec<Real> = unit_grads.iter().map(|g| &lambda * g).collect();
    let (next, moves) = match &c.step {
        Some((lr, data, _)) => {
            let lr = Real::Exact(lr.clone());
            let moves: Vec<Real> = grad
                .iter()
                .zip(data)
                .map(|(r, g)| &lr * &(&Real::Exact(g.clone()) + r))
                .collect();
            let next =
                c.w.iter()
                    .zip(&moves)
                    .map(|(w, m)| &w.value() - m)
                    .collect();
            (Some(next), Some(moves))
        }
        None => (None, None),
    };
    Computed {
        penalties,
        loss: &lambda * &total,
        grad,
        next,
        moves,
    }
}
