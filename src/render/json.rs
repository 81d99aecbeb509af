//! The JSON view (`dlexam/1`): the contract course tooling relies on.

use serde::Serialize;
use serde_json::{Value, json};

use super::view::part_letter;
use super::{Converted, Renderer};
use crate::error::Result;
use crate::solution::{Answer, Problem};

/// One problem in the JSON contract of DESIGN.md.
#[derive(Clone, Debug, Serialize)]
pub struct JsonProblem {
    family: String,
    seed: Option<u64>,
    variant: String,
    difficulty: String,
    /// Points of the problem in a graded document (sheets with points, exams, keys.json).
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<u32>,
    params: Value,
    question: Value,
    answers: Vec<Answer>,
    solution: Value,
}

impl JsonProblem {
    /// The same problem with its points (graded documents).
    pub fn with_points(mut self, points: Option<u32>) -> Self {
        self.points = points;
        self
    }
}

/// `{"name": "dlexam", "version": ...}`.
pub fn generator_json() -> Value {
    json!({"name": "dlexam", "version": env!("CARGO_PKG_VERSION")})
}

/// The JSON view of one problem.
pub fn problem_json(renderer: &Renderer, problem: &Problem) -> Result<JsonProblem> {
    Ok(problem_json_from(problem, &renderer.convert(problem)?))
}

/// The JSON view of a problem converted once (see [`Converted`]).
pub fn problem_json_from(problem: &Problem, converted: &Converted) -> JsonProblem {
    let mut markdown = converted.intro.clone();
    let mut latex = converted.tex_intro.clone();
    for (i, (part, tex)) in converted.parts.iter().zip(&converted.tex_parts).enumerate() {
        let letter = part_letter(i);
        markdown.push_str(&format!("\n\n**({letter})** {part}"));
        latex.push_str(&format!("\n\n\\textbf{{({letter})}} {tex}"));
    }
    let steps: Vec<Value> = problem
        .solution
        .steps
        .iter()
        .zip(&converted.tex_steps)
        .map(|(s, tex)| {
            json!({
                "title": s.title,
                "markdown": s.body,
                "latex": tex,
            })
        })
        .collect();
    JsonProblem {
        family: problem.family.clone(),
        seed: problem.seed,
        variant: problem.variant.clone(),
        difficulty: problem.difficulty.name().to_string(),
        points: None,
        params: problem.params.clone(),
        question: json!({"markdown": markdown, "latex": latex}),
        answers: problem.answers.clone(),
        solution: json!({"steps": steps}),
    }
}
