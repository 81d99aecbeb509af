//! How the family writes its numbers, and the answers built from them.
//!
//! An exact value is written exactly when that is short: an integer, a decimal of at most four
//! significant digits (`0.75`, `0.00625`, `2.5 \times 10^{-4}` below 10^-3), a fraction with
//! denominator at most 100 (`\frac{8}{3}`), or a decimal of at most six significant digits. Anything else
//! (an approximation, or an exact value like `0.99900000001`) is rounded to four significant
//! digits, in scientific notation below 10^-3, and marked `\approx` in the worked steps. A
//! parameter value is rounded so that its last step shows three significant digits. Answers
//! The tolerance of each entry follows the four decimal places the sheet asks for, not the
//! printed digits: 0 for a decimal of at most four places, else 0.00005.

use serde_json::Value;

use crate::num::{Q, Real, bmatrix, ten_to};
use crate::problems::format::{entries_answer, short_fraction};
use crate::solution::Answer;

/// Significant digits of rounded values.
const SIG: u32 = 4;

/// A number as written in a solution.
#[derive(Clone, Debug)]
pub struct Shown {
    /// LaTeX math.
    pub tex: String,
    /// The value of the last printed digit, when the number is rounded (`None`: exact).
    pub unit: Option<Q>,
}

impl Shown {
    /// `=` for exact values, `\approx` for rounded ones.
    pub fn eq(&self) -> &'static str {
        if self.unit.is_some() { r"\approx" } else { "=" }
    }

    /// In parentheses when negative, for products: `0.5 \cdot (-2)`.
    pub fn factor(&self) -> String {
        if self.tex.starts_with('-') {
            format!(r"\left({}\right)", self.tex)
        } else {
            self.tex.clone()
        }
    }

    /// As the base of a power: in parentheses when negative, a fraction or scientific.
    pub fn base(&self) -> String {
        if self.tex.starts_with('-') || self.tex.contains('\\') {
            format!(r"\left({}\right)", self.tex)
        } else {
            self.tex.clone()
        }
    }
}

/// The short exact form of the module docs, if the value has one.
pub fn exact_tex(q: &Q) -> Option<String> {
    if q.is_integer() && q.abs() < Q::int(10_000_000) {
        return Some(q.tex().to_string());
    }
    if let Some(tex) = q.tex_exact_decimal(4) {
        return Some(tex.to_string());
    }
    if short_fraction(q) {
        return Some(q.tex().to_string());
    }
    q.tex_exact_decimal(6).map(|tex| tex.to_string())
}

/// A number: exact when short, else four significant digits.
pub fn show(r: &Real) -> Shown {
    if let Real::Exact(q) = r {
        if let Some(tex) = exact_tex(q) {
            return Shown { tex, unit: None };
        }
    }
    let q = r.value();
    let e = q.decimal_exponent();
    Shown {
        tex: q.tex_sig(SIG).to_string(),
        unit: Some(ten_to(e - SIG as i32 + 1)),
    }
}

/// An exact number (a hyperparameter or an input).
pub fn show_q(q: &Q) -> String {
    show(&Real::Exact(q.clone())).tex
}

/// A parameter value after a step of size `step`: rounded so that the step keeps three
/// significant digits (and the value at least four).
pub fn show_theta(theta: &Real, step: &Real) -> Shown {
    let plain = show(theta);
    if plain.unit.is_none() || step.value().is_zero() {
        return plain;
    }
    let by_value = SIG as i32 - 1 - theta.value().decimal_exponent();
    let by_step = 2 - step.value().decimal_exponent();
    let places = by_value.max(by_step).clamp(0, 24);
    let rounded = theta.value().round_to(places as u32);
    Shown {
        tex: rounded.decimal(places as u32).to_string(),
        unit: Some(ten_to(-places)),
    }
}

/// Most places a vector of rounded numbers is written with; a vector whose smallest entry would
/// keep fewer than two significant digits at that many places, or whose largest would need more
/// than [`MAX_DIGITS`] (its entries span many powers of ten), keeps four significant digits in
/// each entry instead.
const MAX_FIXED_PLACES: i32 = 6;

/// Most digits an entry of a vector written with fixed places may have (`184995.697849` is not
/// a way to write 185000).
const MAX_DIGITS: i32 = 7;

