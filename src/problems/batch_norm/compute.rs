//! The numbers of batch norm, exactly: the statistics that normalise, x_hat, y, the running
//! update and the backward pass. Everything is rational but the root sqrt(var + eps).

use super::params::Layer;
use crate::num::{Q, Real};

/// The forward (and, with `upstream`, backward) pass of a checked layer.
#[derive(Clone, Debug)]
pub struct Pass {
    /// The mean that normalises, per channel (the batch's in training, the running one in eval).
    pub mean: Vec<Q>,
    /// The variance that normalises (biased batch variance in training, the running one in eval).
    pub var: Vec<Q>,
    /// sqrt(var + eps), per channel.
    pub std: Vec<Real>,
    /// (x - mean) / std, row-major.
    pub x_hat: Vec<Real>,
    /// gamma x_hat + beta, row-major.
    pub y: Vec<Real>,
    /// Training only: the unbiased variance m/(m-1) var, and the updated running statistics.
    pub update: Option<Update>,
    /// With `upstream`: the gradients.
    pub grads: Option<Grads>,
}

/// The running statistics after a training pass.
#[derive(Clone, Debug)]
pub struct Update {
    /// var m/(m-1), per channel.
    pub unbiased: Vec<Q>,
    /// (1 - momentum) running_mean + momentum mean.
    pub running_mean: Vec<Q>,
    /// (1 - momentum) running_var + momentum unbiased.
    pub running_var: Vec<Q>,
}

/// The backward pass.
#[derive(Clone, Debug)]
pub struct Grads {
    /// dL/dbeta = sum of g over the channel.
    pub dbeta: Vec<Q>,
    /// dL/dgamma = sum of g x_hat over the channel.
    pub dgamma: Vec<Real>,
    /// dL/dx, row-major.
    pub dx: Vec<Real>,
    /// Training only, per entry: m g - sum g - x_hat sum(g x_hat), the bracket of dL/dx.
    pub bracket: Option<Vec<Real>>,
}

fn exact(q: &Q) -> Real {
    Real::Exact(q.clone())
}

/// `a * b`, exactly zero when either factor is an exact zero.
pub fn mul(a: &Real, b: &Real) -> Real {
    let zero = |r: &Real| r.is_exact() && r.value().is_zero();
    if zero(a) || zero(b) {
        Real::Exact(Q::zero())
    } else {
        a * b
    }
}

/// The pass of a checked layer (its roots are not zero: [`Layer::from_params`] checked that).
pub fn run(layer: &Layer) -> Pass {
    let c = layer.channels();
    let (mean, var): (Vec<Q>, Vec<Q>) = if layer.train {
        (0..c)
            .map(|ch| (layer.batch_mean(ch), layer.batch_var(ch)))
            .unzip()
    } else {
        (layer.running_mean.clone(), layer.running_var.clone())
    };
    let std: Vec<Real> = var
        .iter()
        .map(|v| exact(&(v + &layer.eps)).sqrt().expect("var + eps >= 0"))
        .collect();
    let x_hat: Vec<Real> = (0..layer.x.len())
        .map(|i| {
            let ch = layer.channel_of(i);
            let diff = &layer.x[i] - &mean[ch];
            if diff.is_zero() {
                return Real::Exact(diff);
            }
            exact(&diff)
                .checked_div(&std[ch])
                .expect("checked: the root is not zero")
        })
        .collect();
    let y: Vec<Real> = x_hat
        .iter()
        .enumerate()
        .map(|(i, xh)| {
            let ch = layer.channel_of(i);
            &mul(&exact(&layer.gamma[ch]), xh) + &exact(&layer.beta[ch])
        })
        .collect();
    let update = layer.train.then(|| running_update(layer, &mean, &var));
    let grads = layer
        .upstream
        .as_ref()
        .map(|g| backward(layer, g, &std, &x_hat));
    Pass {
        mean,
        var,
        std,
        x_hat,
        y,
        update,
        grads,
    }
}

fn running_update(layer: &Layer, mean: &[Q], var: &[Q]) -> Update {
    let m = layer.per_channel() as i64;
    let factor = Q::frac(m, m - 1);
    let keep = Q::one() - &layer.momentum;
    let unbiased: Vec<Q> = var.iter().map(|v| v * &factor).collect();
    let blend = |old: &[Q], new: &[Q]| -> Vec<Q> {
        old.iter()
            .zip(new)
            .map(|(o, n)| &(&keep * o) + &(&layer.momentum * n))
            .collect()
    };
    Update {
        running_mean: blend(&layer.running_mean, mean),
        running_var: blend(&layer.running_var, &unbiased),
        unbiased,
    }
}

fn backward(layer: &Layer, g: &[Q], std: &[Real], x_hat: &[Real]) -> Grads {
    let c = layer.channels();
    let dbeta: Vec<Q> = (0..c)
        .map(|ch| layer.indices(ch).fold(Q::zero(), |acc, i| acc + &g[i]))
        .collect();
    let dgamma: Vec<Real> = (0..c)
        .map(|ch| {
            layer.indices(ch).fold(Real::Exact(Q::zero()), |acc, i| {
                &acc + &mul(&exact(&g[i]), &x_hat[i])
            })
        })
        .collect();
    if !layer.train {
        // The statistics are constants: dL/dx = g gamma / std.
        let dx = (0..g.len())
            .map(|i| {
                let ch = layer.channel_of(i);
                mul(&exact(&(&g[i] * &layer.gamma[ch])), &std[ch].recip())
            })
            .collect();
        return Grads {
            dbeta,
            dgamma,
            dx,
            bracket: None,
        };
    }
    let m = Q::int(layer.per_channel() as i64);
    let bracket: Vec<Real> = (0..g.len())
        .map(|i| {
            let ch = layer.channel_of(i);
            let rational = exact(&(&(&m * &g[i]) - &dbeta[ch]));
            &rational - &mul(&x_hat[i], &dgamma[ch])
        })
        .collect();
    let dx = bracket
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let ch = layer.channel_of(i);
            let scale = exact(&layer.gamma[ch])
                .checked_div(&mul(&exact(&m), &std[ch]))
                .expect("checked: the root is not zero");
            mul(&scale, b)
        })
        .collect();
    Grads {
        dbeta,
        dgamma,
        dx,
        bracket: Some(bracket),
    }
}

trait Recip {
    fn recip(&self) -> Real;
}

impl Recip for Real {
    fn recip(&self) -> Real {
        exact(&Q::one())
            .checked_div(self)
            .expect("checked: the root is not zero")
    }
}
