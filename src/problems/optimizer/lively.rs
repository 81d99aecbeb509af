//! The rules against degenerate instances, at every difficulty (see the family's module docs).
//!
//! Per parameter (the optimizers are elementwise, so the sampler checks each parameter on its
//! own, see [`coordinate`]): theta changes at every step; the gradient the optimizer uses is
//! never exactly zero unless the data gradient is (an L2 term never cancels it; only `hard`
//! gives zero data gradients, on purpose); given gradients differ from one step to the next; a
//! quadratic does not start at its minimum. For the whole problem ([`whole`]): no step's
//! gradient is zero in every parameter, and where the problem asks for theta_1 with the other
//! bias correction, the factor (1 - beta1) / sqrt(1 - beta2) between the two first steps is not
//! 1, so the correction visibly changes theta_1.

use super::Algorithm;
use super::algorithms::Trace;
use super::config::{Config, Source};
use crate::num::Q;

/// Whether parameter `i` of the run `trace` of `cfg` breaks none of the per-parameter rules.
pub fn coordinate(cfg: &Config, trace: &Trace, i: usize) -> bool {
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
    trace.steps.iter().enumerate().all(|(t, step)| {
        let moved = step.theta[i].value() != trace.theta(t)[i].value();
        let cancelled = step.grad_used[i].value().is_zero() && !step.grad[i].value().is_zero();
        moved && !cancelled
    })
}

/// Whether the whole problem breaks none of the rules: every parameter passes [`coordinate`],
/// no step's gradient is zero everywhere, and the bias-correction factor is not 1 where the
/// problem asks about it.
pub fn whole(cfg: &Config, trace: &Trace) -> bool {
    (0..cfg.dim()).all(|i| coordinate(cfg, trace, i))
        && trace
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
