//! [`Q`]: an exact rational number, the scalar of every answer key.
//!
//! # Representation
//!
//! A `Q` is stored in one of two forms, and which one is **canonical** (fixed by the value):
//!
//! - `Small(n, d)`: the reduced fraction `n/d` with `d > 0`, when both the reduced numerator and
//!   denominator fit in an `i64`. Nearly every number of an exam is one of these; arithmetic on
//!   them is checked `i64` arithmetic with machine-word gcds (`i128` when a product overflows),
//!   and never allocates.
//! - `Big(r)`: a reduced [`BigRational`] whose numerator or denominator does **not** fit in an
//!   `i64` (the ~45-digit approximations of [`crate::num::Real`], huge inputs). A word-sized
//!   operand of a mixed operation only needs word-sized gcds; two big operands use
//!   `BigRational`'s own arithmetic.
//!
//! **Invariant: the form is canonical.** A value whose reduced parts fit in `i64` is always
//! `Small`, any other is `Big`. Every constructor and operation ends in a normalizing
//! constructor (`from_i128_reduced` / `from_i128` for machine results, [`Q::from_big`] for big
//! ones), so word arithmetic that overflows falls back to big arithmetic, and big results that
//! fit come back as `Small`. Two equal values therefore always have the same form and the same
//! parts, which makes the derived `PartialEq`, `Eq` and `Hash` value-based; `Ord` compares
//! across forms by hand.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::Hash;
use std::ops::{Add, Div, Mul, Neg, Sub};
use std::str::FromStr;
use std::sync::OnceLock;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::{BigRational, Ratio};
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::format::{Digits, push_point};

/// An exact rational number of unbounded size.
///
/// Always reduced with a positive denominator, in the canonical form described in the module
/// docs (machine words when the value fits, a [`BigRational`] otherwise). Arithmetic never
/// overflows and never rounds; rounding happens only in [`Q::round_to`], by the one rule
/// documented there.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Q(Repr);

/// The two forms; the module docs state the invariant (canonical: `Small` whenever it fits).
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Reduced `numerator / denominator`, denominator `> 0`.
    Small(i64, i64),
    /// Reduced, and the numerator or the denominator is outside `i64` (boxed: keeps `Q` at
    /// three words, cheap to copy around in vectors).
    Big(Box<BigRational>),
}

