//! The numbers of the worked solution when the sheet prints the forward pass: a [`Real`] that
//! writes itself as a student does on paper.
//!
//! The sheet prints `y_hat` rounded (`0.85`), and the worked steps go on from those printed
//! values, exactly (`-1/0.85 = -20/17`, `-20/17 * 0.85 * 0.15 = -0.15`). [`Printed`] is the same
//! exact arithmetic as [`Real`]; only the writing differs: a terminating decimal is written as
//! a decimal (`0.85`, not `17/20`), and a quotient that neither terminates nor has a denominator
//! of at most [`SHORT_DENOMINATOR`] is marked approximate (its value is kept whole), so that it
//! is written as a four-place decimal after `\approx`, as on a calculator.

use std::fmt::{self, Display, Formatter};

use crate::num::{DECIMAL_PLACES, Q, Real};
use crate::tensor::Scalar;

/// The largest denominator of a fraction worth writing as one (`20/17`, `20/13`).
pub const SHORT_DENOMINATOR: i64 = 100;

/// Places a terminating decimal may have to be written as one.
const MAX_PLACES: u32 = 8;

/// A [`Real`] written as on paper (see the module docs).
#[derive(Clone, Debug)]
pub struct Printed(pub Real);

impl Printed {
    /// Marks a long exact quotient as approximate (same value).
    fn settle(r: Real) -> Printed {
        match r {
            Real::Exact(q)
                if q.decimal_places(MAX_PLACES).is_none()
                    && q.small_parts().is_none_or(|(_, d)| d > SHORT_DENOMINATOR) =>
            {
                Printed(Real::Approx(q))
            }
            other => Printed(other),
        }
    }
}

/// See [`Printed`].
pub struct PrintedTex<'a>(&'a Real);

impl Display for PrintedTex<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Real::Exact(q) if !q.is_integer() => match q.exact_decimal(MAX_PLACES) {
                Some(decimal) => decimal.fmt(f),
                None => q.tex().fmt(f),
            },
            other => other.tex().fmt(f),
        }
    }
}

impl Scalar for Printed {
    fn from_q(q: &Q) -> Self {
        Printed(Real::Exact(q.clone()))
    }
    fn add(&self, rhs: &Self) -> Self {
        Printed::settle(Scalar::add(&self.0, &rhs.0))
    }
    fn sub(&self, rhs: &Self) -> Self {
        Printed::settle(Scalar::sub(&self.0, &rhs.0))
    }
    fn mul(&self, rhs: &Self) -> Self {
        Printed::settle(Scalar::mul(&self.0, &rhs.0))
    }
    fn div(&self, rhs: &Self) -> Option<Self> {
        Scalar::div(&self.0, &rhs.0).map(Printed::settle)
    }
    fn sigmoid(&self) -> Self {
        Printed(Scalar::sigmoid(&self.0))
    }
    fn ln(&self) -> Option<Self> {
        Scalar::ln(&self.0).map(Printed)
    }
    fn is_positive(&self) -> bool {
        Scalar::is_positive(&self.0)
    }
    fn as_q(&self) -> Option<Q> {
        Scalar::as_q(&self.0)
    }
    fn to_f64(&self) -> f64 {
        Scalar::to_f64(&self.0)
    }
    fn tex(&self) -> impl Display + '_ {
        PrintedTex(&self.0)
    }
    fn tex_is_negative(&self) -> bool {
        match &self.0 {
            Real::Exact(q) => q.is_negative(),
            Real::Approx(q) => q.is_negative() && !q.round_to(DECIMAL_PLACES).is_zero(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Printed {
        Printed::from_q(&s.parse().unwrap())
    }

    #[test]
    fn decimals_stay_decimals_and_long_quotients_are_rounded() {
        assert_eq!(p("0.85").tex().to_string(), "0.85");
        assert_eq!(p("-3").tex().to_string(), "-3");
        let inv = p("-1").div(&p("0.85")).unwrap();
        assert_eq!(inv.tex().to_string(), r"-\frac{20}{17}");
        assert!(inv.is_exact());
        let dz = inv.mul(&p("0.85")).mul(&p("0.15"));
        assert_eq!(
            (dz.tex().to_string(), dz.is_exact()),
            ("-0.15".into(), true)
        );
        let long = p("1").div(&p("0.731")).unwrap();
        assert!(!long.is_exact(), "1000/731 is written as a rounded decimal");
        assert_eq!(long.tex().to_string(), "1.3680");
        assert_eq!(long.as_q(), None);
        assert_eq!(
            long.0.value(),
            &Q::frac(1000, 731),
            "the value is kept whole"
        );
    }
}
