//! The params of `batch-norm` (the JSON contract of `solve`) and their check into a [`Layer`].

use serde::{Deserialize, Serialize};

use crate::ensure;
use crate::error::Result;
use crate::num::Q;
use crate::problems::nested::Nested;
use crate::problems::params::Num;

/// Whether the layer runs in training or evaluation mode (`bn.train()` / `bn.eval()`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Batch statistics normalise; the running statistics are updated.
    #[default]
    Train,
    /// The running statistics normalise and stay as they are.
    Eval,
}

/// Params of `batch-norm`: one `nn.BatchNorm1d` (input [N, C]) or `nn.BatchNorm2d` (input
/// [N, C, H, W]) on a given batch.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The input, `[N][C]` or `[N][C][H][W]`.
    pub x: Nested,
    /// The scale gamma, one per channel (default ones, PyTorch's initial value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gamma: Option<Vec<Num>>,
    /// The shift beta, one per channel (default zeros).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta: Option<Vec<Num>>,
    /// Added to the variance under the root (default 1e-5, PyTorch's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eps: Option<Num>,
    /// Weight of the batch statistic in the running update (default 0.1, PyTorch's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum: Option<Num>,
    /// The running mean before this pass (default zeros).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_mean: Option<Vec<Num>>,
    /// The running variance before this pass (default ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_var: Option<Vec<Num>>,
    /// `train` (default) or `eval`.
    #[serde(default)]
    pub mode: Mode,
    /// dL/dy, the shape of `x`: asks for the backward pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<Nested>,
}

/// Largest numerator or denominator of a number in the params (keeps exact sums small).
pub const MAX_PART: i64 = 1_000_000_000_000_000;
/// Most channels.
pub const MAX_CHANNELS: usize = 64;

/// The checked layer and batch.
#[derive(Clone, Debug)]
pub struct Layer {
    /// N, C, and H, W when the input has rank 4.
    pub shape: Vec<usize>,
    /// The input, row-major.
    pub x: Vec<Q>,
    /// Scale per channel.
    pub gamma: Vec<Q>,
    /// Shift per channel.
    pub beta: Vec<Q>,
    /// eps.
    pub eps: Q,
    /// Momentum.
    pub momentum: Q,
    /// Running mean before the pass.
    pub running_mean: Vec<Q>,
    /// Running variance before the pass.
    pub running_var: Vec<Q>,
    /// Training mode.
    pub train: bool,
    /// dL/dy, row-major, when the backward pass is asked.
    pub upstream: Option<Vec<Q>>,
}

fn check_number(field: &str, q: &Q) -> Result<()> {
    let limit = num_bigint::BigInt::from(MAX_PART);
    ensure!(
        q.numer().magnitude() <= limit.magnitude() && q.denom() <= limit,
        "field `{field}`: {q} has a numerator or denominator above 10^15 (dlexam's limit)"
    );
    Ok(())
}

fn per_channel(field: &str, given: Option<&Vec<Num>>, c: usize, default: i64) -> Result<Vec<Q>> {
    let Some(values) = given else {
        return Ok(vec![Q::int(default); c]);
    };
    ensure!(
        values.len() == c,
        "field `{field}`: {} values for C = {c} channels (one per channel)",
        values.len()
    );
    for v in values {
        check_number(field, &v.0)?;
    }
    Ok(values.iter().map(|v| v.0.clone()).collect())
}

