//! The worked steps of `conv-cost`: output size, parameters, multiply-accumulates, the Linear
//! that reproduces the conv, and the ratio.

use crate::num::{Q, Shape};
use crate::solution::{Answer, Step};

use super::params::Layer;

fn q(v: i64) -> Q {
    Q::int(v)
}

/// The output-size step for both axes (one line when they agree).
pub fn output_step(layer: &Layer) -> Step {
    let axis = |i: usize, name: &str| {
        let (n, k, s, p, d) = (
            layer.input[2 + i],
            layer.k[i],
            layer.s[i],
            layer.p[i],
            layer.d[i],
        );
        let numer = n + 2 * p - d * (k - 1) - 1;
        format!(
            r"$${name}_{{\text{{out}}}} = \left\lfloor \frac{{{name} + 2p - d(k-1) - 1}}{{s}} \right\rfloor + 1 = \left\lfloor \frac{{{n} + 2 \cdot {p} - {d} \cdot {} - 1}}{{{s}}} \right\rfloor + 1 = {} + 1 = {}.$$",
            k - 1,
            numer / s,
            layer.output[2 + i]
        )
    };
    let same = layer.input[2] == layer.input[3]
        && layer.k[0] == layer.k[1]
        && layer.s[0] == layer.s[1]
        && layer.p[0] == layer.p[1]
        && layer.d[0] == layer.d[1];
    let sizes = if same {
        format!("{}\n\nThe width is the same.", axis(0, "H"))
    } else {
        format!("{}\n\n{}", axis(0, "H"), axis(1, "W"))
    };
    let shape = Shape(layer.output.iter().map(|&v| q(v)).collect());
    Step::new(
        "Output shape",
        format!(
            "Each spatial size follows PyTorch's rule:\n\n{sizes}\n\nThe batch stays, the channels become the ${}$ filters: ${}$.",
            layer.c_out,
            shape.tex()
        ),
    )
}

/// The parameter step.
pub fn params_step(layer: &Layer) -> Step {
    let per_group = layer.input[1] / layer.groups;
    let group_note = if layer.groups > 1 {
        format!(
            r" (with $g = {}$ groups each filter sees $C_{{\text{{in}}}}/g = {per_group}$ channels)",
            layer.groups
        )
    } else {
        String::new()
    };
    let bias = if layer.bias {
        format!(" + {}", layer.c_out)
    } else {
        " + 0".to_string()
    };
    Step::new(
        "Parameters",
        format!(
            r"Every filter holds $\frac{{C_{{\text{{in}}}}}}{{g}} \cdot k_h \cdot k_w = {per_group} \cdot {} \cdot {} = {}$ weights{group_note}; there are $C_{{\text{{out}}}} = {}$ filters and {}:

$${} \cdot {}{bias} = {}.$$",
            layer.k[0],
            layer.k[1],
            tex_num(&layer.per_filter()),
            layer.c_out,
            if layer.bias {
                "one bias each"
            } else {
                "no bias (`bias=False`)"
            },
            layer.c_out,
            tex_num(&layer.per_filter()),
            tex_num(&layer.params())
        ),
    )
}

/// The multiply-accumulate step.
pub fn macs_step(layer: &Layer) -> Step {
    let [n, c, h, w] = layer.output;
    Step::new(
        "Multiply-accumulates",
        format!(
            r"Each output value is one filter applied at one position: $\frac{{C_{{\text{{in}}}}}}{{g}} k_h k_w = {}$ multiply-accumulates. The output has $N \cdot C_{{\text{{out}}}} \cdot H_{{\text{{out}}}} \cdot W_{{\text{{out}}}} = {n} \cdot {c} \cdot {h} \cdot {w} = {}$ values:

$$\text{{MACs}} = {} \cdot {} = {}.$$",
            tex_num(&layer.per_filter()),
            tex_num(&layer.outputs()),
            tex_num(&layer.outputs()),
            tex_num(&layer.per_filter()),
            tex_num(&layer.macs())
        ),
    )
}