/// Greatest common divisor of machine words (binary gcd; `gcd(0, b) = b`).
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    // Integers (denominator 1) are the common case.
    if a == 1 || b == 1 {
        return 1;
    }
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// Greatest common divisor of double words (binary gcd; `gcd(0, b) = b`).
fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        // Both fit in a word: finish there.
        if b <= u64::MAX as u128 {
            return (gcd_u64(a as u64, b as u64) as u128) << shift;
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// `10^places` when it fits in a `u128` (`places <= 38`).
fn pow10_u128(places: u32) -> Option<u128> {
    10u128.checked_pow(places)
}

/// `a mod m` for a big magnitude and a machine word, without allocating.
fn rem_u64(a: &BigUint, m: u64) -> u64 {
    a.iter_u64_digits()
        .rev()
        .fold(0u128, |r, digit| ((r << 64) | digit as u128) % m as u128) as u64
}

/// `a / g` for a divisor `g` of `a` (no work when `g` is 1).
fn div_exact(a: &BigInt, g: u64) -> BigInt {
    if g == 1 { a.clone() } else { a / g }
}

/// Strips up to `max` factors of 5 from `m`; returns how many.
fn strip_fives(m: &mut BigUint, max: u32) -> u32 {
    // 5^27 is the largest power of 5 in a u64.
    const FIVE_27: u64 = 7_450_580_596_923_828_125;
    let mut count = 0;
    while max - count >= 27 && rem_u64(m, FIVE_27) == 0 {
        *m /= FIVE_27;
        count += 27;
    }
    while count < max && rem_u64(m, 5) == 0 {
        *m /= 5u64;
        count += 1;
    }
    count
}

/// Powers below this are computed once and kept (rounding to 40 places, 50-digit approximations).
const CACHED_POWERS: u32 = 128;

/// `base^k`, from a table built once for `k < CACHED_POWERS`.
fn cached_pow(table: &'static OnceLock<Vec<BigUint>>, base: u32, k: u32) -> Cow<'static, BigUint> {
    if k >= CACHED_POWERS {
        return Cow::Owned(BigUint::from(base).pow(k));
    }
    let powers = table.get_or_init(|| {
        std::iter::successors(Some(BigUint::one()), |p| Some(p * base))
            .take(CACHED_POWERS as usize)
            .collect()
    });
    Cow::Borrowed(&powers[k as usize])
}

/// `10^k` as a big integer.
fn pow10_big(k: u32) -> Cow<'static, BigUint> {
    static TENS: OnceLock<Vec<BigUint>> = OnceLock::new();
    cached_pow(&TENS, 10, k)
}

/// `2^twos 5^fives`.
fn pow2_pow5(twos: u32, fives: u32) -> BigUint {
    static FIVES: OnceLock<Vec<BigUint>> = OnceLock::new();
    cached_pow(&FIVES, 5, fives).into_owned() << twos
}

/// `(a/b) (c/d)` for a reduced big fraction and reduced machine parts (`c != 0`, sign `negative`),
/// cross-reducing with word-sized gcds only.
fn mul_mixed(a: &BigInt, b: &BigInt, negative: bool, c: u64, d: u64) -> Q {
    let g1 = gcd_u64(rem_u64(a.magnitude(), d), d);
    let g2 = gcd_u64(rem_u64(b.magnitude(), c), c);
    let n = div_exact(a, g1) * (c / g2);
    let m = div_exact(b, g2) * (d / g1);
    Q::from_big(BigRational::new_raw(if negative { -n } else { n }, m))
}

/// `a/b + c/d` for a reduced big fraction and reduced machine parts (Knuth's gcd-early
/// addition, with word-sized gcds only).
fn add_mixed(a: &BigInt, b: &BigInt, c: i128, d: u64) -> Q {
    let g = gcd_u64(rem_u64(b.magnitude(), d), d);
    let (n, m) = if g == 1 {
        (a * d + b * c, b * d)
    } else {
        let t = a * (d / g) + div_exact(b, g) * c;
        let g2 = gcd_u64(rem_u64(t.magnitude(), g), g);
        (div_exact(&t, g2), div_exact(b, g) * (d / g2))
    };
    if n.is_zero() {
        Q::zero()
    } else {
        Q::from_big(BigRational::new_raw(n, m))
    }
}

impl Q {
    /// The value `n/d`, already reduced with `d > 0`, in canonical form.
    fn from_i128_reduced(n: i128, d: i128) -> Q {
        debug_assert!(d > 0);
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(n), Ok(d)) => Q(Repr::Small(n, d)),
            _ => Q(Repr::Big(Box::new(BigRational::new_raw(
                BigInt::from(n),
                BigInt::from(d),
            )))),
        }
    }

    /// The value `n/d` (any signs, `d != 0`), reduced, in canonical form.
    fn from_i128(n: i128, d: i128) -> Q {
        assert!(d != 0, "denominator == 0");
        if n == 0 {
            return Q::zero();
        }
        if let (Ok(n), Ok(d)) = (i64::try_from(n), i64::try_from(d)) {
            // Machine words: g <= |d| fits unless d = i64::MIN; negation is checked.
            let g = gcd_u64(n.unsigned_abs(), d.unsigned_abs());
            if let Ok(g) = i64::try_from(g) {
                let (n, d) = (n / g, d / g);
                let (n, d) = if d < 0 {
                    (n.checked_neg(), d.checked_neg())
                } else {
                    (Some(n), Some(d))
                };
                if let (Some(n), Some(d)) = (n, d) {
                    return Q(Repr::Small(n, d));
                }
            }
        }
        // Double words: the same, with big arithmetic for the corner cases at i128::MIN.
        let g = gcd_u128(n.unsigned_abs(), d.unsigned_abs());
        if let Ok(g) = i128::try_from(g) {
            let (n, d) = (n / g, d / g);
            let (n, d) = if d < 0 {
                (n.checked_neg(), d.checked_neg())
            } else {
                (Some(n), Some(d))
            };
            if let (Some(n), Some(d)) = (n, d) {
                return Q::from_i128_reduced(n, d);
            }
        }
        Q::from_big(BigRational::new(BigInt::from(n), BigInt::from(d)))
    }

    /// The exact value `m / 10^places`, reduced cheaply (the only common factors are 2s and 5s).
    pub fn from_scaled(m: BigInt, places: u32) -> Q {
        if let (Ok(m), Some(scale)) = (i128::try_from(&m), pow10_u128(places)) {
            if let Ok(scale) = i128::try_from(scale) {
                return Q::from_i128(m, scale);
            }
        }
        if m.is_zero() {
            return Q::zero();
        }
        let (sign, mut m) = m.into_parts();
        let twos = m.trailing_zeros().unwrap_or(0).min(places as u64) as u32;
        m >>= twos;
        let fives = strip_fives(&mut m, places);
        let denom = pow2_pow5(places - twos, places - fives);
        Q::from_big(BigRational::new_raw(
            BigInt::from_biguint(sign, m),
            BigInt::from(denom),
        ))
    }

    /// `self 10^k`, reduced without a gcd of big numbers.
    pub fn mul_pow10(&self, k: i32) -> Q {
        if k == 0 || self.is_zero() {
            return self.clone();
        }
        // In single words when they hold it (the common case). The parts stay reduced: a
        // reduced n/d shares with 10^|k| only the factors 2 and 5 that are cancelled here.
        if let (&Repr::Small(n, d), Some(p)) = (&self.0, 10i64.checked_pow(k.unsigned_abs())) {
            let scaled = if k > 0 {
                let g = gcd_u64(d as u64, p as u64) as i64;
                n.checked_mul(p / g).map(|n| Q(Repr::Small(n, d / g)))
            } else {
                let g = gcd_u64(n.unsigned_abs(), p as u64) as i64;
                d.checked_mul(p / g).map(|d| Q(Repr::Small(n / g, d)))
            };
            if let Some(q) = scaled {
                return q;
            }
        }
        if let (Repr::Small(n, d), Some(p)) = (&self.0, pow10_u128(k.unsigned_abs())) {
            let (n, d) = (*n as i128, *d as u128);
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
        // A reduced n/d times 10^k shares only the 2s and 5s of d (of n when k < 0).
        let r = self.as_big();
        let k_abs = k.unsigned_abs();
        let (top, bottom) = if k > 0 {
            (r.numer(), r.denom())
        } else {
            (r.denom(), r.numer())
        };
        let (sign, mut bottom) = (bottom.sign(), bottom.magnitude().clone());
        let twos = bottom.trailing_zeros().unwrap_or(0).min(k_abs as u64) as u32;
        bottom >>= twos;
        let fives = strip_fives(&mut bottom, k_abs);
        let top = top * BigInt::from(pow2_pow5(k_abs - twos, k_abs - fives));
        let bottom = BigInt::from_biguint(sign, bottom);
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
            let (n, d) = (n.unsigned_abs() as u128, *d as u128);
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
            n.cmp(&(d * &*p))
        } else {
            (n * &*p).cmp(d)
        }
    }

    /// The decimal exponent of a non-zero value: the `e` with `10^e <= |self| < 10^(e+1)`
    /// (0 for zero).
    pub fn decimal_exponent(&self) -> i32 {
        if self.is_zero() {
            return 0;
        }
        if let Repr::Small(n, d) = self.0 {
            // 10^a <= |n| < 10^(a+1) and 10^b <= d < 10^(b+1) put |n|/d strictly between
            // 10^(a-b-1) and 10^(a-b+1): the exponent is a - b or a - b - 1.
            let e = n.unsigned_abs().ilog10() as i32 - d.ilog10() as i32;
            return if self.cmp_abs_pow10(e) == Ordering::Less {
                e - 1
            } else {
                e
            };
        }
        // log10(2) ~ 0.30103 (estimate from bit lengths; the loops below make it exact).
        let bits = match &self.0 {
            Repr::Small(n, d) => (n.unsigned_abs().ilog2() as i64) - (d.ilog2() as i64),
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

    /// The integer `n` as a rational.
    pub fn int(n: i64) -> Self {
        Q(Repr::Small(n, 1))
    }

    /// The fraction `num/den`, reduced.
    ///
    /// # Panics
    /// **Panics if `den` is zero.** Use [`Q::checked_div`] for values from input.
    pub fn frac(num: i64, den: i64) -> Self {
        Q::from_i128(num as i128, den as i128)
    }

    /// Wraps a [`BigRational`] (reduced, as every `BigRational` constructor but `new_raw` leaves
    /// it), in canonical form: machine words when it fits.
    pub fn from_big(value: BigRational) -> Self {
        match (value.numer().to_i64(), value.denom().to_i64()) {
            (Some(n), Some(d)) => Q::from_i128(n as i128, d as i128),
            _ => Q(Repr::Big(Box::new(value))),
        }
    }

    /// The value as a [`BigRational`] (borrowed when it is stored as one, built otherwise).
    pub fn as_big(&self) -> Cow<'_, BigRational> {
        match &self.0 {
            Repr::Small(n, d) => {
                Cow::Owned(BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)))
            }
            Repr::Big(r) => Cow::Borrowed(r.as_ref()),
        }
    }

    /// The reduced numerator and denominator, when both fit in an `i64` (cheap, no allocation).
    pub fn small_parts(&self) -> Option<(i64, i64)> {
        match self.0 {
            Repr::Small(n, d) => Some((n, d)),
            Repr::Big(_) => None,
        }
    }

    /// Zero.
    pub fn zero() -> Self {
        Q(Repr::Small(0, 1))
    }

    /// One.
    pub fn one() -> Self {
        Q(Repr::Small(1, 1))
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0, _))
    }

    /// Whether the value is strictly negative.
    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n < 0,
            Repr::Big(r) => r.is_negative(),
        }
    }

    /// Whether the value is strictly positive.
    pub fn is_positive(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n > 0,
            Repr::Big(r) => r.is_positive(),
        }
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Small(_, d) => *d == 1,
            Repr::Big(r) => r.is_integer(),
        }
    }

    /// The numerator of the reduced fraction (see [`Q::small_parts`] for the cheap form).
    pub fn numer(&self) -> BigInt {
        match &self.0 {
            Repr::Small(n, _) => BigInt::from(*n),
            Repr::Big(r) => r.numer().clone(),
        }
    }

    /// The (positive) denominator of the reduced fraction.
    pub fn denom(&self) -> BigInt {
        match &self.0 {
            Repr::Small(_, d) => BigInt::from(*d),
            Repr::Big(r) => r.denom().clone(),
        }
    }

    /// The absolute value.
    pub fn abs(&self) -> Self {
        if self.is_negative() {
            -self
        } else {
            self.clone()
        }
    }

    /// The largest integer not above the value.
    pub fn floor(&self) -> Self {
        match &self.0 {
            Repr::Small(n, d) => Q::int(n.div_euclid(*d)),
            Repr::Big(r) => Q::from_big(r.floor()),
        }
    }

    /// The smallest integer not below the value.
    pub fn ceil(&self) -> Self {
        match &self.0 {
            Repr::Small(n, d) => {
                let (n, d) = (*n as i128, *d as i128);
                Q::from_i128_reduced(-((-n).div_euclid(d)), 1)
            }
            Repr::Big(r) => Q::from_big(r.ceil()),
        }
    }

    /// `self / rhs`, or `None` when `rhs` is zero.
    pub fn checked_div(&self, rhs: &Q) -> Option<Q> {
        if rhs.is_zero() {
            None
        } else {
            Some(self / rhs)
        }
    }

    /// `1 / self`, or `None` for zero.
    pub fn recip(&self) -> Option<Q> {
        match &self.0 {
            Repr::Small(0, _) => None,
            Repr::Small(n, d) if *n > 0 => Some(Q(Repr::Small(*d, *n))),
            Repr::Small(n, d) => Some(Q::from_i128_reduced(-(*d as i128), -(*n as i128))),
            Repr::Big(r) => Some(Q::from_big(r.recip())),
        }
    }

    /// `self` raised to a non-negative integer power.
    pub fn pow(&self, exp: u32) -> Q {
        // A reduced fraction's powers stay reduced: no gcd needed.
        if let Repr::Small(n, d) = self.0 {
            if let (Some(n), Some(d)) = (n.checked_pow(exp), d.checked_pow(exp)) {
                return Q(Repr::Small(n, d));
            }
        }
        let r = self.as_big();
        Q::from_big(BigRational::new_raw(r.numer().pow(exp), r.denom().pow(exp)))
    }

    /// The exact square root, when the value is the square of a rational.
    pub fn sqrt_exact(&self) -> Option<Q> {
        if self.is_negative() {
            return None;
        }
        match &self.0 {
            Repr::Small(n, d) => {
                let (rn, rd) = (n.isqrt(), d.isqrt());
                // Roots of coprime squares are coprime: already reduced.
                (rn * rn == *n && rd * rd == *d).then_some(Q(Repr::Small(rn, rd)))
            }
            Repr::Big(r) => {
                let n = r.numer().sqrt();
                let d = r.denom().sqrt();
                (&n * &n == *r.numer() && &d * &d == *r.denom())
                    .then(|| Q::from_big(BigRational::new(n, d)))
            }
        }
    }

    /// The value as an `i64`, when it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.0 {
            Repr::Small(n, 1) => Some(*n),
            // A big integer never fits (canonical form).
            _ => None,
        }
    }

    /// The nearest `f64` (for JSON values and float cross-checks only).
    pub fn to_f64(&self) -> f64 {
        let v = match &self.0 {
            // The very conversion `BigRational::to_f64` makes for word-sized parts.
            Repr::Small(n, d) => Ratio::new_raw(*n, *d).to_f64(),
            Repr::Big(r) => r.to_f64(),
        }
        .unwrap_or(f64::NAN);
        if v == 0.0 { 0.0 } else { v }
    }

    /// The exact value of a finite `f64` (every binary float is a rational).
    pub fn from_f64(value: f64) -> Option<Q> {
        BigRational::from_float(value).map(Q::from_big)
    }

    /// `round(|n/d| * 10^places)` with halves up, on big integers.
    fn round_magnitude_big(numer: &BigInt, denom: &BigInt, places: u32) -> BigInt {
        // |n| s = q d + r: round to q + 1 when 2 r >= d.
        let d = denom.magnitude();
        let (q, r) = (numer.magnitude() * &*pow10_big(places)).div_rem(d);
        let q = if (r << 1u32) >= *d { q + 1u32 } else { q };
        BigInt::from(q)
    }

    /// `round(|n/d| * 10^places)` with halves up, when it fits in machine words.
    fn round_magnitude_small(n: i64, d: i64, places: u32) -> Option<u128> {
        // The same formula in single words when they hold it (most numbers of an exam).
        let single = || {
            let twice = n
                .unsigned_abs()
                .checked_mul(10u64.checked_pow(places)?)?
                .checked_mul(2)?
                .checked_add(d as u64)?;
            // d < 2^63, so 2 d fits.
            Some(twice / (2 * d as u64))
        };
        if let Some(m) = single() {
            return Some(m.into());
        }
        let scale = pow10_u128(places)?;
        let d = d as u128;
        let twice = (n.unsigned_abs() as u128)
            .checked_mul(scale)?
            .checked_mul(2)?
            .checked_add(d)?;
        Some(twice / (2 * d))
    }

    /// Rounds to `places` digits after the decimal point, halves away from zero.
    ///
    /// This is the one rounding rule of dlexam: it works on the exact value, so a
    /// tie such as 0.40625 to four places is always 0.4063 (never float noise).
    pub fn round_to(&self, places: u32) -> Q {
        if let Repr::Small(n, d) = self.0 {
            if let Some(m) = Q::round_magnitude_small(n, d, places) {
                // m < 2^127 since 2m <= 2 |n| 10^places + d < 2^128; 10^places < 2^127.
                let scale = pow10_u128(places).expect("checked above") as i128;
                let m = m as i128;
                return Q::from_i128(if n < 0 { -m } else { m }, scale);
            }
        }
        let r = self.as_big();
        let magnitude = Q::round_magnitude_big(r.numer(), r.denom(), places);
        let signed = if r.is_negative() {
            -magnitude
        } else {
            magnitude
        };
        Q::from_scaled(signed, places)
    }

    /// Whether the value has a finite decimal expansion (denominator 2^a 5^b).
    pub fn is_terminating(&self) -> bool {
        match &self.0 {
            Repr::Small(_, d) => {
                let mut d = *d as u64;
                d >>= d.trailing_zeros();
                while d % 5 == 0 {
                    d /= 5;
                }
                d == 1
            }
            Repr::Big(r) => {
                let mut d = r.denom().magnitude().clone();
                d >>= d.trailing_zeros().unwrap_or(0);
                strip_fives(&mut d, u32::MAX);
                d.is_one()
            }
        }
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

    /// The decimal string rounded to `places` (trailing zeros kept), e.g. `-0.6931`.
    pub fn to_decimal_string(&self, places: u32) -> String {
        let mut out = String::with_capacity(places as usize + 8);
        self.push_decimal(&mut out, places);
        out
    }

    /// Appends [`Q::to_decimal_string`] of `places` to `out`.
    pub fn push_decimal(&self, out: &mut String, places: u32) {
        // The digits of round(|value| 10^places); the sign only when that is not zero.
        if let Repr::Small(n, d) = self.0 {
            if let Some(m) = Q::round_magnitude_small(n, d, places) {
                let digits = Digits::of(m);
                push_point(out, n < 0 && m != 0, digits.bytes(), places as usize);
                return;
            }
        }
        let r = self.as_big();
        let m = Q::round_magnitude_big(r.numer(), r.denom(), places);
        let negative = r.is_negative() && !m.is_zero();
        match m.to_u128() {
            Some(m) => push_point(out, negative, Digits::of(m).bytes(), places as usize),
            None => push_point(out, negative, m.to_string().as_bytes(), places as usize),
        }
    }

    /// The shortest exact decimal (up to `max` places) or `None` if the value needs more.
    pub fn to_exact_decimal(&self, max: u32) -> Option<String> {
        self.decimal_places(max).map(|p| self.to_decimal_string(p))
    }

    /// Greatest common divisor of two integers (both must be integers).
    pub fn gcd(&self, other: &Q) -> Q {
        if let (Repr::Small(a, da), Repr::Small(b, db)) = (&self.0, &other.0) {
            // Truncating, as `BigRational::to_integer` does for non-integers.
            let g = gcd_u64((a / da).unsigned_abs(), (b / db).unsigned_abs());
            return Q::from_i128_reduced(g as i128, 1);
        }
        Q::from_big(BigRational::from_integer(
            self.as_big().to_integer().gcd(&other.as_big().to_integer()),
        ))
    }
}

