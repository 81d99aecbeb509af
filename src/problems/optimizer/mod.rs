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
//! Calculator-free rule (`exam`): `eps = 0` (said in the statement); betas from 1/2, 3/4, 9/10,
//! 24/25, 99/100 chosen so that `1 - beta2` is a perfect square; integer gradients, starting
//! values and minimisers; learning rates 1/10, 1/4, 1/2 or 1. Sampling redraws, parameter by
//! parameter, until every value of the solution and of every sub-question is exact (so every
//! `v_hat`, and RMSProp's every `v`, is the square of a rational and its root is exact) and is
//! an integer or a fraction with denominator at most 100 and numerator at most 2000 in size.
//! `practice` uses PyTorch's defaults (0.9, 0.999, eps = 1e-8) with one-decimal numbers, so
//! most values are approximations with tolerances; `hard` adds three parameters of very
//! different gradient scales, zero gradients, beta2 = 0.99 and ill-conditioned quadratics.

mod algorithms;
mod config;
mod display;
mod parts;
mod sample;
mod steps;
#[cfg(test)]
mod tests;

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::params::{Int, Num};
use super::{Difficulty, Family, Solved};
use crate::error::Result;
use crate::num::Q;
use crate::solution::{Question, Solution, Step};
use config::{Config, Source};
use display::{py, show, show_q, vector_tex};

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
            Algorithm::Adam | Algorithm::Adamw => {
                &["lr", "beta1", "beta2", "eps", "weight_decay", "bias_correction"]
            }
            Algorithm::Sgd => &["lr", "weight_decay"],
            Algorithm::Momentum => &["lr", "momentum", "weight_decay"],
            Algorithm::Rmsprop => &["lr", "beta2", "eps", "weight_decay"],
        }
    }

    /// PyTorch's default learning rate.
    pub fn default_lr(self) -> Q {
        if self == Algorithm::Rmsprop { Q::frac(1, 100) } else { Q::frac(1, 1000) }
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

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample(rng, difficulty, variant)
    }

    fn solve(p: &Params) -> Result<Solved> {
        let cfg = Config::from_params(p)?;
        let trace = algorithms::run(&cfg)?;
        let parts = parts::parts(&cfg, &trace);
        let mut solution = vec![setup_step(&cfg)];
        solution.extend((1..=cfg.steps).map(|t| steps::step(&cfg, &trace, t)));
        solution.push(steps::table(&cfg, &trace));
        let mut answers = steps::answers(&trace);
        for part in &parts {
            solution.extend(part.steps.iter().cloned());
            answers.extend(part.answers.iter().cloned());
        }
        solution.extend(conventions(&cfg));
        Ok(Solved {
            variant: variant_of(&cfg).to_string(),
            question: Question::new(facts(&cfg, &parts)),
            answers,
            solution: Solution { steps: solution },
        })
    }
}

fn vec_tex(values: &[Q]) -> String {
    vector_tex(&values.iter().map(|q| show(&crate::num::Real::Exact(q.clone()))).collect::<Vec<_>>())
}

