//! Answer space: how much room a student gets under a problem in LaTeX (and so in PDFs).
//!
//! A spec's `[[problem]]` may say `space = "auto" | "none" | "page" | "<length>"` (`5cm`,
//! `40mm`, `2in`, `120pt`), `--space` says it for a whole document. `auto` sizes the box by the
//! problem: 2.5 cm plus 1.5 cm per sub-question plus 1 cm per point, and never less than the
//! worked solution takes in print (estimated from its LaTeX: lines of text, display formulas and
//! their rows, the answers). A box that would not fit on a page with its question (its text and
//! its figures' printed heights) becomes `page`: the problem starts on a new page and its box
//! fills the rest of it.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// The answer space a document or problem asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Space {
    /// Sized by the problem (see the module doc).
    #[default]
    Auto,
    /// No space: the question alone (the key still shows the solution).
    None,
    /// A new page for the problem, its box filling the rest of the page.
    Page,
    /// A box of this height, in centimetres.
    Cm(f64),
}

/// Units a length may use, in centimetres.
const UNITS: &[(&str, f64)] = &[("cm", 1.0), ("mm", 0.1), ("in", 2.54), ("pt", 2.54 / 72.27)];

/// Height of the usable page, in cm (A4, 2.2 cm margins, the running header).
const PAGE_CM: f64 = 23.0;

impl FromStr for Space {
    type Err = Error;

    fn from_str(text: &str) -> Result<Space> {
        let rule = "expected auto, none, page or a length such as 5cm, 40mm, 2in, 120pt";
        match text.trim() {
            "auto" => return Ok(Space::Auto),
            "none" => return Ok(Space::None),
            "page" => return Ok(Space::Page),
            _ => {}
        }
        let t = text.trim();
        let (number, cm_per_unit) = UNITS
            .iter()
            .find_map(|(unit, cm)| t.strip_suffix(unit).map(|n| (n.trim(), *cm)))
            .ok_or_else(|| Error::invalid(format!("`{text}`: {rule}")))?;
        let value: f64 = number
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| Error::invalid(format!("`{text}`: {rule}")))?;
        let cm = value * cm_per_unit;
        if !(0.5..=PAGE_CM).contains(&cm) {
            return Err(Error::invalid(format!(
                "`{text}`: a box must be from 0.5cm to {PAGE_CM}cm high (use \"page\" for a whole page)"
            )));
        }
        Ok(Space::Cm(cm))
    }
}

impl fmt::Display for Space {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Space::Auto => f.write_str("auto"),
            Space::None => f.write_str("none"),
            Space::Page => f.write_str("page"),
            Space::Cm(cm) => write!(f, "{cm:.1}cm"),
        }
    }
}

/// What a problem is made of, for sizing its box.
#[derive(Clone, Copy, Debug)]
pub struct Measure<'a> {
    /// The question's introduction (LaTeX).
    pub intro: &'a str,
    /// The sub-questions (LaTeX).
    pub parts: &'a [String],
    /// The worked steps' bodies (LaTeX).
    pub steps: &'a [&'a str],
    /// How many answers the problem has.
    pub answers: usize,
    /// Its points, if graded.
    pub points: Option<u32>,
    /// Centimetres the question's figures take in print ([`crate::figure::printed_cm`]; 0
    /// without figures).
    pub figures_cm: f64,
}

impl Space {
    /// The space to print: `Auto` resolved to `Cm` or `Page` (see the module doc).
    pub fn resolve(self, m: Measure<'_>) -> Space {
        let fits = |cm: f64| {
            let question = printed_cm(m.intro)
                + m.parts.iter().map(|p| printed_cm(p)).sum::<f64>()
                + m.figures_cm;
            question + cm <= PAGE_CM
        };
        match self {
            Space::Auto => {
                let parts = m.parts.len().max(1) as f64;
                let by_size = 2.5 + 1.5 * parts + f64::from(m.points.unwrap_or(0));
                let by_solution =
                    m.steps.iter().map(|s| printed_cm(s)).sum::<f64>() + 0.5 * m.answers as f64;
                // Round up to half centimetres: the same problem size gives the same box.
                let cm = (by_size.max(by_solution) * 2.0).ceil() / 2.0;
                if fits(cm) { Space::Cm(cm) } else { Space::Page }
            }
            Space::Cm(cm) if !fits(cm) => Space::Page,
            other => other,
        }
    }

    /// What the LaTeX template gets: `none`, `page`, or a length (`6.5cm`).
    pub fn latex(self) -> String {
        match self {
            Space::Cm(cm) => format!("{cm:.1}cm"),
            Space::Auto => "page".into(),
            other => other.to_string(),
        }
    }
}

/// About how many centimetres LaTeX text takes at 11pt on an A4 page with 2.2 cm margins:
/// 0.5 cm per line of about 90 characters (commands count as written, a fair guess for
/// formulas inline), 0.9 cm per display formula plus 0.5 cm per extra row, 0.2 cm per paragraph.
pub fn printed_cm(latex: &str) -> f64 {
    const LINE: f64 = 0.5;
    let mut cm = 0.0;
    let mut rest = latex;
    while let Some(start) = rest.find("\\[") {
        cm += prose_cm(&rest[..start]);
        let display = &rest[start..];
        let end = display.find("\\]").map_or(display.len(), |e| e + 2);
        let rows = line_breaks(&display[..end]);
        // A matrix's rows stack; rows of one align-like formula do too.
        cm += 0.9 + LINE * rows as f64;
        rest = &display[end..];
    }
    cm + prose_cm(rest)
}

