//! The typical mistakes of `resblock`, each computed from the checked params and the right
//! values as a student making it computes: the identity path forgotten in the backward pass
//! (`dL/dF2` without the upstream gradient the skip carries), the skip left out of the
//! forward pass (`F3` = the body alone), the ReLU's mask forgotten (its gradient passed
//! through unchanged), and the size-keeping padding without its halving (`d(k-1)`).

use super::params::{Checked, OpName, Params};
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
    let minus = |a: &[Q], b: &[Q]| -> Vec<Q> { a.iter().zip(b).map(|(x, y)| x - y).collect() };
    let mut out = Vec::new();
    let dl_df2 = get("dL_dF2");
    if dl_df2.len() == c.upstream.len() {
        out.push(
            Mistaken::new("the identity path forgotten")
                .with("dL_dF2", minus(&dl_df2, &c.upstream)),
        );
    }
    let f3 = get("F3");
    if f3.len() == c.input.len() {
        out.push(Mistaken::new("the skip left out of F3").with("F3", minus(&f3, &c.input)));
    }
    match c.order {
        [_, OpName::Relu, _] => {
            out.push(Mistaken::new("the ReLU's mask forgotten").with("dL_dG1", get("dL_dG2")));
        }
        [_, _, OpName::Relu] if get("dL_dG2").len() == c.upstream.len() => {
            out.push(Mistaken::new("the ReLU's mask forgotten").with("dL_dG2", c.upstream.clone()));
        }
        _ => {}
    }
    let padding = get("conv2_padding");
    out.push(Mistaken::new("d(k-1) without the halving").with(
        "conv2_padding",
        padding.iter().map(|q| q * &Q::int(2)).collect(),
    ));
    out
}
