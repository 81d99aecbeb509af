//! Exact numbers and how they are written: [`Q`] (rationals), [`Real`] (rationals or
//! high-precision approximations), and their text as display adaptors (`q.tex()`,
//! `q.decimal(4)`, [`bmatrix`], `q.tex_sig(4)`) that write into any `fmt::Write`.

mod rational;
mod real;
mod scientific;
mod shims;
mod tex;

pub use rational::{Decimal, ParseQError, Q};
pub use real::Real;
pub use scientific::{Scientific, ten_to};
pub use shims::{
    Digits, decimal_exponent, push_int, push_tex_num, push_tex_paren, push_tex_real, tex_col,
    tex_exact_decimal, tex_matrix, tex_num, tex_paren, tex_real, tex_row, tex_sci, tex_sig,
};
pub use tex::{Bmatrix, DECIMAL_PLACES, Shape, ShapeTex, Tex, TexParen, TexReal, bmatrix};
