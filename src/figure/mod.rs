//! Figures drawn from a problem's own data: a small drawing description ([`Drawing`]: boxes,
//! circles, arrows, text) that a family builds from the values its solver uses, and two back
//! ends that write it, [`Drawing::tikz`] (LaTeX) and [`Drawing::svg`] (Markdown, HTML, JSON).
//!
//! Coordinates are integers in tenths of a millimetre, `y` growing downwards (as in SVG; TikZ
//! gets `-y`), so both back ends print fixed decimals and the same problem gives the same bytes
//! on every platform. Text sizes are estimated conservatively ([`text_width`]); [`check`]
//! verifies that no two labels of a drawing overlap and that all of them stay inside it.

pub mod check;
pub mod stack;
mod svg;
mod tikz;
pub mod window;

use std::fmt;

use serde::Serialize;

pub use check::check;

/// Height of a line of text, in tenths of a millimetre (a 9 pt line with room to spare).
pub const TEXT_H: i32 = 42;

/// A point, in tenths of a millimetre (`y` downwards).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pt(pub i32, pub i32);

/// A label in both back ends: LaTeX (for TikZ) and plain Unicode text (for SVG).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// LaTeX, e.g. `$G_1$`.
    pub tex: String,
    /// Plain text, e.g. `G₁`; its length sets the label's estimated width.
    pub text: String,
}

impl Label {
    /// A label from its LaTeX and its plain text.
    pub fn new(tex: impl Into<String>, text: impl Into<String>) -> Self {
        Label {
            tex: tex.into(),
            text: text.into(),
        }
    }

    /// A label of plain ASCII words, the same in both back ends (LaTeX specials escaped).
    pub fn plain(text: &str) -> Self {
        Label::new(crate::render::markup::escape_text(text), text)
    }

    /// A label of LaTeX math (written between `$`) and its plain text.
    pub fn math(tex: &str, text: impl Into<String>) -> Self {
        Label::new(format!("${tex}$"), text)
    }

    /// A tensor's name and shape: `$G_1$: $1 \times 4 \times 2 \times 2$` (`G₁: 1×4×2×2`);
    /// `name` is LaTeX math and `plain` its text.
    pub fn shaped(name: &str, plain: &str, dims: &[usize]) -> Self {
        let tex: Vec<String> = dims.iter().map(usize::to_string).collect();
        let prefix = |t: &str| {
            if t.is_empty() {
                String::new()
            } else {
                format!("{t}: ")
            }
        };
        Label::new(
            format!(
                "{}${}$",
                prefix(&if name.is_empty() {
                    String::new()
                } else {
                    format!("${name}$")
                }),
                tex.join(r" \times ")
            ),
            format!("{}{}", prefix(plain), tex.join("×")),
        )
    }

    /// Its estimated width ([`text_width`]).
    pub fn width(&self) -> i32 {
        text_width(&self.text)
    }
}

/// `x` with its digits written as Unicode subscripts (`G` and `1` -> `G₁`).
pub fn sub(x: &str, index: &str) -> String {
    let digits = index.chars().map(|c| match c.to_digit(10) {
        Some(d) => char::from_u32(0x2080 + d).unwrap_or(c),
        None => c,
    });
    x.chars().chain(digits).collect()
}

/// A conservative width of `text` in tenths of a millimetre: 2 mm a character (a 9 pt
/// sans-serif averages about 1.7 mm), 3 mm for the wide letters and symbols.
pub fn text_width(text: &str) -> i32 {
    text.chars()
        .map(|c| match c {
            'M' | 'W' | 'm' | 'w' | '∂' | '×' | '≈' | '→' | '∑' | 'σ' => 30,
            ' ' | '.' | ',' | ':' | 'i' | 'l' | '(' | ')' | '[' | ']' => 14,
            c if ('\u{2080}'..='\u{2089}').contains(&c) => 16,
            _ => 20,
        })
        .sum()
}

/// How a closed shape is filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Not filled.
    None,
    /// A light grey (an operation's box).
    Light,
    /// A darker grey (padding).
    Dark,
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroke {
    /// A thin black line.
    Normal,
    /// A dashed line (something left open).
    Dashed,
    /// A thick line in the accent colour (a gradient path, a highlighted window).
    Accent,
}

/// Where a text's anchor point is on its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The middle of the text.
    Center,
    /// The middle of its left edge.
    Left,
    /// The middle of its right edge.
    Right,
}

