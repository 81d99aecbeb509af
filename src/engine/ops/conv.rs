//! `conv2d(x, w) + b` (zero padding, stride, dilation). Forward is in [`Tensor::conv2d`];
//! backward needs the cached input (for dL/dw) and the kernel (for dL/dx: a transposed
//! convolution). This module writes both steps with the numbers put in.

use std::fmt::Write;

use crate::engine::tex::{
    dl, entry, eq, grad_lhs, paren, push_lines, push_products, small, tensor,
};
use crate::engine::{Grads, Graph, NodeId, Op};
use crate::solution::Step;
use crate::tensor::{ConvSpec, Scalar, Tensor, dims4, iter3, iter4};

struct Conv<'a, S> {
    x: NodeId,
    w: NodeId,
    b: NodeId,
    spec: ConvSpec,
    label: &'a str,
    xv: &'a Tensor<S>,
    wv: &'a Tensor<S>,
    bv: &'a Tensor<S>,
}

fn parts<S: Scalar>(g: &Graph<S>, id: NodeId) -> Conv<'_, S> {
    match &g.node(id).op {
        Op::Conv2d {
            x,
            w,
            b,
            spec,
            label,
        } => Conv {
            x: *x,
            w: *w,
            b: *b,
            spec: *spec,
            label,
            xv: g.value(*x),
            wv: g.value(*w),
            bv: g.value(*b),
        },
        _ => unreachable!("not a conv node"),
    }
}

/// For every (output entry, input entry) pair linked by a kernel tap: the flat indices of the
/// output entry, the input entry and the kernel weight, in output order.
fn links<S: Scalar>(c: &Conv<'_, S>, out_shape: &[usize]) -> Vec<(usize, usize, usize)> {
    let (_, ch_in, h, wd) = dims4(c.xv);
    let k = c.wv.shape()[2];
    let (n, o, ho, wo) = (out_shape[0], out_shape[1], out_shape[2], out_shape[3]);
    let mut out = Vec::new();
    for (flat, (b, oc, i, j)) in iter4(n, o, ho, wo).enumerate() {
        for (ch, u, v) in iter3(ch_in, k, k) {
            if let (Some(r), Some(s)) = (c.spec.source(i, u, h), c.spec.source(j, v, wd)) {
                out.push((
                    flat,
                    c.xv.offset(&[b, ch, r, s]),
                    c.wv.offset(&[oc, ch, u, v]),
                ));
            }
        }
    }
    out
}

/// Whether a product has no exact zero factor (zero products are left out of written sums).
fn nonzero<S: Scalar>(pair: &(&S, &S)) -> bool {
    !pair.0.is_exact_zero() && !pair.1.is_exact_zero()
}

fn describe<S: Scalar>(out: &mut String, c: &Conv<'_, S>) {
    let (o, ci, k, _) = dims4(c.wv);
    let ConvSpec {
        stride,
        padding,
        dilation,
    } = c.spec;
    let channels = |n: usize| {
        if n == 1 {
            "1 channel".to_string()
        } else {
            format!("{n} channels")
        }
    };
    let _ = write!(
        out,
        r"$\text{{{}}}$ ({k}×{k} kernel, {} → {}, stride {stride}, padding {padding}",
        c.label,
        channels(ci),
        channels(o)
    );
    if dilation > 1 {
        let _ = write!(out, ", dilation {dilation}");
    }
    out.push(')');
}

fn is_scalar_conv<S: Scalar>(c: &Conv<'_, S>) -> bool {
    c.wv.len() == 1
}

