//! The sampler's test of the calculator-free rule (`exam`) on one parameter: the run of
//! `algorithms.rs` in exact rationals ([`ExamRule`]), stopped at the first value the worked steps
//! would show that is not small, at the first root that is not exact and at a division by zero.
//!
//! The optimizers are elementwise, so a parameter passes or fails on its own numbers, and a
//! problem passes exactly when each of its parameters does.

use super::algorithms::{Arith, DivideFault, run_param};
use super::config::{Config, Source};
use super::sample::small;
use crate::num::Q;

/// Whether parameter `i` of `cfg` keeps every value of its run exact and small: theta_0 and, at
/// every step, the gradient, the gradient used (with L2), AdamW's decayed theta, m, v, m_hat,
/// v_hat, the root, the update and the new theta. A quadratic must curve upwards (a_i > 0).
pub fn calculator_free(cfg: &Config, i: usize) -> bool {
    if let Source::Quadratic { a, .. } = &cfg.source {
        if !a[i].is_positive() {
            return false;
        }
    }
    run_param::<ExamRule>(cfg, i, |_| {}).is_ok()
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
}
