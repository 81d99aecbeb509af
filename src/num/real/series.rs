//! Fixed-point series for the values that leave the rationals: `e^x` and `ln x`, computed with
//! [`FIXED_BITS`] binary places and trimmed to [`DIGITS`] decimal places.

use std::sync::OnceLock;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{Signed, Zero};

use super::{DIGITS, Q, scale};

/// Binary places of the fixed-point arithmetic inside [`exp_approx`] and [`ln_approx`]
/// (2^-220 is about 10^-66: well past [`DIGITS`], so the guard digits absorb the rounding).
const FIXED_BITS: u64 = 220;

/// `floor(q 2^FIXED_BITS)`.
fn to_fixed(q: &Q) -> BigInt {
    (q.numer() << FIXED_BITS).div_floor(&q.denom())
}

/// `trim(f / 2^FIXED_BITS)`.
fn from_fixed(f: BigInt) -> Q {
    // round(|f| s / 2^B) = floor((2 |f| s + 2^B) / 2^(B+1)), a shift.
    let magnitude = (f.magnitude() * scale().magnitude() * 2u32
        + (BigUint::from(1u32) << FIXED_BITS))
        >> (FIXED_BITS + 1);
    let magnitude = BigInt::from(magnitude);
    Q::from_scaled(
        if f.is_negative() {
            -magnitude
        } else {
            magnitude
        },
        DIGITS,
    )
}

fn fixed_mul(a: &BigInt, b: &BigInt) -> BigInt {
    (a * b) >> FIXED_BITS
}

/// `e^x` by range reduction (x / 2^k below 2^-8) and a Taylor series, in fixed point.
/// Callers keep `|x|` moderate (the engine refuses |z| > 25); the result has e^x's size.
pub(super) fn exp_approx(x: &Q) -> Q {
    let one = BigInt::from(1) << FIXED_BITS;
    let mut r = to_fixed(x);
    let limit: BigInt = &one >> 8u32;
    let mut k = 0u32;
    while r.magnitude() > limit.magnitude() {
        r >>= 1;
        k += 1;
    }
    let mut term = one.clone();
    let mut sum = one;
    for n in 1u32..60 {
        term = fixed_mul(&term, &r) / n;
        if term.is_zero() {
            break;
        }
        sum += &term;
    }
    for _ in 0..k {
        sum = fixed_mul(&sum, &sum);
    }
    from_fixed(sum)
}

/// `ln 2` in fixed point, computed once: 2 atanh(1/3).
fn ln2_fixed() -> &'static BigInt {
    static LN2: OnceLock<BigInt> = OnceLock::new();
    LN2.get_or_init(|| atanh_fixed(&((BigInt::from(1) << FIXED_BITS) / 3)) * 2)
}

/// `ln x` for x > 0: x = 2^k y with y in [1, 2), ln y = 2 atanh((y-1)/(y+1)).
pub(super) fn ln_approx(x: &Q) -> Q {
    // k = floor(log2 x): x = n/d lies in (2^(e-1), 2^(e+1)) for e = bits(n) - bits(d).
    let (n, d) = (x.numer(), x.denom());
    let e = n.bits() as i64 - d.bits() as i64;
    let at_least = |k: i64| {
        if k >= 0 {
            n >= &d << k as u64
        } else {
            &n << (-k) as u64 >= d
        }
    };
    let k = if at_least(e) { e } else { e - 1 };
    // y = x / 2^k = yn / yd in [1, 2); u = floor(2^B (y - 1) / (y + 1)), not negative.
    let (yn, yd) = if k >= 0 {
        (n, d << k as u64)
    } else {
        (n << (-k) as u64, d)
    };
    let u = ((&yn - &yd) << FIXED_BITS) / (yn + yd);
    let ln_y = atanh_fixed(&u) * 2;
    from_fixed(ln_y + ln2_fixed() * k)
}

/// `atanh u = u + u^3/3 + u^5/5 + ...` in fixed point, for |u| <= 1/3.
fn atanh_fixed(u: &BigInt) -> BigInt {
    let u2 = fixed_mul(u, u);
    let mut power = u.clone();
    let mut sum = BigInt::from(0);
    for n in 0u32..400 {
        let term = &power / (2 * n + 1);
        if term.is_zero() {
            break;
        }
        sum += term;
        power = fixed_mul(&power, &u2);
    }
    sum
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;
    use num_rational::BigRational;

    use super::*;
    use crate::num::Real;

    /// The original `ln_approx`: range reduction by exact halving and doubling.
    fn reference_ln(x: &Q) -> Q {
        let two = Q::int(2);
        let mut y = x.clone();
        let mut k: i64 = 0;
        while y >= two {
            y = &y / &two;
            k += 1;
        }
        while y < Q::one() {
            y = &y * &two;
            k -= 1;
        }
        let ratio = (&(&y - &Q::one()) / &(&y + &Q::one()))
            .as_big()
            .into_owned();
        let u = (ratio * BigRational::from_integer(BigInt::from(1) << FIXED_BITS))
            .floor()
            .to_integer();
        let ln_y = atanh_fixed(&u) * 2;
        from_fixed(ln_y + ln2_fixed() * k)
    }

    #[test]
    fn logarithms_reduce_the_range_exactly() {
        // Powers of two and their neighbours, tiny and huge arguments, approximations.
        for x in [
            Q::int(1),
            Q::int(2),
            Q::int(4),
            Q::frac(1, 2),
            Q::frac(1, 1024),
            Q::frac(1023, 1024),
            Q::frac(1025, 1024),
            Q::frac(3, 1 << 40),
            Q::int(i64::MAX),
            Q::from(u64::MAX),
            Real::exact(Q::int(3)).sqrt().unwrap().value().clone(),
            Real::exact(Q::int(-40)).exp().value().clone(),
        ] {
            assert_eq!(ln_approx(&x), reference_ln(&x), "ln {x}");
        }
    }
}