/// Value order, across both forms.
impl Ord for Q {
    fn cmp(&self, other: &Q) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => {
                if b == d {
                    a.cmp(c)
                } else {
                    (*a as i128 * *d as i128).cmp(&(*c as i128 * *b as i128))
                }
            }
            // a/b against c/d (b, d > 0) is a d against c b: products by a word.
            (Repr::Big(r), Repr::Small(c, d)) => (r.numer() * d).cmp(&(r.denom() * c)),
            (Repr::Small(c, d), Repr::Big(r)) => (r.denom() * c).cmp(&(r.numer() * d)),
            _ => self.as_big().cmp(&other.as_big()),
        }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, other: &Q) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The value as a plain fraction, e.g. `Q(-1/2)`.
impl fmt::Debug for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Q({self})")
    }
}

/// Plain form: `-1/2`, `3`, `181`.
impl fmt::Display for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            // Digits written straight out: this runs for every exact answer of every key.
            Repr::Small(n, d) => {
                if *n < 0 {
                    f.write_str("-")?;
                }
                f.write_str(Digits::of(n.unsigned_abs().into()).as_str())?;
                if *d != 1 {
                    f.write_str("/")?;
                    f.write_str(Digits::of(d.unsigned_abs().into()).as_str())?;
                }
                Ok(())
            }
            Repr::Big(r) if r.is_integer() => write!(f, "{}", r.numer()),
            Repr::Big(r) => write!(f, "{}/{}", r.numer(), r.denom()),
        }
    }
}

