//! Which variant each student gets: seeds, and distinct variants across the class.
//!
//! A student's seed is `seed::derive(exam_seed, "student/<id>")`; the base seed of their
//! problem at position `i` (0-based) is `seed::nth(student_seed, i)`. Going through the roster in
//! order, a problem is redrawn — candidate `r` uses `seed::derive(base, "redraw/<r>")` — while its
//! params equal those some earlier student got at that position, or its answers equal those of
//! the student just before in the roster, up to [`MAX_REDRAWS`] times. When no candidate
//! satisfies both (the family's variant space is too small for the class), the first candidate
//! whose answers differ from the neighbour's is kept (else the first), and the shortfall is
//! reported as a warning before anything is written; the run continues (exit 0). After
//! [`GIVE_UP`] students got a repeated variant at a position, that position stops looking for
//! new variants and only keeps neighbours apart (redrawing in vain would cost the rest of the
//! class 64 draws each). Answers of variants already handed out are remembered by params hash,
//! so only new variants are solved while planning.
//!
//! Planning only keeps hashes and seeds. Candidate 0 of every student is drawn and solved first,
//! in parallel over the students (it does not depend on anyone); the walk through the roster is
//! then cheap and sequential per position (positions in parallel), solving only redraws.
//!
//! So a student's problems depend on the exam seed, their id and, only where a redraw was
//! needed, on the students before them in the roster. Appending students never changes the
//! earlier ones; `--only` plans the whole roster and renders one student.

use std::collections::HashMap;

use serde_json::Value;

use super::fnv1a64;
use crate::error::{Error, Result};
use crate::seed;
use crate::spec::Slot;

/// Most redraws per problem before the variant space counts as too small.
pub const MAX_REDRAWS: u32 = 64;
/// After this many students got a repeated variant at a position, that position stops
/// redrawing for new variants and only keeps neighbours apart.
pub const GIVE_UP: usize = 8;

/// The seed of a student.
pub fn student_seed(exam_seed: u64, id: &str) -> u64 {
    seed::derive(exam_seed, &format!("student/{id}"))
}

/// The seed of candidate `r` for a problem whose base seed is `base` (candidate 0 is `base`).
pub fn candidate(base: u64, r: u32) -> u64 {
    if r == 0 {
        base
    } else {
        seed::derive(base, &format!("redraw/{r}"))
    }
}

/// Threads that plan positions (each position's chain through the roster is independent).
pub const WORKERS: usize = 2;

/// The plan of a class.
pub struct Plan {
    /// Per student (roster order): the seed of each problem, in exam order.
    pub problem_seeds: Vec<Vec<u64>>,
    /// One line per position whose variant space was too small for the class.
    pub warnings: Vec<String>,
}

/// Plans every position for the students with these seeds (roster order), positions spread
/// over [`WORKERS`] threads.
pub fn plan_class(slots: &[Slot<'_>], student_seeds: &[u64]) -> Result<Plan> {
    let first = first_candidates(slots, student_seeds)?;
    let first = &first;
    let chains: Vec<Result<Position>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS.min(slots.len()))
            .map(|w| {
                scope.spawn(move || {
                    (w..slots.len())
                        .step_by(WORKERS)
                        .map(|i| Position::plan(i, slots[i], student_seeds, &first[i]))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut by_thread: Vec<std::vec::IntoIter<Result<Position>>> = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
                    .into_iter()
            })
            .collect();
        (0..slots.len())
            .filter_map(|i| by_thread[i % WORKERS].next())
            .collect()
    });
    let positions = chains.into_iter().collect::<Result<Vec<_>>>()?;
    let warnings = positions
        .iter()
        .flat_map(|p| p.warnings(student_seeds.len()))
        .collect();
    let problem_seeds = (0..student_seeds.len())
        .map(|s| positions.iter().map(|p| p.seeds[s]).collect())
        .collect();
    Ok(Plan {
        problem_seeds,
        warnings,
    })
}

/// (params hash, answers hash) per position, per student.
type Hashes = Vec<Vec<(u64, u64)>>;

