//! The JSON view (`dlexam/1`): the contract course tooling relies on.

use serde::Serialize;
use serde_json::{Value, json};

use super::json_text::PrettyJson;
use super::view::part_letter;
use super::{Converted, Renderer};
use crate::error::Result;
use crate::solution::{Answer, Problem};

/// One problem in the JSON contract of DESIGN.md. It borrows what it shows as is from the
/// problem (params, answers, step titles and bodies) and owns only the text it writes.
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
    question: JsonQuestion,
    answers: &'a [Answer],
    solution: JsonSolution<'a>,
}

/// `question`: the whole question (intro and lettered parts) in both formats.
#[derive(Clone, Debug, Serialize)]
struct JsonQuestion {
    markdown: String,
    latex: String,
}

/// `solution`: the worked steps.
#[derive(Clone, Debug, Serialize)]
struct JsonSolution<'a> {
    steps: Vec<JsonStep<'a>>,
}

/// One worked step: its title and its body in both formats.
#[derive(Clone, Debug, Serialize)]
struct JsonStep<'a> {
    title: &'a str,
    markdown: &'a str,
    latex: String,
}

impl JsonProblem<'_> {
    /// The same problem with its points (graded documents).
    pub fn with_points(mut self, points: Option<u32>) -> Self {
        self.points = points;
        self
    }

    /// About the length of the problem's pretty JSON (a little more, rather than less), for
    /// allocating its text at once: the long strings (a few percent longer when escaped) and an
    /// allowance per answer and step for the structure, numbers and indentation.
    pub fn size_hint(&self) -> usize {
        let steps = &self.solution.steps;
        let text = self.question.markdown.len()
            + self.question.latex.len()
            + steps
                .iter()
                .map(|s| s.title.len() + s.markdown.len() + s.latex.len())
                .sum::<usize>();
        text + text / 16 + 640 * self.answers.len() + 128 * steps.len() + 1024
    }

    /// Writes the problem as its derived `Serialize` does, through the faster [`PrettyJson`].
    /// (A test compares the two for every family.)
    pub fn write_pretty(&self, json: &mut PrettyJson) {
        json.begin_object();
        json.string_entry("family", self.family);
        json.key("seed");
        match self.seed {
            Some(seed) => json.u64(seed),
            None => json.null(),
        }
        json.string_entry("variant", self.variant);
        json.string_entry("difficulty", self.difficulty);
        if let Some(points) = self.points {
            json.key("points");
            json.u64(points.into());
        }
        json.key("params");
        json.value(self.params);
        json.key("question");
        json.begin_object();
        json.string_entry("markdown", &self.question.markdown);
        json.string_entry("latex", &self.question.latex);
        json.end_object();
        json.key("answers");
        json.begin_array();
        for answer in self.answers {
            json.item();
            write_answer(json, answer);
        }
        json.end_array();
        json.key("solution");
        json.begin_object();
        json.key("steps");
        json.begin_array();
        for step in &self.solution.steps {
            json.item();
            json.begin_object();
            json.string_entry("title", step.title);
            json.string_entry("markdown", step.markdown);
            json.string_entry("latex", &step.latex);
            json.end_object();
        }
        json.end_array();
        json.end_object();
        json.end_object();
    }
}

/// Writes an answer as its derived `Serialize` does.
fn write_answer(json: &mut PrettyJson, answer: &Answer) {
    json.begin_object();
    json.string_entry("id", &answer.id);
    json.string_entry("label", &answer.label);
    json.key("value");
    json.value(&answer.value);
    if let Some(exact) = &answer.exact {
        json.key("exact");
        json.value(exact);
    }
    json.string_entry("latex", &answer.latex);
    json.key("tolerance");
    json.value(&answer.tolerance.json());
    if !answer.grading.is_auto() {
        json.key("grading");
        json.value(&serde_json::to_value(answer.grading).expect("a unit variant"));
    }
    if let Some(points) = &answer.points {
        json.key("points");
        json.value(points);
    }
    json.end_object();
}

/// `{"name": "dlexam", "version": ...}`.
pub fn generator_json() -> Value {
    json!({"name": "dlexam", "version": env!("CARGO_PKG_VERSION")})
}

/// The JSON view of one problem.
pub fn problem_json<'a>(renderer: &Renderer, problem: &'a Problem) -> Result<JsonProblem<'a>> {
    Ok(problem_json_from(problem, renderer.convert(problem)?))
}

/// The JSON view of a problem converted once (see [`Converted`]); its text moves into the view.
pub fn problem_json_from(problem: &Problem, converted: Converted) -> JsonProblem<'_> {
    let Converted {
        intro: mut markdown,
        parts,
        tex_intro: mut latex,
        tex_parts,
        tex_steps,
    } = converted;
    markdown.reserve(parts.iter().map(|p| p.len() + 12).sum());
    latex.reserve(tex_parts.iter().map(|p| p.len() + 18).sum());
    for (i, (part, tex)) in parts.iter().zip(&tex_parts).enumerate() {
        let letter = part_letter(i);
        push_all(&mut markdown, &["\n\n**(", &letter, ")** ", part]);
        push_all(&mut latex, &["\n\n\\textbf{(", &letter, ")} ", tex]);
    }
    let steps = problem
        .solution
        .steps
        .iter()
        .zip(tex_steps)
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
        points: None,
        params: &problem.params,
        question: JsonQuestion { markdown, latex },
        answers: &problem.answers,
        solution: JsonSolution { steps },
    }
}

fn push_all(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
}
