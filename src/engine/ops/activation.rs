//! Element-wise activations. ReLU's backward needs the sign of its cached input (PyTorch:
//! relu'(0) = 0); the sigmoid's backward needs only its cached output: sigma' = y(1 - y).

use std::fmt::Write;

use crate::engine::tex::{
    grad_lhs, push_d, push_dl, push_entry, push_equation, push_grad_lhs, push_lines, push_paren,
    push_tensor,
};
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
    let mut body = String::with_capacity(512);
    body.push_str("ReLU keeps the positive entries and sets the others to zero:\n\n$$");
    push_equation(
        &mut body,
        g.symbol(id),
        &[
            &|part| {
                part.push_str("\\max(0, ");
                part.push_str(g.symbol(x));
                part.push(')');
            },
            &|part| {
                part.push_str("\\max\\left(0, ");
                push_tensor(part, g.value(x));
                part.push_str("\\right)");
            },
            &|part| push_tensor(part, g.value(id)),
        ],
    );
    body.push_str("$$");
    Step::new(format!("Forward: ${}$ (ReLU)", g.symbol(id)), body)
}

/// `dL/dG_1 = dL/dG_2 (.) 1[G_1 > 0]` with the mask written out.
pub fn relu_backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let x = input(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(x));
    let mask = g
        .value(x)
        .map(|v| if v.is_positive() { S::one() } else { S::zero() });
    let up = grads.get(id).expect("upstream gradient");
    let sent = grads.sent(x, id).expect("backward kept what the ReLU sent");
    let blocked = mask.data().iter().filter(|m| !m.is_positive()).count();
    let mut body = String::with_capacity(1024);
    body.push_str("ReLU's local derivative is 1 where its input is positive and 0 elsewhere, $");
    push_d(&mut body, ys, xs);
    let _ = write!(body, " = \\mathbf{{1}}[{xs} > 0]$, entry by entry. ");
    let _ = match blocked {
        0 => write!(
            body,
            "Every entry of ${xs}$ is positive, so the gradient passes unchanged."
        ),
        n => write!(
            body,
            "{n} of the {} entries of ${xs}$ are not positive: their gradient is zero (PyTorch takes the derivative at 0 to be 0 too).",
            mask.len()
        ),
    };
    body.push_str("\n\n$$");
    push_equation(
        &mut body,
        &grad_lhs(g, x, id),
        &[
            &|part| {
                push_dl(part, ys);
                let _ = write!(part, " \\odot \\mathbf{{1}}[{xs} > 0]");
            },
            &|part| {
                push_tensor(part, up);
                part.push_str(" \\odot ");
                push_tensor(part, &mask);
            },
            &|part| push_tensor(part, sent),
        ],
    );
    body.push_str("$$");
    Step::new(format!("Backward through the ReLU into ${xs}$"), body)
}

/// `y_hat = sigma(z) = ...`, one line per entry.
pub fn sigmoid_forward_step<S: Scalar>(g: &Graph<S>, id: NodeId) -> Step {
    let x = input(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(x));
    let (xv, yv) = (g.value(x), g.value(id));
    let given = if g.node(id).given {
        " (the values given on the sheet)"
    } else {
        ""
    };
    let mut body = String::with_capacity(256);
    let _ = write!(
        body,
        "The sigmoid squashes ${xs}$ into $(0, 1)${given}:\n\n$$"
    );
    push_lines(&mut body, yv.len(), |line, i| {
        let (z, y) = (&xv.data()[i], &yv.data()[i]);
        if yv.len() == 1 {
            let _ = write!(
                line,
                "{ys} = \\sigma({xs}) = \\frac{{1}}{{1 + e^{{-{xs}}}}}"
            );
        } else {
            push_entry(line, ys, yv.shape(), i);
        }
        line.push_str(" = \\sigma(");
        z.push_tex(line);
        let _ = write!(line, ") {} ", y.eq_sign());
        y.push_tex(line);
    });
    body.push_str("$$");
    Step::new(format!("Forward: ${ys}$"), body)
}

/// `dL/dz = dL/dy_hat * y_hat (1 - y_hat)` with the numbers.
pub fn sigmoid_backward_step<S: Scalar>(g: &Graph<S>, id: NodeId, grads: &Grads<S>) -> Step {
    let x = input(g, id);
    let (ys, xs) = (g.symbol(id), g.symbol(x));
    let (yv, up) = (g.value(id), grads.get(id).expect("upstream gradient"));
    let sent = grads
        .sent(x, id)
        .expect("backward kept what the sigmoid sent");
    let mut body = String::with_capacity(1024);
    body.push_str("The sigmoid's derivative is a function of its own output, the value cached in the forward pass: $");
    push_d(&mut body, ys, xs);
    let _ = write!(
        body,
        " = \\sigma({xs})\\left(1 - \\sigma({xs})\\right) = {ys}(1 - {ys})$. By the chain rule $"
    );
    push_dl(&mut body, xs);
    body.push_str(" = ");
    push_dl(&mut body, ys);
    let _ = write!(body, " \\cdot {ys}(1 - {ys})$:\n\n$$");
    push_lines(&mut body, yv.len(), |line, i| {
        let (y, u, r) = (&yv.data()[i], &up.data()[i], &sent.data()[i]);
        if yv.len() == 1 {
            push_grad_lhs(line, g, x, id);
        } else {
            line.push_str("\\frac{\\partial L}{\\partial ");
            push_entry(line, xs, yv.shape(), i);
            line.push('}');
        }
        let one_minus = S::one().sub(y);
        line.push_str(" = ");
        push_paren(line, u);
        line.push_str(" \\cdot ");
        push_paren(line, y);
        line.push_str(" \\cdot \\left(1 - ");
        y.push_tex(line);
        line.push_str("\\right) = ");
        push_paren(line, u);
        line.push_str(" \\cdot ");
        push_paren(line, y);
        line.push_str(" \\cdot ");
        push_paren(line, &one_minus);
        let _ = write!(line, " {} ", r.eq_sign());
        r.push_tex(line);
    });
    body.push_str("$$");
    Step::new(format!("Backward through the sigmoid into ${xs}$"), body)
}
