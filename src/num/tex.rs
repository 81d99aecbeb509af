//! Numbers in LaTeX math (shared by Markdown `$...$` and `.tex`), as display adaptors: write
//! them with `write!(out, "{}", q.tex())` or take `q.tex().to_string()`.

use std::fmt::{self, Display, Formatter};

use super::{Q, Real};

/// Places a non-terminating or approximate value is rounded to when written as a decimal.
pub const DECIMAL_PLACES: u32 = 4;

impl Q {
    /// LaTeX for the exact value: `3`, `-\frac{1}{2}`, integers of five or more digits grouped
    /// in threes (`102{,}400`). Terminating decimals stay fractions.
    pub fn tex(&self) -> Tex<'_> {
        Tex(self)
    }

    /// [`Q::tex`], in `\left( \right)` when negative (for products: `3 \cdot \left(-2\right)`).
    pub fn tex_paren(&self) -> TexParen<'_> {
        TexParen(self)
    }
}

impl Real {
    /// LaTeX: exact values as [`Q::tex`], approximations as decimals rounded to
    /// [`DECIMAL_PLACES`] (no `\approx`: the caller writes the relation).
    pub fn tex(&self) -> TexReal<'_> {
        TexReal(self)
    }
}

/// See [`Q::tex`].
#[derive(Clone, Copy)]
pub struct Tex<'a>(&'a Q);

/// See [`Q::tex_paren`].
#[derive(Clone, Copy)]
pub struct TexParen<'a>(&'a Q);

/// See [`Real::tex`].
#[derive(Clone, Copy)]
pub struct TexReal<'a>(&'a Real);

/// Writes the integer `n`, grouped in threes when it has five or more digits.
fn write_grouped(f: &mut Formatter<'_>, n: u64) -> fmt::Result {
    if n < 10_000 {
        return write!(f, "{n}");
    }
    let mut scale = 1;
    while n / scale >= 1000 {
        scale *= 1000;
    }
    write!(f, "{}", n / scale)?;
    while scale > 1 {
        scale /= 1000;
        write!(f, "{{,}}{:03}", n / scale % 1000)?;
    }
    Ok(())
}

impl Display for Tex<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let q = self.0;
        let sign = if q.is_negative() { "-" } else { "" };
        match q.small_parts() {
            Some((n, 1)) => {
                f.write_str(sign)?;
                write_grouped(f, n.unsigned_abs())
            }
            Some((n, d)) => write!(f, r"{sign}\frac{{{}}}{{{d}}}", n.unsigned_abs()),
            None if q.is_integer() => {
                f.write_str(sign)?;
                let digits = q.numer().magnitude().to_string();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        f.write_str("{,}")?;
                    }
                    write!(f, "{c}")?;
                }
                Ok(())
            }
            None => write!(
                f,
                r"{sign}\frac{{{}}}{{{}}}",
                q.numer().magnitude(),
                q.denom()
            ),
        }
    }
}

impl Display for TexParen<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.0.is_negative() {
            write!(f, r"\left({}\right)", self.0.tex())
        } else {
            self.0.tex().fmt(f)
        }
    }
}

impl Display for TexReal<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Real::Exact(q) => q.tex().fmt(f),
            Real::Approx(q) => q.decimal(DECIMAL_PLACES).fmt(f),
        }
    }
}

/// `\begin{bmatrix} a & b \\ c & d \end{bmatrix}` of row-major `entries` with `cols` columns,
/// each written as `entry(e)`: a row vector when `cols` is the length, a column when it is 1.
pub fn bmatrix<'a, T, F, D>(entries: &'a [T], cols: usize, entry: F) -> Bmatrix<'a, T, F>
where
    F: Fn(&'a T) -> D,
    D: Display,
{
    Bmatrix {
        entries,
        cols,
        entry,
    }
}

/// See [`bmatrix`].
#[derive(Clone, Copy)]
pub struct Bmatrix<'a, T, F> {
    entries: &'a [T],
    cols: usize,
    entry: F,
}

