//! `dlexam exam`: one LaTeX exam and one answer key per student, `keys.json` and `manifest.csv`.
//!
//! Layout of the output folder:
//! - `exams/<id>.tex` (and `.pdf` with `--pdf`): the student's exam, `exam` class, with their id,
//!   name and version code on the cover, points per question and a grade table;
//! - `keys/<id>.tex` (`.pdf`): the same document with the worked solutions;
//! - `keys.json`: `{"schema": "dlexam/1", "generator", "students": [{"id", "name", "seed",
//!   "version", "problems": [problem as in `gen --format json`, plus "points"]}]}`;
//! - `manifest.csv`: `id,name,seed,version,fingerprint` (see [`keys`] for the fingerprint).
//!
//! Seeds and distinct variants: see [`plan`]. The run is all-or-nothing (see [`stage`]): every
//! target is checked before anything is written, and nothing existing is replaced without
//! `--force`. Students are generated, rendered and written one batch at a time (keys.json is
//! streamed), so memory does not grow with the class; only a few hashes per student are kept.
//! `--only ID` plans the whole roster, writes that student's exam and key, and rewrites
//! keys.json and manifest.csv whole: every file it writes is byte-identical to a full run's.

mod keys;
pub mod plan;
mod stage;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::{DocumentInfo, Format, Options, Placed, Renderer, Student, problem_json};
use crate::roster::{self, Entry};
use crate::solution::Problem;
use crate::spec::{Slot, Spec};
use crate::{pdf, problems, progress, seed};

pub use keys::{ManifestRow, fingerprint, version};

/// Students rendered together (on two threads) before their files are written.
const BATCH: usize = 32;

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

struct Context<'a> {
    spec: &'a Spec,
    slots: &'a [Slot<'a>],
    renderer: &'a Renderer,
}

struct Built {
    id: String,
    documents: Option<(String, String)>,
    entry: String,
    row: ManifestRow,
}

/// Runs `dlexam exam`; `say` prints a line for the user (stderr).
pub fn run(config: &ExamConfig, say: &dyn Fn(&str)) -> Result<Report> {
    let (spec, source) = Spec::load_or_built_in(config.spec.as_deref())?;
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
    let exam_seed = match config.seed.or(spec.seed) {
        Some(s) => s,
        None if only.is_some() => {
            return Err(Error::invalid(
                "--only: needs the exam's seed (--seed N, or `seed` in the spec) to remake the same exam",
            ));
        }
        None => {
            let s = seed::fresh();
            say(&format!(
                "dlexam: using exam seed {s} (pass --seed {s} to remake these exams, e.g. with --only ID)"
            ));
            s
        }
    };
    let renderer = Renderer::new(config.templates.as_deref())?;
    if config.pdf {
        pdf::check_tools()?;
    }
    let selected = |i: usize| only.is_none_or(|o| o == i);
    let targets = target_paths(&config.out_dir, &students, &selected, config.pdf);
    stage::check_targets(&targets, config.force)?;

    let slots = spec.slots();
    let mut planner = plan::Planner::new(&slots);
    let mut plans = Vec::with_capacity(students.len());
    for s in &students {
        let student_seed = plan::student_seed(exam_seed, &s.id);
        plans.push((student_seed, planner.next(student_seed)?));
    }
    for line in planner.warnings() {
        say(&line);
    }

    let ctx = Context {
        spec: &spec,
        slots: &slots,
        renderer: &renderer,
    };
    let mut stage = stage::Stage::create(&config.out_dir)?;
    let keys_path = config.out_dir.join("keys.json");
    let mut keys = keys::KeysWriter::begin(stage.writer("keys.json")?, keys_path)?;
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
    let mut tex_files = Vec::new();
    for start in (0..students.len()).step_by(BATCH) {
        let end = (start + BATCH).min(students.len());
        for built in build_batch(
            &ctx,
            &students[start..end],
            &plans[start..end],
            start,
            &selected,
        )? {
            if let Some((exam, key)) = &built.documents {
                for (kind, text) in [("exams", exam), ("keys", key)] {
                    let relative = format!("{kind}/{}.tex", built.id);
                    stage.write(&relative, text.as_bytes())?;
                    tex_files.push((built.id.clone(), kind, relative));
                }
            }
            keys.student(&built.entry)?;
            manifest.serialize(&built.row).map_err(|e| Error::Io {
                path: manifest_path.clone(),
                source: e.into(),
            })?;
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    keys.finish()?;
    manifest.flush().map_err(|source| Error::Io {
        path: manifest_path.clone(),
        source,
    })?;
    drop(manifest);
    if config.pdf {
        let jobs: Vec<pdf::Job> = tex_files
            .iter()
            .map(|(id, kind, relative)| pdf::Job {
                label: format!(
                    "the {} of student {id}",
                    if *kind == "exams" { "exam" } else { "key" }
                ),
                tex: stage.path(relative),
            })
            .collect();
        pdf::compile_all(&jobs)?;
        for (_, _, relative) in &tex_files {
            let stem = relative.strip_suffix(".tex").unwrap_or(relative);
            stage.adopt(&format!("{stem}.pdf"));
        }
    }
    let files = stage.commit(config.force)?;
    Ok(Report {
        seed: exam_seed,
        students: students.len(),
        exams: tex_files.len() / 2,
        files,
    })
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

/// Builds a batch of students, the second half on another thread; results in roster order.
fn build_batch(
    ctx: &Context<'_>,
    students: &[Entry],
    plans: &[(u64, Vec<u64>)],
    offset: usize,
    selected: &(dyn Fn(usize) -> bool + Sync),
) -> Result<Vec<Built>> {
    let build_range = |range: std::ops::Range<usize>| -> Result<Vec<Built>> {
        range
            .map(|i| {
                let (seed, problem_seeds) = &plans[i];
                build(
                    ctx,
                    &students[i],
                    *seed,
                    problem_seeds,
                    selected(offset + i),
                )
            })
            .collect()
    };
    let mid = students.len().div_ceil(2);
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| build_range(mid..students.len()));
        let first = build_range(0..mid);
        (first, second.join())
    });
    let mut built = first?;
    match second {
        Ok(rest) => built.extend(rest?),
        Err(panic) => std::panic::resume_unwind(panic),
    }
    Ok(built)
}

