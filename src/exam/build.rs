//! Generating, planning, rendering and staging the students, in one pass over the roster.
//!
//! The calling thread drives: it puts tasks in one queue — "generate student i's candidate-0
//! problems" (see [`plan`](super::plan)) and "render student i with these problems" — places
//! the generated students in the [`Planner`] in roster order (generating redraws itself), and
//! writes the rendered students in roster order. [`WORKERS`] threads take the tasks, the
//! calling thread among them whenever no task has finished: two threads keep two cores busy,
//! and nobody sleeps and wakes up for every task. Every problem is solved once, and a student
//! is only generated while fewer than [`WINDOW`] students are in flight, so memory does not
//! grow with the class. The exam and key are staged by the thread that renders them (file
//! creation is slow on some file systems: it runs in parallel too).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::keys::{self, ManifestRow, fingerprint, version};
use super::plan::{Hashes, Planner};
use super::stage::Stage;
use crate::error::{Error, Result};
use crate::problems;
use crate::render::{DocumentInfo, Placed, Renderer, Student};
use crate::roster::Entry;
use crate::seed;
use crate::solution::Problem;
use crate::spec::{Slot, Spec};

/// Threads that generate and render students, the calling thread included (which also plans
/// and writes).
pub const WORKERS: usize = 2;
/// Students generated but not yet written, at most.
const WINDOW: usize = 32;

/// What every student's build shares.
pub(super) struct Context<'a> {
    pub spec: &'a Spec,
    pub slots: &'a [Slot<'a>],
    pub renderer: &'a Renderer,
    pub stage: &'a Stage,
    pub students: &'a [Entry],
    pub student_seeds: &'a [u64],
    /// The exam seed (printed on every key, recorded in keys.json and manifest.csv).
    pub exam_seed: u64,
    /// Whether the student at this roster index gets their exam and key written (`--only`).
    pub selected: &'a (dyn Fn(usize) -> bool + Sync),
}

/// A student ready to be written: their exam and key are staged already.
pub(super) struct Built {
    /// Their keys.json entry: UTF-8 JSON text (see [`keys::entry_json`]).
    pub entry: Vec<u8>,
    pub row: ManifestRow,
}

/// Work for a worker thread.
enum Task {
    /// Generate the candidate-0 problems of the student at this roster index.
    Generate(usize),
    /// Render (and stage) the student at this index with their final problems.
    Render(usize, Vec<Problem>),
}

/// A finished task.
enum Done {
    Generated(usize, Result<Vec<Problem>>),
    Rendered(usize, Result<Built>),
}

/// Builds every student and hands them to `write` in roster order, after the planner placed
/// them. Stops at the first error (of a worker, the planner or `write`).
pub(super) fn build_all(
    ctx: &Context<'_>,
    planner: &mut Planner<'_>,
    mut write: impl FnMut(Built) -> Result<()>,
) -> Result<()> {
    let (task_tx, task_rx) = channel::<Task>();
    let (done_tx, done_rx) = channel::<Done>();
    let task_rx = Mutex::new(task_rx);
    std::thread::scope(|scope| {
        // The calling thread is one of the workers (see `drive`).
        for _ in 1..WORKERS {
            let (task_rx, done_tx) = (&task_rx, done_tx.clone());
            scope.spawn(move || work(ctx, task_rx, &done_tx));
        }
        drop(done_tx);
        let queue = Queue {
            tasks: &task_tx,
            pending: &task_rx,
        };
        let result = drive(ctx, planner, &queue, &done_rx, &mut write);
        // Closing the queue ends the workers (after their current task).
        drop(task_tx);
        result
    })
}

/// The task queue: its sending end and, shared by the workers, its receiving end.
struct Queue<'q> {
    tasks: &'q Sender<Task>,
    pending: &'q Mutex<Receiver<Task>>,
}

impl Queue<'_> {
    fn send(&self, task: Task) {
        self.tasks
            .send(task)
            .expect("the workers outlive the calling thread's loop");
    }

    /// A waiting task, unless there is none or a worker is taking one right now.
    fn try_take(&self) -> Option<Task> {
        self.pending.try_lock().ok()?.try_recv().ok()
    }
}

