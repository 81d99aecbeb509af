//! The symbolic chain rule, read off the graph: the derivative of the loss with respect to a
//! node is the sum, over every path from that node up to the node where the upstream gradient
//! is known, of the product of the local derivatives along the path.
//!
//! Each local derivative is written `\frac{\partial child}{\partial parent}`, except across an
//! addition, whose local derivative is the identity and is written as 1 (dropped from
//! products). Products are written from the top down, as the chain rule is read; shorter paths
//! come first. For a ResBlock `F_3 = C(B(A(F_2))) + F_2` this gives
//! `dL/dF_2 = dL/dF_3 (1 + dC/dG_2 dG_2/dG_1 dG_1/dF_2)` whatever ops A, B, C are.

use std::fmt::Write;

use super::tex::{d, dl};
use super::{Graph, NodeId};
use crate::tensor::Scalar;

/// More paths than this are not written out (the graphs of dlexam have one or two).
const MAX_PATHS: usize = 64;

/// Every path from `from` up to `to`, each as the list of (parent, child) edges, bottom up.
pub fn paths<S: Scalar>(g: &Graph<S>, from: NodeId, to: NodeId) -> Vec<Vec<(NodeId, NodeId)>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    extend_paths(g, from, to, &mut path, &mut out);
    out
}

/// Adds to `out` every path from `from` up to `to`, each after the edges `path` that led to
/// `from` (depth first, consumers in order; at most [`MAX_PATHS`]).
fn extend_paths<S: Scalar>(
    g: &Graph<S>,
    from: NodeId,
    to: NodeId,
    path: &mut Vec<(NodeId, NodeId)>,
    out: &mut Vec<Vec<(NodeId, NodeId)>>,
) {
    if from == to {
        out.push(path.clone());
        return;
    }
    for child in g.consumers(from) {
        if child > to {
            continue;
        }
        path.push((from, child));
        extend_paths(g, child, to, path, out);
        path.pop();
        if out.len() >= MAX_PATHS {
            return;
        }
    }
}

/// Appends the product of local derivatives along one path, top down (`1` if nothing is left).
fn push_product<S: Scalar>(out: &mut String, g: &Graph<S>, path: &[(NodeId, NodeId)]) {
    let start = out.len();
    for (parent, child) in path.iter().rev() {
        if g.node(*child).op.is_identity() {
            continue;
        }
        let space = if out.len() > start { " " } else { "" };
        let _ = write!(out, "{space}{}", d(g.symbol(*child), g.symbol(*parent)));
    }
    if out.len() == start {
        out.push('1');
    }
}

/// Appends the sum over `paths` (without the leading upstream factor): `1 + \frac{..}{..} ...`,
/// shorter paths first.
fn push_path_sum<S: Scalar>(out: &mut String, g: &Graph<S>, paths: &[Vec<(NodeId, NodeId)>]) {
    if paths.is_empty() {
        out.push('0');
        return;
    }
    let mut order: Vec<&Vec<(NodeId, NodeId)>> = paths.iter().collect();
    order.sort_by_key(|p| p.len());
    for (k, path) in order.into_iter().enumerate() {
        if k > 0 {
            out.push_str(" + ");
        }
        push_product(out, g, path);
    }
}

/// The chain rule for the loss `L` with respect to `wrt`, given the upstream gradient at `top`
/// (`top` may be the loss itself): `\frac{\partial L}{\partial wrt} = ...`.
pub fn chain_rule<S: Scalar>(g: &Graph<S>, wrt: NodeId, top: NodeId) -> String {
    let paths = paths(g, wrt, top);
    let mut sum = String::new();
    push_path_sum(&mut sum, g, &paths);
    let (wrt, up) = (dl(g.symbol(wrt)), dl(g.symbol(top)));
    let top_is_loss = g.symbol(top) == "L";
    match (top_is_loss, paths.len()) {
        (true, _) => format!("{wrt} = {sum}"),
        (false, 1) if sum == "1" => format!("{wrt} = {up}"),
        (false, 1) => format!("{wrt} = {up} {sum}"),
        (false, _) => format!(r"{wrt} = {up} \left({sum}\right)"),
    }
}
