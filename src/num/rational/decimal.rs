//! [`Q`] and powers of ten: scaling, decimal exponents, the one rounding rule and the decimal
//! text it gives ([`Decimal`]).

use std::cmp::Ordering;
use std::fmt;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::{Q, Repr, gcd_u128, rem_u64};

/// `10^places` when it fits in a `u128` (`places <= 38`).
fn pow10_u128(places: u32) -> Option<u128> {
    10u128.checked_pow(places)
}

/// `10^k` as a big integer.
fn pow10_big(k: u32) -> BigUint {
    BigUint::from(10u32).pow(k)
}

/// Strips up to `max` factors of 5 from `m`; returns how many.
fn strip_fives(m: &mut BigUint, max: u32) -> u32 {
    let mut count = 0;
    while count < max && rem_u64(m, 5) == 0 {
        *m /= 5u32;
        count += 1;
    }
    count
}

/// `m / 2^k 5^k` for a positive `m`, reduced by cancelling the 2s and 5s they share: the
/// numerator and denominator that are left.
fn cancel_tens(m: BigUint, k: u32) -> (BigUint, BigUint) {
    let mut m = m;
    let twos = m.trailing_zeros().unwrap_or(0).min(k.into()) as u32;
    m >>= twos;
    let fives = strip_fives(&mut m, k);
    (m, BigUint::from(5u32).pow(k - fives) << (k - twos))
}

/// `round(|n| s / d)` with halves up, for `d > 0`: `floor((2 |n| s + d) / 2d)`, when that fits.
fn round_small(n: i64, d: i64, s: u128) -> Option<u128> {
    let d = d as u128;
    let twice = u128::from(n.unsigned_abs())
        .checked_mul(s)?
        .checked_mul(2)?
        .checked_add(d)?;
    Some(twice / (2 * d))
}

/// `round(|n/d| 10^places)` with halves up, on big integers.
fn round_big(n: &BigInt, d: &BigInt, places: u32) -> BigUint {
    // |n| s = q d + r: round to q + 1 when 2 r >= d.
    let d = d.magnitude();
    let (q, r) = (n.magnitude() * pow10_big(places)).div_rem(d);
    if (r << 1u32) >= *d { q + 1u32 } else { q }
}

impl Q {
    /// The exact value `m / 10^places`, reduced without a gcd of big numbers (the only common
    /// factors are 2s and 5s).
    pub fn from_scaled(m: BigInt, places: u32) -> Q {
        if let (Ok(m), Some(scale)) = (i128::try_from(&m), pow10_u128(places)) {
            if let Ok(scale) = i128::try_from(scale) {
                return Q::from_i128(m, scale);
            }
        }
        if m.is_zero() {
            return Q::zero();
        }
        let (sign, m) = m.into_parts();
        let (n, d) = cancel_tens(m, places);
        Q::from_big(BigRational::new_raw(
            BigInt::from_biguint(sign, n),
            BigInt::from(d),
        ))
    }

    /// `self 10^k`, reduced without a gcd of big numbers.
    pub fn mul_pow10(&self, k: i32) -> Q {
        if k == 0 || self.is_zero() {
            return self.clone();
        }
        // The parts stay reduced: a reduced n/d shares with 10^|k| only the factors 2 and 5
        // that are cancelled here.
        if let (Repr::Small(n, d), Some(p)) = (&self.0, pow10_u128(k.unsigned_abs())) {
            let (n, d) = (i128::from(*n), *d as u128);
            let scaled = if k > 0 {
                let g = gcd_u128(d, p);
                n.checked_mul((p / g) as i128)
                    .map(|n| Q::from_i128_reduced(n, (d / g) as i128))
            } else {
                let g = gcd_u128(n.unsigned_abs(), p);
                (d.checked_mul(p / g))
                    .and_then(|m| i128::try_from(m).ok())
                    .map(|m| Q::from_i128_reduced(n / g as i128, m))
            };
            if let Some(q) = scaled {
                return q;
            }
        }
        let r = self.as_big();
        let k_abs = k.unsigned_abs();
        let (top, bottom) = if k > 0 {
            (r.numer(), r.denom())
        } else {
            (r.denom(), r.numer())
        };
        let (rest, factor) = cancel_tens(bottom.magnitude().clone(), k_abs);
        let top = top * BigInt::from(factor);
        let bottom = BigInt::from_biguint(bottom.sign(), rest);
        // The denominator is positive either way: d (k > 0) or d 2^i 5^j (k < 0).
        Q::from_big(if k > 0 {
            BigRational::new_raw(top, bottom)
        } else {
            BigRational::new_raw(bottom, top)
        })
    }

    /// How `|self|` compares with `10^e`.
    fn cmp_abs_pow10(&self, e: i32) -> Ordering {
        if let (Repr::Small(n, d), Some(p)) = (&self.0, pow10_u128(e.unsigned_abs())) {
            let (n, d) = (u128::from(n.unsigned_abs()), *d as u128);
            // Out of u128 range means far above both sides.
            return if e >= 0 {
                d.checked_mul(p).map_or(Ordering::Less, |m| n.cmp(&m))
            } else {
                n.checked_mul(p).map_or(Ordering::Greater, |m| m.cmp(&d))
            };
        }
        let r = self.as_big();
        let p = pow10_big(e.unsigned_abs());
        let (n, d) = (r.numer().magnitude(), r.denom().magnitude());
        if e >= 0 {
            n.cmp(&(d * p))
        } else {
            (n * p).cmp(d)
        }
    }

