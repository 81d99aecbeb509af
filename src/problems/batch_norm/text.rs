//! The worked steps of `batch-norm`: the variables and their shapes, the statistics of each
//! channel, normalising, scale and shift, the running update, and the backward pass.

use super::compute::Pass;
use super::params::Layer;
use super::question::line;
use super::show::{Format, entries, entry, format_of, param, reals, relation, row};
use crate::num::{Q, Real, bmatrix};
use crate::solution::Step;

/// Longest channel whose sums are written term by term.
const TERMS: usize = 8;

/// A number in its own format, with the relation that goes before it (`=` or `\approx`).
fn num(r: &Real) -> (&'static str, String) {
    let one = std::slice::from_ref(r);
    (relation(one), entries(one).remove(0))
}

/// An exact number in its own format.
fn one(q: &Q) -> String {
    num(&Real::Exact(q.clone())).1
}

/// [`one`], in `\left( \right)` when negative.
fn factor(q: &Q) -> String {
    paren(one(q))
}

/// A written number in `\left( \right)` when it starts with a minus.
fn paren(text: String) -> String {
    if text.starts_with('-') {
        format!(r"\left({text}\right)")
    } else {
        text
    }
}

/// A vector in its format, with its relation.
fn vec_of(values: &[Real]) -> (&'static str, String) {
    (relation(values), row(&entries(values)))
}

/// `3 + 1 - 2 - \frac{1}{2}`.
fn sum_terms(terms: &[Q]) -> String {
    let mut out = String::new();
    for (i, t) in terms.iter().enumerate() {
        let text = param(&t.abs());
        match (i, t.is_negative()) {
            (0, false) => out.push_str(&text),
            (0, true) => out.push_str(&format!("-{text}")),
            (_, false) => out.push_str(&format!(" + {text}")),
            (_, true) => out.push_str(&format!(" - {text}")),
        }
    }
    out
}

/// `2^2`, `\left(-2\right)^2`, `\left(\frac{3}{2}\right)^2`.
fn square(q: &Q) -> String {
    let text = param(q);
    if q.is_negative() || !q.is_integer() {
        format!(r"\left({text}\right)^2")
    } else {
        format!("{text}^2")
    }
}

/// The values of channel `ch`, as a row written in the format of the whole tensor (so a
/// number reads the same in the channel and in the tensor), with its relation.
fn channel(layer: &Layer, values: &[Real], ch: usize) -> (&'static str, String) {
    let format = format_of(values);
    let written: Vec<String> = layer
        .indices(ch)
        .map(|i| entry(&values[i], format))
        .collect();
    let rel = if format == Format::Rounded {
        r"\approx"
    } else {
        "="
    };
    (rel, column(&written))
}

/// The values of a channel as a column (channel k of [N, C] is column k of X).
fn column(entries: &[String]) -> String {
    if entries.len() == 1 {
        entries[0].clone()
    } else {
        bmatrix(entries, 1, |s| s).to_string()
    }
}

/// Exact channel values as a column in their own format, with its relation.
fn column_q(values: &[Q]) -> (&'static str, String) {
    let r = reals(values);
    (relation(&r), column(&entries(&r)))
}

fn channel_q(layer: &Layer, values: &[Q], ch: usize) -> Vec<Q> {
    layer.indices(ch).map(|i| values[i].clone()).collect()
}

/// The display line of a tensor of the input's shape, as a `$$..$$` paragraph.
fn display(name: &str, layer: &Layer, values: &[Real]) -> String {
    let rel = relation(values);
    let l = line(name, &layer.shape, values);
    format!("$${}$$", l.replacen(" = ", &format!(" {rel} "), 1))
}

/// What the layer holds and the shapes (seed exam 2.10).
pub fn variables_step(layer: &Layer) -> Step {
    let c = layer.channels();
    let over = if layer.shape.len() == 4 {
        r"the $N \cdot H \cdot W$ values of a channel (every example and every position)"
    } else {
        "the $N$ values of a channel"
    };
    Step::new(
        "Variables and their shapes",
        format!(
            "Batch norm keeps one number per channel for each of its variables, so each has shape $[C] = [{c}]$:\n\n\
             - $\\gamma$ (`weight`) and $\\beta$ (`bias`) are learnable: the optimizer updates them from their gradients.\n\
             - The running mean $\\mu_{{\\text{{run}}}}$ and running variance $\\sigma^2_{{\\text{{run}}}}$ are buffers without gradients: each forward pass in training mode moves them towards the batch statistics, and evaluation mode normalises with them.\n\n\
             The batch mean and variance are taken over {over}. (PyTorch also counts the training batches in `num_batches_tracked`, a single integer.)"
        ),
    )
}

