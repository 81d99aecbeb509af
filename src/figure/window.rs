//! One kernel window over the padded input: the top-left corner of the input (light) with its
//! padding shaded darker, the first window (its taps marked when dilated) and, one stride along, the second.

use super::{Anchor, Drawing, Fill, Item, Label, Pt, Stroke};

/// A window's geometry along both axes (height, width), as integers.
pub struct Window {
    /// Input size (without padding).
    pub size: [i64; 2],
    /// Kernel size.
    pub kernel: [i64; 2],
    /// Stride.
    pub stride: [i64; 2],
    /// Padding on each side.
    pub padding: [i64; 2],
    /// Dilation.
    pub dilation: [i64; 2],
}

/// Most cells drawn along an axis.
const MAX_CELLS: i64 = 24;

impl Window {
    fn effective(&self, a: usize) -> i64 {
        self.dilation[a]
            .saturating_mul(self.kernel[a].saturating_sub(1))
            .saturating_add(1)
    }

    /// The padded input's size along axis `a`.
    fn padded(&self, a: usize) -> i64 {
        self.size[a].saturating_add(self.padding[a].saturating_mul(2))
    }

    /// Cells shown along axis `a`: the padded input, or enough of it for the first window, one
    /// stride and a cell more.
    fn shown(&self, a: usize) -> i64 {
        let padded = self.padded(a);
        let wanted = self.padding[a]
            .saturating_add(self.effective(a))
            .saturating_add(self.stride[a])
            .saturating_add(1);
        padded
            .min(wanted.max(self.effective(a)))
            .clamp(1, MAX_CELLS)
    }
}

fn dims(v: [i64; 2]) -> String {
    match v[0] == v[1] {
        true => v[0].to_string(),
        false => format!("{}×{}", v[0], v[1]),
    }
}

fn dims_tex(v: [i64; 2]) -> String {
    match v[0] == v[1] {
        true => v[0].to_string(),
        false => format!(r"{} \times {}", v[0], v[1]),
    }
}

/// A label of a name and a value per axis (`kernel 3×3`, `stride 2`).
fn named(name: &str, v: [i64; 2], square_pair: bool) -> Label {
    let (text, tex) = match (square_pair, v[0] == v[1]) {
        (true, true) => (format!("{0}×{0}", v[0]), format!(r"${0} \times {0}$", v[0])),
        _ => (dims(v), format!("${}$", dims_tex(v))),
    };
    Label::new(format!("{name} {tex}"), format!("{name} {text}"))
}

/// The drawing of a window (sizes in cells of at most 4 mm).
pub fn window(w: &Window) -> Drawing {
    let (rows, cols) = (w.shown(0), w.shown(1));
    let cell = (600 / rows.max(cols)).clamp(20, 40) as i32;
    let (x0, y0) = (20, 20 + 2 * 50);
    let (gw, gh) = (cols as i32 * cell, rows as i32 * cell);
    let kernel = named("kernel", w.kernel, true);
    let dilated = w.dilation != [1, 1];
    let top = match dilated {
        true => Label::new(
            format!(
                "{}, dilation ${}$: spans ${}$",
                kernel.tex,
                dims_tex(w.dilation),
                dims_tex([w.effective(0), w.effective(1)])
            ),
            format!(
                "{}, dilation {}: spans {}",
                kernel.text,
                dims(w.dilation),
                dims([w.effective(0), w.effective(1)])
            ),
        ),
        false => kernel,
    };
    let truncated = rows < w.padded(0) || cols < w.padded(1);
    let notes = [
        Label::new(
            format!(r"input ${} \times {}$", w.size[0], w.size[1]),
            format!("input {}×{}", w.size[0], w.size[1]),
        ),
        named("padding", w.padding, false),
        match truncated {
            true => Label::plain("(top-left corner)"),
            false => Label::plain("(whole input)"),
        },
    ];
    let stride = named("stride", w.stride, false);
    let right = notes.iter().map(Label::width).max().unwrap_or(0);
    let width = (x0 + gw + 30 + right)
        .max(x0 + top.width())
        .max(x0 + w.stride[1].min(cols) as i32 * cell + 20 + stride.width())
        + 20;
    let mut d = Drawing::new(width, y0 + gh.max(150) + 20);
    d.text(Pt(x0, 40), Anchor::Left, top);
    // The padded area shaded, the input over it.
    d.rect(Pt(x0, y0), gw, gh, Fill::Dark, None);
    let (pr, pc) = (w.padding[0].min(rows) as i32, w.padding[1].min(cols) as i32);
    let (ir, ic) = (
        (w.size[0].min(rows) as i32).min(rows as i32 - pr).max(0),
        (w.size[1].min(cols) as i32).min(cols as i32 - pc).max(0),
    );
    d.rect(
        Pt(x0 + pc * cell, y0 + pr * cell),
        ic * cell,
        ir * cell,
        Fill::Light,
        None,
    );
    for r in 1..rows as i32 {
        d.line(
            vec![Pt(x0, y0 + r * cell), Pt(x0 + gw, y0 + r * cell)],
            false,
            Stroke::Normal,
        );
    }
    for c in 1..cols as i32 {
        d.line(
            vec![Pt(x0 + c * cell, y0), Pt(x0 + c * cell, y0 + gh)],
            false,
            Stroke::Normal,
        );
    }
    // The first window and its taps; the second one stride along, where it fits.
    let (eh, ew) = (
        w.effective(0).min(rows) as i32,
        w.effective(1).min(cols) as i32,
    );
    if dilated {
        // The taps inside the cells drawn (at most MAX_CELLS per axis).
        let taps = |a: usize, shown: i64| {
            let step = w.dilation[a].max(1);
            (0..w.kernel[a].min(MAX_CELLS))
                .map(move |i| i.saturating_mul(step))
                .filter(move |p| *p < shown)
                .map(|p| p as i32)
        };
        for r in taps(0, rows) {
            for c in taps(1, cols) {
                {
                    d.items.push(Item::Rect {
                        at: Pt(x0 + c * cell + cell / 4, y0 + r * cell + cell / 4),
                        w: cell / 2,
                        h: cell / 2,
                        fill: Fill::Light,
                        stroke: Stroke::Accent,
                        label: None,
                    });
                }
            }
        }
    }
    d.items.push(Item::Rect {
        at: Pt(x0, y0),
        w: ew * cell,
        h: eh * cell,
        fill: Fill::None,
        stroke: Stroke::Accent,
        label: None,
    });
    let step = w.stride[1].min(cols) as i32;
    let fits = w.padded(1) >= w.effective(1).saturating_add(w.stride[1]);
    if fits && step + ew <= cols as i32 {
        d.items.push(Item::Rect {
            at: Pt(x0 + step * cell, y0),
            w: ew * cell,
            h: eh * cell,
            fill: Fill::None,
            stroke: Stroke::Dashed,
            label: None,
        });
    }
    // The stride as a step between the windows' left edges.
    let ay = y0 - 30;
    d.line(
        vec![Pt(x0, ay), Pt(x0 + step * cell, ay)],
        true,
        Stroke::Normal,
    );
    d.text(Pt(x0 + step * cell + 20, ay), Anchor::Left, stride);
    for (i, note) in notes.into_iter().enumerate() {
        d.text(
            Pt(x0 + gw + 30, y0 + 25 + i as i32 * 50),
            Anchor::Left,
            note,
        );
    }
    d
}
