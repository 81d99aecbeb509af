//! Per-format view of a problem: every string already written for Markdown or LaTeX.

use serde::Serialize;

use super::{Format, Placed, Renderer, markup};
use crate::error::Result;
use crate::problems;

/// A problem as the Markdown and LaTeX templates see it.
#[derive(Clone, Debug, Serialize)]
pub struct ProblemView {
    /// 1-based position in the document.
    pub number: usize,
    /// Family id.
    pub family: String,
    /// Family title.
    pub title: String,
    /// Variant.
    pub variant: String,
    /// Seed (empty for user-given params).
    pub seed: String,
    /// Points, if graded.
    pub points: Option<u32>,
    /// The introduction.
    pub intro: String,
    /// The sub-questions.
    pub parts: Vec<PartView>,
    /// The worked steps.
    pub steps: Vec<StepView>,
    /// The answers: (label, value).
    pub answers: Vec<(String, String)>,
}

/// A sub-question in the target format.
#[derive(Clone, Debug, Serialize)]
pub struct PartView {
    /// Its letter: a, b, c...
    pub letter: String,
    /// Its text.
    pub text: String,
}

/// A worked step in the target format.
#[derive(Clone, Debug, Serialize)]
pub struct StepView {
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
}

impl ProblemView {
    /// Builds the view of a placed problem for `format` (Markdown or LaTeX).
    pub fn new(
        renderer: &Renderer,
        placed: &Placed<'_>,
        number: usize,
        format: Format,
    ) -> Result<Self> {
        let problem = placed.problem;
        let (intro, parts) = renderer.question(problem)?;
        let text = |s: &str| match format {
            Format::Latex => markup::to_latex(s),
            _ => s.to_string(),
        };
        let inline = |s: &str| match format {
            Format::Latex => markup::inline_to_latex(s),
            _ => s.to_string(),
        };
        let math = |s: &str| match format {
            Format::Latex => format!("${s}$"),
            _ => format!("${s}$"),
        };
        let title = problems::find(&problem.family)
            .map_or_else(|_| problem.family.clone(), |f| f.title().to_string());
        Ok(ProblemView {
            number,
            family: problem.family.clone(),
            title: inline(&title),
            variant: problem.variant.clone(),
            seed: problem.seed.map(|s| s.to_string()).unwrap_or_default(),
            points: placed.points,
            intro: text(&intro),
            parts: parts
                .iter()
                .enumerate()
                .map(|(i, p)| PartView {
                    letter: part_letter(i),
                    text: text(p),
                })
                .collect(),
            steps: problem
                .solution
                .steps
                .iter()
                .map(|s| StepView {
                    title: inline(&s.title),
                    body: step_body(&text(&s.body), format),
                })
                .collect(),
            answers: problem
                .answers
                .iter()
                .map(|a| (inline(&a.label), math(&a.latex)))
                .collect(),
        })
    }
}

/// The letter of the `index`-th part: a, b, ..., z, aa, ab...
pub fn part_letter(index: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    if index < 26 {
        char::from(letters[index]).to_string()
    } else {
        format!(
            "{}{}",
            part_letter(index / 26 - 1),
            char::from(letters[index % 26])
        )
    }
}

/// A step body placed after its bold title: display math starts its own paragraph in Markdown.
fn step_body(body: &str, format: Format) -> String {
    if format == Format::Markdown && body.starts_with("$$") {
        format!("\n\n{body}")
    } else {
        body.to_string()
    }
}
