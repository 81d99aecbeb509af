//! Generating and rendering students on worker threads, written in roster order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

use super::keys::{self, ManifestRow, fingerprint, version};
use crate::error::Result;
use crate::problems;
use crate::render::{DocumentInfo, Placed, Renderer, Student};
use crate::roster::Entry;
use crate::solution::Problem;
use crate::spec::{Slot, Spec};

/// Threads that generate and render students (the writer is the calling thread).
pub const WORKERS: usize = 2;
/// Students finished but not yet written, at most (bounds memory, whatever the class size).
const QUEUE: usize = 16;

pub(super) struct Context<'a> {
    pub spec: &'a Spec,
    pub slots: &'a [Slot<'a>],
    pub renderer: &'a Renderer,
}

pub(super) struct Built {
    pub id: String,
    pub documents: Option<(String, String)>,
    pub entry: String,
    pub row: ManifestRow,
}

/// Builds every student on [`WORKERS`] threads and hands them to `write` in roster order.
/// Stops at the first error (of a worker or of `write`).
pub(super) fn build_all(
    ctx: &Context<'_>,
    students: &[Entry],
    student_seeds: &[u64],
    problem_seeds: &[Vec<u64>],
    selected: &(dyn Fn(usize) -> bool + Sync),
    mut write: impl FnMut(Built) -> Result<()>,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<(usize, Result<Built>)>(QUEUE);
        for _ in 0..WORKERS {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(student) = students.get(i) else {
                        break;
                    };
                    let built = build(
                        ctx,
                        student,
                        student_seeds[i],
                        &problem_seeds[i],
                        selected(i),
                    );
                    if tx.send((i, built)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (i, built) in rx {
            pending.insert(i, built);
            while let Some(built) = pending.remove(&want) {
                want += 1;
                if let Err(e) = built.and_then(&mut write) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(())
    })
}

/// Generates one student's problems and renders their exam and key (if `documents`) and their
/// keys.json entry and manifest row.
pub(super) fn build(
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
    // Students whose files are not written (--only) still need their keys.json entry.
    let solutions: &[bool] = if documents { &[false, true] } else { &[] };
    let (mut texts, json) = ctx.renderer.latex_and_json(&info, &placed, solutions)?;
    let documents = match (texts.pop(), texts.pop()) {
        (Some(key), Some(exam)) => Some((exam, key)),
        _ => None,
    };
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
