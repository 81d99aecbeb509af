//! The symbolic chain rule, read off the graph: the derivative of the loss with respect to a
//! node is the sum, over every path from that node up to the node where the upstream gradient
//! is known, of the product of the local derivatives along the path.
//!
//! Each local derivative is written `\frac{\partial child}{\partial parent}`, except across an
//! addition, whose local derivative is the identity and is written as 1 (dropped from
//! products). Products are written from the top down, as the chain rule is read; shorter paths
//! come first. For a ResBlock `F_3 = C(B(A(F_2))) + F_2` this gives
//! `dL/dF_2 = dL/dF_3 (1 + dC/dG_2 dG_2/dG_1 dG_1/dF_2)` whatever ops A, B, C are.

use super::tex::{d, dl};
use super::{Graph, NodeId};
use crate::tensor::Scalar;

/// More paths than this are not written out (the graphs of dlexam have one or two).
const MAX_PATHS: usize = 64;

/// Every path from `from` up to `to`, each as the list of (parent, child) edges, bottom up.
pub fn paths<S: Scalar>(g: &Graph<S>, from: NodeId, to: NodeId) -> Vec<Vec<(NodeId, NodeId)>> {
    if from == to {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for child in g.consumers(from) {
        if child > to {
            continue;
        }
        for mut rest in paths(g, child, to) {
            rest.insert(0, (from, child));
            out.push(rest);
            if out.len() >= MAX_PATHS {
                return out;
            }
        }
    }
    out
}

/// The product of local derivatives along one path, top down (`1` if nothing is left).
fn product<S: Scalar>(g: &Graph<S>, path: &[(NodeId, NodeId)]) -> String {
    let factors: Vec<String> = path
        .iter()
        .rev()
        .filter(|(_, child)| !g.node(*child).op.is_identity())
        .map(|(parent, child)| d(g.symbol(*child), g.symbol(*parent)))
        .collect();
    if factors.is_empty() {
        "1".into()
    } else {
        factors.join(" ")
    }
}

/// The sum over paths (without the leading upstream factor): `1 + \frac{..}{..} ...`.
pub fn path_sum<S: Scalar>(g: &Graph<S>, wrt: NodeId, top: NodeId) -> String {
    let mut terms: Vec<(usize, String)> = paths(g, wrt, top)
        .iter()
        .map(|p| (p.len(), product(g, p)))
        .collect();
    terms.sort_by_key(|(len, _)| *len);
    let terms: Vec<String> = terms.into_iter().map(|(_, t)| t).collect();
    if terms.is_empty() {
        "0".into()
    } else {
        terms.join(" + ")
    }
}

/// The chain rule for the loss `L` with respect to `wrt`, given the upstream gradient at `top`
/// (`top` may be the loss itself): `\frac{\partial L}{\partial wrt} = ...`.
pub fn chain_rule<S: Scalar>(g: &Graph<S>, wrt: NodeId, top: NodeId) -> String {
    let lhs = dl(g.symbol(wrt));
    let terms = paths(g, wrt, top).len();
    let sum = path_sum(g, wrt, top);
    let top_is_loss = g.symbol(top) == "L";
    let rhs = match (top_is_loss, terms) {
        (true, _) => sum,
        (false, 1) if sum == "1" => dl(g.symbol(top)),
        (false, 1) => format!("{} {sum}", dl(g.symbol(top))),
        (false, _) => format!("{} \\left({sum}\\right)", dl(g.symbol(top))),
    };
    format!("{lhs} = {rhs}")
}
