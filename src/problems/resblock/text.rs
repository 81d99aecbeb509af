//! The worked steps of `resblock` that are about the block rather than one op: which op is
//! which, the skip input, the padding, the chain rule and the gradient highway.

use super::solve::Ids;
use super::{Checked, OpName};
use std::fmt::Write;

use crate::engine::tex::{d, dl, tensor};
use crate::engine::{Grads, Graph};
use crate::num::Real;
use crate::solution::Step;

const ALL_ORDERS: [[OpName; 3]; 6] = [
    [OpName::Conv1, OpName::Relu, OpName::Conv2],
    [OpName::Conv1, OpName::Conv2, OpName::Relu],
    [OpName::Relu, OpName::Conv1, OpName::Conv2],
    [OpName::Conv2, OpName::Relu, OpName::Conv1],
    [OpName::Conv2, OpName::Conv1, OpName::Relu],
    [OpName::Relu, OpName::Conv2, OpName::Conv1],
];

/// The channel counts of `G_1` and `G_2` under an order, if its channels chain.
fn channels(c: &Checked, order: [OpName; 3]) -> Option<(usize, usize)> {
    let mut ch = c.shape[1];
    let mut seen = Vec::new();
    for op in order {
        if let Some(conv) = c.conv(op) {
            if conv.input() != ch {
                return None;
            }
            ch = conv.out();
        }
        seen.push(ch);
    }
    (ch == c.shape[1]).then(|| (seen[0], seen[1]))
}

/// Whether the shapes alone single out the order.
pub fn shapes_decide(c: &Checked) -> bool {
    let actual = channels(c, c.order);
    ALL_ORDERS
        .iter()
        .filter(|o| channels(c, **o) == actual)
        .count()
        == 1
}

/// Where the ReLU sits, in words.
fn relu_position(c: &Checked) -> &'static str {
    match c.order.iter().position(|o| *o == OpName::Relu) {
        Some(0) => "comes before both convolutions (a pre-activation block)",
        Some(1) => "sits between the two convolutions",
        _ => "comes after both convolutions",
    }
}

fn conv_order(c: &Checked) -> &'static str {
    let first_conv = c.order.iter().find(|o| **o != OpName::Relu);
    if first_conv == Some(&OpName::Conv1) {
        "the convolutions are numbered in the order the data passes them"
    } else {
        "the data passes Conv2 before Conv1"
    }
}

/// The statement's hint when the shapes cannot tell the order (`None` when they can, and for
/// ResNet's own order conv1, ReLU, conv2, which students know: the hint would be the answer).
pub fn order_hint(c: &Checked) -> Option<String> {
    (!shapes_decide(c) && c.order != super::DEFAULT_ORDER).then(|| {
        format!(
            "In this block the ReLU {}, and {}.",
            relu_position(c),
            conv_order(c)
        )
    })
}

fn assignment(c: &Checked) -> String {
    let parts: Vec<String> = ["A", "B", "C"]
        .iter()
        .zip(c.order)
        .map(|(k, op)| format!(r"{k} = \text{{{}}}", op.title()))
        .collect();
    format!("${}$", parts.join(r",\; "))
}

/// Which op is A, B, C.
pub fn structure_step(c: &Checked) -> Step {
    let (g1, g2) = channels(c, c.order).unwrap_or((c.shape[1], c.shape[1]));
    let chain = format!(
        r"$F_2 \to G_1 \to G_2 \to F_3$ carry {}, {g1}, {g2}, {} channels",
        c.shape[1], c.shape[1]
    );
    let rule = format!(
        "ReLU keeps the shape. A convolution with stride 1 and size-keeping padding keeps the height and width and maps as many channels as its weight's second size to as many as its first: Conv1 maps {} \u{2192} {}, Conv2 maps {} \u{2192} {}.",
        c.conv1.input(),
        c.conv1.out(),
        c.conv2.input(),
        c.conv2.out()
    );
    let body = if shapes_decide(c) {
        format!(
            "{rule} Here {chain}, and only one assignment produces that: {}.",
            assignment(c)
        )
    } else if c.order == super::DEFAULT_ORDER {
        format!(
            "{rule} Here {chain}: the shapes alone cannot tell the ops apart. The block is ResNet's basic residual block: a convolution, the ReLU, then the second convolution before the addition, so {}.",
            assignment(c)
        )
    } else {
        format!(
            "{rule} Here {chain}: the shapes alone cannot tell the ops apart. The statement settles it: the ReLU {} and {}, so {}.",
            relu_position(c),
            conv_order(c),
            assignment(c)
        )
    };
    Step::new("Which operation is A, B, C", body)
}

