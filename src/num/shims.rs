//! Transitional: the former formatting functions, as thin wrappers over the display adaptors
//! ([`Q::tex`], [`Real::tex`], [`bmatrix`], [`Q::tex_sig`], ...). Removed once every caller
//! uses the adaptors.

use std::fmt::Write;

use super::{Q, Real, bmatrix};

/// Transitional: `q.tex().to_string()`.
pub fn tex_num(q: &Q) -> String {
    q.tex().to_string()
}

/// Transitional: `write!(out, "{}", q.tex())`.
pub fn push_tex_num(out: &mut String, q: &Q) {
    let _ = write!(out, "{}", q.tex());
}

/// Transitional: `q.tex_paren().to_string()`.
pub fn tex_paren(q: &Q) -> String {
    q.tex_paren().to_string()
}

/// Transitional: `write!(out, "{}", q.tex_paren())`.
pub fn push_tex_paren(out: &mut String, q: &Q) {
    let _ = write!(out, "{}", q.tex_paren());
}

/// Transitional: `r.tex().to_string()`.
pub fn tex_real(r: &Real) -> String {
    r.tex().to_string()
}

/// Transitional: `write!(out, "{}", r.tex())`.
pub fn push_tex_real(out: &mut String, r: &Real) {
    let _ = write!(out, "{}", r.tex());
}

/// Transitional: `write!(out, "{n}")`.
pub fn push_int(out: &mut String, n: i64) {
    let _ = write!(out, "{n}");
}

/// Transitional: `bmatrix(values, values.len(), |v| v)`.
pub fn tex_row(values: &[String]) -> String {
    bmatrix(values, values.len(), |v| v).to_string()
}

/// Transitional: `bmatrix(values, 1, |v| v)`.
pub fn tex_col(values: &[String]) -> String {
    bmatrix(values, 1, |v| v).to_string()
}

/// Transitional: [`bmatrix`] of the rows.
pub fn tex_matrix(rows: &[Vec<String>]) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    bmatrix(&rows.concat(), cols, |v| v).to_string()
}

/// Transitional: `q.decimal_exponent()`.
pub fn decimal_exponent(q: &Q) -> i32 {
    q.decimal_exponent()
}

/// Transitional: `q.tex_sci(sig).to_string()`.
pub fn tex_sci(q: &Q, sig: u32) -> String {
    q.tex_sci(sig).to_string()
}

/// Transitional: `q.tex_sig(sig).to_string()`.
pub fn tex_sig(q: &Q, sig: u32) -> String {
    q.tex_sig(sig).to_string()
}

/// Transitional: `q.tex_exact_decimal(max_sig)` as a `String`.
pub fn tex_exact_decimal(q: &Q, max_sig: u32) -> Option<String> {
    q.tex_exact_decimal(max_sig).map(|s| s.to_string())
}

/// Transitional: the digits of an integer (use `write!(f, "{n}")`).
pub struct Digits(String);

impl Digits {
    /// The digits of `n`.
    pub fn of(n: u128) -> Digits {
        Digits(n.to_string())
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
