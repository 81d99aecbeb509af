//! The TikZ back end: `x=1mm, y=-1mm` (so the drawing's `y` downwards stays as it is), labels in
//! `\footnotesize`, only the core of TikZ (no libraries).

use std::fmt::{self, Display, Formatter, Write};

use super::{Anchor, Drawing, Fill, Item, Mm, Pt, Stroke};

/// Widest picture drawn at its own size, in tenths of a millimetre; a wider one is scaled down
/// to `\linewidth`.
const MAX_WIDTH: i32 = 1400;

/// Tallest picture drawn at its own size, in tenths of a millimetre (under half of an A4 page's
/// text): a taller one is scaled down to this height, so that a picture never takes a page.
pub(super) const MAX_HEIGHT: i32 = 1000;

/// The width of a line of text of dlexam's documents (A4, 2.2 cm margins), in tenths of a
/// millimetre: what `\linewidth` is outside a frame.
pub(super) const LINE_WIDTH: i32 = 1660;

/// How a picture is scaled to fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fit {
    /// Drawn at its own size.
    Natural,
    /// Scaled to `\linewidth` (too wide).
    Width,
    /// Scaled to [`MAX_HEIGHT`] (too tall, more than it is too wide).
    Height,
}

impl Fit {
    /// How `d` is scaled: by the limit it exceeds most.
    pub(super) fn of(d: &Drawing) -> Fit {
        let (w, h) = (i64::from(d.width), i64::from(d.height));
        let too_tall = h > i64::from(MAX_HEIGHT);
        // h / MAX_HEIGHT >= w / MAX_WIDTH, in integers.
        if too_tall && h * i64::from(MAX_WIDTH) >= w * i64::from(MAX_HEIGHT) {
            Fit::Height
        } else if w > i64::from(MAX_WIDTH) {
            Fit::Width
        } else {
            Fit::Natural
        }
    }
}

/// A drawing written as a TikZ picture.
pub(super) struct Tikz<'a>(pub &'a Drawing);

impl Display for Tikz<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let d = self.0;
        let fit = Fit::of(d);
        match fit {
            Fit::Natural => {}
            Fit::Width => writeln!(f, r"\resizebox{{\linewidth}}{{!}}{{%")?,
            Fit::Height => writeln!(f, r"\resizebox{{!}}{{{}mm}}{{%", Mm(MAX_HEIGHT))?,
        }
        f.write_str(
            r"\begin{tikzpicture}[x=1mm,y=-1mm,line width=0.3mm,every node/.style={font=\footnotesize,inner sep=0pt}]",
        )?;
        f.write_str("\n")?;
        // The bounding box: the whole drawing, margins included.
        writeln!(
            f,
            r"\path (0,0) rectangle ({},{});",
            Mm(d.width),
            Mm(d.height)
        )?;
        for item in &d.items {
            item_tikz(f, item)?;
        }
        f.write_str(r"\end{tikzpicture}")?;
        if fit != Fit::Natural {
            f.write_str("}")?;
        }
        Ok(())
    }
}

fn style(stroke: Stroke) -> &'static str {
    match stroke {
        Stroke::Normal => "",
        Stroke::Dashed => "dashed",
        Stroke::Accent => "line width=0.7mm,draw=red!70!black",
    }
}

fn fill(fill: Fill) -> &'static str {
    match fill {
        Fill::None => "",
        Fill::Light => "fill=gray!15",
        Fill::Dark => "fill=gray!45",
    }
}

/// `[a,b]` of the options that are not empty; nothing when all are.
struct Opts<'a>(&'a [&'a str]);

impl Display for Opts<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let given: Vec<&str> = self.0.iter().copied().filter(|o| !o.is_empty()).collect();
        match given.is_empty() {
            true => Ok(()),
            false => write!(f, "[{}]", given.join(",")),
        }
    }
}

struct P(Pt);

impl Display for P {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('(')?;
        Mm(self.0.0).fmt(f)?;
        f.write_char(',')?;
        Mm(self.0.1).fmt(f)?;
        f.write_char(')')
    }
}

fn item_tikz(f: &mut Formatter<'_>, item: &Item) -> fmt::Result {
    match item {
        Item::Rect {
            at,
            w,
            h,
            fill: fl,
            stroke,
            label,
        } => {
            writeln!(
                f,
                r"\draw{} {} rectangle {};",
                Opts(&[fill(*fl), style(*stroke)]),
                P(*at),
                P(Pt(at.0 + w, at.1 + h))
            )?;
            if let Some(label) = label {
                writeln!(
                    f,
                    r"\node at {} {{{}}};",
                    P(Pt(at.0 + w / 2, at.1 + h / 2)),
                    label.tex
                )?;
            }
            Ok(())
        }
        Item::Circle { at, r, label } => {
            writeln!(
                f,
                r"\draw[fill=white] {} circle[radius={}];",
                P(*at),
                Mm(*r)
            )?;
            if let Some(label) = label {
                writeln!(f, r"\node at {} {{{}}};", P(*at), label.tex)?;
            }
            Ok(())
        }
        Item::Line {
            points,
            head,
            stroke,
        } => {
            let head = if *head { "-latex" } else { "" };
            write!(f, r"\draw{}", Opts(&[style(*stroke), head]))?;
            for (i, p) in points.iter().enumerate() {
                write!(f, "{}{}", if i == 0 { " " } else { " -- " }, P(*p))?;
            }
            writeln!(f, ";")
        }
        Item::Text {
            at,
            anchor,
            label,
            accent,
            ground,
        } => {
            let anchor = match anchor {
                Anchor::Center => "",
                Anchor::Left => "anchor=west",
                Anchor::Right => "anchor=east",
            };
            let color = if *accent { "text=red!70!black" } else { "" };
            let ground = if *ground {
                "fill=white,inner sep=0.3mm"
            } else {
                ""
            };
            writeln!(
                f,
                r"\node{} at {} {{{}}};",
                Opts(&[anchor, color, ground]),
                P(*at),
                label.tex
            )
        }
    }
}
