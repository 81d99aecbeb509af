//! The worked steps of `bce-backprop` that are about this network rather than one op: the chain
//! rule read off the graph, the printed values, the simplification, caching and the sign.

use super::Checked;
use super::solve::Ids;
use super::tolerance::{Sheet, Tolerances};
use crate::engine::Graph;
use crate::engine::Reduction;
use crate::engine::symbolic::chain_rule;
use crate::engine::tex::{dl, eq, tensor};
use crate::num::{Real, bmatrix};
use crate::solution::Step;
use crate::tensor::{Scalar, Tensor};

/// The symbolic chain rule for `W` and `b`, from the graph.
pub fn chain_rule_step<S: Scalar>(g: &Graph<S>, ids: &Ids) -> Step {
    Step::new(
        "Chain rule along the graph",
        format!(
            r"The loss depends on $W$ and $b$ only through $z$ and then $\hat{{y}}$, so each gradient is the product of the local derivatives along that path:

$${}$$

$${}$$",
            chain_rule(g, ids.w, ids.loss),
            chain_rule(g, ids.b, ids.loss)
        ),
    )
}

/// The forward pass as the sheet prints it: the steps below go on from these values.
pub fn given_step(c: &Checked, sheet: &Sheet) -> Step {
    let printed: Vec<String> = sheet
        .y_hat
        .iter()
        .map(|q| q.decimal(sheet.places).to_string())
        .collect();
    let y_hat = if c.batch {
        format!(r"\hat{{y}} \approx {}", bmatrix(&printed, 1, |d| d))
    } else {
        format!(r"\hat{{y}} = \sigma(z) \approx {}", printed[0])
    };
    Step::new(
        r"Forward: $\hat{y}$ and $L$, as printed",
        format!(
            r"The sheet gives the rest of the forward pass, rounded to {} places:

$${y_hat}, \qquad L \approx {}$$

The steps below go on from the printed {}, as on paper; PyTorch's unrounded values follow after them.",
            sheet.places,
            sheet.loss.decimal(sheet.places),
            if c.batch { "predictions" } else { "prediction" }
        ),
    )
}

/// What PyTorch computes from the unrounded predictions (the answer key's values).
pub struct Unrounded<'a> {
    /// `y_hat`.
    pub y_hat: &'a Tensor<Real>,
    /// The loss.
    pub loss: &'a Real,
    /// `dL/dy_hat`.
    pub dyhat: &'a Tensor<Real>,
    /// `dL/dz`.
    pub dz: &'a Tensor<Real>,
    /// `dL/dW`.
    pub dw: &'a Tensor<Real>,
    /// `dL/db`.
    pub db: &'a Tensor<Real>,
}

/// PyTorch's values from the unrounded predictions, and how far an answer worked from the
/// printed ones may lie from them.
pub fn pytorch_step(sheet: &Sheet, full: &Unrounded<'_>, tol: &Tolerances) -> Step {
    let tols = [
        (r"\hat{y}", &tol.y_hat),
        ("L", &tol.loss),
        (r"\partial L / \partial \hat{y}", &tol.dyhat),
        (r"\partial L / \partial z", &tol.dz),
        (r"\partial L / \partial W", &tol.dw),
        (r"\partial L / \partial b", &tol.db),
    ];
    let listed: Vec<String> = tols
        .iter()
        .map(|(s, t)| {
            format!(
                r"${s}$: $\pm {}$",
                match t.exact_decimal(30) {
                    Some(decimal) => decimal.to_string(),
                    None => t.tex().to_string(),
                }
            )
        })
        .collect();
    Step::new(
        "PyTorch's unrounded values",
        format!(
            r"PyTorch does not round: it works with $\hat{{y}} = \sigma(z) {} {}$ (not the printed {} places) and gets

$$\begin{{aligned}} L &\approx {} \\ {} &{} {} \\ {} &{} {} \\ {} &{} {} \\ {} &{} {} \end{{aligned}}$$

The answer key lists these. An answer worked from the printed values, as above, differs from them only in the last digits; accepted deviations: {}.",
            eq(full.y_hat),
            tensor(full.y_hat),
            sheet.places,
            full.loss.decimal(4),
            dl(r"\hat{y}"),
            eq(full.dyhat),
            tensor(full.dyhat),
            dl("z"),
            eq(full.dz),
            tensor(full.dz),
            dl("W"),
            eq(full.dw),
            tensor(full.dw),
            dl("b"),
            eq(full.db),
            tensor(full.db),
            listed.join(", ")
        ),
    )
}

