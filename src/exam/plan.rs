//! Which variant each student gets: seeds, and distinct variants across the class.
//!
//! A student's seed is `seed::derive(exam_seed, "student/<id>")`; the base seed of their
//! problem at position `i` (0-based) is `seed::nth(student_seed, i)`. Going through the roster in
//! order, a problem is redrawn — candidate `r` uses `seed::derive(base, "redraw/<r>")` — while its
//! params or its answers equal those some earlier student got at that position (so students
//! get their own answers wherever the family has enough), or its answers equal those of the
//! student just before in the roster, up to [`MAX_REDRAWS`] times. When no candidate
//! satisfies both (the family's variant space is too small for the class), the first candidate
//! whose answers differ from the neighbour's is kept (else the first), and the shortfall is
//! reported as a warning before any file is moved into place; the run continues (exit 0). After
//! [`GIVE_UP`] students got a repeated variant at a position, that position stops looking for
//! new variants and only keeps neighbours apart (redrawing in vain would cost the rest of the
//! class 64 draws each). Answers of variants already handed out are remembered by params hash,
//! so only new variants are solved while planning, and a redraw planning solved is handed back
//! whole ([`Redraw`]) rather than generated again.
//!
//! Planning only keeps hashes, so its memory does not depend on the problems' size. The
//! [`Planner`] sees the students one at a time in roster order; their candidate-0 problems are
//! generated (and rendered) beforehand, in parallel, since no candidate 0 depends on anyone: the
//! walk itself only solves redraws.
//!
//! So a student's problems depend on the exam seed, their id and, only where a redraw was
//! needed, on the students before them in the roster. Appending students never changes the
//! earlier ones; `--only` plans the whole roster and renders one student.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::fnv1a64;
use crate::error::Result;
use crate::problems;
use crate::seed;
use crate::solution::{Answer, Problem};
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

/// What the plan compares of a problem: hashes of its params and of its answer values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hashes {
    /// FNV-1a of the params' compact JSON text.
    pub params: u64,
    /// FNV-1a of the compact JSON text of the answers' values, in order.
    pub answers: u64,
}

impl Hashes {
    /// The hashes of a generated problem.
    pub fn of(problem: &Problem) -> Hashes {
        Hashes {
            params: hash_json(&problem.params),
            answers: answers_hash(&problem.answers),
        }
    }
}

/// Plans a class one student at a time, in roster order: each position of the exam keeps its
/// own record of the variants handed out so far (positions never influence each other).
pub struct Planner<'a> {
    positions: Vec<Position<'a>>,
    students: usize,
}

