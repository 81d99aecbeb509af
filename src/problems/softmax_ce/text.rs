//! The worked steps of `softmax-ce` and how its logits and logarithms are written.

use super::math::Computed;
use super::params::{Activation, Checked, Reduction};
use crate::num::{DECIMAL_PLACES, Q, Real, bmatrix};
use crate::problems::format::{real_tensor_tex, scalar_tex};
use crate::problems::log_num::LogNum;
use crate::solution::Step;

/// The logits in LaTeX: a row vector, or a matrix with one example per row.
pub fn logits_tex(c: &Checked) -> String {
    let entries: Vec<String> = c.rows.iter().flatten().map(LogNum::tex).collect();
    bmatrix(&entries, c.classes(), |s| s.as_str()).to_string()
}

/// The loss in LaTeX: its exact form as logarithms (when there is one) and its decimal.
pub fn loss_tex(c: &Checked, k: &Computed) -> String {
    let decimal = k.loss.decimal(DECIMAL_PLACES);
    if k.loss_ratios.iter().any(Option::is_none) {
        return decimal.to_string();
    }
    let product = k
        .loss_ratios
        .iter()
        .flatten()
        .fold(Q::one(), |acc, q| &acc * q);
    let n = c.rows.len() as i64;
    let form = match (c.reduction, n) {
        (_, 1) | (Reduction::Sum, _) => format!(r"\ln {}", product.tex()),
        (Reduction::Mean, _) => format!(r"\frac{{1}}{{{n}}} \ln {}", product.tex()),
    };
    format!(r"{form} \approx {decimal}")
}

/// The worked steps.
pub fn steps(c: &Checked, k: &Computed) -> Vec<Step> {
    match c.activation {
        Activation::Softmax => softmax_steps(c, k),
        Activation::Sigmoid => sigmoid_steps(c, k),
    }
}

/// A real scalar: exact as [`scalar_tex`], else a decimal at [`DECIMAL_PLACES`].
fn real_tex(r: &Real) -> String {
    match r.as_exact() {
        Some(q) => scalar_tex(q),
        None => r.decimal(DECIMAL_PLACES).to_string(),
    }
}

/// Whether every logit is a logarithm (0 counts as ln 1), so every exponential is exact.
fn all_logs(c: &Checked) -> bool {
    c.rows.iter().flatten().all(LogNum::has_exact_exp)
}

fn rows_tex(rows: &[Vec<Real>], cols: usize) -> String {
    real_tensor_tex(&rows.concat(), cols)
}

fn softmax_steps(c: &Checked, k: &Computed) -> Vec<Step> {
    let cols = c.classes();
    let mut steps = Vec::new();
    let all_ln = all_logs(c);
    let over_t = if c.t == Q::one() {
        "z_i".to_string()
    } else {
        format!("z_i / {}", scalar_tex(&c.t))
    };
    let exact = k.exps.iter().flatten().all(Real::is_exact);
    let how = if all_ln && exact {
        let power = if c.t == Q::one() {
            String::new()
        } else {
            format!(
                r" (and $e^{{\ln a / T}} = a^{{1/T}}$ with $1/T = {}$)",
                c.t.recip().expect("T > 0").tex()
            )
        };
        format!(r"Since $e^{{\ln a}} = a${power}, the exponentials are exact")
    } else {
        "The exponentials, rounded for display only (the probabilities are computed from their exact values)".to_string()
    };
    let sums: Vec<String> = k.sums.iter().map(real_tex).collect();
    steps.push(Step::new(
        "Exponentials",
        format!(
            r"{how}:

$$e^{{{over_t}}} = {},$$

$$\textstyle\sum_j e^{{{}}} = {}.$$",
            rows_tex(&k.exps, cols),
            over_t.replace('i', "j"),
            sums.join(r",\ ")
        ),
    ));
    steps.push(Step::new(
        "Probabilities",
        format!(
            r"Each exponential divided by {}:

$$p = \operatorname{{softmax}}(z{}) = {}.$$",
            if c.batch { "its row's sum" } else { "the sum" },
            if c.t == Q::one() {
                String::new()
            } else {
                "/T".to_string()
            },
            rows_tex(&k.probs, cols)
        ),
    ));
    if let Some(doubled) = &k.doubled {
        steps.push(Step::new(
            "Shifting and scaling the logits",
            format!(
                r"Adding a constant $c$ to every logit multiplies every exponential by $e^c$, which cancels between numerator and sum: the probabilities stay the same. Doubling every logit squares every exponential, $e^{{2 z_i}} = (e^{{z_i}})^2$, so

$$\operatorname{{softmax}}(2z) = {}:$$

the distribution gets sharper: the largest probability grows and the smallest shrinks. Softmax is unchanged by shifts but not by scaling; dividing by a temperature $T > 1$ flattens it the same way.",
                real_tensor_tex(doubled, cols)
            ),
        ));
    }
    steps.push(loss_step(c, k, "p"));
    let factor = match (c.reduction, c.rows.len(), c.t == Q::one()) {
        (Reduction::Mean, n, _) if n > 1 && c.t == Q::one() => format!(r"\frac{{1}}{{{n}}}"),
        (Reduction::Mean, n, false) if n > 1 => format!(r"\frac{{1}}{{{n} T}}"),
        (_, _, false) => r"\frac{1}{T}".to_string(),
        _ => String::new(),
    };
    steps.push(Step::new(
        "Gradient",
        format!(
            r"The softmax and the cross-entropy together give the simple gradient $\frac{{\partial L}}{{\partial z}} = {}$: the target's probability minus one, every other probability as it is{}.

$$\frac{{\partial L}}{{\partial z}} = {}.$$

Each row sums to zero: raising one logit can only take probability from the others.",
            if factor.is_empty() {
                r"p - \text{onehot}(y)".to_string()
            } else {
                format!(r"{factor}\,(p - \text{{onehot}}(y))")
            },
            if factor.is_empty() { "" } else { ", times the factor" },
            rows_tex(&k.grad, cols)
        ),
    ));
    steps
}

