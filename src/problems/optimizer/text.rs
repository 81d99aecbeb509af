//! The worked solution: the setup, the update rule, one block per step and parameter with the
//! numbers put in, and the conventions of other texts.

use super::Algorithm;
use super::algorithms::{StepRecord, Trace};
use super::config::{Config, Source};
use super::display::{Shown, show, show_q, show_theta};
use std::fmt::Write;

use super::lines::{Lines, Sym, result};
use crate::num::{Q, Real};
use crate::solution::Step;

/// `^{(i)}` when there is more than one parameter.
fn sup(i: usize, p: usize) -> String {
    if p == 1 {
        String::new()
    } else {
        format!("^{{({})}}", i + 1)
    }
}

/// The symbol of the gradient the optimizer uses: `\tilde{g}` with L2, else `g`.
pub fn g_sym(cfg: &Config) -> &'static str {
    if cfg.l2() { r"\tilde{g}" } else { "g" }
}

/// The update rule in LaTeX (an `aligned` block), in PyTorch's form.
pub fn rule_tex(cfg: &Config) -> String {
    let g = g_sym(cfg);
    let mut lines = Vec::new();
    if cfg.l2() {
        lines.push(r"\tilde{g}_t &= g_t + \lambda \theta_{t-1}".to_string());
    }
    let prev = if cfg.algorithm == Algorithm::Adamw {
        r"(1 - \eta\lambda)\,\theta_{t-1}"
    } else {
        r"\theta_{t-1}"
    };
    match cfg.algorithm {
        Algorithm::Sgd => lines.push(format!(r"\theta_t &= \theta_{{t-1}} - \eta\, {g}_t")),
        Algorithm::Momentum => {
            lines.push(format!(r"m_t &= \mu\, m_{{t-1}} + {g}_t"));
            lines.push(r"\theta_t &= \theta_{t-1} - \eta\, m_t".into());
        }
        Algorithm::Rmsprop => {
            lines.push(format!(
                r"v_t &= \beta_2 v_{{t-1}} + (1 - \beta_2)\, {g}_t^2"
            ));
            lines.push(format!(
                r"\theta_t &= \theta_{{t-1}} - \eta \frac{{{g}_t}}{{\sqrt{{v_t}} + \epsilon}}"
            ));
        }
        Algorithm::Adam | Algorithm::Adamw => {
            lines.push(format!(
                r"m_t &= \beta_1 m_{{t-1}} + (1 - \beta_1)\, {g}_t, & v_t &= \beta_2 v_{{t-1}} + (1 - \beta_2)\, {g}_t^2"
            ));
            if cfg.bias_correction {
                lines.push(
                    r"\hat{m}_t &= \frac{m_t}{1 - \beta_1^t}, & \hat{v}_t &= \frac{v_t}{1 - \beta_2^t}".into(),
                );
                lines.push(format!(
                    r"\theta_t &= {prev} - \eta \frac{{\hat{{m}}_t}}{{\sqrt{{\hat{{v}}_t}} + \epsilon}}"
                ));
            } else {
                lines.push(format!(
                    r"\theta_t &= {prev} - \eta \frac{{m_t}}{{\sqrt{{v_t}} + \epsilon}}"
                ));
            }
        }
    }
    format!(
        "\\begin{{aligned}}\n{}\n\\end{{aligned}}",
        lines.join(" \\\\\n")
    )
}

/// The parameters as shown after each step, t = 0..=k (rounded so each step stays visible).
pub fn thetas_shown(trace: &Trace) -> Vec<Vec<Shown>> {
    let mut out = vec![trace.theta0.iter().map(show).collect::<Vec<_>>()];
    for t in 1..=trace.steps.len() {
        let (before, after) = (trace.theta(t - 1), trace.theta(t));
        out.push(
            after
                .iter()
                .zip(before)
                .map(|(a, b)| show_theta(a, &(a - b)))
                .collect(),
        );
    }
    out
}

/// `- c` or `+ |c|`.
pub fn minus(c: &Q) -> String {
    if c.is_negative() {
        format!("+ {}", show_q(&-c))
    } else {
        format!("- {}", show_q(c))
    }
}

