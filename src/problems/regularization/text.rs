//! The worked steps of `regularization`, and how its weights and results are written.

use super::math::Computed;
use super::params::{Checked, Regularizer};
use crate::num::{DECIMAL_PLACES, Q, Real, bmatrix};
use crate::problems::format::{real_tensor_tex, scalar_tex};
use crate::problems::log_num::LogNum;
use crate::solution::Step;

/// The penalty formula per weight, `r(w)`.
pub fn formula(r: Regularizer) -> &'static str {
    match r {
        Regularizer::L2 => "w_i^2",
        Regularizer::L1 => "|w_i|",
        Regularizer::ExpNeg => "e^{-w_i}",
        Regularizer::Cosh => r"\left(\cosh w_i - 1\right)",
    }
}

/// The weights in LaTeX (`\ln` entries as written).
pub fn weights_tex(c: &Checked) -> String {
    let entries: Vec<String> = c.w.iter().map(LogNum::tex).collect();
    bmatrix(&entries, c.cols, |s| s.as_str()).to_string()
}

/// A real scalar: exact as [`scalar_tex`], else a decimal at [`DECIMAL_PLACES`].
pub fn real_tex(r: &Real) -> String {
    match r.as_exact() {
        Some(q) => scalar_tex(q),
        None => r.decimal(DECIMAL_PLACES).to_string(),
    }
}

/// The stepped weights of a vector exactly where a weight is `ln a` and its move is rational
/// (`\ln 2 - \frac{3}{8}`); `None` when that form does not apply (matrices, more than four
/// weights, approximate moves).
pub fn symbolic_next_tex(c: &Checked, next: &[Real], moves: &[Real]) -> Option<String> {
    let symbolic = !c.matrix
        && c.w.len() <= 4
        && c.w
            .iter()
            .any(|w| matches!(w, LogNum::Ln(a) if *a != Q::one()))
        && moves.iter().all(Real::is_exact);
    if !symbolic {
        return None;
    }
    let entries: Vec<String> =
        c.w.iter()
            .zip(moves)
            .zip(next)
            .map(|((w, m), n)| match w {
                LogNum::Ln(a) if *a != Q::one() => {
                    let m = m.value();
                    if m.is_zero() {
                        w.tex()
                    } else if m.is_negative() {
                        format!("{} + {}", w.tex(), (-m).tex())
                    } else {
                        format!("{} - {}", w.tex(), m.tex())
                    }
                }
                _ => real_tex(n),
            })
            .collect();
    // A line of the answer list holds about 120 characters of such LaTeX.
    let tex = bmatrix(&entries, c.cols, |s| s.as_str()).to_string();
    (tex.len() <= 120).then_some(tex)
}

