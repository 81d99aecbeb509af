//! The block as the exam draws it, from the shapes the solver computes: the input, three boxes
//! A, B, C, the addition with one open input and the shapes on the arrows; in the solution the
//! boxes named and the skip connection drawn as the gradient's highway.

use super::Checked;
use crate::figure::{Anchor, Drawing, Figure, Fill, Item, Label, Pt, Stroke, sub};

/// The shapes on the arrows: `F_2`, `G_1`, `G_2`, the body's output and `F_3`.
pub struct Shapes<'a> {
    /// `F_2`, `G_1`, `G_2`, `C(G_2)`, `F_3`.
    pub dims: [&'a [usize]; 5],
}

/// Lengths, in tenths of a millimetre.
const ARROW: i32 = 90;
const BOX_H: i32 = 70;
const RADIUS: i32 = 40;
const GAP: i32 = 25;

/// The figure of the question (`named = false`: boxes A, B, C, the addition's second input
/// open) or of the solution (boxes named, the skip connection drawn).
pub fn figure(c: &Checked, shapes: &Shapes<'_>, named: bool) -> Figure {
    let boxes: Vec<Label> = ["A", "B", "C"]
        .iter()
        .zip(c.order)
        .map(|(letter, op)| match named {
            false => Label::plain(letter),
            true => Label::plain(&format!("{letter}: {}", op.title())),
        })
        .collect();
    let arrows = [
        Label::shaped("F_2", &sub("F", "2"), shapes.dims[0]),
        Label::shaped("G_1", &sub("G", "1"), shapes.dims[1]),
        Label::shaped("G_2", &sub("G", "2"), shapes.dims[2]),
        Label::shaped("", "", shapes.dims[3]),
        Label::shaped("F_3", &sub("F", "3"), shapes.dims[4]),
    ];
    let open = Label::plain("?");
    let notes = match named {
        true => vec![
            (Label::plain("identity"), false),
            (Label::plain("gradient highway"), true),
        ],
        false => Vec::new(),
    };
    let left = notes
        .iter()
        .map(|(l, _)| l.width())
        .chain([open.width()])
        .max()
        .unwrap_or(0);
    let box_w = boxes.iter().map(Label::width).max().unwrap_or(0).max(80) + 60;
    let skip_x = 20 + left + GAP;
    let cx = skip_x + 150 + box_w / 2;
    let label_x = cx + GAP;
    let right = arrows.iter().map(Label::width).max().unwrap_or(0);
    let width = label_x + right + 20;

    let mut d = Drawing::new(width, 0);
    d.text(
        Pt(cx, 30),
        Anchor::Center,
        Label::math("F_2", sub("F", "2")),
    );
    // Arrows down through the three boxes; the first one's middle is where the skip leaves.
    let mut y = 55;
    let split = y + ARROW / 2;
    for (i, label) in boxes.into_iter().enumerate() {
        d.line(vec![Pt(cx, y), Pt(cx, y + ARROW)], true, Stroke::Normal);
        d.text(Pt(label_x, y + ARROW / 2), Anchor::Left, arrows[i].clone());
        y += ARROW;
        d.rect(
            Pt(cx - box_w / 2, y),
            box_w,
            BOX_H,
            Fill::Light,
            Some(label),
        );
        y += BOX_H;
    }
    d.line(vec![Pt(cx, y), Pt(cx, y + ARROW)], true, Stroke::Normal);
    d.text(Pt(label_x, y + ARROW / 2), Anchor::Left, arrows[3].clone());
    y += ARROW + RADIUS;
    let plus = y;
    d.items.push(Item::Circle {
        at: Pt(cx, plus),
        r: RADIUS,
        label: Some(Label::plain("+")),
    });
    y += RADIUS;
    d.line(vec![Pt(cx, y), Pt(cx, y + ARROW)], true, Stroke::Normal);
    d.text(Pt(label_x, y + ARROW / 2), Anchor::Left, arrows[4].clone());
    y += ARROW;
    d.text(
        Pt(cx, y + 30),
        Anchor::Center,
        Label::math("F_3", sub("F", "3")),
    );
    let into_plus = Pt(cx - RADIUS, plus);
    if named {
        let path = vec![
            Pt(cx, split),
            Pt(skip_x, split),
            Pt(skip_x, plus),
            into_plus,
        ];
        d.line(path, true, Stroke::Accent);
        let mid = (split + plus) / 2;
        for (i, (label, accent)) in notes.into_iter().enumerate() {
            let at = Pt(skip_x - GAP, mid + (i as i32) * 50);
            match accent {
                true => d.accent_text(at, Anchor::Right, label),
                false => d.text(at, Anchor::Right, label),
            }
        }
    } else {
        d.line(vec![Pt(skip_x, plus), into_plus], true, Stroke::Dashed);
        d.text(Pt(skip_x - GAP, plus), Anchor::Right, open);
    }
    d.height = y + 60;
    let caption = match named {
        false => {
            "The residual block: F2 passes through A, B and C into an addition whose second input is open; the arrows carry the tensors' shapes."
        }
        true => {
            "The residual block solved: the skip connection carries F2 to the addition, the gradient's highway around the body."
        }
    };
    Figure {
        caption: caption.into(),
        drawing: d,
    }
}