/// Generates one student's problems and renders their exam and key (if `documents`) and their
/// keys.json entry and manifest row.
fn build(
    ctx: &Context<'_>,
    student: &Entry,
    seed: u64,
    problem_seeds: &[u64],
    documents: bool,
) -> Result<Built> {
    let problems: Vec<Problem> = ctx
        .slots
        .iter()
        .zip(problem_seeds)
        .map(|(slot, s)| problems::generate(slot.family, *s, slot.difficulty, slot.variant))
        .collect::<Result<_>>()?;
    let fingerprint = fingerprint(&problems);
    let version = version(&fingerprint);
    let placed: Vec<Placed<'_>> = problems
        .iter()
        .zip(ctx.slots)
        .map(|(p, slot)| Placed {
            problem: p,
            points: slot.points,
        })
        .collect();
    let documents = if documents {
        let info = DocumentInfo {
            title: ctx.spec.title.clone(),
            course: ctx.spec.course.clone(),
            date: ctx.spec.date.clone(),
            instructions: ctx.spec.instructions.clone(),
            student: Some(Student {
                id: student.id.clone(),
                name: student.name.clone(),
                version: version.clone(),
            }),
        };
        let options = Options {
            format: Format::Latex,
            solutions: false,
            fragment: false,
        };
        let mut texts = ctx
            .renderer
            .documents(&info, &placed, options, &[false, true])?;
        let key = texts.pop().unwrap_or_default();
        Some((texts.pop().unwrap_or_default(), key))
    } else {
        None
    };
    let json = placed
        .iter()
        .map(|p| Ok(problem_json(ctx.renderer, p.problem)?.with_points(p.points)))
        .collect::<Result<Vec<_>>>()?;
    let entry = keys::entry_text(&keys::StudentKey {
        id: &student.id,
        name: &student.name,
        seed,
        version: &version,
        problems: json,
    });
    Ok(Built {
        id: student.id.clone(),
        documents,
        entry,
        row: ManifestRow {
            id: student.id.clone(),
            name: student.name.clone(),
            seed,
            version,
            fingerprint,
        },
    })
}
