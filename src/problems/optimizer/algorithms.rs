//! The optimizers, exactly as `torch.optim` computes them, written once for any [`Arith`]metic.
//!
//! Every optimizer here works elementwise, so a run is computed parameter by parameter
//! ([`run_param`]). The solver runs it on [`Real`] numbers (exact rationals until a square root of
//! a non-square makes a value a ~45-digit approximation) and gathers the parameters into a
//! [`Trace`] ([`run`]); the sampler runs it on exact rationals that stop at the first value that
//! breaks the exam rule (`filter.rs`), so the sampler accepts exactly the runs the solver then
//! shows.

use super::Algorithm;
use super::config::{Config, Source};
use crate::error::{Error, Result};
use crate::num::{Q, Real};

/// The numbers a run is computed in, and what stops it.
pub trait Arith {
    /// The number type.
    type N: Clone;
    /// An exact rational as such a number.
    fn lift(q: &Q) -> Self::N;
    /// `a + b`.
    fn add(a: &Self::N, b: &Self::N) -> Self::N;
    /// `a - b`.
    fn sub(a: &Self::N, b: &Self::N) -> Self::N;
    /// `a * b`.
    fn mul(a: &Self::N, b: &Self::N) -> Self::N;
    /// `a / b`, for a `b` that [`Arith::fault`] let through.
    fn div(a: &Self::N, b: &Self::N) -> Self::N;
    /// A value the worked steps show: `None` stops the run with [`Stop::Rule`].
    fn shown(x: Self::N) -> Option<Self::N>;
    /// The square root of a running square (never negative): `None` stops the run with
    /// [`Stop::Rule`].
    fn root(x: &Self::N) -> Option<Self::N>;
    /// Why a denominator cannot be divided by: it is zero, or (approximated) too close to zero
    /// to divide by reliably.
    fn fault(den: &Self::N) -> Option<DivideFault>;
    /// The rational a number holds (an approximation's rational, if it is one).
    fn value(x: &Self::N) -> &Q;
}

/// A config's hyperparameters in an arithmetic, with the factors every step of every parameter
/// uses: `1 - beta1`, `1 - beta2`, AdamW's `1 - lr * weight_decay` and, where there are m_hat
/// and v_hat, the bias corrections `1 - beta^t` of each step.
pub struct Rates<A: Arith> {
    lr: A::N,
    beta1: A::N,
    beta2: A::N,
    eps: A::N,
    weight_decay: A::N,
    momentum: A::N,
    keep1: A::N,
    keep2: A::N,
    decay: A::N,
    /// `1 - beta1^t` for t = 1..=steps (empty without bias correction).
    correct1: Vec<A::N>,
    /// `1 - beta2^t` likewise.
    correct2: Vec<A::N>,
}

impl<A: Arith> Rates<A> {
    /// The rates of `cfg` (its hyperparameters and number of steps; theta and the gradients
    /// play no part).
    pub fn new(cfg: &Config) -> Self {
        let one = Q::one();
        let corrections = |beta: &Q| -> Vec<A::N> {
            if !cfg.has_hats() {
                return Vec::new();
            }
            (1..=cfg.steps)
                .map(|t| {
                    let t = u32::try_from(t).expect("steps are at most 20");
                    A::lift(&(&one - &beta.pow(t)))
                })
                .collect()
        };
        Rates {
            lr: A::lift(&cfg.lr),
            beta1: A::lift(&cfg.beta1),
            beta2: A::lift(&cfg.beta2),
            eps: A::lift(&cfg.eps),
            weight_decay: A::lift(&cfg.weight_decay),
            momentum: A::lift(&cfg.momentum),
            keep1: A::lift(&(&one - &cfg.beta1)),
            keep2: A::lift(&(&one - &cfg.beta2)),
            decay: A::lift(&(&one - &(&cfg.lr * &cfg.weight_decay))),
            correct1: corrections(&cfg.beta1),
            correct2: corrections(&cfg.beta2),
        }
    }
}

/// Why a denominator `sqrt(..) + eps` cannot be divided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivideFault {
    /// It is zero.
    Zero,
    /// It is an approximation below [`tiny`].
    Unreliable,
}

/// Why a run of one parameter stopped before its last step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A value broke the arithmetic's rule ([`Arith::shown`], [`Arith::root`]).
    Rule,
    /// Step `t` would divide by `sqrt(<v_name>) + eps`, which it cannot.
    Divide {
        /// The step.
        t: usize,
        /// The running square under the root: `v` or `v_hat`.
        v_name: &'static str,
        /// What is wrong with the denominator.
        fault: DivideFault,
    },
}

