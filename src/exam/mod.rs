//! `dlexam exam`: one LaTeX exam and one answer key per student, `keys.json` and `manifest.csv`.
//!
//! Layout of the output folder:
//! - `exams/<id>.tex` (and `.pdf` with `--pdf`): the student's exam, `exam` class, with their id,
//!   name and version code on the cover, points per question and a grade table;
//! - `keys/<id>.tex` (`.pdf`): the same document with the worked solutions;
//! - `keys.json`: `{"schema": "dlexam/1", "generator", "students": [{"id", "name", "seed",
//!   "version", "problems": [problem as in `gen --format json`, plus "points"]}]}`;
//! - `manifest.csv`: `id,name,seed,version,fingerprint` (see [`keys`] for the fingerprint);
//! - with `--pdf`, `class.pdf` and `keys.pdf` (see [`bundle`]): every exam, every key, in
//!   roster order, each starting on an odd page.
//!
//! Seeds and distinct variants: see [`plan`]. At the end, one line per problem says how varied
//! the class's answers are (the first line of `dlexam variety`, see [`crate::variety`]). The run is all-or-nothing (see [`stage`]): every
//! target is checked before anything is written, and nothing existing is replaced without
//! `--force`. Students are generated, rendered and written one chunk at a time (keys.json is
//! streamed), so memory does not grow with the class; only a few hashes per student are kept.
//! `--only ID` plans the whole roster, writes that student's exam and key, and rewrites
//! keys.json and manifest.csv whole: every file it writes is byte-identical to a full run's.

mod build;
mod bundle;
mod keys;
pub mod plan;
pub mod publish;
mod stage;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::{Renderer, Streamed};
use crate::roster::{self, Entry};
use crate::spec::Spec;
use crate::variety::Tally;
use crate::{pdf, problems, progress, seed};

pub use build::slot_layout;
pub use keys::{ManifestRow, fingerprint, version};

