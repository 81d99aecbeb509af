//! The layout check of a drawing: every label inside the drawing, no two labels overlapping,
//! no label over another shape, every shape's own label inside it (by the conservative text
//! sizes of [`super::text_width`] and [`super::TEXT_H`]).

use super::{Anchor, Drawing, Item, Label, Pt, TEXT_H};

/// An axis-aligned box: left, top, right, bottom (tenths of a millimetre).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds(pub i32, pub i32, pub i32, pub i32);

impl Bounds {
    /// Whether the two boxes share interior points.
    pub fn overlaps(&self, o: &Bounds) -> bool {
        self.0 < o.2 && o.0 < self.2 && self.1 < o.3 && o.1 < self.3
    }

    /// Whether `o` lies inside this box.
    pub fn contains(&self, o: &Bounds) -> bool {
        self.0 <= o.0 && o.2 <= self.2 && self.1 <= o.1 && o.3 <= self.3
    }
}

/// The estimated box of a label anchored at `at`.
pub fn label_bounds(at: Pt, anchor: Anchor, label: &Label) -> Bounds {
    let w = label.width();
    let (top, bottom) = (at.1 - TEXT_H / 2, at.1 + TEXT_H / 2);
    match anchor {
        Anchor::Center => Bounds(at.0 - w / 2 - 1, top, at.0 + w / 2 + 1, bottom),
        Anchor::Left => Bounds(at.0, top, at.0 + w, bottom),
        Anchor::Right => Bounds(at.0 - w, top, at.0, bottom),
    }
}

/// The labels of a drawing: their boxes and text.
type Labels<'a> = Vec<(Bounds, &'a str)>;
/// The shapes of a drawing: their boxes, with the index of the label inside each, if any.
type Shapes = Vec<(Bounds, Option<usize>)>;

/// The labels and the shapes of a drawing.
fn parts(d: &Drawing) -> (Labels<'_>, Shapes) {
    let (mut labels, mut shapes) = (Vec::new(), Vec::new());
    for item in &d.items {
        match item {
            Item::Rect {
                at, w, h, label, ..
            } => {
                let own = label.as_ref().map(|l| {
                    labels.push((
                        label_bounds(Pt(at.0 + w / 2, at.1 + h / 2), Anchor::Center, l),
                        l.text.as_str(),
                    ));
                    labels.len() - 1
                });
                shapes.push((Bounds(at.0, at.1, at.0 + w, at.1 + h), own));
            }
            Item::Circle { at, r, label } => {
                let own = label.as_ref().map(|l| {
                    labels.push((label_bounds(*at, Anchor::Center, l), l.text.as_str()));
                    labels.len() - 1
                });
                shapes.push((Bounds(at.0 - r, at.1 - r, at.0 + r, at.1 + r), own));
            }
            Item::Text {
                at, anchor, label, ..
            } => labels.push((label_bounds(*at, *anchor, label), label.text.as_str())),
            Item::Line { .. } => {}
        }
    }
    (labels, shapes)
}

/// Checks the layout of a drawing (see the module docs): the first problem, in words.
pub fn check(d: &Drawing) -> Result<(), String> {
    let whole = Bounds(0, 0, d.width, d.height);
    let (labels, shapes) = parts(d);
    for (i, (b, text)) in labels.iter().enumerate() {
        if !whole.contains(b) {
            return Err(format!("label `{text}` {b:?} leaves the drawing {whole:?}"));
        }
        for (other, second) in &labels[..i] {
            if b.overlaps(other) {
                return Err(format!("labels `{second}` and `{text}` overlap"));
            }
        }
        for (shape, own) in &shapes {
            if *own == Some(i) {
                if !shape.contains(b) {
                    return Err(format!("label `{text}` does not fit its shape {shape:?}"));
                }
            } else if shape.overlaps(b) {
                return Err(format!("label `{text}` lies over a shape {shape:?}"));
            }
        }
    }
    Ok(())
}
