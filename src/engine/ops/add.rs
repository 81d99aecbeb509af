//! `a + b`: the local derivative is 1 for both summands, so the gradient passes unchanged.
//! Backward needs nothing from the forward pass.

use crate::engine::tex::{d, dl, equation, grad_lhs, lines as tex_lines, tensor};
use crate::engine::{Grads, Graph, NodeId, Op};
use crate::solution::Step;
use crate::tensor::Scalar;

fn parts<S: Scalar>(g: &Graph<S>, id: NodeId) -> (NodeId, NodeId) {
    match g.node(id).op {
        Op::Add { a, b } => (a, b),
        _ => unreachable!("not an add node"),
    }
}

/// `F_3 = C + F_2 = ... + ... = ...`.
pub fn forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Step {
    let (a, b) = parts(g, id);
    let out = g.value(id);
    Step::new(
        format!("Forward: ${}$", g.symbol(id)),
        format!(
            "$${}$$",
            equation(
                g.symbol(id),
                &[
                    format!("{} + {}", g.symbol(a), g.symbol(b)),
                    format!("{} + {}", tensor(g.value(a)), tensor(g.value(b))),
                    tensor(out)
                ]
            )
        ),
    )
}

/// Both summands receive the upstream gradient as it is.
pub fn backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let (a, b) = parts(g, id);
    let (out, up) = (g.symbol(id), grads.get(id).expect("upstream gradient"));
    let wanted: Vec<NodeId> = [a, b]
        .into_iter()
        .filter(|i| g.node(*i).requires_grad)
        .collect();
    let locals: Vec<String> = wanted
        .iter()
        .map(|i| format!("{} = 1", d(out, g.symbol(*i))))
        .collect();
    let lines: Vec<String> = wanted
        .iter()
        .map(|i| format!("{} = {} = {}", grad_lhs(g, *i, id), dl(out), tensor(up)))
        .collect();
    Step::new(
        format!(
            "Backward through the addition ${out} = {} + {}$",
            g.symbol(a),
            g.symbol(b)
        ),
        format!(
            "An addition copies its upstream gradient to each summand unchanged (${}$):\n\n$${}$$",
            locals.join(",\\; "),
            tex_lines(&lines)
        ),
    )
}
