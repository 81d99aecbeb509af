//! Element-wise activations. ReLU's backward needs the sign of its cached input (PyTorch:
//! relu'(0) = 0); the sigmoid's backward needs only its cached output: sigma' = y(1 - y).

use crate::engine::tex::{d, dl, entry, equation, grad_lhs, lines as tex_lines, paren, tensor};
use crate::engine::{Grads, Graph, NodeId, Op};
use crate::solution::Step;
use crate::tensor::{Scalar, Tensor};

/// `max(0, x)`.
pub fn relu<S: Scalar>(x: &Tensor<S>) -> Tensor<S> {
    x.map(|v| {
        if v.is_positive() {
            v.clone()
        } else {
            S::zero()
        }
    })
}

/// The gradient through ReLU: passed where the input was positive, zero elsewhere.
pub fn relu_backward<S: Scalar>(x: &Tensor<S>, grad: &Tensor<S>) -> Tensor<S> {
    x.zip(grad, |v, g| {
        if v.is_positive() {
            g.clone()
        } else {
            S::zero()
        }
    })
}

/// `1 / (1 + e^-x)`, exact at 0.
pub fn sigmoid<S: Scalar>(x: &Tensor<S>) -> Tensor<S> {
    x.map(Scalar::sigmoid)
}

/// The gradient through the sigmoid from its output `y`: `grad * y * (1 - y)`.
pub fn sigmoid_backward<S: Scalar>(y: &Tensor<S>, grad: &Tensor<S>) -> Tensor<S> {
    y.zip(grad, |v, g| g.mul(&v.mul(&S::one().sub(v))))
}

fn input<S: Scalar>(g: &Graph<S>, id: NodeId) -> NodeId {
    match g.node(id).op {
        Op::Relu { x } | Op::Sigmoid { x } => x,
        _ => unreachable!("not an activation node"),
    }
}

/// `G_2 = max(0, G_1) = ...`.
pub fn relu_forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Step {
    let x = input(g, id);
    Step::new(
        format!("Forward: ${}$ (ReLU)", g.symbol(id)),
        format!(
            "ReLU keeps the positive entries and sets the others to zero:\n\n$${}$$",
            equation(
                g.symbol(id),
                &[
                    format!("\\max(0, {})", g.symbol(x)),
                    format!("\\max\\left(0, {}\\right)", tensor(g.value(x))),
                    tensor(g.value(id))
                ]
            )
        ),
    )
}

/// `dL/dG_1 = dL/dG_2 (.) 1[G_1 > 0]` with the mask written out.
pub fn relu_backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let x = input(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(x));
    let mask = g
        .value(x)
        .map(|v| if v.is_positive() { S::one() } else { S::zero() });
    let up = grads.get(id).expect("upstream gradient");
    let out = relu_backward(g.value(x), up);
    let blocked = mask.data().iter().filter(|m| !m.is_positive()).count();
    let note = match blocked {
        0 => format!("Every entry of ${xs}$ is positive, so the gradient passes unchanged."),
        n => format!(
            "{n} of the {} entries of ${xs}$ are not positive: their gradient is zero (PyTorch takes the derivative at 0 to be 0 too).",
            mask.len()
        ),
    };
    Step::new(
        format!("Backward through the ReLU into ${xs}$"),
        format!(
            "ReLU's local derivative is 1 where its input is positive and 0 elsewhere, ${} = \\mathbf{{1}}[{xs} > 0]$, entry by entry. {note}\n\n$${}$$",
            d(ys, xs),
            equation(
                &grad_lhs(g, x, id),
                &[
                    format!("{} \\odot \\mathbf{{1}}[{xs} > 0]", dl(ys)),
                    format!("{} \\odot {}", tensor(up), tensor(&mask)),
                    tensor(&out)
                ]
            )
        ),
    )
}

/// `y_hat = sigma(z) = ...`, one line per entry.
pub fn sigmoid_forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Step {
    let x = input(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(x));
    let (xv, yv) = (g.value(x), g.value(id));
    let lines: Vec<String> = (0..yv.len())
        .map(|i| {
            let (z, y) = (&xv.data()[i], &yv.data()[i]);
            let lhs = if yv.len() == 1 {
                format!("{ys} = \\sigma({xs}) = \\frac{{1}}{{1 + e^{{-{xs}}}}}")
            } else {
                entry(ys, yv.shape(), i)
            };
            format!("{lhs} = \\sigma({}) {} {}", z.tex(), y.eq_sign(), y.tex())
        })
        .collect();
    let given = if g.node(id).given {
        " (the values given on the sheet)"
    } else {
        ""
    };
    Step::new(
        format!("Forward: ${ys}$"),
        format!(
            "The sigmoid squashes ${xs}$ into $(0, 1)${given}:\n\n$${}$$",
            tex_lines(&lines)
        ),
    )
}

/// `dL/dz = dL/dy_hat * y_hat (1 - y_hat)` with the numbers.
pub fn sigmoid_backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let x = input(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(x));
    let (yv, up) = (g.value(id), grads.get(id).expect("upstream gradient"));
    let out = sigmoid_backward(yv, up);
    let lines: Vec<String> = (0..yv.len())
        .map(|i| {
            let (y, u, r) = (&yv.data()[i], &up.data()[i], &out.data()[i]);
            let lhs = if yv.len() == 1 {
                grad_lhs(g, x, id)
            } else {
                dl(&entry(xs, yv.shape(), i))
            };
            let one_minus = S::one().sub(y);
            format!(
                "{lhs} = {} \\cdot {} \\cdot \\left(1 - {}\\right) = {} \\cdot {} \\cdot {} {} {}",
                paren(u),
                paren(y),
                y.tex(),
                paren(u),
                paren(y),
                paren(&one_minus),
                r.eq_sign(),
                r.tex()
            )
        })
        .collect();
    Step::new(
        format!("Backward through the sigmoid into ${xs}$"),
        format!(
            "The sigmoid's derivative is a function of its own output, the value cached in the forward pass: ${} = \\sigma({xs})\\left(1 - \\sigma({xs})\\right) = {ys}(1 - {ys})$. By the chain rule ${} = {} \\cdot {ys}(1 - {ys})$:\n\n$${}$$",
            d(ys, xs),
            dl(xs),
            dl(ys),
            tex_lines(&lines)
        ),
    )
}
