//! The question facts of `optimizer`: what `templates/optimizer/question.md` reads.

use serde::Serialize;

use super::config::{Config, Source};
use super::display::{show, show_q, unify, vector_tex};
use super::text::{join_and, minus, rule_tex, steps_list};
use super::{Algorithm, parts};
use crate::num::{Q, Real};
use crate::problems::format::py;

fn vec_tex(values: &[Q]) -> String {
    let values: Vec<Real> = values.iter().cloned().map(Real::Exact).collect();
    let shown: Vec<_> = values.iter().map(show).collect();
    vector_tex(&unify(&values, &shown))
}

/// The facts of one question: numbers written as LaTeX math, flags that pick the wording.
#[derive(Serialize)]
pub struct Facts {
    /// The algorithm in text (`SGD with momentum`).
    pub name: &'static str,
    /// The algorithm's params name (`rmsprop`).
    pub algorithm: &'static str,
    /// The `torch.optim` call.
    pub call: String,
    /// Number of parameters.
    pub p: usize,
    /// The parameters' symbols, listed in words.
    pub names: String,
    /// Number of steps.
    pub k: usize,
    /// The start theta_0.
    pub theta0: String,
    /// The given gradient of each step (without an objective).
    pub grads: Option<Vec<String>>,
    /// The quadratic objective f(theta).
    pub objective: Option<String>,
    /// Its gradient at the current parameters.
    pub gradient: Option<String>,
    /// The objective's curvatures a.
    pub a: Option<String>,
    /// The objective's minimiser c.
    pub c: Option<String>,
    /// The hyperparameters, each `symbol = value`.
    pub hyper: Vec<String>,
    /// Whether `eps = 0` is worth saying (Adam, AdamW, RMSProp).
    pub eps_zero: bool,
    /// The averages' start (`m_0 = v_0 = 0`), if the algorithm has any.
    pub start: Option<&'static str>,
    /// The update rule (an `aligned` block).
    pub rule: String,
    /// The quantities asked for each step.
    pub quantities: String,
    /// The steps asked (`t = 1, 2`).
    pub ts: String,
    /// Whether Adam corrects the bias of its averages.
    pub bias_correction: bool,
    /// Whether weight decay enters the gradient (L2).
    pub l2: bool,
    /// Which sub-questions are asked.
    pub part: parts::Flags,
}

impl Facts {
    /// The facts of a checked config and its sub-questions.
    pub fn new(cfg: &Config, parts: &[parts::Part]) -> Facts {
        let alg = cfg.algorithm;
        let p = cfg.dim();
        let mut hyper = vec![format!(r"\eta = {}", show_q(&cfg.lr))];
        if alg.is_adam() {
            hyper.push(format!(r"\beta_1 = {}", show_q(&cfg.beta1)));
        }
        if alg.is_adam() || alg == Algorithm::Rmsprop {
            hyper.push(format!(r"\beta_2 = {}", show_q(&cfg.beta2)));
            hyper.push(format!(r"\epsilon = {}", show_q(&cfg.eps)));
        }
        if alg == Algorithm::Momentum {
            hyper.push(format!(r"\mu = {}", show_q(&cfg.momentum)));
        }
        if alg == Algorithm::Adamw || cfg.weight_decay.is_positive() {
            hyper.push(format!(r"\lambda = {}", show_q(&cfg.weight_decay)));
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
            Source::Grads(rows) => (
                Some(rows.iter().map(|g| vec_tex(g)).collect::<Vec<_>>()),
                None,
                None,
            ),
            Source::Quadratic { a, c } => {
                let terms: Vec<String> = (0..p)
                    .map(|i| {
                        let name = if p == 1 {
                            r"\theta".to_string()
                        } else {
                            format!(r"\theta^{{({})}}", i + 1)
                        };
                        let coef = if a[i] == Q::one() {
                            String::new()
                        } else {
                            show_q(&a[i])
                        };
                        let shift = if c[i].is_zero() {
                            String::new()
                        } else {
                            format!(" {}", minus(&c[i]))
                        };
                        if shift.is_empty() && p == 1 {
                            format!(r"{coef}\,{name}^2")
                        } else {
                            format!(r"{coef}\left({name}{shift}\right)^2")
                        }
                    })
                    .collect();
                let gradient = if p == 1 {
                    let two_a = if a[0] == Q::one() {
                        "2".to_string()
                    } else {
                        format!(r"2 \cdot {}", show_q(&a[0]))
                    };
                    format!(r"g_t = {two_a} \cdot (\theta_{{t-1}} {})", minus(&c[0]))
                } else {
                    r"g_t^{(i)} = 2 a_i \left(\theta_{t-1}^{(i)} - c_i\right)".to_string()
                };
                quad = Some((vec_tex(a), vec_tex(c)));
                (
                    None,
                    Some(terms.join(" + ").replace("+ -", "- ")),
                    Some(gradient),
                )
            }
        };
        let start = match alg {
            Algorithm::Adam | Algorithm::Adamw => Some("m_0 = v_0 = 0"),
            Algorithm::Momentum => Some("m_0 = 0"),
            Algorithm::Rmsprop => Some("v_0 = 0"),
            Algorithm::Sgd => None,
        };
        let mut quantities: Vec<&str> = Vec::new();
        if matches!(
            alg,
            Algorithm::Adam | Algorithm::Adamw | Algorithm::Momentum
        ) {
            quantities.push("$m_t$");
        }
        if matches!(alg, Algorithm::Adam | Algorithm::Adamw | Algorithm::Rmsprop) {
            quantities.push("$v_t$");
        }
        if cfg.has_hats() {
            quantities.extend([r"$\hat{m}_t$", r"$\hat{v}_t$"]);
        }
        let quantities = match quantities.len() {
            0 => r"$\theta_t$".to_string(),
            _ => format!(r"{} and $\theta_t$", quantities.join(", ")),
        };
        Facts {
            name: alg.title(),
            algorithm: alg.name(),
            call: format!("{class}([theta], {})", call.join(", ")),
            p,
            names: join_and(
                &(0..p)
                    .map(|i| {
                        if p == 1 {
                            r"$\theta$".to_string()
                        } else {
                            format!(r"$\theta^{{({})}}$", i + 1)
                        }
                    })
                    .collect::<Vec<_>>(),
            ),
            k: cfg.steps,
            theta0: vec_tex(&cfg.theta0),
            grads,
            objective,
            gradient,
            a: quad.as_ref().map(|q| q.0.clone()),
            c: quad.as_ref().map(|q| q.1.clone()),
            hyper,
            eps_zero: cfg.eps.is_zero() && (alg.is_adam() || alg == Algorithm::Rmsprop),
            start,
            rule: rule_tex(cfg),
            quantities,
            ts: steps_list(cfg.steps),
            bias_correction: cfg.bias_correction,
            l2: cfg.l2(),
            part: parts::Flags::new(parts),
        }
    }
}
