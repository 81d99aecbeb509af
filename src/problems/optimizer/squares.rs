//! A necessary condition of the calculator-free rule, tested before the exact run: every second
//! moment whose root the steps take (Adam's and AdamW's `v_hat_t`, RMSProp's `v_t`) must be the
//! square of a rational.
//!
//! Most exam candidates fail exactly there, and the test costs a few integer operations where the
//! exact run costs thousands. It only ever says "no" when the exact run would refuse the
//! candidate too, so the sampler keeps the same candidates.
//!
//! The test needs the gradients used, which it knows without taking a root: all of them when
//! they are given and nothing is added to them (no L2); else the first one, and for Adam and
//! AdamW with bias correction and `eps = 0` also the second, because their first step moves
//! every parameter by exactly `lr` (`m_hat_1 / sqrt(v_hat_1) = g_1 / |g_1|`).
//!
//! With `beta2 = p/q` and integer gradients `g_i`, `v_t = (q - p) S_t / q^t` where
//! `S_t = p S_{t-1} + q^{t-1} g_t^2`, and the bias correction divides by
//! `1 - beta2^t = (q^t - p^t) / q^t`. Fractional gradients are scaled to integers by a common
//! denominator `L` (which multiplies every `v` by `L^2` and keeps squares squares). A fraction
//! `n/d` is the square of a rational exactly when `n d` is the square of an integer.

use super::Algorithm;
use super::config::{Config, Source};
use crate::num::Q;

/// `false` when some root parameter `i` of `cfg` would take is certainly not exact; `true` when
/// all the roots this test can see are, or when it cannot tell (numbers too large for `i64`).
pub fn roots_can_be_exact(cfg: &Config, i: usize) -> bool {
    if matches!(cfg.algorithm, Algorithm::Sgd | Algorithm::Momentum) {
        return true;
    }
    let Some((p, q)) = cfg.beta2.small_parts() else {
        return true;
    };
    let integers = match &cfg.source {
        // Every gradient is given and used as it is: read them in place.
        Source::Grads(rows) if !cfg.l2() => as_integers(rows.iter().take(cfg.steps).map(|r| &r[i])),
        _ => as_integers(known_gradients(cfg, i).iter()),
    };
    let Some(grads) = integers else {
        return true;
    };
    moments_are_squares(p, q, cfg.has_hats(), &grads).unwrap_or(true)
}

/// The gradients parameter `i` uses that are known without taking a root (see the module docs),
/// when they are not simply the given ones (a quadratic's, or given ones with L2 added).
fn known_gradients(cfg: &Config, i: usize) -> Vec<Q> {
    let data_gradient = |t: usize, theta: &Q| match &cfg.source {
        Source::Grads(rows) => rows[t][i].clone(),
        Source::Quadratic { a, c } => &(&Q::int(2) * &a[i]) * &(theta - &c[i]),
    };
    let used = |t: usize, theta: &Q| {
        let g = data_gradient(t, theta);
        if cfg.l2() {
            &g + &(&cfg.weight_decay * theta)
        } else {
            g
        }
    };
    let theta0 = &cfg.theta0[i];
    let first = used(0, theta0);
    let mut known = vec![first];
    let moves_by_lr = cfg.has_hats() && cfg.eps.is_zero() && !known[0].is_zero();
    if cfg.steps >= 2 && moves_by_lr {
        let decayed = if cfg.algorithm == Algorithm::Adamw {
            theta0 * &(&Q::one() - &(&cfg.lr * &cfg.weight_decay))
        } else {
            theta0.clone()
        };
        let step = if known[0].is_positive() {
            cfg.lr.clone()
        } else {
            -&cfg.lr
        };
        known.push(used(1, &(&decayed - &step)));
    }
    known
}

/// The gradients times their common denominator, as integers.
fn as_integers<'a>(grads: impl Iterator<Item = &'a Q> + Clone) -> Option<Vec<i64>> {
    let common = grads.clone().try_fold(1_i64, |l, g| {
        let (_, d) = g.small_parts()?;
        l.checked_mul(d / gcd(l, d))
    })?;
    grads
        .map(|g| {
            let (n, d) = g.small_parts()?;
            n.checked_mul(common / d)
        })
        .collect()
}

fn gcd(mut a: i64, mut b: i64) -> i64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

/// Whether every `v_t` (divided by `1 - beta2^t` when `corrected`) of the integer gradients is
/// the square of a rational, for `beta2 = p/q`; `None` on overflow.
fn moments_are_squares(p: i64, q: i64, corrected: bool, grads: &[i64]) -> Option<bool> {
    let (mut sum, mut p_t, mut q_t) = (0_i64, 1_i64, 1_i64);
    for &g in grads {
        sum = p
            .checked_mul(sum)?
            .checked_add(q_t.checked_mul(g.checked_mul(g)?)?)?;
        (p_t, q_t) = (p_t.checked_mul(p)?, q_t.checked_mul(q)?);
        let denominator = if corrected { q_t - p_t } else { q_t };
        if !is_square((q - p).checked_mul(sum)?.checked_mul(denominator)?) {
            return Some(false);
        }
    }
    Some(true)
}

/// Whether `n` is the square of an integer (the float root is off by at most one below 2^63).
fn is_square(n: i64) -> bool {
    if n < 0 {
        return false;
    }
    let guess = (n as f64).sqrt() as i64;
    (guess.saturating_sub(1)..=guess.saturating_add(1))
        .any(|root| root.checked_mul(root) == Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_are_squares() {
        assert!(is_square(0) && is_square(1) && is_square(144) && is_square(1 << 60));
        assert!(!is_square(2) && !is_square(-4) && !is_square((1 << 60) + 1));
        let big = 3_037_000_499_i64; // the largest root below 2^63
        assert!(is_square(big * big) && !is_square(big * big - 1) && !is_square(i64::MAX));
    }

    fn adam(grads: &[i64]) -> Config {
        let params = serde_json::json!({
            "algorithm": "adam", "theta": [1], "grads": grads.iter().map(|g| [g]).collect::<Vec<_>>(),
            "lr": 0.5, "beta1": 0.75, "beta2": 0.75, "eps": 0
        });
        Config::from_params(&serde_json::from_value(params).unwrap()).unwrap()
    }

    /// beta2 = 3/4: v_hat_2 = (3 g_1^2 + 4 g_2^2) / 7.
    #[test]
    fn refuses_exactly_the_non_square_second_moments() {
        assert!(roots_can_be_exact(&adam(&[1, 1]), 0)); // 7/7 = 1
        assert!(roots_can_be_exact(&adam(&[2, 5]), 0)); // 112/7 = 16
        assert!(roots_can_be_exact(&adam(&[9, 5]), 0)); // 343/7 = 49
        assert!(!roots_can_be_exact(&adam(&[1, 2]), 0)); // 19/7
        assert!(!roots_can_be_exact(&adam(&[3, 6]), 0)); // 171/7
        assert!(!roots_can_be_exact(&adam(&[2, 5, 0]), 0)); // v_hat_3 = 336/37
    }
}