/// Mean and biased variance of each channel (training).
pub fn statistics_step(layer: &Layer, pass: &Pass) -> Step {
    let m = layer.per_channel();
    let mut body = format!(
        r"Write $x^{{(k)}}$ for the $m = {}$ values of channel $k${}. Batch norm normalises with the mean and the biased variance (divided by $m$):

$$\mu_k = \frac{{1}}{{m}} \sum_i x_i^{{(k)}}, \qquad \sigma_k^2 = \frac{{1}}{{m}} \sum_i \left(x_i^{{(k)}} - \mu_k\right)^2.$$",
        m,
        if layer.shape.len() == 4 {
            " (in the order example, row, column)"
        } else {
            " (column $k$ of $X$)"
        }
    );
    for ch in 0..layer.channels() {
        let k = ch + 1;
        let xs = channel_q(layer, &layer.x, ch);
        let mean = &pass.mean[ch];
        let sum = xs.iter().fold(Q::zero(), |a, x| a + x);
        let (rel, mean_text) = num(&Real::Exact(mean.clone()));
        let mean_line = if m <= TERMS {
            format!(
                r"\mu_{k} = \frac{{1}}{{{m}}}\left({}\right) {rel} {mean_text}",
                sum_terms(&xs)
            )
        } else {
            format!(
                r"\mu_{k} = \frac{{{}}}{{{m}}} {rel} {mean_text}",
                param(&sum)
            )
        };
        let devs: Vec<Q> = xs.iter().map(|x| x - mean).collect();
        let (dev_rel, dev_row) = column_q(&devs);
        let squares = devs.iter().fold(Q::zero(), |a, d| a + &(d * d));
        let (var_rel, var_text) = num(&Real::Exact(pass.var[ch].clone()));
        let short = devs.iter().all(Q::is_integer);
        let var_line = if m <= TERMS && (m <= 4 || short) {
            let terms: Vec<String> = devs.iter().map(square).collect();
            format!(
                r"\sigma_{k}^2 = \frac{{1}}{{{m}}}\left({}\right) {var_rel} {var_text}",
                terms.join(" + ")
            )
        } else {
            format!(
                r"\sigma_{k}^2 = \frac{{1}}{{{m}}} \cdot {} {var_rel} {var_text}",
                num(&Real::Exact(squares)).1
            )
        };
        body.push_str(&format!(
            r"

Channel {k}:

$${mean_line}$$

$$x^{{({k})}} - \mu_{k} {dev_rel} {dev_row}$$

$${var_line}$$"
        ));
    }
    Step::new("Mean and variance of each channel", body)
}

/// The root of each channel and x_hat.
pub fn normalise_step(layer: &Layer, pass: &Pass) -> Step {
    let (mu, var) = if layer.train {
        (r"\mu_k", r"\sigma_k^2")
    } else {
        (r"\mu_{\text{run},k}", r"\sigma^2_{\text{run},k}")
    };
    let mut body = if layer.train {
        String::new()
    } else {
        let (_, rm) = vec_of(&reals(&layer.running_mean));
        let (_, rv) = vec_of(&reals(&layer.running_var));
        format!(
            r"In evaluation mode the layer normalises with its running statistics, $\mu_{{\text{{run}}}} = {rm}$ and $\sigma^2_{{\text{{run}}}} = {rv}$, and changes neither of them: an example's output no longer depends on the rest of the batch.

"
        )
    };
    body.push_str(&format!(
        r"Each value is shifted by its channel's mean and divided by the root of its variance plus $\epsilon = {}$:

$$\hat{{x}}_i^{{(k)}} = \frac{{x_i^{{(k)}} - {mu}}}{{\sqrt{{{var} + \epsilon}}}}.$$",
        param(&layer.eps)
    ));
    for ch in 0..layer.channels() {
        let k = ch + 1;
        let (rel, root) = num(&pass.std[ch]);
        let radicand = if layer.eps.is_zero() {
            one(&pass.var[ch])
        } else {
            format!("{} + {}", one(&pass.var[ch]), param(&layer.eps))
        };
        let (x_rel, x_row) = channel(layer, &pass.x_hat, ch);
        let mu_k = mu.replace('k', &k.to_string());
        body.push_str(&format!(
            r"

Channel {k}: $\sqrt{{{radicand}}} {rel} {root}$, so

$$\hat{{x}}^{{({k})}} = \frac{{x^{{({k})}} - {mu_k}}}{{{root}}} {x_rel} {x_row}.$$"
        ));
    }
    body.push_str("\n\nIn the layout of $X$:\n\n");
    body.push_str(&display(r"\hat{X}", layer, &pass.x_hat));
    Step::new("Normalise", body)
}

