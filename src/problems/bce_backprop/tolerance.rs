//! What the sheet prints of the forward pass, and the tolerances that follow from it.
//!
//! **Places.** A prediction `y_hat` that is not rational is printed rounded to `r` places by
//! [`Q::round_to`] (halves away from zero, on the exact value): `r = 3`, plus one for each
//! factor of ten that `min(y_hat, 1 - y_hat)` falls below 0.1, so every printed prediction keeps
//! at least two significant digits of itself and of its complement; but `r = 2` when every
//! prediction lies within 0.0015 of a multiple of 0.05 (the calculator-free points the exam
//! sampler aims at: sigma(0.4) = 0.59869 ~ 0.6, sigma(0.85) ~ 0.7, sigma(1.1) ~ 0.75,
//! sigma(2.2) ~ 0.9 and their mirror images, see [`NEAR_TWO_PLACES`]). The loss is printed to the
//! same `r` places.
//!
//! **Tolerances.** Let `delta = 0.5 * 10^-r`. The true prediction lies within `delta` of the
//! printed one. Every gradient answer is a sum over examples of a function of that example's
//! prediction alone, monotone on the interval (it is `1/y_hat`, `1/(1 - y_hat)` or linear in
//! `y_hat`, scaled), so `|f(printed) - f(true)|` is at most the sum over examples of the larger
//! change when that one prediction moves to either end of its interval. dlexam evaluates the
//! same graph exactly at those ends (given predictions, [`crate::engine::Graph::sigmoid_given`]),
//! adds `delta` for the student's own rounding of the result to `r` places, and rounds the sum
//! up to two significant digits. So an answer worked at full precision and one worked from the
//! sheet's rounded values (and then rounded to `r` places) both fall within the tolerance of the
//! full-precision `value`; the tests check this on random variants. The loss's bound uses
//! `|ln(p +- delta) - ln p| <= delta / (p - delta)` per example instead of evaluating logarithms.
//! Exact answers (every
//! prediction rational) have tolerance 0; the predictions' own tolerance is `delta`.

use super::Checked;
use super::solve::{Point, evaluate_given};
use crate::engine::Reduction;
use crate::num::{Q, Real};

/// What the sheet prints, and how precisely.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// Places of the printed values.
    pub places: u32,
    /// Whether some prediction is irrational (so the forward pass is printed).
    pub given: bool,
    /// The predictions as printed (exact ones unrounded).
    pub y_hat: Vec<Q>,
    /// The loss as printed.
    pub loss: Q,
}

/// The absolute tolerance of each answer (zero for exact answers).
#[derive(Clone, Debug)]
pub struct Tolerances {
    /// Of `y_hat`.
    pub y_hat: Q,
    /// Of `loss`.
    pub loss: Q,
    /// Of `dL_dyhat`.
    pub dyhat: Q,
    /// Of `dL_dz`.
    pub dz: Q,
    /// Of `dL_dW`.
    pub dw: Q,
    /// Of `dL_db`.
    pub db: Q,
}

fn ten_pow(e: u32) -> Q {
    Q::from_big(num_rational::BigRational::from_integer(
        num_bigint::BigInt::from(10u32).pow(e),
    ))
}

/// How close (in absolute value) every prediction must be to a multiple of 0.05 to be printed
/// with two places.
pub const NEAR_TWO_PLACES: (i64, i64) = (15, 10_000);

/// Whether every prediction lies within [`NEAR_TWO_PLACES`] of a multiple of 0.05.
pub fn two_places_suffice(y_hat: &[Real]) -> bool {
    let near = Q::frac(NEAR_TWO_PLACES.0, NEAR_TWO_PLACES.1);
    let twenty = Q::int(20);
    y_hat.iter().all(|p| {
        let v = p.value();
        let nearest = &(v * &twenty).round_to(0) / &twenty;
        (&nearest - v).abs() <= near
    })
}

/// The printing precision of the module docs.
pub fn places(y_hat: &[Real]) -> u32 {
    // Exact predictions (z = 0) keep three places: the loss ln 2 is printed as 0.693.
    if two_places_suffice(y_hat) && y_hat.iter().any(|p| !p.is_exact()) {
        return 2;
    }
    let mut r = 3;
    while r < 40 {
        let floor = ten_pow(r - 2).recip().expect("non-zero");
        let ok = y_hat.iter().all(|p| {
            let v = p.value();
            *v >= floor && (Q::one() - v) >= floor
        });
        if ok {
            break;
        }
        r += 1;
    }
    r
}

/// `q` rounded up to two significant digits (0 stays 0).
pub fn round_up_2sig(q: &Q) -> Q {
    if !q.is_positive() {
        return Q::zero();
    }
    let mut scale = Q::one();
    while q >= &(&scale * &Q::int(100)) {
        scale = &scale * &Q::int(10);
    }
    while q < &(&scale * &Q::int(10)) {
        scale = &scale / &Q::int(10);
    }
    (q / &scale).ceil() * scale
}