fn sigmoid_steps(c: &Checked, k: &Computed) -> Vec<Step> {
    let cols = c.classes();
    let all_ln = all_logs(c);
    let how = if all_ln {
        r"With $z = \ln a$, $\sigma(z) = \frac{1}{1 + 1/a} = \frac{a}{1 + a}$ exactly"
    } else {
        r"$\sigma(z) = \frac{1}{1 + e^{-z}}$ for each class on its own"
    };
    vec![
        Step::new(
            "Sigmoid outputs",
            format!(
                r"{how}:

$$\hat{{y}} = \sigma(z) = {}.$$

They need not sum to one: each class gets its own yes/no probability.",
                rows_tex(&k.probs, cols)
            ),
        ),
        loss_step(c, k, r"\hat{y}"),
        Step::new(
            "Gradient",
            format!(
                r"Only the target's term depends on the logits, through $-\ln \sigma(z_y)$, whose derivative is $\sigma(z_y) - 1$; every other logit gets $0${}:

$$\frac{{\partial L}}{{\partial z}} = {}.$$",
                if c.rows.len() > 1 && c.reduction == Reduction::Mean {
                    format!(r" (times $\frac{{1}}{{{}}}$ for the mean)", c.rows.len())
                } else {
                    String::new()
                },
                rows_tex(&k.grad, cols)
            ),
        ),
        Step::new(
            "Why the loss can be near zero at chance accuracy",
            r"This loss only asks the target class's sigmoid to be near $1$; nothing asks the other classes' outputs to be small. A network that makes every logit large has $\sigma(z_i) \approx 1$ for every class, so $-\ln \sigma(z_y) \approx 0$ whatever the true class is, while its predicted class (the largest output) is no better than a guess: about $10\%$ accuracy on ten classes. The softmax cross-entropy has no such way out: the probabilities share a total of one, so raising a wrong class lowers the target's probability."
                .to_string(),
        ),
    ]
}

fn loss_step(c: &Checked, k: &Computed, p: &str) -> Step {
    let per: Vec<String> = c
        .targets
        .iter()
        .zip(k.loss_ratios.iter().zip(&k.losses))
        .enumerate()
        .map(|(i, (&y, (ratio, value)))| {
            let prob = &k.probs[i][y];
            let at = if c.batch {
                format!("{p}_{{{},{y}}}", i + 1)
            } else {
                format!("{p}_{{{y}}}")
            };
            let decimal = value.decimal(DECIMAL_PLACES);
            match ratio {
                Some(q) => format!(
                    r"-\ln {at} = -\ln {} = \ln {} \approx {decimal}.",
                    real_tex(prob),
                    q.tex()
                ),
                None => format!(
                    r"-\ln {at} \approx -\ln {} \approx {decimal}.",
                    real_tex(prob)
                ),
            }
        })
        .collect();
    let combine = match (c.rows.len(), c.reduction) {
        (1, _) => String::new(),
        (n, Reduction::Mean) => format!(
            r"

The mean over the {n} examples (logarithms add: $\ln a + \ln b = \ln ab$):"
        ),
        (n, Reduction::Sum) => format!("\n\nThe sum over the {n} examples:"),
    };
    let lines = per
        .iter()
        .map(|l| format!("$${l}$$"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let total = if c.rows.len() > 1 {
        format!("\n\n$$L = {}.$$", loss_tex(c, k))
    } else {
        String::new()
    };
    let what = if c.activation == Activation::Softmax {
        "The cross-entropy of a one-hot target keeps only the target's term"
    } else {
        r"The categorical cross-entropy $-\sum_i y_i \ln \hat{y}_i$ of a one-hot target keeps only the target's term"
    };
    Step::new(
        "Loss",
        format!(
            r"{what}, $-\ln$ of its probability:

{lines}{combine}{total}"
        ),
    )
}
