//! A tiny autodiff tape with worked steps.
//!
//! The graph is an arena: a `Vec` of nodes whose inputs are ids of earlier nodes, so the vector
//! is already in topological order and backward is one reverse loop. Each op lives in its own
//! module under `ops/` and keeps together its forward computation, its local gradient (a
//! vector-Jacobian product) and the text of its worked steps: the local derivative and the
//! chain-rule product with the numbers put in. [`symbolic`] writes the chain rule of any node
//! as the sum over paths of products of local derivatives, read off the same graph.
//!
//! The graph is generic over the [`Scalar`]: over [`crate::num::Real`] it gives the exact
//! answer key; over `f64` the same graph is checked by finite differences in the tests.

mod op;
mod ops;
pub mod symbolic;
pub mod tex;
pub mod width;

use crate::num::Q;
use crate::solution::Step;
use crate::tensor::{ConvSpec, Scalar, Tensor};

pub use op::{Inputs, Op, Reduction};
pub use ops::loss::{bce as bce_loss, bce_backward, closed_form_total as loss_closed_form, ln_tex};

/// The id of a node: an index into the arena, only ever pointing backwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub usize);

/// One value of the computation.
#[derive(Clone, Debug)]
pub struct Node<S> {
    /// LaTeX symbol, e.g. `z`, `\hat{y}`, `G_1`.
    pub symbol: String,
    /// How the value was made from earlier nodes.
    pub op: Op,
    /// The forward value.
    pub value: Tensor<S>,
    /// Whether backward computes this node's gradient.
    pub requires_grad: bool,
    /// The value was given (e.g. rounded on the sheet) rather than computed; kept on recompute.
    pub given: bool,
}

/// The arena.
#[derive(Clone, Debug, Default)]
pub struct Graph<S> {
    nodes: Vec<Node<S>>,
}

/// The result of [`Graph::backward`]: the gradient of every node that needs one, and what
/// each consumer contributed to it (for nodes used more than once).
#[derive(Clone, Debug)]
pub struct Grads<S> {
    grads: Vec<Option<Tensor<S>>>,
    parts: Vec<Vec<(NodeId, Tensor<S>)>>,
    /// The node backward started from.
    pub top: NodeId,
}

impl<S> Grads<S> {
    /// The gradient of the top node with respect to `id`, if it was computed.
    pub fn get(&self, id: NodeId) -> Option<&Tensor<S>> {
        self.grads.get(id.0).and_then(Option::as_ref)
    }

    /// What each consumer of `id` sent back (one entry per use).
    pub fn parts(&self, id: NodeId) -> &[(NodeId, Tensor<S>)] {
        &self.parts[id.0]
    }

    /// What `via` sent back to its input `to` (when `to` needs a gradient): the steps write
    /// it out without computing it again.
    pub fn sent(&self, to: NodeId, via: NodeId) -> Option<&Tensor<S>> {
        self.parts[to.0]
            .iter()
            .find(|(consumer, _)| *consumer == via)
            .map(|(_, t)| t)
    }
}

impl<S: Scalar> Graph<S> {
    /// An empty graph.
    pub fn new() -> Self {
        Graph { nodes: Vec::new() }
    }

    /// A node by id.
    pub fn node(&self, id: NodeId) -> &Node<S> {
        &self.nodes[id.0]
    }

    /// All nodes, in topological order.
    pub fn nodes(&self) -> &[Node<S>] {
        &self.nodes
    }

    /// The value of a node.
    pub fn value(&self, id: NodeId) -> &Tensor<S> {
        &self.nodes[id.0].value
    }

    /// The symbol of a node.
    pub fn symbol(&self, id: NodeId) -> &str {
        &self.nodes[id.0].symbol
    }

    /// The nodes that take `id` as an input, in order.
    pub fn consumers(&self, id: NodeId) -> Vec<NodeId> {
        (id.0 + 1..self.nodes.len())
            .filter(|&i| self.nodes[i].op.inputs().contains(&id))
            .map(NodeId)
            .collect()
    }

    /// A leaf: data (`requires_grad = false`) or a parameter/input whose gradient is wanted.
    pub fn leaf(&mut self, symbol: &str, value: Tensor<S>, requires_grad: bool) -> NodeId {
        self.nodes.push(Node {
            symbol: symbol.into(),
            op: Op::Leaf,
            value,
            requires_grad,
            given: false,
        });
        NodeId(self.nodes.len() - 1)
    }

    /// `z = XW + b` (`x` `[n, d]`, `w` `[d]`, `b` a scalar).
    pub fn linear(&mut self, symbol: &str, x: NodeId, w: NodeId, b: NodeId) -> NodeId {
        self.push(symbol, Op::Linear { x, w, b })
    }

    /// `a + b` (same shape).
    pub fn add(&mut self, symbol: &str, a: NodeId, b: NodeId) -> NodeId {
        self.push(symbol, Op::Add { a, b })
    }

    /// `conv2d(x, w) + bias`; `label` names the layer in the text (`Conv1`).
    pub fn conv2d(
        &mut self,
        symbol: &str,
        label: &str,
        x: NodeId,
        w: NodeId,
        b: NodeId,
        spec: ConvSpec,
    ) -> NodeId {
        self.push(
            symbol,
            Op::Conv2d {
                x,
                w,
                b,
                spec,
                label: label.into(),
            },
        )
    }

