//! One number format per tensor, for families whose statements mix decimals and fractions:
//! a tensor is written with decimals at one precision when every entry has a short exact
//! decimal, else with exact fractions throughout (approximate entries: decimals at
//! [`DECIMAL_PLACES`] throughout).

use serde_json::Value;

use crate::num::{DECIMAL_PLACES, Q, Real, bmatrix, ten_to};
use crate::solution::{Answer, Bound, Grading, Tolerance, json_real};

/// Most decimal places an exact tensor is written with before it falls back to fractions.
pub const MAX_PLACES: u32 = 4;

/// An exact tensor (`cols` entries per row) in LaTeX, in one number format. Unlike batch_norm's
/// `format_of`, decimals share one number of places (`0.50 & 1.25`) and any fraction is exact.
pub fn tensor_tex(values: &[Q], cols: usize) -> String {
    let places: Option<Vec<u32>> = values
        .iter()
        .map(|q| q.decimal_places(MAX_PLACES))
        .collect();
    match places {
        Some(places) => {
            let k = places.into_iter().max().unwrap_or(0);
            bmatrix(values, cols, |q| q.decimal(k)).to_string()
        }
        None => bmatrix(values, cols, Q::tex).to_string(),
    }
}

/// A real tensor in LaTeX: as [`tensor_tex`] when every entry is exact, else every entry a
/// decimal rounded to [`DECIMAL_PLACES`].
pub fn real_tensor_tex(values: &[Real], cols: usize) -> String {
    if values.iter().all(Real::is_exact) {
        let exact: Vec<Q> = values.iter().map(|r| r.value().clone()).collect();
        tensor_tex(&exact, cols)
    } else {
        bmatrix(values, cols, |r| r.decimal(DECIMAL_PLACES)).to_string()
    }
}

/// A scalar in LaTeX: its short exact decimal, else its fraction.
pub fn scalar_tex(q: &Q) -> String {
    match q.exact_decimal(MAX_PLACES) {
        Some(d) => d.to_string(),
        None => q.tex().to_string(),
    }
}

/// Whether a fraction is short enough to print as one: denominator at most 100, numerator at
/// most 100,000 in absolute value.
pub fn short_fraction(q: &Q) -> bool {
    q.small_parts()
        .is_some_and(|(n, d)| d <= 100 && n.unsigned_abs() <= 100_000)
}

/// A Python literal for a hyperparameter (a PyTorch call's argument): `0.1`, `1e-05`, `0`, `1/3`.
pub fn py(q: &Q) -> String {
    if q.is_zero() {
        return "0".into();
    }
    if let Some(text) = q.exact_decimal(4) {
        if q.abs() >= Q::frac(1, 1000) || q.is_integer() {
            return text.to_string();
        }
    }
    if q.is_terminating() {
        let e = q.decimal_exponent();
        let mantissa = q / &ten_to(e);
        if let Some(m) = mantissa.exact_decimal(12) {
            return format!("{m}e{}{:02}", if e < 0 { "-" } else { "" }, e.abs());
        }
    }
    format!("{}/{}", q.numer(), q.denom())
}

/// An answer of several reals (row-major), written as `latex`. Its value and, when every entry
/// is exact, its exact strings are the entries arranged by `arrange` (a flat array, or nested by
/// a tensor's shape). Each entry is graded to the [`DECIMAL_PLACES`] the sheet asks for, whatever
/// the key prints: an exact one by [`Tolerance::rounding`], an approximate one to half a unit.
pub fn entries_answer(
    id: &str,
    label: &str,
    values: &[Real],
    arrange: impl Fn(Vec<Value>) -> Value,
    latex: String,
) -> Answer {
    let exact: Option<Vec<Value>> = values
        .iter()
        .map(|r| r.as_exact().map(|q| Value::String(q.to_string())))
        .collect();
    let tolerance = Tolerance::per_entry(
        values
            .iter()
            .map(|r| {
                Bound::Abs(match r {
                    Real::Exact(q) => Tolerance::rounding(q, DECIMAL_PLACES),
                    Real::Approx(_) => Tolerance::half_unit(DECIMAL_PLACES),
                })
            })
            .collect(),
    );
    Answer {
        id: id.into(),
        label: label.into(),
        value: arrange(values.iter().map(json_real).collect()),
        exact: exact.map(&arrange),
        latex,
        tolerance,
        grading: Grading::Auto,
        points: None,
        choices: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literals() {
        let q = |s: &str| s.parse::<Q>().unwrap();
        assert_eq!(py(&q("0.00001")), "1e-05");
        assert_eq!(py(&q("1e-8")), "1e-08");
        assert_eq!(py(&q("3e-4")), "3e-04");
        assert_eq!(py(&q("0.1")), "0.1");
        assert_eq!(py(&q("0.999")), "0.999");
        assert_eq!(py(&Q::zero()), "0");
        assert_eq!(py(&Q::frac(1, 3)), "1/3");
    }

    #[test]
    fn short_fractions_have_small_parts() {
        assert!(short_fraction(&Q::frac(-99_999, 100)));
        assert!(short_fraction(&Q::int(7)));
        assert!(!short_fraction(&Q::frac(1, 101)));
        assert!(!short_fraction(&Q::frac(100_001, 3)));
    }

    #[test]
    fn entries_answers_grade_each_entry_to_four_places() {
        let values = [
            Real::Exact(Q::frac(1, 2)),
            Real::Exact(Q::frac(1, 3)),
            Real::Approx(Q::frac(1, 7)),
        ];
        let a = entries_answer("v", "v", &values, Value::Array, "x".into());
        assert_eq!(
            a.value.to_string(),
            "[0.5,0.333333333333333,0.142857142857143]"
        );
        assert!(a.exact.is_none(), "an approximate entry has no exact form");
        assert_eq!(
            a.tolerance.json().to_string(),
            r#"{"entries":[{"abs":0},{"abs":0.00005},{"abs":0.00005}]}"#
        );
        let pairs =
            |v: Vec<Value>| Value::Array(v.chunks(1).map(|c| Value::Array(c.to_vec())).collect());
        let b = entries_answer("w", "w", &values[..2], pairs, "y".into());
        assert_eq!(b.exact.unwrap().to_string(), r#"[["1/2"],["1/3"]]"#);
        assert_eq!((b.id.as_str(), b.latex.as_str()), ("w", "y"));
    }

    #[test]
    fn one_format_per_tensor() {
        let halves = [Q::frac(1, 2), Q::frac(5, 4), Q::int(2)];
        assert_eq!(
            tensor_tex(&halves, 3),
            r"\begin{bmatrix} 0.50 & 1.25 & 2.00 \end{bmatrix}"
        );
        let thirds = [Q::frac(1, 3), Q::frac(1, 2)];
        assert_eq!(
            tensor_tex(&thirds, 1),
            r"\begin{bmatrix} \frac{1}{3} \\ \frac{1}{2} \end{bmatrix}"
        );
        assert_eq!(scalar_tex(&Q::frac(1, 4)), "0.25");
        assert_eq!(scalar_tex(&Q::frac(2, 3)), r"\frac{2}{3}");
    }
}
