//! Exact numbers and how they are written: [`Q`] (rationals), [`Real`] (rationals or
//! high-precision approximations) and the LaTeX / plain formatting of scalars, vectors and shapes.

mod format;
mod rational;
mod real;

pub use format::{
    DECIMAL_PLACES, Digits, Shape, plain_list, push_int, push_tex_num, push_tex_paren,
    push_tex_real, tex_col, tex_matrix, tex_num, tex_paren, tex_real, tex_row,
};
pub use format::{decimal_exponent, ten_to, tex_exact_decimal, tex_sci, tex_sig};
pub use rational::{ParseQError, Q};
pub use real::Real;