impl<'a, T, F, D> Display for Bmatrix<'a, T, F>
where
    F: Fn(&'a T) -> D,
    D: Display,
{
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(r"\begin{bmatrix} ")?;
        for (r, row) in self.entries.chunks(self.cols.max(1)).enumerate() {
            if r > 0 {
                f.write_str(r" \\ ")?;
            }
            for (k, e) in row.iter().enumerate() {
                if k > 0 {
                    f.write_str(" & ")?;
                }
                (self.entry)(e).fmt(f)?;
            }
        }
        f.write_str(r" \end{bmatrix}")
    }
}

/// A tensor shape such as `[N, C, H, W]`: `[1, 3, 224, 224]` as plain text (its `Display`),
/// `[1 \times 3 \times 224 \times 224]` in LaTeX ([`Shape::tex`], the exam's notation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape(pub Vec<Q>);

impl Shape {
    /// LaTeX math for the shape.
    pub fn tex(&self) -> ShapeTex<'_> {
        ShapeTex(self)
    }
}

/// See [`Shape::tex`].
#[derive(Clone, Copy)]
pub struct ShapeTex<'a>(&'a Shape);

impl Display for ShapeTex<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, q) in self.0.0.iter().enumerate() {
            if i > 0 {
                f.write_str(r" \times ")?;
            }
            q.tex().fmt(f)?;
        }
        f.write_str("]")
    }
}

impl Display for Shape {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, q) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            q.fmt(f)?;
        }
        f.write_str("]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_fractions_signs_and_groups() {
        assert_eq!(Q::frac(-1, 2).tex().to_string(), r"-\frac{1}{2}");
        assert_eq!(Q::int(181).tex().to_string(), "181");
        assert_eq!(Q::int(1600).tex().to_string(), "1600");
        assert_eq!(Q::int(-102400).tex().to_string(), "-102{,}400");
        assert_eq!(Q::int(34944).tex().to_string(), "34{,}944");
        assert_eq!(Q::int(10_000).tex().to_string(), "10{,}000");
        assert_eq!(
            Q::int(i64::MIN).tex().to_string(),
            "-9{,}223{,}372{,}036{,}854{,}775{,}808"
        );
        let big = &Q::from(u64::MAX) * &Q::int(1000);
        assert_eq!(
            big.tex().to_string(),
            "18{,}446{,}744{,}073{,}709{,}551{,}615{,}000"
        );
        assert_eq!(
            (-&big / Q::int(7)).tex().to_string(),
            r"-\frac{18446744073709551615000}{7}"
        );
        assert_eq!(Q::int(-2).tex_paren().to_string(), r"\left(-2\right)");
        assert_eq!(Q::frac(2, 3).tex_paren().to_string(), r"\frac{2}{3}");
    }

    #[test]
    fn reals_matrices_and_shapes() {
        let third = Real::Approx(Q::frac(-1, 3));
        assert_eq!(third.tex().to_string(), "-0.3333");
        assert_eq!(
            Real::Approx(Q::frac(-1, 30_000)).tex().to_string(),
            "0.0000"
        );
        assert_eq!(Real::Exact(Q::frac(1, 3)).tex().to_string(), r"\frac{1}{3}");
        let values = [Q::int(1), Q::frac(-1, 2), Q::int(3), Q::int(4)];
        assert_eq!(
            bmatrix(&values, 2, Q::tex).to_string(),
            r"\begin{bmatrix} 1 & -\frac{1}{2} \\ 3 & 4 \end{bmatrix}"
        );
        assert_eq!(
            bmatrix(&values[..2], 1, Q::tex).to_string(),
            r"\begin{bmatrix} 1 \\ -\frac{1}{2} \end{bmatrix}"
        );
        let none: [Q; 0] = [];
        assert_eq!(
            bmatrix(&none, 0, Q::tex).to_string(),
            r"\begin{bmatrix}  \end{bmatrix}"
        );
        let shape = Shape(vec![Q::int(1), Q::int(64)]);
        assert_eq!(shape.tex().to_string(), r"[1 \times 64]");
        assert_eq!(shape.to_string(), "[1, 64]");
    }
}