/// A parsed `dlexam exam` command line.
#[derive(Clone, Debug, Default)]
pub struct ExamConfig {
    /// The roster CSV.
    pub roster: PathBuf,
    /// The output folder.
    pub out_dir: PathBuf,
    /// The spec (None: the built-in one).
    pub spec: Option<PathBuf>,
    /// The exam seed (else the spec's, else a fresh one).
    pub seed: Option<u64>,
    /// Only this student's exam and key.
    pub only: Option<String>,
    /// Compile PDFs.
    pub pdf: bool,
    /// Replace existing files.
    pub force: bool,
    /// Template overrides.
    pub templates: Option<PathBuf>,
    /// Draw the problems' figures (`--no-figures`: false).
    pub figures: bool,
    /// `--choices`: every problem's numeric answers as single choice.
    pub choices: bool,
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct Report {
    /// The exam seed.
    pub seed: u64,
    /// Students in the roster.
    pub students: usize,
    /// Exams written (1 with `--only`).
    pub exams: usize,
    /// Files written.
    pub files: usize,
    /// PDFs compiled (`--pdf`) and how long that took.
    pub pdfs: Option<(usize, std::time::Duration)>,
}

/// FNV-1a, 64-bit: the hash behind fingerprints and the distinctness checks.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Runs `dlexam exam`; `say` prints a line for the user (stderr).
pub fn run(config: &ExamConfig, say: &dyn Fn(&str)) -> Result<Report> {
    let (mut spec, source) = Spec::load_or_built_in(config.spec.as_deref())?;
    if config.choices {
        spec = spec.all_choices();
    }
    spec.require_points(&source)?;
    let students = roster::load(&config.roster)?;
    let only = match &config.only {
        None => None,
        Some(id) => Some(students.iter().position(|s| &s.id == id).ok_or_else(|| {
            Error::invalid(format!(
                "--only {id}: no student with this id in roster {}",
                config.roster.display()
            ))
        })?),
    };
    let renderer = Renderer::new(config.templates.as_deref(), &problems::question_templates())?
        .with_figures(config.figures && spec.figures);
    if config.pdf {
        pdf::check_tools()?;
        pdf::check_unicode_tools(
            students
                .iter()
                .enumerate()
                .filter(|(i, _)| only.is_none_or(|o| o == *i))
                .map(|(_, s)| s.name.as_str()),
        )?;
    }
    if config.out_dir.exists() && !config.out_dir.is_dir() {
        return Err(Error::invalid(format!(
            "--out-dir {}: is a file, expected a folder (it is created if missing)",
            config.out_dir.display()
        )));
    }
    let class_dir = publish::ClassDir::open(&config.out_dir)?;
    let published = class_dir.current();
    let published_seed = match &published {
        Some(class) => keys::exam_seed_of(&class.join("keys.json"))?,
        None => None,
    };
    let exam_seed = match (config.seed.or(spec.seed), only.is_some()) {
        (Some(s), true) => {
            if let Some(old) = published_seed.filter(|&old| old != s) {
                return Err(Error::invalid(format!(
                    "--only {}: exam seed {s} differs from the seed {old} of the class in {}; leave out --seed to use it (a student's exam must match the rest of the class)",
                    config.only.as_deref().unwrap_or_default(),
                    config.out_dir.display()
                )));
            }
            s
        }
        (Some(s), false) => s,
        (None, true) => published_seed.ok_or_else(|| {
            Error::invalid(format!(
                "--only: needs the exam seed: give --seed N (or `seed` in the spec); {} holds no keys.json with an `exam_seed` to take it from",
                config.out_dir.display()
            ))
        })?,
        (None, false) => {
            let s = seed::fresh();
            say(&format!(
                "dlexam: using exam seed {s} (recorded in keys.json, manifest.csv and every key)"
            ));
            s
        }
    };
    let selected = |i: usize| only.is_none_or(|o| o == i);
    let mut targets = target_paths(&config.out_dir, &students, &selected, config.pdf);
    if config.pdf && only.is_none() {
        targets.extend(
            bundle::BUNDLES
                .iter()
                .map(|(stem, _, _)| config.out_dir.join(format!("{stem}.pdf"))),
        );
    }
    stage::check_targets(&targets, config.force)?;

    let slots = spec.slots();
    let student_seeds: Vec<u64> = students
        .iter()
        .map(|s| plan::student_seed(exam_seed, &s.id))
        .collect();
    let mut planner = plan::Planner::new(&slots);
    let stage = stage::Stage::new(class_dir.new_class()?);
    stage.folder("exams")?;
    stage.folder("keys")?;
    let keys_path = config.out_dir.join("keys.json");
    let keys_out = stage.writer("keys.json")?;
    let manifest_path = config.out_dir.join("manifest.csv");
    let mut manifest = csv::Writer::from_writer(stage.writer("manifest.csv")?);
    let bar = progress::bar(
        if only.is_some() {
            0
        } else {
            students.len() as u64
        },
        "exams",
    );
    let points: Vec<Option<u32>> = slots.iter().map(|slot| slot.points).collect();
    let ctx = build::Context {
        spec: &spec,
        slots: &slots,
        points: &points,
        renderer: &renderer,
        stage: &stage,
        students: &students,
        student_seeds: &student_seeds,
        exam_seed,
        selected: &selected,
    };
    let mut tallies: Vec<Tally> = slots.iter().map(|s| Tally::new(s.family)).collect();
    build::build_all(&ctx, &mut planner, |built| {
        // Each student's manifest row is written as their keys.json entry is drawn.
        let entries = Streamed::new(built.map(|student| {
            let student = student?;
            tally_student(&mut tallies, &student.problems);
            manifest.serialize(&student.row).map_err(|e| Error::Io {
                path: manifest_path.clone(),
                source: e.into(),
            })?;
            bar.inc(1);
            Ok(student)
        }));
        let document = keys::KeysDocument::new(exam_seed, &entries);
        entries.write_json(&document, keys_out, &keys_path)
    })?;
    bar.finish_and_clear();
    // Before any file is moved into place.
    for line in planner.warnings() {
        say(&line);
    }
    for (i, tally) in tallies.iter().enumerate() {
        let summary = tally.summary();
        if !summary.is_varied() {
            say(&format!("warning: {}", summary.line(i + 1)));
        }
    }
    manifest.flush().map_err(|source| Error::Io {
        path: manifest_path.clone(),
        source,
    })?;
    drop(manifest);
    let exams = students
        .iter()
        .enumerate()
        .filter(|(i, _)| selected(*i))
        .count();
    let mut pdfs = None;
    if config.pdf {
        let mut jobs = Vec::new();
        for (_, s) in students.iter().enumerate().filter(|(i, _)| selected(*i)) {
            for (kind, what) in [("exams", "exam"), ("keys", "key")] {
                jobs.push(pdf::Job {
                    label: format!("the {what} of student {}", s.id),
                    tex: stage.path(&format!("{kind}/{}.tex", s.id)),
                    engine: pdf::engine_for(&s.name),
                });
            }
        }
        let start = std::time::Instant::now();
        pdf::compile_all(&jobs)?;
        if only.is_none() {
            let bundles = bundle::stage_jobs(&stage, &students)?;
            pdf::compile_all(&bundles)?;
            bundle::remove_sources(&bundles)?;
            jobs.extend(bundles);
        }
        pdfs = Some((jobs.len(), start.elapsed()));
    }
    let files = stage.file_count()?;
    if let (Some(old), true) = (&published, only.is_some()) {
        stage.carry_over(old)?;
    }
    class_dir.publish(stage.root())?;
    stage.done();
    for (i, tally) in tallies.iter().enumerate() {
        say(&tally.summary().line(i + 1));
    }
    Ok(Report {
        seed: exam_seed,
        students: students.len(),
        exams,
        files,
        pdfs,
    })
}

/// Counts a student's answers (their keys.json entry) in the per-problem tallies.
/// Counts one student's answers into the per-problem tallies of the variety summary.
fn tally_student(tallies: &mut [Tally], problems: &[crate::render::Placed]) {
    for (tally, placed) in tallies.iter_mut().zip(problems) {
        tally.add(
            placed
                .problem
                .answers
                .iter()
                .map(|a| (a.id.as_str(), &a.value)),
        );
    }
}

fn target_paths(
    out_dir: &Path,
    students: &[Entry],
    selected: &dyn Fn(usize) -> bool,
    pdf: bool,
) -> Vec<PathBuf> {
    let mut targets = vec![out_dir.join("keys.json"), out_dir.join("manifest.csv")];
    let extensions: &[&str] = if pdf { &["tex", "pdf"] } else { &["tex"] };
    for (_, s) in students.iter().enumerate().filter(|(i, _)| selected(*i)) {
        for kind in ["exams", "keys"] {
            for ext in extensions {
                targets.push(out_dir.join(kind).join(format!("{}.{ext}", s.id)));
            }
        }
    }
    targets
}
