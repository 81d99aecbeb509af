//! The typical mistakes of `bce-backprop`, each computed from the checked params and the right
//! forward values as a student making it computes: a sign error in `dL/dy_hat` (carried
//! through `dL/dz`, `dL/dW`, `dL/db`); the sigmoid's derivative forgotten (`dL/dz = dL/dy_hat`,
//! and `dL/dW`, `dL/db` from it); the batch mean forgotten or applied to a sum (gradients and
//! loss times or divided by the batch size); the bias left out of `z` (and `y_hat = sigma(XW)`);
//! the loss of the other label (`-ln(1 - y_hat)` for `y = 1`) and the loss without its minus
//! sign.

use super::params::{Checked, Params};
use crate::engine::Reduction;
use crate::num::{Q, Real};
use crate::problems::Mistaken;
use crate::problems::choice::numbers;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let Ok(c) = Checked::new(p) else {
        return Vec::new();
    };
    let get = |id| numbers(answers, id).unwrap_or_default();
    let (y_hat, dyhat) = (get("y_hat"), get("dL_dyhat"));
    let n = Q::int(c.y.len() as i64);
    let scale = |v: &[Q], k: &Q| v.iter().map(|q| q * k).collect::<Vec<_>>();
    let mut out = Vec::new();
    let mut sign = Mistaken::new("sign error in dL/dy_hat, carried through");
    for id in ["dL_dyhat", "dL_dz", "dL_dW", "dL_db"] {
        sign = sign.with(id, scale(&get(id), &-Q::one()));
    }
    out.push(sign);
    // dL/dz taken as dL/dy_hat: the sigmoid's derivative forgotten.
    let dw: Vec<Q> = (0..c.w.len())
        .map(|j| {
            c.x.iter()
                .zip(&dyhat)
                .fold(Q::zero(), |s, (row, g)| s + &row[j] * g)
        })
        .collect();
    let db = dyhat.iter().fold(Q::zero(), |s, g| s + g);
    out.push(
        Mistaken::new("the sigmoid's derivative forgotten")
            .with("dL_dz", dyhat.clone())
            .with("dL_dW", dw)
            .with("dL_db", vec![db]),
    );
    if c.y.len() > 1 {
        let (name, k) = match c.reduction {
            Reduction::Mean => ("the batch mean forgotten", n.clone()),
            Reduction::Sum => ("a mean taken where the loss sums", Q::one() / n.clone()),
        };
        let mut m = Mistaken::new(name);
        for id in ["loss", "dL_dyhat", "dL_dz", "dL_dW", "dL_db"] {
            m = m.with(id, scale(&get(id), &k));
        }
        out.push(m);
    }
    if !c.b.is_zero() {
        let z: Vec<Q> = c.z.iter().map(|z| z - &c.b).collect();
        let y_hat: Vec<Q> = z
            .iter()
            .map(|z| Real::Exact(z.clone()).sigmoid().value().clone())
            .collect();
        out.push(
            Mistaken::new("the bias left out of z")
                .with("z", z)
                .with("y_hat", y_hat),
        );
    }
    if let Some(loss) = other_label_loss(&c, &y_hat) {
        out.push(Mistaken::new("the loss of the other label").with("loss", vec![loss]));
    }
    out.push(
        Mistaken::new("the loss without its minus sign")
            .with("loss", scale(&get("loss"), &-Q::one())),
    );
    out
}

/// `-(y ln(1 - y_hat) + (1 - y) ln y_hat)`, reduced as the params say.
fn other_label_loss(c: &Checked, y_hat: &[Q]) -> Option<Q> {
    let mut sum = Real::Exact(Q::zero());
    for (y, p) in c.y.iter().zip(y_hat) {
        let p = Real::Exact(p.clone());
        let q = &Real::Exact(Q::one()) - &p;
        let term = &(&Real::Exact(y.clone()) * &q.ln()?)
            + &(&Real::Exact(Q::one() - y.clone()) * &p.ln()?);
        sum = &sum - &term;
    }
    let total = sum.value().clone();
    Some(match c.reduction {
        Reduction::Mean => total / Q::int(c.y.len() as i64),
        Reduction::Sum => total,
    })
}
