//! The typical mistakes of `conv-cost`. Re-solved by the family's solver on the params with the
//! mistake put in: the bias forgotten (or counted where there is none), the padding ignored,
//! the stride ignored (taken as 1), the groups ignored. Computed from the right values: the
//! MACs of one image instead of the batch (both layers), and the Linear without its biases
//! (one per output value).

use super::{ConvCost, Params};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::{numbers, resolved};
use crate::problems::params::Pair;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let mut out = Vec::new();
    let mut q = p.clone();
    q.bias = !p.bias;
    let name = if p.bias {
        "no bias term"
    } else {
        "a bias counted where the layer has none"
    };
    out.extend(resolved::<ConvCost>(name, &q));
    let get = |id| numbers(answers, id).unwrap_or_default();
    let n = p.input.first().map_or(1, |n| n.0);
    if n > 1 {
        let per_image = |v: Vec<Q>| v.iter().map(|q| q / &Q::int(n)).collect();
        out.push(
            Mistaken::new("the MACs of one image, not of the batch")
                .with("macs", per_image(get("macs")))
                .with("linear_macs", per_image(get("linear_macs"))),
        );
    }
    let shape = get("output_shape");
    if shape.len() == 4 {
        let outputs = &(&shape[1] * &shape[2]) * &shape[3];
        let weights: Vec<Q> = get("linear_params").iter().map(|q| q - &outputs).collect();
        out.push(Mistaken::new("the Linear's biases forgotten").with("linear_params", weights));
    }
    let changes: [(&str, Change<Params>); 3] = [
        ("padding ignored", |q| {
            let changed = q.padding != Pair::Same(0);
            q.padding = Pair::Same(0);
            changed
        }),
        ("stride ignored (taken as 1)", |q| {
            let changed = q.stride != Pair::Same(1);
            q.stride = Pair::Same(1);
            changed
        }),
        (
            "groups ignored: each filter sees every input channel",
            |q| {
                let changed = q.groups.0 != 1;
                q.groups.0 = 1;
                changed
            },
        ),
    ];
    for (name, change) in changes {
        let mut q = p.clone();
        if change(&mut q) {
            out.extend(resolved::<ConvCost>(name, &q));
        }
    }
    out
}

/// A mistake put into the params: changes them, and says whether anything changed.
type Change<T> = fn(&mut T) -> bool;
