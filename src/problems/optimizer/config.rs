//! Params -> [`Config`]: PyTorch's defaults filled in, every field checked, fields that the
//! algorithm does not have refused by name.

use super::{Algorithm, Params};
use crate::ensure;
use crate::error::{Error, Result};
use crate::num::Q;
use crate::problems::params::Num;

/// Most steps a problem may ask for.
pub const MAX_STEPS: usize = 20;
/// Most parameters (entries of `theta`).
pub const MAX_PARAMS: usize = 10;

/// Where the gradient of each step comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// Given, one vector per step.
    Grads(Vec<Vec<Q>>),
    /// f(theta) = sum a_i (theta_i - c_i)^2, gradient 2 a_i (theta_i - c_i) at the current theta.
    Quadratic {
        /// Curvatures.
        a: Vec<Q>,
        /// Minimiser.
        c: Vec<Q>,
    },
}

/// Checked params with PyTorch's defaults filled in (fields the algorithm lacks are zero).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The optimizer.
    pub algorithm: Algorithm,
    /// Starting parameters.
    pub theta0: Vec<Q>,
    /// Gradients.
    pub source: Source,
    /// Number of steps k.
    pub steps: usize,
    /// Learning rate eta.
    pub lr: Q,
    /// First-moment decay (Adam, AdamW).
    pub beta1: Q,
    /// Second-moment decay (Adam, AdamW; RMSProp's alpha).
    pub beta2: Q,
    /// Added to the root in the denominator.
    pub eps: Q,
    /// L2 in the gradient (Adam, SGD, momentum, RMSProp) or decoupled decay (AdamW).
    pub weight_decay: Q,
    /// Momentum coefficient mu.
    pub momentum: Q,
    /// Whether Adam divides by 1 - beta^t.
    pub bias_correction: bool,
}

impl Config {
    /// Number of parameters p.
    pub fn dim(&self) -> usize {
        self.theta0.len()
    }

    /// The gradient adds `weight_decay * theta` (PyTorch's `weight_decay` of every optimizer but AdamW).
    pub fn l2(&self) -> bool {
        self.algorithm != Algorithm::Adamw && self.weight_decay.is_positive()
    }

    /// Whether the gradient comes from the quadratic objective.
    pub fn quadratic(&self) -> bool {
        matches!(self.source, Source::Quadratic { .. })
    }

    /// Whether m_hat and v_hat exist (Adam and AdamW with bias correction).
    pub fn has_hats(&self) -> bool {
        self.algorithm.is_adam() && self.bias_correction
    }

    /// Checks params and fills in PyTorch's defaults.
    pub fn from_params(p: &Params) -> Result<Config> {
        let alg = p.algorithm;
        let given: [(&str, bool); 6] = [
            ("beta1", p.beta1.is_some()),
            ("beta2", p.beta2.is_some()),
            ("eps", p.eps.is_some()),
            ("momentum", p.momentum.is_some()),
            ("bias_correction", p.bias_correction.is_some()),
            ("weight_decay", p.weight_decay.is_some()),
        ];
        for (field, present) in given {
            ensure!(
                !present || alg.fields().contains(&field),
                "field `{field}` does not apply to algorithm {}: it takes {}",
                alg.name(),
                alg.fields().join(", ")
            );
        }
        let theta0 = p.theta.iter().map(|n| n.0.clone()).collect::<Vec<_>>();
        let dim = theta0.len();
        ensure!(
            (1..=MAX_PARAMS).contains(&dim),
            "field `theta`: {dim} entries, expected 1 to {MAX_PARAMS} (one per parameter)"
        );
        let (source, steps) = source_and_steps(p, dim)?;
        let lr =
            p.lr.as_ref()
                .map_or_else(|| alg.default_lr(), |n| n.0.clone());
        ensure!(!lr.is_negative(), "field `lr`: {lr} must not be negative");
        let beta1 = unit_interval("beta1", p.beta1.as_ref(), Q::frac(9, 10))?;
        let default_beta2 = if alg == Algorithm::Rmsprop {
            Q::frac(99, 100)
        } else {
            Q::frac(999, 1000)
        };
        let beta2 = unit_interval("beta2", p.beta2.as_ref(), default_beta2)?;
        let eps = p
            .eps
            .as_ref()
            .map_or_else(|| Q::frac(1, 100_000_000), |n| n.0.clone());
        ensure!(
            !eps.is_negative(),
            "field `eps`: {eps} must not be negative"
        );
        let default_wd = if alg == Algorithm::Adamw {
            Q::frac(1, 100)
        } else {
            Q::zero()
        };
        let weight_decay = p.weight_decay.as_ref().map_or(default_wd, |n| n.0.clone());
        ensure!(
            !weight_decay.is_negative(),
            "field `weight_decay`: {weight_decay} must not be negative"
        );
        let momentum = if alg == Algorithm::Momentum {
            let Some(mu) = &p.momentum else {
                return Err(Error::invalid(
                    "field `momentum`: algorithm momentum needs the coefficient (e.g. 0.9; PyTorch's default 0 is plain SGD)",
                ));
            };
            unit_interval("momentum", Some(mu), Q::zero())?
        } else {
            Q::zero()
        };
        let (beta1, beta2, eps) = match alg {
            Algorithm::Adam | Algorithm::Adamw => (beta1, beta2, eps),
            Algorithm::Rmsprop => (Q::zero(), beta2, eps),
            Algorithm::Sgd | Algorithm::Momentum => (Q::zero(), Q::zero(), Q::zero()),
        };
        Ok(Config {
            algorithm: alg,
            theta0,
            source,
            steps,
            lr,
            beta1,
            beta2,
            eps,
            weight_decay,
            momentum,
            bias_correction: p.bias_correction.unwrap_or(true),
        })
    }
}

