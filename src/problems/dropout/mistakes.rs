//! The typical mistakes of `dropout`. Re-solved by the family's solver on the params with the
//! mistake put in: the other scaling (inverted dropout without its 1/(1 - p), or the original
//! paper's where PyTorch's is asked), p and 1 - p swapped (dividing by p), and training's mask
//! applied in evaluation. Computed from the checked params: the mask forgotten in the backward
//! pass (dL/dy / (1 - p) everywhere).

use super::Dropout;
use super::params::{Checked, Mode, Params, Scaling};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::resolved;
use crate::problems::params::Num;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, _answers: &[Answer]) -> Vec<Mistaken> {
    let Ok(c) = Checked::new(p) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut q = p.clone();
    q.scaling = match c.scaling {
        Scaling::Inverted => Scaling::TestTime,
        Scaling::TestTime => Scaling::Inverted,
    };
    out.extend(resolved::<Dropout>(
        match c.scaling {
            Scaling::Inverted => "without the 1/(1 - p)",
            Scaling::TestTime => "inverted dropout's 1/(1 - p) where the paper's scaling is asked",
        },
        &q,
    ));
    let mut q = p.clone();
    q.p = Num(Q::one() - c.p.clone());
    out.extend(resolved::<Dropout>("p and 1 - p swapped", &q));
    if c.mode == Mode::Train && c.scaling == Scaling::Inverted {
        if let Some(up) = &c.upstream {
            let keep = Q::one() - c.p.clone();
            out.push(
                Mistaken::new("the mask forgotten in the backward pass")
                    .with("dL_dx", up.iter().map(|g| g / &keep).collect()),
            );
        }
    }
    if c.mode == Mode::Eval && c.mask.is_some() {
        let mut q = p.clone();
        q.mode = Mode::Train;
        out.extend(resolved::<Dropout>(
            "training's mask applied in evaluation",
            &q,
        ));
    }
    out
}