    /// The decimal exponent of a non-zero value: the `e` with `10^e <= |self| < 10^(e+1)`
    /// (0 for zero).
    pub fn decimal_exponent(&self) -> i32 {
        if self.is_zero() {
            return 0;
        }
        // An estimate from the bit lengths (log10 2 ~ 0.30103), corrected by comparisons.
        let bits = match &self.0 {
            Repr::Small(n, d) => i64::from(n.unsigned_abs().ilog2()) - i64::from(d.ilog2()),
            Repr::Big(r) => r.numer().bits() as i64 - r.denom().bits() as i64,
        };
        let mut e = (bits * 30103 / 100_000) as i32;
        while self.cmp_abs_pow10(e) == Ordering::Less {
            e -= 1;
        }
        while self.cmp_abs_pow10(e + 1) != Ordering::Less {
            e += 1;
        }
        e
    }

    /// Rounds to `places` digits after the decimal point, halves away from zero.
    ///
    /// This is the one rounding rule of dlexam: it works on the exact value, so a
    /// tie such as 0.40625 to four places is always 0.4063 (never float noise).
    pub fn round_to(&self, places: u32) -> Q {
        if let (Repr::Small(n, d), Some(scale)) = (&self.0, pow10_u128(places)) {
            // m < 2^127 since 2m <= 2 |n| 10^places + d < 2^128; 10^places < 2^127.
            if let Some(m) = round_small(*n, *d, scale) {
                let m = m as i128;
                return Q::from_i128(if *n < 0 { -m } else { m }, scale as i128);
            }
        }
        let r = self.as_big();
        let magnitude = BigInt::from(round_big(r.numer(), r.denom(), places));
        Q::from_scaled(
            if r.is_negative() {
                -magnitude
            } else {
                magnitude
            },
            places,
        )
    }

    /// Whether the value has a finite decimal expansion (denominator 2^a 5^b).
    pub fn is_terminating(&self) -> bool {
        self.decimal_places(u32::MAX).is_some()
    }

    /// Digits after the point of the terminating expansion, if it has at most `max`.
    ///
    /// Read off the reduced denominator 2^a 5^b: the expansion has exactly max(a, b) places.
    pub fn decimal_places(&self, max: u32) -> Option<u32> {
        let (rest_is_one, twos, fives) = match &self.0 {
            Repr::Small(_, d) => {
                let mut d = *d as u64;
                let twos = d.trailing_zeros();
                d >>= twos;
                let mut fives = 0;
                while d % 5 == 0 {
                    d /= 5;
                    fives += 1;
                }
                (d == 1, twos, fives)
            }
            Repr::Big(r) => {
                // More than `max` factors 2 or 5 already mean more than `max` places: stop
                // there (the ~45-digit approximations have about 50 of each).
                let twos = r.denom().magnitude().trailing_zeros().unwrap_or(0);
                if twos > u64::from(max) {
                    return None;
                }
                let mut d = r.denom().magnitude() >> twos;
                let fives = strip_fives(&mut d, max.saturating_add(1));
                (d.is_one(), twos as u32, fives)
            }
        };
        let places = twos.max(fives);
        (rest_is_one && places <= max).then_some(places)
    }

    /// The value rounded to `places` digits after the point (by [`Q::round_to`]'s rule), as
    /// text with trailing zeros kept: `-0.6931`, `0.0000` (no sign when it rounds to zero).
    pub fn decimal(&self, places: u32) -> Decimal<'_> {
        Decimal { q: self, places }
    }

    /// The shortest exact decimal (up to `max` places), or `None` if the value needs more.
    pub fn exact_decimal(&self, max: u32) -> Option<Decimal<'_>> {
        self.decimal_places(max).map(|places| self.decimal(places))
    }
}

/// A [`Q`] written as a decimal rounded to a number of places (see [`Q::decimal`]).
#[derive(Clone, Copy)]
pub struct Decimal<'a> {
    q: &'a Q,
    places: u32,
}

impl fmt::Display for Decimal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.places as usize;
        if let (Repr::Small(n, d), Some(scale)) = (&self.q.0, pow10_u128(self.places)) {
            if let Some(m) = round_small(*n, *d, scale) {
                let sign = if *n < 0 && m != 0 { "-" } else { "" };
                return if width == 0 {
                    write!(f, "{sign}{m}")
                } else {
                    write!(f, "{sign}{}.{:0width$}", m / scale, m % scale)
                };
            }
        }
        let r = self.q.as_big();
        let m = round_big(r.numer(), r.denom(), self.places);
        let sign = if r.is_negative() && !m.is_zero() {
            "-"
        } else {
            ""
        };
        if width == 0 {
            write!(f, "{sign}{m}")
        } else {
            let (int_part, frac_part) = m.div_rem(&pow10_big(self.places));
            write!(f, "{sign}{int_part}.{frac_part:0width$}")
        }
    }
}
