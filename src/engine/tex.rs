//! LaTeX for the engine's worked steps: partial derivatives, tensors, products with numbers.
//! KaTeX-compatible (`bmatrix`, `\frac`, `\cdot`, `\odot`, `\left( \right)`).
//!
//! The pieces are display adaptors (`write!(out, "{} = {}", dl(x), tensor(t))`); the
//! `push_` functions lay out whole lines and read back what they wrote (to align at `=`,
//! to count matrices), so they take the `String` itself.

use std::fmt::{self, Display, Formatter, Write};

use super::width;
use crate::num::{DECIMAL_PLACES, bmatrix};
use crate::tensor::{Scalar, Tensor};

/// `\frac{\partial a}{\partial b}`.
pub fn d<'a>(a: &'a str, b: &'a str) -> Partial<'a> {
    Partial { a, b }
}

/// `\frac{\partial L}{\partial x}`.
pub fn dl(x: &str) -> Partial<'_> {
    d("L", x)
}

/// See [`d`].
#[derive(Clone, Copy)]
pub struct Partial<'a> {
    a: &'a str,
    b: &'a str,
}

impl Display for Partial<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, r"\frac{{\partial {}}}{{\partial {}}}", self.a, self.b)
    }
}

/// A scalar, in `\left( \right)` when it is written with a minus (for products).
pub fn paren<S: Scalar>(v: &S) -> Paren<'_, S> {
    Paren(v)
}

/// See [`paren`].
pub struct Paren<'a, S>(&'a S);

impl<S: Scalar> Display for Paren<'_, S> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.0.tex_is_negative() {
            write!(f, r"\left({}\right)", self.0.tex())
        } else {
            self.0.tex().fmt(f)
        }
    }
}

/// A tensor: rank 0 (and length-1 vectors) as a number, rank 1 as a column, rank 2 as a
/// matrix, rank 4 `[N, C, H, W]` as its `H x W` slices (several in `\left( \right)`).
pub fn tensor<S: Scalar>(t: &Tensor<S>) -> TensorTex<'_, S> {
    TensorTex(t)
}

/// See [`tensor`].
pub struct TensorTex<'a, S>(&'a Tensor<S>);

/// The matrix of the scalars `entries` (row-major, `cols` columns), in one number format: when
/// some entry is rounded, the exact ones are written with the same [`DECIMAL_PLACES`] too
/// (`0.5000` beside `0.8808`, not `\frac{1}{2}`).
pub fn matrix_of<S: Scalar>(entries: &[S], cols: usize) -> impl Display + '_ {
    let fixed = entries.iter().any(|e| !e.is_exact()) && entries.iter().any(Scalar::is_exact);
    bmatrix(entries, cols, move |e: &S| Cell { e, fixed })
}

/// One entry of [`matrix_of`].
struct Cell<'a, S> {
    e: &'a S,
    fixed: bool,
}

impl<S: Scalar> Display for Cell<'_, S> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.e.as_q() {
            Some(q) if self.fixed => q.decimal(DECIMAL_PLACES).fmt(f),
            _ => self.e.tex().fmt(f),
        }
    }
}

impl<S: Scalar> Display for TensorTex<'_, S> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let data = self.0.data();
        match self.0.shape() {
            [] | [1] => data[0].tex().fmt(f),
            // A column is a matrix of one column.
            [_] => matrix_of(data, 1).fmt(f),
            [_, cols] => matrix_of(data, *cols).fmt(f),
            [n, c, h, w] => {
                let (slices, size) = (n * c, h * w);
                if slices == 1 {
                    return matrix_of(&data[..size], *w).fmt(f);
                }
                let shown: Vec<String> = (0..slices)
                    .map(|s| matrix_of(&data[s * size..(s + 1) * size], *w).to_string())
                    .collect();
                write_slices(f, &shown)
            }
            _ => {
                f.write_str(r"\left[ ")?;
                for (k, v) in data.iter().enumerate() {
                    if k > 0 {
                        f.write_str(", ")?;
                    }
                    v.tex().fmt(f)?;
                }
                f.write_str(r" \right]")
            }
        }
    }
}

/// The width a tensor of several slices may take on one row: two of them and a sign fit on a
/// line ([`width::LINE`]).
const SLICES_WIDTH: f64 = 30.0;

