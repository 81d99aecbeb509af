//! Runs a parsed command line: validates it once, calls the library, writes the output.

use std::path::Path;

use crate::cli::{
    Cli, Command, DifficultyArg, DocFormat, ExamArgs, GenArgs, GradeArgs, ListFormat, OutputArgs,
    SheetArgs, SolveArgs, TemplatesCommand, VarietyArgs,
};
use crate::deliver::{Rendered, check, deliver};
use crate::error::Result;
use crate::exam::ExamConfig;
use crate::grade::GradeConfig;
use crate::output::{Sink, write_output};
use crate::problems::{self, FAMILIES};
use crate::render::{DocumentInfo, Format, Layout, Options, Placed, Renderer};
use crate::seed;
use crate::sheet::SheetConfig;
use crate::solution::Difficulty;
use crate::space::Space;
use crate::target::{self, Destination, Request, Requested};

/// Runs one command; returns the exit code of a command that finished: 0, or
/// [`crate::grade::CHECK_BY_HAND`] when `grade` leaves answers to check by hand.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::List { format } => list(format),
        Command::Gen(args) => gen_command(&args),
        Command::Solve(args) => solve_command(&args),
        Command::Sheet(args) => crate::sheet::run(&sheet_config(args)?, &say),
        Command::Exam(args) => exam_command(args),
        Command::Grade(args) => return crate::grade::run(&grade_config(args), &say),
        Command::Variety(args) => variety_command(args),
        Command::Templates(action) => templates_command(action),
        Command::Completions { shell } => crate::manual::completions(shell),
        Command::Man { command } => crate::manual::man_page(command.as_deref()),
    }
    .map(|()| 0)
}

/// Messages for the user: stderr.
fn say(line: &str) {
    eprintln!("{line}");
}

fn requested(format: DocFormat) -> Requested {
    match format {
        DocFormat::Md => Requested::Text(Format::Markdown),
        DocFormat::Tex => Requested::Text(Format::Latex),
        DocFormat::Json => Requested::Text(Format::Json),
        DocFormat::Pdf => Requested::Pdf,
        DocFormat::Moodle => Requested::Text(Format::Moodle),
        DocFormat::Html => Requested::Text(Format::Html),
    }
}

/// The destination of the document that `option` (`-o`, `--key`) names, with the output flags.
fn destination(out: &OutputArgs, option: &str, path: Option<&Path>) -> Result<Destination> {
    target::resolve(Request {
        option,
        path,
        format: out.format.map(requested),
        pdf: out.pdf,
        fragment: out.fragment,
    })
}

fn sheet_config(a: SheetArgs) -> Result<SheetConfig> {
    let output = destination(&a.output, "-o", a.output.output.as_deref())?;
    let key = match &a.key {
        Some(path) => Some(destination(&a.output, "--key", Some(path))?),
        None => None,
    };
    Ok(SheetConfig {
        spec: a.spec,
        seed: a.seed,
        solutions: a.solutions,
        fragment: a.output.fragment,
        output,
        key,
        force: a.output.force,
        templates: a.output.templates,
        space: a.output.space,
        difficulty: a.difficulty.map(Difficulty::from),
        figures: !a.output.no_figures,
        choices: a.choices,
        variants: a.variants,
    })
}

fn exam_command(a: ExamArgs) -> Result<()> {
    let config = ExamConfig {
        roster: a.roster,
        out_dir: a.out_dir,
        spec: a.spec,
        seed: a.seed,
        only: a.only,
        pdf: a.pdf,
        force: a.force,
        templates: a.templates,
        figures: !a.no_figures,
        choices: a.choices,
    };
    let report = crate::exam::run(&config, &say)?;
    if let Some((count, took)) = report.pdfs {
        say(&format!(
            "dlexam: compiled {count} PDFs with pdflatex in {:.1} s",
            took.as_secs_f64()
        ));
    }
    let what = match &config.only {
        Some(id) => format!("the exam and key of {id}"),
        None if report.pdfs.is_some() => format!(
            "{} exams and keys, class.pdf and keys.pdf (every exam and key, in roster order)",
            report.exams
        ),
        None => format!("{} exams and keys", report.exams),
    };
    say(&format!(
        "dlexam: wrote {} files to {}: {what}, keys.json and manifest.csv for {} students (exam seed {})",
        report.files,
        config.out_dir.display(),
        report.students,
        report.seed
    ));
    Ok(())
}

