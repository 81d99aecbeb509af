//! Element-wise activations. ReLU's backward needs the sign of its cached input (PyTorch:
//! relu'(0) = 0); the sigmoid's backward needs only its cached output: sigma' = y(1 - y).

use std::fmt::Write;

use crate::engine::tex::{d, dl, entry, grad_lhs, paren, push_equation, push_lines, tensor};
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
    let mut body =
        String::from("ReLU keeps the positive entries and sets the others to zero:\n\n$$");
    push_equation(
        &mut body,
        g.symbol(id),
        &[
            &|part| {
                let _ = write!(part, r"\max(0, {})", g.symbol(x));
            },
            &|part| {
                let _ = write!(part, r"\max\left(0, {}\right)", tensor(g.value(x)));
            },
            &|part| {
                let _ = write!(part, "{}", tensor(g.value(id)));
            },
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
    let mut body = String::new();
    let _ = write!(
        body,
        r"ReLU's local derivative is 1 where its input is positive and 0 elsewhere, ${} = \mathbf{{1}}[{xs} > 0]$, entry by entry. ",
        d(ys, xs)
    );
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
        &grad_lhs(g, x, id).to_string(),
        &[
            &|part| {
                let _ = write!(part, r"{} \odot \mathbf{{1}}[{xs} > 0]", dl(ys));
            },
            &|part| {
                let _ = write!(part, r"{} \odot {}", tensor(up), tensor(&mask));
            },
            &|part| {
                let _ = write!(part, "{}", tensor(sent));
            },
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
    let mut body = format!("The sigmoid squashes ${xs}$ into $(0, 1)${given}:\n\n$$");
    push_lines(&mut body, yv.len(), |line, i| {
        let (z, y) = (&xv.data()[i], &yv.data()[i]);
        if yv.len() == 1 {
            let _ = write!(line, r"{ys} = \sigma({xs}) = \frac{{1}}{{1 + e^{{-{xs}}}}}");
        } else {
            let _ = write!(line, "{}", entry(ys, yv.shape(), i));
        }
        let _ = write!(line, r" = \sigma({}) {} {}", z.tex(), y.eq_sign(), y.tex());
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
    let mut body = String::new();
    let _ = write!(
        body,
        r"The sigmoid's derivative is a function of its own output, the value cached in the forward pass: ${} = \sigma({xs})\left(1 - \sigma({xs})\right) = {ys}(1 - {ys})$. By the chain rule ${} = {} \cdot {ys}(1 - {ys})$:",
        d(ys, xs),
        dl(xs),
        dl(ys)
    );
    body.push_str("\n\n$$");
    push_lines(&mut body, yv.len(), |line, i| {
        let (y, u, r) = (&yv.data()[i], &up.data()[i], &sent.data()[i]);
        if yv.len() == 1 {
            let _ = write!(line, "{}", grad_lhs(g, x, id));
        } else {
            let _ = write!(line, "{}", dl(&entry(xs, yv.shape(), i).to_string()));
        }
        let one_minus = S::one().sub(y);
        let (u, y) = (paren(u), paren(y));
        let _ = write!(
            line,
            r" = {u} \cdot {y} \cdot \left(1 - {}\right) = {u} \cdot {y} \cdot {} {} {}",
            yv.data()[i].tex(),
            paren(&one_minus),
            r.eq_sign(),
            r.tex()
        );
    });
    body.push_str("$$");
    Step::new(format!("Backward through the sigmoid into ${xs}$"), body)
}
