//! LaTeX for the engine's worked steps: partial derivatives, tensors, products with numbers.
//! KaTeX-compatible (`bmatrix`, `\frac`, `\cdot`, `\odot`, `\left( \right)`).
//!
//! The steps are long and built from many small pieces (every entry of every tensor), so each
//! is written into one buffer by the `push_` functions rather than assembled from temporary
//! strings; a few pieces also come as a function returning a `String`.

use crate::num::push_int;
use crate::tensor::{Scalar, Tensor};

/// `\frac{\partial a}{\partial b}`.
pub fn d(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(a.len() + b.len() + 30);
    push_d(&mut out, a, b);
    out
}

/// Appends [`d`] to `out`.
pub fn push_d(out: &mut String, a: &str, b: &str) {
    out.push_str("\\frac{\\partial ");
    out.push_str(a);
    out.push_str("}{\\partial ");
    out.push_str(b);
    out.push('}');
}

/// `\frac{\partial L}{\partial x}`.
pub fn dl(x: &str) -> String {
    d("L", x)
}

/// Appends [`dl`] to `out`.
pub fn push_dl(out: &mut String, x: &str) {
    push_d(out, "L", x);
}

/// Appends a scalar, in parentheses when negative (for products).
pub fn push_paren<S: Scalar>(out: &mut String, v: &S) {
    let start = out.len();
    v.push_tex(out);
    // The written text decides (a negative value rounded to 0.0000 has no sign).
    if out[start..].starts_with('-') {
        out.insert_str(start, "\\left(");
        out.push_str("\\right)");
    }
}

/// A tensor: rank 0 (and length-1 vectors) as a number, rank 1 as a column, rank 2 as a
/// matrix, rank 4 `[N, C, H, W]` as its `H x W` slices (several in `\left( \right)`).
pub fn tensor<S: Scalar>(t: &Tensor<S>) -> String {
    let mut out = String::with_capacity(40 + 8 * t.len());
    push_tensor(&mut out, t);
    out
}

/// Appends [`tensor`] to `out`.
pub fn push_tensor<S: Scalar>(out: &mut String, t: &Tensor<S>) {
    let data = t.data();
    match t.shape() {
        [] | [1] => data[0].push_tex(out),
        // A column is a matrix of one column.
        [_] => push_matrix_of(out, data, 1),
        [_, cols] => push_matrix_of(out, data, *cols),
        [n, c, h, w] => {
            let (slices, size) = (n * c, h * w);
            if slices == 1 {
                push_matrix_of(out, &data[..size], *w);
            } else {
                out.push_str("\\left( ");
                for s in 0..slices {
                    if s > 0 {
                        out.push_str(",\\; ");
                    }
                    push_matrix_of(out, &data[s * size..(s + 1) * size], *w);
                }
                out.push_str(" \\right)");
            }
        }
        _ => {
            out.push_str("\\left[ ");
            for (k, v) in data.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                v.push_tex(out);
            }
            out.push_str(" \\right]");
        }
    }
}

/// Appends a `bmatrix` of the row-major `entries` with `cols` columns, each written by `push`.
fn push_bmatrix<T>(
    out: &mut String,
    entries: &[T],
    cols: usize,
    mut push: impl FnMut(&mut String, &T),
) {
    out.push_str("\\begin{bmatrix} ");
    for (r, row) in entries.chunks(cols.max(1)).enumerate() {
        if r > 0 {
            out.push_str(" \\\\ ");
        }
        for (k, v) in row.iter().enumerate() {
            if k > 0 {
                out.push_str(" & ");
            }
            push(out, v);
        }
    }
    out.push_str(" \\end{bmatrix}");
}

/// Appends the matrix of the scalars `entries` (row-major, `cols` columns).
fn push_matrix_of<S: Scalar>(out: &mut String, entries: &[S], cols: usize) {
    push_bmatrix(out, entries, cols, |out, v| v.push_tex(out));
}

/// Appends a tensor transposed for display: a column vector becomes a row (`X^\top`) and a
/// matrix is transposed.
pub fn push_transposed<S: Scalar>(out: &mut String, t: &Tensor<S>) {
    let data = t.data();
    match t.shape() {
        [rows, cols] => {
            // Column j of the tensor is row j of the display.
            let order: Vec<usize> = (0..*cols)
                .flat_map(|j| (0..*rows).map(move |i| i * cols + j))
                .collect();
            push_bmatrix(out, &order, *rows, |out, k| data[*k].push_tex(out));
        }
        [_] => push_matrix_of(out, data, data.len()),
        _ => push_tensor(out, t),
    }
}

/// A column vector.
pub fn column(entries: &[String]) -> String {
    matrix(entries, 1)
}

/// A matrix from row-major entries with `cols` columns.
pub fn matrix(entries: &[String], cols: usize) -> String {
    let mut out = String::with_capacity(40 + entries.iter().map(|e| e.len() + 3).sum::<usize>());
    push_bmatrix(&mut out, entries, cols, |out, e| out.push_str(e));
    out
}