fn variety_command(a: VarietyArgs) -> Result<()> {
    let config = crate::variety::VarietyConfig {
        spec: a.spec,
        students: a.students as usize,
        seed: a.seed,
    };
    let report = crate::variety::run(&config, &say)?;
    write_output(None, &report, false)
}

fn grade_config(a: GradeArgs) -> GradeConfig {
    GradeConfig {
        key: a.key,
        answers: a.answers,
        output: a.output,
        details: a.details,
        report: a.report,
        template: a.template,
        force: a.force,
    }
}

fn list(format: ListFormat) -> Result<()> {
    let text = match format {
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = FAMILIES
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "id": f.id(),
                        "title": f.title(),
                        "difficulties": Difficulty::ALL.iter().map(|d| d.name()).collect::<Vec<_>>(),
                        "variants": f.variants(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&items).expect("JSON serializes") + "\n"
        }
        ListFormat::Text => {
            let mut out = String::new();
            let width = FAMILIES.iter().map(|f| f.id().len()).max().unwrap_or(0);
            for f in FAMILIES {
                out.push_str(&format!(
                    "{:<width$} {}\n{:<width$} variants: {}\n",
                    f.id(),
                    f.title(),
                    "",
                    f.variants().join(", ")
                ));
            }
            out.push_str("\nDifficulties: exam (default), practice, hard. Try: dlexam gen conv-params --solutions\n");
            out
        }
    };
    write_output(None, &text, false)
}

impl From<DifficultyArg> for Difficulty {
    fn from(d: DifficultyArg) -> Self {
        match d {
            DifficultyArg::Exam => Difficulty::Exam,
            DifficultyArg::Practice => Difficulty::Practice,
            DifficultyArg::Hard => Difficulty::Hard,
        }
    }
}

/// The destination of `-o` (checked: writable, tools present) and the render options for it.
fn render_options(out: &OutputArgs, solutions: bool) -> Result<(Destination, Options)> {
    let destination = destination(out, "-o", out.output.as_deref())?;
    check(&[("-o", &destination)], &[], out.force)?;
    let options = Options {
        format: destination.format(),
        solutions,
        fragment: out.fragment,
        figures: false,
    };
    Ok((destination, options))
}

/// Writes one rendered document to its destination.
fn write_document(destination: Destination, text: String, force: bool) -> Result<()> {
    let document = Rendered {
        option: "-o",
        destination,
        text,
        label: "the document".into(),
        figures: Vec::new(),
    };
    deliver(&[document], force)
}

/// Writes the document of `gen` or `solve`: to stdout or a file one problem at a time, so its
/// memory does not grow with `--count`; a PDF is compiled from the whole LaTeX at once. The
/// document shows figures (LaTeX loads TikZ) when its first problem does: every problem of a
/// family draws the same figures (`problems::tests`). A Markdown file's figures are SVG files
/// beside it, written before the document is moved into place.
fn write_problems(
    renderer: &Renderer,
    destination: Destination,
    info: &DocumentInfo,
    mut options: Options,
    force: bool,
    problems: impl Iterator<Item = Result<Placed>>,
) -> Result<()> {
    let mut problems = problems.peekable();
    if let Some(Ok(first)) = problems.peek() {
        options.figures = first.shows_figures(options.solutions);
    }
    let file = match &destination {
        Destination::Stdout(_) => None,
        Destination::File(path, _) => Some(path.as_path()),
        Destination::Pdf { .. } => {
            let placed = problems.collect::<Result<Vec<_>>>()?;
            let (text, _) = renderer.document_text(info, &placed, options, None)?;
            return write_document(destination, text, force);
        }
    };
    let beside = file.filter(|_| options.format == Format::Markdown);
    let mut sink = Sink::create(file, force)?;
    let path = sink.path().to_path_buf();
    let figures =
        renderer.write_document(&mut sink, &path, beside, info, &[], options, problems)?;
    write_figures(&figures, force)?;
    sink.finish()
}

