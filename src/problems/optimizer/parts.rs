//! The sub-questions that teach, each with its worked steps and answers: Adam's first step,
//! bias correction, AdamW against L2, momentum against plain SGD, SGD's stable learning rates
//! and RMSProp's first step.

use serde::Serialize;

use super::Algorithm;
use super::algorithms::{Trace, run};
use super::config::{Config, Source};
use super::display::{Shown, plain_answer, show, show_q, unify, vector_answer, vector_tex};
use super::text;
use crate::num::{Q, Real};
use crate::solution::{Answer, Step};

/// A sub-question beyond computing the steps.
pub struct Part {
    /// Its key in the question facts (`part.<key>` is true in the template).
    pub key: &'static str,
    /// Its worked steps.
    pub steps: Vec<Step>,
    /// Its answers.
    pub answers: Vec<Answer>,
}

/// The parts of this problem, in the order the question asks them. A comparison that cannot be
/// computed (it would divide by zero) is left out. `thetas` is [`text::thetas_shown`] of the
/// trace.
pub fn parts(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>]) -> Vec<Part> {
    let mut out = Vec::new();
    match cfg.algorithm {
        Algorithm::Adam if !cfg.l2() => {
            if cfg.bias_correction {
                out.push(first_update(cfg, trace));
            }
            out.extend(bias(cfg));
        }
        Algorithm::Adam => out.extend(decay(cfg, Algorithm::Adamw)),
        Algorithm::Adamw if cfg.weight_decay.is_positive() => {
            out.extend(decay(cfg, Algorithm::Adam))
        }
        Algorithm::Momentum => out.extend(against_sgd(cfg, trace, thetas)),
        Algorithm::Sgd => out.extend(lr_max(cfg)),
        Algorithm::Rmsprop => out.push(rms_first(cfg, trace)),
        Algorithm::Adamw => {}
    }
    out
}

/// theta_t of another run, rounded as its worked steps show it (`thetas`).
fn theta_answer(id: &str, label: &str, trace: &Trace, thetas: &[Vec<Shown>], t: usize) -> Answer {
    vector_answer(id, label, trace.theta(t), &thetas[t])
}

fn first_diff(trace: &Trace) -> Vec<Real> {
    trace
        .theta(1)
        .iter()
        .zip(trace.theta(0))
        .map(|(a, b)| a - b)
        .collect()
}

fn with(cfg: &Config, change: impl FnOnce(&mut Config)) -> Config {
    let mut other = cfg.clone();
    change(&mut other);
    other
}

fn first_update(cfg: &Config, trace: &Trace) -> Part {
    let diff = first_diff(trace);
    let answer = plain_answer("first_update", r"$\theta_1 - \theta_0$", &diff);
    let exactly = if cfg.eps.is_zero() {
        r"Here $\epsilon = 0$, so it is exactly $-\eta\,\mathrm{sign}(g_1)$".to_string()
    } else {
        format!(
            r"With $\epsilon = {}$ far below $\lvert g_1 \rvert$ it is $-\eta\,\mathrm{{sign}}(g_1)$ to many digits",
            show_q(&cfg.eps)
        )
    };
    let zero_note = if trace.steps[0].grad_used.iter().any(|g| g.value().is_zero()) {
        r" (a zero gradient gives a zero step, as $\epsilon > 0$ keeps $0/\epsilon = 0$)"
    } else {
        ""
    };
    let body = format!(
        r"At $t = 1$ both averages start from zero, so $\hat{{m}}_1 = \frac{{(1-\beta_1)\, g_1}}{{1-\beta_1}} = g_1$ and $\hat{{v}}_1 = g_1^2$. The first update is

$$\theta_1 - \theta_0 = -\eta \frac{{g_1}}{{\lvert g_1 \rvert + \epsilon}} {} {}.$$

{exactly}{zero_note}: a step of size $\eta = {}$ whether the gradient is $10^{{-3}}$ or $10^{{3}}$. Adam's first step only sees the sign of the gradient; the learning rate alone sets its size.",
        answer_eq(&diff),
        answer.latex,
        show_q(&cfg.lr)
    );
    Part {
        key: "first",
        steps: vec![Step::new("The first step", body)],
        answers: vec![answer],
    }
}

fn answer_eq(values: &[Real]) -> &'static str {
    if values.iter().any(|v| show(v).unit.is_some()) {
        r"\approx"
    } else {
        "="
    }
}