/// The worked block of step `t` for parameter `i`: aligned lines with the numbers put in.
/// `thetas` is [`thetas_shown`] of the trace.
pub fn block(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>], t: usize, i: usize) -> String {
    let s = sup(i, cfg.dim());
    let sym = |name, at| Sym { name, at, sup: &s };
    let rec = &trace.steps[t - 1];
    let before = (t >= 2).then(|| &trace.steps[t - 2]);
    let prev_of =
        |pick: fn(&StepRecord) -> &Option<Vec<Real>>| match before.and_then(|r| pick(r).as_ref()) {
            Some(values) => show(&values[i]),
            None => Shown {
                tex: "0".into(),
                unit: None,
            },
        };
    let (th_prev, th_new) = (&thetas[t - 1][i], &thetas[t][i]);
    let gs = g_sym(cfg);
    let g_raw = show(&rec.grad[i]);
    let g = show(&rec.grad_used[i]);
    let mut lines = Lines::new();
    if let Source::Quadratic { a, c } = &cfg.source {
        let a_tex = Shown {
            tex: show_q(&a[i]),
            unit: None,
        }
        .factor();
        // 2 a_i, without a factor of 1.
        let two_a = if a[i] == Q::one() {
            "2".to_string()
        } else {
            format!(r"2 \cdot {a_tex}")
        };
        let c_tex = minus(&c[i]);
        lines.line(
            sym("g", t),
            &[
                &|o| {
                    let _ = write!(
                        o,
                        r"= {two_a} \cdot \left({} {c_tex}\right)",
                        sym(r"\theta", t - 1)
                    );
                },
                &|o| {
                    let _ = write!(o, r"= {two_a} \cdot \left({} {c_tex}\right)", th_prev.tex);
                },
                &|o| result(o, &g_raw),
            ],
        );
    }
    if cfg.l2() {
        let wd = show_q(&cfg.weight_decay);
        lines.line(
            sym(gs, t),
            &[
                &|o| {
                    let _ = write!(o, r"= {} + \lambda {}", sym("g", t), sym(r"\theta", t - 1));
                },
                &|o| {
                    let _ = write!(o, r"= {} + {wd} \cdot {}", g_raw.tex, th_prev.factor());
                },
                &|o| result(o, &g),
            ],
        );
    }
    // What the update is subtracted from: theta_{t-1}, or AdamW's decayed theta.
    let (base_sym, base_tex) = match &rec.decayed {
        Some(decayed) => {
            let d = show(&decayed[i]);
            let factor = show_q(&(Q::one() - &cfg.lr * &cfg.weight_decay));
            lines.line(
                sym(r"\tilde{\theta}", t - 1),
                &[
                    &|o| {
                        let _ = write!(o, r"= (1 - \eta\lambda)\, {}", sym(r"\theta", t - 1));
                    },
                    &|o| {
                        let _ = write!(o, r"= {factor} \cdot {}", th_prev.factor());
                    },
                    &|o| result(o, &d),
                ],
            );
            (sym(r"\tilde{\theta}", t - 1), d.tex)
        }
        None => (sym(r"\theta", t - 1), th_prev.tex.clone()),
    };
    if let Some(m) = &rec.m {
        let mv = show(&m[i]);
        if cfg.algorithm == Algorithm::Momentum && t == 1 {
            lines.line(
                sym("m", t),
                &[
                    &|o| {
                        let _ = write!(o, "= {}", sym(gs, 1));
                    },
                    &|o| {
                        let _ = write!(o, "= {}", mv.tex);
                    },
                ],
            );
        } else if cfg.algorithm == Algorithm::Momentum {
            let (mu, prev) = (show_q(&cfg.momentum), prev_of(|r| &r.m));
            lines.line(
                sym("m", t),
                &[
                    &|o| {
                        let _ = write!(o, r"= \mu\, {} + {}", sym("m", t - 1), sym(gs, t));
                    },
                    &|o| {
                        let _ = write!(o, r"= {mu} \cdot {} + {}", prev.factor(), g.factor());
                    },
                    &|o| result(o, &mv),
                ],
            );
        } else {
            let (beta, rest, prev) = (
                show_q(&cfg.beta1),
                show_q(&(Q::one() - &cfg.beta1)),
                prev_of(|r| &r.m),
            );
            lines.line(
                sym("m", t),
                &[
                    &|o| {
                        let _ = write!(
                            o,
                            r"= \beta_1 {} + (1 - \beta_1)\, {}",
                            sym("m", t - 1),
                            sym(gs, t)
                        );
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            r"= {beta} \cdot {} + {rest} \cdot {}",
                            prev.factor(),
                            g.factor()
                        );
                    },
                    &|o| result(o, &mv),
                ],
            );
        }
    }
    if let Some(v) = &rec.v {
        let (beta, rest, prev) = (
            show_q(&cfg.beta2),
            show_q(&(Q::one() - &cfg.beta2)),
            prev_of(|r| &r.v),
        );
        lines.line(
            sym("v", t),
            &[
                &|o| {
                    let _ = write!(
                        o,
                        r"= \beta_2 {} + (1 - \beta_2) \left({}\right)^2",
                        sym("v", t - 1),
                        sym(gs, t)
                    );
                },
                &|o| {
                    let _ = write!(
                        o,
                        r"= {beta} \cdot {} + {rest} \cdot {}^2",
                        prev.factor(),
                        g.base()
                    );
                },
                &|o| result(o, &show(&v[i])),
            ],
        );
    }
    if let (Some(m_hat), Some(v_hat), Some(m), Some(v)) = (&rec.m_hat, &rec.v_hat, &rec.m, &rec.v) {
        let power = if t == 1 {
            String::new()
        } else {
            format!("^{{{t}}}")
        };
        for (hat, raw, beta, k, letter, hat_name) in [
            (m_hat, m, &cfg.beta1, 1, "m", r"\hat{m}"),
            (v_hat, v, &cfg.beta2, 2, "v", r"\hat{v}"),
        ] {
            let beta_base = Shown {
                tex: show_q(beta),
                unit: None,
            }
            .base();
            lines.line(
                sym(hat_name, t),
                &[
                    &|o| {
                        let _ = write!(o, r"= \frac{{{}}}{{1 - \beta_{k}{power}}}", sym(letter, t));
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            r"= \frac{{{}}}{{1 - {beta_base}{power}}}",
                            show(&raw[i]).tex
                        );
                    },
                    &|o| result(o, &show(&hat[i])),
                ],
            );
        }
    }
    let fraction = match (cfg.algorithm, &rec.m, &rec.v) {
        (Algorithm::Rmsprop, _, Some(v)) => Some((sym(gs, t), g.clone(), sym("v", t), show(&v[i]))),
        (Algorithm::Adam | Algorithm::Adamw, Some(m), Some(v)) => {
            Some(match (&rec.m_hat, &rec.v_hat) {
                (Some(mh), Some(vh)) => (
                    sym(r"\hat{m}", t),
                    show(&mh[i]),
                    sym(r"\hat{v}", t),
                    show(&vh[i]),
                ),
                _ => (sym("m", t), show(&m[i]), sym("v", t), show(&v[i])),
            })
        }
        _ => None,
    };
    let eta = show_q(&cfg.lr);
    match (fraction, &rec.root) {
        (Some((num_sym, num, den_sym, den)), Some(root)) => {
            let r = show(&root[i]);
            let u = show(&rec.update[i]);
            let plus_eps = if cfg.eps.is_zero() {
                String::new()
            } else {
                format!(" + {}", show_q(&cfg.eps))
            };
            lines.line(
                sym("u", t),
                &[
                    &|o| {
                        let _ = write!(
                            o,
                            r"= \eta \frac{{{num_sym}}}{{\sqrt{{{den_sym}}} + \epsilon}}"
                        );
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            r"= {eta} \cdot \frac{{{}}}{{\sqrt{{{}}}{plus_eps}}}",
                            num.tex, den.tex
                        );
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            r"{} {eta} \cdot \frac{{{}}}{{{}{plus_eps}}}",
                            r.eq(),
                            num.tex,
                            r.tex
                        );
                    },
                    &|o| result(o, &u),
                ],
            );
            lines.line(
                sym(r"\theta", t),
                &[
                    &|o| {
                        let _ = write!(o, "= {base_sym} - {}", sym("u", t));
                    },
                    &|o| {
                        let _ = write!(o, "= {base_tex} - {}", u.factor());
                    },
                    &|o| result(o, th_new),
                ],
            );
        }
        _ => {
            let (term_sym, term) = match &rec.m {
                Some(m) => (sym("m", t), show(&m[i])),
                None => (sym(gs, t), g.clone()),
            };
            lines.line(
                sym(r"\theta", t),
                &[
                    &|o| {
                        let _ = write!(o, r"= {base_sym} - \eta\, {term_sym}");
                    },
                    &|o| {
                        let _ = write!(o, r"= {base_tex} - {eta} \cdot {}", term.factor());
                    },
                    &|o| result(o, th_new),
                ],
            );
        }
    }
    lines.finish()
}

