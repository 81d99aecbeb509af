//! The statement's facts for `templates/optimizer/question.md`, and the setup and conventions
//! steps of the solution.

use serde_json::json;

use super::config::{Config, Source};
use super::display::{py, show, show_q, vector_tex};
use super::steps::minus;
use super::{Algorithm, parts, steps};
use crate::num::{Q, Real};
use crate::solution::Step;

fn vec_tex(values: &[Q]) -> String {
    vector_tex(
        &values
            .iter()
            .map(|q| show(&Real::Exact(q.clone())))
            .collect::<Vec<_>>(),
    )
}

/// The facts of the question template.
pub fn facts(cfg: &Config, parts: &[parts::Part]) -> serde_json::Value {
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
        Source::Grads(rows) => (
            Some(rows.iter().map(|g| vec_tex(g)).collect::<Vec<_>>()),
            None,
            None,
        ),
        Source::Quadratic { a, c } => {
            let terms: Vec<String> = (0..p)
                .map(|i| {
                    let name = if p == 1 {
                        "\\theta".to_string()
                    } else {
                        format!("\\theta^{{({})}}", i + 1)
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
                        format!("{coef}\\,{name}^2")
                    } else {
                        format!("{coef}\\left({name}{shift}\\right)^2")
                    }
                })
                .collect();
            let gradient = if p == 1 {
                format!(
                    "g_t = 2 \\cdot {} \\cdot (\\theta_{{t-1}} {})",
                    show_q(&a[0]),
                    minus(&c[0])
                )
            } else {
                "g_t^{(i)} = 2 a_i \\left(\\theta_{t-1}^{(i)} - c_i\\right)".to_string()
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
        1..=3 => format!(
            "t = {}",
            (1..=k)
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("t = 1, \\dots, {k}"),
    }
}

/// The first step: where the run starts.
pub fn setup_step(cfg: &Config) -> Step {
    let start = match cfg.algorithm {
        Algorithm::Adam | Algorithm::Adamw => "Both averages start at zero, $m_0 = v_0 = 0$. ",
        Algorithm::Momentum => {
            "The buffer starts at zero, $m_0 = 0$, so $m_1 = g_1$: PyTorch starts the buffer at the first gradient. "
        }
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
        format!(
            "{start}Every operation is elementwise, so each parameter is updated on its own{u}.{l2}{path}"
        ),
    )
}

/// How other texts and libraries write the same update.
pub fn conventions(cfg: &Config) -> Option<Step> {
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
