//! Solving `optimizer`: the exact run, its worked steps and table, the sub-questions, and the
//! question facts.

use super::algorithms::{self, Trace};
use super::config::Config;
use super::display::Shown;
use super::parts::{self, Part};
use super::question::Facts;
use super::{Algorithm, Optimizer, Params, table, text};
use crate::error::Result;
use crate::problems::{Family, Solved};
use crate::solution::{Answer, Question, Solution};

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
    solve_config(&Config::from_params(p)?)
}

/// Solves checked params.
pub fn solve_config(cfg: &Config) -> Result<Solved> {
    Ok(Draft::new(cfg, algorithms::run(cfg)?).finish())
}

/// A solve up to its sub-questions: the sampler reads their answers before the worked steps
/// of the run are written.
pub struct Draft<'c> {
    cfg: &'c Config,
    trace: Trace,
    thetas: Vec<Vec<Shown>>,
    parts: Vec<Part>,
}

impl<'c> Draft<'c> {
    /// The sub-questions of `cfg`, whose run is `trace`.
    pub fn new(cfg: &'c Config, trace: Trace) -> Self {
        let thetas = text::thetas_shown(&trace);
        let parts = parts::parts(cfg, &trace, &thetas);
        Draft {
            cfg,
            trace,
            thetas,
            parts,
        }
    }

    /// The answers of the sub-questions.
    pub fn part_answers(&self) -> impl Iterator<Item = &Answer> {
        self.parts.iter().flat_map(|part| &part.answers)
    }

    /// The whole solution.
    pub fn finish(self) -> Solved {
        let Draft {
            cfg,
            trace,
            thetas,
            parts,
        } = self;
        let figure = super::figure::figure(cfg, &trace);
        let mut solution = vec![text::setup_step(cfg)];
        solution.extend((1..=cfg.steps).map(|t| text::step(cfg, &trace, &thetas, t)));
        solution.push(table::table(cfg, &trace, &thetas));
        let mut answers = table::answers(&trace, &thetas);
        let question = Question::new(Facts::new(cfg, &parts));
        for part in parts {
            solution.extend(part.steps);
            answers.extend(part.answers);
        }
        solution.extend(text::conventions(cfg));
        Solved {
            variant: variant_of(cfg).to_string(),
            question,
            answers,
            solution: Solution::new(solution).with_figure(figure),
        }
    }
}
