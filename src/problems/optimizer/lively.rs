//! The rules against degenerate instances, at every difficulty (see the family's module docs).
//!
//! Per parameter ([`coordinate`], on the run of that parameter alone: the optimizers are
//! elementwise): theta changes at every step; the gradient the optimizer uses is never exactly
//! zero unless the data gradient is (an L2 term never cancels it; only `hard` gives zero data
//! gradients, on purpose); given gradients differ from one step to the next; a quadratic does
//! not start at its minimum. Across the parameters ([`across`]): no step's gradient is zero in
//! every parameter, and where the problem asks for theta_1 with the other bias correction, the
//! factor (1 - beta1) / sqrt(1 - beta2) between the two first steps is not 1, so the correction
//! visibly changes theta_1.

use super::Algorithm;
use super::algorithms::{Arith, ParamStep, Trace};
use super::config::{Config, Source};
use crate::num::Q;

/// Whether parameter `i` of `cfg`, whose run made `steps`, breaks none of the per-parameter
/// rules.
pub fn coordinate<A: Arith>(cfg: &Config, i: usize, steps: &[ParamStep<A::N>]) -> bool {
    if let Source::Quadratic { c, .. } = &cfg.source {
        if cfg.theta0[i] == c[i] {
            return false;
        }
    }
    if let Source::Grads(rows) = &cfg.source {
        if rows.windows(2).any(|w| w[0][i] == w[1][i]) {
            return false;
        }
    }
    let mut before = &cfg.theta0[i];
    steps.iter().all(|step| {
        let theta = A::value(&step.theta);
        let moved = theta != before;
        before = theta;
        let cancelled = A::value(&step.grad_used).is_zero() && !A::value(&step.grad).is_zero();
        moved && !cancelled
    })
}

/// Whether the whole problem breaks none of the rules across its parameters: no step's
/// gradient is zero everywhere, and the bias-correction factor is not 1 where the problem asks
/// about it. (With [`coordinate`] for every parameter, these are all the rules.)
pub fn across(cfg: &Config, trace: &Trace) -> bool {
    trace
        .steps
        .iter()
        .all(|s| s.grad.iter().any(|g| !g.value().is_zero()))
        && bias_factor_is_not_one(cfg)
}
/// Adam without L2 asks for theta_1 with the other bias correction: at t = 1 the two differ by
/// the factor (1 - beta1) / sqrt(1 - beta2), which must not be 1 (it is 1 for beta1 = 1/2,
/// beta2 = 3/4).
pub fn bias_factor_is_not_one(cfg: &Config) -> bool {
    if cfg.algorithm != Algorithm::Adam || cfg.l2() {
        return true;
    }
    let keep1 = Q::one() - &cfg.beta1;
    // (1 - beta1)^2 = 1 - beta2 exactly when the factor is 1.
    &keep1 * &keep1 != Q::one() - &cfg.beta2
}