/// How many places `shown` writes after the point (`None` for a fraction or `\times 10^`).
fn places_of(shown: &Shown) -> Option<i32> {
    let tex = shown.tex.trim_start_matches('-');
    if !tex.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Some(tex.split_once('.').map_or(0, |(_, frac)| frac.len() as i32))
}

/// The entries of one vector in one number format. Exact short decimals and integers stay as
/// they are; exact entries among which one is a fraction are all written as fractions when every
/// denominator is at most 100. Otherwise (some entry rounded, or
/// fractions that have no short form) every entry is a decimal with the same number of places,
/// as many as the entry that needs most (a parameter keeps its step's digits, see
/// [`show_theta`]; others four significant digits) up to [`MAX_FIXED_PLACES`], re-rounded from
/// its value; when that leaves a tiny entry with less than two significant digits or a large
/// one with more than [`MAX_DIGITS`], every entry keeps four significant digits instead.
/// Unlike batch_norm's `format_of` and [`crate::problems::format`], the rule counts significant
/// digits (optimizer values span many powers of ten) and writes tiny ones in scientific notation.
pub fn unify(values: &[Real], shown: &[Shown]) -> Vec<Shown> {
    if values.len() < 2 || shown.iter().all(|s| places_of(s) == Some(0)) {
        return shown.to_vec();
    }
    let exact = shown.iter().all(|s| s.unit.is_none());
    let fraction = shown.iter().any(|s| s.tex.contains(r"\frac"));
    let scientific = shown.iter().any(|s| s.tex.contains(r"\times"));
    if exact && !fraction {
        // Exact short decimals (`0.25`, `0.4375`; `4 \times 10^{-7}`, `0.02`): every digit is
        // the value, so there is no precision to agree on.
        return shown.to_vec();
    }
    if exact && !scientific && values.iter().all(|r| short_fraction(r.value())) {
        return values
            .iter()
            .map(|r| Shown {
                tex: r.value().tex().to_string(),
                unit: None,
            })
            .collect();
    }
    let needed = |(r, s): (&Real, &Shown)| -> i32 {
        match places_of(s) {
            Some(p) if p > 0 || s.unit.is_some() => p,
            _ if r.value().is_zero() || r.value().is_integer() => 0,
            _ => SIG as i32 - 1 - r.value().decimal_exponent(),
        }
    };
    let places = values
        .iter()
        .zip(shown)
        .map(needed)
        .max()
        .unwrap_or(0)
        .clamp(0, MAX_FIXED_PLACES);
    // Every non-zero entry keeps at least two significant digits at that many places, and the
    // largest at most seven.
    let smallest = ten_to(1 - places);
    let largest = ten_to(MAX_DIGITS - places);
    if values.iter().all(|r| {
        let v = r.value().abs();
        v.is_zero() || (v >= smallest && v < largest)
    }) {
        return values
            .iter()
            .map(|r| {
                let q = r.value();
                let rounded = q.round_to(places as u32);
                let exact_here = matches!(r, Real::Exact(_)) && rounded == *q;
                Shown {
                    tex: rounded.decimal(places as u32).to_string(),
                    unit: (!exact_here).then(|| ten_to(-places)),
                }
            })
            .collect();
    }
    values
        .iter()
        .map(|r| {
            let q = r.value();
            if q.is_zero() {
                return Shown {
                    tex: "0".into(),
                    unit: None,
                };
            }
            Shown {
                tex: q.tex_sig(SIG).to_string(),
                unit: Some(ten_to(q.decimal_exponent() - SIG as i32 + 1)),
            }
        })
        .collect()
}

/// A vector as LaTeX: the entry alone when p = 1, else a row `\begin{bmatrix} .. \end{bmatrix}`.
pub fn vector_tex(entries: &[Shown]) -> String {
    if entries.len() == 1 {
        return entries[0].tex.clone();
    }
    bmatrix(entries, entries.len(), |s| &s.tex).to_string()
}

/// An answer vector of p entries (always a JSON array), shown as `shown` in one format
/// ([`unify`]).
pub fn vector_answer(id: &str, label: &str, values: &[Real], shown: &[Shown]) -> Answer {
    let latex = vector_tex(&unify(values, shown));
    entries_answer(id, label, values, Value::Array, latex)
}

