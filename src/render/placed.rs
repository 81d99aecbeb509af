//! A problem placed in a document: the problem, its points and its text, converted once for
//! every view of it (the Markdown and LaTeX documents, the JSON).

use super::{Format, Renderer, markup};
use crate::error::Result;
use crate::solution::Problem;

/// A problem in a document, with its text already written.
#[derive(Clone, Debug)]
pub struct Placed {
    /// The problem.
    pub problem: Problem,
    /// Points, when the document is graded.
    pub points: Option<u32>,
    /// Its text.
    pub text: ProblemText,
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
}

impl Renderer {
    /// Places a problem in a document of `format`: renders its question and, for the LaTeX and
    /// JSON views, converts its text to LaTeX.
    pub fn place(&self, problem: Problem, points: Option<u32>, format: Format) -> Result<Placed> {
        let (intro, parts) = self.question(&problem)?;
        let latex = (format != Format::Markdown).then(|| LatexText {
            intro: markup::to_latex(&intro),
            parts: parts.iter().map(|p| markup::to_latex(p)).collect(),
            steps: problem
                .solution
                .steps
                .iter()
                .map(|s| markup::to_latex(&s.body))
                .collect(),
        });
        Ok(Placed {
            problem,
            points,
            text: ProblemText {
                intro,
                parts,
                latex,
            },
        })
    }
}

impl Placed {
    /// The LaTeX text (a placed problem converted without it is a bug of the caller).
    pub fn latex(&self) -> &LatexText {
        self.text
            .latex
            .as_ref()
            .expect("LaTeX and JSON views get problems placed with their LaTeX")
    }
}
