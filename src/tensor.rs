//! Small dense tensors over a generic [`Scalar`]: the exact [`Real`] of answer keys, or `f64`
//! for finite-difference cross-checks of the same graph.
//!
//! Only what the autodiff engine ([`crate::engine`]) needs: row-major storage, element-wise maps,
//! the linear layer `z = XW + b` and `conv2d` (stride, zero padding, dilation) with its two
//! backward passes (in `tensor/conv.rs`). Shapes are checked by the callers (the families validate input first); a
//! mismatch here is a bug and panics.

use std::fmt::{self, Debug, Display};

mod conv;

pub use conv::ConvSpec;

use crate::num::{DECIMAL_PLACES, Q, Real};

/// The scalar of a tensor: exact-or-approximate [`Real`], or `f64` for cross-checks.
pub trait Scalar: Clone + Debug {
    /// The value of an exact rational.
    fn from_q(q: &Q) -> Self;
    /// `self + rhs`.
    fn add(&self, rhs: &Self) -> Self;
    /// `self - rhs`.
    fn sub(&self, rhs: &Self) -> Self;
    /// `self * rhs`.
    fn mul(&self, rhs: &Self) -> Self;
    /// `self / rhs`, `None` for a zero divisor.
    fn div(&self, rhs: &Self) -> Option<Self>;
    /// The logistic sigmoid.
    fn sigmoid(&self) -> Self;
    /// The natural logarithm, `None` unless positive.
    fn ln(&self) -> Option<Self>;
    /// Whether the value is strictly positive (ReLU's test: relu'(0) = 0 as in PyTorch).
    fn is_positive(&self) -> bool;
    /// The exact rational value, when there is one.
    fn as_q(&self) -> Option<Q>;
    /// The nearest `f64`.
    fn to_f64(&self) -> f64;
    /// LaTeX: exact fraction or a rounded decimal.
    fn tex(&self) -> impl Display + '_;
    /// Whether [`Scalar::tex`] starts with a minus (a negative value that rounds to zero
    /// does not).
    fn tex_is_negative(&self) -> bool {
        self.tex().to_string().starts_with('-')
    }

    /// Zero.
    fn zero() -> Self {
        Self::from_q(&Q::zero())
    }
    /// One.
    fn one() -> Self {
        Self::from_q(&Q::one())
    }
    /// `-self`.
    fn neg(&self) -> Self {
        Self::zero().sub(self)
    }
    /// Whether the value is exactly zero (never for `f64`, which is never exact).
    fn is_exact_zero(&self) -> bool {
        self.as_q().is_some_and(|q| q.is_zero())
    }
    /// Whether the value is exactly rational (always false for `f64`).
    fn is_exact(&self) -> bool {
        self.as_q().is_some()
    }
    /// `=` for exact values, `\approx` for rounded ones.
    fn eq_sign(&self) -> &'static str {
        if self.is_exact() { "=" } else { r"\approx" }
    }
}

impl Scalar for Real {
    fn from_q(q: &Q) -> Self {
        Real::Exact(q.clone())
    }
    fn add(&self, rhs: &Self) -> Self {
        self + rhs
    }
    fn sub(&self, rhs: &Self) -> Self {
        self - rhs
    }
    fn mul(&self, rhs: &Self) -> Self {
        // An exact zero factor gives an exact zero, even against an approximation
        // (dL/dW_j = x_j dL/dz is exactly 0 where x_j = 0).
        let exact_zero = |r: &Real| r.as_exact().is_some_and(Q::is_zero);
        if exact_zero(self) || exact_zero(rhs) {
            Real::Exact(Q::zero())
        } else {
            self * rhs
        }
    }
    fn div(&self, rhs: &Self) -> Option<Self> {
        self.checked_div(rhs)
    }
    fn sigmoid(&self) -> Self {
        Real::sigmoid(self)
    }
    fn ln(&self) -> Option<Self> {
        Real::ln(self)
    }
    fn is_positive(&self) -> bool {
        self.value().is_positive()
    }
    fn as_q(&self) -> Option<Q> {
        self.as_exact().cloned()
    }
    fn is_exact_zero(&self) -> bool {
        self.as_exact().is_some_and(Q::is_zero)
    }
    fn is_exact(&self) -> bool {
        Real::is_exact(self)
    }
    fn to_f64(&self) -> f64 {
        Real::to_f64(self)
    }
    fn tex(&self) -> impl Display + '_ {
        Real::tex(self)
    }
    fn tex_is_negative(&self) -> bool {
        match self {
            Real::Exact(q) => q.is_negative(),
            Real::Approx(q) => q.is_negative() && !q.round_to(DECIMAL_PLACES).is_zero(),
        }
    }
}

