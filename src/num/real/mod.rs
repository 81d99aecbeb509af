//! [`Real`]: an exact rational, or a value known to ~45 digits when the math leaves the rationals.

use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};
use std::sync::OnceLock;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Signed;

use super::{Decimal, Q};

mod series;
#[cfg(test)]
mod tests;

use series::{exp_approx, ln_approx};

/// Digits kept by an approximate value; errors stay far below any printed place.
const DIGITS: u32 = 50;

/// A real number: exact when it is rational, otherwise a rational approximation
/// within `10^-45` (sqrt of a non-square, logarithms, exponentials).
///
/// Rounding for display always starts from this value (see [`Q::round_to`]), never
/// from a binary float.
#[derive(Clone, Debug, PartialEq)]
pub enum Real {
    /// The exact value.
    Exact(Q),
    /// An approximation, accurate to far more places than any output prints.
    Approx(Q),
}

/// `10^DIGITS`, computed once.
fn scale() -> &'static BigInt {
    static SCALE: OnceLock<BigInt> = OnceLock::new();
    SCALE.get_or_init(|| BigInt::from(10u32).pow(DIGITS))
}

/// The fraction `n/d` (`d > 0`, not necessarily reduced) rounded to [`DIGITS`] decimal places,
/// halves away from zero, keeping sizes small: no gcd of big numbers.
fn trim_raw(n: &BigInt, d: &BigInt) -> Q {
    // round(|n| s / d): |n| s = q d + r, rounded up when 2 r >= d.
    let d = d.magnitude();
    let (q, r) = (n.magnitude() * scale().magnitude()).div_rem(d);
    let magnitude = BigInt::from(if (r << 1u32) >= *d { q + 1u32 } else { q });
    Q::from_scaled(
        if n.is_negative() {
            -magnitude
        } else {
            magnitude
        },
        DIGITS,
    )
}

/// The four operations, exactly on [`Q`] or straight to a trimmed approximation.
#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    fn exact(self, a: &Q, b: &Q) -> Q {
        match self {
            Op::Add => a + b,
            Op::Sub => a - b,
            Op::Mul => a * b,
            Op::Div => a / b,
        }
    }

    /// `trim(a op b)` from the unreduced fraction (the same value as trimming the exact result).
    fn approx(self, a: &Q, b: &Q) -> Q {
        let (a, b) = (a.as_big(), b.as_big());
        let (n1, d1, n2, d2) = (a.numer(), a.denom(), b.numer(), b.denom());
        let (n, d) = match self {
            Op::Add => (n1 * d2 + n2 * d1, d1 * d2),
            Op::Sub => (n1 * d2 - n2 * d1, d1 * d2),
            Op::Mul => (n1 * n2, d1 * d2),
            Op::Div if n2.is_negative() => (-(n1 * d2), -(d1 * n2)),
            Op::Div => (n1 * d2, d1 * n2),
        };
        trim_raw(&n, &d)
    }
}

impl Real {
    /// The exact value `q`.
    pub fn exact(q: Q) -> Self {
        Real::Exact(q)
    }

    /// The value (exact or the approximation).
    pub fn value(&self) -> &Q {
        match self {
            Real::Exact(q) | Real::Approx(q) => q,
        }
    }

    /// The exact value, when there is one.
    pub fn as_exact(&self) -> Option<&Q> {
        match self {
            Real::Exact(q) => Some(q),
            Real::Approx(_) => None,
        }
    }

    /// Whether the value is exact.
    pub fn is_exact(&self) -> bool {
        matches!(self, Real::Exact(_))
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        self.value().to_f64()
    }

    fn combine(a: &Real, b: &Real, op: Op) -> Real {
        if a.is_exact() && b.is_exact() {
            Real::Exact(op.exact(a.value(), b.value()))
        } else {
            Real::Approx(op.approx(a.value(), b.value()))
        }
    }

    /// `self / rhs`, or `None` for a zero divisor.
    pub fn checked_div(&self, rhs: &Real) -> Option<Real> {
        if rhs.value().is_zero() {
            return None;
        }
        Some(Real::combine(self, rhs, Op::Div))
    }

    /// The square root (exact for squares of rationals); `None` below zero.
    pub fn sqrt(&self) -> Option<Real> {
        let v = self.value();
        if v.is_negative() {
            return None;
        }
        if let (true, Some(root)) = (self.is_exact(), v.sqrt_exact()) {
            return Some(Real::Exact(root));
        }
        // floor(sqrt(floor(v s^2))) / s: the radicand is not negative, so floor = truncation.
        let s = scale();
        let radicand = v.numer() * s * s / v.denom();
        Some(Real::Approx(Q::from_scaled(radicand.sqrt(), DIGITS)))
    }

    /// `e^self` (exact only for 0).
    pub fn exp(&self) -> Real {
        let v = self.value();
        if v.is_zero() && self.is_exact() {
            return Real::Exact(Q::one());
        }
        Real::Approx(exp_approx(v))
    }

    /// The natural logarithm (exact only for 1); `None` for values not above 0.
    pub fn ln(&self) -> Option<Real> {
        let v = self.value();
        if !v.is_positive() {
            return None;
        }
        if v == &Q::one() && self.is_exact() {
            return Some(Real::Exact(Q::zero()));
        }
        Some(Real::Approx(ln_approx(v)))
    }

    /// The logistic sigmoid `1 / (1 + e^-x)` (exact at 0: 1/2).
    pub fn sigmoid(&self) -> Real {
        let one = Real::Exact(Q::one());
        let denominator = &one + &(-self).exp();
        one.checked_div(&denominator).expect("1 + e^-x is positive")
    }

    /// The value (exact or the approximation) as a decimal rounded to `places` (see
    /// [`Q::decimal`]).
    pub fn decimal(&self, places: u32) -> Decimal<'_> {
        self.value().decimal(places)
    }
}

macro_rules! real_binop {
    ($trait:ident, $method:ident) => {
        impl $trait<&Real> for &Real {
            type Output = Real;
            fn $method(self, rhs: &Real) -> Real {
                Real::combine(self, rhs, Op::$trait)
            }
        }
    };
}

real_binop!(Add, add);
real_binop!(Sub, sub);
real_binop!(Mul, mul);

/// Division; **panics on a zero divisor**. Values from input use [`Real::checked_div`].
impl Div<&Real> for &Real {
    type Output = Real;
    fn div(self, rhs: &Real) -> Real {
        self.checked_div(rhs).expect("division by zero")
    }
}

impl Neg for &Real {
    type Output = Real;
    fn neg(self) -> Real {
        match self {
            Real::Exact(q) => Real::Exact(-q),
            Real::Approx(q) => Real::Approx(-q),
        }
    }
}

impl From<Q> for Real {
    fn from(q: Q) -> Self {
        Real::Exact(q)
    }
}

impl fmt::Display for Real {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Real::Exact(q) => write!(f, "{q}"),
            Real::Approx(q) => q.decimal(6).fmt(f),
        }
    }
}
