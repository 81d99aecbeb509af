//! A plot of the iterates in a plane: the axes with round ticks, curves clipped to the plot, the
//! iterates as dots joined by arrows (the steps), each labelled where it has room
//! ([`super::place`]), and the minimiser as a cross.

use super::place::{Place, Placer, clip};
use crate::figure::check::{Bounds, label_bounds};
use crate::figure::{Anchor, Drawing, Item, Label, Pt, Stroke, TEXT_H};
use crate::num::Q;

/// Radius of an iterate's dot.
const DOT: i32 = 8;
/// Half the size of the minimiser's cross.
const CROSS: i32 = 14;

/// A point of the data, `(across, up)`.
pub type Xy = (f64, f64);

/// The data's box and where it goes in the drawing: `x`, `y` are the data ranges, `at` the
/// plot's bottom-left corner, `w`, `h` its size (tenths of a millimetre).
pub struct View {
    /// Data range across.
    pub x: Xy,
    /// Data range up.
    pub y: Xy,
    /// Bottom-left corner of the plot in the drawing.
    pub at: Pt,
    /// Width of the plot.
    pub w: i32,
    /// Height of the plot.
    pub h: i32,
}

impl View {
    /// Where a data point goes.
    pub fn pt(&self, p: Xy) -> Pt {
        let fx = (p.0 - self.x.0) / (self.x.1 - self.x.0);
        let fy = (p.1 - self.y.0) / (self.y.1 - self.y.0);
        Pt(
            self.at.0 + (fx * f64::from(self.w)).round() as i32,
            self.at.1 - (fy * f64::from(self.h)).round() as i32,
        )
    }

    /// A polyline of data points, clipped to the data box: its visible runs, in the drawing.
    pub fn clipped(&self, points: &[Xy]) -> Vec<Vec<Pt>> {
        let mut runs: Vec<Vec<Xy>> = Vec::new();
        let mut open = false;
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let Some((t0, t1)) = clip(a, b, self.x, self.y) else {
                open = false;
                continue;
            };
            let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            if !open || t0 > 0.0 {
                runs.push(vec![at(t0)]);
            }
            if let Some(run) = runs.last_mut() {
                run.push(at(t1));
            }
            open = t1 >= 1.0;
        }
        runs.iter()
            .map(|run| {
                let mut pts: Vec<Pt> = run.iter().map(|p| self.pt(*p)).collect();
                pts.dedup();
                pts
            })
            .filter(|pts| pts.len() >= 2)
            .collect()
    }
}

/// Round ticks of a data range (`per_unit` tenths of a millimetre to a unit) with their labels:
/// the smallest step of 1, 2 or 5 times a power of ten whose ticks lie at least `gap` apart
/// and, with `across`, leave room between their labels side by side.
pub fn ticks(range: Xy, per_unit: f64, gap: i32, across: bool) -> Vec<(f64, Label)> {
    for e in -6..=6 {
        for m in [1, 2, 5] {
            let step = f64::from(m) * 10f64.powi(e);
            let apart = step * per_unit;
            if apart < f64::from(gap) {
                continue;
            }
            let (first, last) = (
                (range.0 / step).ceil() as i64,
                (range.1 / step).floor() as i64,
            );
            let all: Vec<(f64, Label)> = (first..=last)
                .map(|i| {
                    let n = i * i64::from(m);
                    let q = match e >= 0 {
                        true => Q::int(n * 10i64.pow(e as u32)),
                        false => Q::frac(n, 10i64.pow(e.unsigned_abs())),
                    };
                    (q.to_f64(), Label::plain(&super::tick(&q)))
                })
                .collect();
            let widest = all.iter().map(|(_, l)| l.width()).max().unwrap_or(0);
            if !across || apart >= f64::from(widest + 30) {
                return all;
            }
        }
    }
    Vec::new()
}

/// A plot being drawn: the drawing, its view and where its labels may go.
pub struct Plot {
    /// The drawing.
    pub d: Drawing,
    /// The view.
    pub view: View,
    placer: Placer,
    /// Labels left out for want of room.
    pub missing: usize,
}

/// The axes' names (across, up) and their ticks.
pub struct Axes {
    /// Name of the axis across, written at its right end.
    pub across: Label,
    /// Name of the axis up, written above its top.
    pub up: Label,
    /// Ticks across.
    pub x_ticks: Vec<(f64, Label)>,
    /// Ticks up.
    pub y_ticks: Vec<(f64, Label)>,
}