/// Everything one step computed for one parameter. Fields an algorithm does not have are `None`.
#[derive(Clone, Debug)]
pub struct ParamStep<N> {
    /// The loss gradient at theta_{t-1} (given, or from the objective).
    pub grad: N,
    /// The gradient the optimizer uses: `grad + weight_decay * theta_{t-1}` with L2, else `grad`.
    pub grad_used: N,
    /// AdamW: theta_{t-1} after the decoupled decay, `(1 - lr * weight_decay) * theta_{t-1}`.
    pub decayed: Option<N>,
    /// First moment (Adam, AdamW) or momentum buffer.
    pub m: Option<N>,
    /// Second moment (Adam, AdamW) or RMSProp's running square.
    pub v: Option<N>,
    /// Bias-corrected first moment.
    pub m_hat: Option<N>,
    /// Bias-corrected second moment.
    pub v_hat: Option<N>,
    /// The square root in the denominator: sqrt(v_hat), or sqrt(v) without bias correction / RMSProp.
    pub root: Option<N>,
    /// The amount subtracted: theta_t = (decayed or theta_{t-1}) - update.
    pub update: N,
    /// The new parameter.
    pub theta: N,
}

/// Runs parameter `i` of `cfg` for `cfg.steps` steps, handing each step to `each` in order.
/// `rates` are [`Rates::new`] of `cfg`.
pub fn run_param<A: Arith>(
    cfg: &Config,
    rates: &Rates<A>,
    i: usize,
    mut each: impl FnMut(ParamStep<A::N>),
) -> std::result::Result<(), Stop> {
    let shown = |x: A::N| A::shown(x).ok_or(Stop::Rule);
    let root = |x: &A::N| A::root(x).ok_or(Stop::Rule);
    let Rates {
        lr,
        beta1: b1,
        beta2: b2,
        eps,
        weight_decay: wd,
        momentum: mu,
        keep1,
        keep2,
        decay,
        correct1,
        correct2,
    } = rates;
    // The running average `beta * old + (1 - beta) * new`, with `keep = 1 - beta`.
    let average = |beta: &A::N, keep: &A::N, old: &A::N, new: &A::N| {
        A::add(&A::mul(beta, old), &A::mul(keep, new))
    };
    // `lr * num / (root + eps)`.
    let divide = |t: usize, num: &A::N, root: &A::N, v_name: &'static str| {
        let den = A::add(root, eps);
        match A::fault(&den) {
            Some(fault) => Err(Stop::Divide { t, v_name, fault }),
            None => Ok(A::div(&A::mul(lr, num), &den)),
        }
    };
    let mut theta = shown(A::lift(&cfg.theta0[i]))?;
    let zero = A::lift(&Q::zero());
    let (mut m, mut v) = (zero.clone(), zero);
    for t in 1..=cfg.steps {
        let grad = shown(match &cfg.source {
            Source::Grads(rows) => A::lift(&rows[t - 1][i]),
            Source::Quadratic { a, c } => A::mul(
                &A::lift(&(&Q::int(2) * &a[i])),
                &A::sub(&theta, &A::lift(&c[i])),
            ),
        })?;
        let grad_used = if cfg.l2() {
            shown(A::add(&grad, &A::mul(wd, &theta)))?
        } else {
            grad.clone()
        };
        let decayed = if cfg.algorithm == Algorithm::Adamw {
            Some(shown(A::mul(decay, &theta))?)
        } else {
            None
        };
        let g = &grad_used;
        let (mut m_t, mut v_t, mut m_hat, mut v_hat, mut root_t) = (None, None, None, None, None);
        let update = match cfg.algorithm {
            Algorithm::Sgd => A::mul(lr, g),
            Algorithm::Momentum => {
                // PyTorch starts the buffer at the first gradient; with m_0 = 0, mu*0 + g is the same.
                m = shown(A::add(&A::mul(mu, &m), g))?;
                m_t = Some(m.clone());
                A::mul(lr, &m)
            }
            Algorithm::Rmsprop => {
                v = shown(average(b2, keep2, &v, &A::mul(g, g)))?;
                v_t = Some(v.clone());
                let r = root_t.insert(root(&v)?);
                divide(t, g, r, "v")?
            }
            Algorithm::Adam | Algorithm::Adamw => {
                m = shown(average(b1, keep1, &m, g))?;
                v = shown(average(b2, keep2, &v, &A::mul(g, g)))?;
                m_t = Some(m.clone());
                v_t = Some(v.clone());
                if cfg.bias_correction {
                    let m_hat = m_hat.insert(shown(A::div(&m, &correct1[t - 1]))?);
                    let v_hat = v_hat.insert(shown(A::div(&v, &correct2[t - 1]))?);
                    let r = root_t.insert(root(v_hat)?);
                    divide(t, m_hat, r, "v_hat")?
                } else {
                    let r = root_t.insert(root(&v)?);
                    divide(t, &m, r, "v")?
                }
            }
        };
        let update = shown(update)?;
        theta = shown(A::sub(decayed.as_ref().unwrap_or(&theta), &update))?;
        each(ParamStep {
            grad,
            grad_used,
            decayed,
            m: m_t,
            v: v_t,
            m_hat,
            v_hat,
            root: root_t,
            update,
            theta: theta.clone(),
        });
    }
    Ok(())
}

