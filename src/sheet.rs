//! `dlexam sheet`: a practice sheet from a spec (or the built-in one), in Markdown, LaTeX or
//! JSON, with the solutions inline (`--solutions`) or on a separate key (`--key FILE`).
//!
//! The problem at position `i` (0-based, after expanding `count`) is made by
//! `problems::generate_nth(family, seed, i, ..)`, as `gen` makes its `i`-th problem: the first
//! problem of a sheet with seed S is `gen <family> --seed S`.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::output::{check_writable, write_output};
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
    if let Some(path) = &config.output {
        check_writable(path, config.force)?;
    }
    if let Some(key) = &config.key {
        check_writable(key, config.force)
            .map_err(|e| Error::invalid(e.to_string().replacen("-o ", "--key ", 1)))?;
        if config.output.as_ref() == Some(key) {
            return Err(Error::invalid(format!(
                "--key {}: is also the -o file; give the key its own file",
                key.display()
            )));
        }
    }
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
    let mut generated = slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            problems::generate_nth(slot.family, base, i, slot.difficulty, slot.variant)
        })
        .collect::<Result<Vec<_>>>()?;
    crate::grade::weights::prepare(&mut generated, &slots)?;
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
        student: None,
    };
    let options = Options {
        format: config.format,
        solutions: config.solutions,
        fragment: false,
    };
    let text = renderer.document(&info, &placed, options)?;
    if let Some(key) = &config.key {
        let key_info = DocumentInfo {
            title: format!("{} (solutions)", spec.title),
            ..info.clone()
        };
        let key_text = renderer.document(
            &key_info,
            &placed,
            Options {
                solutions: true,
                ..options
            },
        )?;
        write_output(Some(key), &key_text, config.force)?;
    }
    write_output(config.output.as_deref(), &text, config.force)
}
