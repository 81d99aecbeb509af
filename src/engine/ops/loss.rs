//! PyTorch's `BCELoss`: `L = -reduce(y ln y_hat + (1 - y) ln(1 - y_hat))`, reduce = mean (default)
//! or sum. Backward needs the cached prediction `y_hat` and the labels:
//! `dL/dy_hat_i = s (y_hat_i - y_i) / (y_hat_i (1 - y_hat_i))` with `s = 1/n` for the mean, which
//! is `s (-y_i / y_hat_i + (1 - y_i) / (1 - y_hat_i))`; PyTorch clamps the denominator at 1e-12
//! and each log at -100 (dlexam's families keep inputs where neither clamp acts).

use std::fmt::Write;

use crate::engine::tex::{den, dl, entry, grad_lhs, paren, push_lines};
use crate::engine::{Grads, Graph, NodeId, Op, Reduction};
use crate::num::Q;
use crate::solution::Step;
use crate::tensor::{Scalar, Tensor};

fn scale<S: Scalar>(n: usize, reduction: Reduction) -> S {
    match reduction {
        Reduction::Mean => S::from_q(&Q::frac(1, n as i64)),
        Reduction::Sum => S::one(),
    }
}

fn log_clamped<S: Scalar>(v: &S) -> S {
    let floor = S::from_q(&Q::int(-100));
    match v.ln() {
        Some(l) if l.sub(&floor).is_positive() => l,
        _ => floor,
    }
}

/// The loss of each example: `-(y ln y_hat + (1 - y) ln(1 - y_hat))`, terms with a zero
/// coefficient skipped.
pub fn per_example<S: Scalar>(y_hat: &Tensor<S>, labels: &[Q]) -> Vec<S> {
    y_hat
        .data()
        .iter()
        .zip(labels)
        .map(|(p, y)| {
            let mut l = S::zero();
            if !y.is_zero() {
                l = l.sub(&S::from_q(y).mul(&log_clamped(p)));
            }
            let rest = Q::one() - y;
            if !rest.is_zero() {
                l = l.sub(&S::from_q(&rest).mul(&log_clamped(&S::one().sub(p))));
            }
            l
        })
        .collect()
}

/// The reduced loss (a rank-0 tensor).
pub fn bce<S: Scalar>(y_hat: &Tensor<S>, labels: &[Q], reduction: Reduction) -> Tensor<S> {
    let total = per_example(y_hat, labels)
        .iter()
        .fold(S::zero(), |a, l| a.add(l));
    Tensor::scalar(total.mul(&scale(labels.len(), reduction)))
}

/// `dL/dy_hat`, as PyTorch computes it.
pub fn bce_backward<S: Scalar>(
    y_hat: &Tensor<S>,
    labels: &[Q],
    reduction: Reduction,
    grad: &Tensor<S>,
) -> Tensor<S> {
    let s: S = scale::<S>(labels.len(), reduction).mul(&grad.data()[0]);
    let eps = S::from_q(&Q::frac(1, 1_000_000_000_000));
    let data = y_hat
        .data()
        .iter()
        .zip(labels)
        .map(|(p, y)| {
            let var = p.mul(&S::one().sub(p));
            let var = if var.sub(&eps).is_positive() {
                var
            } else {
                eps.clone()
            };
            p.sub(&S::from_q(y))
                .div(&var)
                .expect("denominator at least 1e-12")
                .mul(&s)
        })
        .collect();
    Tensor::new(y_hat.shape().to_vec(), data)
}

/// `\ln q` for a positive rational, written simply (`\ln 2`, `\ln \frac{4}{3}`, `0` for 1).
pub fn ln_tex(q: &Q) -> String {
    if *q == Q::one() {
        "0".into()
    } else {
        format!(r"\ln {}", q.tex())
    }
}

/// The exact closed form of each example's loss when its prediction is rational:
/// `-ln p = ln(1/p)` for y = 1, `ln(1/(1 - p))` for y = 0.
pub fn closed_form<S: Scalar>(p: &S, y: &Q) -> Option<String> {
    let p = p.as_q()?;
    let kept = if y.is_zero() {
        Q::one() - &p
    } else if *y == Q::one() {
        p
    } else {
        return None;
    };
    kept.recip().map(|r| ln_tex(&r))
}

fn parts<S: Scalar>(g: &Graph<S>, id: NodeId) -> (NodeId, &[Q], Reduction) {
    match &g.node(id).op {
        Op::Bce {
            y_hat,
            labels,
            reduction,
        } => (*y_hat, labels, *reduction),
        _ => unreachable!("not a BCE node"),
    }
}

fn prefix(n: usize, reduction: Reduction) -> String {
    match (n, reduction) {
        (1, _) => String::new(),
        (_, Reduction::Mean) => format!(r"\frac{{1}}{{{n}}}"),
        (_, Reduction::Sum) => String::new(),
    }
}