impl Plot {
    /// A plot of `w` x `h` (tenths of a millimetre) showing the data box `x` x `y`, with axes
    /// (an L along the box's left and bottom edges).
    pub fn new(x: Xy, y: Xy, w: i32, h: i32, axes: Axes) -> Plot {
        let left = axes
            .y_ticks
            .iter()
            .map(|(_, l)| l.width())
            .max()
            .unwrap_or(0)
            .max(axes.up.width() / 2);
        let (x0, top) = (20 + left + 20, 20 + TEXT_H + 10);
        let right = 20 + axes.across.width() + 20;
        let width = x0 + w + right;
        let height = top + h + 15 + TEXT_H + 20;
        let view = View {
            x,
            y,
            at: Pt(x0, top + h),
            w,
            h,
        };
        let whole = Bounds(0, 0, width, height);
        let mut placed: Vec<Bounds> = Vec::new();
        let mut d = Drawing::new(width, height);
        let bottom = top + h;
        d.line(
            vec![Pt(x0, top - 10), Pt(x0, bottom), Pt(x0 + w + 10, bottom)],
            false,
            Stroke::Normal,
        );
        let mut text = |d: &mut Drawing, at: Pt, anchor: Anchor, label: Label| {
            let b = label_bounds(at, anchor, &label);
            if whole.contains(&b) && !placed.iter().any(|p| p.overlaps(&b)) {
                placed.push(b);
                d.text(at, anchor, label);
            }
        };
        text(
            &mut d,
            Pt(x0, top - 10 - TEXT_H / 2 - 5),
            Anchor::Center,
            axes.up,
        );
        text(&mut d, Pt(x0 + w + 20, bottom), Anchor::Left, axes.across);
        for (v, label) in axes.x_ticks {
            let px = view.pt((v, y.0)).0;
            d.line(
                vec![Pt(px, bottom), Pt(px, bottom + 12)],
                false,
                Stroke::Normal,
            );
            text(
                &mut d,
                Pt(px, bottom + 15 + TEXT_H / 2),
                Anchor::Center,
                label,
            );
        }
        for (v, label) in axes.y_ticks {
            let py = view.pt((x.0, v)).1;
            d.line(vec![Pt(x0 - 12, py), Pt(x0, py)], false, Stroke::Normal);
            text(&mut d, Pt(x0 - 15, py), Anchor::Right, label);
        }
        // Everything else stays inside the plot, clear of the axes.
        let mut inner = Placer::new(Bounds(x0 + 5, top - 10, x0 + w + right, bottom - 5));
        inner.lines(&[Pt(x0, top - 10), Pt(x0, bottom), Pt(x0 + w + 10, bottom)]);
        for b in placed {
            inner.take(b);
        }
        Plot {
            d,
            view,
            placer: inner,
            missing: 0,
        }
    }

    /// A curve of data points, clipped to the plot.
    pub fn curve(&mut self, points: &[Xy], stroke: Stroke) {
        for run in self.view.clipped(points) {
            self.placer.lines(&run);
            self.d.line(run, false, stroke);
        }
    }