impl Scalar for f64 {
    fn from_q(q: &Q) -> Self {
        q.to_f64()
    }
    fn add(&self, rhs: &Self) -> Self {
        self + rhs
    }
    fn sub(&self, rhs: &Self) -> Self {
        self - rhs
    }
    fn mul(&self, rhs: &Self) -> Self {
        self * rhs
    }
    fn div(&self, rhs: &Self) -> Option<Self> {
        (*rhs != 0.0).then(|| self / rhs)
    }
    fn sigmoid(&self) -> Self {
        1.0 / (1.0 + (-self).exp())
    }
    fn ln(&self) -> Option<Self> {
        (*self > 0.0).then(|| f64::ln(*self))
    }
    fn is_positive(&self) -> bool {
        *self > 0.0
    }
    fn as_q(&self) -> Option<Q> {
        None
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    fn tex(&self) -> impl Display + '_ {
        F64Tex(*self)
    }
}

/// An `f64` with four places, as [`Scalar::tex`] writes it.
struct F64Tex(f64);

impl Display for F64Tex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.4}", self.0)
    }
}

/// A dense row-major tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor<S> {
    shape: Vec<usize>,
    data: Vec<S>,
}

impl<S: Scalar> Tensor<S> {
    /// A tensor from its shape and row-major data.
    ///
    /// # Panics
    /// **Panics if the data does not fill the shape** (a bug in the caller).
    pub fn new(shape: Vec<usize>, data: Vec<S>) -> Self {
        assert_eq!(
            shape.iter().product::<usize>(),
            data.len(),
            "tensor data does not fill {shape:?}"
        );
        Tensor { shape, data }
    }

    /// A rank-0 tensor.
    pub fn scalar(value: S) -> Self {
        Tensor {
            shape: vec![],
            data: vec![value],
        }
    }

    /// Zeros of a shape.
    pub fn zeros(shape: &[usize]) -> Self {
        Tensor {
            shape: shape.to_vec(),
            data: vec![S::zero(); shape.iter().product()],
        }
    }

