//! `dlexam grade`: scores submitted answers against `keys.json`.
//!
//! One pass over the answers CSV ([`answers`]); each value is read as a number, formula, list,
//! object or text ([`value`], [`expr`]), compared with the key ([`compare`], [`tolerance`]),
//! given follow-through credit where the family's chain allows ([`follow`]), and scored with
//! the answer's points ([`score`]). [`report`] writes the scores, `--details` and `--report`.
//! Nothing is dropped silently: unreadable values, answers to grade by hand and rows that
//! answer no question are listed on stderr and in `--report`, and the exit code is
//! [`CHECK_BY_HAND`] when there are any. `--template` writes a blank answers file ([`template`]).

pub mod answers;
pub mod compare;
pub mod expr;
pub mod follow;
pub mod key;
#[cfg(test)]
mod mistakes;
pub mod report;
pub mod score;
pub mod template;
pub mod tolerance;
pub mod value;
pub mod weights;

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::output::write_output;

pub use report::PLACES;

/// Exit code of a grading that finished but left answers to check by hand.
pub const CHECK_BY_HAND: u8 = 3;
/// Answers to check listed one by one on stderr before the rest is only counted.
const MAX_LISTED: usize = 20;
/// Answers listed in the "most missed" summary.
const MOST_MISSED: usize = 5;

/// A parsed `dlexam grade` command line.
#[derive(Clone, Debug, Default)]
pub struct GradeConfig {
    /// keys.json.
    pub key: PathBuf,
    /// The answers CSV (absent only with `template`).
    pub answers: Option<PathBuf>,
    /// The scores CSV, or the blank answers file with `template` (None: stdout).
    pub output: Option<PathBuf>,
    /// `--details FILE`: one row per answer with its status.
    pub details: Option<PathBuf>,
    /// `--report FILE`: the answers to check by hand.
    pub report: Option<PathBuf>,
    /// Write a blank answers file instead of grading.
    pub template: bool,
    /// Replace existing output files.
    pub force: bool,
}

/// Runs `dlexam grade`; `say` prints a line for the user (stderr). Returns the exit code: 0, or
/// [`CHECK_BY_HAND`] when answers are listed to be checked by hand.
pub fn run(config: &GradeConfig, say: &dyn Fn(&str)) -> Result<u8> {
    let outputs: Vec<(&str, &std::path::Path)> = [
        ("-o", &config.output),
        ("--details", &config.details),
        ("--report", &config.report),
    ]
    .into_iter()
    .filter_map(|(flag, path)| path.as_deref().map(|p| (flag, p)))
    .collect();
    for (flag, path) in &outputs {
        crate::output::check_output(flag, path, config.force)?;
    }
    let mut inputs = vec![("--key", config.key.as_path())];
    if let Some(answers) = &config.answers {
        inputs.push(("--answers", answers.as_path()));
    }
    crate::output::check_distinct(&outputs, &inputs)?;
    let key = key::load(&config.key)?;
    if config.template {
        write_output(
            config.output.as_deref(),
            &template::blank(&key)?,
            config.force,
        )?;
        return Ok(0);
    }
    let answers_path = config.answers.as_ref().ok_or_else(|| {
        Error::invalid("--answers: missing (grade needs --answers FILE.csv, or --template to write a blank one)")
    })?;
    let rows = answers::read(answers_path)?;
    let graded = score::grade(&key, &rows);
    let listed = report::to_check(&key, &graded);
    let scores = report::scores(&key, &graded)?;
    let details = config
        .details
        .as_ref()
        .map(|_| report::details(&key, &graded))
        .transpose()?;
    let report_csv = config
        .report
        .as_ref()
        .map(|_| report::report(&listed))
        .transpose()?;
    // Every output file or none: written beside their targets first, renamed only when all are.
    let mut files: Vec<(&str, &std::path::Path, &[u8])> = Vec::new();
    if let Some(path) = &config.output {
        files.push(("-o", path, scores.as_bytes()));
    }
    if let (Some(path), Some(text)) = (&config.details, &details) {
        files.push(("--details", path, text.as_bytes()));
    }
    if let (Some(path), Some(text)) = (&config.report, &report_csv) {
        files.push(("--report", path, text.as_bytes()));
    }
    crate::output::write_files(&files, config.force)?;
    if config.output.is_none() {
        write_output(None, &scores, config.force)?;
    }

    if !listed.is_empty() {
        let more = if listed.len() > MAX_LISTED {
            format!(
                " (the first {MAX_LISTED}{})",
                if config.report.is_some() {
                    "; all in --report"
                } else {
                    "; all with --report FILE"
                }
            )
        } else {
            String::new()
        };
        say(&format!(
            "warning: {} answers to check by hand (scored 0 until you do){more}:",
            listed.len()
        ));
        for l in listed.iter().take(MAX_LISTED) {
            say(&report::listed_line(l));
        }
    }
    let silent = graded.handed_in.iter().filter(|h| !**h).count();
    let mut summary = format!(
        "dlexam: graded {} students from {} answer rows",
        key.students.len(),
        rows.len() - graded.unscored.len()
    );
    if silent > 0 {
        summary.push_str(&format!("; {silent} students handed in nothing"));
    }
    if !listed.is_empty() {
        summary.push_str(&format!(
            "; {} answers to check by hand (exit code {CHECK_BY_HAND})",
            listed.len()
        ));
    }
    say(&summary);
    let ranked = report::most_missed(&key, &graded);
    if !ranked.is_empty() {
        say(
            "most missed (problem, answer: students without credit, of those who handed in something):",
        );
        for ((p, id, family), (wrong, of)) in ranked.into_iter().take(MOST_MISSED) {
            say(&format!("  p{p} {id} ({family}): {wrong} of {of}"));
        }
    }
    Ok(if listed.is_empty() { 0 } else { CHECK_BY_HAND })
}
