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

/// Plans students one after another, in roster order.
pub struct Planner<'a> {
    slots: &'a [Slot<'a>],
    /// Per position: params hash -> answers hash of every variant handed out so far.
    used: Vec<HashMap<u64, u64>>,
    previous: Vec<Option<u64>>,
    shared: Vec<usize>,
    same_as_neighbour: Vec<usize>,
    students: usize,
}

struct Candidate {
    seed: u64,
    params: u64,
    answers: u64,
}

impl<'a> Planner<'a> {
    /// A planner for documents with these positions.
    pub fn new(slots: &'a [Slot<'a>]) -> Self {
        let n = slots.len();
        Planner {
            slots,
            used: vec![HashMap::new(); n],
            previous: vec![None; n],
            shared: vec![0; n],
            same_as_neighbour: vec![0; n],
            students: 0,
        }
    }

    /// The problem seeds of the next student in the roster.
    pub fn next(&mut self, student_seed: u64) -> Result<Vec<u64>> {
        self.students += 1;
        (0..self.slots.len())
            .map(|i| self.plan_slot(i, seed::nth(student_seed, i)))
            .collect()
    }

    fn plan_slot(&mut self, i: usize, base: u64) -> Result<u64> {
        let slot = self.slots[i];
        // Once a position has run out of new variants GIVE_UP times, it only keeps
        // neighbours apart (the rest of the class would only pay for redraws in vain).
        let want_fresh = self.shared[i] < GIVE_UP;
        let mut fallback: Option<Candidate> = None;
        for r in 0..=MAX_REDRAWS {
            let seed = candidate(base, r);
            let params =
                slot.family
                    .sample_json(&mut seed::rng(seed), slot.difficulty, slot.variant);
            let params_hash = hash_json(&params);
            let known = self.used[i].get(&params_hash).copied();
            let answers = match known {
                Some(answers) => answers,
                None => answers_hash(slot, seed, &params)?,
            };
            let differs = self.previous[i] != Some(answers);
            let c = Candidate {
                seed,
                params: params_hash,
                answers,
            };
            if differs && (known.is_none() || !want_fresh) {
                return Ok(self.accept(i, c));
            }
            // Kept if nothing better comes: the first that differs from the neighbour, else
            // the first of all.
            let better = match &fallback {
                None => true,
                Some(f) => differs && self.previous[i] == Some(f.answers),
            };
            if better {
                fallback = Some(c);
            }
        }
        let c = fallback.expect("at least one candidate is drawn");
        Ok(self.accept(i, c))
    }

    fn accept(&mut self, i: usize, c: Candidate) -> u64 {
        if self.used[i].contains_key(&c.params) {
            self.shared[i] += 1;
        }
        if self.previous[i] == Some(c.answers) {
            self.same_as_neighbour[i] += 1;
        }
        self.used[i].insert(c.params, c.answers);
        self.previous[i] = Some(c.answers);
        c.seed
    }

    /// One line per position whose variant space was too small for the class.
    pub fn warnings(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            let (n, id) = (self.students, slot.family.id());
            if self.shared[i] > 0 {
                lines.push(format!(
                    "warning: problem {} ({id}): too few variants for {n} students: {} of them got the same numbers \
                     as an earlier student",
                    i + 1,
                    self.shared[i]
                ));
            }
            if self.same_as_neighbour[i] > 0 {
                lines.push(format!(
                    "warning: problem {} ({id}): {} students have the same answers as the student before them in the roster",
                    i + 1,
                    self.same_as_neighbour[i]
                ));
            }
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