    /// Converts the scalars of a tensor.
    pub fn convert<T: Scalar>(&self, f: impl Fn(&S) -> T) -> Tensor<T> {
        Tensor {
            shape: self.shape.clone(),
            data: self.data.iter().map(f).collect(),
        }
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The entries, row-major.
    pub fn data(&self) -> &[S] {
        &self.data
    }

    /// The entries, mutable (shape fixed).
    pub fn data_mut(&mut self) -> &mut [S] {
        &mut self.data
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The flat index of a multi-index.
    pub fn offset(&self, index: &[usize]) -> usize {
        debug_assert_eq!(index.len(), self.shape.len());
        index
            .iter()
            .zip(&self.shape)
            .fold(0, |acc, (i, n)| acc * n + i)
    }

    /// The entry at a multi-index.
    pub fn at(&self, index: &[usize]) -> &S {
        &self.data[self.offset(index)]
    }

    /// Applies `f` to every entry.
    pub fn map(&self, f: impl Fn(&S) -> S) -> Self {
        Tensor {
            shape: self.shape.clone(),
            data: self.data.iter().map(f).collect(),
        }
    }

    /// Combines two tensors of the same shape entry by entry.
    pub fn zip(&self, other: &Self, f: impl Fn(&S, &S) -> S) -> Self {
        assert_eq!(self.shape, other.shape, "zip of different shapes");
        Tensor {
            shape: self.shape.clone(),
            data: self
                .data
                .iter()
                .zip(&other.data)
                .map(|(a, b)| f(a, b))
                .collect(),
        }
    }

    /// The sum of all entries.
    pub fn sum(&self) -> S {
        self.data.iter().fold(S::zero(), |acc, v| acc.add(v))
    }

    /// `z = XW + b`: `x` is `[n, d]`, `w` is `[d]`, `b` a scalar; the result is `[n]`.
    pub fn linear(x: &Self, w: &Self, b: &S) -> Self {
        let (n, d) = (x.shape[0], x.shape[1]);
        assert_eq!(w.shape, [d], "linear: weight length");
        let data = (0..n)
            .map(|i| {
                (0..d).fold(b.clone(), |acc, j| {
                    acc.add(&x.data[i * d + j].mul(&w.data[j]))
                })
            })
            .collect();
        Tensor {
            shape: vec![n],
            data,
        }
    }
}

/// The four sizes of a rank-4 tensor.
pub fn dims4<S>(t: &Tensor<S>) -> (usize, usize, usize, usize) {
    assert_eq!(t.shape.len(), 4, "expected a rank-4 tensor");
    (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
}

/// All multi-indices of a rank-4 shape, row-major.
pub fn iter4(
    a: usize,
    b: usize,
    c: usize,
    d: usize,
) -> impl Iterator<Item = (usize, usize, usize, usize)> {
    (0..a).flat_map(move |i| iter3(b, c, d).map(move |(j, k, l)| (i, j, k, l)))
}

/// All multi-indices of a rank-3 shape, row-major.
pub fn iter3(a: usize, b: usize, c: usize) -> impl Iterator<Item = (usize, usize, usize)> {
    (0..a).flat_map(move |i| (0..b).flat_map(move |j| (0..c).map(move |k| (i, j, k))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(shape: &[usize], v: &[i64]) -> Tensor<Real> {
        Tensor::new(
            shape.to_vec(),
            v.iter().map(|&n| Real::Exact(Q::int(n))).collect(),
        )
    }

    #[test]
    fn linear_is_xw_plus_b() {
        let z = Tensor::linear(
            &t(&[1, 4], &[1, 2, 0, 1]),
            &t(&[4], &[1, -2, 3, 3]),
            &Real::Exact(Q::zero()),
        );
        assert_eq!(z, t(&[1], &[0]));
    }

    #[test]
    fn conv_keeps_size_with_same_padding_and_backward_matches_hand_values() {
        let spec = ConvSpec {
            stride: 1,
            padding: 1,
            dilation: 1,
        };
        let x = t(&[1, 1, 2, 2], &[1, 2, 3, 4]);
        let w = t(&[1, 1, 3, 3], &[0, 0, 0, 0, 1, 1, 0, 0, 0]);
        let y = Tensor::conv2d(&x, &w, &t(&[1], &[1]), spec);
        // y[i][j] = x[i][j] + x[i][j+1] + 1
        assert_eq!(y, t(&[1, 1, 2, 2], &[4, 3, 8, 5]));
        let g = t(&[1, 1, 2, 2], &[1, 1, 1, 1]);
        assert_eq!(
            Tensor::conv2d_grad_input(&g, &w, &[1, 1, 2, 2], spec),
            t(&[1, 1, 2, 2], &[1, 2, 1, 2])
        );
        assert_eq!(Tensor::conv2d_grad_bias(&g), t(&[1], &[4]));
        let dw = Tensor::conv2d_grad_weight(&g, &x, &[1, 1, 3, 3], spec);
        assert_eq!(dw.at(&[0, 0, 1, 1]), &Real::Exact(Q::int(10)));
        assert_eq!(dw.at(&[0, 0, 1, 2]), &Real::Exact(Q::int(6)));
        let dilated = ConvSpec {
            stride: 2,
            padding: 0,
            dilation: 2,
        };
        assert_eq!(dilated.out_size(7, 3), Some(2));
        assert_eq!(dilated.out_size(4, 3), None);
    }
}
