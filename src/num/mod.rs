//! Exact numbers and how they are written: [`Q`] (rationals), [`Real`] (rationals or
//! high-precision approximations) and the LaTeX / plain formatting of scalars, vectors and shapes.

mod format;
mod rational;
mod real;

pub use format::{Shape, tex_num, tex_paren, tex_row, tex_col, tex_matrix, plain_list, tex_real};
pub use format::{decimal_exponent, ten_to, tex_exact_decimal, tex_sci, tex_sig};
pub use rational::{ParseQError, Q};
pub use real::Real;
