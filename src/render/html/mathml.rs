//! Math as MathML, written when the page is made: math-core turns LaTeX into MathML Core, which
//! browsers render natively (no script, no web fonts, no network).

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use crate::render::markup::html::{MathStyle, push_escaped};

/// A LaTeX-to-MathML converter, made once per page.
pub struct MathMl {
    converter: LatexToMathML,
}

impl Default for MathMl {
    fn default() -> Self {
        let converter = LatexToMathML::new(MathCoreConfig::default())
            .expect("the default configuration has no macros to parse");
        MathMl { converter }
    }
}

impl MathMl {
    /// The MathML of one piece of math (LaTeX without dollars), or why it cannot be converted.
    pub fn convert(&self, tex: &str, style: MathStyle) -> Result<String, String> {
        let display = match style {
            MathStyle::Inline => MathDisplay::Inline,
            MathStyle::Display => MathDisplay::Block,
        };
        self.converter
            .convert_with_local_state(tex, display)
            .map(|r| r.mathml)
            .map_err(|e| format!("{e:?}"))
    }

    /// Appends the MathML of `tex`; math the converter rejects (possible only in a user's
    /// template: every built-in fragment converts, see the tests) is shown as its LaTeX source.
    pub fn push(&self, tex: &str, style: MathStyle, out: &mut String) {
        match self.convert(tex, style) {
            Ok(mathml) => out.push_str(&mathml),
            Err(_) => {
                out.push_str(r#"<code class="tex">"#);
                push_escaped(out, tex);
                out.push_str("</code>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_and_matrices_become_mathml_and_bad_math_its_source() {
        let m = MathMl::default();
        let frac = m.convert(r"\frac{1}{2}", MathStyle::Inline).unwrap();
        assert!(
            frac.starts_with("<math") && frac.contains("<mfrac>"),
            "{frac}"
        );
        let matrix = m
            .convert(
                r"\begin{bmatrix} 1 & -2 \\ 3 & 4 \end{bmatrix}",
                MathStyle::Display,
            )
            .unwrap();
        assert!(
            matrix.contains(r#"display="block""#) && matrix.contains("<mtable"),
            "{matrix}"
        );
        assert!(m.convert(r"\frac{1}{", MathStyle::Inline).is_err());
        let mut out = String::new();
        m.push(r"\nosuchcommand{x<1}", MathStyle::Inline, &mut out);
        assert_eq!(out, r#"<code class="tex">\nosuchcommand{x&lt;1}</code>"#);
    }
}