    /// The iterates as dots joined by arrows, with their labels, and the minimiser `min` as a
    /// labelled cross.
    pub fn path(&mut self, points: &[Xy], names: &[Label], min: Xy, min_name: Label) {
        let at: Vec<Pt> = points.iter().map(|p| self.view.pt(*p)).collect();
        let m = self.view.pt(min);
        let cross = [
            vec![Pt(m.0 - CROSS, m.1 - CROSS), Pt(m.0 + CROSS, m.1 + CROSS)],
            vec![Pt(m.0 - CROSS, m.1 + CROSS), Pt(m.0 + CROSS, m.1 - CROSS)],
        ];
        for c in cross {
            self.d.line(c, false, Stroke::Normal);
        }
        self.placer
            .take(Bounds(m.0 - CROSS, m.1 - CROSS, m.0 + CROSS, m.1 + CROSS));
        let mut steps: Vec<(Pt, Pt)> = Vec::new();
        for w in at.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
            let len = (dx * dx + dy * dy).sqrt();
            let cut = f64::from(DOT + 3);
            if len <= 2.0 * cut + 5.0 {
                continue;
            }
            let p = |t: f64| {
                Pt(
                    (f64::from(a.0) + dx * t).round() as i32,
                    (f64::from(a.1) + dy * t).round() as i32,
                )
            };
            let (s, e) = (p(cut / len), p(1.0 - cut / len));
            // A step back along an earlier one is bent, or it would hide it.
            let along = steps
                .iter()
                .filter(|&&prev| runs_along(prev, (s, e)))
                .count();
            steps.push((s, e));
            let line = match along {
                0 => vec![s, e],
                _ => self.arc(s, e, along),
            };
            self.placer.lines(&line);
            // An arrowhead needs room: a short step is a plain line.
            self.d.line(line, len >= 2.0 * cut + 40.0, Stroke::Accent);
        }
        for p in &at {
            self.d.items.push(Item::Circle {
                at: *p,
                r: DOT,
                label: None,
            });
            self.placer
                .take(Bounds(p.0 - DOT, p.1 - DOT, p.0 + DOT, p.1 + DOT));
        }
        // The first and the last iterate first, then the ones between, then the minimiser.
        let k = at.len() - 1;
        let mut order: Vec<usize> = vec![0];
        if k > 0 {
            order.push(k);
        }
        order.extend(1..k);
        for t in order {
            let away = away(&at, t);
            let place = self.placer.place(at[t], DOT, away, &names[t]);
            self.label(place, names[t].clone());
        }
        let centre = at.iter().fold((0.0, 0.0), |s, p| {
            (s.0 + f64::from(p.0 - m.0), s.1 + f64::from(p.1 - m.1))
        });
        let away = unit((-centre.0, -centre.1));
        let place = self.placer.place(m, CROSS, away, &min_name);
        self.label(place, min_name);
    }

    /// Draws a label where the placer put it (on a white ground over a line), or counts it
    /// missing.
    fn label(&mut self, place: Option<Place>, label: Label) {
        match place {
            Some(p) if p.over_line => self.d.grounded_text(p.at, p.anchor, label),
            Some(p) => self.d.text(p.at, p.anchor, label),
            None => self.missing += 1,
        }
    }

    /// A step from `s` to `e` drawn as a shallow arc, bulging `along` times [`BULGE`] to one
    /// side, or to the other where the first leaves the plot.
    fn arc(&self, s: Pt, e: Pt, along: usize) -> Vec<Pt> {
        let (dx, dy) = (f64::from(e.0 - s.0), f64::from(e.1 - s.1));
        let len = (dx * dx + dy * dy).sqrt();
        let height = (BULGE * along as f64).min(len / 3.0);
        let (nx, ny) = (dy / len, -dx / len);
        let (left, top) = (self.view.at.0, self.view.at.1 - self.view.h);
        let (right, bottom) = (left + self.view.w, self.view.at.1);
        let bent = |side: f64| -> Vec<Pt> {
            (0..=ARC_POINTS)
                .map(|i| {
                    let t = f64::from(i) / f64::from(ARC_POINTS);
                    let lift = side * height * 4.0 * t * (1.0 - t);
                    Pt(
                        (f64::from(s.0) + dx * t + nx * lift).round() as i32,
                        (f64::from(s.1) + dy * t + ny * lift).round() as i32,
                    )
                })
                .collect()
        };
        let inside = |points: &[Pt]| {
            points
                .iter()
                .all(|p| (left..=right).contains(&p.0) && (top..=bottom).contains(&p.1))
        };
        let first = bent(1.0);
        if inside(&first) { first } else { bent(-1.0) }
    }
}

/// How far (tenths of a millimetre) a step bends away from each earlier step it runs along.
const BULGE: f64 = 30.0;
/// Segments of a bent step.
const ARC_POINTS: i32 = 12;

/// Whether step `b` runs along step `a` (either way): nearly parallel, close to its line, and
/// overlapping it.
fn runs_along(a: (Pt, Pt), b: (Pt, Pt)) -> bool {
    let f = |p: Pt| (f64::from(p.0), f64::from(p.1));
    let ((ax, ay), (bx, by)) = (f(a.0), f(a.1));
    let (ux, uy) = (bx - ax, by - ay);
    let len = (ux * ux + uy * uy).sqrt();
    if len == 0.0 {
        return false;
    }
    let (ux, uy) = (ux / len, uy / len);
    // Distance from a's line, and position along it, of a point.
    let off = |p: (f64, f64)| ((p.0 - ax) * uy - (p.1 - ay) * ux).abs();
    let pos = |p: (f64, f64)| (p.0 - ax) * ux + (p.1 - ay) * uy;
    let (s, e) = (f(b.0), f(b.1));
    let (lo, hi) = (pos(s).min(pos(e)), pos(s).max(pos(e)));
    let close = f64::from(2 * DOT);
    off(s) < close && off(e) < close && hi.min(len) - lo.max(0.0) > close
}

/// The unit vector of `v` (zero stays zero).
fn unit(v: Xy) -> Xy {
    let len = (v.0 * v.0 + v.1 * v.1).sqrt();
    match len > 0.0 {
        true => (v.0 / len, v.1 / len),
        false => (0.0, 0.0),
    }
}

/// The side of dot `t` away from its neighbours on the path.
fn away(at: &[Pt], t: usize) -> Xy {
    let mut s = (0.0, 0.0);
    for n in [t.checked_sub(1), Some(t + 1)].into_iter().flatten() {
        if let Some(q) = at.get(n) {
            let u = unit((f64::from(q.0 - at[t].0), f64::from(q.1 - at[t].1)));
            s = (s.0 - u.0, s.1 - u.1);
        }
    }
    unit(s)
}
