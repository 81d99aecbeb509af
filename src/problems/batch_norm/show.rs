//! How the family writes its numbers: one format for every list of numbers (a vector, a
//! channel, a tensor), and the answers built from them.
//!
//! A list is written as exact decimals when every entry is exact with at most four places
//! (`-1.5`, `0.25`, `3`); else as fractions when every entry is exact with a denominator of at
//! most 100 (`\frac{1}{3}`, `2`); else every entry rounded to four places (`0.6325`,
//! `-1.0000`), and the relation before it is `\approx`. The tolerance of each entry follows the
//! four places the sheet asks for: 0 for an exact decimal of at most four places, else 0.00005
//! (an answer worked at full precision and rounded to four places scores).

use serde_json::Value;

use crate::num::{DECIMAL_PLACES, Q, Real, bmatrix};
use crate::problems::format::{entries_answer, short_fraction};
use crate::solution::Answer;

/// The one format of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Exact decimals of at most four places.
    Decimal,
    /// Exact fractions with small denominators.
    Fraction,
    /// Rounded to four places.
    Rounded,
}

/// The format of a list (see the module docs). Not [`crate::problems::format::tensor_tex`]'s
/// rule: decimals keep their own places (no padding), and long fractions are rounded instead.
pub fn format_of(values: &[Real]) -> Format {
    let exact: Option<Vec<&Q>> = values.iter().map(Real::as_exact).collect();
    match exact {
        Some(qs)
            if qs
                .iter()
                .all(|q| q.decimal_places(DECIMAL_PLACES).is_some()) =>
        {
            Format::Decimal
        }
        Some(qs) if qs.iter().all(|q| short_fraction(q)) => Format::Fraction,
        _ => Format::Rounded,
    }
}

/// One entry in the list's format.
pub fn entry(r: &Real, format: Format) -> String {
    let q = r.value();
    match format {
        Format::Decimal => q
            .exact_decimal(DECIMAL_PLACES)
            .map_or_else(|| q.tex().to_string(), |d| d.to_string()),
        Format::Fraction => q.tex().to_string(),
        Format::Rounded => q.decimal(DECIMAL_PLACES).to_string(),
    }
}

/// The entries of a list, each in the list's format.
pub fn entries(values: &[Real]) -> Vec<String> {
    let format = format_of(values);
    values.iter().map(|r| entry(r, format)).collect()
}

/// Exact rationals as reals.
pub fn reals(values: &[Q]) -> Vec<Real> {
    values.iter().cloned().map(Real::Exact).collect()
}

/// `=` for a list written exactly, `\approx` for a rounded one.
pub fn relation(values: &[Real]) -> &'static str {
    if format_of(values) == Format::Rounded {
        r"\approx"
    } else {
        "="
    }
}

/// A row of entries: the entry alone when there is one, else a row `bmatrix`.
pub fn row(entries: &[String]) -> String {
    if entries.len() == 1 {
        entries[0].clone()
    } else {
        bmatrix(entries, entries.len(), |s| s).to_string()
    }
}

/// A tensor of written entries: `[C]` as a row, `[N, C]` as a matrix (one row per example),
/// `[N, C, H, W]` as a matrix of `H x W` matrices (one row per example, one column per channel;
/// a single slice alone).
pub fn tensor(shape: &[usize], entries: &[String]) -> String {
    match shape {
        [_] => row(entries),
        [_, c] => bmatrix(entries, *c, |s| s).to_string(),
        [n, c, h, w] => {
            let slices: Vec<String> = entries
                .chunks((h * w).max(1))
                .map(|s| bmatrix(s, *w, |e| e).to_string())
                .collect();
            if n * c == 1 {
                slices[0].clone()
            } else {
                bmatrix(&slices, *c, |s| s).to_string()
            }
        }
        _ => entries.join(", "),
    }
}

/// A tensor of values in its format.
pub fn tensor_of(shape: &[usize], values: &[Real]) -> String {
    tensor(shape, &entries(values))
}

fn nest(shape: &[usize], values: &[Value]) -> Value {
    match shape.split_first() {
        None => values[0].clone(),
        Some((n, rest)) => {
            let size = rest.iter().product::<usize>();
            Value::Array(
                (0..*n)
                    .map(|i| nest(rest, &values[i * size..(i + 1) * size]))
                    .collect(),
            )
        }
    }
}

/// An answer of the given shape (row-major values), written as [`tensor_of`].
pub fn answer(id: &str, label: &str, shape: &[usize], values: &[Real]) -> Answer {
    let arrange = |entries: Vec<Value>| nest(shape, &entries);
    entries_answer(id, label, values, arrange, tensor_of(shape, values))
}

/// A number of the params as written in the statement: an exact decimal of up to six
/// significant digits (`0.1`, `1 \times 10^{-5}`), else the fraction.
pub fn param(q: &Q) -> String {
    q.tex_exact_decimal(6)
        .map_or_else(|| q.tex().to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Q {
        s.parse().unwrap()
    }

    #[test]
    fn one_format_per_list() {
        let exact = |v: &[&str]| -> Vec<Real> { v.iter().map(|s| Real::Exact(q(s))).collect() };
        assert_eq!(
            entries(&exact(&["1/2", "-3", "0.25"])),
            ["0.5", "-3", "0.25"]
        );
        assert_eq!(
            entries(&exact(&["1/3", "2"])),
            [r"\frac{1}{3}", "2"],
            "a third makes the whole list fractions"
        );
        let mixed = vec![Real::Exact(q("1/2")), Real::Approx(q("0.123456"))];
        assert_eq!(entries(&mixed), ["0.5000", "0.1235"]);
        assert_eq!(relation(&mixed), r"\approx");
        assert_eq!(relation(&exact(&["1/3"])), "=");
        assert_eq!(param(&q("0.00001")), r"1 \times 10^{-5}");
    }

    #[test]
    fn answers_nest_by_shape_with_per_entry_tolerance() {
        let values = vec![
            Real::Exact(q("1/2")),
            Real::Exact(q("1/3")),
            Real::Exact(q("1")),
            Real::Exact(q("-2")),
        ];
        let a = answer("x_hat", "x", &[2, 2], &values);
        assert_eq!(a.value.to_string(), "[[0.5,0.333333333333333],[1,-2]]");
        assert_eq!(
            a.exact.unwrap().to_string(),
            r#"[["1/2","1/3"],["1","-2"]]"#
        );
        assert_eq!(
            a.tolerance.json().to_string(),
            r#"{"entries":[{"abs":0},{"abs":0.00005},{"abs":0},{"abs":0}]}"#
        );
        let t = answer("y", "y", &[1, 1, 1, 2], &values[..2]);
        assert_eq!(t.value.to_string(), "[[[[0.5,0.333333333333333]]]]");
        assert_eq!(
            t.latex,
            r"\begin{bmatrix} \frac{1}{2} & \frac{1}{3} \end{bmatrix}"
        );
    }
}
