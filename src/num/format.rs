//! How numbers are written: LaTeX math (shared by Markdown `$...$` and `.tex`) and plain text.

use std::fmt;

use super::{Q, Real};

/// Places a non-terminating or approximate value is rounded to when written as a decimal.
pub const DECIMAL_PLACES: u32 = 4;

/// LaTeX for an exact number: `3`, `-\frac{1}{2}`; terminating decimals stay fractions
/// unless `decimal` is set, then `-0.5` (non-terminating values stay fractions).
pub fn tex_num(q: &Q) -> String {
    if q.is_integer() {
        return group_thousands(&q.to_string());
    }
    let sign = if q.is_negative() { "-" } else { "" };
    format!("{sign}\\frac{{{}}}{{{}}}", q.numer().magnitude(), q.denom())
}

/// Groups the digits of an integer of five or more digits in threes: `102{,}400`.
fn group_thousands(digits: &str) -> String {
    let (sign, body) = digits.strip_prefix('-').map_or(("", digits), |b| ("-", b));
    if body.len() < 5 {
        return digits.to_string();
    }
    let mut out = String::new();
    for (i, c) in body.chars().enumerate() {
        if i > 0 && (body.len() - i) % 3 == 0 {
            out.push_str("{,}");
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// [`tex_num`], wrapped in parentheses when negative (for products: `3 \cdot (-2)`).
pub fn tex_paren(q: &Q) -> String {
    if q.is_negative() {
        format!("\\left({}\\right)", tex_num(q))
    } else {
        tex_num(q)
    }
}

/// LaTeX for a real: exact values as [`tex_num`], approximations as `\approx`-free
/// decimals rounded to [`DECIMAL_PLACES`].
pub fn tex_real(r: &Real) -> String {
    match r {
        Real::Exact(q) => tex_num(q),
        Real::Approx(q) => q.to_decimal_string(DECIMAL_PLACES),
    }
}

/// A row vector `\begin{bmatrix} a & b \end{bmatrix}`.
pub fn tex_row(values: &[String]) -> String {
    format!("\\begin{{bmatrix}} {} \\end{{bmatrix}}", values.join(" & "))
}

/// A column vector `\begin{bmatrix} a \\ b \end{bmatrix}`.
pub fn tex_col(values: &[String]) -> String {
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        values.join(" \\\\ ")
    )
}

/// A matrix from rows of entries.
pub fn tex_matrix(rows: &[Vec<String>]) -> String {
    let body: Vec<String> = rows.iter().map(|r| r.join(" & ")).collect();
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        body.join(" \\\\ ")
    )
}

/// Plain list `[a, b, c]`.
pub fn plain_list<T: fmt::Display>(values: &[T]) -> String {
    let parts: Vec<String> = values.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// A tensor shape such as `[N, C, H, W]`, written `[1 \times 3 \times 224 \times 224]` in
/// LaTeX (the exam's notation) and `[1, 3, 224, 224]` as plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape(pub Vec<Q>);

impl Shape {
    /// LaTeX math for the shape.
    pub fn tex(&self) -> String {
        let parts: Vec<String> = self.0.iter().map(tex_num).collect();
        format!("[{}]", parts.join(" \\times "))
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&plain_list(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_fractions_and_signs() {
        assert_eq!(tex_num(&Q::frac(-1, 2)), "-\\frac{1}{2}");
        assert_eq!(tex_num(&Q::int(181)), "181");
        assert_eq!(tex_num(&Q::int(1600)), "1600");
        assert_eq!(tex_num(&Q::int(-102400)), "-102{,}400");
        assert_eq!(tex_num(&Q::int(34944)), "34{,}944");
        assert_eq!(tex_paren(&Q::int(-2)), "\\left(-2\\right)");
        assert_eq!(Shape(vec![Q::int(1), Q::int(64)]).tex(), "[1 \\times 64]");
        assert_eq!(Shape(vec![Q::int(1), Q::int(64)]).to_string(), "[1, 64]");
    }
}
