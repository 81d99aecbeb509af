//! Solving `optimizer`: the exact run, its worked steps and table, the sub-questions, and the
//! question facts.

use super::config::Config;
use super::question::Facts;
use super::{Algorithm, Optimizer, Params, algorithms, parts, table, text};
use crate::error::Result;
use crate::problems::{Family, Solved};
use crate::solution::{Question, Solution};

/// The variant a checked config is (see the family's `VARIANTS`).
pub fn variant_of(cfg: &Config) -> &'static str {
    let base = match cfg.algorithm {
        Algorithm::Adam if cfg.weight_decay.is_positive() => 2,
        Algorithm::Adam => 0,
        Algorithm::Adamw => 4,
        Algorithm::Sgd => 6,
        Algorithm::Momentum => 8,
        Algorithm::Rmsprop => 10,
    };
    Optimizer::VARIANTS[base + usize::from(cfg.quadratic())]
}

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let cfg = Config::from_params(p)?;
    let trace = algorithms::run(&cfg)?;
    let thetas = text::thetas_shown(&trace);
    let parts = parts::parts(&cfg, &trace, &thetas);
    let mut solution = vec![text::setup_step(&cfg)];
    solution.extend((1..=cfg.steps).map(|t| text::step(&cfg, &trace, &thetas, t)));
    solution.push(table::table(&cfg, &trace, &thetas));
    let mut answers = table::answers(&trace, &thetas);
    let question = Question::new(Facts::new(&cfg, &parts));
    for part in parts {
        solution.extend(part.steps);
        answers.extend(part.answers);
    }
    solution.extend(text::conventions(&cfg));
    Ok(Solved {
        variant: variant_of(&cfg).to_string(),
        question,
        answers,
        solution: Solution { steps: solution },
    })
}
