//! The params of `dropout` (the JSON contract of `solve`) and their check into [`Checked`].

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::{Error, Result};
use crate::num::Q;
use crate::problems::nested::Nested;
use crate::problems::params::Num;

/// Training or evaluation (`model.train()` / `model.eval()`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Entries are dropped by the mask (the default).
    #[default]
    Train,
    /// Nothing is dropped.
    Eval,
}

/// Where the layer makes up for the dropped entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scaling {
    /// Kept entries are divided by 1 - p in training (PyTorch, the default).
    #[default]
    Inverted,
    /// The original paper: no scaling in training, times 1 - p in evaluation.
    TestTime,
}

/// Params of `dropout`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The input: a vector `[d]` or a batch `[[d], ...]`.
    pub x: Nested,
    /// The mask of kept entries (1) and dropped ones (0), shaped like `x`; training only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<Nested>,
    /// The probability of dropping an entry, 0 <= p < 1.
    pub p: Num,
    /// `train` (default) or `eval`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub mode: Mode,
    /// `inverted` (default) or `test-time`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub scaling: Scaling,
    /// dL/dy, shaped like `x`, for the backward pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<Nested>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Checked params, every tensor flattened row-major.
#[derive(Clone, Debug)]
pub struct Checked {
    /// `[d]` or `[n, d]`.
    pub shape: Vec<usize>,
    /// The input.
    pub x: Vec<Q>,
    /// Which entries are kept (training only).
    pub mask: Option<Vec<bool>>,
    /// The drop probability.
    pub p: Q,
    /// Training or evaluation.
    pub mode: Mode,
    /// Inverted or test-time scaling.
    pub scaling: Scaling,
    /// dL/dy, if given.
    pub upstream: Option<Vec<Q>>,
}

impl Checked {
    /// Validates params (every rule names its field).
    pub fn new(p: &Params) -> Result<Checked> {
        let shape = p.x.shape.clone();
        ensure!(
            matches!(shape.len(), 1 | 2),
            "field `x`: expected a vector [d] or a batch [[d], ...], got {}",
            p.x.shape_text()
        );
        let prob = p.p.0.clone();
        ensure!(
            !prob.is_negative() && prob < Q::one(),
            "field `p`: the drop probability must be at least 0 and below 1, got {prob}"
        );
        let same_shape = |field: &str, t: &Nested| -> Result<()> {
            ensure!(
                t.shape == shape,
                "field `{field}`: expected the shape of `x`, {}, got {}",
                p.x.shape_text(),
                t.shape_text()
            );
            Ok(())
        };
        let mask = match (p.mode, &p.mask) {
            (Mode::Train, None) => {
                return Err(Error::Invalid(
                    "field `mask`: training mode needs the mask of kept (1) and dropped (0) entries"
                        .into(),
                ));
            }
            (Mode::Eval, Some(_)) => {
                return Err(Error::Invalid(
                    "field `mask`: evaluation mode drops nothing; leave the mask out".into(),
                ));
            }
            (Mode::Eval, None) => None,
            (Mode::Train, Some(m)) => {
                same_shape("mask", m)?;
                let mut kept = Vec::new();
                for v in &m.data {
                    ensure!(
                        v.is_zero() || *v == Q::one(),
                        "field `mask`: entries must be 0 (dropped) or 1 (kept), got {v}"
                    );
                    kept.push(*v == Q::one());
                }
                Some(kept)
            }
        };
        if let Some(u) = &p.upstream {
            same_shape("upstream", u)?;
        }
        Ok(Checked {
            shape,
            x: p.x.data.clone(),
            mask,
            p: prob,
            mode: p.mode,
            scaling: p.scaling,
            upstream: p.upstream.as_ref().map(|u| u.data.clone()),
        })
    }

    /// The variant the params describe.
    pub fn variant(&self) -> &'static str {
        match (self.mode, self.scaling, self.upstream.is_some()) {
            (Mode::Eval, _, _) => "eval",
            (Mode::Train, Scaling::TestTime, _) => "test-time-scaling",
            (Mode::Train, Scaling::Inverted, true) => "backward",
            (Mode::Train, Scaling::Inverted, false) => "train",
        }
    }

    /// 1 - p, the probability of keeping an entry.
    pub fn keep(&self) -> Q {
        Q::one() - &self.p
    }

    /// Whether `x` is a batch.
    pub fn batch(&self) -> bool {
        self.shape.len() == 2
    }

    /// Entries per row.
    pub fn cols(&self) -> usize {
        *self.shape.last().unwrap_or(&1)
    }
}