/// Why a string is not a number dlexam accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseQError(pub String);

impl fmt::Display for ParseQError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An integer as `BigInt` would parse it; word-sized ones without allocating.
fn parse_integer(s: &str) -> Option<Q> {
    // Whatever `i64` accepts, `BigInt` accepts with the same value (not the other way round:
    // `BigInt` also takes `_` separators), so try the cheap parse first.
    if let Ok(n) = s.parse::<i64>() {
        return Some(Q::int(n));
    }
    s.parse::<BigInt>()
        .ok()
        .map(|n| Q::from_big(BigRational::from_integer(n)))
}

/// Parses an integer (`-3`), a decimal (`0.25`, `1e-3`) or a fraction (`-1/2`), exactly.
impl FromStr for Q {
    type Err = ParseQError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let s = text.trim();
        let bad = || {
            ParseQError(format!(
                "`{text}` is not a number (write 3, -0.25, 1e-3 or 1/2)"
            ))
        };
        if let Some((n, d)) = s.split_once('/') {
            let n = parse_integer(n.trim()).ok_or_else(bad)?;
            let d = parse_integer(d.trim()).ok_or_else(bad)?;
            if d.is_zero() {
                return Err(ParseQError(format!("`{text}` divides by zero")));
            }
            return Ok(&n / &d);
        }
        let (mantissa, exponent) = match s.find(['e', 'E']) {
            Some(i) => {
                let e: i32 = s[i + 1..].parse().map_err(|_| bad())?;
                if e.abs() > 400 {
                    return Err(ParseQError(format!("`{text}` has an exponent beyond ±400")));
                }
                (&s[..i], e)
            }
            None => (s, 0),
        };
        let (negative, unsigned) = match mantissa.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
        };
        let (int_part, frac_part) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let valid = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty()) || !valid(int_part) || !valid(frac_part) {
            return Err(bad());
        }
        let shift = exponent - frac_part.len() as i32;
        // The digits as one integer (all ASCII digits, checked above), in a word when they fit.
        let small = int_part
            .bytes()
            .chain(frac_part.bytes())
            .try_fold(0i128, |acc, b| {
                acc.checked_mul(10)?.checked_add((b - b'0') as i128)
            })
            .filter(|digits| *digits <= i64::MAX as i128);
        let value = match (small, pow10_u128(shift.unsigned_abs())) {
            (Some(digits), Some(p)) if p <= i64::MAX as u128 => {
                let p = p as i128;
                if shift >= 0 {
                    Q::from_i128(digits * p, 1)
                } else {
                    Q::from_i128(digits, p)
                }
            }
            _ => {
                let digits: BigInt = format!("{int_part}{frac_part}0")
                    .parse()
                    .map_err(|_| bad())?;
                let digits = digits / BigInt::from(10);
                let ten = BigInt::from(10);
                Q::from_big(if shift >= 0 {
                    BigRational::from_integer(digits * ten.pow(shift as u32))
                } else {
                    BigRational::new(digits, ten.pow((-shift) as u32))
                })
            }
        };
        Ok(if negative { -value } else { value })
    }
}

