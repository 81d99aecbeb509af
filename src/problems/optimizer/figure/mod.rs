//! The solution's figure, from the exact run (positions rounded to a tenth of a millimetre):
//! - a quadratic in two parameters: the theta-plane as a textbook draws it, level curves of the
//!   loss around the minimiser c and the iterates theta_0 .. theta_k joined by arrows
//!   ([`curves::level`]);
//! - a quadratic in one parameter: the parabola f(theta) with the iterates on it
//!   ([`curves::parabola`]);
//! - given gradients, or three parameters and more: theta over the steps, one panel per
//!   parameter on its own range ([`steps::panels`]); a plane shows two coordinates at most, and
//!   with given gradients there is no loss to draw, while the steps read as well as a path.
//!
//! A plane whose iterates crowd so that a label finds no room also falls back to the panels.

mod curves;
mod place;
mod plane;
mod steps;

use super::algorithms::Trace;
use super::config::{Config, Source};
use crate::figure::{Figure, Label, sub};
use crate::num::Q;

/// Parameters drawn in panels.
const SHOWN: usize = 3;

/// A value for an axis label: the integer, the exact decimal up to 3 places, or 2 decimals.
fn tick(v: &Q) -> String {
    match v.exact_decimal(3) {
        Some(d) => d.to_string(),
        None => v.decimal(2).to_string(),
    }
}

/// Parameter `i` of `dim`, named as the text names it: `theta`, or `theta^(i)`.
fn param(i: usize, dim: usize) -> Label {
    match dim {
        1 => Label::math(r"\theta", "θ"),
        _ => Label::math(
            &format!(r"\theta^{{({})}}", i + 1),
            format!("θ{}", steps::sup(i + 1)),
        ),
    }
}

/// The iterate theta_t.
fn iterate(t: usize) -> Label {
    Label::math(&format!(r"\theta_{{{t}}}"), sub("θ", &t.to_string()))
}

/// The figure of a run.
pub fn figure(cfg: &Config, trace: &Trace) -> Figure {
    let k = cfg.steps;
    let thetas: Vec<Vec<Q>> = (0..=k)
        .map(|t| trace.theta(t).iter().map(|r| r.value().clone()).collect())
        .collect();
    if let Source::Quadratic { a, c } = &cfg.source {
        let plot = match cfg.dim() {
            1 => {
                let path: Vec<Q> = thetas.iter().map(|t| t[0].clone()).collect();
                Some((
                    curves::parabola(&a[0], &c[0], &path),
                    "The loss f(θ) = a(θ − c)² with the iterates θ₀, θ₁, … on it (arrows: the steps); c is the minimiser.",
                ))
            }
            2 => Some((
                curves::level(a, c, &thetas),
                "The θ-plane: level curves of the loss around its minimiser c (the outer one through θ₀) and the iterates θ₀, θ₁, … (arrows: the steps).",
            )),
            _ => None,
        };
        if let Some((plot, caption)) = plot.filter(|(p, _)| p.missing == 0) {
            return Figure {
                caption: caption.to_string(),
                drawing: plot.d,
            };
        }
    }
    let dims = cfg.dim().min(SHOWN);
    let minima: Vec<Option<Q>> = (0..dims)
        .map(|i| match &cfg.source {
            Source::Quadratic { c, .. } => Some(c[i].clone()),
            Source::Grads(_) => None,
        })
        .collect();
    let panels: Vec<steps::Panel> = (0..dims)
        .map(|i| steps::Panel {
            values: thetas.iter().map(|t| t[i].clone()).collect(),
            min: minima[i].clone(),
        })
        .collect();
    let (drawing, far) = steps::panels(&panels, cfg.dim());
    let shown = match cfg.dim() > SHOWN {
        true => format!(" (the first {SHOWN} parameters)"),
        false => String::new(),
    };
    let each = match dims > 1 {
        true => ", each parameter on its own scale",
        false => "",
    };
    let minimum = match (cfg.quadratic(), far) {
        (false, _) => "",
        (true, false) => "; dashed: the quadratic's minimiser",
        (true, true) => {
            "; dashed: the quadratic's minimiser, or an arrow to it where it lies far off"
        }
    };
    Figure {
        caption: format!("Theta over the steps{shown}{each}{minimum}."),
        drawing,
    }
}

#[cfg(test)]
mod tests;
