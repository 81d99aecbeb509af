//! The view of a problem that the Markdown and LaTeX problem templates (`problem.md`,
//! `problem.tex`) see: every string already written in the target format.

use std::borrow::Cow;

use serde::Serialize;

use super::placed::Placed;
use super::{Format, markup};
use crate::space::{Measure, Space};

/// A problem as the problem templates see it (as `p`).
#[derive(Clone, Debug, Serialize)]
pub struct ProblemView<'a> {
    /// 1-based position in the document.
    pub number: usize,
    /// Family id.
    pub family: &'a str,
    /// Family title.
    pub title: Cow<'a, str>,
    /// Variant.
    pub variant: &'a str,
    /// Seed (empty for user-given params).
    pub seed: String,
    /// Points, if graded.
    pub points: Option<u32>,
    /// The introduction.
    pub intro: &'a str,
    /// The question's figures, in the target format (TikZ, or Markdown: an image or inline SVG).
    pub figures: Vec<String>,
    /// The solution's figures, in the target format (empty without solutions).
    pub solution_figures: Vec<String>,
    /// The sub-questions.
    pub parts: Vec<PartView<'a>>,
    /// The worked steps.
    pub steps: Vec<StepView<'a>>,
    /// The answers: (label, value).
    pub answers: Vec<(Cow<'a, str>, String)>,
    /// Answer space in LaTeX: `none`, `page` or a height (`6.5cm`); see [`crate::space`].
    pub space: String,
    /// The answers asked as single choice (`--choices`), in answer order.
    pub choices: Vec<ChoiceView>,
}

/// One answer asked as single choice: its label and lettered options.
#[derive(Clone, Debug, Serialize)]
pub struct ChoiceView {
    /// The answer's label in the target format.
    pub label: String,
    /// The options.
    pub options: Vec<OptionView>,
}

/// One option of a [`ChoiceView`].
#[derive(Clone, Debug, Serialize)]
pub struct OptionView {
    /// Its letter (`a`).
    pub letter: String,
    /// Its value as math (`$...$`).
    pub text: String,
    /// Whether it is the right one (templates show it only with solutions).
    pub correct: bool,
}

/// A sub-question in the target format.
#[derive(Clone, Debug, Serialize)]
pub struct PartView<'a> {
    /// Its letter: a, b, c...
    pub letter: String,
    /// Its text.
    pub text: &'a str,
}

/// A worked step in the target format.
#[derive(Clone, Debug, Serialize)]
pub struct StepView<'a> {
    /// Title.
    pub title: Cow<'a, str>,
    /// Body.
    pub body: Cow<'a, str>,
}

impl<'a> ProblemView<'a> {
    /// The view of a placed problem, at position `number`, in `format` (Markdown or LaTeX; a
    /// LaTeX view needs the problem placed with its LaTeX).
    pub fn new(placed: &'a Placed, number: usize, format: Format) -> Self {
        let problem = &placed.problem;
        let latex = format == Format::Latex;
        let inline = |s: &'a str| -> Cow<'a, str> {
            if latex {
                Cow::Owned(markup::inline_to_latex(s))
            } else {
                Cow::Borrowed(s)
            }
        };
        let layout = &placed.layout;
        let (intro, parts, bodies, space): (&str, &[String], Vec<Cow<'a, str>>, Space) = if latex {
            let tex = placed.latex();
            (
                &tex.intro,
                &tex.parts,
                tex.steps
                    .iter()
                    .map(|b| Cow::Borrowed(b.as_str()))
                    .collect(),
                tex.space,
            )
        } else {
            let text = &placed.text;
            let bodies: Vec<Cow<'a, str>> = problem
                .solution
                .steps
                .iter()
                .map(|s| markdown_step_body(&s.body))
                .collect();
            let space = layout.space.resolve(Measure {
                intro: &text.intro,
                parts: &text.parts,
                steps: &bodies.iter().map(AsRef::as_ref).collect::<Vec<_>>(),
                answers: problem.answers.len(),
                points: layout.points,
                figures_cm: crate::figure::printed_cm(&problem.question.figures),
            });
            (&text.intro, &text.parts, bodies, space)
        };
        let space = space.latex();
        let title = layout.title.as_deref().unwrap_or(&problem.title);
        ProblemView {
            number,
            family: &problem.family,
            title: inline(title),
            variant: &problem.variant,
            seed: problem.seed.map(|s| s.to_string()).unwrap_or_default(),
            points: layout.points,
            intro,
            figures: Vec::new(),
            solution_figures: Vec::new(),
            parts: parts
                .iter()
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
                .zip(bodies)
                .map(|(s, body)| StepView {
                    title: inline(&s.title),
                    body,
                })
                .collect(),
            answers: problem
                .answers
                .iter()
                .map(|a| {
                    let label = answer_label(a);
                    let label = if latex {
                        markup::inline_to_latex(&label)
                    } else {
                        label
                    };
                    let value = match &a.choices {
                        Some(c) => format!("${}$ (option {})", a.latex, c.correct),
                        None => format!("${}$", a.latex),
                    };
                    (Cow::Owned(label), value)
                })
                .collect(),
            space,
            choices: problem
                .answers
                .iter()
                .filter_map(|a| {
                    let c = a.choices.as_ref()?;
                    let label = answer_label(a);
                    let label = if latex {
                        markup::inline_to_latex(&label)
                    } else {
                        label
                    };
                    Some(ChoiceView {
                        label,
                        options: c
                            .options
                            .iter()
                            .map(|o| OptionView {
                                letter: o.letter.clone(),
                                text: format!("${}$", o.latex),
                                correct: o.letter == c.correct,
                            })
                            .collect(),
                    })
                })
                .collect(),
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
fn markdown_step_body(body: &str) -> Cow<'_, str> {
    if body.starts_with("$$") {
        Cow::Owned(format!("\n\n{body}"))
    } else {
        Cow::Borrowed(body)
    }
}
