//! `optimizer`: k steps of Adam (m, v, bias-corrected m_hat, v_hat, theta), AdamW, SGD, SGD
//! with momentum and RMSProp, computed exactly as `torch.optim` does, and why Adam corrects
//! the bias of its averages (the exam's 1.9).
//!
//! Semantics are PyTorch's: Adam adds `weight_decay * theta` to the gradient (L2), AdamW first
//! multiplies theta by `1 - lr * weight_decay`; both divide by `sqrt(v_hat) + eps` (eps outside
//! the root). Momentum's buffer `m_t = mu m_{t-1} + g_t` starts at `g_1` (dampening 0, no
//! Nesterov); RMSProp (not centered, no momentum) keeps `v_t` with decay `beta2` (PyTorch's
//! `alpha`) and divides by `sqrt(v_t) + eps`. Missing hyperparameters take PyTorch's defaults.
//!
//! Limits: 1 to [`config::MAX_STEPS`] steps, 1 to [`config::MAX_PARAMS`] parameters. A step
//! that would divide by zero (all gradients so far zero and `eps = 0`, where PyTorch gives nan)
//! is refused naming the step and the parameter.
//!
//! Calculator-free rule (`exam`): `eps = 0`, said in the statement. Adam and AdamW use
//! beta1 = 1/2 or 3/4 and beta2 = 3/4 or 24/25 (so 1 - beta2 = 1/4 or 1/25 and every 1 - beta^t
//! stays a small fraction; on a quadratic, Adam with beta1 = 1/2 uses beta2 = 15/16); RMSProp
//! beta2 = 3/4, 15/16 or 24/25 (1 - beta2 a perfect square); momentum 1/2 or 9/10; learning rates
//! 1/10, 1/4, 1/2 or 1; integer gradients in [-6, 6] (Adam, AdamW, RMSProp: [-12, 12], where
//! more pairs keep v_hat a square) and starts in [-5, 5];
//! quadratics with a = 1/2, 1 or 2, integer c and a start on a grid of tenths. Sampling redraws,
//! parameter by parameter, until every value of the steps and of every sub-question is exact
//! (so every `v_hat`, and RMSProp's every `v`, is the square of a rational and its root is exact)
//! and is an integer or a fraction with denominator at most 100 and numerator at most 2000 in
//! size. An adaptive method on a quadratic takes 2 steps at `exam`: a search of these grids
//! found no 3-step Adam or RMSProp instance whose roots all stay exact, and only some settings admit
//! 2-step ones (those are the ones sampled). `tests.rs` checks the rule on 1000 seeds.
//! `practice` uses PyTorch's defaults (0.9, 0.999, eps = 1e-8) with one-decimal numbers, so most
//! values are approximations with tolerances; `hard` adds three parameters of very different
//! gradient scales, zero gradients, beta2 = 0.99, eps = 1e-6, Adam without bias correction and
//! ill-conditioned quadratics.
//!
//! No degenerate instance, at any difficulty (`lively.rs`; tested on 1000 seeds per variant and
//! difficulty): theta changes at every step in every coordinate (so AdamW's decay never exactly
//! cancels its step, and no step has a zero gradient where it would stand still); the gradient
//! used is never zero where the data gradient is not (an L2 term never cancels it); given
//! gradients differ between steps in every coordinate (Adam's second step is then not a copy of
//! its first); no step's gradient is zero in every coordinate; a quadratic never starts at its
//! minimum; and where Adam asks for theta_1 with the other bias correction, the factor
//! (1 - beta1) / sqrt(1 - beta2) is not 1 (at `exam`: beta1 = 3/4 with beta2 = 3/4, or beta1 = 1/2
//! with beta2 = 15/16).
//!
//! Few-valued by nature (exempt from the variety rule of [`crate::variety`]): `m_factor` and
//! `v_factor`, the factors 1 - beta^t, which depend on the betas alone.

mod algorithms;
#[cfg(test)]
mod check_f64;
mod config;
mod display;
mod filter;
mod lively;
mod parts;
mod question;
mod sample;
mod steps;
mod table;
#[cfg(test)]
mod tests;

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::params::{Int, Num};
use super::{Difficulty, Family, Solved};
use crate::error::Result;
use crate::num::Q;
use crate::solution::{Question, Solution};
use config::Config;

/// The `optimizer` family.
pub struct Optimizer;

/// Which optimizer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// `torch.optim.Adam`.
    #[default]
    Adam,
    /// `torch.optim.AdamW`.
    Adamw,
    /// `torch.optim.SGD` without momentum.
    Sgd,
    /// `torch.optim.SGD` with momentum.
    Momentum,
    /// `torch.optim.RMSprop`.
    Rmsprop,
}