/// The worked blocks of step `t` of a run, all parameters. `thetas` is [`thetas_shown`] of
/// the trace.
pub fn blocks(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>], t: usize) -> String {
    let blocks: Vec<String> = (0..cfg.dim())
        .map(|i| block(cfg, trace, thetas, t, i))
        .collect();
    blocks.join("\n\n")
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Step `t` of the main run: what it starts from, then the blocks. `thetas` is
/// [`thetas_shown`] of the trace.
pub fn step(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>], t: usize) -> Step {
    let prev = t - 1;
    let mut items = vec![format!(r"$\theta_{{{prev}}}$")];
    if cfg.algorithm != Algorithm::Sgd && cfg.algorithm != Algorithm::Rmsprop {
        items.push(format!("$m_{{{prev}}}$"));
    }
    if cfg.algorithm.is_adam() || cfg.algorithm == Algorithm::Rmsprop {
        items.push(format!("$v_{{{prev}}}$"));
    }
    let tail = if cfg.quadratic() {
        format!(r", with the gradient taken at $\theta_{{{prev}}}$")
    } else {
        items.push(format!("$g_{{{t}}}$"));
        String::new()
    };
    let intro = format!("From {}{tail}:", join_and(&items));
    Step::new(
        format!("Step $t = {t}$"),
        format!("{intro}\n\n{}", blocks(cfg, trace, thetas, t)),
    )
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
        _ => format!(r"t = 1, \dots, {k}"),
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
        r" With `weight_decay` PyTorch adds $\lambda\theta_{t-1}$ to the gradient first: $\tilde{g}_t$ below."
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
                r" PyTorch's AdamW multiplies the weights by $1 - \eta\lambda$ before the step (the decay scales with the learning rate) and never lets it enter $m_t$ or $v_t$."
            } else {
                ""
            };
            format!(
                r"PyTorch, like the update rule above and Algorithm 1 of Kingma and Ba, adds $\epsilon$ outside the square root: $\sqrt{{\hat{{v}}_t}} + \epsilon$. Some texts write $\sqrt{{\hat{{v}}_t + \epsilon}}$ with $\epsilon$ inside; TensorFlow/Keras adds its $\epsilon$ to $\sqrt{{v_t}}$ before the bias correction is folded into the step size (the paper's $\hat{{\epsilon}}$). With $\epsilon = 10^{{-8}}$ they agree unless the gradients are themselves near $10^{{-8}}$.{decay}"
            )
        }
        Algorithm::Momentum => r"PyTorch's buffer is $m_t = \mu m_{t-1} + g_t$ with $\theta_t = \theta_{t-1} - \eta m_t$. Other texts write $v_t = \mu v_{t-1} - \eta g_t$, $\theta_t = \theta_{t-1} + v_t$, which takes the same steps while $\eta$ is constant, or damp the gradient, $m_t = \mu m_{t-1} + (1 - \mu) g_t$, which makes every step $1 - \mu$ times as large.".to_string(),
        Algorithm::Rmsprop => r"PyTorch takes the square root before adding $\epsilon$, $\eta\, g_t / (\sqrt{v_t} + \epsilon)$, and calls $\beta_2$ `alpha`. TensorFlow and optax's `rmsprop` put $\epsilon$ inside the root, $g_t / \sqrt{v_t + \epsilon}$, and optax's default decay is 0.9 rather than 0.99.".to_string(),
        Algorithm::Sgd if cfg.l2() => r"PyTorch's `weight_decay` for SGD adds $\lambda\theta$ to the gradient, the gradient of the L2 penalty $\frac{\lambda}{2}\lVert\theta\rVert^2$.".to_string(),
        Algorithm::Sgd => return None,
    };
    Some(Step::new("Other conventions", text))
}