/// The `H x W` slices of a tensor in `\left( \right)`: on one row, or, when wider than
/// [`SLICES_WIDTH`], as rows of a `matrix` with as many slices each as fit.
fn write_slices(f: &mut Formatter<'_>, shown: &[String]) -> fmt::Result {
    let widths: Vec<f64> = shown.iter().map(|m| width::units(m)).collect();
    let total: f64 = widths.iter().sum::<f64>() + 1.3 * (shown.len() - 1) as f64;
    let per_row = if total <= SLICES_WIDTH {
        shown.len()
    } else {
        let widest = widths.iter().fold(0.0, |a: f64, b| a.max(*b));
        (((SLICES_WIDTH + 1.3) / (widest + 1.3)).floor() as usize).clamp(1, shown.len())
    };
    f.write_str(r"\left( ")?;
    let grid = per_row < shown.len();
    if grid {
        f.write_str(r"\begin{matrix} ")?;
    }
    for (s, m) in shown.iter().enumerate() {
        if s > 0 {
            f.write_str(",")?;
            f.write_str(if s % per_row == 0 { r" \\ " } else { r"\; " })?;
        }
        f.write_str(m)?;
    }
    if grid {
        f.write_str(r" \end{matrix}")?;
    }
    f.write_str(r" \right)")
}

/// A tensor transposed for display: a column vector becomes a row (`X^\top`) and a matrix is
/// transposed; other ranks as [`tensor`].
pub fn transposed<S: Scalar>(t: &Tensor<S>) -> Transposed<'_, S> {
    Transposed(t)
}

/// See [`transposed`].
pub struct Transposed<'a, S>(&'a Tensor<S>);

impl<S: Scalar> Display for Transposed<'_, S> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let data = self.0.data();
        match self.0.shape() {
            [rows, cols] => {
                // Column j of the tensor is row j of the display.
                let order: Vec<S> = (0..*cols)
                    .flat_map(|j| (0..*rows).map(move |i| data[i * cols + j].clone()))
                    .collect();
                matrix_of(&order, *rows).fmt(f)
            }
            [_] => matrix_of(data, data.len()).fmt(f),
            _ => tensor(self.0).fmt(f),
        }
    }
}

/// `=` when every entry is exact, `\approx` otherwise.
pub fn eq<S: Scalar>(t: &Tensor<S>) -> &'static str {
    if t.data().iter().all(Scalar::is_exact) {
        "="
    } else {
        r"\approx"
    }
}

/// An indexed entry of a symbol: `z_{2}` for vectors (`(z_i)_{2}` when the symbol has an index
/// already), `G_1[1,2,1]` for rank 4 (channel, row, column, 1-based; the batch index only when
/// the batch has several entries); other ranks as the symbol alone.
pub fn entry<'a>(symbol: &'a str, shape: &'a [usize], flat: usize) -> Entry<'a> {
    Entry {
        symbol,
        shape,
        flat,
    }
}

/// See [`entry`].
pub struct Entry<'a> {
    symbol: &'a str,
    shape: &'a [usize],
    flat: usize,
}

impl Display for Entry<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let (symbol, flat) = (self.symbol, self.flat);
        match *self.shape {
            [_] if symbol.contains('_') => write!(f, "({symbol})_{{{}}}", flat + 1),
            [_] => write!(f, "{symbol}_{{{}}}", flat + 1),
            [n, c, h, w] => {
                assert!(flat < n * c * h * w, "index in range");
                // Row-major: the last index varies fastest.
                let (b, ch, i, j) = (
                    flat / (c * h * w),
                    flat / (h * w) % c,
                    flat / w % h,
                    flat % w,
                );
                write!(f, "{symbol}[")?;
                if n > 1 {
                    write!(f, "{},", b + 1)?;
                }
                if n > 1 || c > 1 {
                    write!(f, "{},", ch + 1)?;
                }
                write!(f, "{},{}]", i + 1, j + 1)
            }
            _ => f.write_str(symbol),
        }
    }
}

/// Appends the sum of the `a \cdot b` products of the pairs `terms`, as written on the board
/// (`0` for none).
pub fn push_products<'s, S: Scalar + 's>(
    out: &mut String,
    terms: impl IntoIterator<Item = (&'s S, &'s S)>,
) {
    let start = out.len();
    for (k, (a, b)) in terms.into_iter().enumerate() {
        let plus = if k > 0 { " + " } else { "" };
        let _ = write!(out, r"{plus}{} \cdot {}", paren(a), paren(b));
    }
    if out.len() == start {
        out.push('0');
    }
}

/// Whether a tensor is small enough to expand entry by entry in a worked step.
pub fn small(entries: usize, terms_each: usize) -> bool {
    entries * terms_each.max(1) <= 40
}

/// The left-hand side for the gradient that `via` sends back to `input`: `\frac{\partial L}{\partial x}`,
/// or `\left.\frac{\partial L}{\partial x}\right|_{\text{via } y}` when `input` is used more than once
/// (the contributions are added up in their own step).
pub fn grad_lhs<S: Scalar>(
    g: &super::Graph<S>,
    input: super::NodeId,
    via: super::NodeId,
) -> GradLhs<'_, S> {
    GradLhs { g, input, via }
}

