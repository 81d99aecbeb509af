//! The calculator-free rule (`exam`) on one parameter: the run of `algorithms.rs` in exact
//! rationals ([`ExamRule`]), stopped at the first value the worked steps would show that is not
//! small, at the first root that is not exact and at a division by zero.
//!
//! The optimizers are elementwise, so a parameter passes or fails on its own numbers, and a
//! problem passes exactly when each of its parameters does.

use super::algorithms::{Arith, DivideFault, ParamStep, Rates, param_steps};
use super::config::{Config, Source};
use crate::num::Q;

/// The integers and fractions of the exam rule: denominator at most 100, numerator at most 2000.
pub fn small(q: &Q) -> bool {
    q.small_parts()
        .is_some_and(|(n, d)| d <= 100 && n.unsigned_abs() <= 2000)
}

/// The steps of parameter `i` of `cfg` when every value of its run is exact and small: theta_0
/// and, at every step, the gradient, the gradient used (with L2), AdamW's decayed theta, m, v,
/// m_hat, v_hat, the root, the update and the new theta. A quadratic must curve upwards
/// (a_i > 0). `None` when the parameter breaks the rule.
pub fn calculator_free(
    cfg: &Config,
    rates: &Rates<ExamRule>,
    i: usize,
) -> Option<Vec<ParamStep<Q>>> {
    if let Source::Quadratic { a, .. } = &cfg.source {
        if !a[i].is_positive() {
            return None;
        }
    }
    param_steps(cfg, rates, i).ok()
}

/// Exact rationals under the exam rule: a shown value must be [`small`], a root exact (and
/// small), a denominator not zero.
pub struct ExamRule;

impl Arith for ExamRule {
    type N = Q;
    fn lift(q: &Q) -> Q {
        q.clone()
    }
    fn add(a: &Q, b: &Q) -> Q {
        a + b
    }
    fn sub(a: &Q, b: &Q) -> Q {
        a - b
    }
    fn mul(a: &Q, b: &Q) -> Q {
        a * b
    }
    fn div(a: &Q, b: &Q) -> Q {
        a / b
    }
    fn shown(x: Q) -> Option<Q> {
        small(&x).then_some(x)
    }
    fn root(x: &Q) -> Option<Q> {
        x.sqrt_exact().filter(small)
    }
    fn fault(den: &Q) -> Option<DivideFault> {
        den.is_zero().then_some(DivideFault::Zero)
    }
    fn value(x: &Q) -> &Q {
        x
    }
}