impl Algorithm {
    /// The params name.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Adam => "adam",
            Algorithm::Adamw => "adamw",
            Algorithm::Sgd => "sgd",
            Algorithm::Momentum => "momentum",
            Algorithm::Rmsprop => "rmsprop",
        }
    }

    /// The name in text.
    pub fn title(self) -> &'static str {
        match self {
            Algorithm::Adam => "Adam",
            Algorithm::Adamw => "AdamW",
            Algorithm::Sgd => "SGD",
            Algorithm::Momentum => "SGD with momentum",
            Algorithm::Rmsprop => "RMSProp",
        }
    }

    /// The hyperparameter fields it takes (besides `lr`).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Algorithm::Adam | Algorithm::Adamw => &[
                "lr",
                "beta1",
                "beta2",
                "eps",
                "weight_decay",
                "bias_correction",
            ],
            Algorithm::Sgd => &["lr", "weight_decay"],
            Algorithm::Momentum => &["lr", "momentum", "weight_decay"],
            Algorithm::Rmsprop => &["lr", "beta2", "eps", "weight_decay"],
        }
    }

    /// PyTorch's default learning rate.
    pub fn default_lr(self) -> Q {
        if self == Algorithm::Rmsprop {
            Q::frac(1, 100)
        } else {
            Q::frac(1, 1000)
        }
    }

    /// Adam or AdamW.
    pub fn is_adam(self) -> bool {
        matches!(self, Algorithm::Adam | Algorithm::Adamw)
    }
}

/// The quadratic objective f(theta) = sum a_i (theta_i - c_i)^2.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quadratic {
    /// Curvatures a_i.
    pub a: Vec<Num>,
    /// Minimiser c_i.
    pub c: Vec<Num>,
}

/// An objective whose gradient is taken at the current parameters.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// The quadratic.
    pub quadratic: Quadratic,
}

/// Params of `optimizer` (`torch.optim` arguments).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The optimizer (default `adam`).
    #[serde(default)]
    pub algorithm: Algorithm,
    /// Starting parameters theta_0.
    pub theta: Vec<Num>,
    /// The gradient of each step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grads: Option<Vec<Vec<Num>>>,
    /// Or an objective to take gradients of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
    /// Number of steps (default: the number of `grads`; required with `objective`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Int>,
    /// Learning rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr: Option<Num>,
    /// First-moment decay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta1: Option<Num>,
    /// Second-moment decay (RMSProp's `alpha`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta2: Option<Num>,
    /// Added to the root in the denominator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eps: Option<Num>,
    /// Weight decay (L2 in the gradient; decoupled for AdamW).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<Num>,
    /// Momentum coefficient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum: Option<Num>,
    /// Whether Adam corrects the bias of m and v (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bias_correction: Option<bool>,
}

/// The variants: the algorithm (`adam-l2` is Adam with weight decay), `-quadratic` when the
/// gradients come from the objective.
const VARIANTS: &[&str] = &[
    "adam",
    "adam-quadratic",
    "adam-l2",
    "adam-l2-quadratic",
    "adamw",
    "adamw-quadratic",
    "sgd",
    "sgd-quadratic",
    "momentum",
    "momentum-quadratic",
    "rmsprop",
    "rmsprop-quadratic",
];

fn variant_of(cfg: &Config) -> &'static str {
    let base = match cfg.algorithm {
        Algorithm::Adam if cfg.weight_decay.is_positive() => 2,
        Algorithm::Adam => 0,
        Algorithm::Adamw => 4,
        Algorithm::Sgd => 6,
        Algorithm::Momentum => 8,
        Algorithm::Rmsprop => 10,
    };
    VARIANTS[base + usize::from(cfg.quadratic())]
}

impl Family for Optimizer {
    type Params = Params;
    const ID: &'static str = "optimizer";
    const TITLE: &'static str = "Optimizer steps: Adam, AdamW, SGD, momentum, RMSProp";
    const VARIANTS: &'static [&'static str] = VARIANTS;
    const FEW_VALUED: &'static [&'static str] = &["m_factor", "v_factor"];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant).0
    }

    /// At `exam` the sampler solves its pick to check every answer: that solution is the one.
    fn sample_solved(
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> (Params, Result<Solved>) {
        let (params, solved) = sample::sample(rng, difficulty, variant);
        let solved = solved.map_or_else(|| Optimizer::solve(&params), Ok);
        (params, solved)
    }

    fn solve(p: &Params) -> Result<Solved> {
        let cfg = Config::from_params(p)?;
        let trace = algorithms::run(&cfg)?;
        let thetas = steps::thetas_shown(&trace);
        let parts = parts::parts(&cfg, &trace, &thetas);
        let mut solution = vec![question::setup_step(&cfg)];
        solution.extend((1..=cfg.steps).map(|t| steps::step(&cfg, &trace, &thetas, t)));
        solution.push(table::table(&cfg, &trace, &thetas));
        let mut answers = table::answers(&trace, &thetas);
        let question = Question::new(question::facts(&cfg, &parts));
        for part in parts {
            solution.extend(part.steps);
            answers.extend(part.answers);
        }
        solution.extend(question::conventions(&cfg));
        Ok(Solved {
            variant: variant_of(&cfg).to_string(),
            question,
            answers,
            solution: Solution { steps: solution },
        })
    }
}