impl<'a> Planner<'a> {
    /// A planner for an exam with these problems, before the first student.
    pub fn new(slots: &[Slot<'a>]) -> Planner<'a> {
        let positions = slots
            .iter()
            .enumerate()
            .map(|(index, &slot)| Position {
                index,
                slot,
                used: HashMap::new(),
                answers_seen: HashSet::new(),
                previous: None,
                shared: 0,
                same_as_neighbour: 0,
            })
            .collect();
        Planner {
            positions,
            students: 0,
        }
    }

    /// Places the next student in the roster, whose candidate-0 problems (base seed
    /// `seed::nth(student_seed, i)` at position `i`) have the hashes `first`. Returns, per
    /// position, the redraw they get instead, or `None` where they keep candidate 0.
    pub fn place(&mut self, student_seed: u64, first: &[Hashes]) -> Result<Vec<Option<Redraw>>> {
        self.students += 1;
        self.positions
            .iter_mut()
            .zip(first)
            .map(|(position, &first)| {
                let base = seed::nth(student_seed, position.index);
                let chosen = position.next(base, first)?;
                Ok((chosen.seed != base).then(|| Redraw {
                    seed: chosen.seed,
                    problem: chosen.problem,
                }))
            })
            .collect()
    }

    /// One line per position whose variant space was too small for the students placed.
    pub fn warnings(&self) -> Vec<String> {
        self.positions
            .iter()
            .flat_map(|p| p.warnings(self.students))
            .collect()
    }
}

/// One position of the exam, planned through the roster.
struct Position<'a> {
    index: usize,
    slot: Slot<'a>,
    /// Params hash -> answers hash of every variant handed out so far.
    used: HashMap<u64, u64>,
    /// Answers hash of every variant handed out so far.
    answers_seen: HashSet<u64>,
    previous: Option<u64>,
    shared: usize,
    same_as_neighbour: usize,
}

/// A redrawn problem: its seed, and the problem itself when planning had to solve it (a
/// variant not handed out before), so it is not generated a second time.
#[derive(Debug)]
pub struct Redraw {
    /// The problem seed (see [`candidate`]).
    pub seed: u64,
    /// The problem, as [`problems::generate`] makes it from `seed`, if planning made it.
    pub problem: Option<Problem>,
}

struct Candidate {
    seed: u64,
    params: u64,
    answers: u64,
    problem: Option<Problem>,
}

impl<'a> Position<'a> {
    /// The candidate the next student gets (its seed, and the problem if planning made it),
    /// whose base seed at this position is `base` and whose candidate 0 has the hashes `first`.
    fn next(&mut self, base: u64, first: Hashes) -> Result<Candidate> {
        let slot = self.slot;
        // Once a position has run out of new variants GIVE_UP times, it only keeps
        // neighbours apart (the rest of the class would only pay for redraws in vain).
        let want_fresh = self.shared < GIVE_UP;
        let mut fallback: Option<Candidate> = None;
        for r in 0..=MAX_REDRAWS {
            let seed = candidate(base, r);
            let (params_hash, known, answers, problem) = if r == 0 {
                (
                    first.params,
                    self.used.get(&first.params).copied(),
                    first.answers,
                    None,
                )
            } else {
                let params =
                    slot.family
                        .sample_json(&mut seed::rng(seed), slot.difficulty, slot.variant);
                let params_hash = hash_json(&params);
                let known = self.used.get(&params_hash).copied();
                match known {
                    Some(answers) => (params_hash, known, answers, None),
                    None => {
                        let problem = solve(slot, seed, params)?;
                        (
                            params_hash,
                            known,
                            answers_hash(&problem.answers),
                            Some(problem),
                        )
                    }
                }
            };
            let differs = self.previous != Some(answers);
            let c = Candidate {
                seed,
                params: params_hash,
                answers,
                problem,
            };
            let fresh = known.is_none() && !self.answers_seen.contains(&answers);
            if differs && (fresh || !want_fresh) {
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

    fn accept(&mut self, c: Candidate) -> Candidate {
        if self.used.contains_key(&c.params) || self.answers_seen.contains(&c.answers) {
            self.shared += 1;
        }
        self.answers_seen.insert(c.answers);
        if self.previous == Some(c.answers) {
            self.same_as_neighbour += 1;
        }
        self.used.insert(c.params, c.answers);
        self.previous = Some(c.answers);
        c
    }

    fn warnings(&self, students: usize) -> Vec<String> {
        let (n, id, at) = (students, self.slot.family.id(), self.index + 1);
        let mut lines = Vec::new();
        if self.shared > 0 {
            lines.push(format!(
                "warning: problem {at} ({id}): too few variants for {n} students: {} of them got the same numbers \
                 or answers as an earlier student",
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

/// Solves a sampled redraw candidate: the problem [`problems::generate`] makes from `seed`.
fn solve(slot: Slot<'_>, seed: u64, params: Value) -> Result<Problem> {
    let solved = slot
        .family
        .solve_json(&params)
        .map_err(|e| problems::sampler_bug(slot.family, seed, &params, &e))?;
    Ok(problems::sampled(
        slot.family,
        seed,
        slot.difficulty,
        params,
        solved,
    ))
}

/// FNV-1a over the compact JSON text of the answers' values.
fn answers_hash(answers: &[Answer]) -> u64 {
    let values: Vec<&Value> = answers.iter().map(|a| &a.value).collect();
    fnv1a64(
        serde_json::to_string(&values)
            .unwrap_or_default()
            .as_bytes(),
    )
}

/// FNV-1a over the compact JSON text of a value.
pub fn hash_json(value: &Value) -> u64 {
    fnv1a64(value.to_string().as_bytes())
}