    /// `max(0, x)`.
    pub fn relu(&mut self, symbol: &str, x: NodeId) -> NodeId {
        self.push(symbol, Op::Relu { x })
    }

    /// `sigma(x)`.
    pub fn sigmoid(&mut self, symbol: &str, x: NodeId) -> NodeId {
        self.push(symbol, Op::Sigmoid { x })
    }

    /// A sigmoid whose output is given (as a sheet gives a rounded forward pass): backward
    /// then works from the given value, exactly as a student does.
    pub fn sigmoid_given(&mut self, symbol: &str, x: NodeId, value: Tensor<S>) -> NodeId {
        assert_eq!(
            self.value(x).shape(),
            value.shape(),
            "given value has the wrong shape"
        );
        let requires_grad = self.nodes[x.0].requires_grad;
        self.nodes.push(Node {
            symbol: symbol.into(),
            op: Op::Sigmoid { x },
            value,
            requires_grad,
            given: true,
        });
        NodeId(self.nodes.len() - 1)
    }

    /// PyTorch's `BCELoss` of predictions `y_hat` against 0/1 `labels`.
    pub fn bce(
        &mut self,
        symbol: &str,
        y_hat: NodeId,
        labels: Vec<Q>,
        reduction: Reduction,
    ) -> NodeId {
        self.push(
            symbol,
            Op::Bce {
                y_hat,
                labels,
                reduction,
            },
        )
    }

    /// The sum of all entries.
    pub fn sum(&mut self, symbol: &str, x: NodeId) -> NodeId {
        self.push(symbol, Op::Sum { x })
    }

    fn push(&mut self, symbol: &str, op: Op) -> NodeId {
        let value = op::forward(self, &op);
        let requires_grad = op.inputs().iter().any(|i| self.nodes[i.0].requires_grad);
        self.nodes.push(Node {
            symbol: symbol.into(),
            op,
            value,
            requires_grad,
            given: false,
        });
        NodeId(self.nodes.len() - 1)
    }

    /// Replaces the value of a node and recomputes everything after it (given nodes keep
    /// their values). Used by finite-difference checks.
    pub fn set_value(&mut self, id: NodeId, value: Tensor<S>) {
        assert_eq!(
            self.nodes[id.0].value.shape(),
            value.shape(),
            "set_value: shape"
        );
        self.nodes[id.0].value = value;
        for i in id.0 + 1..self.nodes.len() {
            if !self.nodes[i].given && !matches!(self.nodes[i].op, Op::Leaf) {
                let value = op::forward(self, &self.nodes[i].op);
                self.nodes[i].value = value;
            }
        }
    }

    /// Backpropagates `seed` (the gradient of the loss with respect to `top`; all ones for a
    /// scalar loss) through the graph: one reverse loop over the arena.
    pub fn backward(&self, top: NodeId, seed: Tensor<S>) -> Grads<S> {
        assert_eq!(
            self.value(top).shape(),
            seed.shape(),
            "seed must have the shape of the top node"
        );
        let n = self.nodes.len();
        let mut grads: Vec<Option<Tensor<S>>> = vec![None; n];
        let mut parts: Vec<Vec<(NodeId, Tensor<S>)>> = vec![Vec::new(); n];
        grads[top.0] = Some(seed);
        for i in (0..=top.0).rev() {
            // Inputs come before their node, so the gradients below `i` are the ones to update.
            let (below, from_i) = grads.split_at_mut(i);
            let Some(g) = &from_i[0] else { continue };
            for (input, contribution) in op::backward(self, NodeId(i), g) {
                if !self.nodes[input.0].requires_grad {
                    continue;
                }
                let total = match below[input.0].take() {
                    Some(acc) => acc.zip(&contribution, |a, b| a.add(b)),
                    None => contribution.clone(),
                };
                below[input.0] = Some(total);
                parts[input.0].push((NodeId(i), contribution));
            }
        }
        Grads { grads, parts, top }
    }

    /// The worked forward step of an op node (`None` for leaves).
    pub fn forward_step(&self, id: NodeId) -> Option<Step> {
        op::forward_step(self, id)
    }

    /// The worked backward step of an op node: its local derivative and the chain-rule product
    /// with numbers, for each input whose gradient is wanted (`None` if there is none).
    pub fn backward_step(&self, id: NodeId, grads: &Grads<S>) -> Option<Step> {
        op::backward_step(self, id, grads)
    }

    /// The step that adds up the gradient of a node used by several ops (`None` if used once).
    pub fn accumulate_step(&self, id: NodeId, grads: &Grads<S>) -> Option<Step> {
        op::accumulate_step(self, id, grads)
    }

    /// Every backward step in the order backward runs (reverse topological), accumulation
    /// steps right after the last contribution to a node.
    pub fn backward_steps(&self, grads: &Grads<S>) -> Vec<Step> {
        let mut steps = Vec::new();
        for i in (0..=grads.top.0).rev() {
            if let Some(s) = self.accumulate_step(NodeId(i), grads) {
                steps.push(s);
            }
            if grads.get(NodeId(i)).is_some() {
                if let Some(s) = self.backward_step(NodeId(i), grads) {
                    steps.push(s);
                }
            }
        }
        steps
    }
}
