//! The worked steps of `dropout` and the number format its tensors are written in.

use super::params::{Checked, Mode, Scaling};
use crate::num::Q;
use crate::problems::format::{scalar_tex, tensor_tex};
use crate::solution::Step;

/// Entry-wise product of a tensor with the mask (dropped entries become 0).
pub fn masked(values: &[Q], mask: &[bool]) -> Vec<Q> {
    values
        .iter()
        .zip(mask)
        .map(|(v, &kept)| if kept { v.clone() } else { Q::zero() })
        .collect()
}

/// Every entry times `factor`.
pub fn scaled(values: &[Q], factor: &Q) -> Vec<Q> {
    values.iter().map(|v| v * factor).collect()
}

/// The factor of the training output: 1/(1 - p) for inverted dropout, 1 otherwise.
pub fn train_factor(c: &Checked) -> Q {
    match c.scaling {
        Scaling::Inverted => c.keep().recip().unwrap_or_else(Q::one),
        Scaling::TestTime => Q::one(),
    }
}

/// The factor of the evaluation output: 1 for inverted dropout, 1 - p otherwise.
pub fn eval_factor(c: &Checked) -> Q {
    match c.scaling {
        Scaling::Inverted => Q::one(),
        Scaling::TestTime => c.keep(),
    }
}

/// The layer's factor in the params' mode (applied after the mask in training).
pub fn factor(c: &Checked) -> Q {
    match c.mode {
        Mode::Train => train_factor(c),
        Mode::Eval => eval_factor(c),
    }
}

/// The worked steps: the factor, the output, the gradient and the expectation.
pub fn steps(c: &Checked, y: &[Q], dl_dx: Option<&[Q]>, expected: Option<&[Q]>) -> Vec<Step> {
    let cols = c.cols();
    let p = scalar_tex(&c.p);
    let keep = scalar_tex(&c.keep());
    let mut steps = Vec::new();
    match (c.mode, c.scaling) {
        (Mode::Train, Scaling::Inverted) => steps.push(Step::new(
            "Keep probability and scale",
            format!(
                r"Each entry is kept with probability $1 - p = 1 - {p} = {keep}$. Inverted dropout divides the kept entries by it, that is multiplies them by $\frac{{1}}{{1 - p}} = {}$, and sets the dropped ones to $0$.",
                scalar_tex(&train_factor(c))
            ),
        )),
        (Mode::Train, Scaling::TestTime) => steps.push(Step::new(
            "Keep probability",
            format!(
                r"Each entry is kept with probability $1 - p = 1 - {p} = {keep}$. In training this layer only sets the dropped entries to $0$; it scales nothing."
            ),
        )),
        (Mode::Eval, _) => {}
    }
    steps.push(output_step(c, y, cols));
    if let (Some(dl_dx), Some(upstream)) = (dl_dx, &c.upstream) {
        steps.push(gradient_step(c, upstream, dl_dx, cols));
    }
    if let Some(expected) = expected {
        steps.push(expectation_step(c, expected, cols));
    }
    steps
}

fn output_step(c: &Checked, y: &[Q], cols: usize) -> Step {
    let y_tex = tensor_tex(y, cols);
    let body = match (c.mode, &c.mask) {
        (Mode::Train, Some(mask)) => {
            let kept = tensor_tex(&masked(&c.x, mask), cols);
            match c.scaling {
                Scaling::Inverted => format!(
                    r"The mask zeroes the dropped entries,

$$x \odot m = {kept},$$

and the kept ones are scaled:

$$y = \frac{{x \odot m}}{{1 - p}} = {} \cdot (x \odot m) = {y_tex}.$$",
                    scalar_tex(&train_factor(c))
                ),
                Scaling::TestTime => format!(
                    r"Dropped entries become $0$, kept ones stay as they are:

$$y = x \odot m = {y_tex}.$$"
                ),
            }
        }
        _ => match c.scaling {
            Scaling::Inverted => format!(
                r"In evaluation mode inverted dropout drops nothing and scales nothing: it passes its input on:

$$y = x = {y_tex}.$$

The division by $1 - p$ happened in training, so $p = {}$ plays no part now.",
                scalar_tex(&c.p)
            ),
            Scaling::TestTime => format!(
                r"In evaluation mode this layer drops nothing but multiplies its input by the keep probability $1 - p = {}$:

$$y = (1 - p)\, x = {} \cdot x = {y_tex}.$$",
                scalar_tex(&c.keep()),
                scalar_tex(&c.keep())
            ),
        },
    };
    Step::new("Output", body)
}

