//! Theta over the steps, one panel per parameter (at most three), each on its own range so that
//! every parameter's motion fills its panel however different the scales are (a hard problem
//! moves one parameter by thousandths and another by tens). On a quadratic the panel shows the
//! minimiser c as a dashed line when it lies near the iterates (within their own spread), and
//! else names it with an arrow towards it, so that a far minimiser never squashes the motion.

use super::{param, tick};
use crate::figure::{Anchor, Drawing, Item, Label, Pt, Stroke, TEXT_H};
use crate::num::Q;

/// A panel's plot, in tenths of a millimetre.
const PLOT_W: i32 = 900;
pub const PANEL_H: i32 = 170;
/// Between two panels.
const PANEL_GAP: i32 = 70;
/// Radius of a step's dot.
const DOT: i32 = 7;

/// What a panel shows: its values over the steps and its minimiser, if any.
pub struct Panel {
    /// theta_t of the parameter, t = 0..=k.
    pub values: Vec<Q>,
    /// Its minimiser on a quadratic.
    pub min: Option<Q>,
}

/// The labels of the lowest and the highest value, with the same places: the fewest that tell
/// them apart, none for two integers, at least one for two one-place decimals, else at least
/// two (so an inexact value is never shown coarser than to two places).
pub fn bounds_labels(lo: &Q, hi: &Q) -> (String, String) {
    let least = match (lo.exact_decimal(1), hi.exact_decimal(1)) {
        _ if lo.is_integer() && hi.is_integer() => 0,
        (Some(_), Some(_)) => 1,
        _ => 2,
    };
    let d = (least..=8)
        .find(|&d| lo.decimal(d).to_string() != hi.decimal(d).to_string())
        .unwrap_or(8);
    (lo.decimal(d).to_string(), hi.decimal(d).to_string())
}

