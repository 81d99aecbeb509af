//! `dlexam sheet`: a practice sheet from a spec (or the built-in one), in Markdown, LaTeX or
//! JSON, with the solutions inline (`--solutions`) or on a separate key (`--key FILE`).
//!
//! The problem at position `i` (0-based, after expanding `count`) is made by
//! `problems::generate_nth(family, seed, i, ..)`, as `gen` makes its `i`-th problem: the first
//! problem of a sheet with seed S is `gen <family> --seed S`.

use std::path::PathBuf;

use crate::error::Result;
use crate::output::{check_distinct, check_output, write_files, write_output};
use crate::render::{DocumentInfo, Format, Options, Placed, Renderer};
use crate::spec::Spec;
use crate::{problems, seed};

/// A parsed `dlexam sheet` command line.
#[derive(Clone, Debug, Default)]
pub struct SheetConfig {
    /// The spec (None: the built-in one).
    pub spec: Option<PathBuf>,
    /// The seed (else the spec's, else a fresh one).
    pub seed: Option<u64>,
    /// Output format.
    pub format: Format,
    /// Solutions inline.
    pub solutions: bool,
    /// Also write the sheet with solutions here.
    pub key: Option<PathBuf>,
    /// Output file (None: stdout).
    pub output: Option<PathBuf>,
    /// Replace existing files.
    pub force: bool,
    /// Template overrides.
    pub templates: Option<PathBuf>,
}

/// Runs `dlexam sheet`; `say` prints a line for the user (stderr).
pub fn run(config: &SheetConfig, say: &dyn Fn(&str)) -> Result<()> {
    let (spec, _) = Spec::load_or_built_in(config.spec.as_deref())?;
    let mut outputs: Vec<(&str, &std::path::Path)> = Vec::new();
    if let Some(path) = &config.output {
        outputs.push(("-o", path));
    }
    if let Some(key) = &config.key {
        outputs.push(("--key", key));
    }
    for (flag, path) in &outputs {
        check_output(flag, path, config.force)?;
    }
    let mut inputs: Vec<(&str, &std::path::Path)> = Vec::new();
    if let Some(spec) = &config.spec {
        inputs.push(("--spec", spec));
    }
    check_distinct(&outputs, &inputs)?;
    let renderer = Renderer::new(config.templates.as_deref())?;
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
    let generated = slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            problems::generate_nth(slot.family, base, i, slot.difficulty, slot.variant)
        })
        .collect::<Result<Vec<_>>>()?;
    let placed: Vec<Placed<'_>> = generated
        .iter()
        .zip(&slots)
        .map(|(p, slot)| Placed {
            problem: p,
            points: slot.points,
        })
        .collect();
    let info = DocumentInfo {
        title: spec.title.clone(),
        course: spec.course.clone(),
        date: spec.date.clone(),
        instructions: spec.instructions.clone(),
        exam_seed: None,
        student: None,
    };
    let options = Options {
        format: config.format,
        solutions: config.solutions,
        fragment: false,
    };
    let text = renderer.document(&info, &placed, options)?;
    let key_text = match &config.key {
        None => None,
        Some(_) => {
            let key_info = DocumentInfo {
                title: format!("{} (solutions)", spec.title),
                ..info.clone()
            };
            Some(renderer.document(
                &key_info,
                &placed,
                Options {
                    solutions: true,
                    ..options
                },
            )?)
        }
    };
    // Both files or neither: written beside their targets first, renamed only when both are.
    match (&config.output, &config.key, &key_text) {
        (Some(out), Some(key), Some(key_text)) => write_files(
            &[
                ("-o", out, text.as_bytes()),
                ("--key", key, key_text.as_bytes()),
            ],
            config.force,
        ),
        (None, Some(key), Some(key_text)) => {
            write_files(&[("--key", key, key_text.as_bytes())], config.force)?;
            write_output(None, &text, config.force)
        }
        _ => write_output(config.output.as_deref(), &text, config.force),
    }
}
