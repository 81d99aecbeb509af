//! The question facts of `bce-backprop`: what `templates/bce_backprop/question.md` reads.

use serde::Serialize;

use super::Checked;
use super::printed::Printed;
use super::tolerance::Sheet;
use crate::engine::Reduction;
use crate::num::{Q, bmatrix};
use crate::tensor::Scalar;

/// The facts of one question: values written as LaTeX math, flags that pick the wording.
#[derive(Serialize)]
pub struct Facts {
    /// Whether `x` is a batch (rows of `X`).
    pub batch: bool,
    /// Examples.
    pub n: usize,
    /// Inputs per example.
    pub d: usize,
    /// `X` as a row or a matrix.
    pub x: String,
    /// `n \times d`.
    pub x_dims: String,
    /// `W` as a column.
    pub w: String,
    /// `d \times 1`.
    pub w_dims: String,
    /// The bias.
    pub b: String,
    /// The label, or a column of labels.
    pub y: String,
    /// `mean` or `sum`.
    pub reduction: &'static str,
    /// Whether every input is non-negative (said to come from a ReLU).
    pub relu_input: bool,
    /// Whether the sheet prints the forward pass (some prediction is irrational).
    pub given: bool,
    /// The printed predictions and loss.
    pub given_values: String,
    /// Places of the printed values.
    pub places: u32,
    /// Whether the loss has a closed form.
    pub exact_loss: bool,
    /// Whether the sign sub-question is asked.
    pub sign: bool,
    /// The one label of the batch, if all agree.
    pub label: Option<String>,
}

impl Facts {
    /// The facts of checked params and what the sheet prints of them.
    pub fn new(c: &Checked, sheet: &Sheet, exact_loss: bool, sign: bool) -> Facts {
        let (n, d) = (c.x.len(), c.w.len());
        let x = if c.batch {
            bmatrix(&c.x.concat(), d, num).to_string()
        } else {
            row_tex(&c.x[0])
        };
        let y = if c.batch {
            col_tex(&c.y)
        } else {
            c.y[0].tex().to_string()
        };
        let decimals: Vec<String> = sheet
            .y_hat
            .iter()
            .map(|q| q.decimal(sheet.places).to_string())
            .collect();
        let printed_y = if c.batch {
            bmatrix(&decimals, 1, |d| d).to_string()
        } else {
            decimals[0].clone()
        };
        let given = format!(
            r"\hat{{y}} \approx {printed_y}, \quad L \approx {}",
            sheet.loss.decimal(sheet.places)
        );
        Facts {
            batch: c.batch,
            n,
            d,
            x,
            x_dims: format!(r"{n} \times {d}"),
            w: col_tex(&c.w),
            w_dims: format!(r"{d} \times 1"),
            b: num(&c.b),
            y,
            reduction: if c.reduction == Reduction::Sum {
                "sum"
            } else {
                "mean"
            },
            relu_input: c.relu_input(),
            given: sheet.given,
            given_values: given,
            places: sheet.places,
            exact_loss,
            sign,
            label: c.common_label().map(ToString::to_string),
        }
    }
}

/// A number as the worked steps write it ([`Printed`]): `0.25`, `1.73`, `-2`.
fn num(q: &Q) -> String {
    Printed::from_q(q).tex().to_string()
}

fn row_tex(values: &[Q]) -> String {
    bmatrix(values, values.len(), num).to_string()
}

fn col_tex(values: &[Q]) -> String {
    bmatrix(values, 1, num).to_string()
}