/// One element of a drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A rectangle (top-left corner, width, height) with a label in its middle.
    Rect {
        /// Top-left corner.
        at: Pt,
        /// Width.
        w: i32,
        /// Height.
        h: i32,
        /// Fill.
        fill: Fill,
        /// Outline.
        stroke: Stroke,
        /// Label inside (empty: none).
        label: Option<Label>,
    },
    /// A circle with a label in its middle.
    Circle {
        /// Centre.
        at: Pt,
        /// Radius.
        r: i32,
        /// Label inside.
        label: Option<Label>,
    },
    /// A polyline; with `head`, an arrowhead at its last point.
    Line {
        /// The points, at least two.
        points: Vec<Pt>,
        /// Arrowhead at the end.
        head: bool,
        /// How it is drawn.
        stroke: Stroke,
    },
    /// A text.
    Text {
        /// Anchor point.
        at: Pt,
        /// Which point of the text `at` is.
        anchor: Anchor,
        /// The text.
        label: Label,
        /// In the accent colour.
        accent: bool,
        /// On a white ground that hides the lines beneath it: for a label that had to sit over
        /// a line.
        ground: bool,
    },
}

/// A drawing: its size and its items, in drawing order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawing {
    /// Width, in tenths of a millimetre.
    pub width: i32,
    /// Height, in tenths of a millimetre.
    pub height: i32,
    /// The items.
    pub items: Vec<Item>,
}

impl Drawing {
    /// An empty drawing of this size.
    pub fn new(width: i32, height: i32) -> Self {
        Drawing {
            width,
            height,
            items: Vec::new(),
        }
    }

    /// Adds a rectangle with a label in its middle.
    pub fn rect(&mut self, at: Pt, w: i32, h: i32, fill: Fill, label: Option<Label>) {
        self.items.push(Item::Rect {
            at,
            w,
            h,
            fill,
            stroke: Stroke::Normal,
            label,
        });
    }

    /// Adds a line (an arrow with `head`).
    pub fn line(&mut self, points: Vec<Pt>, head: bool, stroke: Stroke) {
        self.items.push(Item::Line {
            points,
            head,
            stroke,
        });
    }

    /// Adds a text.
    pub fn text(&mut self, at: Pt, anchor: Anchor, label: Label) {
        self.items.push(Item::Text {
            at,
            anchor,
            label,
            accent: false,
            ground: false,
        });
    }

    /// Adds a text on a white ground, readable over the lines drawn before it.
    pub fn grounded_text(&mut self, at: Pt, anchor: Anchor, label: Label) {
        self.items.push(Item::Text {
            at,
            anchor,
            label,
            accent: false,
            ground: true,
        });
    }

    /// Adds a text in the accent colour.
    pub fn accent_text(&mut self, at: Pt, anchor: Anchor, label: Label) {
        self.items.push(Item::Text {
            at,
            anchor,
            label,
            accent: true,
            ground: false,
        });
    }

    /// The TikZ picture (`\begin{tikzpicture}...\end{tikzpicture}`), scaled down to
    /// `\linewidth` when wider.
    pub fn tikz(&self) -> impl fmt::Display + '_ {
        tikz::Tikz(self)
    }

    /// Its height in a LaTeX document, in tenths of a millimetre, after the TikZ back end's
    /// scaling: scaled to [`tikz::MAX_HEIGHT`] when too tall, to the line's width (outside a
    /// frame, [`tikz::LINE_WIDTH`]) when too wide, else its own.
    pub fn printed_height(&self) -> i32 {
        match tikz::Fit::of(self) {
            tikz::Fit::Natural => self.height,
            tikz::Fit::Height => tikz::MAX_HEIGHT,
            tikz::Fit::Width => {
                let scaled = i64::from(self.height) * i64::from(tikz::LINE_WIDTH)
                    / i64::from(self.width.max(1));
                i32::try_from(scaled).unwrap_or(i32::MAX)
            }
        }
    }

    /// The SVG document (`<svg ...>...</svg>`, one element per line, no blank line).
    pub fn svg(&self) -> impl fmt::Display + '_ {
        svg::Svg(self)
    }
}

/// A figure of a problem: what it shows (alt text) and its drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// A short description, plain text (the image's alt text and title).
    pub caption: String,
    /// The drawing.
    pub drawing: Drawing,
}

/// Centimetres that `figures` take in a LaTeX document, one under the other: each its printed
/// height ([`Drawing::printed_height`]) and the centring environment's space around it (0.5 cm).
pub fn printed_cm(figures: &[Figure]) -> f64 {
    figures
        .iter()
        .map(|f| f64::from(f.drawing.printed_height()) / 100.0 + 0.5)
        .sum()
}

/// In JSON: `{"caption": ..., "svg": ...}`.
impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Figure", 2)?;
        out.serialize_field("caption", &self.caption)?;
        out.serialize_field("svg", &self.drawing.svg().to_string())?;
        out.end()
    }
}

/// A coordinate in millimetres with one decimal (`12.5`, `-3`, `0.4`).
pub(crate) struct Mm(pub i32);

impl fmt::Display for Mm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        if self.0 < 0 {
            f.write_char('-')?;
        }
        let v = self.0.unsigned_abs();
        f.write_str(itoa::Buffer::new().format(v / 10))?;
        match v % 10 {
            0 => Ok(()),
            d => {
                f.write_char('.')?;
                f.write_char(char::from_digit(d, 10).unwrap_or('0'))
            }
        }
    }
}

#[cfg(test)]
mod tests;
