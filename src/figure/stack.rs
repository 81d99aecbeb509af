//! A stack of layers drawn top to bottom: the input, then per layer a box (what the layer is)
//! and an arrow carrying what comes out of it (a shape, a receptive field), as architecture
//! tables draw a network.

use super::{Anchor, Drawing, Fill, Label, Pt, Stroke};

const ARROW: i32 = 55;
const BOX_H: i32 = 50;
const GAP: i32 = 25;

/// One layer of a stack: its box's label and the label of the arrow leaving it.
pub struct Layer {
    /// What the layer is (`Conv2d 3×3, stride 2`).
    pub what: Label,
    /// What comes out (`1×64×112×112`).
    pub out: Label,
}

/// The drawing of `input` (the label above the first arrow) followed by `layers`.
pub fn stack(input: Label, layers: Vec<Layer>) -> Drawing {
    let box_w = layers
        .iter()
        .map(|l| l.what.width())
        .max()
        .unwrap_or(0)
        .max(100)
        + 60;
    let cx = 20 + box_w / 2;
    let out_x = cx + GAP;
    let right = layers
        .iter()
        .map(|l| l.out.width())
        .chain([input.width()])
        .max()
        .unwrap_or(0);
    // The input's label beside the first arrow, like every other arrow's.
    let width = (out_x + right).max(cx + box_w / 2) + 20;
    let mut d = Drawing::new(width, 0);
    let mut y = 20;
    d.line(vec![Pt(cx, y), Pt(cx, y + ARROW)], true, Stroke::Normal);
    d.text(Pt(out_x, y + ARROW / 2), Anchor::Left, input);
    y += ARROW;
    for layer in layers {
        d.rect(
            Pt(cx - box_w / 2, y),
            box_w,
            BOX_H,
            Fill::Light,
            Some(layer.what),
        );
        y += BOX_H;
        d.line(vec![Pt(cx, y), Pt(cx, y + ARROW)], true, Stroke::Normal);
        d.text(Pt(out_x, y + ARROW / 2), Anchor::Left, layer.out);
        y += ARROW;
    }
    d.height = y + 20;
    d
}
