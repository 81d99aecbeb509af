//! The optimizers, exactly as `torch.optim` computes them, on exact numbers ([`Real`]: exact
//! rationals until a square root of a non-square makes a value a ~45-digit approximation).
//!
//! Every optimizer here works elementwise, so each step is computed parameter by parameter.

use super::Algorithm;
use super::config::{Config, Source};
use crate::error::{Error, Result};
use crate::num::{Q, Real};

/// Everything one step computed, one entry per parameter. Fields an algorithm does not have are
/// `None`.
#[derive(Clone, Debug)]
pub struct StepRecord {
    /// The step number t (1-based).
    pub t: usize,
    /// The loss gradient at theta_{t-1} (given, or from the objective).
    pub grad: Vec<Real>,
    /// The gradient the optimizer uses: `grad + weight_decay * theta_{t-1}` with L2, else `grad`.
    pub grad_used: Vec<Real>,
    /// AdamW: theta_{t-1} after the decoupled decay, `(1 - lr * weight_decay) * theta_{t-1}`.
    pub decayed: Option<Vec<Real>>,
    /// First moment (Adam, AdamW) or momentum buffer.
    pub m: Option<Vec<Real>>,
    /// Second moment (Adam, AdamW) or RMSProp's running square.
    pub v: Option<Vec<Real>>,
    /// Bias-corrected first moment.
    pub m_hat: Option<Vec<Real>>,
    /// Bias-corrected second moment.
    pub v_hat: Option<Vec<Real>>,
    /// The square root in the denominator: sqrt(v_hat), or sqrt(v) without bias correction / RMSProp.
    pub root: Option<Vec<Real>>,
    /// The amount subtracted: theta_t = (decayed or theta_{t-1}) - update.
    pub update: Vec<Real>,
    /// The new parameters.
    pub theta: Vec<Real>,
}

/// A run of k steps.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Starting parameters.
    pub theta0: Vec<Real>,
    /// Steps 1..=k.
    pub steps: Vec<StepRecord>,
}

impl Trace {
    /// theta_t (t = 0 is the start).
    pub fn theta(&self, t: usize) -> &[Real] {
        if t == 0 {
            &self.theta0
        } else {
            &self.steps[t - 1].theta
        }
    }
}

fn ex(q: &Q) -> Real {
    Real::Exact(q.clone())
}

/// Below this, an approximate denominator is too close to zero to divide by reliably.
fn tiny() -> Q {
    Q::frac(1, 10).pow(30)
}

/// Whether [`run`] is sure to succeed, without running it. A run fails only on a denominator
/// `sqrt(..) + eps` that is zero or, approximated, below [`tiny`]; the root is never negative
/// (and an approximate sum is rounded to 50 places, a grid that [`tiny`] lies on), so an `eps`
/// of at least [`tiny`] rules that out, as does an algorithm that never divides.
pub fn never_fails(cfg: &Config) -> bool {
    matches!(cfg.algorithm, Algorithm::Sgd | Algorithm::Momentum) || cfg.eps >= tiny()
}

