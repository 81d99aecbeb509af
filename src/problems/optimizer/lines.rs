//! Aligned lines of display math that wrap at the page width: how the worked blocks are laid out.

use std::fmt::{self, Write};

use super::display::Shown;

/// Rough printed width of LaTeX math, in characters: commands count one, braces and
/// scripts markers nothing, `\frac` both its parts (so the estimate errs long).
pub fn width(tex: &str) -> usize {
    let bytes = tex.as_bytes();
    let (mut n, mut k) = (0, 0);
    while k < bytes.len() {
        let b = bytes[k];
        k += 1;
        match b {
            b'\\' => {
                // A command's name: the ASCII letters after the backslash.
                let len = bytes[k..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                let name = &tex[k..k + len];
                k += len;
                if !matches!(name, "left" | "right" | "frac" | "") {
                    n += 1;
                }
            }
            b'{' | b'}' | b'^' | b'_' | b'&' => {}
            b' ' => n += usize::from(matches!(bytes.get(k), Some(b'=' | b'-' | b'+'))),
            // The continuation bytes of a character of several bytes: it counts once.
            _ if b & 0xC0 == 0x80 => {}
            _ => n += 1,
        }
    }
    n
}

/// Characters of a row right of the alignment point before it wraps (A4, 11pt, ~15 cm).
pub const ROW: usize = 62;

/// A part of a worked line, written straight into the block's buffer.
pub type Segment<'a> = &'a dyn Fn(&mut String);

/// Appends one equation `lhs = seg_1 seg_2 ...` (each segment starts with its relation),
/// wrapped onto aligned continuation rows when it would run past the line.
pub fn chain(out: &mut String, lhs: impl fmt::Display, segments: &[Segment]) {
    let start = out.len();
    let _ = write!(out, "{lhs}");
    let mut used = width(&out[start..]);
    out.push_str(" &");
    for (k, segment) in segments.iter().enumerate() {
        // Each segment is written first, then the break or space before it that its width asks for.
        let at = out.len();
        segment(out);
        let w = width(&out[at..]);
        if k > 0 {
            if used + w > ROW {
                out.insert_str(at, " \\\\\n&");
                used = 0;
            } else {
                out.insert(at, ' ');
            }
        }
        used += w;
    }
}

/// Appends `= value` or `\approx value`.
pub fn result(out: &mut String, s: &Shown) {
    out.push_str(s.eq());
    out.push(' ');
    out.push_str(&s.tex);
}

/// `name_{at}` with the parameter's superscript (`^{(i)}`, empty for one parameter): the symbol of a value in a block.
pub struct Sym<'a> {
    /// The symbol (`m`, `\\hat{v}`).
    pub name: &'a str,
    /// The step.
    pub at: usize,
    /// The parameter's superscript, or nothing.
    pub sup: &'a str,
}

impl fmt::Display for Sym<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{{{}}}{}", self.name, self.at, self.sup)
    }
}

/// The aligned lines of a worked block, written into one buffer as display math.
pub struct Lines {
    text: String,
    count: usize,
}

impl Lines {
    /// An empty block.
    pub fn new() -> Lines {
        Lines {
            text: "$$\n\\begin{aligned}\n".to_string(),
            count: 0,
        }
    }

    /// Adds the line `lhs = seg_1 seg_2 ...` (see [`chain`]).
    pub fn line(&mut self, lhs: impl fmt::Display, segments: &[Segment]) {
        if self.count > 0 {
            self.text.push_str(" \\\\\n");
        }
        self.count += 1;
        chain(&mut self.text, lhs, segments);
    }

    /// The block as display math.
    pub fn finish(mut self) -> String {
        self.text.push_str("\n\\end{aligned}\n$$");
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::width;

    #[test]
    fn width_counts_what_is_printed() {
        // a, b, " =", (, x, ), 2, " +", \alpha: \frac, \left, \right, braces and ^ are free.
        assert_eq!(width(r"\frac{a}{b} = \left(x\right)^2 + \alpha"), 11);
        assert_eq!(width(r"\theta_{1}^{(2)} &= -0.5"), 11);
        assert_eq!(width(r"é \, \\"), 2);
    }
}
