//! [`Q`]: an exact rational number, the scalar of every answer key.

use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};
use std::str::FromStr;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An exact rational number of unbounded size.
///
/// The invariant lives in [`BigRational`]: always reduced, denominator positive.
/// Arithmetic never overflows and never rounds; rounding happens only in
/// [`Q::round_to`], by the one rule documented there.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Q(BigRational);

impl Q {
    /// The integer `n` as a rational.
    pub fn int(n: i64) -> Self {
        Q(BigRational::from_integer(BigInt::from(n)))
    }

    /// The fraction `num/den`, reduced.
    ///
    /// # Panics
    /// **Panics if `den` is zero.** Use [`Q::checked_div`] for values from input.
    pub fn frac(num: i64, den: i64) -> Self {
        Q(BigRational::new(BigInt::from(num), BigInt::from(den)))
    }

    /// Wraps a [`BigRational`].
    pub fn from_big(value: BigRational) -> Self {
        Q(value)
    }

    /// The underlying [`BigRational`].
    pub fn as_big(&self) -> &BigRational {
        &self.0
    }

    /// Zero.
    pub fn zero() -> Self {
        Q(BigRational::zero())
    }

    /// One.
    pub fn one() -> Self {
        Q(BigRational::one())
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether the value is strictly negative.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// Whether the value is strictly positive.
    pub fn is_positive(&self) -> bool {
        self.0.is_positive()
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    /// The numerator of the reduced fraction.
    pub fn numer(&self) -> &BigInt {
        self.0.numer()
    }

    /// The (positive) denominator of the reduced fraction.
    pub fn denom(&self) -> &BigInt {
        self.0.denom()
    }

    /// The absolute value.
    pub fn abs(&self) -> Self {
        Q(self.0.abs())
    }

    /// The largest integer not above the value.
    pub fn floor(&self) -> Self {
        Q(self.0.floor())
    }

    /// The smallest integer not below the value.
    pub fn ceil(&self) -> Self {
        Q(self.0.ceil())
    }

    /// `self / rhs`, or `None` when `rhs` is zero.
    pub fn checked_div(&self, rhs: &Q) -> Option<Q> {
        if rhs.is_zero() {
            None
        } else {
            Some(Q(&self.0 / &rhs.0))
        }
    }

    /// `1 / self`, or `None` for zero.
    pub fn recip(&self) -> Option<Q> {
        Q::one().checked_div(self)
    }

    /// `self` raised to a non-negative integer power.
    pub fn pow(&self, exp: u32) -> Q {
        // A reduced fraction's powers stay reduced: no gcd needed.
        Q(BigRational::new_raw(
            self.numer().pow(exp),
            self.denom().pow(exp),
        ))
    }

    /// The exact square root, when the value is the square of a rational.
    pub fn sqrt_exact(&self) -> Option<Q> {
        if self.is_negative() {
            return None;
        }
        let n = self.numer().sqrt();
        let d = self.denom().sqrt();
        (&n * &n == *self.numer() && &d * &d == *self.denom()).then(|| Q(BigRational::new(n, d)))
    }

    /// The value as an `i64`, when it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.0.to_integer().to_i64()
        } else {
            None
        }
    }

    /// The nearest `f64` (for JSON values and float cross-checks only).
    pub fn to_f64(&self) -> f64 {
        let v = self.0.to_f64().unwrap_or(f64::NAN);
        if v == 0.0 { 0.0 } else { v }
    }

    /// The exact value of a finite `f64` (every binary float is a rational).
    pub fn from_f64(value: f64) -> Option<Q> {
        BigRational::from_float(value).map(Q)
    }

    /// Rounds to `places` digits after the decimal point, halves away from zero.
    ///
    /// This is the one rounding rule of dlexam: it works on the exact value, so a
    /// tie such as 0.40625 to four places is always 0.4063 (never float noise).
    pub fn round_to(&self, places: u32) -> Q {
        let scale = BigInt::from(10u32).pow(places);
        let scaled = &self.0 * BigRational::from_integer(scale.clone());
        let half = BigRational::new(BigInt::one(), BigInt::from(2));
        let magnitude = (scaled.abs() + half).floor().to_integer();
        let signed = if scaled.is_negative() {
            -magnitude
        } else {
            magnitude
        };
        Q(BigRational::new(signed, scale))
    }

