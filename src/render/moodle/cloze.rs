//! The cloze syntax of Moodle's embedded-answers questions, as Moodle reads it
//! (`qtype_multianswer_extract_question` in `question/type/multianswer/questiontype.php`).
//!
//! A sub-question is `{w:TYPE:alternative~alternative...}`: `w` is digits only (the weight,
//! default 1); an alternative is `=` (right) or `%n%`, then the answer, then optionally `#` and
//! the feedback. Moodle ends an answer at the first `~`, `#` or `}` not preceded by `\`, `&` or
//! `&amp;`, and a feedback at the first `~` or `}` not preceded by `\`; it then decodes HTML
//! entities in both and turns `\}` and `\#` into `}` and `#` (no other backslash escape is
//! undone, so `\~` would stay `\~`). [`Escaped`] therefore writes `}` and `#` as `\}` and `\#`,
//! and every other character that could end or bend a part (`~`, `\`, `/`, `"`, `&`, `<`, `>`)
//! as an HTML character reference, which Moodle decodes back and never reads as a delimiter.
//! In a NUMERICAL sub-question the answer is `value:tolerance`, both plain decimals
//! (`-?digits[.digits][e±digits]`): Moodle accepts `value ± tolerance` (plus a relative 10^-14).
//!
//! Question text is scanned for `{digits:TYPE:`; [`Guarded`] writes a `{` that could start one
//! (or a `{#n}` placeholder) as `&#123;`, which the browser and MathJax read as `{`.

use std::fmt::{self, Write};

use crate::num::Q;

/// One input box of a question: what Moodle compares the student's entry with.
#[derive(Clone, Debug, PartialEq)]
pub enum Blank {
    /// A number: right when within `tolerance` of `value` (NUMERICAL).
    Numerical {
        /// The key value.
        value: Q,
        /// The absolute tolerance.
        tolerance: Q,
    },
    /// Text: right when it is one of `answers`, ignoring case (SHORTANSWER).
    Short {
        /// The accepted wordings.
        answers: Vec<String>,
    },
    /// Single choice shown as radio buttons one under the other (MULTICHOICE_V): right when
    /// the option at `correct` is picked.
    Choice {
        /// The options in the order shown (HTML, math as `\( \)`).
        options: Vec<String>,
        /// The index of the right option.
        correct: usize,
    },
}

/// A sub-question: a blank with its weight (an integer) and the feedback shown for a right
/// entry (HTML).
pub struct SubQuestion<'a> {
    /// The weight (a non-negative integer).
    pub weight: &'a Q,
    /// What is compared.
    pub blank: &'a Blank,
    /// Feedback for a right entry (HTML).
    pub feedback: &'a str,
}

impl fmt::Display for SubQuestion<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.blank {
            Blank::Numerical { value, tolerance } => write!(
                f,
                "{{{}:NUMERICAL:={}:{}#{}}}",
                self.weight,
                Number(value),
                Number(tolerance),
                Escaped(self.feedback)
            ),
            Blank::Short { answers } => {
                write!(f, "{{{}:SHORTANSWER:", self.weight)?;
                for (i, answer) in answers.iter().enumerate() {
                    if i > 0 {
                        f.write_char('~')?;
                    }
                    // `*` is SHORTANSWER's wildcard; `\*` is a literal star.
                    let literal = answer.replace('*', r"\*");
                    write!(f, "={}#{}", Escaped(&literal), Escaped(self.feedback))?;
                }
                f.write_char('}')
            }
            Blank::Choice { options, correct } => {
                write!(f, "{{{}:MULTICHOICE_V:", self.weight)?;
                for (i, option) in options.iter().enumerate() {
                    if i > 0 {
                        f.write_char('~')?;
                    }
                    let (mark, feedback) = if i == *correct {
                        ("=", self.feedback)
                    } else {
                        ("%0%", "Not this one: the worked solution shows why.")
                    };
                    write!(f, "{mark}{}#{}", Escaped(option), Escaped(feedback))?;
                }
                f.write_char('}')
            }
        }
    }
}

/// A number as a NUMERICAL answer reads it: the exact decimal when it has at most 20 places,
/// else rounded to 15 significant digits (never an exponent, never a fraction).
pub struct Number<'a>(pub &'a Q);

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.0;
        if let Some(exact) = q.exact_decimal(20) {
            return write!(f, "{exact}");
        }
        let places = (14 - q.decimal_exponent()).max(0) as u32;
        write!(f, "{}", q.decimal(places))
    }
}

/// Text escaped for an answer or a feedback of a sub-question (see the module docs).
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '}' => f.write_str(r"\}")?,
                '#' => f.write_str(r"\#")?,
                '~' => f.write_str("&#126;")?,
                '\\' => f.write_str("&#92;")?,
                '/' => f.write_str("&#47;")?,
                '"' => f.write_str("&quot;")?,
                '&' => f.write_str("&#38;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// HTML question text with every `{` that Moodle could read as the start of a sub-question
/// (`{` digits `:`) or of a placeholder (`{#`) written as `&#123;`.
pub struct Guarded<'a>(pub &'a str);

impl fmt::Display for Guarded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut last = 0;
        for (i, _) in text.match_indices('{') {
            let after = &text[i + 1..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if after[digits..].starts_with(':') || after.starts_with('#') {
                f.write_str(&text[last..i])?;
                f.write_str("&#123;")?;
                last = i + 1;
            }
        }
        f.write_str(&text[last..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_decimals() {
        let q = |s: &str| s.parse::<Q>().unwrap();
        assert_eq!(Number(&q("181")).to_string(), "181");
        assert_eq!(Number(&q("-1/2")).to_string(), "-0.5");
        assert_eq!(Number(&q("1/3")).to_string(), "0.333333333333333");
        assert_eq!(Number(&q("-200/3")).to_string(), "-66.6666666666667");
        assert_eq!(Number(&q("1/300000")).to_string(), "0.00000333333333333333");
        assert_eq!(Number(&q("0.00005")).to_string(), "0.00005");
    }

    #[test]
    fn escapes_every_delimiter() {
        assert_eq!(
            Escaped(r#"a}b#c~d\e/f"g&h<i>"#).to_string(),
            r"a\}b\#c&#126;d&#92;e&#47;f&quot;g&#38;h&lt;i&gt;"
        );
        let short = Blank::Short {
            answers: vec!["x*y".into()],
        };
        let one = Q::one();
        let sub = SubQuestion {
            weight: &one,
            blank: &short,
            feedback: "ok",
        };
        assert_eq!(sub.to_string(), r"{1:SHORTANSWER:=x&#92;*y#ok}");
    }

    #[test]
    fn guards_braces_that_could_start_a_sub_question() {
        assert_eq!(
            Guarded(r"\frac{1}{2} x_{1:3} {:SA:x} {#1} {a}").to_string(),
            r"\frac{1}{2} x_&#123;1:3} &#123;:SA:x} &#123;#1} {a}"
        );
    }
}
