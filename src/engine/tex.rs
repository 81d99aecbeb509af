//! LaTeX for the engine's worked steps: partial derivatives, tensors, products with numbers.
//! KaTeX-compatible (`bmatrix`, `\frac`, `\cdot`, `\odot`, `\left( \right)`).

use crate::tensor::{Scalar, Tensor, iter4};

/// `\frac{\partial a}{\partial b}`.
pub fn d(a: &str, b: &str) -> String {
    format!("\\frac{{\\partial {a}}}{{\\partial {b}}}")
}

/// `\frac{\partial L}{\partial x}`.
pub fn dl(x: &str) -> String {
    d("L", x)
}

/// A scalar, in parentheses when negative (for products).
pub fn paren<S: Scalar>(v: &S) -> String {
    let t = v.tex();
    if t.starts_with('-') {
        format!("\\left({t}\\right)")
    } else {
        t
    }
}

/// A tensor: rank 0 (and length-1 vectors) as a number, rank 1 as a column, rank 2 as a
/// matrix, rank 4 `[N, C, H, W]` as its `H x W` slices (several in `\left( \right)`).
pub fn tensor<S: Scalar>(t: &Tensor<S>) -> String {
    let entries: Vec<String> = t.data().iter().map(Scalar::tex).collect();
    match t.shape() {
        [] => entries[0].clone(),
        [1] => entries[0].clone(),
        [_] => column(&entries),
        [_, cols] => matrix(&entries, *cols),
        [n, c, h, w] => {
            let size = h * w;
            let slices: Vec<String> = (0..n * c)
                .map(|s| matrix(&entries[s * size..(s + 1) * size], *w))
                .collect();
            if slices.len() == 1 {
                slices[0].clone()
            } else {
                format!("\\left( {} \\right)", slices.join(",\\; "))
            }
        }
        _ => format!("\\left[ {} \\right]", entries.join(", ")),
    }
}

/// A tensor transposed for display: a column vector becomes a row (`X^\top`) and a matrix is
/// transposed.
pub fn transposed<S: Scalar>(t: &Tensor<S>) -> String {
    let entries: Vec<String> = t.data().iter().map(Scalar::tex).collect();
    match t.shape() {
        [rows, cols] => {
            let mut out = Vec::with_capacity(entries.len());
            for j in 0..*cols {
                for i in 0..*rows {
                    out.push(entries[i * cols + j].clone());
                }
            }
            matrix(&out, *rows)
        }
        [_] => matrix(&entries, entries.len()),
        _ => tensor(t),
    }
}

/// A column vector.
pub fn column(entries: &[String]) -> String {
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        entries.join(" \\\\ ")
    )
}

/// A matrix from row-major entries with `cols` columns.
pub fn matrix(entries: &[String], cols: usize) -> String {
    let rows: Vec<String> = entries.chunks(cols.max(1)).map(|r| r.join(" & ")).collect();
    format!(
        "\\begin{{bmatrix}} {} \\end{{bmatrix}}",
        rows.join(" \\\\ ")
    )
}

/// `=` when every entry is exact, `\approx` otherwise.
pub fn eq<S: Scalar>(t: &Tensor<S>) -> &'static str {
    if t.data().iter().all(Scalar::is_exact) {
        "="
    } else {
        "\\approx"
    }
}

/// An indexed entry of a symbol: `z_2` for vectors, `G_1[1, 2, 1]` for rank-4 (channel, row,
/// column, 1-based; the batch index is shown only when the batch has several entries).
pub fn entry(symbol: &str, shape: &[usize], flat: usize) -> String {
    match shape {
        [_] => {
            if symbol.contains('_') {
                format!("({symbol})_{{{}}}", flat + 1)
            } else {
                format!("{symbol}_{{{}}}", flat + 1)
            }
        }
        [n, c, h, w] => {
            let idx = iter4(*n, *c, *h, *w).nth(flat).expect("index in range");
            let (b, ch, i, j) = (idx.0 + 1, idx.1 + 1, idx.2 + 1, idx.3 + 1);
            let inner = if *n > 1 {
                format!("{b},{ch},{i},{j}")
            } else if *c > 1 {
                format!("{ch},{i},{j}")
            } else {
                format!("{i},{j}")
            };
            format!("{symbol}[{inner}]")
        }
        _ => symbol.to_string(),
    }
}

/// A sum of `a \cdot b` products, as written on the board (`0` for none).
pub fn products<S: Scalar>(terms: &[(S, S)]) -> String {
    if terms.is_empty() {
        return "0".into();
    }
    let parts: Vec<String> = terms
        .iter()
        .map(|(a, b)| format!("{} \\cdot {}", paren(a), paren(b)))
        .collect();
    parts.join(" + ")
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
    let sym = g.symbol(input);
    if g.consumers(input).len() > 1 {
        format!(
            "\\left.{}\\right|_{{\\text{{via }} {}}}",
            dl(sym),
            g.symbol(via)
        )
    } else {
        dl(sym)
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

/// Several equations in one display: `aligned` at their first `=` (a single one as it is).
pub fn lines(equations: &[String]) -> String {
    if equations.len() == 1 {
        return equations[0].clone();
    }
    let rows: Vec<String> = equations
        .iter()
        .map(|l| l.replacen(" = ", " &= ", 1))
        .collect();
    format!(
        "\\begin{{aligned}} {} \\end{{aligned}}",
        rows.join(" \\\\ ")
    )
}

/// A sum of values written with their signs: `\frac{1}{8} - 0.0298 + 0.1828`.
pub fn signed_sum<S: Scalar>(values: &[S]) -> String {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        let t = v.tex();
        match (i, t.strip_prefix('-')) {
            (0, _) => out.push_str(&t),
            (_, Some(rest)) => out.push_str(&format!(" - {rest}")),
            (_, None) => out.push_str(&format!(" + {t}")),
        }
    }
    out
}

/// `lhs = a = b = c` on one line, or, when it holds more than three matrices (too wide for a
/// page), as an `aligned` block with one `= ...` per line.
pub fn equation(lhs: &str, parts: &[String]) -> String {
    let matrices = parts
        .iter()
        .map(|p| p.matches("\\begin{bmatrix}").count())
        .sum::<usize>();
    if matrices <= 3 {
        return format!("{lhs} = {}", parts.join(" = "));
    }
    let rows: Vec<String> = parts.iter().map(|p| format!("&= {p}")).collect();
    format!(
        "\\begin{{aligned}} {lhs} {} \\end{{aligned}}",
        rows.join(" \\\\ ")
    )
}