fn facts(cfg: &Config, parts: &[parts::Part]) -> serde_json::Value {
    let alg = cfg.algorithm;
    let p = cfg.dim();
    let mut hyper = vec![format!("\\eta = {}", show_q(&cfg.lr))];
    if alg.is_adam() {
        hyper.push(format!("\\beta_1 = {}", show_q(&cfg.beta1)));
    }
    if alg.is_adam() || alg == Algorithm::Rmsprop {
        hyper.push(format!("\\beta_2 = {}", show_q(&cfg.beta2)));
        hyper.push(format!("\\epsilon = {}", show_q(&cfg.eps)));
    }
    if alg == Algorithm::Momentum {
        hyper.push(format!("\\mu = {}", show_q(&cfg.momentum)));
    }
    if alg == Algorithm::Adamw || cfg.weight_decay.is_positive() {
        hyper.push(format!("\\lambda = {}", show_q(&cfg.weight_decay)));
    }
    let mut call = vec![format!("lr={}", py(&cfg.lr))];
    match alg {
        Algorithm::Adam | Algorithm::Adamw => {
            call.push(format!("betas=({}, {})", py(&cfg.beta1), py(&cfg.beta2)));
            call.push(format!("eps={}", py(&cfg.eps)));
        }
        Algorithm::Rmsprop => {
            call.push(format!("alpha={}", py(&cfg.beta2)));
            call.push(format!("eps={}", py(&cfg.eps)));
        }
        Algorithm::Momentum => call.push(format!("momentum={}", py(&cfg.momentum))),
        Algorithm::Sgd => {}
    }
    if alg == Algorithm::Adamw || cfg.weight_decay.is_positive() {
        call.push(format!("weight_decay={}", py(&cfg.weight_decay)));
    }
    let class = match alg {
        Algorithm::Adam => "Adam",
        Algorithm::Adamw => "AdamW",
        Algorithm::Sgd | Algorithm::Momentum => "SGD",
        Algorithm::Rmsprop => "RMSprop",
    };
    let mut quad = None;
    let (grads, objective, gradient) = match &cfg.source {
        Source::Grads(rows) => (Some(rows.iter().map(|g| vec_tex(g)).collect::<Vec<_>>()), None, None),
        Source::Quadratic { a, c } => {
            let terms: Vec<String> = (0..p)
                .map(|i| {
                    let name = if p == 1 { "\\theta".to_string() } else { format!("\\theta^{{({})}}", i + 1) };
                    let coef = if a[i] == Q::one() { String::new() } else { show_q(&a[i]) };
                    let shift = if c[i].is_zero() { String::new() } else { format!(" {}", minus(&c[i])) };
                    if shift.is_empty() && p == 1 {
                        format!("{coef}\\,{name}^2")
                    } else {
                        format!("{coef}\\left({name}{shift}\\right)^2")
                    }
                })
                .collect();
            let gradient = if p == 1 {
                format!("g_t = 2 \\cdot {} \\cdot (\\theta_{{t-1}} {})", show_q(&a[0]), minus(&c[0]))
            } else {
                "g_t^{(i)} = 2 a_i \\left(\\theta_{t-1}^{(i)} - c_i\\right)".to_string()
            };
            quad = Some((vec_tex(a), vec_tex(c)));
            (None, Some(terms.join(" + ").replace("+ -", "- ")), Some(gradient))
        }
    };
    let start = match alg {
        Algorithm::Adam | Algorithm::Adamw => Some("m_0 = v_0 = 0"),
        Algorithm::Momentum => Some("m_0 = 0"),
        Algorithm::Rmsprop => Some("v_0 = 0"),
        Algorithm::Sgd => None,
    };
    let mut quantities: Vec<&str> = Vec::new();
    if matches!(alg, Algorithm::Adam | Algorithm::Adamw | Algorithm::Momentum) {
        quantities.push("$m_t$");
    }
    if matches!(alg, Algorithm::Adam | Algorithm::Adamw | Algorithm::Rmsprop) {
        quantities.push("$v_t$");
    }
    if cfg.has_hats() {
        quantities.extend(["$\\hat{m}_t$", "$\\hat{v}_t$"]);
    }
    let quantities = match quantities.len() {
        0 => "$\\theta_t$".to_string(),
        _ => format!("{} and $\\theta_t$", quantities.join(", ")),
    };
    json!({
        "name": alg.title(),
        "algorithm": alg.name(),
        "call": format!("{class}([theta], {})", call.join(", ")),
        "p": p,
        "names": steps::join_and(
            &(0..p).map(|i| if p == 1 { "$\\theta$".to_string() } else { format!("$\\theta^{{({})}}$", i + 1) }).collect::<Vec<_>>()
        ),
        "k": cfg.steps,
        "theta0": vec_tex(&cfg.theta0),
        "grads": grads,
        "objective": objective,
        "gradient": gradient,
        "a": quad.as_ref().map(|q| q.0.clone()),
        "c": quad.as_ref().map(|q| q.1.clone()),
        "hyper": hyper,
        "eps_zero": cfg.eps.is_zero() && (alg.is_adam() || alg == Algorithm::Rmsprop),
        "start": start,
        "rule": steps::rule_tex(cfg),
        "quantities": quantities,
        "ts": steps_list(cfg.steps),
        "bias_correction": cfg.bias_correction,
        "l2": cfg.l2(),
        "part": parts::flags(parts),
    })
}