/// Candidate 0 of every student at every position, as (params hash, answers hash), indexed
/// `[position][student]`. Most students keep their candidate 0, so this is where most of the
/// solving happens: in parallel over the students, since no candidate 0 depends on another.
fn first_candidates(slots: &[Slot<'_>], student_seeds: &[u64]) -> Result<Hashes> {
    let chunk = student_seeds.len().div_ceil(WORKERS).max(1);
    let parts: Vec<Result<Hashes>> = std::thread::scope(|scope| {
        let handles: Vec<_> = student_seeds
            .chunks(chunk)
            .map(|students| {
                scope.spawn(move || {
                    slots
                        .iter()
                        .enumerate()
                        .map(|(i, slot)| {
                            students
                                .iter()
                                .map(|&s| {
                                    let seed = seed::nth(s, i);
                                    let params = slot.family.sample_json(
                                        &mut seed::rng(seed),
                                        slot.difficulty,
                                        slot.variant,
                                    );
                                    Ok((hash_json(&params), answers_hash(*slot, seed, &params)?))
                                })
                                .collect::<Result<Vec<_>>>()
                        })
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut by_position = vec![Vec::with_capacity(student_seeds.len()); slots.len()];
    for part in parts {
        for (i, hashes) in part?.into_iter().enumerate() {
            by_position[i].extend(hashes);
        }
    }
    Ok(by_position)
}

/// One position of the exam, planned through the roster.
struct Position<'a> {
    index: usize,
    slot: Slot<'a>,
    /// Params hash -> answers hash of every variant handed out so far.
    used: HashMap<u64, u64>,
    previous: Option<u64>,
    shared: usize,
    same_as_neighbour: usize,
    seeds: Vec<u64>,
}

struct Candidate {
    seed: u64,
    params: u64,
    answers: u64,
}

impl<'a> Position<'a> {
    fn plan(
        index: usize,
        slot: Slot<'a>,
        student_seeds: &[u64],
        first: &[(u64, u64)],
    ) -> Result<Position<'a>> {
        let mut p = Position {
            index,
            slot,
            used: HashMap::new(),
            previous: None,
            shared: 0,
            same_as_neighbour: 0,
            seeds: Vec::with_capacity(student_seeds.len()),
        };
        for (&student, &first) in student_seeds.iter().zip(first) {
            let seed = p.next(seed::nth(student, index), first)?;
            p.seeds.push(seed);
        }
        Ok(p)
    }

    /// The seed for the next student, whose base seed at this position is `base` and whose
    /// candidate 0 has the hashes `first`.
    fn next(&mut self, base: u64, first: (u64, u64)) -> Result<u64> {
        let slot = self.slot;
        // Once a position has run out of new variants GIVE_UP times, it only keeps
        // neighbours apart (the rest of the class would only pay for redraws in vain).
        let want_fresh = self.shared < GIVE_UP;
        let mut fallback: Option<Candidate> = None;
        for r in 0..=MAX_REDRAWS {
            let seed = candidate(base, r);
            let (params_hash, known, answers) = if r == 0 {
                (first.0, self.used.get(&first.0).copied(), first.1)
            } else {
                let params =
                    slot.family
                        .sample_json(&mut seed::rng(seed), slot.difficulty, slot.variant);
                let params_hash = hash_json(&params);
                let known = self.used.get(&params_hash).copied();
                let answers = match known {
                    Some(answers) => answers,
                    None => answers_hash(slot, seed, &params)?,
                };
                (params_hash, known, answers)
            };
            let differs = self.previous != Some(answers);
            let c = Candidate {
                seed,
                params: params_hash,
                answers,
            };
            if differs && (known.is_none() || !want_fresh) {
                return Ok(self.accept(c));
            }
            // Kept if nothing better comes: the first that differs from the neighbour, else
            // the first of all.
            let better = match &fallback {
                None => true,
                Some(f) => differs && self.previous == Some(f.answers),
            };
            if better {
                fallback = Some(c);
            }
        }
        let c = fallback.expect("at least one candidate is drawn");
        Ok(self.accept(c))
    }

    fn accept(&mut self, c: Candidate) -> u64 {
        if self.used.contains_key(&c.params) {
            self.shared += 1;
        }
        if self.previous == Some(c.answers) {
            self.same_as_neighbour += 1;
        }
        self.used.insert(c.params, c.answers);
        self.previous = Some(c.answers);
        c.seed
    }

    fn warnings(&self, students: usize) -> Vec<String> {
        let (n, id, at) = (students, self.slot.family.id(), self.index + 1);
        let mut lines = Vec::new();
        if self.shared > 0 {
            lines.push(format!(
                "warning: problem {at} ({id}): too few variants for {n} students: {} of them got the same numbers \
                 as an earlier student",
                self.shared
            ));
        }
        if self.same_as_neighbour > 0 {
            lines.push(format!(
                "warning: problem {at} ({id}): {} students have the same answers as the student before them in the roster",
                self.same_as_neighbour
            ));
        }
        lines
    }
}

/// Solves a sampled candidate and hashes its answer values.
fn answers_hash(slot: Slot<'_>, seed: u64, params: &Value) -> Result<u64> {
    let solved = slot.family.solve_json(params).map_err(|e| {
        Error::Tool(format!(
            "internal error: {} seed {seed} sampled invalid params {params}: {e}",
            slot.family.id()
        ))
    })?;
    let values: Vec<&Value> = solved.answers.iter().map(|a| &a.value).collect();
    Ok(fnv1a64(
        serde_json::to_string(&values)
            .unwrap_or_default()
            .as_bytes(),
    ))
}

/// FNV-1a over the compact JSON text of a value.
pub fn hash_json(value: &Value) -> u64 {
    fnv1a64(value.to_string().as_bytes())
}