/// y = gamma x_hat + beta.
pub fn scale_step(layer: &Layer, pass: &Pass) -> Step {
    let mut body = r"Each channel is scaled by its $\gamma_k$ and shifted by its $\beta_k$: $y_i^{(k)} = \gamma_k \hat{x}_i^{(k)} + \beta_k$.".to_string();
    for ch in 0..layer.channels() {
        let k = ch + 1;
        let (rel, y_row) = channel(layer, &pass.y, ch);
        body.push_str(&format!(
            r"

$$y^{{({k})}} = {} \cdot \hat{{x}}^{{({k})}} + {} {rel} {y_row}$$",
            factor(&layer.gamma[ch]),
            factor(&layer.beta[ch])
        ));
    }
    body.push_str("\n\nSo the output is\n\n");
    body.push_str(&display("Y", layer, &pass.y));
    Step::new("Scale and shift", body)
}

/// The running update with the unbiased variance (training).
pub fn running_step(layer: &Layer, pass: &Pass) -> Option<Step> {
    let update = pass.update.as_ref()?;
    let m = layer.per_channel() as i64;
    let mom = param(&layer.momentum);
    let keep = param(&(Q::one() - &layer.momentum));
    let row_q = |v: &[Q]| {
        let (rel, text) = vec_of(&reals(v));
        (rel, paren(text))
    };
    let (_, var) = row_q(&pass.var);
    let (u_rel, unbiased) = row_q(&update.unbiased);
    let (_, rm) = row_q(&layer.running_mean);
    let (_, mean) = row_q(&pass.mean);
    let (m_rel, new_mean) = vec_of(&reals(&update.running_mean));
    let (_, rv) = row_q(&layer.running_var);
    let (v_rel, new_var) = vec_of(&reals(&update.running_var));
    Some(Step::new(
        "Running statistics",
        format!(
            "PyTorch normalises with the biased variance but stores the unbiased one (divided by $m - 1$) in the running variance:\n\n\
             $$\\sigma^2_{{\\text{{unbiased}}}} = \\frac{{m}}{{m-1}} \\sigma^2 = \\frac{{{m}}}{{{}}} \\cdot {var} {u_rel} {unbiased}$$\n\n\
             Each running statistic keeps $1 - {mom} = {keep}$ of its old value and takes ${mom}$ of the new one:\n\n\
             $$\\begin{{aligned}} \\mu_{{\\text{{run}}}} &\\leftarrow {keep} \\cdot {rm} + {mom} \\cdot {mean} \\\\ &{m_rel} {new_mean} \\end{{aligned}}$$\n\n\
             $$\\begin{{aligned}} \\sigma^2_{{\\text{{run}}}} &\\leftarrow {keep} \\cdot {rv} + {mom} \\cdot {unbiased} \\\\ &{v_rel} {new_var} \\end{{aligned}}$$",
            m - 1
        ),
    ))
}

/// The backward pass, when `upstream` is given.
pub fn backward_steps(layer: &Layer, pass: &Pass) -> Vec<Step> {
    let (Some(grads), Some(g)) = (pass.grads.as_ref(), layer.upstream.as_ref()) else {
        return Vec::new();
    };
    let m = layer.per_channel();
    let mut params = r"With $g = \frac{\partial L}{\partial Y}$: $y = \gamma \hat{x} + \beta$ gives

$$\frac{\partial L}{\partial \beta_k} = \sum_i g_i^{(k)}, \qquad \frac{\partial L}{\partial \gamma_k} = \sum_i g_i^{(k)} \hat{x}_i^{(k)}.$$".to_string();
    for ch in 0..layer.channels() {
        let k = ch + 1;
        let gs = channel_q(layer, g, ch);
        let format = format_of(&pass.x_hat);
        let xh_text: Vec<String> = layer
            .indices(ch)
            .map(|i| entry(&pass.x_hat[i], format))
            .collect();
        let (b_rel, b) = num(&Real::Exact(grads.dbeta[ch].clone()));
        let (g_rel, gam) = num(&grads.dgamma[ch]);
        let beta_line = if m <= TERMS {
            format!("{} {b_rel} {b}", sum_terms(&gs))
        } else {
            format!("{b_rel} {b}")
        };
        // Products written out while they are short: exact x_hat, at most four values.
        let gamma_line = if m <= 4 && format != Format::Rounded {
            let terms: Vec<String> = gs
                .iter()
                .zip(xh_text)
                .map(|(gi, x)| format!(r"{} \cdot {}", factor(gi), paren(x)))
                .collect();
            format!("{} {g_rel} {gam}", terms.join(" + "))
        } else {
            format!("{g_rel} {gam}")
        };
        params.push_str(&format!(
            r"

$$\frac{{\partial L}}{{\partial \beta_{k}}} = {beta_line}$$

$$\frac{{\partial L}}{{\partial \gamma_{k}}} = {gamma_line}$$"
        ));
    }
    let mut steps = vec![Step::new("Gradients of gamma and beta", params)];
    steps.push(dx_step(layer, pass, g));
    steps
}