/// `L = -ln y_hat = ln 2 ~ 0.6931`, or the batch's mean/sum of per-example losses.
pub fn forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Step {
    let (y_hat, labels, reduction) = parts(g, id);
    let (ls, ps) = (g.symbol(id), g.symbol(y_hat));
    let pv = g.value(y_hat);
    let loss = &g.value(id).data()[0];
    let n = labels.len();
    // Each example's loss (logarithms: costly) is written only for a batch.
    let per = if n == 1 {
        Vec::new()
    } else {
        per_example(pv, labels)
    };
    let terms: Vec<String> = (0..n)
        .map(|i| {
            let p = &pv.data()[i];
            let picked = || {
                if labels[i].is_zero() {
                    format!(r"-\ln\left(1 - {}\right)", p.tex())
                } else {
                    format!(r"-\ln {}", paren(p))
                }
            };
            match closed_form(p, &labels[i]) {
                Some(exact) if n == 1 => format!("{} = {exact}", picked()),
                Some(exact) => exact,
                None if n == 1 => picked(),
                None => per[i].tex().to_string(),
            }
        })
        .collect();
    let mut body = String::new();
    if n == 1 {
        let _ = write!(
            body,
            "With $y = {}$ only one term is left:\n\n$$",
            labels[0]
        );
        let _ = write!(
            body,
            r"{ls} = -\left(y \ln {ps} + (1 - y) \ln(1 - {ps})\right) = {} {} ",
            terms[0],
            loss.eq_sign(),
        );
    } else {
        let _ = write!(
            body,
            r"Each example keeps the term of its label ($-\ln {ps}_i$ for $y_i = 1$, $-\ln(1 - {ps}_i)$ for $y_i = 0$):"
        );
        let _ = write!(body, "\n\n$${ls} = -");
        if reduction == Reduction::Mean {
            let _ = write!(body, r"\frac{{1}}{{{n}}}");
        }
        let _ = write!(
            body,
            r"\sum_{{i=1}}^{{{n}}} \left(y_i \ln {ps}_i + (1 - y_i) \ln(1 - {ps}_i)\right)$$"
        );
        let _ = write!(body, "\n\n$${ls} = {}", prefix(n, reduction));
        let _ = write!(body, r"\left({}\right)", terms.join(" + "));
        let same = terms.iter().all(|t| t == &terms[0]) && per.iter().all(Scalar::is_exact);
        if same && reduction == Reduction::Mean {
            let _ = write!(body, " = {}", terms[0]);
        }
        let _ = write!(body, " {} ", loss.eq_sign());
    }
    let _ = write!(body, "{}$$", loss.tex());
    Step::new(format!("Forward: the loss ${ls}$"), body)
}

/// `dL/dy_hat = -y / y_hat + (1 - y) / (1 - y_hat)` (times 1/n for the mean), with numbers.
pub fn backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let (y_hat, labels, reduction) = parts(g, id);
    let ps = g.symbol(y_hat);
    let pv = g.value(y_hat);
    let out = grads.get(y_hat).expect("gradient of y_hat");
    let n = labels.len();
    let pre = prefix(n, reduction);
    let mut body = String::from(
        r"With $\frac{\partial \ln x}{\partial x} = \frac{1}{x}$ (and the chain rule for $\ln(1 - x)$):",
    );
    body.push_str("\n\n$$");
    if n == 1 {
        let _ = write!(
            body,
            r"{} = -\frac{{y}}{{{ps}}} + \frac{{1 - y}}{{1 - {ps}}}",
            dl(ps)
        );
    } else {
        let _ = write!(
            body,
            r"{} = {pre}\left(-\frac{{y_i}}{{{ps}_i}} + \frac{{1 - y_i}}{{1 - {ps}_i}}\right)",
            dl(&format!("{ps}_i"))
        );
    }
    body.push_str("$$\n\n");
    match (n, reduction) {
        (1, _) => {}
        (_, Reduction::Mean) => {
            let _ = write!(
                body,
                r"The mean over the batch puts $\frac{{1}}{{{n}}}$ in front of every example's gradient. "
            );
        }
        (_, Reduction::Sum) => {
            body.push_str(r"With the sum over the batch no factor $\frac{1}{n}$ appears. ");
        }
    }
    body.push_str("Only the term of each label survives:\n\n$$");
    push_lines(&mut body, n, |line, i| {
        let (p, r) = (&pv.data()[i], &out.data()[i]);
        let sym = if n == 1 {
            let _ = write!(line, "{}", grad_lhs(g, y_hat, id));
            ps.to_string()
        } else {
            let _ = write!(line, "{}", dl(&entry(ps, pv.shape(), i).to_string()));
            format!("{ps}_{{{}}}", i + 1)
        };
        let _ = if labels[i].is_zero() {
            write!(
                line,
                r" = {pre}\frac{{1}}{{1 - {sym}}} = {pre}\frac{{1}}{{1 - {}}} {} ",
                den(p),
                r.eq_sign()
            )
        } else {
            write!(
                line,
                r" = -{pre}\frac{{1}}{{{sym}}} = -{pre}\frac{{1}}{{{}}} {} ",
                den(p),
                r.eq_sign()
            )
        };
        let _ = write!(line, "{}", r.tex());
    });
    body.push_str("$$");
    Step::new(format!("Backward through the loss into ${ps}$"), body)
}

/// The exact closed form of the whole loss when every prediction is rational, e.g. `\ln 2`
/// or `\frac{1}{3}\left(\ln 2 + \ln 4\right)`.
pub fn closed_form_total<S: Scalar>(
    y_hat: &Tensor<S>,
    labels: &[Q],
    reduction: Reduction,
) -> Option<String> {
    let forms: Option<Vec<String>> = y_hat
        .data()
        .iter()
        .zip(labels)
        .map(|(p, y)| closed_form(p, y))
        .collect();
    let forms = forms?;
    let n = forms.len();
    if n == 1 {
        return Some(forms[0].clone());
    }
    let same = forms.iter().all(|f| f == &forms[0]);
    Some(match (same, reduction) {
        (true, Reduction::Mean) => forms[0].clone(),
        (true, Reduction::Sum) => format!("{n} {}", forms[0]),
        (false, _) => format!(
            r"{}\left({}\right)",
            prefix(n, reduction),
            forms.join(" + ")
        ),
    })
}
