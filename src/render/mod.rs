//! Views of the [`Problem`] model: Markdown, LaTeX (`exam` class) and JSON.
//!
//! Templates (Tera 2) lay out text; numbers and formulas arrive already written. All templates,
//! Markdown and LaTeX alike, use one syntax so LaTeX braces never clash with Tera's:
//! `<< value >>` for values, `<% if ... %>` for tags and `<# ... #>` for comments.

mod guard;
pub mod inert;
mod json;
pub mod json_text;
pub mod markup;
pub mod template_names;
mod templates;
mod view;

use std::path::Path;

use serde::Serialize;
use tera::{Context, Delimiters, Kwargs, State, Tera};

use crate::error::{Error, Result};
use crate::solution::Problem;
use crate::space::Space;

pub use json::{JsonProblem, generator_json, problem_json, problem_json_from};
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
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Latex => "tex",
            Format::Json => "json",
        }
    }
}

/// A problem placed in a document, with its points, title and answer space.
#[derive(Clone, Debug)]
pub struct Placed<'a> {
    /// The problem.
    pub problem: &'a Problem,
    /// Points, when the document is graded.
    pub points: Option<u32>,
    /// The title printed above it (None: the family's title).
    pub title: Option<&'a str>,
    /// Room for the student's answer (LaTeX).
    pub space: Space,
}

