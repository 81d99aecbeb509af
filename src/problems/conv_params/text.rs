//! The worked steps of `conv-params`: one filter, the layer, the biases, the total, what does not
//! matter, and the comparison with a stack of small convolutions.

use crate::num::Q;
use crate::solution::{Answer, Step};

use super::params::{Layer, Params};

/// The steps of the layer's count, and its answers `weights`, `biases`, `total`.
pub fn solve_layer(layer: &Layer, variant: &str, steps: &mut Vec<Step>, answers: &mut Vec<Answer>) {
    let per_group = layer.c_in / layer.groups;
    let per_filter = layer.per_filter();
    let channel_note = if layer.groups == 1 {
        format!(
            r"A filter spans all $C_{{\text{{in}}}} = {}$ input channels.",
            layer.c_in
        )
    } else {
        format!(
            r"With $g = {}$ groups, each filter sees only its own group of $C_{{\text{{in}}}} / g = {} / {} = {per_group}$ channel{}.",
            layer.groups,
            layer.c_in,
            layer.groups,
            plural(per_group)
        )
    };
    steps.push(Step::new(
        "Weights of one filter",
        format!(
            r"{channel_note} It holds one $k_h \times k_w$ kernel for each of them:

$$k_h \cdot k_w \cdot \frac{{C_{{\text{{in}}}}}}{{g}} = {} \cdot {} \cdot {per_group} = {}.$$",
            layer.kh,
            layer.kw,
            per_filter.tex()
        ),
    ));
    let weights = layer.weights();
    if layer.c_out > 1 {
        steps.push(Step::new(
            "Weights of the layer",
            format!(
                r"There is one filter per output channel, so $C_{{\text{{out}}}} = {}$ filters:

$$C_{{\text{{out}}}} \cdot k_h \cdot k_w \cdot \frac{{C_{{\text{{in}}}}}}{{g}} = {} \cdot {} = {}.$$",
                layer.c_out,
                layer.c_out,
                per_filter.tex(),
                weights.tex()
            ),
        ));
    }
    let biases = layer.biases();
    let bias_text = match (layer.bias, layer.c_out) {
        (false, _) => "The layer is built with `bias=False`: no biases.".to_string(),
        (true, 1) => "The filter adds one bias to its output: $1$ bias.".to_string(),
        (true, n) => format!("Each filter adds one bias to its output channel: ${n}$ biases."),
    };
    steps.push(Step::new("Biases", bias_text));
    let total = &weights + &biases;
    steps.push(Step::new(
        "Total",
        format!(
            r"$$\text{{total}} = \text{{weights}} + \text{{biases}} = {} + {} = {}.$$",
            weights.tex(),
            biases.tex(),
            total.tex()
        ),
    ));
    if variant == "depthwise" {
        let full = Q::int(layer.c_out) * Q::int(layer.kh) * Q::int(layer.kw) * Q::int(layer.c_in);
        steps.push(Step::new(
            "Why depthwise is cheap",
            format!(
                r"A full convolution between the same channels would need ${} \cdot {} \cdot {} \cdot {} = {}$ weights; the depthwise layer needs ${}$ times fewer.",
                layer.c_out,
                layer.kh,
                layer.kw,
                layer.c_in,
                full.tex(),
                layer.groups
            ),
        ));
    }
    answers.push(Answer::scalar("weights", "weights", &weights));
    answers.push(Answer::scalar("biases", "biases", &biases));
    answers.push(Answer::scalar("total", "total parameters", &total));
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What does not change the count: batch, image size, stride, padding.
pub fn invariants_step(p: &Params, layer: &Layer) -> Step {
    let mut unused = Vec::new();
    if let Some(dims) = &layer.input {
        unused.push(format!("the batch size $N = {}$", dims[0]));
        unused.push(format!(
            "the height $H = {}$ and width $W = {}$",
            dims[2], dims[3]
        ));
    }
    if let Some(s) = p.stride {
        unused.push(format!("the stride ${s}$"));
    }
    if let Some(pad) = p.padding {
        unused.push(format!("the padding ${pad}$"));
    }
    if p.stride.is_none() {
        unused.push("the stride".to_string());
    }
    if p.padding.is_none() {
        unused.push("the padding".to_string());
    }
    if layer.input.is_none() {
        unused.insert(0, "the batch size, the image height and width".to_string());
    }
    let last = unused.pop().unwrap_or_default();
    let text = format!("{} and {last}", unused.join(", "));
    let listed = {
        let mut chars = text.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
            None => text.clone(),
        }
    };
    Step::new(
        "What does not matter",
        format!(
            "{listed} do not change the count: the same filter weights slide over every position of every image, so they change the output size and the compute, never the number of parameters."
        ),
    )
}

/// The comparison with `depth` stacked `k x k` convolutions, and its answers `stack_total`, `saved`.
pub fn solve_stack(
    layer: &Layer,
    k: i64,
    depth: i64,
    steps: &mut Vec<Step>,
    answers: &mut Vec<Answer>,
) {
    let k2 = Q::int(k) * Q::int(k);
    let first = &k2 * &(Q::int(layer.c_out) * Q::int(layer.c_in));
    let rest = &k2 * &(Q::int(layer.c_out) * Q::int(layer.c_out));
    let stack_weights = &first + &(&rest * &Q::int(depth - 1));
    let stack_biases = if layer.bias {
        Q::int(layer.c_out) * Q::int(depth)
    } else {
        Q::zero()
    };
    let stack_total = &stack_weights + &stack_biases;
    let large_total = layer.weights() + layer.biases();
    let saved = &large_total - &stack_total;
    steps.push(Step::new(
        "Same receptive field",
        format!(
            r"Each ${k} \times {k}$ convolution (stride 1) widens the receptive field by ${}$ pixels, so ${depth}$ of them see $1 + {depth} \cdot {} = {}$ pixels across, like one ${} \times {}$ kernel.",
            k - 1, k - 1, layer.kh, layer.kh, layer.kh
        ),
    ));
    let bias_part = if layer.bias {
        format!(r" + {depth} \cdot {}", layer.c_out)
    } else {
        String::new()
    };
    let others = if depth == 2 {
        "the second maps".to_string()
    } else {
        format!("the other ${}$ map", depth - 1)
    };
    let extra = if depth == 2 {
        "one more non-linearity".to_string()
    } else {
        format!("${}$ more non-linearities", depth - 1)
    };
    steps.push(Step::new(
        "Parameters of the stack",
        format!(
            r"The first layer maps ${}$ to ${}$ channels, {others} ${}$ to ${}$:

$${k}^2 \cdot {} \cdot {} + {} \cdot {k}^2 \cdot {} \cdot {}{bias_part} = {}.$$

The single ${} \times {}$ layer has ${}$ parameters, so the stack saves ${}$ and adds {extra} between its layers.",
            layer.c_in, layer.c_out, layer.c_out, layer.c_out,
            layer.c_in, layer.c_out, depth - 1, layer.c_out, layer.c_out, stack_total.tex(),
            layer.kh, layer.kh, large_total.tex(), saved.tex()
        ),
    ));
    answers.push(Answer::scalar(
        "stack_total",
        "parameters of the stack",
        &stack_total,
    ));
    answers.push(Answer::scalar(
        "saved",
        "parameters saved by the stack",
        &saved,
    ));
}