/// `t = 1`, `t = 1, 2`, `t = 1, 2, 3`, `t = 1, \dots, k`.
pub fn steps_list(k: usize) -> String {
    match k {
        1..=3 => format!("t = {}", (1..=k).map(|t| t.to_string()).collect::<Vec<_>>().join(", ")),
        _ => format!("t = 1, \\dots, {k}"),
    }
}

fn minus(c: &Q) -> String {
    if c.is_negative() { format!("+ {}", show_q(&-c)) } else { format!("- {}", show_q(c)) }
}

fn setup_step(cfg: &Config) -> Step {
    let start = match cfg.algorithm {
        Algorithm::Adam | Algorithm::Adamw => "Both averages start at zero, $m_0 = v_0 = 0$. ",
        Algorithm::Momentum => "The buffer starts at zero, $m_0 = 0$, so $m_1 = g_1$: PyTorch starts the buffer at the first gradient. ",
        Algorithm::Rmsprop => "The running square starts at zero, $v_0 = 0$. ",
        Algorithm::Sgd => "",
    };
    let u = if matches!(cfg.algorithm, Algorithm::Sgd | Algorithm::Momentum) {
        ""
    } else {
        "; $u_t$ is the amount subtracted in step $t$"
    };
    let path = if cfg.quadratic() {
        " Each gradient is taken at the parameters of the step before, so a slip in one step carries into every later one, as in a real run."
    } else {
        ""
    };
    let l2 = if cfg.l2() {
        " With `weight_decay` PyTorch adds $\\lambda\\theta_{t-1}$ to the gradient first: $\\tilde{g}_t$ below."
    } else {
        ""
    };
    Step::new(
        "Setup",
        format!("{start}Every operation is elementwise, so each parameter is updated on its own{u}.{l2}{path}"),
    )
}

fn conventions(cfg: &Config) -> Option<Step> {
    let text = match cfg.algorithm {
        Algorithm::Adam | Algorithm::Adamw => {
            let decay = if cfg.algorithm == Algorithm::Adamw {
                " PyTorch's AdamW multiplies the weights by $1 - \\eta\\lambda$ before the step (the decay scales with the learning rate) and never lets it enter $m_t$ or $v_t$."
            } else {
                ""
            };
            format!(
                "PyTorch, like the update rule above and Algorithm 1 of Kingma and Ba, adds $\\epsilon$ outside the square root: $\\sqrt{{\\hat{{v}}_t}} + \\epsilon$. Some texts write $\\sqrt{{\\hat{{v}}_t + \\epsilon}}$ with $\\epsilon$ inside; TensorFlow/Keras adds its $\\epsilon$ to $\\sqrt{{v_t}}$ before the bias correction is folded into the step size (the paper's $\\hat{{\\epsilon}}$). With $\\epsilon = 10^{{-8}}$ they agree unless the gradients are themselves near $10^{{-8}}$.{decay}"
            )
        }
        Algorithm::Momentum => "PyTorch's buffer is $m_t = \\mu m_{t-1} + g_t$ with $\\theta_t = \\theta_{t-1} - \\eta m_t$. Other texts write $v_t = \\mu v_{t-1} - \\eta g_t$, $\\theta_t = \\theta_{t-1} + v_t$, which takes the same steps while $\\eta$ is constant, or damp the gradient, $m_t = \\mu m_{t-1} + (1 - \\mu) g_t$, which makes every step $1 - \\mu$ times as large.".to_string(),
        Algorithm::Rmsprop => "PyTorch takes the square root before adding $\\epsilon$, $\\eta\\, g_t / (\\sqrt{v_t} + \\epsilon)$, and calls $\\beta_2$ `alpha`. TensorFlow and optax's `rmsprop` put $\\epsilon$ inside the root, $g_t / \\sqrt{v_t + \\epsilon}$, and optax's default decay is 0.9 rather than 0.99.".to_string(),
        Algorithm::Sgd if cfg.l2() => "PyTorch's `weight_decay` for SGD adds $\\lambda\\theta$ to the gradient, the gradient of the L2 penalty $\\frac{\\lambda}{2}\\lVert\\theta\\rVert^2$.".to_string(),
        Algorithm::Sgd => return None,
    };
    Some(Step::new("Other conventions", text))
}
