//! `dlexam sheet`: a practice sheet from a spec (or the built-in one), in Markdown, LaTeX or
//! JSON, with the solutions inline (`--solutions`) or on a separate key (`--key FILE`), or a
//! Moodle question bank with `--variants` questions per problem ([`moodle`]).
//!
//! The problem at position `i` (0-based, after expanding `count`) is made by
//! `problems::generate_nth(family, seed, i, ..)`, as `gen` makes its `i`-th problem: the first
//! problem of a sheet with seed S is `gen <family> --seed S`.

mod moodle;

use std::path::PathBuf;

use crate::deliver::{Rendered, check, deliver};
use crate::error::Result;
use crate::exam::slot_layout;
use crate::render::{DocumentInfo, Format, Layout, Options, Renderer};
use crate::space::Space;
use crate::spec::Spec;
use crate::target::Destination;
use crate::{problems, seed};

/// A parsed `dlexam sheet` command line.
#[derive(Clone, Debug)]
pub struct SheetConfig {
    /// The spec (None: the built-in one).
    pub spec: Option<PathBuf>,
    /// The seed (else the spec's, else a fresh one).
    pub seed: Option<u64>,
    /// Solutions inline.
    pub solutions: bool,
    /// LaTeX only: the questions alone, for pasting into another document.
    pub fragment: bool,
    /// Where the sheet goes, in which format.
    pub output: Destination,
    /// Where the sheet with solutions goes, if wanted.
    pub key: Option<Destination>,
    /// Replace existing files.
    pub force: bool,
    /// Template overrides.
    pub templates: Option<PathBuf>,
    /// `--space`: the answer space of every problem, over the spec's.
    pub space: Option<Space>,
    /// `--difficulty`: the difficulty of every problem, over the spec's.
    pub difficulty: Option<problems::Difficulty>,
    /// Draw the problems' figures (`--no-figures`: false).
    pub figures: bool,
    /// `--choices`: every problem's numeric answers as single choice.
    pub choices: bool,
    /// `--variants`: questions per problem in a Moodle bank.
    pub variants: Option<u32>,
}

