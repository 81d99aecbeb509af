//! The sampler's fast test of the calculator-free rule (`exam`) on one parameter.
//!
//! The optimizers are elementwise, so a parameter passes or fails on its own numbers. The test
//! runs that parameter's steps on plain exact rationals ([`Q`], word-sized for these numbers:
//! no vectors, no [`crate::num::Real`], no trace) and gives up at the first value the worked
//! steps would show that is not small, at the first root that is not exact and at a division by
//! zero. It checks exactly the values [`algorithms::run`](super::algorithms::run) records, with
//! the same exact arithmetic, so it accepts exactly the parameters whose run is exact and small;
//! only the final check of a whole problem needs the real solver.

use super::Algorithm;
use super::config::{Config, Source};
use super::sample::small;
use crate::num::Q;

/// Whether parameter `i` of `cfg` keeps every value of its run exact and small: theta_0 and, at
/// every step, the gradient, the gradient used (with L2), AdamW's decayed theta, m, v, m_hat,
/// v_hat, the root, the update and the new theta. A quadratic must curve upwards (a_i > 0).
pub fn calculator_free(cfg: &Config, i: usize) -> bool {
    run(cfg, i).is_some()
}

/// `q` when it is small (an exam number), else `None`: the early exit of [`run`].
fn kept(q: Q) -> Option<Q> {
    small(&q).then_some(q)
}

/// The steps of parameter `i`; `None` at the first value that breaks the rule.
fn run(cfg: &Config, i: usize) -> Option<()> {
    if let Source::Quadratic { a, .. } = &cfg.source {
        if !a[i].is_positive() {
            return None;
        }
    }
    let one = Q::one();
    let decay = &one - &(&cfg.lr * &cfg.weight_decay);
    // The weights of the running averages, computed once for all steps.
    let (keep1, keep2) = (&one - &cfg.beta1, &one - &cfg.beta2);
    let mut theta = kept(cfg.theta0[i].clone())?;
    let (mut m, mut v) = (Q::zero(), Q::zero());
    for t in 1..=cfg.steps {
        let grad = kept(match &cfg.source {
            Source::Grads(rows) => rows[t - 1][i].clone(),
            Source::Quadratic { a, c } => &(&Q::int(2) * &a[i]) * &(&theta - &c[i]),
        })?;
        let g = if cfg.l2() {
            kept(&grad + &(&cfg.weight_decay * &theta))?
        } else {
            grad
        };
        let base = if cfg.algorithm == Algorithm::Adamw {
            kept(&decay * &theta)?
        } else {
            theta
        };
        let update = match cfg.algorithm {
            Algorithm::Sgd => &cfg.lr * &g,
            Algorithm::Momentum => {
                m = kept(&(&cfg.momentum * &m) + &g)?;
                &cfg.lr * &m
            }
            Algorithm::Rmsprop => {
                v = kept(average(&cfg.beta2, &keep2, &v, &(&g * &g)))?;
                divided(cfg, &g, &v)?
            }
            Algorithm::Adam | Algorithm::Adamw => {
                m = kept(average(&cfg.beta1, &keep1, &m, &g))?;
                v = kept(average(&cfg.beta2, &keep2, &v, &(&g * &g)))?;
                if cfg.bias_correction {
                    let t_pow = u32::try_from(t).expect("steps are at most 20");
                    let m_hat = kept(&m / &(&one - &cfg.beta1.pow(t_pow)))?;
                    let v_hat = kept(&v / &(&one - &cfg.beta2.pow(t_pow)))?;
                    divided(cfg, &m_hat, &v_hat)?
                } else {
                    divided(cfg, &m, &v)?
                }
            }
        };
        theta = kept(&base - &kept(update)?)?;
    }
    Some(())
}

/// The running average `beta * old + (1 - beta) * new`, with `keep = 1 - beta`.
fn average(beta: &Q, keep: &Q, old: &Q, new: &Q) -> Q {
    &(beta * old) + &(keep * new)
}

/// `lr * num / (sqrt(den) + eps)`, when the root is exact and small and the denominator is not
/// zero (the exact run refuses a zero denominator).
fn divided(cfg: &Config, num: &Q, den: &Q) -> Option<Q> {
    let root = kept(den.sqrt_exact()?)?;
    let denominator = &root + &cfg.eps;
    (!denominator.is_zero()).then(|| &(&cfg.lr * num) / &denominator)
}
