//! `dlexam variety`: how varied an exam is, measured on a simulated class.
//!
//! The class is `--students N` students with the ids `s0001`, `s0002`, ... and the exam seed
//! `--seed S`; every student gets exactly the problems `dlexam exam` would give a roster of those
//! ids (candidate 0, redrawn by the same [`Planner`] where an earlier student had the same
//! params or the neighbour the same answers). Per problem it prints how many distinct answer
//! sets the class gets, and per answer how many distinct values and the most shared one. `exam`
//! prints the same first line per problem at the end of a run ([`Tally`] over its keys).

mod tally;

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::exam::plan::{self, Hashes, Planner};
use crate::problems;
use crate::seed;
use crate::solution::Problem;
use crate::spec::{Slot, Spec};

pub use tally::{AnswerSpread, Summary, Tally};

/// Students of a class when `--students` is not given.
pub const DEFAULT_STUDENTS: usize = 300;
/// Most students `--students` accepts.
pub const MAX_STUDENTS: usize = 100_000;

/// A parsed `dlexam variety` command line.
#[derive(Clone, Debug, Default)]
pub struct VarietyConfig {
    /// The spec (None: the built-in one).
    pub spec: Option<PathBuf>,
    /// Students in the simulated class.
    pub students: usize,
    /// The exam seed (else the spec's, else a fresh one).
    pub seed: Option<u64>,
}

/// Runs `dlexam variety`: the report as text (for stdout); `say` prints notes (stderr).
pub fn run(config: &VarietyConfig, say: &dyn Fn(&str)) -> Result<String> {
    if config.students == 0 || config.students > MAX_STUDENTS {
        return Err(Error::invalid(format!(
            "--students {}: expected a class of 1 to {MAX_STUDENTS} students",
            config.students
        )));
    }
    let (spec, source) = Spec::load_or_built_in(config.spec.as_deref())?;
    let exam_seed = config.seed.or(spec.seed).unwrap_or_else(|| {
        let s = seed::fresh();
        say(&format!(
            "dlexam: using exam seed {s} (pass --seed {s} to measure the same class again)"
        ));
        s
    });
    let summaries = simulate(&spec, config.students, exam_seed)?;
    let mut out = format!(
        "Variety of {source} for {} students (exam seed {exam_seed}, ids s0001...):\n",
        config.students
    );
    for (i, s) in summaries.iter().enumerate() {
        out.push_str(&s.report(i + 1));
    }
    Ok(out)
}

/// The ids of a simulated class of `n`: `s0001`, `s0002`, ...
pub fn student_ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("s{i:04}")).collect()
}

/// What a class of `students` (ids [`student_ids`]) gets from `dlexam exam` with this spec and
/// exam seed: one summary per problem of the exam.
pub fn simulate(spec: &Spec, students: usize, exam_seed: u64) -> Result<Vec<Summary>> {
    let slots = spec.slots();
    let mut planner = Planner::new(&slots);
    let mut tallies: Vec<Tally> = slots.iter().map(|s| Tally::new(s.family)).collect();
    for id in student_ids(students) {
        let student_seed = plan::student_seed(exam_seed, &id);
        let problems = settle(&slots, &mut planner, student_seed)?;
        for (tally, problem) in tallies.iter_mut().zip(&problems) {
            tally.add(problem.answers.iter().map(|a| (a.id.as_str(), &a.value)));
        }
    }
    Ok(tallies.iter().map(Tally::summary).collect())
}

/// A student's problems as `exam` makes them: candidate 0 at every position, replaced where the
/// planner redraws.
fn settle(
    slots: &[Slot<'_>],
    planner: &mut Planner<'_>,
    student_seed: u64,
) -> Result<Vec<Problem>> {
    let mut problems = slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            problems::generate(
                slot.family,
                seed::nth(student_seed, i),
                slot.difficulty,
                slot.variant,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let hashes: Vec<Hashes> = problems.iter().map(Hashes::of).collect();
    let redraws = planner.place(student_seed, &hashes)?;
    for ((problem, slot), redraw) in problems.iter_mut().zip(slots).zip(redraws) {
        if let Some(redraw) = redraw {
            *problem = match redraw.problem {
                Some(made) => made,
                None => {
                    problems::generate(slot.family, redraw.seed, slot.difficulty, slot.variant)?
                }
            };
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests;