/// Runs `dlexam sheet`; `say` prints a line for the user (stderr).
pub fn run(config: &SheetConfig, say: &dyn Fn(&str)) -> Result<()> {
    let is_bank = |d: &Destination| d.format() == Format::Moodle;
    if config.variants.is_some() && !is_bank(&config.output) && !config.key.iter().any(is_bank) {
        return Err(crate::Error::invalid(
            "--variants: only a Moodle bank holds several variants of each problem: add --format moodle or -o FILE.xml",
        ));
    }
    let (mut spec, _) = Spec::load_or_built_in(config.spec.as_deref())?;
    if config.choices {
        spec = spec.all_choices();
    }
    let mut destinations = vec![("-o", &config.output)];
    destinations.extend(config.key.iter().map(|k| ("--key", k)));
    let inputs: Vec<(&str, &std::path::Path)> = config
        .spec
        .iter()
        .map(|s| ("--spec", s.as_path()))
        .collect();
    check(&destinations, &inputs, config.force)?;
    if config.output.format() == Format::Html && !config.solutions {
        say(crate::render::html::HOLDS_ANSWERS);
    }
    let renderer = Renderer::new(config.templates.as_deref(), &problems::question_templates())?
        .with_figures(config.figures && spec.figures);
    let base = match config.seed.or(spec.seed) {
        Some(s) => s,
        None => {
            let s = seed::fresh();
            say(&format!(
                "dlexam: using seed {s} (pass --seed {s} to make the same sheet again)"
            ));
            s
        }
    };
    let slots = spec.slots();
    // A sheet is short: its problems are placed once (with their LaTeX if a document needs it)
    // and written into the sheet and the key.
    let formats = std::iter::once(&config.output).chain(&config.key);
    let format = match formats.map(Destination::format).any(Format::needs_latex) {
        true => Format::Latex,
        false => Format::Markdown,
    };
    let mut generated = slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            let difficulty = config.difficulty.unwrap_or(slot.difficulty);
            problems::generate_nth(slot.family, base, i, difficulty, slot.variant)
        })
        .collect::<Result<Vec<_>>>()?;
    crate::grade::weights::prepare(&mut generated, &slots)?;
    let placed = generated
        .into_iter()
        .zip(&slots)
        .map(|(problem, slot)| {
            let layout = Layout {
                space: config.space.unwrap_or(slot.space),
                ..slot_layout(slot)
            };
            renderer.place(problem, layout, format)
        })
        .collect::<Result<Vec<_>>>()?;
    let info = DocumentInfo {
        title: spec.title.clone(),
        course: spec.course.clone(),
        date: spec.date.clone(),
        instructions: spec.instructions.clone(),
        exam_seed: None,
        student: None,
        score_table: spec.score_table,
    };
    let options = |format: Format, solutions: bool| Options {
        format,
        solutions,
        fragment: config.fragment,
        figures: placed.iter().any(|p| p.shows_figures(solutions)),
    };
    // A Markdown file's figures are SVG files beside it.
    let beside = |d: &Destination| match d {
        Destination::File(path, Format::Markdown) => Some(path.clone()),
        _ => None,
    };
    let bank = || {
        let variants = config.variants.unwrap_or(1);
        moodle::bank(&renderer, &spec, &slots, base, variants, config.difficulty)
    };
    let (mut text, figures) = if is_bank(&config.output) {
        (bank()?, Vec::new())
    } else {
        renderer.document_text(
            &info,
            &placed,
            options(config.output.format(), config.solutions),
            beside(&config.output).as_deref(),
        )?
    };
    if config.output.format() == Format::Json && !config.solutions {
        text = without_answers(&text)?;
    }
    let mut documents = vec![Rendered {
        text,
        option: "-o",
        destination: config.output.clone(),
        label: "the sheet".into(),
        figures,
    }];
    if let Some(key) = &config.key {
        let key_info = DocumentInfo {
            title: format!("{} (solutions)", spec.title),
            ..info.clone()
        };
        let (text, figures) = if is_bank(key) {
            (bank()?, Vec::new())
        } else {
            renderer.document_text(
                &key_info,
                &placed,
                options(key.format(), true),
                beside(key).as_deref(),
            )?
        };
        documents.push(Rendered {
            text,
            option: "--key",
            destination: key.clone(),
            label: "the key".into(),
            figures,
        });
    }
    deliver(&documents, config.force)
}

/// A JSON sheet for students: every problem without its `answers` and `solution` (those are in
/// the `--key` file, or with `--solutions`); answers asked as single choice keep their options
/// (letter, value, LaTeX), without the right letter or the mistakes, as `choices`.
fn without_answers(json: &str) -> Result<String> {
    let mut doc: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| crate::Error::Template(format!("sheet JSON: {e}")))?;
    if let Some(problems) = doc.get_mut("problems").and_then(|p| p.as_array_mut()) {
        for problem in problems.iter_mut().filter_map(|p| p.as_object_mut()) {
            let asked = student_choices(problem.get("answers"));
            problem.remove("answers");
            problem.remove("solution");
            if !asked.is_empty() {
                problem.insert("choices".into(), serde_json::Value::Array(asked));
            }
        }
    }
    let text = serde_json::to_string_pretty(&doc)
        .map_err(|e| crate::Error::Template(format!("sheet JSON: {e}")))?;
    Ok(text + "\n")
}

/// The options of a problem's choice answers as a student may see them: `{id, label, options:
/// [{letter, value, latex}]}`.
fn student_choices(answers: Option<&serde_json::Value>) -> Vec<serde_json::Value> {
    let answers = answers.and_then(|a| a.as_array()).map_or(&[][..], |a| a);
    answers
        .iter()
        .filter_map(|a| {
            let options = a.get("choices")?.get("options")?.as_array()?;
            let options = options
                .iter()
                .map(|o| {
                    serde_json::json!({
                        "letter": o.get("letter"), "value": o.get("value"), "latex": o.get("latex")
                    })
                })
                .collect::<Vec<_>>();
            Some(
                serde_json::json!({"id": a.get("id"), "label": a.get("label"), "options": options}),
            )
        })
        .collect()
}