fn factors(beta: &Q, k: usize) -> Vec<Real> {
    (1..=k)
        .map(|t| Real::Exact(Q::one() - beta.pow(t as u32)))
        .collect()
}

fn bias(cfg: &Config) -> Option<Part> {
    let other = with(cfg, |c| {
        c.bias_correction = !c.bias_correction;
        c.steps = 1;
    });
    let other_trace = run(&other).ok()?;
    let other_thetas = text::thetas_shown(&other_trace);
    let k = cfg.steps;
    let (f1, f2) = (factors(&cfg.beta1, k), factors(&cfg.beta2, k));
    let (a1, a2) = (
        plain_answer("m_factor", r"$1 - \beta_1^t$", &f1),
        plain_answer("v_factor", r"$1 - \beta_2^t$", &f2),
    );
    let (id, label, title) = if cfg.bias_correction {
        (
            "theta_1_uncorrected",
            r"$\theta_1$ without bias correction",
            "Without bias correction",
        )
    } else {
        (
            "theta_1_corrected",
            r"$\theta_1$ with bias correction",
            "With bias correction",
        )
    };
    let theta_other = theta_answer(id, label, &other_trace, &other_thetas, 1);
    let ratio = Real::Exact(Q::one() - &cfg.beta1)
        .checked_div(
            &Real::Exact(Q::one() - &cfg.beta2)
                .sqrt()
                .expect("1 - beta2 > 0"),
        )
        .expect("1 - beta2 > 0");
    let ratio_shown = show(&ratio);
    let ts = text::steps_list(k);
    let memory = show(&Real::Exact(
        Q::one()
            .checked_div(&(Q::one() - &cfg.beta2))
            .expect("beta2 < 1"),
    ));
    let why = format!(
        r"$m_t = (1-\beta_1)\sum_{{s=1}}^{{t}} \beta_1^{{t-s}} g_s$ is a weighted average of the gradients whose weights add up to $1 - \beta_1^t$, not 1: the start $m_0 = 0$ acts like a gradient of zero. If every gradient were $g$, then $m_t = (1 - \beta_1^t)\, g$ and $v_t = (1 - \beta_2^t)\, g^2$. For ${ts}$ the factors are

$$1 - \beta_1^t: {}, \qquad 1 - \beta_2^t: {}.$$

Dividing by them gives $\hat{{m}}_t$ and $\hat{{v}}_t$. The factors approach 1 as $t$ grows, so the correction matters in the first steps, and longest for $v$: about $1/(1-\beta_2) {} {}$ steps.",
        a1.latex,
        a2.latex,
        memory.eq(),
        memory.tex
    );
    let effect = format!(
        r"At $t = 1$ the uncorrected step is $\eta \frac{{(1-\beta_1)\, g_1}}{{\sqrt{{1-\beta_2}}\,\lvert g_1 \rvert + \epsilon}}$, about $\frac{{1-\beta_1}}{{\sqrt{{1-\beta_2}}}} {} {}$ times the corrected one. With PyTorch's $\beta_1 = 0.9$, $\beta_2 = 0.999$ that ratio is $0.1/\sqrt{{0.001}} \approx 3.16$: $v$ is underestimated more than $m$, so Adam without correction takes its first steps about three times too large.",
        ratio_shown.eq(),
        ratio_shown.tex
    );
    let name = if cfg.bias_correction {
        "Without the correction"
    } else {
        "With the correction"
    };
    let mut steps = vec![Step::new(
        "Why bias correction",
        format!("{why}\n\n{effect}"),
    )];
    let block = text::blocks(&other, &other_trace, &other_thetas, 1);
    steps.push(Step::new(
        title,
        format!(
            "{name}, the first step is\n\n{block}\n\nso ${label_math} {} {}$.",
            answer_eq(other_trace.theta(1)),
            theta_other.latex,
            label_math = r"\theta_1"
        ),
    ));
    Some(Part {
        key: if cfg.bias_correction {
            "bias"
        } else {
            "bias_off"
        },
        steps,
        answers: vec![a1, a2, theta_other],
    })
}

