//! `--choices`: a problem's numeric answers as single choice, with distractors from its
//! family's typical mistakes ([`super::Family::mistakes`]; the rules in [`crate::choices`]).

use super::{DynFamily, FAMILIES};
use crate::choices::build::{Mistaken, attach};
use crate::solution::Problem;

/// The typical mistakes of `problem`'s family on its params.
pub fn mistakes(family: &dyn DynFamily, problem: &Problem) -> Vec<Mistaken> {
    family.mistakes_json(&problem.params, &problem.answers)
}

/// Gives every numeric answer of `problem` its options (a problem of an unknown family keeps
/// open answers).
pub fn with_choices(problem: &mut Problem) {
    let Some(family) = FAMILIES.iter().find(|f| f.id() == problem.family) else {
        return;
    };
    let mistakes = mistakes(*family, problem);
    attach(problem, &mistakes);
}

/// The mistake as the family's own solver computes it on `params` (the right params with the
/// mistake put in): every numeric answer of that solution; `None` when they do not solve.
pub fn resolved<F: super::Family>(mistake: &'static str, params: &F::Params) -> Option<Mistaken> {
    F::solve(params)
        .ok()
        .map(|s| Mistaken::from_answers(mistake, &s.answers))
}

/// The numbers of answer `id` among `answers` (reading order, exact where the key has them).
pub fn numbers(answers: &[crate::solution::Answer], id: &str) -> Option<Vec<crate::num::Q>> {
    answers
        .iter()
        .find(|a| a.id == id)
        .and_then(crate::choices::build::entries)
}
