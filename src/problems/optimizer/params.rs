//! The params of `optimizer` (the JSON contract of `solve`); `config.rs` checks them and fills in
//! PyTorch's defaults.

use serde::{Deserialize, Serialize};

use crate::num::Q;
use crate::problems::params::{Int, Num};

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
