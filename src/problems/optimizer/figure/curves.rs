//! The quadratic's own pictures: for two parameters the theta-plane with level curves of the loss
//! (ellipses around the minimiser c, the outer one through theta_0), for one parameter the
//! parabola f(theta); on both the iterates from the exact run, joined by arrows.

use super::plane::{Axes, Plot, Xy, ticks};
use super::{iterate, param};
use crate::figure::{Label, Stroke};
use crate::num::Q;

/// Largest plot, in tenths of a millimetre.
const MAX_W: i32 = 780;
const MAX_H: i32 = 480;
/// Least distance between ticks across and up.
const GAP_X: i32 = 60;
const GAP_Y: i32 = 70;

/// `[lo, hi]` of some values, widened to at least `least` and padded by a tenth on each side.
fn range(values: impl Iterator<Item = f64>, least: f64) -> Xy {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let widen = ((least - (hi - lo)) / 2.0).max(0.0);
    let (lo, hi) = (lo - widen, hi + widen);
    let pad = (hi - lo) / 10.0;
    (lo - pad, hi + pad)
}

/// The points of a unit circle, counterclockwise from (1, 0) and closed, from the rational
/// parametrisation ((1 - t^2) / (1 + t^2), 2t / (1 + t^2)): IEEE arithmetic only, so the same
/// bits on every platform.
fn circle() -> Vec<Xy> {
    let quarter: Vec<Xy> = (0..=12)
        .map(|j| {
            let t = f64::from(j) / 12.0;
            ((1.0 - t * t) / (1.0 + t * t), 2.0 * t / (1.0 + t * t))
        })
        .collect();
    let mut all = quarter.clone();
    for turn in 1..4 {
        for &(u, v) in &quarter[1..] {
            all.push(match turn {
                1 => (-v, u),
                2 => (-u, -v),
                _ => (v, -u),
            });
        }
    }
    all
}

/// The loss a (theta - c)^2 summed over the coordinates, exactly.
fn loss(a: &[Q], c: &[Q], theta: &[Q]) -> Q {
    a.iter()
        .zip(c)
        .zip(theta)
        .map(|((a, c), th)| {
            let d = th - c;
            a * &(&d * &d)
        })
        .sum()
}

/// The theta-plane of a two-parameter quadratic with `thetas[t]` the iterates; labels left out
/// for want of room are counted in the plot's `missing`.
pub fn level(a: &[Q], c: &[Q], thetas: &[Vec<Q>]) -> Plot {
    let pts: Vec<Xy> = thetas
        .iter()
        .map(|t| (t[0].to_f64(), t[1].to_f64()))
        .collect();
    let min = (c[0].to_f64(), c[1].to_f64());
    let f0 = loss(a, c, &thetas[0]).to_f64();
    let radii = [(f0 / a[0].to_f64()).sqrt(), (f0 / a[1].to_f64()).sqrt()];
    // The iterates and the whole level curve through theta_0.
    let xs = || {
        pts.iter()
            .map(|p| p.0)
            .chain([min.0 - radii[0], min.0 + radii[0]])
    };
    let ys = || {
        pts.iter()
            .map(|p| p.1)
            .chain([min.1 - radii[1], min.1 + radii[1]])
    };
    let span = |v: Xy| v.1 - v.0;
    let wide = span(range(xs(), 0.0)).max(span(range(ys(), 0.0))) / 1.2;
    // Neither side under half the other.
    let (x, y) = (range(xs(), wide / 2.0), range(ys(), wide / 2.0));
    let per_unit = (f64::from(MAX_W) / span(x)).min(f64::from(MAX_H) / span(y));
    let (w, h) = (
        (span(x) * per_unit).round() as i32,
        (span(y) * per_unit).round() as i32,
    );
    let axes = Axes {
        across: param(0, 2),
        up: param(1, 2),
        x_ticks: ticks(x, per_unit, GAP_X, true),
        y_ticks: ticks(y, per_unit, GAP_Y, false),
    };
    let mut plot = Plot::new(x, y, w, h, axes);
    let unit = circle();
    for s in [1.0, 2.0 / 3.0, 1.0 / 3.0] {
        let ellipse: Vec<Xy> = unit
            .iter()
            .map(|(u, v)| (min.0 + s * radii[0] * u, min.1 + s * radii[1] * v))
            .collect();
        plot.curve(&ellipse, Stroke::Normal);
    }
    let names: Vec<Label> = (0..thetas.len()).map(iterate).collect();
    plot.path(&pts, &names, min, Label::math("c", "c"));
    plot
}

/// The parabola f(theta) = a (theta - c)^2 of a one-parameter quadratic with the iterates on it.
pub fn parabola(a: &Q, c: &Q, thetas: &[Q]) -> Plot {
    let (af, cf) = (a.to_f64(), c.to_f64());
    let f = |x: f64| af * (x - cf) * (x - cf);
    let x = range(thetas.iter().map(Q::to_f64).chain([cf]), 0.0);
    let top = f(x.0).max(f(x.1));
    let y = (-top / 20.0, top * 1.05);
    let (w, h) = (MAX_W, MAX_H * 4 / 5);
    let axes = Axes {
        across: Label::math(r"\theta", "θ"),
        up: Label::math(r"f(\theta)", "f(θ)"),
        x_ticks: ticks(x, f64::from(w) / (x.1 - x.0), GAP_X, true),
        y_ticks: ticks(y, f64::from(h) / (y.1 - y.0), GAP_Y, false),
    };
    let mut plot = Plot::new(x, y, w, h, axes);
    let curve: Vec<Xy> = (0..=60)
        .map(|j| {
            let v = x.0 + (x.1 - x.0) * f64::from(j) / 60.0;
            (v, f(v))
        })
        .collect();
    plot.curve(&curve, Stroke::Normal);
    let pts: Vec<Xy> = thetas
        .iter()
        .map(|th| {
            let d = th - c;
            (th.to_f64(), (a * &(&d * &d)).to_f64())
        })
        .collect();
    let names: Vec<Label> = (0..thetas.len()).map(iterate).collect();
    plot.path(&pts, &names, (cf, 0.0), Label::math("c", "c"));
    plot
}
