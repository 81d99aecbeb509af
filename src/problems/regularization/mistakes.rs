//! The typical mistakes of `regularization`, computed from the checked params and the right
//! values as a student making them computes (a changed gradient moves the step with it,
//! `w' = w - lr (dL/dw + dR/dw)`): the factor 2 of the L2 gradient forgotten; the L1 sign at 0
//! taken as +1 (PyTorch's subgradient there is 0); lambda forgotten; the regularizer's gradient
//! added with the wrong sign in the step; the data gradient forgotten in the step; and for
//! `cosh`, the loss without its `- 1`.

use super::params::{Checked, Params, Regularizer};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::numbers;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let Ok(c) = Checked::new(p) else {
        return Vec::new();
    };
    let get = |id| numbers(answers, id).unwrap_or_default();
    let (loss, grad, next) = (get("reg_loss"), get("dR_dw"), get("w_next"));
    let lr = c.step.as_ref().map(|(lr, _, _)| lr.clone());
    // The step moved by a changed regularizer gradient: w' - lr (wrong - right).
    let stepped = |wrong: &[Q]| -> Option<Vec<Q>> {
        let lr = lr.as_ref()?;
        (next.len() == wrong.len()).then(|| {
            next.iter()
                .zip(wrong.iter().zip(&grad))
                .map(|(w, (bad, good))| w - &(lr * &(bad - good)))
                .collect()
        })
    };
    let with_step = |m: Mistaken, wrong: Vec<Q>| {
        let m = m.with("dR_dw", wrong.clone());
        match stepped(&wrong) {
            Some(w) => m.with("w_next", w),
            None => m,
        }
    };
    let mut out = Vec::new();
    if c.regularizer == Regularizer::L2 {
        let half = grad.iter().map(|g| g * &Q::frac(1, 2)).collect();
        out.push(with_step(
            Mistaken::new("the factor 2 of the L2 gradient forgotten"),
            half,
        ));
    }
    if c.regularizer == Regularizer::L1 && c.w.iter().any(|w| w.is_zero()) {
        let plus: Vec<Q> = grad
            .iter()
            .zip(&c.w)
            .map(|(g, w)| {
                if w.is_zero() {
                    c.lambda.clone()
                } else {
                    g.clone()
                }
            })
            .collect();
        out.push(with_step(
            Mistaken::new("the L1 sign at 0 taken as +1"),
            plus,
        ));
    }
    if !c.lambda.is_zero() && c.lambda != Q::one() {
        let m = Mistaken::new("lambda forgotten")
            .with("reg_loss", loss.iter().map(|l| l / &c.lambda).collect());
        out.push(with_step(m, grad.iter().map(|g| g / &c.lambda).collect()));
    }
    if let Some(w) = stepped(&grad.iter().map(|g| -g).collect::<Vec<_>>()) {
        out.push(
            Mistaken::new("the regularizer's gradient added with the wrong sign").with("w_next", w),
        );
    }
    if let (Some((lr, data, _)), false) = (&c.step, next.is_empty()) {
        let w = next.iter().zip(data).map(|(w, d)| w + &(lr * d)).collect();
        out.push(Mistaken::new("the data gradient forgotten in the step").with("w_next", w));
    }
    if c.regularizer == Regularizer::Cosh {
        let n = Q::int(c.w.len() as i64);
        let plus = loss.iter().map(|l| l + &(&c.lambda * &n)).collect();
        out.push(Mistaken::new("cosh without its - 1").with("reg_loss", plus));
    }
    out
}
