//! Per-format view of a problem: every string already written for Markdown or LaTeX.

use serde::Serialize;

use super::{Converted, Format, Placed, Renderer, markup};
use crate::error::Result;
use crate::problems;
use crate::space::Measure;

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
    /// Answer space in LaTeX: `none`, `page` or a height (`6.5cm`); see [`crate::space`].
    pub space: String,
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
        let steps = problem
            .solution
            .steps
            .iter()
            .map(|s| step_body(&text(&s.body), format))
            .collect();
        let parts = parts.iter().map(|p| text(p)).collect();
        Ok(Self::assemble(
            placed,
            number,
            format,
            text(&intro),
            parts,
            steps,
        ))
    }

    /// The LaTeX view from a problem converted once (see [`Converted`]).
    pub fn from_converted(placed: &Placed<'_>, number: usize, converted: &Converted) -> Self {
        Self::assemble(
            placed,
            number,
            Format::Latex,
            converted.tex_intro.clone(),
            converted.tex_parts.clone(),
            converted.tex_steps.clone(),
        )
    }

    /// The view from the question and step bodies already in the target format.
    fn assemble(
        placed: &Placed<'_>,
        number: usize,
        format: Format,
        intro: String,
        parts: Vec<String>,
        steps: Vec<String>,
    ) -> Self {
        let problem = placed.problem;
        let inline = |s: &str| match format {
            Format::Latex => markup::inline_to_latex(s),
            _ => s.to_string(),
        };
        let math = |s: &str| format!("${s}$");
        let title = match placed.title {
            Some(title) => title.to_string(),
            None => problems::find(&problem.family)
                .map_or_else(|_| problem.family.clone(), |f| f.title().to_string()),
        };
        let space = placed
            .space
            .resolve(Measure {
                intro: &intro,
                parts: &parts,
                steps: &steps,
                answers: problem.answers.len(),
                points: placed.points,
            })
            .latex();
        ProblemView {
            number,
            family: problem.family.clone(),
            title: inline(&title),
            variant: problem.variant.clone(),
            seed: problem.seed.map(|s| s.to_string()).unwrap_or_default(),
            points: placed.points,
            intro,
            parts: parts
                .into_iter()
                .enumerate()
                .map(|(i, text)| PartView {
                    letter: part_letter(i),
                    text,
                })
                .collect(),
            steps: problem
                .solution
                .steps
                .iter()
                .zip(steps)
                .map(|(s, body)| StepView {
                    title: inline(&s.title),
                    body,
                })
                .collect(),
            answers: problem
                .answers
                .iter()
                .map(|a| (inline(&answer_label(a)), math(&a.latex)))
                .collect(),
            space,
        }
    }
}

/// An answer's label with its id (as keys.json and the answers CSV name it) and, in graded
/// documents, its points: ``$\hat{y}$ (`y_hat`, 1 point)``.
fn answer_label(a: &crate::solution::Answer) -> String {
    let points = a.points.as_ref().map_or_else(String::new, |p| {
        let text = p.as_str().map_or_else(|| p.to_string(), str::to_string);
        let unit = if text == "1" { "point" } else { "points" };
        format!(", {text} {unit}")
    });
    format!("{} (`{}`{points})", a.label, a.id)
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