fn dx_step(layer: &Layer, pass: &Pass, g: &[Q]) -> Step {
    let grads = pass.grads.as_ref().expect("backward asked");
    let m = layer.per_channel();
    let mut body = if let Some(bracket) = &grads.bracket {
        let mut body = format!(
            r"In training mode $\mu_k$ and $\sigma_k^2$ depend on every value of the channel, so the gradient has two correction terms (with $m = {m}$):

$$\frac{{\partial L}}{{\partial x_i^{{(k)}}}} = \frac{{\gamma_k}}{{m \sqrt{{\sigma_k^2 + \epsilon}}}} \left(m\, g_i^{{(k)}} - \frac{{\partial L}}{{\partial \beta_k}} - \hat{{x}}_i^{{(k)}} \frac{{\partial L}}{{\partial \gamma_k}}\right).$$"
        );
        for ch in 0..layer.channels() {
            let k = ch + 1;
            let (_, g_row) = column_q(&channel_q(layer, g, ch));
            let (_, xh_row) = channel(layer, &pass.x_hat, ch);
            let (br_rel, br_row) = channel(layer, bracket, ch);
            let (_, db) = num(&Real::Exact(grads.dbeta[ch].clone()));
            let dg = paren(num(&grads.dgamma[ch]).1);
            let db = paren(db);
            let scale = Real::Exact(layer.gamma[ch].clone())
                .checked_div(&(&Real::Exact(Q::int(m as i64)) * &pass.std[ch]))
                .expect("checked: the root is not zero");
            let (s_rel, s) = num(&scale);
            let (dx_rel, dx_row) = channel(layer, &grads.dx, ch);
            body.push_str(&format!(
                r"

Channel {k}: the bracket is

$${m} \cdot {g_row} - {db} - {dg} \cdot {xh_row} {br_rel} {br_row}$$

and $\frac{{\gamma_{k}}}{{m \sqrt{{\sigma_{k}^2 + \epsilon}}}} = \frac{{{}}}{{{m} \cdot {}}} {s_rel} {s}$, so

$$\frac{{\partial L}}{{\partial x^{{({k})}}}} {dx_rel} {dx_row}$$",
                param(&layer.gamma[ch]),
                num(&pass.std[ch]).1
            ));
        }
        body.push_str("\n\nThe gradient of each channel sums to zero: shifting a whole channel changes nothing after normalising.");
        body
    } else {
        let mut body = r"In evaluation mode the statistics are constants, so each value only passes through its own scale: $\frac{\partial L}{\partial x_i^{(k)}} = \frac{\gamma_k}{\sqrt{\sigma^2_{\text{run},k} + \epsilon}}\, g_i^{(k)}$.".to_string();
        for ch in 0..layer.channels() {
            let k = ch + 1;
            let (_, g_row) = column_q(&channel_q(layer, g, ch));
            let (dx_rel, dx_row) = channel(layer, &grads.dx, ch);
            body.push_str(&format!(
                r"

$$\frac{{\partial L}}{{\partial x^{{({k})}}}} = \frac{{{}}}{{{}}} \cdot {g_row} {dx_rel} {dx_row}$$",
                param(&layer.gamma[ch]),
                num(&pass.std[ch]).1
            ));
        }
        body
    };
    body.push_str("\n\nIn the layout of $X$:\n\n");
    body.push_str(&display(r"\frac{\partial L}{\partial X}", layer, &grads.dx));
    Step::new("Gradient of the input", body)
}