/// Does one task.
fn perform(ctx: &Context<'_>, task: Task) -> Done {
    match task {
        Task::Generate(i) => Done::Generated(i, candidates(ctx, i)),
        Task::Render(i, problems) => Done::Rendered(i, render(ctx, i, &problems)),
    }
}

/// A worker thread: takes tasks until the queue closes.
fn work(ctx: &Context<'_>, tasks: &Mutex<Receiver<Task>>, done: &Sender<Done>) {
    loop {
        let task = tasks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .recv();
        let Ok(task) = task else { return };
        if done.send(perform(ctx, task)).is_err() {
            return;
        }
    }
}

/// The calling thread's loop: hands out generation tasks within the window, places generated
/// students in roster order and hands them out for rendering, writes rendered students in
/// roster order. When no task has finished, it does a waiting task itself rather than sleep:
/// so two threads keep two cores busy, without a third one waking up for every task.
fn drive(
    ctx: &Context<'_>,
    planner: &mut Planner<'_>,
    queue: &Queue<'_>,
    done: &Receiver<Done>,
    write: &mut impl FnMut(Built) -> Result<()>,
) -> Result<()> {
    let n = ctx.students.len();
    let (mut handed_out, mut placed, mut written) = (0, 0, 0);
    let mut generated = BTreeMap::new();
    let mut rendered = BTreeMap::new();
    while written < n {
        while handed_out < n && handed_out < written + WINDOW {
            queue.send(Task::Generate(handed_out));
            handed_out += 1;
        }
        let finished = match done.try_recv() {
            Ok(finished) => finished,
            Err(_) => match queue.try_take() {
                Some(task) => perform(ctx, task),
                None => done
                    .recv()
                    .expect("a task is in flight while students are missing"),
            },
        };
        // A student who fails is reported when their turn to be written comes: the error is
        // the first in roster order, the same on every run.
        match finished {
            Done::Generated(i, problems) => {
                generated.insert(i, problems);
                while let Some(first) = generated.remove(&placed) {
                    match first.and_then(|first| settle(ctx, placed, first, planner)) {
                        Ok(problems) => queue.send(Task::Render(placed, problems)),
                        Err(e) => {
                            rendered.insert(placed, Err(e));
                        }
                    }
                    placed += 1;
                }
            }
            Done::Rendered(i, built) => {
                rendered.insert(i, built);
            }
        }
        while let Some(built) = rendered.remove(&written) {
            write(built?)?;
            written += 1;
        }
    }
    Ok(())
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

/// Renders one student's exam and key (staged, if the student is selected) and their keys.json
/// entry and manifest row.
fn render(ctx: &Context<'_>, index: usize, problems: &[Problem]) -> Result<Built> {
    let (student, seed) = (&ctx.students[index], ctx.student_seeds[index]);
    let fingerprint = fingerprint(problems);
    let version = version(&fingerprint);
    let placed: Vec<Placed<'_>> = problems
        .iter()
        .zip(ctx.slots)
        .map(|(p, slot)| Placed {
            problem: p,
            points: slot.points,
            title: slot.title,
            space: slot.space,
        })
        .collect();
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
    // Students whose files are not written (--only) still need their keys.json entry.
    let documents = (ctx.selected)(index);
    let solutions: &[bool] = if documents { &[false, true] } else { &[] };
    let (texts, json) = ctx
        .renderer
        .latex_and_json(&info, &placed, solutions)
        .map_err(|e| naming_student(&student.id, e))?;
    if let [exam, key] = texts.as_slice() {
        ctx.stage
            .write(&format!("exams/{}.tex", student.id), exam.as_bytes())?;
        ctx.stage
            .write(&format!("keys/{}.tex", student.id), key.as_bytes())?;
    }
    let entry = keys::entry_json(&keys::StudentKey {
        id: &student.id,
        name: &student.name,
        seed,
        version: &version,
        problems: json,
    });
    Ok(Built {
        entry,
        row: ManifestRow {
            id: student.id.clone(),
            name: crate::output::csv_cell(&student.name).into_owned(),
            seed,
            version,
            fingerprint,
            exam_seed: ctx.exam_seed,
        },
    })
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