/// `a/b + c/d` for reduced fractions with `|a|, |c| <= 2^63` and `0 < b, d < 2^63`
/// (Knuth's gcd-early addition: every product fits in an `i128`).
fn add_wide(a: i128, b: i128, c: i128, d: i128) -> Q {
    if b == 1 && d == 1 {
        return Q::from_i128_reduced(a + c, 1);
    }
    let g = gcd_u64(b as u64, d as u64) as i128;
    if g == 1 {
        let n = a * d + c * b;
        return if n == 0 {
            Q::zero()
        } else {
            Q::from_i128_reduced(n, b * d)
        };
    }
    let t = a * (d / g) + c * (b / g);
    if t == 0 {
        return Q::zero();
    }
    let g2 = gcd_u64((t.unsigned_abs() % g as u128) as u64, g as u64) as i128;
    Q::from_i128_reduced(t / g2, (b / g) * (d / g2))
}

/// [`add_wide`] in machine words when nothing overflows (the common case).
fn add_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    let narrow = || -> Option<Q> {
        if b == 1 && d == 1 {
            return Some(Q::int(a.checked_add(c)?));
        }
        let g = gcd_u64(b as u64, d as u64) as i64;
        if g == 1 {
            let n = a.checked_mul(d)?.checked_add(c.checked_mul(b)?)?;
            return Some(if n == 0 {
                Q::zero()
            } else {
                Q(Repr::Small(n, b.checked_mul(d)?))
            });
        }
        let t = a.checked_mul(d / g)?.checked_add(c.checked_mul(b / g)?)?;
        if t == 0 {
            return Some(Q::zero());
        }
        let g2 = gcd_u64(t.unsigned_abs() % g as u64, g as u64) as i64;
        Some(Q(Repr::Small(t / g2, (b / g).checked_mul(d / g2)?)))
    };
    narrow().unwrap_or_else(|| add_wide(a as i128, b as i128, c as i128, d as i128))
}

/// `a/b - c/d`, as [`add_small`].
fn sub_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    match c.checked_neg() {
        Some(c) => add_small(a, b, c, d),
        None => add_wide(a as i128, b as i128, -(c as i128), d as i128),
    }
}

/// `(a/b) (c/d)` for reduced fractions, cross-reducing first: already reduced, and every
/// product fits in an `i128`.
fn mul_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    if a == 0 || c == 0 {
        return Q::zero();
    }
    if b == 1 && d == 1 {
        if let Some(n) = a.checked_mul(c) {
            return Q::int(n);
        }
    }
    // The gcds divide d and b, so they fit in an i64 and the quotients cannot overflow. Most
    // are 1: no division then.
    let g1 = gcd_u64(a.unsigned_abs(), d as u64) as i64;
    let g2 = gcd_u64(c.unsigned_abs(), b as u64) as i64;
    let (a, d) = if g1 == 1 { (a, d) } else { (a / g1, d / g1) };
    let (c, b) = if g2 == 1 { (c, b) } else { (c / g2, b / g2) };
    match (a.checked_mul(c), b.checked_mul(d)) {
        (Some(n), Some(m)) => Q(Repr::Small(n, m)),
        _ => Q::from_i128_reduced(a as i128 * c as i128, b as i128 * d as i128),
    }
}

/// `(a/b) / (c/d)` for reduced fractions, `c != 0`: `(a d) / (b c)`, cross-reduced (so
/// already reduced), in machine words when nothing overflows, else in `i128`.
fn div_small(a: i64, b: i64, c: i64, d: i64) -> Q {
    assert!(c != 0, "division by zero");
    if a == 0 {
        return Q::zero();
    }
    let g1 = gcd_u64(a.unsigned_abs(), c.unsigned_abs());
    let g2 = gcd_u64(b as u64, d as u64) as i64;
    let narrow = || -> Option<Q> {
        // g1 = 2^63 only for a = c = i64::MIN.
        let g1 = i64::try_from(g1).ok()?;
        let (mut a, b, mut c, d) = (a / g1, b / g2, c / g1, d / g2);
        if c < 0 {
            a = a.checked_neg()?;
            c = c.checked_neg()?;
        }
        Some(Q(Repr::Small(a.checked_mul(d)?, b.checked_mul(c)?)))
    };
    narrow().unwrap_or_else(|| {
        let (g1, g2) = (g1 as i128, g2 as i128);
        let (a, b, c, d) = (
            a as i128 / g1,
            b as i128 / g2,
            c as i128 / g1,
            d as i128 / g2,
        );
        let (n, m) = if c < 0 {
            (-a * d, -(b * c))
        } else {
            (a * d, b * c)
        };
        Q::from_i128_reduced(n, m)
    })
}

// Each operation takes the word-sized path inline; the paths with a big operand live in their
// own functions (`*_big`), so the hot path stays small.

impl Add<&Q> for &Q {
    type Output = Q;
    fn add(self, rhs: &Q) -> Q {
        match (&self.0, &rhs.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => add_small(*a, *b, *c, *d),
            _ => add_big(self, rhs),
        }
    }
}

/// `x + y` when an operand is big.
#[inline(never)]
fn add_big(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (Repr::Big(r), Repr::Small(c, d)) | (Repr::Small(c, d), Repr::Big(r)) => {
            add_mixed(r.numer(), r.denom(), *c as i128, *d as u64)
        }
        _ => Q::from_big(&*x.as_big() + &*y.as_big()),
    }
}

impl Sub<&Q> for &Q {
    type Output = Q;
    fn sub(self, rhs: &Q) -> Q {
        match (&self.0, &rhs.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => sub_small(*a, *b, *c, *d),
            _ => sub_big(self, rhs),
        }
    }
}

/// `x - y` when an operand is big.
#[inline(never)]
fn sub_big(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (Repr::Big(r), Repr::Small(c, d)) => {
            add_mixed(r.numer(), r.denom(), -(*c as i128), *d as u64)
        }
        (Repr::Small(c, d), Repr::Big(r)) => {
            add_mixed(&-r.numer(), r.denom(), *c as i128, *d as u64)
        }
        _ => Q::from_big(&*x.as_big() - &*y.as_big()),
    }
}

impl Mul<&Q> for &Q {
    type Output = Q;
    fn mul(self, rhs: &Q) -> Q {
        match (&self.0, &rhs.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => mul_small(*a, *b, *c, *d),
            _ => mul_big(self, rhs),
        }
    }
}

/// `x y` when an operand is big.
#[inline(never)]
fn mul_big(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (_, Repr::Small(0, _)) | (Repr::Small(0, _), _) => Q::zero(),
        (Repr::Big(r), Repr::Small(c, d)) | (Repr::Small(c, d), Repr::Big(r)) => {
            mul_mixed(r.numer(), r.denom(), *c < 0, c.unsigned_abs(), *d as u64)
        }
        _ => Q::from_big(&*x.as_big() * &*y.as_big()),
    }
}

/// Division; **panics on a zero divisor** like every Rust number type.
/// Values from input go through [`Q::checked_div`].
impl Div<&Q> for &Q {
    type Output = Q;
    fn div(self, rhs: &Q) -> Q {
        match (&self.0, &rhs.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => div_small(*a, *b, *c, *d),
            _ => div_big(self, rhs),
        }
    }
}

