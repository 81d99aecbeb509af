//! The solution's figure: theta over the steps, one line per parameter (at most three), and on
//! a quadratic the level of each minimiser as a dashed line, from the exact run (positions
//! rounded to a tenth of a millimetre).

use super::algorithms::Trace;
use super::config::{Config, Source};
use crate::figure::{Anchor, Drawing, Figure, Label, Pt, Stroke, TEXT_H, sub};
use crate::num::Q;

/// Parameters drawn.
const SHOWN: usize = 3;
/// The plot's area, in tenths of a millimetre.
const PLOT_W: i32 = 900;
const PLOT_H: i32 = 450;

/// A value for an axis label: the integer, or two decimals.
fn tick(v: &Q) -> String {
    match v.is_integer() {
        true => v.to_string(),
        false => v.decimal(2).to_string(),
    }
}

/// Spreads label heights (sorted by position) at least a line apart, inside `[lo, hi]`.
fn spread(ys: &mut [(i32, usize)], lo: i32, hi: i32) {
    ys.sort();
    let gap = TEXT_H + 2;
    for i in 0..ys.len() {
        let floor = if i == 0 { lo } else { ys[i - 1].0 + gap };
        ys[i].0 = ys[i].0.max(floor);
    }
    for i in (0..ys.len()).rev() {
        let ceiling = if i + 1 == ys.len() {
            hi
        } else {
            ys[i + 1].0 - gap
        };
        ys[i].0 = ys[i].0.min(ceiling);
    }
}

/// The figure of a run.
pub fn figure(cfg: &Config, trace: &Trace) -> Figure {
    let k = cfg.steps;
    let dims = cfg.dim().min(SHOWN);
    let series: Vec<Vec<f64>> = (0..dims)
        .map(|i| {
            (0..=k)
                .map(|t| trace.theta(t)[i].value().to_f64())
                .collect()
        })
        .collect();
    let minima: Vec<f64> = match &cfg.source {
        Source::Quadratic { c, .. } => c.iter().take(dims).map(Q::to_f64).collect(),
        Source::Grads(_) => Vec::new(),
    };
    let exact = (0..dims)
        .flat_map(|i| (0..=k).map(move |t| trace.theta(t)[i].value().clone()))
        .chain(match &cfg.source {
            Source::Quadratic { c, .. } => c.iter().take(dims).cloned().collect(),
            Source::Grads(_) => Vec::new(),
        });
    let (mut lo_q, mut hi_q) = (None::<Q>, None::<Q>);
    for v in exact {
        if lo_q.as_ref().is_none_or(|l| v < *l) {
            lo_q = Some(v.clone());
        }
        if hi_q.as_ref().is_none_or(|h| v > *h) {
            hi_q = Some(v);
        }
    }
    let (mut lo_q, mut hi_q) = (lo_q.unwrap_or_else(Q::zero), hi_q.unwrap_or_else(Q::one));
    if lo_q == hi_q {
        (lo_q, hi_q) = (&lo_q - &Q::one(), &hi_q + &Q::one());
    }
    let (lo, hi) = (lo_q.to_f64(), hi_q.to_f64());
    let name = |i: usize| match cfg.dim() {
        1 => ("\\theta".to_string(), "θ".to_string()),
        _ => (format!("\\theta_{}", i + 1), sub("θ", &(i + 1).to_string())),
    };
    let (lo_l, hi_l) = (Label::plain(&tick(&lo_q)), Label::plain(&tick(&hi_q)));
    let left = 20 + lo_l.width().max(hi_l.width()) + 20;
    let (x0, y0) = (left, 20 + TEXT_H);
    let x = |t: usize| x0 + (PLOT_W as usize * t / k.max(1)) as i32;
    let y = |v: f64| y0 + ((hi - v) / (hi - lo) * f64::from(PLOT_H)).round() as i32;
    let ends: Vec<Label> = (0..dims)
        .map(|i| Label::math(&name(i).0, name(i).1))
        .collect();
    let right = ends.iter().map(Label::width).max().unwrap_or(0);
    let mut d = Drawing::new(
        x0 + PLOT_W + 30 + right + 20,
        y0 + PLOT_H + 30 + TEXT_H * 2 + 20,
    );
    // Axes, the range of theta on the left, the steps below.
    d.line(
        vec![
            Pt(x0, y0 - 20),
            Pt(x0, y0 + PLOT_H),
            Pt(x0 + PLOT_W + 20, y0 + PLOT_H),
        ],
        false,
        Stroke::Normal,
    );
    d.text(Pt(x0 - 20, y(hi)), Anchor::Right, hi_l);
    d.text(Pt(x0 - 20, y(lo)), Anchor::Right, lo_l);
    let every = k.div_ceil(10).max(1);
    for t in (0..=k).filter(|t| t % every == 0 || *t == k) {
        d.line(
            vec![Pt(x(t), y0 + PLOT_H), Pt(x(t), y0 + PLOT_H + 15)],
            false,
            Stroke::Normal,
        );
        if t % every == 0 {
            d.text(
                Pt(x(t), y0 + PLOT_H + 15 + TEXT_H / 2 + 5),
                Anchor::Center,
                Label::plain(&t.to_string()),
            );
        }
    }
    d.text(
        Pt(x0 + PLOT_W / 2, y0 + PLOT_H + 30 + TEXT_H + TEXT_H / 2 + 5),
        Anchor::Center,
        Label::math("t", "step t"),
    );
    for m in &minima {
        d.line(
            vec![Pt(x0, y(*m)), Pt(x0 + PLOT_W, y(*m))],
            false,
            Stroke::Dashed,
        );
    }
    for (i, s) in series.iter().enumerate() {
        let stroke = if i == 0 {
            Stroke::Accent
        } else {
            Stroke::Normal
        };
        d.line((0..=k).map(|t| Pt(x(t), y(s[t]))).collect(), false, stroke);
    }
    let mut at: Vec<(i32, usize)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (y(s[k]), i))
        .collect();
    spread(&mut at, y0 - 20 + TEXT_H / 2, y0 + PLOT_H - TEXT_H / 2);
    for (yy, i) in at {
        let label = ends[i].clone();
        match i {
            0 => d.accent_text(Pt(x0 + PLOT_W + 30, yy), Anchor::Left, label),
            _ => d.text(Pt(x0 + PLOT_W + 30, yy), Anchor::Left, label),
        }
    }
    let shown = match cfg.dim() > SHOWN {
        true => format!(" (the first {SHOWN} parameters)"),
        false => String::new(),
    };
    let minimum = match minima.is_empty() {
        true => "",
        false => "; dashed: the quadratic's minimiser",
    };
    Figure {
        caption: format!("Theta over the steps{shown}{minimum}."),
        drawing: d,
    }
}