/// The worked steps.
pub fn steps(c: &Checked, k: &Computed) -> Vec<Step> {
    let lambda = scalar_tex(&c.lambda);
    let cols = c.cols;
    let (each, why) = match c.regularizer {
        Regularizer::L2 => ("$w_i^2$".to_string(), String::new()),
        Regularizer::L1 => ("$|w_i|$".to_string(), String::new()),
        Regularizer::ExpNeg => (
            "$e^{-w_i}$".to_string(),
            if c.w.iter().all(LogNum::has_exact_exp) {
                r" With $w_i = \ln a$, $e^{-w_i} = \frac{1}{a}$ exactly.".to_string()
            } else {
                String::new()
            },
        ),
        Regularizer::Cosh => (
            r"$\cosh w_i - 1$".to_string(),
            if c.w.iter().all(LogNum::has_exact_exp) {
                r" With $w_i = \ln a$, $\cosh w_i = \frac{e^{w_i} + e^{-w_i}}{2} = \frac{a + 1/a}{2}$ exactly.".to_string()
            } else {
                String::new()
            },
        ),
    };
    let mut steps = vec![Step::new(
        "Regularization loss",
        format!(
            r"Each weight contributes {each}.{why}

$${} = {},$$

$$R(w) = \lambda \sum_i {} = {lambda} \cdot {} = {}.$$",
            formula_of_each(c.regularizer),
            real_tensor_tex(&k.penalties, cols),
            formula(c.regularizer),
            real_tex(&sum(&k.penalties)),
            real_tex(&k.loss)
        ),
    )];
    let derivative = match c.regularizer {
        Regularizer::L2 => r"\frac{\partial R}{\partial w_i} = 2 \lambda w_i",
        Regularizer::L1 => {
            r"\frac{\partial R}{\partial w_i} = \lambda \operatorname{sign}(w_i) \quad (0 \text{ at } w_i = 0\text{, as PyTorch takes it})"
        }
        Regularizer::ExpNeg => r"\frac{\partial R}{\partial w_i} = -\lambda e^{-w_i}",
        Regularizer::Cosh => {
            r"\frac{\partial R}{\partial w_i} = \lambda \sinh w_i = \lambda \frac{e^{w_i} - e^{-w_i}}{2}"
        }
    };
    steps.push(Step::new(
        "Gradient of the regularizer",
        format!(
            r"Per weight, ${derivative}$:

$$\frac{{\partial R}}{{\partial w}} = {}.$$",
            real_tensor_tex(&k.grad, cols)
        ),
    ));
    if let (Some((lr, data, given)), Some(next), Some(moves)) = (&c.step, &k.next, &k.moves) {
        let gradient = if *given {
            let total: Vec<Real> = data
                .iter()
                .zip(&k.grad)
                .map(|(g, r)| &Real::Exact(g.clone()) + r)
                .collect();
            format!(
                r"$$\frac{{\partial (L + R)}}{{\partial w}} = \frac{{\partial L}}{{\partial w}} + \frac{{\partial R}}{{\partial w}} = {},$$

",
                real_tensor_tex(&total, cols)
            )
        } else {
            String::new()
        };
        steps.push(Step::new(
            "One gradient step",
            format!(
                r"Gradient descent moves each weight against the gradient of the whole objective{}:

{gradient}$$\eta \frac{{\partial (L + R)}}{{\partial w}} = {} \cdot \frac{{\partial (L + R)}}{{\partial w}} = {},$$

$$w' = w - \eta \frac{{\partial (L + R)}}{{\partial w}} = {}.$$",
                if *given {
                    ", data loss plus regularizer"
                } else {
                    " (here the regularizer alone)"
                },
                scalar_tex(lr),
                real_tensor_tex(moves, cols),
                match symbolic_next_tex(c, next, moves) {
                    Some(exact) => format!(
                        r"{exact},$$

$$w' \approx {}",
                        real_tensor_tex(next, cols)
                    ),
                    None => real_tensor_tex(next, cols),
                }
            ),
        ));
    }
    steps.push(Step::new("What it encourages", encourages(c)));
    steps
}

fn formula_of_each(r: Regularizer) -> &'static str {
    match r {
        Regularizer::L2 => "w^2",
        Regularizer::L1 => "|w|",
        Regularizer::ExpNeg => "e^{-w}",
        Regularizer::Cosh => r"\cosh w - 1",
    }
}

fn sum(values: &[Real]) -> Real {
    values
        .iter()
        .fold(Real::Exact(Q::zero()), |acc, v| &acc + v)
}

fn encourages(c: &Checked) -> String {
    let decay = c.step.as_ref().map(|(lr, _, _)| {
        let factor = Q::one() - &(&(&Q::int(2) * lr) * &c.lambda);
        format!(
            r" In the step this is weight decay: $w' = w - \eta\left(\frac{{\partial L}}{{\partial w}} + 2\lambda w\right) = (1 - 2\eta\lambda)\, w - \eta \frac{{\partial L}}{{\partial w}}$, each weight first shrunk by the factor $1 - 2\eta\lambda = {}$ (PyTorch's `weight_decay` is $2\lambda$ here).",
            scalar_tex(&factor)
        )
    });
    match c.regularizer {
        Regularizer::L2 => format!(
            r"The pull toward $0$ grows with the weight ($2\lambda w_i$): large weights are punished most, so the network prefers many small weights that share the work.{}",
            decay.unwrap_or_default()
        ),
        Regularizer::L1 => r"The pull toward $0$ has the same size $\lambda$ for every non-zero weight, however small: small weights are driven all the way to $0$, so the network keeps few non-zero weights (a sparse model). L2's pull, $2\lambda w_i$, fades as a weight shrinks, so L2 leaves many small weights instead of zeros.".to_string(),
        Regularizer::ExpNeg => r"$e^{-w}$ is smallest for large positive $w$ and its gradient $-\lambda e^{-w}$ is negative for every weight, so each step pushes every weight up, without end: the regularizer rewards large positive weights. Those make activations and gradients explode and training numerically unstable, the opposite of what a regularizer is for.".to_string(),
        Regularizer::Cosh => r"$\cosh w - 1$ is smallest at $w = 0$ and grows like $\frac{w^2}{2}$ near it and exponentially further out: it keeps weights close to $0$, much like L2. The $-1$ does not change training at all: a constant has derivative $0$, so $\frac{\partial}{\partial w}(\cosh w - 1) = \sinh w = \frac{\partial}{\partial w} \cosh w$ and every step is the same; it only makes the penalty of a zero weight $0$.".to_string(),
    }
}