impl<'a> Placed<'a> {
    /// A problem with the family's title and no answer space (`gen`, `solve`).
    pub fn plain(problem: &'a Problem, points: Option<u32>) -> Self {
        Placed {
            problem,
            points,
            title: None,
            space: Space::None,
        }
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

/// A problem's question (neutral markup) and its LaTeX, converted once: what the LaTeX view
/// ([`ProblemView::from_converted`]) and the JSON view ([`problem_json_from`]) of the same
/// problem share.
#[derive(Clone, Debug)]
pub struct Converted {
    /// The question's introduction (neutral markup).
    pub intro: String,
    /// The sub-questions (neutral markup).
    pub parts: Vec<String>,
    /// The introduction in LaTeX.
    pub tex_intro: String,
    /// The sub-questions in LaTeX.
    pub tex_parts: Vec<String>,
    /// The worked steps' bodies in LaTeX.
    pub tex_steps: Vec<String>,
}

/// Renders problems through the templates.
pub struct Renderer {
    tera: Tera,
    /// Names of the templates the user supplied: their errors are input errors (exit 2).
    user_templates: Vec<String>,
}

impl Renderer {
    /// The built-in templates, overridden by name by the files of `user_dir` (if given).
    pub fn new(user_dir: Option<&Path>) -> Result<Renderer> {
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
        let sources = templates::load(user_dir)?;
        if let Some(dir) = user_dir {
            template_names::check_user_dir(dir)?;
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
        self.tera.render(name, context).map_err(|e| {
            let message = template_names::describe(Some(name), &e);
            if self.user_templates.is_empty() {
                Error::Template(message)
            } else {
                Error::Invalid(message)
            }
        })
    }

    /// The question of a problem in neutral markup: (intro, parts).
    pub fn question(&self, problem: &Problem) -> Result<(String, Vec<String>)> {
        let name = format!("{}/question.md", problem.family.replace('-', "_"));
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

    /// Renders a problem's question and converts it and its steps to LaTeX, once.
    pub fn convert(&self, problem: &Problem) -> Result<Converted> {
        let (intro, parts) = self.question(problem)?;
        Ok(Converted {
            tex_intro: markup::to_latex(&intro),
            tex_parts: parts.iter().map(|p| markup::to_latex(p)).collect(),
            tex_steps: problem
                .solution
                .steps
                .iter()
                .map(|s| markup::to_latex(&s.body))
                .collect(),
            intro,
            parts,
        })
    }

    /// LaTeX documents (one per entry of `solutions`: an exam and its key) and the JSON view of
    /// the same problems (with their points), converting each problem only once.
    pub fn latex_and_json<'a>(
        &self,
        info: &DocumentInfo,
        problems: &[Placed<'a>],
        solutions: &[bool],
    ) -> Result<(Vec<String>, Vec<JsonProblem<'a>>)> {
        let converted = problems
            .iter()
            .map(|p| self.convert(p.problem))
            .collect::<Result<Vec<_>>>()?;
        let views: Vec<ProblemView> = problems
            .iter()
            .zip(&converted)
            .enumerate()
            .map(|(i, (p, c))| ProblemView::from_converted(p, i + 1, c))
            .collect();
        let json = problems
            .iter()
            .zip(converted)
            .map(|(p, c)| problem_json_from(p.problem, c).with_points(p.points))
            .collect();
        let options = Options {
            format: Format::Latex,
            solutions: false,
            fragment: false,
        };
        Ok((
            self.render_views(info, problems, &views, options, solutions)?,
            json,
        ))
    }

    /// Renders a whole document in the format of `options`.
    pub fn document(
        &self,
        info: &DocumentInfo,
        problems: &[Placed<'_>],
        options: Options,
    ) -> Result<String> {
        match options.format {
            Format::Json => {
                let list: Result<Vec<JsonProblem>> = problems
                    .iter()
                    .map(|p| Ok(problem_json(self, p.problem)?.with_points(p.points)))
                    .collect();
                let doc = serde_json::json!({
                    "schema": "dlexam/1",
                    "generator": generator_json(),
                    "problems": list?,
                });
                Ok(serde_json::to_string_pretty(&doc).expect("JSON serializes") + "\n")
            }
            Format::Markdown | Format::Latex => {
                let mut texts = self.documents(info, problems, options, &[options.solutions])?;
                Ok(texts.pop().unwrap_or_default())
            }
        }
    }

    /// Renders a Markdown or LaTeX document once per entry of `solutions` (an exam and its key:
    /// `&[false, true]`), building the problem views only once. `options.solutions` is ignored.
    pub fn documents(
        &self,
        info: &DocumentInfo,
        problems: &[Placed<'_>],
        options: Options,
        solutions: &[bool],
    ) -> Result<Vec<String>> {
        let format = match options.format {
            Format::Json => Format::Markdown,
            f => f,
        };
        let views = problems
            .iter()
            .enumerate()
            .map(|(i, p)| ProblemView::new(self, p, i + 1, format))
            .collect::<Result<Vec<_>>>()?;
        self.render_views(
            info,
            problems,
            &views,
            Options { format, ..options },
            solutions,
        )
    }

    /// Renders views through `document.tex`, `fragment.tex` or `document.md`, once per entry
    /// of `solutions`.
    fn render_views(
        &self,
        info: &DocumentInfo,
        problems: &[Placed<'_>],
        views: &[ProblemView],
        options: Options,
        solutions: &[bool],
    ) -> Result<Vec<String>> {
        let format = options.format;
        let mut context = Context::new();
        context.insert("info", info);
        context.insert("problems", views);
        context.insert(
            "total_points",
            &problems.iter().filter_map(|p| p.points).sum::<u32>(),
        );
        context.insert("graded", &problems.iter().any(|p| p.points.is_some()));
        let name = if format == Format::Latex {
            context.insert("instructions", &markup::to_latex(&info.instructions));
            if let Some(student) = &info.student {
                let escaped = markup::escape_text(&student.name);
                if crate::roster::needs_unicode_engine(&student.name) {
                    context.insert("name_font", crate::roster::name_font(&student.name));
                    context.insert("student_name", &format!("{{\\dlexamnamefont {escaped}}}"));
                } else {
                    context.insert("student_name", &escaped);
                }
            }
            if options.fragment {
                "fragment.tex"
            } else {
                "document.tex"
            }
        } else {
            context.insert("instructions", &inert::md_text(&info.instructions));
            "document.md"
        };
        solutions
            .iter()
            .map(|s| {
                context.insert("solutions", s);
                match info.exam_seed.filter(|_| *s) {
                    Some(seed) => context.insert("exam_seed", &seed),
                    None => {
                        context.remove("exam_seed");
                    }
                }
                self.render_template(name, &context)
            })
            .collect()
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
