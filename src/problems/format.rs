//! One number format per tensor, for families whose statements mix decimals and fractions:
//! a tensor is written with decimals at one precision when every entry has a short exact
//! decimal, else with exact fractions throughout (approximate entries: decimals at
//! [`DECIMAL_PLACES`] throughout).

use crate::num::{DECIMAL_PLACES, Q, Real, bmatrix};

/// Most decimal places an exact tensor is written with before it falls back to fractions.
pub const MAX_PLACES: u32 = 4;

/// An exact tensor (`cols` entries per row) in LaTeX, in one number format.
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

#[cfg(test)]
mod tests {
    use super::*;

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
