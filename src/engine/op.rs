//! The ops of the tape and their dispatch. Each op's forward, local gradient and step text live
//! together in its module under `ops/`; this file only routes to them.

use super::ops::{activation, add, conv, linear, loss};
use std::fmt::Write;

use super::tex::{dl, push_equation, tensor};
use super::{Grads, Graph, NodeId};
use crate::num::Q;
use crate::solution::Step;
use crate::tensor::{ConvSpec, Scalar, Tensor};

/// How a loss over a batch combines the per-example losses (PyTorch's `reduction`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    /// The mean over the batch (PyTorch's default).
    Mean,
    /// The sum over the batch.
    Sum,
}

/// How a node was made.
#[derive(Clone, Debug)]
pub enum Op {
    /// An input, parameter or given value.
    Leaf,
    /// `z = XW + b`.
    Linear { x: NodeId, w: NodeId, b: NodeId },
    /// `a + b`.
    Add { a: NodeId, b: NodeId },
    /// `conv2d(x, w) + b`.
    Conv2d {
        x: NodeId,
        w: NodeId,
        b: NodeId,
        spec: ConvSpec,
        label: String,
    },
    /// `max(0, x)`.
    Relu { x: NodeId },
    /// `1 / (1 + e^-x)`.
    Sigmoid { x: NodeId },
    /// Binary cross-entropy against 0/1 labels.
    Bce {
        y_hat: NodeId,
        labels: Vec<Q>,
        reduction: Reduction,
    },
    /// The sum of all entries.
    Sum { x: NodeId },
}

/// The inputs of an op: at most three, kept on the stack (the graph asks for them in every
/// scan for consumers). Derefs to a slice.
#[derive(Clone, Copy, Debug)]
pub struct Inputs {
    ids: [NodeId; 3],
    len: usize,
}

impl Inputs {
    fn of(ids: &[NodeId]) -> Inputs {
        let mut inputs = Inputs {
            ids: [NodeId(0); 3],
            len: ids.len(),
        };
        inputs.ids[..ids.len()].copy_from_slice(ids);
        inputs
    }
}

impl std::ops::Deref for Inputs {
    type Target = [NodeId];
    fn deref(&self) -> &[NodeId] {
        &self.ids[..self.len]
    }
}

impl Op {
    /// The input nodes.
    pub fn inputs(&self) -> Inputs {
        match self {
            Op::Leaf => Inputs::of(&[]),
            Op::Linear { x, w, b } | Op::Conv2d { x, w, b, .. } => Inputs::of(&[*x, *w, *b]),
            Op::Add { a, b } => Inputs::of(&[*a, *b]),
            Op::Relu { x } | Op::Sigmoid { x } | Op::Sum { x } => Inputs::of(&[*x]),
            Op::Bce { y_hat, .. } => Inputs::of(&[*y_hat]),
        }
    }

    /// Whether the local derivative with respect to every input is the identity (so the
    /// symbolic chain rule writes it as 1).
    pub fn is_identity(&self) -> bool {
        matches!(self, Op::Add { .. })
    }
}

pub(super) fn forward<S: Scalar>(g: &Graph<S>, op: &Op) -> Tensor<S> {
    let v = |id: &NodeId| g.value(*id);
    match op {
        Op::Leaf => unreachable!("leaves have no forward"),
        Op::Linear { x, w, b } => Tensor::linear(v(x), v(w), &v(b).data()[0]),
        Op::Add { a, b } => v(a).zip(v(b), |p, q| p.add(q)),
        Op::Conv2d { x, w, b, spec, .. } => Tensor::conv2d(v(x), v(w), v(b), *spec),
        Op::Relu { x } => activation::relu(v(x)),
        Op::Sigmoid { x } => activation::sigmoid(v(x)),
        Op::Bce {
            y_hat,
            labels,
            reduction,
        } => loss::bce(v(y_hat), labels, *reduction),
        Op::Sum { x } => Tensor::scalar(v(x).sum()),
    }
}