/// Runs the optimizer for `cfg.steps` steps.
pub fn run(cfg: &Config) -> Result<Trace> {
    let p = cfg.dim();
    let theta0: Vec<Real> = cfg.theta0.iter().map(ex).collect();
    let mut theta = theta0.clone();
    let zero = Real::Exact(Q::zero());
    let mut m = vec![zero.clone(); p];
    let mut v = vec![zero.clone(); p];
    let (lr, b1, b2, eps, wd, mu) = (
        ex(&cfg.lr),
        ex(&cfg.beta1),
        ex(&cfg.beta2),
        ex(&cfg.eps),
        ex(&cfg.weight_decay),
        ex(&cfg.momentum),
    );
    let one = Real::Exact(Q::one());
    let mut steps = Vec::with_capacity(cfg.steps);
    for t in 1..=cfg.steps {
        let grad: Vec<Real> = match &cfg.source {
            Source::Grads(rows) => rows[t - 1].iter().map(ex).collect(),
            Source::Quadratic { a, c } => (0..p)
                .map(|i| &(&ex(&Q::int(2)) * &ex(&a[i])) * &(&theta[i] - &ex(&c[i])))
                .collect(),
        };
        let grad_used: Vec<Real> = if cfg.l2() {
            (0..p).map(|i| &grad[i] + &(&wd * &theta[i])).collect()
        } else {
            grad.clone()
        };
        let decayed = (cfg.algorithm == Algorithm::Adamw).then(|| {
            let factor = &one - &(&lr * &wd);
            theta.iter().map(|x| &factor * x).collect::<Vec<_>>()
        });
        let base = decayed.clone().unwrap_or_else(|| theta.clone());
        let g = &grad_used;
        let mut rec = StepRecord {
            t,
            grad: grad.clone(),
            grad_used: g.clone(),
            decayed,
            m: None,
            v: None,
            m_hat: None,
            v_hat: None,
            root: None,
            update: Vec::new(),
            theta: Vec::new(),
        };
        match cfg.algorithm {
            Algorithm::Sgd => {
                rec.update = g.iter().map(|gi| &lr * gi).collect();
            }
            Algorithm::Momentum => {
                // PyTorch starts the buffer at the first gradient; with m_0 = 0, mu*0 + g is the same.
                m = (0..p).map(|i| &(&mu * &m[i]) + &g[i]).collect();
                rec.update = m.iter().map(|mi| &lr * mi).collect();
                rec.m = Some(m.clone());
            }
            Algorithm::Rmsprop => {
                v = (0..p)
                    .map(|i| &(&b2 * &v[i]) + &(&(&one - &b2) * &(&g[i] * &g[i])))
                    .collect();
                let root = roots(&v);
                rec.update = divide(t, &lr, g, &root, &eps, "v")?;
                rec.v = Some(v.clone());
                rec.root = Some(root);
            }
            Algorithm::Adam | Algorithm::Adamw => {
                m = (0..p)
                    .map(|i| &(&b1 * &m[i]) + &(&(&one - &b1) * &g[i]))
                    .collect();
                v = (0..p)
                    .map(|i| &(&b2 * &v[i]) + &(&(&one - &b2) * &(&g[i] * &g[i])))
                    .collect();
                let (num, den) = if cfg.bias_correction {
                    let t_pow = u32::try_from(t).expect("steps are at most 20");
                    let c1 = ex(&(Q::one() - cfg.beta1.pow(t_pow)));
                    let c2 = ex(&(Q::one() - cfg.beta2.pow(t_pow)));
                    let m_hat: Vec<Real> = m.iter().map(|x| x / &c1).collect();
                    let v_hat: Vec<Real> = v.iter().map(|x| x / &c2).collect();
                    rec.m_hat = Some(m_hat.clone());
                    rec.v_hat = Some(v_hat.clone());
                    (m_hat, v_hat)
                } else {
                    (m.clone(), v.clone())
                };
                let root = roots(&den);
                let label = if cfg.bias_correction { "v_hat" } else { "v" };
                rec.update = divide(t, &lr, &num, &root, &eps, label)?;
                rec.m = Some(m.clone());
                rec.v = Some(v.clone());
                rec.root = Some(root);
            }
        }
        theta = (0..p).map(|i| &base[i] - &rec.update[i]).collect();
        rec.theta = theta.clone();
        steps.push(rec);
    }
    Ok(Trace { theta0, steps })
}

/// The square roots.
fn roots(values: &[Real]) -> Vec<Real> {
    values
        .iter()
        .map(|x| {
            x.sqrt()
                .expect("a running average of squares is not negative")
        })
        .collect()
}

/// `lr * num_i / (root_i + eps)`, refusing a zero denominator (PyTorch would give nan or inf).
fn divide(
    t: usize,
    lr: &Real,
    num: &[Real],
    root: &[Real],
    eps: &Real,
    v_name: &str,
) -> Result<Vec<Real>> {
    let mut out = Vec::with_capacity(num.len());
    for (i, (n, r)) in num.iter().zip(root).enumerate() {
        let den = r + eps;
        let unreliable = !den.is_exact() && den.value().abs() < tiny();
        if den.value().is_zero() || unreliable {
            let which = if num.len() == 1 {
                String::new()
            } else {
                format!(", parameter {}", i + 1)
            };
            let why = if unreliable { "is below 1e-30" } else { "= 0" };
            return Err(Error::invalid(format!(
                "field `eps`: at step {t}{which}, sqrt({v_name}) + eps {why} (the gradients so far are 0 and eps = 0): the update divides by zero and PyTorch would give nan; use eps > 0"
            )));
        }
        out.push(&(lr * n) / &den);
    }
    Ok(out)
}
