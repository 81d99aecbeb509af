//! Significant digits and powers of ten in LaTeX: `0.6667`, `2.500 \times 10^{-4}`.

use std::fmt::{self, Display, Formatter};

use super::Q;

/// `10^e` for any integer `e`.
pub fn ten_to(e: i32) -> Q {
    Q::one().mul_pow10(e)
}

/// A value as `mantissa 10^exponent` ([`Q::tex_sci`], [`Q::tex_sig`],
/// [`Q::tex_exact_decimal`]), the mantissa with `places` digits after the point.
///
/// Written as `mantissa \times 10^{exponent}`; unless `always_scientific`, zero is `0` and a
/// value with `-3 <= exponent < 6` is a plain decimal (`0.00125`, `12.35`).
#[derive(Clone, Debug)]
pub struct Scientific {
    mantissa: Q,
    places: u32,
    exponent: i32,
    always_scientific: bool,
}

/// `q` rounded to `sig` significant digits, as (mantissa in [1, 10), exponent); zero is (0, 0).
fn significant(q: &Q, sig: u32) -> (Q, i32) {
    if q.is_zero() {
        return (Q::zero(), 0);
    }
    let mut e = q.decimal_exponent();
    let mut mantissa = q.mul_pow10(-e).round_to(sig.saturating_sub(1));
    if mantissa.abs() >= Q::int(10) {
        e += 1;
        mantissa = mantissa.mul_pow10(-1).round_to(sig.saturating_sub(1));
    }
    (mantissa, e)
}

impl Q {
    /// Scientific notation with `sig` significant digits, trailing zeros kept:
    /// `-9.999 \times 10^{-4}`, `1.0 \times 10^{-8}` (sig = 2).
    pub fn tex_sci(&self, sig: u32) -> Scientific {
        let (mantissa, exponent) = significant(self, sig);
        Scientific {
            mantissa,
            places: sig.saturating_sub(1),
            exponent,
            always_scientific: true,
        }
    }

    /// The value rounded to `sig` significant digits (trailing zeros kept): a plain decimal
    /// when `10^-3 <= |q| < 10^6` (`0.9990`, `12.35`), else scientific
    /// (`2.500 \times 10^{-4}`).
    pub fn tex_sig(&self, sig: u32) -> Scientific {
        Scientific {
            always_scientific: false,
            ..self.tex_sci(sig)
        }
    }

    /// The exact terminating decimal of at most `max_sig` significant digits: plain when
    /// `10^-3 <= |q| < 10^6` (`0.00125`), else scientific (`1 \times 10^{-8}`,
    /// `2.5 \times 10^{-4}`). `None` when the value needs more digits or does not terminate.
    pub fn tex_exact_decimal(&self, max_sig: u32) -> Option<Scientific> {
        let exponent = self.decimal_exponent();
        let mantissa = self.mul_pow10(-exponent);
        let places = mantissa.decimal_places(max_sig.saturating_sub(1))?;
        Some(Scientific {
            mantissa,
            places,
            exponent,
            always_scientific: false,
        })
    }
}

impl Display for Scientific {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let e = self.exponent;
        if !self.always_scientific {
            if self.mantissa.is_zero() {
                return f.write_str("0");
            }
            if (-3..6).contains(&e) {
                let places = (self.places as i32 - e).max(0) as u32;
                return self.mantissa.mul_pow10(e).decimal(places).fmt(f);
            }
        }
        write!(
            f,
            r"{} \times 10^{{{e}}}",
            self.mantissa.decimal(self.places)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Q {
        s.parse().unwrap()
    }

    #[test]
    fn scientific_and_significant_digits() {
        assert_eq!(q("0.00099").decimal_exponent(), -4);
        assert_eq!(q("1000").decimal_exponent(), 3);
        assert_eq!(q("-1/3").decimal_exponent(), -1);
        assert_eq!(ten_to(-3), Q::frac(1, 1000));
        assert_eq!(ten_to(2), Q::int(100));
        let sci = |s: &str, sig| q(s).tex_sci(sig).to_string();
        assert_eq!(sci("1e-8", 2), r"1.0 \times 10^{-8}");
        assert_eq!(sci("-0.00099996", 4), r"-1.000 \times 10^{-3}");
        assert_eq!(sci("0", 3), r"0.00 \times 10^{0}");
        let sig = |q: &Q, sig| q.tex_sig(sig).to_string();
        assert_eq!(sig(&Q::frac(2, 3), 4), "0.6667");
        assert_eq!(sig(&q("12.3456"), 4), "12.35");
        assert_eq!(sig(&q("9.99996"), 4), "10.00");
        assert_eq!(sig(&q("0.00025"), 4), r"2.500 \times 10^{-4}");
        assert_eq!(sig(&q("0.999"), 4), "0.9990");
        assert_eq!(sig(&q("1234567"), 3), r"1.23 \times 10^{6}");
        assert_eq!(sig(&Q::zero(), 4), "0");
    }

    #[test]
    fn exact_decimals_stay_exact_or_are_refused() {
        let exact = |q: &Q, max| q.tex_exact_decimal(max).map(|s| s.to_string());
        assert_eq!(exact(&q("1e-8"), 6).as_deref(), Some(r"1 \times 10^{-8}"));
        assert_eq!(
            exact(&q("-0.00025"), 6).as_deref(),
            Some(r"-2.5 \times 10^{-4}")
        );
        assert_eq!(exact(&q("0.00125"), 6).as_deref(), Some("0.00125"));
        assert_eq!(exact(&q("0.999"), 6).as_deref(), Some("0.999"));
        assert_eq!(exact(&q("-123000"), 3).as_deref(), Some("-123000"));
        assert_eq!(
            exact(&q("1230000"), 3).as_deref(),
            Some(r"1.23 \times 10^{6}")
        );
        assert_eq!(exact(&Q::zero(), 1).as_deref(), Some("0"));
        assert_eq!(exact(&q("0.002997001"), 6), None);
        assert_eq!(exact(&Q::frac(1, 3), 6), None);
        assert_eq!(exact(&q("1234567"), 6), None);
    }
}
