//! Generating, planning and rendering the students, in roster order, a chunk at a time.
//!
//! A chunk is [`CHUNK_PER_THREAD`] students per thread of rayon's pool (one per core). Its
//! students' candidate-0 problems (see [`plan`](super::plan)) are generated in parallel and
//! placed in the [`Planner`] one at a time in roster order (generating the redraws it asks for),
//! while the chunk before is rendered in parallel, each student's exam and key staged by the
//! thread that renders them. The built students go in roster order, through a channel that
//! holds one chunk, to the calling thread, which writes keys.json and manifest.csv meanwhile.
//! Every problem is solved once, and at most about four chunks of students exist at a time,
//! whatever the class size.

use std::sync::mpsc::{SyncSender, sync_channel};

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::keys::{ManifestRow, StudentKey, fingerprint, version};
use super::plan::{Hashes, Planner};
use super::stage::Stage;
use crate::error::{Error, Result};
use crate::problems;
use crate::render::{DocumentInfo, Format, Layout, Options, Placed, Renderer, Student};
use crate::roster::Entry;
use crate::seed;
use crate::solution::Problem;
use crate::spec::{Slot, Spec};

/// Students per chunk, per thread of the pool.
const CHUNK_PER_THREAD: usize = 16;

/// What every student's build shares.
pub(super) struct Context<'a> {
    pub spec: &'a Spec,
    pub slots: &'a [Slot<'a>],
    /// The points of the exam's problems, in order.
    pub points: &'a [Option<u32>],
    pub renderer: &'a Renderer,
    pub stage: &'a Stage,
    pub students: &'a [Entry],
    pub student_seeds: &'a [u64],
    /// The exam seed (printed on every key, recorded in keys.json and manifest.csv).
    pub exam_seed: u64,
    /// Whether the student at this roster index gets their exam and key written (`--only`).
    pub selected: &'a (dyn Fn(usize) -> bool + Sync),
}

/// A student built: their exam and key are staged; their problems, placed, are what their
/// keys.json entry shows.
pub(super) struct Built {
    pub row: ManifestRow,
    pub problems: Vec<Placed>,
}

/// A built student serializes as their keys.json entry.
impl Serialize for Built {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        StudentKey {
            id: &self.row.id,
            name: &self.row.name,
            seed: self.row.seed,
            version: &self.row.version,
            problems: &self.problems,
        }
        .serialize(serializer)
    }
}

/// Builds every student on rayon's pool while `write` takes them, in roster order, on the
/// calling thread. The students stop at the first error (of generating, planning or
/// rendering), which `write` receives in place of that student; `write` may stop early.
pub(super) fn build_all<W>(ctx: &Context<'_>, planner: &mut Planner<'_>, write: W) -> Result<()>
where
    W: FnOnce(&mut dyn Iterator<Item = Result<Built>>) -> Result<()>,
{
    let chunk = CHUNK_PER_THREAD * rayon::current_num_threads();
    let (built, students) = sync_channel(chunk);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || produce(ctx, planner, chunk, &built));
        let mut students = students.into_iter();
        let written = write(&mut students);
        // Ends the producer if `write` stopped early.
        drop(students);
        if let Err(panic) = producer.join() {
            std::panic::resume_unwind(panic);
        }
        written
    })
}

/// Builds the students chunk by chunk and sends them in roster order; stops after the first
/// failed one or when nobody listens any more. Two chunks are in work at a time: while one is
/// built on the pool, the next is generated and placed in the plan (whose placing, one student
/// after another, would otherwise leave the pool idle).
fn produce(
    ctx: &Context<'_>,
    planner: &mut Planner<'_>,
    chunk: usize,
    out: &SyncSender<Result<Built>>,
) {
    let n = ctx.students.len();
    let mut settled = Vec::new();
    let mut next = 0;
    loop {
        // Nobody after a failed student is placed.
        let failed = settled.last().is_some_and(|(_, p): &Settled| p.is_err());
        let indices = if failed {
            n..n
        } else {
            next..n.min(next + chunk)
        };
        let (built, following) = rayon::join(
            || {
                settled
                    .into_par_iter()
                    .map(|(i, problems): Settled| problems.and_then(|p| build(ctx, i, p)))
                    .collect::<Vec<_>>()
            },
            || settle_chunk(ctx, planner, indices),
        );
        for student in built {
            let failed = student.is_err();
            if out.send(student).is_err() || failed {
                return;
            }
        }
        if following.is_empty() {
            return;
        }
        settled = following;
        next += chunk;
    }
}

/// A student placed in the plan: their roster index and final problems (or why they failed).
type Settled = (usize, Result<Vec<Problem>>);