/// [`vector_answer`] with the entries shown by [`show`].
pub fn plain_answer(id: &str, label: &str, values: &[Real]) -> Answer {
    let shown: Vec<Shown> = values.iter().map(show).collect();
    vector_answer(id, label, values, &shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solution::{Bound, Tolerance};

    fn q(s: &str) -> Q {
        s.parse().unwrap()
    }

    #[test]
    fn short_exact_forms_and_rounding() {
        assert_eq!(show_q(&q("0.75")), "0.75");
        assert_eq!(show_q(&q("7/16")), "0.4375");
        assert_eq!(show_q(&q("37/64")), r"\frac{37}{64}");
        assert_eq!(show_q(&q("869/455")), "1.910");
        assert_eq!(show_q(&q("0.00948375")), "0.00948375");
        assert_eq!(show_q(&q("1e-8")), r"1 \times 10^{-8}");
        assert_eq!(show_q(&q("0.00025")), r"2.5 \times 10^{-4}");
        let s = show(&Real::Exact(q("0.99900000001")));
        assert_eq!((s.tex.as_str(), s.eq()), ("0.9990", r"\approx"));
        let theta = show_theta(&Real::Exact(q("12.49900000001")), &Real::Exact(q("0.001")));
        assert_eq!(theta.tex, "12.49900");
        assert_eq!(theta.unit, Some(q("0.00001")));
    }

    fn texts(values: &[Real]) -> Vec<String> {
        let shown: Vec<Shown> = values.iter().map(show).collect();
        unify(values, &shown).into_iter().map(|s| s.tex).collect()
    }

    #[test]
    fn one_number_format_per_vector() {
        let exact = |s: &str| Real::Exact(q(s));
        // Exact decimals and integers stay as they are.
        assert_eq!(
            texts(&[exact("0.25"), exact("0.4375"), exact("-1")]),
            ["0.25", "0.4375", "-1"]
        );
        // A fraction among short exact values: all fractions.
        assert_eq!(
            texts(&[exact("0.25"), exact("0.4375"), exact("37/64")]),
            [r"\frac{1}{4}", r"\frac{7}{16}", r"\frac{37}{64}"]
        );
        // Rounded among exact: one number of places, re-rounded from the values.
        assert_eq!(
            texts(&[exact("1.2000640123"), exact("-0.41123456"), exact("-1.36")]),
            ["1.2001", "-0.4112", "-1.3600"]
        );
        let mixed = texts(&[exact("-4/35"), exact("-0.8"), exact("0.00948375")]);
        assert_eq!(mixed, ["-0.114286", "-0.800000", "0.009484"]);
        // Across many powers of ten: four significant digits each.
        assert_eq!(
            texts(&[
                Real::Approx(q("-0.0036001")),
                Real::Approx(q("-0.056001")),
                Real::Approx(q("81.60123"))
            ]),
            ["-0.003600", "-0.05600", "81.60"]
        );
        assert_eq!(
            texts(&[Real::Approx(q("7.13812e-11")), exact("-0.8")]),
            [r"7.138 \times 10^{-11}", "-0.8000"]
        );
    }

    #[test]
    fn tolerance_is_per_entry_from_four_places() {
        let values = [Real::Exact(q("0.5")), Real::Approx(q("0.123456"))];
        let a = plain_answer("m_1", "m", &values);
        assert_eq!(
            a.tolerance,
            Tolerance::per_entry(vec![Bound::Abs(Q::zero()), Bound::Abs(q("0.00005"))])
        );
        // A tiny entry next to a large one keeps its own bound.
        let tiny = plain_answer(
            "theta_1",
            "t",
            &[Real::Approx(q("1.3")), Real::Approx(q("3.333e-9"))],
        );
        assert_eq!(tiny.tolerance, Tolerance::abs(&q("0.00005")));
        assert!(a.exact.is_none());
        let exact = plain_answer("m_1", "m", &[Real::Exact(q("1/3"))]);
        assert_eq!(
            exact.tolerance,
            Tolerance::abs(&q("0.00005")),
            "1/3 may be written 0.3333"
        );
        let short = plain_answer("m_1", "m", &[Real::Exact(q("3/8"))]);
        assert_eq!(short.tolerance, Tolerance::exact());
        assert_eq!(exact.latex, r"\frac{1}{3}");
    }
}