/// Which tensor feeds the addition.
pub fn skip_step(c: &Checked) -> Step {
    Step::new(
        "The skip connection",
        format!(
            "A residual block adds its own input to the output of its body: $F_3 = C + F_2$. The addition needs two tensors of the shape of $F_3$, {}; the skip connection carries $F_2$ around all three ops. $G_1$ and $G_2$ are results inside the body: adding one of them would bypass only part of it, and the block would no longer compute body + identity.",
            if shapes_decide(c) && c.conv1.out() != c.shape[1] {
                "which $G_1$ or $G_2$ do not even have here"
            } else {
                "as $F_2$ has"
            }
        ),
    )
}

/// The padding that keeps the size.
pub fn padding_step(c: &Checked) -> Step {
    let (k, d, p) = (c.conv2.k(), c.conv2.dilation, c.conv2.padding());
    let h = c.shape[2];
    Step::new(
        "Padding of Conv2",
        format!(
            r"With stride 1 a convolution's output size is $H_{{out}} = H + 2p - d(k - 1)$ (kernel $k$, dilation $d$, padding $p$). Keeping $H_{{out}} = H$ needs

$$p = \frac{{d(k - 1)}}{{2}} = \frac{{{d} \cdot ({k} - 1)}}{{2}} = {p}$$

Check: ${h} + 2 \cdot {p} - {d} \cdot ({k} - 1) = {h}$. (Conv1, a $1 \times 1$ kernel, keeps the size with padding 0.)"
        ),
    )
}

/// Appends the list item saying what local derivative `index` of the chain is, for this order.
fn push_factor_meaning(out: &mut String, c: &Checked, index: usize) {
    let (node, input) = [("G_1", "F_2"), ("G_2", "G_1"), ("C", "G_2")][index];
    let _ = write!(out, "- ${}$: ", d(node, input));
    let _ = match c.order[index] {
        OpName::Relu => write!(
            out,
            r"the ReLU's derivative, $\mathbf{{1}}[{input} > 0]$ entry by entry;"
        ),
        op => write!(
            out,
            "the derivative of {} with respect to its input (its kernel, applied as a transposed convolution);",
            op.title()
        ),
    };
}

/// The chain rule from the graph, and what each factor is for this order.
pub fn symbolic_step(c: &Checked, symbolic: &str) -> Step {
    let mut body = String::new();
    let _ = write!(
        body,
        "$F_2$ reaches $F_3$ along two paths: directly through the skip connection, whose local derivative is 1, and through the body $G_1$, $G_2$, $C$. The gradient is the sum over both paths of the products of local derivatives:\n\n$${symbolic}$$\n\nwith\n\n"
    );
    for index in 0..3 {
        push_factor_meaning(&mut body, c, index);
        body.push('\n');
    }
    body.push_str(
        r"- the addition passes $\frac{\partial L}{\partial F_3}$ to both summands unchanged.",
    );
    Step::new("Chain rule along the graph", body)
}

/// Why the +1 is a highway, with this block's numbers.
pub fn highway_step(g: &Graph<Real>, grads: &Grads<Real>, ids: &Ids) -> Step {
    let parts = grads.parts(ids.f2);
    let via = |node| {
        parts
            .iter()
            .find(|(c, _)| *c == node)
            .map(|(_, t)| tensor(t).to_string())
            .unwrap_or_default()
    };
    let total = grads
        .get(ids.f2)
        .map(|t| tensor(t).to_string())
        .unwrap_or_default();
    Step::new(
        "Why the skip connection is a highway for the gradient",
        format!(
            "The 1 in the bracket is the skip path: ${}$ arrives at $F_2$ unchanged and is added to whatever survives the body. The body's factors can be small or zero (a ReLU that blocks, small weights), and in a deep network their products over many blocks shrink, but the 1 keeps a direct route from the loss to early layers, so their gradient does not vanish. Here the skip path delivers ${}$ and the body ${}$, together ${} = {}$.",
            dl(g.symbol(ids.f3)),
            via(ids.f3),
            via(ids.g1),
            dl("F_2"),
            total
        ),
    )
}
