//! The typical mistakes of `softmax-ce`. Re-solved by the family's solver: the temperature
//! ignored. Computed from the checked params and the right values: the gradient without the
//! one-hot (`p / T` for the softmax), the gradient with its sign flipped (`onehot - p`), the
//! batch mean forgotten (loss and gradient times the batch size), the loss without its minus
//! sign, and the loss at the wrong index (the class after the target).

use super::SoftmaxCe;
use super::params::{Activation, Checked, Params, Reduction};
use crate::num::{Q, Real};
use crate::problems::Mistaken;
use crate::problems::choice::{numbers, resolved};
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let Ok(c) = Checked::new(p) else {
        return Vec::new();
    };
    let get = |id| numbers(answers, id).unwrap_or_default();
    let (probs, grad, loss) = (get("probs"), get("dL_dlogits"), get("loss"));
    let k = c.classes();
    let n = c.rows.len();
    let mean = c.reduction == Reduction::Mean && n > 1;
    let scale = |v: &[Q], s: &Q| v.iter().map(|q| q * s).collect::<Vec<_>>();
    let mut out = Vec::new();
    if c.activation == Activation::Softmax && grad.len() == n * k {
        let weight = Q::one() / (c.t.clone() * Q::int(if mean { n as i64 } else { 1 }));
        let mut no_onehot = grad.clone();
        for (i, &y) in c.targets.iter().enumerate() {
            no_onehot[i * k + y] = &no_onehot[i * k + y] + &weight;
        }
        out.push(Mistaken::new("the gradient without the one-hot").with("dL_dlogits", no_onehot));
    }
    out.push(
        Mistaken::new("the gradient's sign flipped").with("dL_dlogits", scale(&grad, &-Q::one())),
    );
    if mean {
        let times = Q::int(n as i64);
        out.push(
            Mistaken::new("the batch mean forgotten")
                .with("loss", scale(&loss, &times))
                .with("dL_dlogits", scale(&grad, &times)),
        );
    }
    out.push(
        Mistaken::new("the loss without its minus sign").with("loss", scale(&loss, &-Q::one())),
    );
    if probs.len() == n * k {
        let mut sum = Real::Exact(Q::zero());
        for (i, &y) in c.targets.iter().enumerate() {
            if let Some(l) = Real::Exact(probs[i * k + (y + 1) % k].clone()).ln() {
                sum = &sum - &l;
            }
        }
        let wrong = if mean {
            sum.value() / &Q::int(n as i64)
        } else {
            sum.value().clone()
        };
        out.push(Mistaken::new("the loss at the wrong index").with("loss", vec![wrong]));
    }
    if c.t != Q::one() {
        let mut q = p.clone();
        q.temperature = None;
        out.extend(resolved::<SoftmaxCe>("the temperature ignored", &q));
    }
    out
}