fn decay(cfg: &Config, other_alg: Algorithm) -> Option<Part> {
    let other = with(cfg, |c| {
        c.algorithm = other_alg;
        c.steps = 1;
    });
    let other_trace = run(&other).ok()?;
    let other_thetas = text::thetas_shown(&other_trace);
    let (id, key, title, intro) = match other_alg {
        Algorithm::Adamw => (
            "theta_1_adamw",
            "adamw",
            "AdamW instead",
            "AdamW decays the weights first and keeps the decay out of the gradient",
        ),
        _ => (
            "theta_1_adam_l2",
            "adam_l2",
            "Adam with L2 instead",
            r"Adam with `weight_decay` adds $\lambda\theta_0$ to the gradient",
        ),
    };
    let label = if other_alg == Algorithm::Adamw {
        r"$\theta_1$ with AdamW"
    } else {
        r"$\theta_1$ with Adam and L2"
    };
    let answer = theta_answer(id, label, &other_trace, &other_thetas, 1);
    let block = text::blocks(&other, &other_trace, &other_thetas, 1);
    let shrink = show_q(&(Q::one() - &cfg.lr * &cfg.weight_decay));
    let lesson = format!(
        r"With L2 the decay $\lambda\theta$ enters the gradient and then goes through Adam's normalisation: it is divided by $\sqrt{{\hat{{v}}_t}}$ like the rest of $\tilde{{g}}_t$. At $t = 1$ the step is $\eta\, \tilde{{g}}_1 / (\lvert \tilde{{g}}_1 \rvert + \epsilon)$, so the decay only shifts the sign and a weight with large gradients is hardly decayed at all. AdamW keeps the decay out of $m_t$ and $v_t$ and shrinks every weight by the same factor $1 - \eta\lambda = {shrink}$, whatever its gradients: the decay acts as intended (Loshchilov and Hutter, *Decoupled Weight Decay Regularization*)."
    );
    let steps = vec![
        Step::new(
            title,
            format!(
                "{intro}, from the same $\\theta_0$ and $g_1$:\n\n{block}\n\nso $\\theta_1 {} {}$.",
                answer_eq(other_trace.theta(1)),
                answer.latex
            ),
        ),
        Step::new("Decoupled decay against L2", lesson),
    ];
    Some(Part {
        key,
        steps,
        answers: vec![answer],
    })
}

/// Momentum against plain SGD; `thetas` are the shown parameters of the momentum run `trace`.
fn against_sgd(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>]) -> Option<Part> {
    let sgd = with(cfg, |c| {
        c.algorithm = Algorithm::Sgd;
        c.momentum = Q::zero();
    });
    let sgd_trace = run(&sgd).ok()?;
    let sgd_thetas = text::thetas_shown(&sgd_trace);
    let k = cfg.steps;
    let answer = theta_answer(
        &format!("theta_{k}_sgd"),
        &format!(r"$\theta_{{{k}}}$ with plain SGD"),
        &sgd_trace,
        &sgd_thetas,
        k,
    );
    let blocks: Vec<String> = (1..=k)
        .map(|t| text::blocks(&sgd, &sgd_trace, &sgd_thetas, t))
        .collect();
    let same = if cfg.quadratic() {
        "on the same loss (its gradients now follow SGD's own path)"
    } else {
        "on the same gradients"
    };
    let mom = vector_tex(&unify(trace.theta(k), &thetas[k]));
    let times = show(
        &Real::Exact(Q::one())
            .checked_div(&Real::Exact(Q::one() - &cfg.momentum))
            .expect("mu < 1"),
    );
    let lesson = format!(
        r"Momentum ends at $\theta_{{{k}}} = {mom}$, plain SGD at ${}$. The buffer $m_t = g_t + \mu g_{{t-1}} + \mu^2 g_{{t-2}} + \dots$ keeps adding past gradients: while they point the same way the steps grow towards $\eta\, g / (1 - \mu)$, here ${}$ times the plain step; when the gradients change sign the buffer cancels part of the zig-zag.",
        answer.latex, times.tex
    );
    let steps = vec![
        Step::new(
            "Plain SGD",
            format!("Without momentum, {same}:\n\n{}", blocks.join("\n\n")),
        ),
        Step::new("Momentum against plain SGD", lesson),
    ];
    Some(Part {
        key: "sgd",
        steps,
        answers: vec![answer],
    })
}

