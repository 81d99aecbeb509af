//! Views of the [`Problem`] model: Markdown, LaTeX (`exam` class) and JSON.
//!
//! One path for every output: a problem is [placed](Renderer::place) once (its question
//! rendered from its family's template, its text converted to LaTeX when a view needs it); the
//! Markdown and LaTeX views ([`ProblemView`]) and the JSON view ([`JsonProblem`]) borrow that
//! text. Documents are written one problem at a time ([`Renderer::write_document`],
//! [`Document`]); JSON is written by serde_json.
//!
//! Templates (Tera 2) lay out text; numbers and formulas arrive already written. All templates,
//! Markdown and LaTeX alike, use one syntax so LaTeX braces never clash with Tera's:
//! `<< value >>` for values, `<% if ... %>` for tags and `<# ... #>` for comments.

mod document;
mod guard;
pub mod html;
pub mod inert;
mod json;
pub mod markup;
pub mod moodle;
mod placed;
pub mod template_names;
mod templates;
mod view;

use std::path::Path;

use serde::Serialize;
use tera::{Context, Delimiters, Kwargs, State, Tera};

use crate::error::{Error, Result};
use crate::solution::Problem;

pub use document::Document;
pub use json::{Generator, JsonDocument, JsonProblem, SCHEMA, Streamed};
pub use placed::{LatexText, Layout, Placed, ProblemText};
pub use view::{PartView, ProblemView, StepView};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Markdown with `$...$` math.
    #[default]
    Markdown,
    /// LaTeX on the `exam` class.
    Latex,
    /// JSON (`dlexam/1`).
    Json,
    /// A self-checking practice page (HTML with MathML, see [`html`]).
    Html,
    /// A Moodle XML question bank of cloze questions (see [`moodle`]).
    Moodle,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Latex => "tex",
            Format::Json => "json",
            Format::Html => "html",
            Format::Moodle => "xml",
        }
    }

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Moodle => "moodle",
            other => other.extension(),
        }
    }

    /// Whether problems are placed with their LaTeX for this format.
    pub fn needs_latex(self) -> bool {
        matches!(self, Format::Latex | Format::Json)
    }
}

/// The student an individual exam is for.
#[derive(Clone, Debug, Serialize)]
pub struct Student {
    /// Roster id.
    pub id: String,
    /// Name (may be empty).
    pub name: String,
    /// Version code printed on the cover.
    pub version: String,
}

/// What a document holds besides its problems.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DocumentInfo {
    /// Title.
    pub title: String,
    /// Course line.
    pub course: String,
    /// Date line.
    pub date: String,
    /// Instructions (neutral markup).
    pub instructions: String,
    /// The exam seed: printed on answer keys only, as `exam_seed` (never on the student's exam).
    #[serde(skip)]
    pub exam_seed: Option<u64>,
    /// The student, for individual exams.
    pub student: Option<Student>,
    /// Whether a sheet prints the score table (an exam with points always does).
    pub score_table: bool,
}

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Format.
    pub format: Format,
    /// Include worked solutions (`\printanswers` in LaTeX).
    pub solutions: bool,
    /// LaTeX only: the questions alone, for pasting into another document.
    pub fragment: bool,
}

/// Renders problems through the templates.
pub struct Renderer {
    tera: Tera,
    /// Names of the templates the user supplied: their errors are input errors (exit 2).
    user_templates: Vec<String>,
}

impl Renderer {
    /// The built-in document templates and the families' question templates (`questions`:
    /// (family id, source) pairs, as `problems::question_templates` gives them), each
    /// overridden by name by the files of `user_dir` (if given).
    pub fn new(user_dir: Option<&Path>, questions: &[(&str, &'static str)]) -> Result<Renderer> {
        let mut tera = Tera::default();
        tera.set_delimiters(Delimiters {
            block_start: "<%".into(),
            block_end: "%>".into(),
            variable_start: "<<".into(),
            variable_end: ">>".into(),
            comment_start: "<#".into(),
            comment_end: "#>".into(),
        })
        .map_err(|e| Error::Template(e.to_string()))?;
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_filter("tex_escape", |s: &str, _: Kwargs, _: &State| {
            markup::escape_text(s)
        });
        tera.register_filter("md_escape", |s: &str, _: Kwargs, _: &State| {
            inert::md_text(s)
        });
        let sources = templates::load(user_dir, questions)?;
        if let Some(dir) = user_dir {
            template_names::check_user_dir(dir, questions)?;
        }
        let user_templates: Vec<String> = sources
            .iter()
            .filter(|s| s.user)
            .map(|s| s.name.clone())
            .collect();
        tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
            .map_err(|e| {
                let message = template_names::describe(None, &e);
                if user_templates.is_empty() {
                    Error::Template(message)
                } else {
                    Error::Invalid(message)
                }
            })?;
        Ok(Renderer {
            tera,
            user_templates,
        })
    }

    /// Renders a named template with a context.
    pub fn render_template(&self, name: &str, context: &Context) -> Result<String> {
        if !self.user_templates.is_empty() {
            // User templates are code: bounded output, time and memory (see `guard`).
            return guard::render_limited(name, |out| self.tera.render_to(name, context, out))
                .map_err(|e| match e {
                    None => guard::too_much_output(name),
                    Some(e) => Error::Invalid(template_names::describe(Some(name), &e)),
                });
        }
        self.tera
            .render(name, context)
            .map_err(|e| self.template_error(template_names::describe(Some(name), &e)))
    }

    /// A template that failed: the user's input error when they supplied templates (exit 2).
    fn template_error(&self, message: String) -> Error {
        if self.user_templates.is_empty() {
            Error::Template(message)
        } else {
            Error::Invalid(message)
        }
    }

    /// The question of a problem in neutral markup: (intro, parts).
    pub fn question(&self, problem: &Problem) -> Result<(String, Vec<String>)> {
        let name = templates::question_name(&problem.family);
        let facts = problem.question.facts.as_object().ok_or_else(|| {
            Error::Template(format!("{name}: question facts are not a JSON object"))
        })?;
        // Fact by fact: `Context::from_serialize` would build the whole map and then copy it.
        let mut context = Context::new();
        for (key, value) in facts {
            context.insert(key.clone(), value);
        }
        context.insert("variant", &problem.variant);
        context.insert("difficulty", &problem.difficulty);
        let text = self.render_template(&name, &context)?;
        Ok(split_parts(&text))
    }
}

/// Splits rendered question markup at `%%part` marker lines into the intro and the parts.
fn split_parts(text: &str) -> (String, Vec<String>) {
    let mut pieces = text.split("\n%%part\n");
    let intro = pieces.next().unwrap_or_default().trim().to_string();
    let parts = pieces
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (intro, parts)
}
