//! Where the labels of a plot go: each label beside its point, in the first free place of a ring
//! of candidates (away from the path first), never over another label, a dot or the plot's edge
//! (the rules of [`crate::figure::check`]), and preferably off every line; a label with no free
//! place is left out (the caller says so).

use crate::figure::check::{Bounds, label_bounds};
use crate::figure::{Anchor, Label, Pt, TEXT_H};

/// The part `[t0, t1]` of the segment `a`-`b` (t from 0 at `a` to 1 at `b`) inside the box
/// `[x0, x1] x [y0, y1]` (Liang-Barsky), if any.
pub fn clip(a: (f64, f64), b: (f64, f64), x: (f64, f64), y: (f64, f64)) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - x.0),
        (dx, x.1 - a.0),
        (-dy, a.1 - y.0),
        (dy, y.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// Whether the segment `a`-`b` passes through the box `b`.
fn hits(a: Pt, b: Pt, bx: &Bounds) -> bool {
    let f = |p: Pt| (f64::from(p.0), f64::from(p.1));
    clip(
        f(a),
        f(b),
        (f64::from(bx.0), f64::from(bx.2)),
        (f64::from(bx.1), f64::from(bx.3)),
    )
    .is_some()
}

/// The places taken in a plot and its lines.
pub struct Placer {
    /// Where labels may go (the drawing, less a margin).
    area: Bounds,
    /// Labels and dots already there.
    taken: Vec<Bounds>,
    /// Lines, as segments: a label avoids them where it can.
    segments: Vec<(Pt, Pt)>,
}

impl Placer {
    /// An empty plot whose labels stay inside `area`.
    pub fn new(area: Bounds) -> Self {
        Placer {
            area,
            taken: Vec::new(),
            segments: Vec::new(),
        }
    }

    /// Marks a box as taken (a dot, a label placed elsewhere).
    pub fn take(&mut self, b: Bounds) {
        self.taken.push(b);
    }

    /// Adds the segments of a polyline.
    pub fn lines(&mut self, points: &[Pt]) {
        self.segments
            .extend(points.windows(2).map(|w| (w[0], w[1])));
    }

    /// Whether a label box is inside the area and over nothing taken.
    pub fn free(&self, b: &Bounds) -> bool {
        self.area.contains(b) && !self.taken.iter().any(|t| t.overlaps(b))
    }

    /// A place for `label` beside the dot at `at` (radius `r`), preferring the side the unit
    /// vector `away` points to; taken when found.
    pub fn place(&mut self, at: Pt, r: i32, away: (f64, f64), label: &Label) -> Option<Place> {
        // The eight directions, the preferred first (ties in this fixed order).
        let mut dirs: Vec<(i32, i32)> = vec![
            (1, 0),
            (1, -1),
            (0, -1),
            (-1, -1),
            (-1, 0),
            (-1, 1),
            (0, 1),
            (1, 1),
        ];
        let score = |d: &(i32, i32)| {
            let len = f64::from(d.0 * d.0 + d.1 * d.1).sqrt();
            -(f64::from(d.0) * away.0 + f64::from(d.1) * away.1) / len
        };
        dirs.sort_by(|a, b| score(a).total_cmp(&score(b)));
        let mut candidates = Vec::new();
        // Near, then far; the rings between only serve a label that finds no place off every
        // line in those two (tried last, so labels that had such a place keep it).
        for gap in [12, 40, 24, 32] {
            for (dx, dy) in &dirs {
                let dist = r + gap;
                // Diagonals at 0.7 of the distance in each direction.
                let (ox, oy) = match dx * dy {
                    0 => (dx * dist, dy * dist),
                    _ => (dx * dist * 7 / 10, dy * dist * 7 / 10),
                };
                let anchor = match dx {
                    1 => Anchor::Left,
                    -1 => Anchor::Right,
                    _ => Anchor::Center,
                };
                let oy = match (dx, dy) {
                    (0, _) => oy + dy * TEXT_H / 2,
                    _ => oy + dy * TEXT_H / 4,
                };
                let p = Pt(at.0 + ox, at.1 + oy);
                candidates.push((p, anchor, label_bounds(p, anchor, label)));
            }
        }
        let clear = |b: &Bounds| !self.segments.iter().any(|(s, e)| hits(*s, *e, b));
        let off_lines = candidates.iter().find(|(_, _, b)| self.free(b) && clear(b));
        let &(at, anchor, b) =
            off_lines.or_else(|| candidates.iter().find(|(_, _, b)| self.free(b)))?;
        self.taken.push(b);
        Some(Place {
            at,
            anchor,
            over_line: off_lines.is_none(),
        })
    }
}

/// Where a label goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The label's anchor point.
    pub at: Pt,
    /// Which point of the label `at` is.
    pub anchor: Anchor,
    /// Whether a line passes under it (no free place was clear of every line).
    pub over_line: bool,
}
