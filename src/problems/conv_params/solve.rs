//! Solving `conv-params`: the checked layer's counts as answers, the worked steps and the
//! question facts.

use super::params::{Layer, Params, check_stack, variant_of};
use super::question::Facts;
use super::text::{invariants_step, solve_layer, solve_stack};
use crate::error::Result;
use crate::problems::Solved;
use crate::solution::{Question, Solution};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let layer = Layer::from_params(p)?;
    let variant = variant_of(p, &layer);
    let stack = match &p.compare_stack {
        Some(s) => Some(check_stack(s, &layer)?),
        None => None,
    };
    let mut steps = Vec::new();
    let mut answers = Vec::new();
    solve_layer(&layer, variant, &mut steps, &mut answers);
    steps.push(invariants_step(p, &layer));
    if let Some((k, depth)) = stack {
        solve_stack(&layer, k, depth, &mut steps, &mut answers);
    }
    Ok(Solved {
        variant: variant.to_string(),
        question: Question::new(Facts::new(p, &layer, variant, stack)),
        answers,
        solution: Solution::new(steps),
    })
}
