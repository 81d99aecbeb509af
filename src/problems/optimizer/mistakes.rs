//! The typical mistakes of `optimizer`, each re-solved by the family's solver on the params
//! with the mistake put in: Adam without its bias correction; the weight decay forgotten, or
//! applied the other way (Adam's L2 term decoupled as in AdamW, AdamW's decay added to the
//! gradient as in Adam); the momentum forgotten (plain SGD); a decay and its complement
//! swapped (`beta1` for `1 - beta1`, `beta2` for `1 - beta2`, RMSProp's `alpha` likewise); and,
//! for a quadratic objective, its gradient without the factor 2 (`a (theta - c)`; for Adam and
//! RMSProp only the moments, as their steps are nearly scale-free).

use super::Optimizer;
use super::params::{Algorithm, Params};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::resolved;
use crate::problems::params::Num;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, _answers: &[Answer]) -> Vec<Mistaken> {
    let mut out = Vec::new();
    let mut push = |name: &'static str, q: Params| out.extend(resolved::<Optimizer>(name, &q));
    let alg = p.algorithm;
    if alg.is_adam() && p.bias_correction != Some(false) {
        let mut q = p.clone();
        q.bias_correction = Some(false);
        push("no bias correction", q);
    }
    if p.weight_decay.as_ref().is_some_and(|w| !w.0.is_zero()) {
        let mut q = p.clone();
        q.weight_decay = None;
        push("the weight decay forgotten", q);
        if alg.is_adam() {
            let mut q = p.clone();
            q.algorithm = if alg == Algorithm::Adam {
                Algorithm::Adamw
            } else {
                Algorithm::Adam
            };
            push(
                if alg == Algorithm::Adam {
                    "the L2 term decoupled as in AdamW"
                } else {
                    "the decay added to the gradient as in Adam"
                },
                q,
            );
        }
    }
    if alg == Algorithm::Momentum {
        let mut q = p.clone();
        q.algorithm = Algorithm::Sgd;
        q.momentum = None;
        push("the momentum forgotten", q);
    }
    let complement = |n: &Num| Num(Q::one() - n.0.clone());
    if alg.is_adam() {
        let mut q = p.clone();
        q.beta1 = Some(complement(p.beta1.as_ref().unwrap_or(&Num(Q::frac(9, 10)))));
        push("beta1 and 1 - beta1 swapped", q);
    }
    if alg.is_adam() || alg == Algorithm::Rmsprop {
        let default = if alg == Algorithm::Rmsprop {
            Q::frac(99, 100)
        } else {
            Q::frac(999, 1000)
        };
        let mut q = p.clone();
        q.beta2 = Some(complement(p.beta2.as_ref().unwrap_or(&Num(default))));
        push("beta2 and 1 - beta2 swapped", q);
    }
    if let Some(objective) = &p.objective {
        let mut q = p.clone();
        let mut halved = objective.clone();
        for a in &mut halved.quadratic.a {
            a.0 = &a.0 * &Q::frac(1, 2);
        }
        q.objective = Some(halved);
        let scale_free = alg.is_adam() || alg == Algorithm::Rmsprop;
        let name = "the gradient of the quadratic without its factor 2";
        if let Some(mut m) = resolved::<Optimizer>(name, &q) {
            // Adam's and RMSProp's steps divide by the root of v: nearly scale-free, so the
            // mistake shows in the moments only (the parameters move by eps's share).
            m.answers.retain(|(id, _)| {
                !scale_free || !(id.starts_with("theta") || id == "first_update")
            });
            out.push(m);
        }
    }
    out
}