/// `x / y` when an operand is big; panics on a zero divisor.
#[inline(never)]
fn div_big(x: &Q, y: &Q) -> Q {
    match (&x.0, &y.0) {
        (_, Repr::Small(0, _)) => panic!("division by zero"),
        (Repr::Small(0, _), _) => Q::zero(),
        // (a/b) / (c/d) = (a/b) (d/c).
        (Repr::Big(r), Repr::Small(c, d)) => {
            mul_mixed(r.numer(), r.denom(), *c < 0, *d as u64, c.unsigned_abs())
        }
        // (c/d) / (a/b) = (b/a) (c/d), with the sign of a moved up.
        (Repr::Small(c, d), Repr::Big(r)) => {
            let (a, b) = (r.numer(), r.denom());
            let b = if a.is_negative() { -b } else { b.clone() };
            mul_mixed(&b, &a.abs(), *c < 0, c.unsigned_abs(), *d as u64)
        }
        _ => Q::from_big(&*x.as_big() / &*y.as_big()),
    }
}

macro_rules! forward_owned_binop {
    ($trait:ident, $method:ident) => {
        impl $trait<Q> for Q {
            type Output = Q;
            fn $method(self, rhs: Q) -> Q {
                (&self).$method(&rhs)
            }
        }
        impl $trait<&Q> for Q {
            type Output = Q;
            fn $method(self, rhs: &Q) -> Q {
                (&self).$method(rhs)
            }
        }
    };
}

forward_owned_binop!(Add, add);
forward_owned_binop!(Sub, sub);
forward_owned_binop!(Mul, mul);

impl Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        -&self
    }
}

impl Neg for &Q {
    type Output = Q;
    fn neg(self) -> Q {
        match &self.0 {
            Repr::Small(n, d) => Q::from_i128_reduced(-(*n as i128), *d as i128),
            // -(2^63) comes back to a word.
            Repr::Big(r) => Q::from_big(-r.as_ref()),
        }
    }
}

impl From<i64> for Q {
    fn from(n: i64) -> Self {
        Q::int(n)
    }
}

impl From<u64> for Q {
    fn from(n: u64) -> Self {
        Q::from_i128_reduced(n as i128, 1)
    }
}