fn lr_max(cfg: &Config) -> Option<Part> {
    let Source::Quadratic { a, .. } = &cfg.source else {
        return None;
    };
    if a.iter().any(|x| !x.is_positive()) {
        return None;
    }
    let a_max = a.iter().max().expect("p >= 1").clone();
    let bound = Q::one().checked_div(&a_max).expect("positive");
    let answer = Answer::scalar("lr_max", r"largest stable $\eta$ (bound)", &bound);
    let factors: Vec<Real> = a
        .iter()
        .map(|ai| Real::Exact(Q::one() - &(Q::int(2) * &cfg.lr) * ai))
        .collect();
    let shown: Vec<_> = factors.iter().map(show).collect();
    let converges = factors.iter().all(|f| f.value().abs() < Q::one());
    let verdict = match (factors.len(), converges) {
        (1, true) => "it is smaller than 1 in size, so this run converges",
        (1, false) => "it is at least 1 in size, so this run does not converge",
        (_, true) => "all of them are smaller than 1 in size, so this run converges",
        (_, false) => "one of them is at least 1 in size, so that coordinate does not converge",
    };
    let the_factors = if factors.len() == 1 {
        "the factor is"
    } else {
        "the factors are"
    };
    let body = format!(
        r"The gradient $2a_i(\theta^{{(i)}} - c_i)$ makes each coordinate's distance to the minimum shrink by the same factor every step:

$$\theta_t^{{(i)}} - c_i = (1 - 2\eta a_i)\,(\theta_{{t-1}}^{{(i)}} - c_i).$$

It converges when $\lvert 1 - 2\eta a_i \rvert < 1$, that is $0 < \eta < 1/a_i$, for every $i$: so $\eta < 1/\max_i a_i = {}$. A negative factor makes $\theta$ jump over the minimum and back. With $\eta = {}$ {the_factors} ${}$: {verdict}.",
        answer.latex,
        show_q(&cfg.lr),
        vector_tex(&unify(&factors, &shown))
    );
    Some(Part {
        key: "lr_max",
        steps: vec![Step::new("Which learning rates converge", body)],
        answers: vec![answer],
    })
}

fn rms_first(cfg: &Config, trace: &Trace) -> Part {
    let diff = first_diff(trace);
    let answer = plain_answer("first_update", r"$\theta_1 - \theta_0$", &diff);
    let inv = Real::Exact(Q::one())
        .checked_div(
            &Real::Exact(Q::one() - &cfg.beta2)
                .sqrt()
                .expect("1 - beta2 > 0"),
        )
        .expect("1 - beta2 > 0");
    let inv = show(&inv);
    let body = format!(
        r"$v_1 = (1-\beta_2)\, g_1^2$, so

$$\theta_1 - \theta_0 = -\eta \frac{{g_1}}{{\sqrt{{1-\beta_2}}\,\lvert g_1 \rvert + \epsilon}} {} {},$$

about $\frac{{1}}{{\sqrt{{1 - \beta_2}}}} {} {}$ times $\eta$ in size, in the direction $-\mathrm{{sign}}(g_1)$. RMSProp does not correct the bias of $v_t$, which starts at zero, so its first steps are too large; Adam's $\hat{{v}}_t = v_t / (1 - \beta_2^t)$ removes exactly this factor.",
        answer_eq(&diff),
        answer.latex,
        inv.eq(),
        inv.tex
    );
    Part {
        key: "rms_first",
        steps: vec![Step::new("The first step", body)],
        answers: vec![answer],
    }
}

/// Which sub-questions are asked: `part.<key>` in the question template.
#[derive(Serialize)]
pub struct Flags {
    /// Adam's first step by hand.
    pub first: bool,
    /// Why bias correction.
    pub bias: bool,
    /// The same run without bias correction.
    pub bias_off: bool,
    /// AdamW against Adam with L2.
    pub adamw: bool,
    /// Adam with L2 against AdamW.
    pub adam_l2: bool,
    /// Momentum against plain SGD.
    pub sgd: bool,
    /// SGD's largest stable learning rate.
    pub lr_max: bool,
    /// RMSProp's first step.
    pub rms_first: bool,
}

impl Flags {
    /// The flags of the parts present.
    pub fn new(parts: &[Part]) -> Flags {
        let has = |key: &str| parts.iter().any(|p| p.key == key);
        Flags {
            first: has("first"),
            bias: has("bias"),
            bias_off: has("bias_off"),
            adamw: has("adamw"),
            adam_l2: has("adam_l2"),
            sgd: has("sgd"),
            lr_max: has("lr_max"),
            rms_first: has("rms_first"),
        }
    }
}
