//! `a + b`: the local derivative is 1 for both summands, so the gradient passes unchanged.
//! Backward needs nothing from the forward pass.

use std::fmt::Write;

use crate::engine::tex::{d, dl, grad_lhs, push_equation, push_lines, tensor};
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
    let mut body = String::from("$$");
    push_equation(
        &mut body,
        g.symbol(id),
        &[
            &|part| {
                let _ = write!(part, "{} + {}", g.symbol(a), g.symbol(b));
            },
            &|part| {
                let _ = write!(part, "{} + {}", tensor(g.value(a)), tensor(g.value(b)));
            },
            &|part| {
                let _ = write!(part, "{}", tensor(g.value(id)));
            },
        ],
    );
    body.push_str("$$");
    Step::new(format!("Forward: ${}$", g.symbol(id)), body)
}

/// Both summands receive the upstream gradient as it is.
pub fn backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let (a, b) = parts(g, id);
    let (out, up) = (g.symbol(id), grads.get(id).expect("upstream gradient"));
    let wanted: Vec<NodeId> = [a, b]
        .into_iter()
        .filter(|i| g.node(*i).requires_grad)
        .collect();
    let mut body =
        String::from("An addition copies its upstream gradient to each summand unchanged ($");
    for (k, i) in wanted.iter().enumerate() {
        let comma = if k > 0 { r",\; " } else { "" };
        let _ = write!(body, "{comma}{} = 1", d(out, g.symbol(*i)));
    }
    body.push_str("$):\n\n$$");
    push_lines(&mut body, wanted.len(), |line, k| {
        let lhs = grad_lhs(g, wanted[k], id);
        let _ = write!(line, "{lhs} = {} = {}", dl(out), tensor(up));
    });
    body.push_str("$$");
    Step::new(
        format!(
            "Backward through the addition ${out} = {} + {}$",
            g.symbol(a),
            g.symbol(b)
        ),
        body,
    )
}
