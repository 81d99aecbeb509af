//! `z = XW + b`: forward, its three local gradients, and their worked steps.
//!
//! Backward needs the cached input `X` (for dL/dW) and `W` (for dL/dX); dz/db = 1.

use std::fmt::Write;

use crate::engine::tex::{
    d, dl, eq, paren, push_lines, push_products, push_signed_sum, tensor, transposed,
};
use crate::engine::{Grads, Graph, NodeId, Op};
use crate::solution::Step;
use crate::tensor::{Scalar, Tensor};

/// The gradients `[dL/dX, dL/dW, dL/db]` for the output gradient `grad` (`[n]`).
pub fn backward<S: Scalar>(x: &Tensor<S>, w: &Tensor<S>, grad: &Tensor<S>) -> [Tensor<S>; 3] {
    let (n, dim) = (x.shape()[0], x.shape()[1]);
    let g = grad.data();
    let dx = (0..n * dim)
        .map(|k| g[k / dim].mul(&w.data()[k % dim]))
        .collect();
    let dw = (0..dim)
        .map(|j| {
            (0..n).fold(S::zero(), |acc, i| {
                acc.add(&x.data()[i * dim + j].mul(&g[i]))
            })
        })
        .collect();
    [
        Tensor::new(vec![n, dim], dx),
        Tensor::new(vec![dim], dw),
        Tensor::scalar(grad.sum()),
    ]
}

fn parts<S: Scalar>(g: &Graph<S>, id: NodeId) -> (NodeId, NodeId, NodeId) {
    match g.node(id).op {
        Op::Linear { x, w, b } => (x, w, b),
        _ => unreachable!("not a linear node"),
    }
}

/// `z = XW + b = 1 \cdot 1 + ... = 0`, one line per example.
pub fn forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Step {
    let (x, w, b) = parts(g, id);
    let (xv, wv, bv, zv) = (g.value(x), g.value(w), &g.value(b).data()[0], g.value(id));
    let (n, dim) = (xv.shape()[0], xv.shape()[1]);
    let (zs, xs, ws, bs) = (g.symbol(id), g.symbol(x), g.symbol(w), g.symbol(b));
    let mut body = String::new();
    if n > 1 {
        let _ = write!(
            body,
            "Each row of ${xs}$ is one example: ${zs}_i = {xs}_i {ws} + {bs}$.\n\n"
        );
    }
    body.push_str("$$");
    push_lines(&mut body, n, |line, i| {
        if n == 1 {
            let _ = write!(line, "{zs} = {xs}{ws} + {bs} = ");
        } else {
            let _ = write!(line, "{zs}_{{{}}} = ", i + 1);
        }
        let row = &xv.data()[i * dim..(i + 1) * dim];
        push_products(line, row.iter().zip(wv.data()));
        let z = &zv.data()[i];
        let _ = write!(line, " + {} {} {}", paren(bv), z.eq_sign(), z.tex());
    });
    body.push_str("$$");
    Step::new(format!("Forward: ${zs}$"), body)
}

/// dL/dW = X^T dL/dz and dL/db = sum dL/dz (and dL/dX = dL/dz W^T when wanted).
pub fn backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let (x, w, b) = parts(g, id);
    let (zs, xs, ws, bs) = (g.symbol(id), g.symbol(x), g.symbol(w), g.symbol(b));
    let gz = grads.get(id).expect("gradient of z");
    let n = g.value(x).shape()[0];
    let mut body = String::new();
    let _ = write!(
        body,
        r"The layer is linear, so its local derivatives are its inputs: ${} = {xs}^\top$ and ${} = 1$.",
        d(zs, ws),
        d(zs, bs)
    );
    if let Some(dw) = grads.get(w) {
        body.push_str("\n\n$$");
        let _ = write!(
            body,
            r"{} = {xs}^\top {} = {} ",
            dl(ws),
            dl(zs),
            transposed(g.value(x))
        );
        if n == 1 {
            let _ = write!(body, r"\cdot {}", paren(&gz.data()[0]));
        } else {
            let _ = write!(body, " {}", tensor(gz));
        }
        let _ = write!(body, " {} {}$$", eq(dw), tensor(dw));
    }
    if let Some(db) = grads.get(b) {
        let _ = write!(body, "\n\n$${}", dl(bs));
        if n == 1 {
            let _ = write!(body, " = {} = ", dl(zs));
        } else {
            let _ = write!(body, r" = \sum_i {} = ", dl(&format!("{zs}_i")));
            push_signed_sum(&mut body, gz.data());
            let _ = write!(body, " {} ", eq(db));
        }
        let _ = write!(body, "{}$$", tensor(db));
    }
    if let Some(dx) = grads.get(x) {
        body.push_str("\n\n$$");
        let _ = write!(
            body,
            r"{} = {} {ws}^\top {} {}$$",
            dl(xs),
            dl(zs),
            eq(dx),
            tensor(dx)
        );
    }
    Step::new(format!("Backward through ${zs} = {xs}{ws} + {bs}$"), body)
}
