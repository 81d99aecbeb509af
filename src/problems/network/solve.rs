//! Solving `network`: the checked network's shapes, counts and totals as answers, the worked
//! steps and the facts.

use super::net::{Net, variant_of};
use super::params::Params;
use super::question::Facts;
use super::text::{
    answers, bottleneck_step, largest_step, macs_step, params_step, sizes_step, totals_step,
};
use crate::error::Result;
use crate::problems::Solved;
use crate::solution::{Question, Solution};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let net = Net::from_params(p)?;
    Ok(solved(&net))
}

/// The solution of a checked network.
pub fn solved(net: &Net) -> Solved {
    let variant = variant_of(net);
    let mut steps = Vec::new();
    steps.extend(sizes_step(net));
    steps.push(params_step(net));
    steps.push(macs_step(net));
    steps.push(totals_step(net));
    steps.extend(largest_step(net));
    steps.extend(bottleneck_step(net));
    Solved {
        variant: variant.to_string(),
        question: Question::new(Facts::new(net, variant)),
        answers: answers(net),
        solution: Solution::new(steps).with_figure(super::figure::figure(net)),
    }
}
