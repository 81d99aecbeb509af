//! The computational graph as a figure, from the solver's graph: `X`, `W`, `b` into the linear
//! layer, then the sigmoid and the BCE loss (with the labels `y`) down to `L`; in the solution
//! each edge carries its forward value and, under it, its gradient (the answer key's values,
//! to four places).

use crate::engine::Reduction;
use crate::figure::{Anchor, Drawing, Figure, Fill, Label, Pt, Stroke, TEXT_H};
use crate::num::Real;

use super::Checked;

/// The values the solution's figure writes: forward values and gradients, as the answer key
/// holds them.
pub struct Values<'a> {
    /// `z`, `y_hat`, `L`.
    pub forward: [&'a [Real]; 3],
    /// `dL/dW`, `dL/db`, `dL/dz`, `dL/dy_hat`.
    pub backward: [&'a [Real]; 4],
}

/// Entries a vector shows before `...`.
const SHOWN: usize = 5;
/// The labels beside each box or edge, one per line (accent: a gradient).
type Notes = Vec<Vec<(Label, bool)>>;
const BOX_H: i32 = 70;
const GAP: i32 = 25;

/// `= 0.25`, `≈ 0.6225` or `≈ [0.6225, -0.5]` (LaTeX and plain text).
fn value(values: &[Real], vector: bool) -> (String, String) {
    let exact = values
        .iter()
        .all(|r| r.is_exact() && r.value().exact_decimal(4).is_some());
    let entries: Vec<String> = values
        .iter()
        .take(if values.len() > SHOWN {
            SHOWN - 1
        } else {
            SHOWN
        })
        .map(|r| match r.value().exact_decimal(4) {
            Some(d) if r.is_exact() => d.to_string(),
            _ => r.value().decimal(4).to_string(),
        })
        .collect();
    let more = values.len() > SHOWN;
    let list = entries.join(", ") + if more { ", ..." } else { "" };
    let list_tex = entries.join(", ") + if more { r", \ldots" } else { "" };
    let (rel_tex, rel) = if exact {
        ("=", "=")
    } else {
        (r"\approx", "≈")
    };
    match vector {
        true => (
            format!(r"{rel_tex} [{list_tex}]"),
            format!("{rel} [{list}]"),
        ),
        false => (format!("{rel_tex} {list_tex}"), format!("{rel} {list}")),
    }
}

/// A named value: `$\hat{y} \approx 0.6225$` (`ŷ ≈ 0.6225`).
fn named(tex: &str, plain: &str, values: &[Real], vector: bool) -> Label {
    let (v_tex, v) = value(values, vector);
    Label::math(&format!("{tex} {v_tex}"), format!("{plain} {v}"))
}

/// The figure of the question (`values` None: names only) or of the solution.
pub fn figure(c: &Checked, values: Option<&Values<'_>>) -> Figure {
    let vector = c.batch;
    let bce = match (c.batch, c.reduction) {
        (false, _) => "BCE".to_string(),
        (true, Reduction::Mean) => "BCE (mean)".to_string(),
        (true, Reduction::Sum) => "BCE (sum)".to_string(),
    };
    let boxes = [
        Label::plain("Linear"),
        Label::plain("Sigmoid"),
        Label::plain(&bce),
    ];
    // Right of each box and each edge: its labels, one per line.
    let grads = [r"\partial L / \partial ", "∂L/∂"];
    let (box_notes, edge_notes): (Notes, Notes) = match values {
        None => (
            vec![Vec::new(); 3],
            vec![
                vec![(Label::math("z", "z"), false)],
                vec![(Label::math(r"\hat{y}", "ŷ"), false)],
                vec![(Label::math("L", "L"), false)],
            ],
        ),
        Some(v) => {
            let g = |tex: &str, plain: &str, vals: &[Real], vec: bool| {
                (
                    named(
                        &format!("{}{tex}", grads[0]),
                        &format!("{}{plain}", grads[1]),
                        vals,
                        vec,
                    ),
                    true,
                )
            };
            (
                vec![
                    vec![
                        g("W", "W", v.backward[0], true),
                        g("b", "b", v.backward[1], false),
                    ],
                    Vec::new(),
                    Vec::new(),
                ],
                vec![
                    vec![
                        (named("z", "z", v.forward[0], vector), false),
                        g("z", "z", v.backward[2], vector),
                    ],
                    vec![
                        (named(r"\hat{y}", "ŷ", v.forward[1], vector), false),
                        g(r"\hat{y}", "ŷ", v.backward[3], vector),
                    ],
                    vec![(named("L", "L", v.forward[2], false), false)],
                ],
            )
        }
    };
    let labels = match values {
        None => Label::math("y", "y"),
        Some(_) => {
            let ys: Vec<Real> = c.y.iter().cloned().map(Real::Exact).collect();
            named("y", "y", &ys, vector)
        }
    };
    let inputs = [
        Label::math("X", "X"),
        Label::math("W", "W"),
        Label::math("b", "b"),
    ];
    let lines = edge_notes.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let edge = (lines * TEXT_H + 30).max(80);
    let box_w = boxes.iter().map(Label::width).max().unwrap_or(0).max(240) + 60;
    let left = labels.width() + GAP + 100;
    let cx = 20 + left + box_w / 2;
    let note_x = cx + box_w / 2 + GAP;
    let right = box_notes
        .iter()
        .chain(&edge_notes)
        .flatten()
        .map(|(l, _)| l.width())
        .max()
        .unwrap_or(0);

    let mut d = Drawing::new(note_x + right + 20, 0);
    let put = |d: &mut Drawing, mid: i32, notes: Vec<(Label, bool)>| {
        let n = notes.len() as i32;
        for (i, (label, accent)) in notes.into_iter().enumerate() {
            let at = Pt(note_x, mid + (2 * i as i32 - (n - 1)) * (TEXT_H / 2 + 1));
            match accent {
                true => d.accent_text(at, Anchor::Left, label),
                false => d.text(at, Anchor::Left, label),
            }
        }
    };
    // The inputs, side by side above the linear layer.
    let top = 30 + TEXT_H / 2 + 80;
    for (i, label) in inputs.into_iter().enumerate() {
        let x = cx + (i as i32 - 1) * (box_w / 3);
        d.text(Pt(x, 30), Anchor::Center, label);
        d.line(
            vec![Pt(x, 30 + TEXT_H / 2 + 5), Pt(x, top)],
            true,
            Stroke::Normal,
        );
    }
    let mut y = top;
    for (i, (label, (notes, edge_label))) in boxes
        .into_iter()
        .zip(box_notes.into_iter().zip(edge_notes))
        .enumerate()
    {
        d.rect(
            Pt(cx - box_w / 2, y),
            box_w,
            BOX_H,
            Fill::Light,
            Some(label),
        );
        put(&mut d, y + BOX_H / 2, notes);
        if i == 2 {
            let (x0, mid) = (cx - box_w / 2, y + BOX_H / 2);
            d.line(vec![Pt(x0 - 100, mid), Pt(x0, mid)], true, Stroke::Normal);
            d.text(Pt(x0 - 100 - GAP / 2, mid), Anchor::Right, labels.clone());
        }
        y += BOX_H;
        d.line(vec![Pt(cx, y), Pt(cx, y + edge)], true, Stroke::Normal);
        put(&mut d, y + edge / 2, edge_label);
        y += edge;
    }
    d.text(Pt(cx, y + 30), Anchor::Center, Label::math("L", "L"));
    d.height = y + 60;
    let caption = match values {
        None => {
            "The computational graph: X, W and b into the linear layer, the sigmoid, the BCE loss with the labels y, and the loss L."
        }
        Some(_) => {
            "The computational graph with the forward value on each edge and the gradient under it."
        }
    };
    Figure {
        caption: caption.into(),
        drawing: d,
    }
}