/// Writes the SVG files of a Markdown document's figures, all or none (each refused if it
/// exists, unless `force`).
fn write_figures(figures: &[crate::render::FigureFile], force: bool) -> Result<()> {
    let files: Vec<(&str, &Path, &[u8])> = figures
        .iter()
        .map(|f| ("figure", f.path.as_path(), f.svg.as_bytes()))
        .collect();
    crate::output::write_files(&files, force)
}

fn gen_command(args: &GenArgs) -> Result<()> {
    let family = problems::find(&args.family)?;
    if let Some(v) = &args.variant {
        problems::check_variant(family, v)?;
        problems::check_offered(family, v, Difficulty::from(args.difficulty))?;
    }
    let (destination, options) = render_options(&args.output, args.solutions)?;
    if options.format == Format::Html && !options.solutions {
        say(crate::render::html::HOLDS_ANSWERS);
    }
    let renderer = Renderer::new(
        args.output.templates.as_deref(),
        &problems::question_templates(),
    )?
    .with_figures(!args.output.no_figures);
    let base = match args.seed {
        Some(s) => s,
        None => {
            let s = seed::fresh();
            eprintln!("dlexam: using seed {s} (pass --seed {s} to make the same sheet again)");
            s
        }
    };
    let difficulty = Difficulty::from(args.difficulty);
    let layout = Layout {
        space: args.output.space.unwrap_or(Space::None),
        ..Layout::plain(None)
    };
    let info = DocumentInfo {
        title: format!(
            "{} ({} variant{}, seed {base})",
            family.title(),
            args.count,
            if args.count == 1 { "" } else { "s" }
        ),
        ..DocumentInfo::default()
    };
    // One problem at a time: generated, placed, written, dropped.
    let mut draws = problems::DistinctDraws::new(family, base, difficulty, args.variant.as_deref());
    let problems = (0..args.count as usize).map(|i| {
        let mut problem = draws.draw(i)?;
        if args.choices {
            problems::choice::with_choices(&mut problem);
        }
        renderer.place(problem, layout.clone(), options.format)
    });
    write_problems(
        &renderer,
        destination,
        &info,
        options,
        args.output.force,
        problems,
    )
}

fn solve_command(args: &SolveArgs) -> Result<()> {
    let family = problems::find(&args.family)?;
    let (destination, options) = render_options(&args.output, true)?;
    if let Some(input) = args.params.strip_prefix('@') {
        check(
            &[("-o", &destination)],
            &[("--params", Path::new(input))],
            args.output.force,
        )?;
    }
    let params = problems::params::read_params_arg(&args.params)?;
    let renderer = Renderer::new(
        args.output.templates.as_deref(),
        &problems::question_templates(),
    )?
    .with_figures(!args.output.no_figures);
    let problem = problems::solve(family, &params, Difficulty::Exam)?;
    let info = DocumentInfo {
        title: family.title().to_string(),
        ..DocumentInfo::default()
    };
    let layout = Layout {
        space: args.output.space.unwrap_or(Space::None),
        ..Layout::plain(None)
    };
    let placed = renderer.place(problem, layout, options.format)?;
    let problems = std::iter::once(Ok(placed));
    write_problems(
        &renderer,
        destination,
        &info,
        options,
        args.output.force,
        problems,
    )
}

fn templates_command(action: TemplatesCommand) -> Result<()> {
    match action {
        TemplatesCommand::List => {
            let names: String =
                crate::render::template_names::built_in(&problems::question_templates())
                    .into_iter()
                    .map(|(name, _)| format!("{name}\n"))
                    .collect();
            write_output(None, &names, false)
        }
        TemplatesCommand::Export { dir, force } => {
            let written = crate::template_export::export(&dir, force)?;
            say(&format!(
                "dlexam: wrote {} templates to {} (use them with --templates {})",
                written.len(),
                dir.display(),
                dir.display()
            ));
            Ok(())
        }
    }
}
