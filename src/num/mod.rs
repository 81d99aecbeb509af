//! Exact numbers and how they are written: [`Q`] (rationals), [`Real`] (rationals or
//! high-precision approximations), and their text as display adaptors (`q.tex()`,
//! `q.decimal(4)`, [`bmatrix`], `q.tex_sig(4)`) that write into any `fmt::Write`.

mod rational;
mod real;
mod scientific;
mod tex;

pub use rational::{Decimal, ParseQError, Q};
pub use real::Real;
pub use scientific::{Scientific, ten_to};
pub use tex::{Bmatrix, DECIMAL_PLACES, Shape, ShapeTex, Tex, TexParen, TexReal, bmatrix};
