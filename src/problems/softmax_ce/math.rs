//! The exact (where possible) arithmetic of `softmax-ce`: e^(z/T), the probabilities, the loss
//! and its gradient, as [`Real`]s.

use super::params::{Activation, Checked, Reduction};
use crate::num::{Q, Real};
use crate::problems::log_num::LogNum;

/// Everything the answers and steps need, one row per example.
pub struct Computed {
    /// e^(z/T) per class (softmax only; empty rows for the sigmoid).
    pub exps: Vec<Vec<Real>>,
    /// The sum of each row's exponentials (softmax only).
    pub sums: Vec<Real>,
    /// Softmax probabilities or sigmoid outputs.
    pub probs: Vec<Vec<Real>>,
    /// Each example's loss, -ln of its target's probability.
    pub losses: Vec<Real>,
    /// The exact ratio q with loss = ln q, per example, when there is one.
    pub loss_ratios: Vec<Option<Q>>,
    /// The reduced loss.
    pub loss: Real,
    /// dL/dz, one row per example.
    pub grad: Vec<Vec<Real>>,
    /// The softmax of the doubled logits (single examples at T = 1 only).
    pub doubled: Option<Vec<Real>>,
}

/// The sigmoid of a logit: exact a/(1 + a) for `ln a`.
pub fn sigmoid(z: &LogNum) -> Real {
    match z {
        LogNum::Ln(a) => Real::Exact(a / &(a + &Q::one())),
        LogNum::Number(q) => Real::Exact(q.clone()).sigmoid(),
    }
}

/// Solves checked params.
pub fn compute(c: &Checked) -> Computed {
    let n = c.rows.len();
    let scale = match c.reduction {
        Reduction::Mean => Real::Exact(Q::frac(1, n as i64)),
        Reduction::Sum => Real::Exact(Q::one()),
    };
    let one = Real::Exact(Q::one());
    let zero = Real::Exact(Q::zero());
    let mut exps = Vec::new();
    let mut sums = Vec::new();
    let mut probs = Vec::new();
    let mut losses = Vec::new();
    let mut loss_ratios = Vec::new();
    let mut grad = Vec::new();
    for (row, &y) in c.rows.iter().zip(&c.targets) {
        match c.activation {
            Activation::Softmax => {
                let e: Vec<Real> = row.iter().map(|z| z.exp_over(&c.t)).collect();
                let s = e.iter().fold(zero.clone(), |acc, v| &acc + v);
                let p: Vec<Real> = e.iter().map(|v| divide(v, &s)).collect();
                let ratio = divide(&s, &e[y]);
                loss_ratios.push(ratio.as_exact().cloned());
                losses.push(ratio.ln().expect("a ratio of positive sums is positive"));
                let t = Real::Exact(c.t.clone());
                grad.push(
                    p.iter()
                        .enumerate()
                        .map(|(i, pi)| {
                            let d = if i == y { pi - &one } else { pi.clone() };
                            &divide(&d, &t) * &scale
                        })
                        .collect(),
                );
                exps.push(e);
                sums.push(s);
                probs.push(p);
            }
            Activation::Sigmoid => {
                let o: Vec<Real> = row.iter().map(sigmoid).collect();
                let ratio = divide(&one, &o[y]);
                loss_ratios.push(ratio.as_exact().cloned());
                losses.push(ratio.ln().expect("a sigmoid is positive"));
                grad.push(
                    (0..row.len())
                        .map(|i| {
                            if i == y {
                                &(&o[y] - &one) * &scale
                            } else {
                                zero.clone()
                            }
                        })
                        .collect(),
                );
                probs.push(o);
            }
        }
    }
    let total = losses.iter().fold(zero.clone(), |acc, v| &acc + v);
    let loss = &total * &scale;
    let doubled = (c.activation == Activation::Softmax && !c.batch && c.t == Q::one()).then(|| {
        let e: Vec<Real> = c.rows[0]
            .iter()
            .map(|z| z.exp_over(&Q::frac(1, 2)))
            .collect();
        let s = e.iter().fold(zero.clone(), |acc, v| &acc + v);
        e.iter().map(|v| divide(v, &s)).collect()
    });
    Computed {
        exps,
        sums,
        probs,
        losses,
        loss_ratios,
        loss,
        grad,
        doubled,
    }
}

fn divide(a: &Real, b: &Real) -> Real {
    a.checked_div(b).expect("sums of exponentials are positive")
}
