//! The JSON view (`dlexam/1`): the contract course tooling relies on, written by serde_json.

use std::cell::RefCell;
use std::io::Write;
use std::path::Path;

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::placed::Placed;
use super::view::part_letter;
use crate::error::{Error, Result};
use crate::figure::Figure;
use crate::solution::Answer;

/// A JSON document of problems (`gen`, `sheet`): `{"schema", "generator", "problems"}`.
#[derive(Serialize)]
pub struct JsonDocument<P> {
    /// `dlexam/1`.
    pub schema: &'static str,
    /// Who wrote it.
    pub generator: Generator,
    /// The problems (a list, or a [`Streamed`] one).
    pub problems: P,
}

impl<P> JsonDocument<P> {
    /// The document of these problems.
    pub fn new(problems: P) -> Self {
        JsonDocument {
            schema: SCHEMA,
            generator: Generator::default(),
            problems,
        }
    }
}

/// The schema every JSON document names.
pub const SCHEMA: &str = "dlexam/1";

/// `{"name": "dlexam", "version": ...}`.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Generator {
    /// `dlexam`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

impl Default for Generator {
    fn default() -> Self {
        Generator {
            name: "dlexam",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// One problem in the JSON contract of DESIGN.md, borrowed from a [`Placed`] problem; only the
/// whole question (intro and lettered parts joined) is written here.
#[derive(Clone, Debug, Serialize)]
pub struct JsonProblem<'a> {
    family: &'a str,
    seed: Option<u64>,
    variant: &'a str,
    difficulty: &'static str,
    /// Points of the problem in a graded document (sheets with points, exams, keys.json).
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<u32>,
    params: &'a Value,
    question: JsonQuestion<'a>,
    answers: &'a [Answer],
    solution: JsonSolution<'a>,
}

/// `question`: the whole question (intro and lettered parts) in both formats, and its figures
/// (`{"caption", "svg"}`, absent when it has none).
#[derive(Clone, Debug, Serialize)]
struct JsonQuestion<'a> {
    markdown: String,
    latex: String,
    #[serde(skip_serializing_if = "<[Figure]>::is_empty")]
    figures: &'a [Figure],
}

/// `solution`: the worked steps, and the solution's figures (absent when it has none).
#[derive(Clone, Debug, Serialize)]
struct JsonSolution<'a> {
    steps: Vec<JsonStep<'a>>,
    #[serde(skip_serializing_if = "<[Figure]>::is_empty")]
    figures: &'a [Figure],
}

/// One worked step: its title and its body in both formats.
#[derive(Clone, Debug, Serialize)]
struct JsonStep<'a> {
    title: &'a str,
    markdown: &'a str,
    latex: &'a str,
}

impl<'a> JsonProblem<'a> {
    /// The JSON view of a problem placed with its LaTeX.
    pub fn new(placed: &'a Placed) -> Self {
        let (problem, text, latex) = (&placed.problem, &placed.text, placed.latex());
        let mut question = JsonQuestion {
            markdown: text.intro.clone(),
            latex: latex.intro.clone(),
            figures: &problem.question.figures,
        };
        for (i, (part, tex)) in text.parts.iter().zip(&latex.parts).enumerate() {
            let letter = part_letter(i);
            question.markdown += &format!("\n\n**({letter})** {part}");
            question.latex += &format!("\n\n\\textbf{{({letter})}} {tex}");
        }
        let steps = problem
            .solution
            .steps
            .iter()
            .zip(&latex.steps)
            .map(|(s, latex)| JsonStep {
                title: &s.title,
                markdown: &s.body,
                latex,
            })
            .collect();
        JsonProblem {
            family: &problem.family,
            seed: problem.seed,
            variant: &problem.variant,
            difficulty: problem.difficulty.name(),
            points: placed.layout.points,
            params: &problem.params,
            question,
            answers: &problem.answers,
            solution: JsonSolution {
                steps,
                figures: &problem.solution.figures,
            },
        }
    }
}

/// A placed problem serializes as its JSON view, [`JsonProblem`].
impl Serialize for Placed {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        JsonProblem::new(self).serialize(serializer)
    }
}

/// A JSON array written from an iterator as serde draws it, so its items never all exist at
/// once. The first `Err` item stops the writing; [`Streamed::write_json`] hands it back.
pub struct Streamed<I> {
    items: RefCell<I>,
    failed: RefCell<Option<Error>>,
}

impl<I> Streamed<I> {
    /// The array of the items `items` yields.
    pub fn new(items: I) -> Self {
        Streamed {
            items: RefCell::new(items),
            failed: RefCell::new(None),
        }
    }

    /// Writes `document` (which holds this stream) as pretty JSON and a final newline into
    /// `out`: the error of the first failed item, else a write error naming `path`.
    pub fn write_json(
        &self,
        document: &impl Serialize,
        mut out: impl Write,
        path: &Path,
    ) -> Result<()> {
        let written = serde_json::to_writer_pretty(&mut out, document);
        if let Some(error) = self.failed.borrow_mut().take() {
            return Err(error);
        }
        written
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
    }
}

impl<I, T> Serialize for Streamed<I>
where
    I: Iterator<Item = Result<T>>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for item in &mut *self.items.borrow_mut() {
            match item {
                Ok(item) => seq.serialize_element(&item)?,
                Err(error) => {
                    let message = error.to_string();
                    *self.failed.borrow_mut() = Some(error);
                    return Err(S::Error::custom(message));
                }
            }
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written<I, T>(items: I) -> (Result<()>, String)
    where
        I: Iterator<Item = Result<T>>,
        T: Serialize,
    {
        let stream = Streamed::new(items);
        let mut out = Vec::new();
        let result =
            stream.write_json(&JsonDocument::new(&stream), &mut out, Path::new("out.json"));
        (result, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_streamed_array_is_written_as_the_whole_list_would_be() {
        for n in [0, 1, 3] {
            let items: Vec<Value> = (0..n).map(|i| json!({"i": i, "v": [i, "a\\b"]})).collect();
            let (result, text) = written(items.iter().map(Ok));
            result.unwrap();
            let whole = serde_json::to_string_pretty(&JsonDocument::new(&items)).unwrap();
            assert_eq!(text, whole + "\n");
        }
    }

    #[test]
    fn the_first_failed_item_stops_the_array_and_is_the_error() {
        let items = (0..5).map(|i| match i {
            2 => Err(Error::invalid("item 2 is bad")),
            3 => Err(Error::invalid("item 3 is bad too")),
            _ => Ok(i),
        });
        let (result, text) = written(items);
        assert_eq!(result.unwrap_err().to_string(), "item 2 is bad");
        assert!(text.contains('1') && !text.contains('4'), "{text}");
    }
}
