//! [`Q`] as plain text: display (`-1/2`) and parsing (`-0.25`, `1e-3`, `1/2`).

use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use num_rational::BigRational;

use super::{Q, Repr};

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
            Repr::Small(n, 1) => write!(f, "{n}"),
            Repr::Small(n, d) => write!(f, "{n}/{d}"),
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

/// An integer as `BigInt` parses it (which allows `_` separators and a `+`).
fn parse_integer(s: &str) -> Option<Q> {
    let n: BigInt = s.parse().ok()?;
    Some(Q::from_big(BigRational::from_integer(n)))
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
        // The digits as one integer, scaled by the exponent less the places after the point.
        let digits: BigInt = format!("{int_part}{frac_part}")
            .parse()
            .map_err(|_| bad())?;
        let shift = exponent - frac_part.len() as i32;
        let value = Q::from_big(BigRational::from_integer(digits)).mul_pow10(shift);
        Ok(if negative { -value } else { value })
    }
}