impl Layer {
    /// Checks the params as PyTorch would (each refusal names its field).
    pub fn from_params(p: &Params) -> Result<Layer> {
        let shape = p.x.shape.clone();
        ensure!(
            shape.len() == 2 || shape.len() == 4,
            "field `x`: expected [N][C] (BatchNorm1d) or [N][C][H][W] (BatchNorm2d), got shape {}",
            p.x.shape_text()
        );
        let c = shape[1];
        ensure!(
            c <= MAX_CHANNELS,
            "field `x`: {c} channels, more than dlexam's limit of {MAX_CHANNELS}"
        );
        for q in &p.x.data {
            check_number("x", q)?;
        }
        let train = p.mode == Mode::Train;
        let per = p.x.data.len() / c;
        ensure!(
            !train || per >= 2,
            "field `x`: one value per channel (N = {} of size {}): training needs more than one to compute a variance, as PyTorch says",
            shape[0],
            per
        );
        let gamma = per_channel("gamma", p.gamma.as_ref(), c, 1)?;
        let beta = per_channel("beta", p.beta.as_ref(), c, 0)?;
        let running_mean = per_channel("running_mean", p.running_mean.as_ref(), c, 0)?;
        let running_var = per_channel("running_var", p.running_var.as_ref(), c, 1)?;
        if let Some(i) = running_var.iter().position(Q::is_negative) {
            return Err(crate::error::Error::invalid(format!(
                "field `running_var`: entry {} is {}, a variance cannot be negative",
                i + 1,
                running_var[i]
            )));
        }
        let eps = p
            .eps
            .as_ref()
            .map_or_else(|| Q::frac(1, 100_000), |n| n.0.clone());
        check_number("eps", &eps)?;
        ensure!(
            !eps.is_negative(),
            "field `eps`: {eps} must not be negative"
        );
        let momentum = p
            .momentum
            .as_ref()
            .map_or_else(|| Q::frac(1, 10), |n| n.0.clone());
        check_number("momentum", &momentum)?;
        ensure!(
            !momentum.is_negative() && momentum <= Q::one(),
            "field `momentum`: {momentum} must be between 0 and 1"
        );
        let upstream = match &p.upstream {
            None => None,
            Some(u) => {
                ensure!(
                    u.shape == shape,
                    "field `upstream`: shape {} differs from the shape of `x`, {} (dL/dy has the shape of y)",
                    u.shape_text(),
                    p.x.shape_text()
                );
                for q in &u.data {
                    check_number("upstream", q)?;
                }
                Some(u.data.clone())
            }
        };
        let layer = Layer {
            shape,
            x: p.x.data.clone(),
            gamma,
            beta,
            eps,
            momentum,
            running_mean,
            running_var,
            train,
            upstream,
        };
        layer.check_roots()?;
        Ok(layer)
    }

    /// Refuses a zero under the root (a constant channel in training, or a zero running
    /// variance in eval, with eps = 0): PyTorch divides by zero there.
    fn check_roots(&self) -> Result<()> {
        for ch in 0..self.channels() {
            let var = if self.train {
                self.batch_var(ch)
            } else {
                self.running_var[ch].clone()
            };
            if (&var + &self.eps).is_zero() {
                let what = if self.train {
                    "all its values are equal, so its batch variance is 0"
                } else {
                    "its running variance is 0"
                };
                return Err(crate::error::Error::invalid(format!(
                    "field `{}`: channel {} cannot be normalised: {what} and eps = 0 (a division by zero)",
                    if self.train { "x" } else { "running_var" },
                    ch + 1
                )));
            }
        }
        Ok(())
    }

    /// C.
    pub fn channels(&self) -> usize {
        self.shape[1]
    }

    /// Values per channel: m = N H W.
    pub fn per_channel(&self) -> usize {
        self.x.len() / self.channels()
    }

    /// H W (1 for rank 2).
    pub fn spatial(&self) -> usize {
        self.shape[2..].iter().product()
    }

    /// The row-major indices of channel `ch`, in the order (n, h, w).
    pub fn indices(&self, ch: usize) -> impl Iterator<Item = usize> + '_ {
        let (c, s) = (self.channels(), self.spatial());
        (0..self.shape[0]).flat_map(move |n| (0..s).map(move |k| (n * c + ch) * s + k))
    }

    /// The channel index of row-major entry `i`.
    pub fn channel_of(&self, i: usize) -> usize {
        (i / self.spatial()) % self.channels()
    }

    /// The mean of channel `ch` over the batch (and the positions).
    pub fn batch_mean(&self, ch: usize) -> Q {
        let sum = self.indices(ch).fold(Q::zero(), |acc, i| acc + &self.x[i]);
        sum / Q::int(self.per_channel() as i64)
    }

    /// The biased variance of channel `ch` (divides by m).
    pub fn batch_var(&self, ch: usize) -> Q {
        let mean = self.batch_mean(ch);
        let sum = self.indices(ch).fold(Q::zero(), |acc, i| {
            let d = &self.x[i] - &mean;
            acc + &d * &d
        });
        sum / Q::int(self.per_channel() as i64)
    }
}

/// The variant the params are (see [`super::BatchNorm`]'s `VARIANTS`).
pub fn variant_of(layer: &Layer) -> &'static str {
    if !layer.train {
        "eval"
    } else if layer.upstream.is_some() {
        "backward"
    } else if layer.shape.len() == 2 {
        "train-1d"
    } else {
        "train-2d"
    }
}
