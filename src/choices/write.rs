//! How an option is written: the layout of the answer's kind of value, and each entry.

use std::fmt::Write as _;

use serde_json::Value;

use crate::num::{Q, bmatrix};
use crate::solution::{Answer, json_number};

/// How the key writes an answer's kind of value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One number.
    Scalar,
    /// A tensor shape: `[4 \times 64 \times 4 \times 4]`.
    Shape,
    /// A pair: `(2, 2)`.
    Pair,
    /// A row vector (`bmatrix`).
    Row,
    /// A column vector (`bmatrix`).
    Column,
    /// A matrix with `cols` columns (a tensor whose other dimensions are all 1 too).
    Matrix {
        /// Columns.
        cols: usize,
    },
    /// A tensor with more than one H×W slice: `\left( M_1,\; M_2 \right)`.
    Slices {
        /// Entries per slice.
        size: usize,
        /// Columns of a slice.
        cols: usize,
    },
}

impl Layout {
    /// The layout of an answer, from the nesting of its value and how its LaTeX starts; `None`
    /// for a value that is not a number or a rectangular array of numbers.
    pub fn of(answer: &Answer) -> Option<Layout> {
        let mut dims = Vec::new();
        let mut v = &answer.value;
        while let Value::Array(items) = v {
            dims.push(items.len());
            v = items.first()?;
        }
        if !v.is_number() {
            return None;
        }
        let latex = answer.latex.trim_start();
        let bracketed = latex.starts_with('[') || latex.starts_with('(');
        if dims.iter().product::<usize>() == 1 && !bracketed {
            return Some(Layout::Scalar);
        }
        Some(match dims.as_slice() {
            [] => Layout::Scalar,
            [_] if latex.starts_with('[') => Layout::Shape,
            [_] if latex.starts_with('(') => Layout::Pair,
            [_] if latex.contains(r"\\") => Layout::Column,
            [_] => Layout::Row,
            [_, cols] => Layout::Matrix { cols: *cols },
            [outer @ .., rows, cols] if outer.iter().product::<usize>() == 1 => {
                Layout::Matrix { cols: *cols }
            }
            [_, .., rows, cols] => Layout::Slices {
                size: rows * cols,
                cols: *cols,
            },
        })
    }

    /// LaTeX of `entries` (each already written) in this layout.
    pub fn latex(self, entries: &[String]) -> String {
        let mut out = String::new();
        match self {
            Layout::Scalar => out.push_str(entries.first().map_or("", String::as_str)),
            Layout::Shape => {
                let _ = write!(out, "[{}]", entries.join(r" \times "));
            }
            Layout::Pair => {
                let _ = write!(out, "({})", entries.join(", "));
            }
            Layout::Row => {
                let _ = write!(out, "{}", bmatrix(entries, entries.len(), |e| e));
            }
            Layout::Column => {
                let _ = write!(out, "{}", bmatrix(entries, 1, |e| e));
            }
            Layout::Matrix { cols } => {
                let _ = write!(out, "{}", bmatrix(entries, cols, |e| e));
            }
            Layout::Slices { size, cols } => {
                out.push_str(r"\left( ");
                for (i, slice) in entries.chunks(size.max(1)).enumerate() {
                    if i > 0 {
                        out.push_str(r",\; ");
                    }
                    let _ = write!(out, "{}", bmatrix(slice, cols, |e| e));
                }
                out.push_str(r" \right)");
            }
        }
        out
    }
}

/// Largest denominator written as a fraction; others are rounded decimals.
const MAX_DENOMINATOR: i64 = 1000;

/// One entry as an option writes it, with the value it shows: an integer; a decimal of at most
/// `places` places; a fraction with a denominator below 1000; else the decimal rounded to
/// `places` places (and the value it shows is that rounding).
pub fn entry(q: &Q, places: u32) -> (String, Q) {
    if q.is_integer() {
        return (q.tex().to_string(), q.clone());
    }
    if let Some(d) = q.exact_decimal(places) {
        return (d.to_string(), q.clone());
    }
    if q.small_parts().is_some_and(|(_, d)| d < MAX_DENOMINATOR) {
        return (q.tex().to_string(), q.clone());
    }
    (q.decimal(places).to_string(), q.round_to(places))
}

/// `values` (reading order) as nested JSON in the shape of `template` (the answer's value),
/// each entry written by `f`.
pub fn shaped(template: &Value, values: &[Q], f: &dyn Fn(&Q) -> Value) -> Value {
    fn walk(v: &Value, values: &mut std::slice::Iter<'_, Q>, f: &dyn Fn(&Q) -> Value) -> Value {
        match v {
            Value::Array(items) => Value::Array(items.iter().map(|i| walk(i, values, f)).collect()),
            _ => values.next().map_or(Value::Null, f),
        }
    }
    walk(template, &mut values.iter(), f)
}

/// The JSON numbers of `values` in the answer's shape.
pub fn numbers(template: &Value, values: &[Q]) -> Value {
    shaped(template, values, &json_number)
}

/// The exact fractions (`"-1/2"`) of `values` in the answer's shape.
pub fn fractions(template: &Value, values: &[Q]) -> Value {
    shaped(template, values, &|q| Value::String(q.to_string()))
}

/// `values` as text the grader reads (`[[1/2, 3], [0, -1]]`), in the answer's shape.
pub fn text(template: &Value, values: &[Q]) -> String {
    fn walk(v: &Value, values: &mut std::slice::Iter<'_, Q>, out: &mut String) {
        match v {
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    walk(item, values, out);
                }
                out.push(']');
            }
            _ => {
                if let Some(q) = values.next() {
                    let _ = write!(out, "{q}");
                }
            }
        }
    }
    let mut out = String::new();
    walk(template, &mut values.iter(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_integers_short_decimals_small_fractions_or_roundings() {
        let e = |s: &str| {
            let (t, shown) = entry(&s.parse().unwrap(), 4);
            (t, shown.to_string())
        };
        assert_eq!(e("102400"), ("102{,}400".into(), "102400".into()));
        assert_eq!(e("-1/5"), ("-0.2".into(), "-1/5".into()));
        assert_eq!(e("-1/3"), (r"-\frac{1}{3}".into(), "-1/3".into()));
        assert_eq!(e("1/1024"), ("0.0010".into(), "1/1000".into()));
    }

    #[test]
    fn layouts_follow_the_key() {
        let shape = Answer::shape(
            "s",
            "s",
            &crate::num::Shape(vec![Q::int(1), Q::int(3), Q::int(4), Q::int(4)]),
        );
        assert_eq!(Layout::of(&shape), Some(Layout::Shape));
        let entries: Vec<String> = ["1", "3", "4", "4"].map(String::from).to_vec();
        assert_eq!(
            Layout::Shape.latex(&entries),
            r"[1 \times 3 \times 4 \times 4]"
        );
        let column = Answer::vector("v", "v", &[Q::one(), Q::zero()], true);
        assert_eq!(Layout::of(&column), Some(Layout::Column));
        let m = Answer::matrix("m", "m", &[vec![Q::one(), Q::zero()]]);
        assert_eq!(Layout::of(&m), Some(Layout::Matrix { cols: 2 }));
        let text = Answer::text("t", "t", Value::String("F2".into()), "F_2");
        assert_eq!(Layout::of(&text), None);
    }
}