/// Everything one step computed, one entry per parameter (see [`ParamStep`]).
#[derive(Clone, Debug)]
pub struct StepRecord {
    /// The step number t (1-based).
    pub t: usize,
    /// See [`ParamStep::grad`].
    pub grad: Vec<Real>,
    /// See [`ParamStep::grad_used`].
    pub grad_used: Vec<Real>,
    /// See [`ParamStep::decayed`].
    pub decayed: Option<Vec<Real>>,
    /// See [`ParamStep::m`].
    pub m: Option<Vec<Real>>,
    /// See [`ParamStep::v`].
    pub v: Option<Vec<Real>>,
    /// See [`ParamStep::m_hat`].
    pub m_hat: Option<Vec<Real>>,
    /// See [`ParamStep::v_hat`].
    pub v_hat: Option<Vec<Real>>,
    /// See [`ParamStep::root`].
    pub root: Option<Vec<Real>>,
    /// See [`ParamStep::update`].
    pub update: Vec<Real>,
    /// See [`ParamStep::theta`].
    pub theta: Vec<Real>,
}

impl StepRecord {
    fn new(t: usize) -> StepRecord {
        StepRecord {
            t,
            grad: Vec::new(),
            grad_used: Vec::new(),
            decayed: None,
            m: None,
            v: None,
            m_hat: None,
            v_hat: None,
            root: None,
            update: Vec::new(),
            theta: Vec::new(),
        }
    }

    /// Appends the next parameter's values.
    fn push(&mut self, s: ParamStep<Real>) {
        fn add(to: &mut Option<Vec<Real>>, value: Option<Real>) {
            if let Some(x) = value {
                to.get_or_insert_with(Vec::new).push(x);
            }
        }
        self.grad.push(s.grad);
        self.grad_used.push(s.grad_used);
        add(&mut self.decayed, s.decayed);
        add(&mut self.m, s.m);
        add(&mut self.v, s.v);
        add(&mut self.m_hat, s.m_hat);
        add(&mut self.v_hat, s.v_hat);
        add(&mut self.root, s.root);
        self.update.push(s.update);
        self.theta.push(s.theta);
    }
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

/// The solution's arithmetic: [`Real`], every value allowed; a denominator that is zero or an
/// approximation below [`tiny`] cannot be divided by.
pub struct Solver;

impl Arith for Solver {
    type N = Real;
    fn lift(q: &Q) -> Real {
        Real::Exact(q.clone())
    }
    fn add(a: &Real, b: &Real) -> Real {
        a + b
    }
    fn sub(a: &Real, b: &Real) -> Real {
        a - b
    }
    fn mul(a: &Real, b: &Real) -> Real {
        a * b
    }
    fn div(a: &Real, b: &Real) -> Real {
        a / b
    }
    fn shown(x: Real) -> Option<Real> {
        Some(x)
    }
    fn root(x: &Real) -> Option<Real> {
        Some(
            x.sqrt()
                .expect("a running average of squares is not negative"),
        )
    }
    fn fault(den: &Real) -> Option<DivideFault> {
        if den.value().is_zero() {
            Some(DivideFault::Zero)
        } else if !den.is_exact() && den.value().abs() < tiny() {
            Some(DivideFault::Unreliable)
        } else {
            None
        }
    }
    fn value(x: &Real) -> &Q {
        x.value()
    }
}

/// Below this, an approximate denominator is too close to zero to divide by reliably.
fn tiny() -> Q {
    Q::frac(1, 10).pow(30)
}

/// The steps of parameter `i` of `cfg` (see [`run_param`]).
pub fn param_steps<A: Arith>(
    cfg: &Config,
    rates: &Rates<A>,
    i: usize,
) -> std::result::Result<Vec<ParamStep<A::N>>, Stop> {
    let mut steps = Vec::new();
    run_param(cfg, rates, i, |step| steps.push(step))?;
    Ok(steps)
}

/// Runs the optimizer for `cfg.steps` steps. A division it cannot do is refused (exit 2) naming
/// the first step, and in it the first parameter, where it happens.
pub fn run(cfg: &Config) -> Result<Trace> {
    let p = cfg.dim();
    let mut steps: Vec<StepRecord> = (1..=cfg.steps).map(StepRecord::new).collect();
    let mut first_failure: Option<(usize, usize, &'static str, DivideFault)> = None;
    let rates = Rates::<Solver>::new(cfg);
    for i in 0..p {
        let mut records = steps.iter_mut();
        let ran = run_param(cfg, &rates, i, |s| {
            records.next().expect("one record per step").push(s);
        });
        if let Err(Stop::Divide { t, v_name, fault }) = ran {
            if first_failure.is_none_or(|(first_t, ..)| t < first_t) {
                first_failure = Some((t, i, v_name, fault));
            }
        }
    }
    if let Some((t, i, v_name, fault)) = first_failure {
        let which = if p == 1 {
            String::new()
        } else {
            format!(", parameter {}", i + 1)
        };
        let why = match fault {
            DivideFault::Unreliable => "is below 1e-30",
            DivideFault::Zero => "= 0",
        };
        return Err(Error::invalid(format!(
            "field `eps`: at step {t}{which}, sqrt({v_name}) + eps {why} (the gradients so far are 0 and eps = 0): the update divides by zero and PyTorch would give nan; use eps > 0"
        )));
    }
    Ok(Trace {
        theta0: cfg.theta0.iter().map(Solver::lift).collect(),
        steps,
    })
}