/// `dL/dz = y_hat - y` (over n for the mean), checked with the numbers.
pub fn simplification_step<S: Scalar>(c: &Checked, y_hat: &Tensor<S>, dz: &Tensor<S>) -> Step {
    let n = c.y.len();
    let scale_text = match (c.batch, c.reduction) {
        (true, Reduction::Mean) => format!(r"\frac{{1}}{{{n}}}"),
        _ => String::new(),
    };
    let group = |inner: String| {
        if scale_text.is_empty() {
            inner
        } else {
            format!(r"{scale_text}\left({inner}\right)")
        }
    };
    let labels: Tensor<S> = Tensor::new(vec![n], c.y.iter().map(S::from_q).collect());
    let check = if c.batch {
        format!(
            r"{} = {scale_text}\left({} - {}\right) {} {}",
            dl("z"),
            tensor(y_hat),
            tensor(&labels),
            crate::engine::tex::eq(dz),
            tensor(dz)
        )
    } else {
        format!(
            r"{} = \hat{{y}} - y = {} - {} {} {}",
            dl("z"),
            y_hat.data()[0].tex(),
            c.y[0].tex(),
            dz.data()[0].eq_sign(),
            dz.data()[0].tex()
        )
    };
    let (lhs, sub) = if c.batch {
        (dl("z_i"), "_i")
    } else {
        (dl("z"), "")
    };
    Step::new(
        r"The shortcut $\partial L / \partial z = \hat{y} - y$",
        format!(
            r"Multiplying the two local derivatives, the denominators cancel against $\hat{{y}}(1 - \hat{{y}})$:

$${lhs} = {scale_text}\left(-\frac{{y{sub}}}{{\hat{{y}}{sub}}} + \frac{{1 - y{sub}}}{{1 - \hat{{y}}{sub}}}\right)\hat{{y}}{sub}(1 - \hat{{y}}{sub}) = {} = {}$$

With the numbers, as found above:

$${check}$$",
            group(format!(
                r"-y{sub}(1 - \hat{{y}}{sub}) + (1 - y{sub})\hat{{y}}{sub}"
            )),
            group(format!(r"\hat{{y}}{sub} - y{sub}"))
        ),
    )
}

/// What the forward pass must keep for backward.
pub fn cache_step() -> Step {
    Step::new(
        "What to cache in the forward pass",
        r"Backward needs two values from the forward pass:

- $X$, because $\frac{\partial z}{\partial W} = X^\top$: the weight gradient is $X^\top \frac{\partial L}{\partial z}$;
- $\hat{y}$, because $\frac{\partial \hat{y}}{\partial z} = \hat{y}(1 - \hat{y})$ and $\frac{\partial L}{\partial \hat{y}}$ are written through it.

$z$ need not be kept (the sigmoid's derivative is a function of its output), $\frac{\partial z}{\partial b} = 1$ needs nothing, and $W$ is needed only to pass the gradient further down to $X$ (it is stored anyway as a parameter).",
    )
}

/// The sign of dL/dW when the inputs are non-negative and all labels agree: (word, label).
pub fn sign_word(c: &Checked) -> Option<(String, String)> {
    if !c.relu_input() {
        return None;
    }
    let label = c.common_label()?;
    let word = if label.is_zero() {
        "non-negative"
    } else {
        "non-positive"
    };
    Some((word.to_string(), label.to_string()))
}

/// Why every entry of dL/dW has one sign here.
pub fn sign_step<S: Scalar>(c: &Checked, label: &str, dw: &Tensor<S>) -> Step {
    let zero_entries: Vec<String> = dw
        .data()
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_exact_zero())
        .map(|(j, _)| (j + 1).to_string())
        .collect();
    let zeros = match zero_entries.len() {
        0 => "Here no input is zero, so every entry is strictly".to_string(),
        1 => format!(
            "Here entry {} is zero because its input is zero; the others are strictly",
            zero_entries[0]
        ),
        _ => format!(
            "Here entries {} are zero because their inputs are zero; the others are strictly",
            zero_entries.join(", ")
        ),
    };
    let batch = if c.batch {
        " Summing over the examples adds terms of the same sign."
    } else {
        ""
    };
    let body = if label == "1" {
        format!(
            r"With $y = 1$: $\frac{{\partial L}}{{\partial \hat{{y}}}} = -\frac{{1}}{{\hat{{y}}}} < 0$ because $0 < \hat{{y}} < 1$, and $\frac{{\partial \hat{{y}}}}{{\partial z}} = \hat{{y}}(1 - \hat{{y}}) > 0$, so $\frac{{\partial L}}{{\partial z}} = \hat{{y}} - 1 < 0$. Each entry of $\frac{{\partial L}}{{\partial W}} = X^\top \frac{{\partial L}}{{\partial z}}$ is an input $x_j$ times this negative number, and the inputs come out of a ReLU, so $x_j \ge 0$: no entry can be positive, whatever $W$ and $b$ are.{batch} {zeros} negative."
        )
    } else {
        format!(
            r"With $y = 0$: $\frac{{\partial L}}{{\partial \hat{{y}}}} = \frac{{1}}{{1 - \hat{{y}}}} > 0$ and $\frac{{\partial \hat{{y}}}}{{\partial z}} = \hat{{y}}(1 - \hat{{y}}) > 0$, so $\frac{{\partial L}}{{\partial z}} = \hat{{y}} > 0$. Each entry of $\frac{{\partial L}}{{\partial W}} = X^\top \frac{{\partial L}}{{\partial z}}$ is an input $x_j \ge 0$ (a ReLU output) times this positive number: no entry can be negative, whatever $W$ and $b$ are.{batch} {zeros} positive."
        )
    };
    Step::new(r"The sign of $\partial L / \partial W$", body)
}