/// The steps of the equivalent Linear (params, MACs) and the ratio.
pub fn linear_steps(layer: &Layer, steps: &mut Vec<Step>) {
    let [_, c, h, w] = layer.input;
    let [n, co, ho, wo] = layer.output;
    let in_f = layer.in_features();
    let out_f = layer.out_features();
    let (bias, note) = if layer.bias {
        (
            format!(" + {}", tex_num(&out_f)),
            format!(
                r"One bias per output value: the Linear's bias repeats the conv's ${co}$ channel biases over the ${ho} \cdot {wo}$ positions."
            ),
        )
    } else {
        (String::new(), "No bias, as the conv has none.".to_string())
    };
    steps.push(Step::new(
        "The equivalent Linear",
        format!(
            r"`Flatten` turns each input into $C \cdot H \cdot W = {c} \cdot {h} \cdot {w} = {}$ features; the Linear must produce every output value, $C_{{\text{{out}}}} \cdot H_{{\text{{out}}}} \cdot W_{{\text{{out}}}} = {co} \cdot {ho} \cdot {wo} = {}$ features, which `Reshape` puts back as $[{co} \times {ho} \times {wo}]$. Its weight matrix is ${} \times {}$ (a weight is zero where the filter does not reach, or repeats a filter weight). {note}

$$\text{{params}} = {} \cdot {}{bias} = {}.$$",
            tex_num(&in_f),
            tex_num(&out_f),
            tex_num(&out_f),
            tex_num(&in_f),
            tex_num(&in_f),
            tex_num(&out_f),
            tex_num(&layer.linear_params())
        ),
    ));
    steps.push(Step::new(
        "Multiply-accumulates of the Linear",
        format!(
            r"Every output feature is a dot product over all ${}$ input features, for each of the $N = {n}$ inputs:

$$N \cdot \text{{in}} \cdot \text{{out}} = {n} \cdot {} \cdot {} = {}.$$",
            tex_num(&in_f),
            tex_num(&in_f),
            tex_num(&out_f),
            tex_num(&layer.linear_macs())
        ),
    ));
    let ratio = ratio(layer);
    steps.push(Step::new(
        "Why the conv is cheaper",
        format!(
            r"$$\frac{{\text{{Linear params}}}}{{\text{{conv params}}}} = \frac{{{}}}{{{}}} = {}.$$

The conv shares one small filter over every position (weight sharing) and connects each output only to a ${} \times {}$ window (local connectivity); the Linear stores a separate weight for every input-output pair.",
            tex_num(&layer.linear_params()),
            tex_num(&layer.params()),
            tex_num(&ratio),
            layer.k[0],
            layer.k[1]
        ),
    ));
}

/// Linear params over conv params.
pub fn ratio(layer: &Layer) -> Q {
    // params >= 1: at least one filter of at least one weight.
    layer
        .linear_params()
        .checked_div(&layer.params())
        .unwrap_or_else(Q::zero)
}

/// The answers, in the order the question asks for them.
pub fn answers(layer: &Layer) -> Vec<Answer> {
    let shape = Shape(layer.output.iter().map(|&v| q(v)).collect());
    vec![
        Answer::shape("output_shape", "output shape", &shape),
        Answer::scalar("params", "parameters of the conv", &layer.params()),
        Answer::scalar("macs", "multiply-accumulates of the conv", &layer.macs()),
        Answer::scalar(
            "linear_params",
            "parameters of the equivalent Linear",
            &layer.linear_params(),
        ),
        Answer::scalar(
            "linear_macs",
            "multiply-accumulates of the equivalent Linear",
            &layer.linear_macs(),
        ),
        Answer::scalar("ratio", "Linear params / conv params", &ratio(layer)),
    ]
}

/// LaTeX of an exact number, as text.
fn tex_num(q: &Q) -> String {
    q.tex().to_string()
}
