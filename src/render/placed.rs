//! A problem placed in a document: the problem, its points and its text, converted once for
//! every view of it (the Markdown and LaTeX documents, the JSON).

use super::{Format, Renderer, markup};
use crate::error::Result;
use crate::solution::Problem;
use crate::space::{Measure, Space};

/// A problem in a document, with its text already written.
#[derive(Clone, Debug)]
pub struct Placed {
    /// The problem.
    pub problem: Problem,
    /// How it sits in the document.
    pub layout: Layout,
    /// Its text.
    pub text: ProblemText,
}

/// How a problem sits in a document: its points, title and answer space.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Points, when the document is graded.
    pub points: Option<u32>,
    /// The title printed above it (None: the family's title).
    pub title: Option<String>,
    /// Room for the student's answer (LaTeX).
    pub space: Space,
}

impl Layout {
    /// The family's title and no answer space (`gen`, `solve`).
    pub fn plain(points: Option<u32>) -> Self {
        Layout {
            points,
            title: None,
            space: Space::None,
        }
    }
}

/// A problem's question, rendered from its family's template, in neutral markup (which is its
/// Markdown), and, when a view needs it, the question and worked steps in LaTeX.
#[derive(Clone, Debug)]
pub struct ProblemText {
    /// The question's introduction.
    pub intro: String,
    /// The sub-questions.
    pub parts: Vec<String>,
    /// The LaTeX, if asked for.
    pub latex: Option<LatexText>,
}

/// The LaTeX of a problem's question and steps.
#[derive(Clone, Debug)]
pub struct LatexText {
    /// The introduction.
    pub intro: String,
    /// The sub-questions.
    pub parts: Vec<String>,
    /// The bodies of the worked steps, in order.
    pub steps: Vec<String>,
    /// The answer space of the problem's layout, resolved for this text.
    pub space: Space,
}

impl Renderer {
    /// Places a problem in a document of `format`: renders its question and, for the LaTeX and
    /// JSON views ([`Format::needs_latex`]), converts its text to LaTeX (Markdown, HTML and
    /// Moodle views read the markup).
    pub fn place(&self, mut problem: Problem, layout: Layout, format: Format) -> Result<Placed> {
        if !self.figures {
            problem.question.figures.clear();
            problem.solution.figures.clear();
        }
        let (intro, parts) = self.question(&problem)?;
        let latex = format.needs_latex().then(|| {
            let intro = markup::to_latex(&intro);
            let parts: Vec<String> = parts.iter().map(|p| markup::to_latex(p)).collect();
            let steps: Vec<String> = problem
                .solution
                .steps
                .iter()
                .map(|s| markup::to_latex(&s.body))
                .collect();
            let space = layout.space.resolve(Measure {
                intro: &intro,
                parts: &parts,
                steps: &steps.iter().map(String::as_str).collect::<Vec<_>>(),
                answers: problem.answers.len(),
                points: layout.points,
                figures_cm: crate::figure::printed_cm(&problem.question.figures),
            });
            LatexText {
                intro,
                parts,
                steps,
                space,
            }
        });
        Ok(Placed {
            problem,
            layout,
            text: ProblemText {
                intro,
                parts,
                latex,
            },
        })
    }
}

impl Placed {
    /// Whether a document shows a figure of this problem: one of its question, or (`solutions`)
    /// one of its solution.
    pub fn shows_figures(&self, solutions: bool) -> bool {
        !self.problem.question.figures.is_empty()
            || (solutions && !self.problem.solution.figures.is_empty())
    }

    /// The LaTeX text (a placed problem converted without it is a bug of the caller).
    pub fn latex(&self) -> &LatexText {
        self.text
            .latex
            .as_ref()
            .expect("LaTeX and JSON views get problems placed with their LaTeX")
    }
}
