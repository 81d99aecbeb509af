//! dlexam: fresh, exactly solved variants of the calculation problems of a deep-learning exam.
//!
//! Data flows one way: params -> [`problems`] (sample, solve) -> [`solution::Problem`] ->
//! [`render`] (Markdown, LaTeX, JSON). The binary (`src/main.rs`) only parses arguments and
//! calls [`app::run`].

pub mod abort;
pub mod app;
pub mod choices;
pub mod cli;
pub mod deliver;
pub mod engine;
pub mod error;
pub mod exam;
pub mod figure;
pub mod grade;
pub mod limits;
pub mod manual;
pub mod num;
pub mod output;
pub mod pdf;
pub mod problems;
pub mod progress;
pub mod render;
pub mod roster;
pub mod seed;
pub mod sheet;
pub mod solution;
pub mod space;
pub mod spec;
pub mod target;
pub mod template_export;
pub mod tensor;
pub mod variety;
pub mod xml;

pub use error::{Error, Result};