/// See [`grad_lhs`].
pub struct GradLhs<'a, S> {
    g: &'a super::Graph<S>,
    input: super::NodeId,
    via: super::NodeId,
}

impl<S: Scalar> Display for GradLhs<'_, S> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let symbol = dl(self.g.symbol(self.input));
        if self.g.consumers(self.input).len() > 1 {
            let via = self.g.symbol(self.via);
            write!(f, r"\left.{symbol}\right|_{{\text{{via }} {via}}}")
        } else {
            symbol.fmt(f)
        }
    }
}

/// A value for a denominator: a short terminating decimal (`0.5`) reads better there than a
/// nested fraction; anything else as [`Scalar::tex`].
pub fn den<S: Scalar>(v: &S) -> Den<'_, S> {
    Den(v)
}

/// See [`den`].
pub struct Den<'a, S>(&'a S);

impl<S: Scalar> Display for Den<'_, S> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0.as_q() {
            Some(q) if !q.is_integer() => match q.exact_decimal(4) {
                Some(decimal) => decimal.fmt(f),
                None => self.0.tex().fmt(f),
            },
            _ => self.0.tex().fmt(f),
        }
    }
}

/// Appends several equations in one display: `aligned` at their first `=` (a single one as it
/// is). There are `count` of them, each written by `line(out, k)` straight into the buffer.
/// A line wider than the page ([`width::LINE`]) is cut at its top-level signs into several.
pub fn push_lines(out: &mut String, count: usize, mut line: impl FnMut(&mut String, usize)) {
    if count == 1 {
        let start = out.len();
        line(out, 0);
        let written = out.split_off(start);
        out.push_str(&width::wrap_equation(&written, width::LINE));
        return;
    }
    out.push_str(r"\begin{aligned} ");
    for k in 0..count {
        if k > 0 {
            out.push_str(r" \\ ");
        }
        let start = out.len();
        line(out, k);
        // Align at the first `=` of the line.
        if let Some(at) = out[start..].find(" = ") {
            out.replace_range(start + at..start + at + 3, " &= ");
        }
        let written = out.split_off(start);
        out.push_str(&width::wrap_aligned_line(&written, width::LINE));
    }
    out.push_str(r" \end{aligned}");
}

/// Appends a sum of values written with their signs: `\frac{1}{8} - 0.0298 + 0.1828`.
pub fn push_signed_sum<S: Scalar>(out: &mut String, values: &[S]) {
    for (i, v) in values.iter().enumerate() {
        let start = out.len();
        let _ = write!(out, "{}", v.tex());
        if i == 0 {
            continue;
        }
        // `+ t`, or `- rest` for a written `-rest`.
        if out[start..].starts_with('-') {
            out.replace_range(start..start + 1, " - ");
        } else {
            out.insert_str(start, " + ");
        }
    }
}

/// Appends `lhs = a = b = c` on one line, or, when it holds more than three matrices or is wider
/// than the page, as an `aligned` block with one `= ...` per line (each cut further when still
/// too wide, see [`width::wrap_aligned_line`]). Each part is written by its
/// function straight into the buffer.
pub fn push_equation(out: &mut String, lhs: &str, parts: &[&dyn Fn(&mut String)]) {
    let start = out.len();
    out.push_str(lhs);
    if parts.is_empty() {
        out.push_str(" = ");
        return;
    }
    // Written on one line first; where each part starts.
    let mut starts = Vec::new();
    for part in parts {
        out.push_str(" = ");
        starts.push(out.len());
        part(out);
    }
    // The separators hold no matrix, so this counts the matrices of the parts.
    if out[starts[0]..].matches(r"\begin{bmatrix}").count() <= 3
        && width::units(&out[start..]) <= width::LINE
    {
        return;
    }
    let written = out.split_off(start);
    let part = |k: usize| {
        let end = starts
            .get(k + 1)
            .map_or(start + written.len(), |next| next - 3);
        &written[starts[k] - start..end - start]
    };
    let _ = write!(out, r"\begin{{aligned}} ");
    for k in 0..parts.len() {
        let newline = if k > 0 { r" \\ " } else { "" };
        let line = if k == 0 {
            format!("{lhs} &= {}", part(k))
        } else {
            format!("&= {}", part(k))
        };
        let _ = write!(
            out,
            "{newline}{}",
            width::wrap_aligned_line(&line, width::LINE)
        );
    }
    out.push_str(r" \end{aligned}");
}