fn unit_interval(field: &str, value: Option<&Num>, default: Q) -> Result<Q> {
    let q = value.map_or(default, |n| n.0.clone());
    ensure!(
        !q.is_negative() && q < Q::one(),
        "field `{field}`: {q} must be in [0, 1) (at 1 or above the average never forgets and the steps never settle)"
    );
    Ok(q)
}

fn source_and_steps(p: &Params, dim: usize) -> Result<(Source, usize)> {
    let steps = match &p.steps {
        Some(s) => {
            ensure!(
                (1..=MAX_STEPS as i64).contains(&s.0),
                "field `steps`: {} must be between 1 and {MAX_STEPS}",
                s.0
            );
            Some(s.0 as usize)
        }
        None => None,
    };
    match (&p.grads, &p.objective) {
        (Some(_), Some(_)) => Err(Error::invalid(
            "params for optimizer: give either `grads` or `objective`, not both",
        )),
        (None, None) => Err(Error::invalid(
            "params for optimizer: field `grads` is missing: give the gradients [[p], ...] (one per step) or an `objective`",
        )),
        (Some(grads), None) => {
            ensure!(
                (1..=MAX_STEPS).contains(&grads.len()),
                "field `grads`: {} gradients, expected 1 to {MAX_STEPS} (one per step)",
                grads.len()
            );
            for (t, g) in grads.iter().enumerate() {
                ensure!(
                    g.len() == dim,
                    "field `grads`: the gradient of step {} has {} entries, but `theta` has {dim}",
                    t + 1,
                    g.len()
                );
            }
            if let Some(k) = steps {
                ensure!(
                    k == grads.len(),
                    "field `steps`: {k}, but `grads` gives {} gradients (one per step)",
                    grads.len()
                );
            }
            let rows = grads
                .iter()
                .map(|g| g.iter().map(|n| n.0.clone()).collect())
                .collect();
            Ok((Source::Grads(rows), grads.len()))
        }
        (None, Some(objective)) => {
            let q = &objective.quadratic;
            for (name, v) in [("a", &q.a), ("c", &q.c)] {
                ensure!(
                    v.len() == dim,
                    "field `objective.quadratic.{name}`: {} entries, but `theta` has {dim}",
                    v.len()
                );
            }
            let Some(k) = steps else {
                return Err(Error::invalid(format!(
                    "field `steps`: required with `objective` (how many steps to take, 1 to {MAX_STEPS})"
                )));
            };
            let take = |v: &[Num]| v.iter().map(|n| n.0.clone()).collect();
            Ok((
                Source::Quadratic {
                    a: take(&q.a),
                    c: take(&q.c),
                },
                k,
            ))
        }
    }
}