/// `G_1 = Conv1(F_2)` entry by entry (or as `w F + b` for a one-channel 1x1 convolution).
pub fn forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Step {
    let c = parts(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(c.x));
    let out = g.value(id);
    let mut body = String::new();
    describe(&mut body, &c);
    let _ = write!(
        body,
        " with kernel ${}$ and bias ${}$.",
        tensor(c.wv),
        tensor(c.bv)
    );
    if is_scalar_conv(&c) {
        let _ = write!(
            body,
            r" A one-channel $1 \times 1$ convolution multiplies every entry by the weight and adds the bias:"
        );
        body.push_str("\n\n");
        let _ = write!(
            body,
            r"$${ys} = w\,{xs} + b = {} \cdot {} + {} = {}$$",
            paren(&c.wv.data()[0]),
            tensor(c.xv),
            paren(&c.bv.data()[0]),
            tensor(out)
        );
    } else {
        let links = links(&c, out.shape());
        let per = links.len() / out.len().max(1);
        if small(out.len(), per) {
            let ch = out.shape()[1];
            body.push_str(" Each output entry is the sum of kernel weight times input over the window it sees (zero padding adds nothing), plus the bias (products with a zero factor left out):\n\n$$");
            push_lines(&mut body, out.len(), |line, f| {
                let _ = write!(line, "{} = ", entry(ys, out.shape(), f));
                let terms = links
                    .iter()
                    .filter(|l| l.0 == f)
                    .map(|l| (&c.wv.data()[l.2], &c.xv.data()[l.1]))
                    .filter(nonzero);
                push_products(line, terms);
                let bias = &c.bv.data()[(f / (out.len() / out.shape()[0] / ch)) % ch];
                let _ = write!(line, " + {} = {}", paren(bias), out.data()[f].tex());
            });
            body.push_str("$$");
        }
        body.push_str("\n\n");
        let _ = write!(
            body,
            r"$${ys} = \text{{{}}}({xs}) = {}$$",
            c.label,
            tensor(out)
        );
    }
    Step::new(format!("Forward: ${ys}$ ({})", c.label), body)
}

/// The input gradient (a transposed convolution), with every entry's sum when small.
pub fn backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let c = parts(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(c.x));
    let up = grads.get(id).expect("upstream gradient");
    let mut body = String::new();
    if g.node(c.x).requires_grad {
        // What this convolution sent back to its input (a transposed convolution of `up`),
        // kept by backward.
        let dx = grads
            .sent(c.x, id)
            .expect("backward kept what the convolution sent");
        let lhs = grad_lhs(g, c.x, id);
        if is_scalar_conv(&c) {
            let w = &c.wv.data()[0];
            let _ = write!(
                body,
                r"$\text{{{}}}$ multiplies every entry by $w = {}$, so its local derivative is $w$:",
                c.label,
                w.tex()
            );
            body.push_str("\n\n");
            let _ = write!(
                body,
                r"$${lhs} = w \cdot {} = {} \cdot {} = {}$$",
                dl(ys),
                paren(w),
                tensor(up),
                tensor(dx)
            );
        } else {
            let _ = write!(
                body,
                r"$\text{{{}}}$ is linear in its input. Each entry of ${xs}$ collects, from every output entry its window fed, the upstream gradient times the kernel weight that connected them (a transposed convolution with the same kernel; products with a zero factor left out).",
                c.label
            );
            let links = links(&c, up.shape());
            let per = links.len() / dx.len().max(1);
            if small(dx.len(), per) {
                body.push_str("\n\n$$");
                push_lines(&mut body, dx.len(), |line, f| {
                    let _ = write!(line, "{} = ", dl(&entry(xs, dx.shape(), f).to_string()));
                    let terms = links
                        .iter()
                        .filter(|l| l.1 == f)
                        .map(|l| (&up.data()[l.0], &c.wv.data()[l.2]))
                        .filter(nonzero);
                    push_products(line, terms);
                    let _ = write!(line, " = {}", dx.data()[f].tex());
                });
                body.push_str("$$");
            }
            let _ = write!(body, "\n\n$${lhs} = {}$$", tensor(dx));
        }
    }
    for (node, name) in [(c.w, "weights"), (c.b, "bias")] {
        if let Some(grad) = grads.get(node).filter(|_| g.node(node).requires_grad) {
            let _ = write!(
                body,
                "\n\nThe {name} get $${} {} {}$$",
                dl(g.symbol(node)),
                eq(grad),
                tensor(grad)
            );
        }
    }
    // The text starts with the first paragraph written.
    let blank = body.len() - body.trim_start().len();
    body.drain(..blank);
    Step::new(format!("Backward through {} into ${xs}$", c.label), body)
}