    /// Whether the value has a finite decimal expansion (denominator 2^a 5^b).
    pub fn is_terminating(&self) -> bool {
        let mut d = self.denom().clone();
        for p in [2u32, 5] {
            let p = BigInt::from(p);
            while (&d % &p).is_zero() {
                d /= &p;
            }
        }
        d.is_one()
    }

    /// Digits after the point of the terminating expansion, if it has at most `max`.
    ///
    /// Read off the reduced denominator 2^a 5^b: the expansion has exactly max(a, b) places.
    pub fn decimal_places(&self, max: u32) -> Option<u32> {
        let mut d = self.denom().clone();
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

    /// The decimal string rounded to `places` (trailing zeros kept), e.g. `-0.6931`.
    pub fn to_decimal_string(&self, places: u32) -> String {
        let r = self.round_to(places);
        let scale = BigInt::from(10u32).pow(places);
        let scaled = (r.0 * BigRational::from_integer(scale)).to_integer();
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

    /// The shortest exact decimal (up to `max` places) or `None` if the value needs more.
    pub fn to_exact_decimal(&self, max: u32) -> Option<String> {
        self.decimal_places(max).map(|p| self.to_decimal_string(p))
    }

    /// Greatest common divisor of two integers (both must be integers).
    pub fn gcd(&self, other: &Q) -> Q {
        Q(BigRational::from_integer(
            self.0.to_integer().gcd(&other.0.to_integer()),
        ))
    }
}

/// Plain form: `-1/2`, `3`, `181`.
impl fmt::Display for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_integer() {
            write!(f, "{}", self.numer())
        } else {
            write!(f, "{}/{}", self.numer(), self.denom())
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
            let n: BigInt = n.trim().parse().map_err(|_| bad())?;
            let d: BigInt = d.trim().parse().map_err(|_| bad())?;
            if d.is_zero() {
                return Err(ParseQError(format!("`{text}` divides by zero")));
            }
            return Ok(Q(BigRational::new(n, d)));
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
        let digits: BigInt = format!("{int_part}{frac_part}0")
            .parse()
            .map_err(|_| bad())?;
        let digits = digits / BigInt::from(10);
        let shift = exponent - frac_part.len() as i32;
        let ten = BigInt::from(10);
        let value = if shift >= 0 {
            BigRational::from_integer(digits * ten.pow(shift as u32))
        } else {
            BigRational::new(digits, ten.pow((-shift) as u32))
        };
        Ok(Q(if negative { -value } else { value }))
    }
}

macro_rules! forward_binop {
    ($trait:ident, $method:ident) => {
        impl $trait<&Q> for &Q {
            type Output = Q;
            fn $method(self, rhs: &Q) -> Q {
                Q((&self.0).$method(&rhs.0))
            }
        }
        impl $trait<Q> for Q {
            type Output = Q;
            fn $method(self, rhs: Q) -> Q {
                Q(self.0.$method(rhs.0))
            }
        }
        impl $trait<&Q> for Q {
            type Output = Q;
            fn $method(self, rhs: &Q) -> Q {
                Q(self.0.$method(&rhs.0))
            }
        }
    };
}

forward_binop!(Add, add);
forward_binop!(Sub, sub);
forward_binop!(Mul, mul);

/// Division; **panics on a zero divisor** like every Rust number type.
/// Values from input go through [`Q::checked_div`].
impl Div<&Q> for &Q {
    type Output = Q;
    fn div(self, rhs: &Q) -> Q {
        Q(&self.0 / &rhs.0)
    }
}

impl Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        Q(-self.0)
    }
}

impl Neg for &Q {
    type Output = Q;
    fn neg(self) -> Q {
        Q(-&self.0)
    }
}

impl From<i64> for Q {
    fn from(n: i64) -> Self {
        Q::int(n)
    }
}

impl From<u64> for Q {
    fn from(n: u64) -> Self {
        Q(BigRational::from_integer(BigInt::from(n)))
    }
}

impl std::iter::Sum for Q {
    fn sum<I: Iterator<Item = Q>>(iter: I) -> Q {
        iter.fold(Q::zero(), |a, b| a + b)
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
}