impl std::iter::Sum for Q {
    fn sum<I: Iterator<Item = Q>>(iter: I) -> Q {
        iter.fold(Q::zero(), |a, b| &a + &b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Q {
        s.parse().unwrap()
    }

    #[test]
    fn parses_integers_decimals_fractions_exactly() {
        assert_eq!(q("3"), Q::int(3));
        assert_eq!(q("-0.25"), Q::frac(-1, 4));
        assert_eq!(q("0.1"), Q::frac(1, 10));
        assert_eq!(q("1e-3"), Q::frac(1, 1000));
        assert_eq!(q("2.5E2"), Q::int(250));
        assert_eq!(q(" -1/2 "), Q::frac(-1, 2));
        assert_eq!(q("4/-8"), Q::frac(-1, 2));
        for bad in [
            "", "-", ".", "1/0", "abc", "1.2.3", "0x10", "1e999999", "--1",
        ] {
            assert!(bad.parse::<Q>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn rounds_ties_away_from_zero_on_exact_values() {
        assert_eq!(q("0.40625").to_decimal_string(4), "0.4063");
        assert_eq!(q("-0.40625").to_decimal_string(4), "-0.4063");
        assert_eq!(q("2.5").to_decimal_string(0), "3");
        assert_eq!(Q::frac(1, 3).to_decimal_string(3), "0.333");
        assert_eq!(Q::frac(-1, 200).to_decimal_string(2), "-0.01");
        assert_eq!(Q::frac(-1, 1000).to_decimal_string(2), "0.00");
        assert_eq!(q("0.05").to_decimal_string(3), "0.050");
    }

    #[test]
    fn exact_decimals_and_square_roots() {
        assert_eq!(Q::frac(-1, 2).to_exact_decimal(6).as_deref(), Some("-0.5"));
        assert_eq!(Q::frac(1, 3).to_exact_decimal(6), None);
        assert_eq!(Q::frac(3, 40).decimal_places(3), Some(3));
        assert_eq!(Q::frac(3, 40).decimal_places(2), None);
        assert_eq!(Q::int(-7).decimal_places(0), Some(0));
        assert!(Q::frac(3, 8).is_terminating());
        assert!(!Q::frac(1, 6).is_terminating());
        assert_eq!(Q::frac(9, 16).sqrt_exact(), Some(Q::frac(3, 4)));
        assert_eq!(Q::int(2).sqrt_exact(), None);
    }

    #[test]
    fn big_values_do_not_overflow() {
        let big = Q::from(u64::MAX);
        let product = &big * &big;
        assert_eq!(
            product.to_string(),
            "340282366920938463426481119284349108225"
        );
    }

    fn big(n: &str, d: &str) -> Q {
        Q::from_big(BigRational::new(n.parse().unwrap(), d.parse().unwrap()))
    }

    fn hash_of(q: &Q) -> u64 {
        use std::hash::{DefaultHasher, Hasher};
        let mut h = DefaultHasher::new();
        q.hash(&mut h);
        h.finish()
    }

    #[test]
    fn overflow_falls_back_to_big_and_comes_back_small() {
        let max = Q::int(i64::MAX);
        let past = &max + &Q::one();
        assert_eq!(past.small_parts(), None);
        assert_eq!(past.to_string(), "9223372036854775808");
        assert_eq!((&past - &Q::one()).small_parts(), Some((i64::MAX, 1)));

        // -i64::MIN does not fit; negating back does.
        let min = Q::int(i64::MIN);
        assert_eq!((-&min).small_parts(), None);
        assert_eq!((-(-&min)).small_parts(), Some((i64::MIN, 1)));
        assert_eq!(min.abs().to_string(), "9223372036854775808");
        assert_eq!(Q::frac(1, i64::MIN).to_string(), "-1/9223372036854775808");
        assert_eq!(Q::frac(1, i64::MIN).recip(), Some(min.clone()));
        assert_eq!(Q::frac(i64::MIN, i64::MIN), Q::one());
        assert_eq!(Q::frac(i64::MIN, -2).small_parts(), Some((1 << 62, 1)));

        // A product past i64 that reduces back by a division.
        let a = Q::frac(1 << 62, 3);
        let p = &a * &Q::int(12);
        assert_eq!(p.small_parts(), None);
        assert_eq!(p.to_string(), "18446744073709551616");
        assert_eq!((&p / &Q::int(8)).small_parts(), Some((1 << 61, 1)));
        assert_eq!((&p * &Q::frac(1, 4)).small_parts(), Some((1 << 62, 1)));

        // Sums of huge fractions whose denominators overflow, cancelling exactly.
        let x = Q::frac(i64::MAX, i64::MAX - 1);
        let y = Q::frac(1, i64::MAX - 2);
        let s = &x + &y;
        assert_eq!(s.small_parts(), None);
        assert_eq!(&(&s - &y) - &x, Q::zero());
        assert_eq!((&s - &y).small_parts(), x.small_parts());

        // Powers overflow into big and square roots come back.
        let big_square = Q::frac(4_000_000_007, 3_000_000_019).pow(2);
        assert_eq!(big_square.small_parts(), None);
        assert_eq!(
            big_square.sqrt_exact(),
            Some(Q::frac(4_000_000_007, 3_000_000_019))
        );
        assert_eq!(
            Q::int(3_037_000_499).pow(2).small_parts(),
            Some((9_223_372_030_926_249_001, 1))
        );
        assert_eq!(Q::int(3_037_000_500).pow(2).small_parts(), None);
    }

    #[test]
    fn equal_values_are_equal_and_hash_alike_whatever_the_path() {
        let paths = [
            Q::frac(-3, 4),
            q("-0.75"),
            q("6/-8"),
            q("-75e-2"),
            big("-3", "4"),
            big(
                "-300000000000000000000000000",
                "400000000000000000000000000",
            ),
            &big("-12345678901234567890123", "1") / &big("16460905201646090520164", "1"),
            &(&Q::int(i64::MAX) * &Q::int(3)) / &Q::int(i64::MAX) * Q::frac(-1, 4),
            Q::frac(-3, 4).mul_pow10(40).mul_pow10(-40),
            Q::from_f64(-0.75).unwrap(),
        ];
        for p in &paths {
            assert_eq!(p, &paths[0], "{p:?}");
            assert_eq!(p.small_parts(), Some((-3, 4)));
            assert_eq!(hash_of(p), hash_of(&paths[0]));
            assert_eq!(p.cmp(&paths[0]), Ordering::Equal);
        }
        let huge = [
            big("340282366920938463463374607431768211456", "3"),
            &Q::from(u64::MAX) * &Q::from(u64::MAX) + Q::from(u64::MAX) * Q::int(2) + Q::one(),
        ];
        let same = &(&huge[0] * &Q::int(3)) / &Q::int(3);
        assert_eq!(same, huge[0]);
        assert_eq!(hash_of(&same), hash_of(&huge[0]));
        assert_eq!(
            huge[1].to_string(),
            "340282366920938463463374607431768211456"
        );
        assert_eq!(&huge[0] * &Q::int(3), huge[1]);
    }

    #[test]
    fn order_spans_both_forms() {
        // Ascending, mixing word-sized and big values.
        let ascending = vec![
            &Q::int(i64::MIN) - &Q::frac(1, 2),
            Q::int(i64::MIN),
            Q::int(i64::MIN + 1),
            Q::frac(-1, i64::MAX),
            Q::zero(),
            Q::frac(1, i64::MIN).abs(),
            Q::frac(1, i64::MAX),
            Q::frac(i64::MAX - 1, i64::MAX),
            Q::one(),
            Q::int(i64::MAX),
            &Q::int(i64::MAX) + &Q::frac(1, 3),
            Q::from(u64::MAX),
        ];
        for pair in ascending.windows(2) {
            assert_eq!(pair[0].cmp(&pair[1]), Ordering::Less, "{pair:?}");
            assert_eq!(pair[1].cmp(&pair[0]), Ordering::Greater, "{pair:?}");
            assert!(pair[0] < pair[1]);
        }
        let mut shuffled = ascending.clone();
        shuffled.reverse();
        shuffled.swap(2, 7);
        shuffled.sort();
        assert_eq!(shuffled, ascending);
    }

    #[test]
    fn parses_big_and_word_sized_numbers_alike() {
        assert_eq!(q("9223372036854775807").small_parts(), Some((i64::MAX, 1)));
        assert_eq!(q("9223372036854775808").small_parts(), None);
        assert_eq!(q("-9223372036854775808").small_parts(), Some((i64::MIN, 1)));
        assert_eq!(
            q("0.1234567890123456789"),
            big("1234567890123456789", "10000000000000000000")
        );
        assert_eq!(
            q("123456789012345678901234567890.5").to_string(),
            "246913578024691357802469135781/2"
        );
        assert_eq!(q("1e-30"), Q::one().mul_pow10(-30));
        assert_eq!(q("-2.5e20"), Q::int(-25).mul_pow10(19));
        assert_eq!(q("+1.50"), Q::frac(3, 2));
        assert_eq!(q("-0"), Q::zero());
        assert_eq!(q("-0.0e5"), Q::zero());
        assert_eq!(q(".5"), Q::frac(1, 2));
        assert_eq!(q("5."), Q::int(5));
        assert_eq!(
            q("-18446744073709551616/-36893488147419103232"),
            Q::frac(1, 2)
        );
        // Fractions parse their parts like BigInt does (which allows `_` separators).
        assert_eq!(q("1_000/3"), Q::frac(1000, 3));
        for bad in ["1/+-2", "1_000", "1e", "e5", "1/", "/2", "1/0.5", "0/0"] {
            assert!(bad.parse::<Q>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn rounds_on_both_forms_and_past_machine_words() {
        let third = Q::frac(i64::MAX, 3);
        assert_eq!(third.to_decimal_string(2), "3074457345618258602.33");
        assert_eq!(
            third.to_decimal_string(30),
            "3074457345618258602.333333333333333333333333333333"
        );
        assert_eq!(
            third.round_to(30),
            third.to_decimal_string(30).parse().unwrap()
        );
        assert_eq!((-&third).to_decimal_string(1), "-3074457345618258602.3");
        assert_eq!(
            Q::frac(-5, 10_i64.pow(18)).to_decimal_string(17),
            "-0.00000000000000001"
        );
        assert_eq!(
            Q::frac(-5, 10_i64.pow(18)).to_decimal_string(16),
            "0.0000000000000000"
        );
        assert_eq!(
            Q::frac(1, 3).to_decimal_string(45),
            format!("0.{}", "3".repeat(45))
        );
        assert_eq!(
            Q::frac(2, 3).round_to(60).to_decimal_string(60),
            format!("0.{}7", "6".repeat(59))
        );
        let tie = big("1000000000000000000000000000001", "2");
        assert_eq!(tie.to_decimal_string(0), "500000000000000000000000000001");
        assert_eq!(
            (-&tie).round_to(0).to_string(),
            "-500000000000000000000000000001"
        );
        assert_eq!(tie.decimal_places(5), Some(1));
        assert!(
            big("1", "30000000000000000000000")
                .decimal_places(40)
                .is_none()
        );
        assert_eq!(
            big("1", "320000000000000000000000").decimal_places(40),
            Some(27)
        );
        assert_eq!(Q::from_scaled(BigInt::from(1250), 45), q("1.25e-42"));
        assert_eq!(
            Q::from_scaled(BigInt::from(-7) * BigInt::from(10).pow(60), 50),
            Q::int(-70_000_000_000)
        );
    }

    /// The formulas of the original all-`BigRational` implementation, as the reference.
    mod reference {
        use num_bigint::BigInt;
        use num_rational::BigRational;
        use num_traits::{One, Signed, Zero};

        pub fn round_to(x: &BigRational, places: u32) -> BigRational {
            let scale = BigInt::from(10u32).pow(places);
            let scaled = x * BigRational::from_integer(scale.clone());
            let half = BigRational::new(BigInt::one(), BigInt::from(2));
            let magnitude = (scaled.abs() + half).floor().to_integer();
            let signed = if scaled.is_negative() {
                -magnitude
            } else {
                magnitude
            };
            BigRational::new(signed, scale)
        }

        pub fn to_decimal_string(x: &BigRational, places: u32) -> String {
            let r = round_to(x, places);
            let scale = BigInt::from(10u32).pow(places);
            let scaled = (r * BigRational::from_integer(scale)).to_integer();
            let negative = scaled.is_negative();
            let digits = scaled.abs().to_string();
            let places = places as usize;
            let body = if places == 0 {
                digits
            } else {
                let padded = format!("{digits:0>width$}", width = places + 1);
                let (int_part, frac_part) = padded.split_at(padded.len() - places);
                format!("{int_part}.{frac_part}")
            };
            if negative { format!("-{body}") } else { body }
        }

        pub fn decimal_places(x: &BigRational, max: u32) -> Option<u32> {
            let mut d = x.denom().clone();
            let mut places = [0u32; 2];
            for (count, p) in places.iter_mut().zip([2u32, 5]) {
                let p = BigInt::from(p);
                while (&d % &p).is_zero() {
                    d /= &p;
                    *count += 1;
                }
            }
            let places = places[0].max(places[1]);
            (d.is_one() && places <= max).then_some(places)
        }
    }

    #[test]
    fn agrees_with_big_rational_near_the_word_boundary() {
        let edges: Vec<i64> = vec![
            0,
            1,
            -1,
            2,
            3,
            5,
            7,
            10,
            12,
            1000,
            -999,
            65_536,
            1 << 31,
            (1 << 32) + 1,
            3_037_000_499,
            3_037_000_500,
            1 << 62,
            (1 << 62) + 3,
            i64::MAX / 3,
            i64::MAX - 1,
            i64::MAX,
            i64::MIN + 1,
            i64::MIN,
            -(1 << 62),
            999_999_999_999_999_999,
        ];
        let mut values: Vec<Q> = Vec::new();
        for &n in &edges {
            for &d in &edges {
                if d != 0 {
                    values.push(Q::frac(n, d));
                }
            }
        }
        values.push(big("123456789012345678901234567890", "7"));
        values.push(big("-1", "340282366920938463463374607431768211456"));
        values.push(big("98765432109876543210", "1"));
        values.push(Q::from(u64::MAX));
        // Every pair of a deterministic sample (a stride keeps it quick).
        let pick: Vec<&Q> = values.iter().step_by(7).collect();
        for a in &pick {
            let ra = a.as_big().into_owned();
            assert_eq!(Q::from_big(ra.clone()), **a);
            assert_eq!(a.to_string(), {
                if ra.is_integer() {
                    ra.numer().to_string()
                } else {
                    format!("{}/{}", ra.numer(), ra.denom())
                }
            });
            assert_eq!(a.floor().as_big().into_owned(), ra.floor());
            assert_eq!(a.ceil().as_big().into_owned(), ra.ceil());
            assert_eq!(
                a.to_i64(),
                if ra.is_integer() {
                    ra.to_integer().to_i64()
                } else {
                    None
                }
            );
            assert_eq!(a.to_f64(), ra.to_f64().unwrap());
            for places in [0, 3, 15, 19, 40] {
                assert_eq!(
                    a.to_decimal_string(places),
                    reference::to_decimal_string(&ra, places)
                );
                assert_eq!(
                    a.round_to(places).as_big().into_owned(),
                    reference::round_to(&ra, places)
                );
            }
            assert_eq!(a.decimal_places(40), reference::decimal_places(&ra, 40));
            assert_eq!(a.pow(3).as_big().into_owned(), ra.pow(3));
            for k in [-25i32, -3, 0, 2, 20] {
                let scale = BigRational::from_integer(BigInt::from(10).pow(k.unsigned_abs()));
                let expected = if k >= 0 { &ra * &scale } else { &ra / &scale };
                assert_eq!(a.mul_pow10(k).as_big().into_owned(), expected);
            }
            assert_eq!(a.to_string().parse::<Q>().as_ref(), Ok(*a));
            for b in &pick {
                let rb = b.as_big().into_owned();
                let check = |got: Q, want: BigRational, op: &str| {
                    assert_eq!(got.as_big().into_owned(), want, "{a} {op} {b}");
                    assert_eq!(got, Q::from_big(want), "{a} {op} {b} is not canonical");
                };
                check(*a + *b, &ra + &rb, "+");
                check(*a - *b, &ra - &rb, "-");
                check(*a * *b, &ra * &rb, "*");
                if !b.is_zero() {
                    check(*a / *b, &ra / &rb, "/");
                }
                assert_eq!(a.cmp(b), ra.cmp(&rb), "{a} cmp {b}");
            }
        }
    }

    /// Random fractions of up to 71-bit parts (both forms, all four operations, order, rounding).
    #[test]
    fn random_values_agree_with_big_rational() {
        let mut state = 0x9E3779B97F4A7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let rand_int = |next: &mut dyn FnMut() -> u64| -> BigInt {
            let bits = next() % 72;
            let hi = next() as u128;
            let lo = next() as u128;
            let v = ((hi << 64) | lo) >> (128 - bits.max(1)) as u32;
            let v = BigInt::from(v);
            if next() % 2 == 0 { -v } else { v }
        };
        let mut vals = Vec::new();
        for _ in 0..150 {
            let n = rand_int(&mut next);
            let mut d = rand_int(&mut next);
            if d.is_zero() {
                d = BigInt::from(1);
            }
            let r = BigRational::new(n, d);
            vals.push((Q::from_big(r.clone()), r));
        }
        for (a, ra) in &vals {
            assert_eq!(&a.as_big().into_owned(), ra);
            for places in [0, 2, 20] {
                assert_eq!(
                    a.to_decimal_string(places),
                    reference::to_decimal_string(ra, places)
                );
            }
            assert_eq!(
                a.round_to(7).as_big().into_owned(),
                reference::round_to(ra, 7)
            );
            for k in [-30i32, -1, 1, 30] {
                let scale = BigRational::from_integer(BigInt::from(10).pow(k.unsigned_abs()));
                let expected = if k >= 0 { ra * &scale } else { ra / &scale };
                assert_eq!(a.mul_pow10(k), Q::from_big(expected));
            }
            if !a.is_zero() {
                let e = a.decimal_exponent();
                assert!(a.abs() >= Q::one().mul_pow10(e) && a.abs() < Q::one().mul_pow10(e + 1));
            }
            for (b, rb) in &vals {
                assert_eq!(a + b, Q::from_big(ra + rb));
                assert_eq!(a - b, Q::from_big(ra - rb));
                assert_eq!(a * b, Q::from_big(ra * rb));
                if !b.is_zero() {
                    assert_eq!(a / b, Q::from_big(ra / rb));
                }
                assert_eq!(a.cmp(b), ra.cmp(rb));
            }
        }
    }
}
