//! The SVG back end: one element per line, coordinates in millimetres with one decimal.

use crate::xml;
use std::fmt::{self, Display, Formatter, Write};

use super::{Anchor, Drawing, Fill, Item, Label, Mm, Pt, Stroke};

/// The accent colour (the TikZ back end's `red!70!black`).
const ACCENT: &str = "#b30000";

/// A drawing written as SVG.
pub(super) struct Svg<'a>(pub &'a Drawing);

impl Display for Svg<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let d = self.0;
        let (w, h) = (Mm(d.width), Mm(d.height));
        writeln!(
            f,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" font-size="3.2">"#
        )?;
        writeln!(
            f,
            r#"<rect x="0" y="0" width="{w}" height="{h}" fill="white"/>"#
        )?;
        for item in &d.items {
            item_svg(f, item)?;
        }
        f.write_str("</svg>")
    }
}

fn stroke_attrs(stroke: Stroke) -> &'static str {
    match stroke {
        Stroke::Normal => r#"stroke="black" stroke-width="0.3""#,
        Stroke::Dashed => r#"stroke="black" stroke-width="0.3" stroke-dasharray="1.2 0.8""#,
        Stroke::Accent => r##"stroke="#b30000" stroke-width="0.7""##,
    }
}

fn fill_attr(fill: Fill) -> &'static str {
    match fill {
        Fill::None => "none",
        Fill::Light => "#ebebeb",
        Fill::Dark => "#b4b4b4",
    }
}

fn item_svg(f: &mut Formatter<'_>, item: &Item) -> fmt::Result {
    match item {
        Item::Rect {
            at,
            w,
            h,
            fill,
            stroke,
            label,
        } => {
            writeln!(
                f,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" {}/>"#,
                Mm(at.0),
                Mm(at.1),
                Mm(*w),
                Mm(*h),
                fill_attr(*fill),
                stroke_attrs(*stroke)
            )?;
            if let Some(label) = label {
                text(
                    f,
                    Pt(at.0 + w / 2, at.1 + h / 2),
                    Anchor::Center,
                    label,
                    false,
                    "",
                )?;
            }
            Ok(())
        }
        Item::Circle { at, r, label } => {
            writeln!(
                f,
                r#"<circle cx="{}" cy="{}" r="{}" fill="white" {}/>"#,
                Mm(at.0),
                Mm(at.1),
                Mm(*r),
                stroke_attrs(Stroke::Normal)
            )?;
            if let Some(label) = label {
                text(f, *at, Anchor::Center, label, false, "")?;
            }
            Ok(())
        }
        Item::Line {
            points,
            head,
            stroke,
        } => {
            let mut path = String::new();
            for (i, p) in points.iter().enumerate() {
                let _ = write!(
                    path,
                    "{}{},{}",
                    if i == 0 { "" } else { " " },
                    Mm(p.0),
                    Mm(p.1)
                );
            }
            writeln!(
                f,
                r#"<polyline points="{path}" fill="none" {}/>"#,
                stroke_attrs(*stroke)
            )?;
            if let (true, [.., from, to]) = (*head, points.as_slice()) {
                let color = if *stroke == Stroke::Accent {
                    ACCENT
                } else {
                    "black"
                };
                let [a, b, c] = arrowhead(*from, *to, *stroke == Stroke::Accent);
                writeln!(
                    f,
                    r#"<polygon points="{},{} {},{} {},{}" fill="{color}"/>"#,
                    Mm(a.0),
                    Mm(a.1),
                    Mm(b.0),
                    Mm(b.1),
                    Mm(c.0),
                    Mm(c.1)
                )?;
            }
            Ok(())
        }
        Item::Text {
            at,
            anchor,
            label,
            accent,
            ground,
        } => {
            // The ground: the glyphs' white outline, painted under them.
            let ground = if *ground {
                r#" stroke="white" stroke-width="0.9" stroke-linejoin="round" paint-order="stroke""#
            } else {
                ""
            };
            text(f, *at, *anchor, label, *accent, ground)
        }
    }
}

/// The three corners of an arrowhead at `to`, pointing away from `from` (rounded to tenths of a
/// millimetre: IEEE arithmetic, the same on every platform).
fn arrowhead(from: Pt, to: Pt, big: bool) -> [Pt; 3] {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (back, half) = if big { (28.0, 13.0) } else { (22.0, 9.0) };
    let base = (f64::from(to.0) - ux * back, f64::from(to.1) - uy * back);
    let corner = |s: f64| {
        Pt(
            (base.0 - uy * half * s).round() as i32,
            (base.1 + ux * half * s).round() as i32,
        )
    };
    [to, corner(1.0), corner(-1.0)]
}

/// A `<text>` element; `extra` holds further attributes (each with its leading space).
fn text(
    f: &mut Formatter<'_>,
    at: Pt,
    anchor: Anchor,
    label: &Label,
    accent: bool,
    extra: &str,
) -> fmt::Result {
    let anchor = match anchor {
        Anchor::Center => "middle",
        Anchor::Left => "start",
        Anchor::Right => "end",
    };
    let fill = if accent { ACCENT } else { "black" };
    writeln!(
        f,
        r#"<text x="{}" y="{}" text-anchor="{anchor}" dominant-baseline="central" fill="{fill}"{extra}>{}</text>"#,
        Mm(at.0),
        Mm(at.1),
        xml::Text(&label.text)
    )
}