/// The vector-Jacobian products of node `id` for the output gradient `grad`: one
/// (input, contribution) pair per input.
pub(super) fn backward<S: Scalar>(
    g: &Graph<S>,
    id: NodeId,
    grad: &Tensor<S>,
) -> Vec<(NodeId, Tensor<S>)> {
    let node = g.node(id);
    let v = |id: &NodeId| g.value(*id);
    match &node.op {
        Op::Leaf => vec![],
        Op::Linear { x, w, b } => linear::backward(v(x), v(w), grad)
            .into_iter()
            .zip([*x, *w, *b])
            .map(|(t, i)| (i, t))
            .collect(),
        Op::Add { a, b } => vec![(*a, grad.clone()), (*b, grad.clone())],
        Op::Conv2d { x, w, spec, b, .. } => vec![
            (
                *x,
                Tensor::conv2d_grad_input(grad, v(w), v(x).shape(), *spec),
            ),
            (
                *w,
                Tensor::conv2d_grad_weight(grad, v(x), v(w).shape(), *spec),
            ),
            (*b, Tensor::conv2d_grad_bias(grad)),
        ],
        Op::Relu { x } => vec![(*x, activation::relu_backward(v(x), grad))],
        Op::Sigmoid { x } => vec![(*x, activation::sigmoid_backward(&node.value, grad))],
        Op::Bce {
            y_hat,
            labels,
            reduction,
        } => vec![(
            *y_hat,
            loss::bce_backward(v(y_hat), labels, *reduction, grad),
        )],
        Op::Sum { x } => vec![(*x, v(x).map(|_| grad.data()[0].clone()))],
    }
}

pub(super) fn forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Option<Step> {
    match &g.node(id).op {
        Op::Leaf => None,
        Op::Linear { .. } => Some(linear::forward_step(g, id)),
        Op::Add { .. } => Some(add::forward_step(g, id)),
        Op::Conv2d { .. } => Some(conv::forward_step(g, id)),
        Op::Relu { .. } => Some(activation::relu_forward_step(g, id)),
        Op::Sigmoid { .. } => Some(activation::sigmoid_forward_step(g, id)),
        Op::Bce { .. } => Some(loss::forward_step(g, id)),
        Op::Sum { x } => Some(Step::new(
            format!("Forward: ${}$", g.symbol(id)),
            format!(
                r"$${} = \sum {} = {}$$",
                g.symbol(id),
                g.symbol(*x),
                tensor(g.value(id))
            ),
        )),
    }
}

pub(super) fn backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Option<Step> {
    let node = g.node(id);
    let wanted = node.op.inputs().iter().any(|i| g.node(*i).requires_grad);
    if !wanted {
        return None;
    }
    match &node.op {
        Op::Leaf => None,
        Op::Linear { .. } => Some(linear::backward_step(g, id, grads)),
        Op::Add { .. } => Some(add::backward_step(g, id, grads)),
        Op::Conv2d { .. } => Some(conv::backward_step(g, id, grads)),
        Op::Relu { .. } => Some(activation::relu_backward_step(g, id, grads)),
        Op::Sigmoid { .. } => Some(activation::sigmoid_backward_step(g, id, grads)),
        Op::Bce { .. } => Some(loss::backward_step(g, id, grads)),
        Op::Sum { x } => Some(Step::new(
            format!("Backward through the sum into ${}$", g.symbol(*x)),
            format!(
                "Every entry enters the sum with weight 1: $${} = {}$$",
                dl(g.symbol(*x)),
                tensor(grads.get(*x)?)
            ),
        )),
    }
}

pub(super) fn accumulate_step<S: Scalar>(
    g: &Graph<S>,
    id: NodeId,
    grads: &Grads<S>,
) -> Option<Step> {
    let parts = grads.parts(id);
    if parts.len() < 2 {
        return None;
    }
    let symbol = g.symbol(id);
    let total = grads.get(id)?;
    let mut body = String::new();
    let _ = write!(body, "${symbol}$ feeds {} operations (into ", parts.len());
    for (k, (c, _)) in parts.iter().enumerate() {
        if k > 0 {
            body.push_str(" and ");
        }
        let _ = write!(body, "${}$", g.symbol(*c));
    }
    body.push_str("), so its gradient is the sum of what flows back along each path:\n\n$$");
    push_equation(
        &mut body,
        &dl(symbol).to_string(),
        &[
            &|part| {
                for (k, (_, t)) in parts.iter().enumerate() {
                    let plus = if k > 0 { " + " } else { "" };
                    let _ = write!(part, "{plus}{}", tensor(t));
                }
            },
            &|part| {
                let _ = write!(part, "{}", tensor(total));
            },
        ],
    );
    body.push_str("$$");
    Some(Step::new(format!("Gradients meet at ${symbol}$"), body))
}