fn max_abs_diff(a: &[Q], b: &[Q]) -> Vec<Q> {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).collect()
}

fn add_into(total: &mut [Q], part: &[Q]) {
    for (t, p) in total.iter_mut().zip(part) {
        *t = &*t + p;
    }
}

fn max_of(v: &[Q]) -> Q {
    v.iter().cloned().max().unwrap_or_else(Q::zero)
}

/// The sheet and the tolerances for checked params whose full-precision predictions are `y_hat`.
pub fn tolerances(c: &Checked, y_hat: &[Real], loss: &Real) -> (Sheet, Tolerances, Point) {
    let r = places(y_hat);
    let delta = &ten_pow(r).recip().expect("non-zero") / &Q::int(2);
    let printed: Vec<Q> = y_hat
        .iter()
        .map(|p| {
            if p.is_exact() {
                p.value().clone()
            } else {
                p.value().round_to(r)
            }
        })
        .collect();
    let given = y_hat.iter().any(|p| !p.is_exact());
    let sheet = Sheet {
        places: r,
        given,
        y_hat: printed.clone(),
        loss: loss.value().round_to(r),
    };
    let base = evaluate_given(c, &printed);
    if !given {
        let zero = Q::zero();
        let t = Tolerances {
            y_hat: zero.clone(),
            loss: delta,
            dyhat: zero.clone(),
            dz: zero.clone(),
            dw: zero.clone(),
            db: zero,
        };
        return (sheet, t, base);
    }
    let n = printed.len();
    let scale = if c.reduction == Reduction::Mean {
        Q::frac(1, n as i64)
    } else {
        Q::one()
    };
    let (mut dyhat, mut dz, mut dw) = (
        vec![Q::zero(); n],
        vec![Q::zero(); n],
        vec![Q::zero(); c.w.len()],
    );
    let (mut db, mut dloss) = (Q::zero(), Q::zero());
    for i in (0..n).filter(|&i| !y_hat[i].is_exact()) {
        let (mut wy, mut wz, mut ww) = (
            vec![Q::zero(); n],
            vec![Q::zero(); n],
            vec![Q::zero(); c.w.len()],
        );
        let mut wb = Q::zero();
        for shift in [&delta, &-&delta] {
            let mut moved = printed.clone();
            moved[i] = &moved[i] + shift;
            let alt = evaluate_given(c, &moved);
            for (acc, d) in [
                (&mut wy, max_abs_diff(&alt.dyhat, &base.dyhat)),
                (&mut wz, max_abs_diff(&alt.dz, &base.dz)),
                (&mut ww, max_abs_diff(&alt.dw, &base.dw)),
            ] {
                for (a, v) in acc.iter_mut().zip(d) {
                    *a = a.clone().max(v);
                }
            }
            wb = wb.max((&alt.db - &base.db).abs());
        }
        add_into(&mut dyhat, &wy);
        add_into(&mut dz, &wz);
        add_into(&mut dw, &ww);
        db = &db + &wb;
        // ln is monotone: |ln(p +- delta) - ln(p)| <= delta / (p - delta), with p the printed
        // value of the kept argument (y_hat for y = 1, 1 - y_hat for y = 0).
        let kept = if c.y[i].is_zero() {
            Q::one() - &printed[i]
        } else {
            printed[i].clone()
        };
        let slope = (&kept - &delta)
            .recip()
            .expect("the interval stays inside (0, 1)");
        dloss = &dloss + &(&(&delta * &slope) * &scale);
    }
    let tol = |bound: Q| round_up_2sig(&(bound + delta.clone()));
    let t = Tolerances {
        y_hat: delta.clone(),
        loss: tol(dloss),
        dyhat: tol(max_of(&dyhat)),
        dz: tol(max_of(&dz)),
        dw: tol(max_of(&dw)),
        db: tol(db),
    };
    (sheet, t, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_grow_near_saturation_and_rounding_up_keeps_two_digits() {
        let p = |q: Q| vec![Real::Approx(q)];
        assert_eq!(places(&p(Q::frac(731, 1000))), 3);
        assert_eq!(places(&p(Q::frac(955, 1000))), 4);
        // Near a multiple of 0.05: two places (sigma(1.1) = 0.75026, sigma(0.4) = 0.59869).
        assert_eq!(places(&p(Q::frac(75_026, 100_000))), 2);
        assert_eq!(places(&p(Q::frac(59_869, 100_000))), 2);
        assert_eq!(places(&p(Q::frac(7_311, 10_000))), 3);
        assert_eq!(places(&p(Q::frac(5, 1000))), 5);
        assert_eq!(
            round_up_2sig(&Q::frac(93_567, 100_000_000)),
            Q::frac(94, 100_000)
        );
        assert_eq!(round_up_2sig(&Q::frac(5, 10_000)), Q::frac(5, 10_000));
        assert_eq!(round_up_2sig(&Q::int(123)), Q::int(130));
    }
}
