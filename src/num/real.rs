//! [`Real`]: an exact rational, or a value known to ~45 digits when the math leaves the rationals.

use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};
use std::sync::OnceLock;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{Signed, Zero};

use super::Q;

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

    /// Rounded decimal string with `places` digits after the point.
    pub fn to_decimal_string(&self, places: u32) -> String {
        self.value().to_decimal_string(places)
    }
}

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
fn exp_approx(x: &Q) -> Q {
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
fn ln_approx(x: &Q) -> Q {
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
            Real::Approx(q) => write!(f, "{}", q.to_decimal_string(6)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_rational::BigRational;

    #[test]
    fn transcendental_values_match_known_digits() {
        let ln2 = Real::exact(Q::int(2)).ln().unwrap();
        assert_eq!(ln2.to_decimal_string(12), "0.693147180560");
        let e = Real::exact(Q::one()).exp();
        assert_eq!(e.to_decimal_string(12), "2.718281828459");
        let s = Real::exact(Q::int(1)).sigmoid();
        assert_eq!(s.to_decimal_string(12), "0.731058578630");
        let r2 = Real::exact(Q::int(2)).sqrt().unwrap();
        assert_eq!(r2.to_decimal_string(12), "1.414213562373");
        let ln_tenth = Real::exact(Q::frac(1, 10)).ln().unwrap();
        assert_eq!(ln_tenth.to_decimal_string(12), "-2.302585092994");
    }

    #[test]
    fn exact_where_the_math_is_rational() {
        assert_eq!(Real::exact(Q::zero()).sigmoid(), Real::Exact(Q::frac(1, 2)));
        assert_eq!(
            Real::exact(Q::frac(9, 4)).sqrt(),
            Some(Real::Exact(Q::frac(3, 2)))
        );
        assert!(Real::exact(Q::zero()).ln().is_none());
    }

    /// The original trim: `round(q 10^DIGITS) / 10^DIGITS` on `BigRational`.
    fn reference_trim(q: &BigRational) -> Q {
        let s = BigInt::from(10u32).pow(DIGITS);
        let scaled = (q * BigRational::from_integer(s.clone())).round();
        Q::from_big(BigRational::new(scaled.to_integer(), s))
    }

    #[test]
    fn approximations_combine_like_trimming_the_exact_result() {
        let two = Real::exact(Q::int(2));
        let values = [
            two.sqrt().unwrap(),
            -&Real::exact(Q::frac(7, 3)).ln().unwrap(),
            Real::exact(Q::frac(-5, 2)).exp(),
            Real::exact(Q::frac(1, 3)),
            Real::exact(Q::int(i64::MIN)),
            Real::exact(Q::frac(-1, 1 << 40)),
        ];
        for a in &values {
            for b in &values {
                let (ea, eb) = (
                    a.value().as_big().into_owned(),
                    b.value().as_big().into_owned(),
                );
                let cases = [
                    (a + b, &ea + &eb),
                    (a - b, &ea - &eb),
                    (a * b, &ea * &eb),
                    (a / b, &ea / &eb),
                ];
                for (got, exact) in cases {
                    let want = if a.is_exact() && b.is_exact() {
                        Q::from_big(exact)
                    } else {
                        reference_trim(&exact)
                    };
                    assert_eq!(got.value(), &want, "{a} and {b}");
                }
            }
        }
    }

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