/// `=` when every entry is exact, `\approx` otherwise.
pub fn eq<S: Scalar>(t: &Tensor<S>) -> &'static str {
    if t.data().iter().all(Scalar::is_exact) {
        "="
    } else {
        "\\approx"
    }
}

/// Appends an indexed entry of a symbol: `z_2` for vectors, `G_1[1, 2, 1]` for rank-4 (channel,
/// row, column, 1-based; the batch index is shown only when the batch has several entries).
pub fn push_entry(out: &mut String, symbol: &str, shape: &[usize], flat: usize) {
    let index = |out: &mut String, i: usize| push_int(out, i as i64 + 1);
    match shape {
        [_] => {
            if symbol.contains('_') {
                out.push('(');
                out.push_str(symbol);
                out.push_str(")_{");
            } else {
                out.push_str(symbol);
                out.push_str("_{");
            }
            index(out, flat);
            out.push('}');
        }
        [n, c, h, w] => {
            assert!(flat < n * c * h * w, "index in range");
            // Row-major: the last index varies fastest.
            let (b, ch, i, j) = (
                flat / (c * h * w),
                flat / (h * w) % c,
                flat / w % h,
                flat % w,
            );
            out.push_str(symbol);
            out.push('[');
            if *n > 1 {
                index(out, b);
                out.push(',');
            }
            if *n > 1 || *c > 1 {
                index(out, ch);
                out.push(',');
            }
            index(out, i);
            out.push(',');
            index(out, j);
            out.push(']');
        }
        _ => out.push_str(symbol),
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
        if k > 0 {
            out.push_str(" + ");
        }
        push_paren(out, a);
        out.push_str(" \\cdot ");
        push_paren(out, b);
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
) -> String {
    let mut out = String::with_capacity(48);
    push_grad_lhs(&mut out, g, input, via);
    out
}

/// Appends [`grad_lhs`] to `out`.
pub fn push_grad_lhs<S: Scalar>(
    out: &mut String,
    g: &super::Graph<S>,
    input: super::NodeId,
    via: super::NodeId,
) {
    let sym = g.symbol(input);
    if g.consumers(input).len() > 1 {
        out.push_str("\\left.");
        push_dl(out, sym);
        out.push_str("\\right|_{\\text{via } ");
        out.push_str(g.symbol(via));
        out.push('}');
    } else {
        push_dl(out, sym);
    }
}

/// A value for a denominator: a short terminating decimal (`0.5`) reads better there than a
/// nested fraction; anything else as [`Scalar::tex`].
pub fn den<S: Scalar>(v: &S) -> String {
    match v.as_q() {
        Some(q) if !q.is_integer() => q.to_exact_decimal(4).unwrap_or_else(|| v.tex()),
        _ => v.tex(),
    }
}

/// Appends several equations in one display: `aligned` at their first `=` (a single one as it
/// is). There are `count` of them, each written by `line(out, k)` straight into the buffer.
pub fn push_lines(out: &mut String, count: usize, mut line: impl FnMut(&mut String, usize)) {
    if count == 1 {
        line(out, 0);
        return;
    }
    out.push_str("\\begin{aligned} ");
    for k in 0..count {
        if k > 0 {
            out.push_str(" \\\\ ");
        }
        let start = out.len();
        line(out, k);
        // Align at the first `=` of the line.
        if let Some(at) = out[start..].find(" = ") {
            out.replace_range(start + at..start + at + 3, " &= ");
        }
    }
    out.push_str(" \\end{aligned}");
}

/// Appends a sum of values written with their signs: `\frac{1}{8} - 0.0298 + 0.1828`.
pub fn push_signed_sum<S: Scalar>(out: &mut String, values: &[S]) {
    for (i, v) in values.iter().enumerate() {
        let start = out.len();
        v.push_tex(out);
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

/// Appends `lhs = a = b = c` on one line, or, when it holds more than three matrices (too wide
/// for a page), as an `aligned` block with one `= ...` per line. Each part is written by its
/// function straight into the buffer.
pub fn push_equation(out: &mut String, lhs: &str, parts: &[&dyn Fn(&mut String)]) {
    let start = out.len();
    out.push_str(lhs);
    if parts.is_empty() {
        out.push_str(" = ");
        return;
    }
    // Written on one line first; where each part starts.
    let mut starts = Vec::with_capacity(parts.len());
    for part in parts {
        out.push_str(" = ");
        starts.push(out.len());
        part(out);
    }
    // The separators hold no matrix, so this counts the matrices of the parts.
    if out[starts[0]..].matches("\\begin{bmatrix}").count() <= 3 {
        return;
    }
    let written = out.split_off(start);
    let part = |k: usize| {
        let end = starts
            .get(k + 1)
            .map_or(start + written.len(), |next| next - 3);
        &written[starts[k] - start..end - start]
    };
    out.push_str("\\begin{aligned} ");
    out.push_str(lhs);
    out.push(' ');
    for k in 0..parts.len() {
        if k > 0 {
            out.push_str(" \\\\ ");
        }
        out.push_str("&= ");
        out.push_str(part(k));
    }
    out.push_str(" \\end{aligned}");
}
