//! What Moodle can grade of an answer: its blanks, read off the answer as `dlexam grade` reads
//! it, so a blank accepts what `grade` accepts.
//!
//! - Numbers (a scalar, vector, matrix or tensor): one NUMERICAL blank per entry, its key the
//!   entry `grade` compares with ([`Numbers::of_key`]: the exact fraction where the answer has
//!   one, else the decimal value; size-one dimensions dropped) and its tolerance the entry's
//!   bound (a relative bound times the key's size).
//! - Text graded by wording: a SHORTANSWER blank (`grade` also ignores spaces, `$`, `_` and
//!   braces; the blank accepts the wording and the wording without those).
//! - Named parts (`{"A": "Conv1", ...}`): one blank per part.
//! - Sets of names (any order) and answers graded by hand: no blank; the teacher checks them.
//! - An answer asked as single choice (`--choices`): one MULTICHOICE_V blank with its options
//!   (each labelled with its letter), whatever the answer's shape.

use serde_json::Value;

use super::cloze::Blank;
use crate::choices::Choices;
use crate::grade::compare::Numbers;
use crate::num::Q;
use crate::render::markup::html::{MathStyle, mathjax};
use crate::solution::{Answer, Bound, Grading};

/// The blanks of one answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Blanks {
    /// One number.
    Scalar(Blank),
    /// Entries of a vector, matrix or tensor: the shape (size-one dimensions dropped) and the
    /// entries in reading order.
    Grid {
        /// The shape.
        shape: Vec<usize>,
        /// One blank per entry.
        entries: Vec<Blank>,
    },
    /// Named parts.
    Named(Vec<(String, Blank)>),
    /// Nothing Moodle can grade: the teacher checks it.
    ByHand,
}

impl Blanks {
    /// The blanks of `answer`.
    pub fn of(answer: &Answer) -> Blanks {
        if answer.grading != Grading::Auto {
            return Blanks::ByHand;
        }
        if let Some(choices) = &answer.choices {
            return Blanks::Scalar(choice(choices));
        }
        match &answer.value {
            Value::Number(_) | Value::Array(_) => numbers(answer).unwrap_or(Blanks::ByHand),
            Value::String(s) => Blanks::Scalar(short(s)),
            Value::Bool(b) => Blanks::Scalar(short(&b.to_string())),
            Value::Object(map) => {
                let parts: Option<Vec<(String, Blank)>> = map
                    .iter()
                    .map(|(name, v)| Some((name.clone(), short(v.as_str()?))))
                    .collect();
                parts.map_or(Blanks::ByHand, Blanks::Named)
            }
            Value::Null => Blanks::ByHand,
        }
    }

    /// How many blanks.
    pub fn len(&self) -> usize {
        match self {
            Blanks::Scalar(_) => 1,
            Blanks::Grid { entries, .. } => entries.len(),
            Blanks::Named(parts) => parts.len(),
            Blanks::ByHand => 0,
        }
    }

    /// Whether there is none (the answer is checked by hand).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A single-choice blank: each option as its letter and its math, for MathJax.
fn choice(choices: &Choices) -> Blank {
    let options = choices
        .options
        .iter()
        .map(|option| {
            let mut html = format!("({}) ", option.letter);
            mathjax(&option.latex, MathStyle::Inline, &mut html);
            html
        })
        .collect();
    let correct = choices
        .options
        .iter()
        .position(|option| option.letter == choices.correct)
        .expect("the right letter is one of the options");
    Blank::Choice { options, correct }
}

/// Number blanks, as `grade` reads the key.
fn numbers(answer: &Answer) -> Option<Blanks> {
    let key = Numbers::of_key(&answer.value, answer.exact.as_ref())?;
    let mut entries: Vec<Blank> = key
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let tolerance = match answer.tolerance.entry(i) {
                Bound::Abs(x) => x.clone(),
                Bound::Rel(x) => x * &value.abs(),
            };
            Blank::Numerical { value, tolerance }
        })
        .collect();
    Some(match key.shape.len() {
        0 => Blanks::Scalar(entries.pop()?),
        _ => Blanks::Grid {
            shape: key.shape,
            entries,
        },
    })
}

/// A SHORTANSWER blank for a wording: the wording, and the wording without what `grade`
/// ignores (spaces, `$`, `_`, braces) when that differs.
fn short(text: &str) -> Blank {
    let bare: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '$' | '_' | '{' | '}'))
        .collect();
    let mut answers = vec![text.to_string()];
    if bare != text && !bare.is_empty() {
        answers.push(bare);
    }
    Blank::Short { answers }
}

/// The weight of an answer: its points in a graded document, else its default share (2 for the
/// answer a part builds up to, 1 for the others; see [`crate::grade::weights::share`]).
pub fn weight(family: &str, answer: &Answer) -> Q {
    let stated = answer.points.as_ref().and_then(|p| match p {
        Value::Number(n) => n.to_string().parse::<Q>().ok(),
        Value::String(s) => s.parse::<Q>().ok(),
        _ => None,
    });
    stated.unwrap_or_else(|| {
        Q::from(u64::from(crate::grade::weights::share(
            family,
            &answer.id,
            answer.grading,
        )))
    })
}