/// Generates the students at `indices` on the pool and places them in the plan in roster order,
/// up to the first who failed.
fn settle_chunk(
    ctx: &Context<'_>,
    planner: &mut Planner<'_>,
    indices: std::ops::Range<usize>,
) -> Vec<Settled> {
    let generated: Vec<Result<Vec<Problem>>> = indices
        .clone()
        .into_par_iter()
        .map(|i| candidates(ctx, i))
        .collect();
    let mut settled = Vec::new();
    for (i, first) in indices.zip(generated) {
        let problems = first.and_then(|first| settle(ctx, i, first, planner));
        let failed = problems.is_err();
        settled.push((i, problems));
        if failed {
            break;
        }
    }
    settled
}

/// The candidate-0 problems of the student at roster index `index`.
fn candidates(ctx: &Context<'_>, index: usize) -> Result<Vec<Problem>> {
    let seed = ctx.student_seeds[index];
    ctx.slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            problems::generate(
                slot.family,
                seed::nth(seed, i),
                slot.difficulty,
                slot.variant,
            )
        })
        .collect()
}

/// Places a student in the plan: their candidate-0 problems, with redrawn positions generated
/// again from the seeds the planner chose.
fn settle(
    ctx: &Context<'_>,
    index: usize,
    mut problems: Vec<Problem>,
    planner: &mut Planner<'_>,
) -> Result<Vec<Problem>> {
    let hashes: Vec<Hashes> = problems.iter().map(Hashes::of).collect();
    let redraws = planner.place(ctx.student_seeds[index], &hashes)?;
    for ((problem, slot), redraw) in problems.iter_mut().zip(ctx.slots).zip(redraws) {
        if let Some(redraw) = redraw {
            *problem = match redraw.problem {
                Some(made) => made,
                None => {
                    problems::generate(slot.family, redraw.seed, slot.difficulty, slot.variant)?
                }
            };
        }
    }
    crate::grade::weights::prepare(&mut problems, ctx.slots)?;
    Ok(problems)
}

/// Places one student's problems and stages their exam and key (if the student is selected);
/// the placed problems go on to their keys.json entry.
fn build(ctx: &Context<'_>, index: usize, problems: Vec<Problem>) -> Result<Built> {
    let (student, seed) = (&ctx.students[index], ctx.student_seeds[index]);
    let fingerprint = fingerprint(&problems);
    let version = version(&fingerprint);
    let placed = problems
        .into_iter()
        .zip(ctx.slots)
        .map(|(p, slot)| ctx.renderer.place(p, slot_layout(slot), Format::Latex))
        .collect::<Result<Vec<_>>>()
        .map_err(|e| naming_student(&student.id, e))?;
    // Students whose files are not written (--only) still need their keys.json entry.
    if (ctx.selected)(index) {
        let info = DocumentInfo {
            title: ctx.spec.title.clone(),
            course: ctx.spec.course.clone(),
            date: ctx.spec.date.clone(),
            instructions: ctx.spec.instructions.clone(),
            exam_seed: Some(ctx.exam_seed),
            student: Some(Student {
                id: student.id.clone(),
                name: student.name.clone(),
                version: version.clone(),
            }),
            score_table: true,
        };
        for (folder, solutions) in [("exams", false), ("keys", true)] {
            let relative = format!("{folder}/{}.tex", student.id);
            stage_document(ctx, &info, &placed, solutions, &relative)
                .map_err(|e| naming_student(&student.id, e))?;
        }
    }
    Ok(Built {
        row: ManifestRow {
            id: student.id.clone(),
            name: student.name.clone(),
            seed,
            version,
            fingerprint,
            exam_seed: ctx.exam_seed,
        },
        problems: placed,
    })
}

/// How the problem of a spec's slot sits in a document.
pub fn slot_layout(slot: &Slot<'_>) -> Layout {
    Layout {
        points: slot.points,
        title: slot.title.map(str::to_string),
        space: slot.space,
    }
}

/// Writes a student's exam (or, with `solutions`, their key) into the staging folder.
fn stage_document(
    ctx: &Context<'_>,
    info: &DocumentInfo,
    placed: &[Placed],
    solutions: bool,
    relative: &str,
) -> Result<()> {
    let options = Options {
        format: Format::Latex,
        solutions,
        fragment: false,
        figures: placed.iter().any(|p| p.shows_figures(solutions)),
    };
    let mut document = ctx.renderer.document(info, ctx.points, options)?;
    let mut text = document.head().to_string();
    for (i, problem) in placed.iter().enumerate() {
        text += &document.problem(i + 1, problem)?;
    }
    text += document.tail();
    ctx.stage.write(relative, text.as_bytes())
}

/// A template error while rendering one student, saying which student (a user template may fail
/// for some students only).
fn naming_student(id: &str, error: Error) -> Error {
    match error {
        Error::Invalid(message) => Error::Invalid(format!("student `{id}`: {message}")),
        Error::Template(message) => Error::Template(format!("student `{id}`: {message}")),
        other => other,
    }
}