/// Spreads label heights (sorted by position) at least a line apart, inside `[lo, hi]`.
fn spread(ys: &mut [(i32, Label, bool)], lo: i32, hi: i32) {
    ys.sort_by_key(|y| y.0);
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

/// The panels of a run with `dim` parameters in all (names as in the text); the second value
/// says whether some minimiser lies off its panel.
pub fn panels(panels: &[Panel], dim: usize) -> (Drawing, bool) {
    let k = panels[0].values.len() - 1;
    // Each panel's range: its values, and the minimiser when it lies within their spread.
    let ranges: Vec<(Q, Q, bool)> = panels
        .iter()
        .map(|p| {
            let lo = p.values.iter().min().cloned().unwrap_or_else(Q::zero);
            let hi = p.values.iter().max().cloned().unwrap_or_else(Q::one);
            let spread = &hi - &lo;
            let near = p
                .min
                .as_ref()
                .is_some_and(|c| *c >= &lo - &spread && *c <= &hi + &spread);
            let (lo, hi) = match (&p.min, near) {
                (Some(c), true) => (lo.min(c.clone()), hi.max(c.clone())),
                _ => (lo, hi),
            };
            match lo == hi {
                true => (&lo - &Q::one(), &hi + &Q::one(), near),
                false => (lo, hi, near),
            }
        })
        .collect();
    let ticks: Vec<(Label, Label)> = ranges
        .iter()
        .map(|(lo, hi, _)| {
            let (l, h) = bounds_labels(lo, hi);
            (Label::plain(&l), Label::plain(&h))
        })
        .collect();
    let notes: Vec<Option<(Label, bool)>> = panels
        .iter()
        .zip(&ranges)
        .enumerate()
        .map(|(i, (p, (_, hi, near)))| {
            let c = p.min.as_ref().filter(|_| !*near)?;
            let above = c > hi;
            let arrow = if above { "↑" } else { "↓" };
            let (n, plain) = match dim {
                1 => ("c".to_string(), "c".to_string()),
                _ => (format!("c^{{({})}}", i + 1), format!("c{}", sup(i + 1))),
            };
            let tex = format!(
                r"${n} = {}$ {}",
                tick(c),
                if above {
                    r"$\uparrow$"
                } else {
                    r"$\downarrow$"
                }
            );
            Some((
                Label::new(tex, format!("{plain} = {} {arrow}", tick(c))),
                above,
            ))
        })
        .collect();
    let far = notes.iter().any(Option::is_some);
    let names: Vec<Label> = (0..panels.len()).map(|i| param(i, dim)).collect();
    let left = ticks
        .iter()
        .map(|(l, h)| l.width().max(h.width()))
        .max()
        .unwrap_or(0);
    let right = names
        .iter()
        .map(Label::width)
        .chain(notes.iter().flatten().map(|(l, _)| l.width()))
        .chain([text_c_width(dim)])
        .max()
        .unwrap_or(0);
    let x0 = 20 + left + 20;
    let top0 = 20 + TEXT_H / 2;
    let n = panels.len() as i32;
    let bottom_last = top0 + n * PANEL_H + (n - 1) * PANEL_GAP;
    let mut d = Drawing::new(
        x0 + PLOT_W + 30 + right + 20,
        bottom_last + 15 + TEXT_H * 2 + 30,
    );
    let x = |t: usize| x0 + (PLOT_W as usize * t / k.max(1)) as i32;
    let every = k.div_ceil(10).max(1);
    for (i, p) in panels.iter().enumerate() {
        let top = top0 + i as i32 * (PANEL_H + PANEL_GAP);
        let bottom = top + PANEL_H;
        let (lo, hi, near) = &ranges[i];
        let (lo_f, hi_f) = (lo.to_f64(), hi.to_f64());
        let y = |v: &Q| {
            bottom - ((v.to_f64() - lo_f) / (hi_f - lo_f) * f64::from(PANEL_H)).round() as i32
        };
        d.line(
            vec![
                Pt(x0, top - 10),
                Pt(x0, bottom),
                Pt(x0 + PLOT_W + 20, bottom),
            ],
            false,
            Stroke::Normal,
        );
        for v in [lo, hi] {
            d.line(vec![Pt(x0 - 12, y(v)), Pt(x0, y(v))], false, Stroke::Normal);
        }
        d.text(Pt(x0 - 15, y(hi)), Anchor::Right, ticks[i].1.clone());
        d.text(Pt(x0 - 15, y(lo)), Anchor::Right, ticks[i].0.clone());
        for t in (0..=k).filter(|t| t % every == 0 || *t == k) {
            d.line(
                vec![Pt(x(t), bottom), Pt(x(t), bottom + 12)],
                false,
                Stroke::Normal,
            );
        }
        let mut right_col: Vec<(i32, Label, bool)> = Vec::new();
        if let (Some(c), true) = (&p.min, near) {
            d.line(
                vec![Pt(x0, y(c)), Pt(x0 + PLOT_W, y(c))],
                false,
                Stroke::Dashed,
            );
            right_col.push((y(c), c_label(i, dim), false));
        }
        let line: Vec<Pt> = (0..=k).map(|t| Pt(x(t), y(&p.values[t]))).collect();
        d.line(line.clone(), false, Stroke::Accent);
        for at in line {
            d.items.push(Item::Circle {
                at,
                r: DOT,
                label: None,
            });
        }
        right_col.push((y(&p.values[k]), names[i].clone(), true));
        if let Some((note, above)) = &notes[i] {
            let at = if *above { top } else { bottom };
            right_col.push((at, note.clone(), false));
        }
        spread(
            &mut right_col,
            top - 10 + TEXT_H / 2,
            bottom + 10 - TEXT_H / 2,
        );
        for (yy, label, accent) in right_col {
            match accent {
                true => d.accent_text(Pt(x0 + PLOT_W + 30, yy), Anchor::Left, label),
                false => d.text(Pt(x0 + PLOT_W + 30, yy), Anchor::Left, label),
            }
        }
    }
    for t in (0..=k).filter(|t| t % every == 0) {
        d.text(
            Pt(x(t), bottom_last + 15 + TEXT_H / 2 + 5),
            Anchor::Center,
            Label::plain(&t.to_string()),
        );
    }
    d.text(
        Pt(x0 + PLOT_W / 2, bottom_last + 30 + TEXT_H + TEXT_H / 2 + 5),
        Anchor::Center,
        Label::new(r"step $t$", "step t"),
    );
    (d, far)
}

/// The minimiser's name in a panel.
fn c_label(i: usize, dim: usize) -> Label {
    match dim {
        1 => Label::math("c", "c"),
        _ => Label::math(&format!("c^{{({})}}", i + 1), format!("c{}", sup(i + 1))),
    }
}

fn text_c_width(dim: usize) -> i32 {
    c_label(0, dim).width()
}

/// `(n)` as superscript text: `⁽²⁾`.
pub fn sup(n: usize) -> String {
    let digits: String = n
        .to_string()
        .chars()
        .map(|c| match c {
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            d => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
        })
        .collect();
    format!("⁽{digits}⁾")
}