fn gradient_step(c: &Checked, upstream: &[Q], dl_dx: &[Q], cols: usize) -> Step {
    let g = tensor_tex(upstream, cols);
    let result = tensor_tex(dl_dx, cols);
    let f = factor(c);
    let body = match &c.mask {
        Some(mask) => {
            let kept = tensor_tex(&masked(upstream, mask), cols);
            let scale = if f == Q::one() {
                format!(r"\frac{{\partial L}}{{\partial y}} \odot m = {kept}")
            } else {
                format!(
                    r"\frac{{\partial L}}{{\partial y}} \odot m = {kept},$$

$$\frac{{\partial L}}{{\partial x}} = \frac{{1}}{{1 - p}} \left(\frac{{\partial L}}{{\partial y}} \odot m\right) = {} \cdot \left(\frac{{\partial L}}{{\partial y}} \odot m\right) = {result}",
                    scalar_tex(&f)
                )
            };
            format!(
                r"Each output is its input times a constant (the mask entry{}), so the gradient flows back through the same factor; a dropped entry gets none:

$${}{scale}.$$",
                if f == Q::one() { "" } else { r" over $1 - p$" },
                if f == Q::one() {
                    r"\frac{\partial L}{\partial x} = "
                } else {
                    ""
                }
            )
        }
        None if f == Q::one() => format!(
            r"The layer is the identity in evaluation mode, so the gradient passes through unchanged:

$$\frac{{\partial L}}{{\partial x}} = \frac{{\partial L}}{{\partial y}} = {g}.$$"
        ),
        None => format!(
            r"The layer multiplies by the constant $1 - p$, so the gradient is multiplied by it too:

$$\frac{{\partial L}}{{\partial x}} = (1 - p) \frac{{\partial L}}{{\partial y}} = {} \cdot \frac{{\partial L}}{{\partial y}} = {result}.$$",
            scalar_tex(&f)
        ),
    };
    Step::new("Backward pass", body)
}

fn expectation_step(c: &Checked, expected: &[Q], cols: usize) -> Step {
    let e = tensor_tex(expected, cols);
    let body = match c.scaling {
        Scaling::Inverted => format!(
            r"Each $y_i$ is $\frac{{x_i}}{{1 - p}}$ with probability $1 - p$ and $0$ with probability $p$:

$$E[y_i] = (1 - p) \cdot \frac{{x_i}}{{1 - p}} + p \cdot 0 = x_i,$$

$$E[y] = x = {e}.$$

In evaluation mode the layer passes $x$ on unchanged, the same as $E[y]$: the next layer sees inputs of the same expected size in training and in evaluation. That is why the kept entries are divided by $1 - p$; without it the next layer would see inputs $\frac{{1}}{{1 - p}}$ times larger at test time than it was trained on."
        ),
        Scaling::TestTime => format!(
            r"Each $y_i$ is $x_i$ with probability $1 - p$ and $0$ with probability $p$:

$$E[y_i] = (1 - p)\, x_i,$$

$$E[y] = (1 - p)\, x = {} \cdot x = {e}.$$

In evaluation this layer multiplies its input by $1 - p$, which gives the same: the next layer sees inputs of the same expected size in training and at test time. PyTorch's inverted dropout gets the same balance the other way round, by dividing by $1 - p$ in training, so that evaluation needs no change.",
            scalar_tex(&c.keep())
        ),
    };
    Step::new("Expected output and evaluation mode", body)
}
