//! Documents written one problem at a time. A Markdown or LaTeX document is its frame
//! (`document.md`, `document.tex` or `fragment.tex`, rendered once with `<< problems >>` standing
//! for the problems) around each problem rendered by `problem.md` or `problem.tex`; a JSON
//! document is serialized by serde_json, its problems drawn as it writes them.

use std::borrow::Borrow;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use tera::Context;

use super::figures::{self, FigureFile, MarkdownFigures};
use super::json::{JsonDocument, Streamed};
use super::moodle::{Bank, family_category};
use super::placed::Placed;
use super::view::ProblemView;
use super::{DocumentInfo, Format, Options, Renderer, markup};
use crate::error::{Error, Result};
use crate::num::DECIMAL_PLACES;

/// What the frame's `<< problems >>` renders as, to be cut out: no template writes it.
const PROBLEMS_MARK: &str = "\u{1}dlexam:problems\u{1}";

/// A Markdown or LaTeX document: its frame, split where the problems go, and the context its
/// problems are rendered in.
pub struct Document<'r> {
    renderer: &'r Renderer,
    format: Format,
    head: String,
    tail: String,
    problem_template: &'static str,
    context: Context,
    solutions: bool,
    figures: MarkdownFigures,
}

impl Renderer {
    /// The Markdown or LaTeX document of `options` (JSON and HTML give Markdown) with `info`; `points`
    /// are the points of all its problems (for the totals in the frame; empty if ungraded).
    pub fn document(
        &self,
        info: &DocumentInfo,
        points: &[Option<u32>],
        options: Options,
    ) -> Result<Document<'_>> {
        let format = match options.format {
            Format::Latex => Format::Latex,
            Format::Markdown | Format::Json | Format::Html | Format::Moodle => Format::Markdown,
        };
        let mut context = Context::new();
        context.insert("info", info);
        context.insert("solutions", &options.solutions);
        context.insert("figures", &options.figures);
        context.insert("graded", &points.iter().any(Option::is_some));
        context.insert("total_points", &points.iter().flatten().sum::<u32>());
        let (frame, problem_template) = if format == Format::Latex {
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
            let frame = if options.fragment {
                "fragment.tex"
            } else {
                "document.tex"
            };
            (frame, "problem.tex")
        } else {
            context.insert("instructions", &super::inert::md_text(&info.instructions));
            ("document.md", "problem.md")
        };
        // The exam seed is printed on answer keys only.
        if let Some(seed) = info.exam_seed.filter(|_| options.solutions) {
            context.insert("exam_seed", &seed);
        }
        context.insert("problems", PROBLEMS_MARK);
        let text = self.render_template(frame, &context)?;
        let mut pieces = text.split(PROBLEMS_MARK);
        let (Some(head), Some(tail), None) = (pieces.next(), pieces.next(), pieces.next()) else {
            return Err(self.template_error(format!(
                "template {frame}: must write `<< problems >>` exactly once, where the problems go"
            )));
        };
        Ok(Document {
            renderer: self,
            format,
            head: head.to_string(),
            tail: tail.to_string(),
            problem_template,
            context,
            solutions: options.solutions,
            figures: MarkdownFigures::default(),
        })
    }

    /// Writes a whole document in the format of `options` into `out` (write errors name
    /// `path`), drawing its problems from `problems` one at a time: each is written before the
    /// next is drawn, so a document of any length takes the memory of one problem. `points` as
    /// for [`Renderer::document`]. The problems must be placed for the format (see
    /// [`Renderer::place`]). A Markdown document shows its figures as SVG files beside
    /// `figures_beside` (the document's file; handed back to be written with it), else inline.
    #[allow(clippy::too_many_arguments)]
    pub fn write_document<P>(
        &self,
        mut out: impl Write,
        path: &Path,
        figures_beside: Option<&Path>,
        info: &DocumentInfo,
        points: &[Option<u32>],
        options: Options,
        problems: impl Iterator<Item = Result<P>>,
    ) -> Result<Vec<FigureFile>>
    where
        P: Borrow<Placed> + Serialize,
    {
        if options.format == Format::Json {
            let problems = Streamed::new(problems);
            problems.write_json(&JsonDocument::new(&problems), out, path)?;
            return Ok(Vec::new());
        }
        if options.format == Format::Html {
            super::html::write_page(out, path, info, problems)?;
            return Ok(Vec::new());
        }
        if options.format == Format::Moodle {
            // Problems made alone: each in its family's category (see `moodle`).
            let mut bank = Bank::new(out, path)?;
            for placed in problems {
                let placed = placed?;
                let names = family_category(placed.borrow());
                bank.category(&names.each_ref().map(String::as_str))?;
                bank.question(placed.borrow(), DECIMAL_PLACES)?;
            }
            bank.finish()?;
            return Ok(Vec::new());
        }
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut document = self.document(info, points, options)?;
        document.figures = MarkdownFigures::new(figures_beside);
        out.write_all(document.head().as_bytes()).map_err(io)?;
        for (i, placed) in problems.enumerate() {
            let text = document.problem(i + 1, placed?.borrow())?;
            out.write_all(text.as_bytes()).map_err(io)?;
        }
        out.write_all(document.tail().as_bytes()).map_err(io)?;
        Ok(document.figures.take_files())
    }
}

impl Renderer {
    /// A whole document of problems placed for its format, as text (for documents that go
    /// whole to pdflatex, or to several files at once), and the figure files of a Markdown
    /// document written to `figures_beside` (see [`Renderer::write_document`]).
    pub fn document_text(
        &self,
        info: &DocumentInfo,
        placed: &[Placed],
        options: Options,
        figures_beside: Option<&Path>,
    ) -> Result<(String, Vec<FigureFile>)> {
        let points: Vec<Option<u32>> = placed.iter().map(|p| p.layout.points).collect();
        let mut text = Vec::new();
        let problems = placed.iter().map(Ok);
        let path = Path::new("<memory>");
        let files = self.write_document(
            &mut text,
            path,
            figures_beside,
            info,
            &points,
            options,
            problems,
        )?;
        let text = String::from_utf8(text).expect("documents are written from UTF-8 text");
        Ok((text, files))
    }
}

impl Document<'_> {
    /// The text before the problems.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// The text after the problems.
    pub fn tail(&self) -> &str {
        &self.tail
    }

    /// The text of the problem at position `number` (1-based).
    pub fn problem(&mut self, number: usize, placed: &Placed) -> Result<String> {
        let mut view = ProblemView::new(placed, number, self.format);
        let problem = &placed.problem;
        let shown = problem.question.figures.iter().map(|f| (f, false));
        let solved = problem.solution.figures.iter().map(|f| (f, true));
        for (figure, in_solution) in shown.chain(solved.filter(|_| self.solutions)) {
            let text = match self.format {
                Format::Latex => figures::latex(figure),
                _ => self.figures.show(figure),
            };
            match in_solution {
                false => view.figures.push(text),
                true => view.solution_figures.push(text),
            }
        }
        self.context.insert("p", &view);
        self.renderer
            .render_template(self.problem_template, &self.context)
    }
}