fn prose_cm(text: &str) -> f64 {
    paragraphs(text)
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let chars = p.trim().chars().count() as f64;
            let table_rows = line_breaks(p) as f64;
            0.2 + 0.5 * ((chars / 90.0).ceil() + table_rows)
        })
        .sum()
}

/// The pieces of `text` between blank lines: `text.split("\n\n")`, without building a
/// substring searcher for every text (most are a few lines).
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        let mut from = 0;
        while let Some(i) = text[from..].find('\n') {
            let end = from + i;
            if text[end + 1..].starts_with('\n') {
                rest = Some(&text[end + 2..]);
                return Some(&text[..end]);
            }
            from = end + 1;
        }
        rest = None;
        Some(text)
    })
}

/// How many LaTeX line breaks (`\\`) `text` has: `text.matches(r"\\").count()`.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut count) = (0, 0);
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' && bytes[i + 1] == b'\\' {
            count += 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_line_breaks_match_the_std_searches() {
        let texts = [
            "",
            "a",
            "\n",
            "\n\n",
            "\n\n\n",
            "a\n\nb",
            "a\nb\n\n\nc\n",
            "x\n\n",
            "\n\ny",
            r"\\",
            r"\\\",
            r"a \\ b \\\\ c",
            r"\[ 1 \\ 2 \]",
            "ü\n\né",
        ];
        for text in texts {
            let ours: Vec<&str> = paragraphs(text).collect();
            let std: Vec<&str> = text.split("\n\n").collect();
            assert_eq!(ours, std, "{text:?}");
            assert_eq!(line_breaks(text), text.matches(r"\\").count(), "{text:?}");
        }
    }

    fn measure<'a>(parts: &'a [String], steps: &'a [&'a str], points: u32) -> Measure<'a> {
        Measure {
            intro: "A short question.",
            parts,
            steps,
            answers: 1,
            points: Some(points),
            figures_cm: 0.0,
        }
    }

    #[test]
    fn parses_the_spec_values_and_refuses_others() {
        assert_eq!("auto".parse::<Space>().unwrap(), Space::Auto);
        assert_eq!("none".parse::<Space>().unwrap(), Space::None);
        assert_eq!("page".parse::<Space>().unwrap(), Space::Page);
        assert_eq!("5cm".parse::<Space>().unwrap(), Space::Cm(5.0));
        assert_eq!("40mm".parse::<Space>().unwrap(), Space::Cm(4.0));
        assert_eq!("2in".parse::<Space>().unwrap(), Space::Cm(5.08));
        for bad in ["5", "cm", "-3cm", "5km", "big", "30cm", "NaNcm", ""] {
            let e = bad.parse::<Space>().unwrap_err().to_string();
            assert!(e.contains(&format!("`{bad}`")), "{e}");
            assert!(e.contains("auto, none, page") || e.contains("0.5cm"), "{e}");
        }
    }

    #[test]
    fn auto_grows_with_parts_points_and_the_solution() {
        let one = vec!["How many?".to_string()];
        let five = vec!["Compute it.".to_string(); 5];
        let short = vec!["$1 + 1 = 2$"];
        let small = Space::Auto.resolve(measure(&one, &short, 1));
        let big = Space::Auto.resolve(measure(&five, &short, 4));
        assert_eq!(small, Space::Cm(5.0));
        assert_eq!(big, Space::Cm(14.0));
        // A long worked solution needs at least its own length.
        let long = vec!["\\[\nx = \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}\n\\]"; 6];
        let Space::Cm(cm) = Space::Auto.resolve(measure(&one, &long, 1)) else {
            panic!("fits a page")
        };
        assert!(cm >= 6.0 * 1.9, "{cm}");
        // More than a page: the problem gets a page of its own.
        let huge_text = "word ".repeat(2000);
        let huge = vec![huge_text.as_str()];
        assert_eq!(Space::Auto.resolve(measure(&one, &huge, 1)), Space::Page);
        assert_eq!(Space::None.resolve(measure(&one, &huge, 1)), Space::None);
        assert_eq!(
            Space::Cm(5.0).resolve(measure(&one, &huge, 1)).latex(),
            "5.0cm"
        );
    }

    #[test]
    fn a_question_figure_counts_towards_the_page() {
        let one = vec!["How many?".to_string()];
        let short = vec!["$1 + 1 = 2$"];
        let plain = measure(&one, &short, 1);
        let Space::Cm(cm) = Space::Auto.resolve(plain) else {
            panic!("fits a page")
        };
        let small = Measure {
            figures_cm: 1.0,
            ..plain
        };
        assert_eq!(Space::Auto.resolve(small), Space::Cm(cm));
        // The text alone fits; with a figure that fills the rest of the page it does not.
        let tall = Measure {
            figures_cm: PAGE_CM - cm,
            ..plain
        };
        assert_eq!(Space::Auto.resolve(tall), Space::Page);
        assert_eq!(Space::Cm(cm).resolve(tall), Space::Page);
        assert_eq!(Space::Cm(cm).resolve(small), Space::Cm(cm));
    }
}
