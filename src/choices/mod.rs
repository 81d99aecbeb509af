//! Single choice from typical mistakes (`--choices`, `choices = true` in a spec).
//!
//! Each numeric answer of a problem (a number, a vector, a matrix or a tensor graded by value)
//! becomes one single-choice question with [`OPTIONS`] options: the right value and distractors.
//! The distractors are what the family's typical mistakes compute (each family lists them in
//! its `mistakes.rs`, behind [`crate::problems::Family::mistakes`]), in the family's order,
//! kept only when the grader tells them apart from the right answer *and* from every option
//! kept before (each entry outside the answer's tolerance, by [`crate::grade::tolerance::accepts`])
//! and when they are written differently. When too few mistakes differ, plausible near values
//! fill the rest ([`build::near`]: ×2, ÷2, the sign, one step on an entry (1, one unit of the
//! denominator, 10% of a decimal), two entries swapped; integers stay integers, counts stay
//! non-negative).
//!
//! A vector, matrix or tensor answer is one question whose options are whole vectors (matrices,
//! tensors), written as the key writes that kind of value ([`write`]): a shape as
//! `[N \times C \times H \times W]`, a pair as `(a, b)`, vectors and matrices as `bmatrix`, a
//! tensor with more than two dimensions of size above one as its H×W slices. Every option,
//! the right one too, is written by the same rule (integers, decimals of at most four places,
//! fractions with denominators below 1000, else decimals rounded to four places), so its form
//! never gives it away.
//!
//! The right option's position is drawn from the problem's seed ([`build::position`]): the
//! `k`-th choice answer of a problem is at `(s + k) mod n` for one `s` drawn per problem, so the
//! letters rotate within a problem and are uniform over a class. Letters are `a`, `b`, `c`, ...;
//! `dlexam grade` takes the letter (`b`, `B`, `(b)`) or the value itself.

pub mod build;
#[cfg(test)]
mod tests;
pub mod write;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Options per choice answer: the right one and three distractors.
pub const OPTIONS: usize = 4;

/// The options of one answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Choices {
    /// The right option's letter (`b`).
    pub correct: String,
    /// The options in the order printed.
    pub options: Vec<ChoiceOption>,
}

/// One option.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// Its letter: `a`, `b`, ...
    pub letter: String,
    /// The value as the option shows it (JSON numbers in the answer's shape).
    pub value: Value,
    /// The same value as exact fractions (`"-1/2"`), in the answer's shape.
    pub exact: Value,
    /// LaTeX math of the option.
    pub latex: String,
    /// The typical mistake that gives this value (absent for the right option and for near
    /// values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mistake: Option<String>,
}

impl Choices {
    /// The letter `text` names, if it is one (any case, with or without parentheses or a
    /// trailing dot: `b`, `B`, `(b)`, `b.`), whether or not there is such an option.
    pub fn letter_of(text: &str) -> Option<String> {
        let t = text.trim();
        let t = t
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .or_else(|| t.strip_suffix('.'))
            .unwrap_or(t)
            .trim();
        let mut chars = t.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase().to_string()),
            _ => None,
        }
    }

    /// The option with letter `letter` (lowercase).
    pub fn option(&self, letter: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.letter == letter)
    }
}

impl ChoiceOption {
    /// The option's exact value as text the grader reads (`[1/2, -3]`).
    pub fn value_text(&self) -> String {
        fn walk(v: &Value, out: &mut String) {
            match v {
                Value::Array(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        walk(item, out);
                    }
                    out.push(']');
                }
                Value::String(s) => out.push_str(s),
                other => out.push_str(&other.to_string()),
            }
        }
        let mut out = String::new();
        walk(&self.exact, &mut out);
        out
    }
}

/// The letter of option `index`: a, b, c, ...
pub fn letter(index: usize) -> String {
    char::from(b'a' + (index % 26) as u8).to_string()
}
