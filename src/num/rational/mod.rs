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
//!
//! The rest of the type lives beside this file: `ops.rs` (arithmetic), `decimal.rs` (powers of
//! ten and the one rounding rule), `text.rs` (display and parsing).

use std::borrow::Cow;
use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint};
use num_rational::{BigRational, Ratio};
use num_traits::{Signed, ToPrimitive};

mod decimal;
mod ops;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_reference;
mod text;

pub use decimal::Decimal;
pub use text::ParseQError;

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
    /// three words).
    Big(Box<BigRational>),
}

/// Greatest common divisor of machine words (binary gcd; `gcd(0, b) = b`).
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    // Integers (denominator 1) are the common case of the products in `ops.rs`.
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

/// Greatest common divisor of double words (`gcd(0, b) = b`).
fn gcd_u128(a: u128, b: u128) -> u128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => gcd_u64(a, b).into(),
        _ if b == 0 => a,
        // Euclid's step, until both fit in words.
        _ => gcd_u128(b, a % b),
    }
}

/// `a mod m` for a big magnitude and a machine word, without allocating.
fn rem_u64(a: &BigUint, m: u64) -> u64 {
    a.iter_u64_digits()
        .rev()
        .fold(0u128, |r, digit| ((r << 64) | digit as u128) % m as u128) as u64
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
        let g = gcd_u128(n.unsigned_abs(), d.unsigned_abs());
        // g fits unless n = d = i128::MIN; negation overflows only at i128::MIN.
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

    /// The integer `n` as a rational.
    pub fn int(n: i64) -> Self {
        Q(Repr::Small(n, 1))
    }

    /// The fraction `num/den`, reduced.
    ///
    /// # Panics
    /// **Panics if `den` is zero.** Use [`Q::checked_div`] for values from input.
    pub fn frac(num: i64, den: i64) -> Self {
        Q::from_i128(num.into(), den.into())
    }

    /// Wraps a [`BigRational`] (reduced, as every `BigRational` constructor but `new_raw` leaves
    /// it), in canonical form: machine words when it fits.
    pub fn from_big(r: BigRational) -> Self {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(n), Some(d)) => Q(Repr::Small(n, d)),
            _ => Q(Repr::Big(Box::new(r))),
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

    /// The reduced numerator and denominator, when both fit in an `i64` (no allocation).
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

    /// The numerator of the reduced fraction (see [`Q::small_parts`] for the form without
    /// allocation).
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

    /// The value as an `i64`, when it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.0 {
            Repr::Small(n, 1) => Some(*n),
            // A big integer never fits (canonical form).
            _ => None,
        }
    }

    /// The nearest `f64` (for JSON values and float cross-checks only); never `-0.0`.
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
}

/// Value order, across both forms.
impl Ord for Q {
    fn cmp(&self, other: &Q) -> Ordering {
        match (&self.0, &other.0) {
            // a/b against c/d (b, d > 0) is a d against c b.
            (Repr::Small(a, b), Repr::Small(c, d)) => {
                (i128::from(*a) * i128::from(*d)).cmp(&(i128::from(*c) * i128::from(*b)))
            }
            (Repr::Big(r), Repr::Small(c, d)) => (r.numer() * d).cmp(&(r.denom() * c)),
            (Repr::Small(c, d), Repr::Big(r)) => (r.denom() * c).cmp(&(r.numer() * d)),
            (Repr::Big(a), Repr::Big(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, other: &Q) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<i64> for Q {
    fn from(n: i64) -> Self {
        Q::int(n)
    }
}

impl From<u64> for Q {
    fn from(n: u64) -> Self {
        Q::from_i128_reduced(n.into(), 1)
    }
}
