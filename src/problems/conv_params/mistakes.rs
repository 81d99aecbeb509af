//! The typical mistakes of `conv-params`, each computed by the solver on the params with the
//! mistake put in: the bias forgotten (or counted where the layer has none), the groups
//! ignored (every filter sees all input channels), and the kernel counted along one side only
//! (k instead of k_h k_w).

use super::{ConvParams, Params};
use crate::problems::Mistaken;
use crate::problems::choice::resolved;
use crate::problems::params::Pair;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params) -> Vec<Mistaken> {
    let mut out = Vec::new();
    let mut flipped = p.clone();
    flipped.bias = !p.bias;
    let name = if p.bias {
        "no bias term"
    } else {
        "a bias counted where the layer has none"
    };
    out.extend(resolved::<ConvParams>(name, &flipped));
    if p.groups.0 > 1 {
        let mut ungrouped = p.clone();
        ungrouped.groups.0 = 1;
        out.extend(resolved::<ConvParams>(
            "groups ignored: each filter sees every input channel",
            &ungrouped,
        ));
    }
    let mut one_side = p.clone();
    one_side.kernel = Pair::of(p.kernel.h(), 1);
    out.extend(resolved::<ConvParams>(
        "the kernel counted along one side only",
        &one_side,
    ));
    out
}
