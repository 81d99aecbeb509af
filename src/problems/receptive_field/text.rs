//! The worked steps of `receptive-field`: the recurrence layer by layer, in a table.

use crate::num::Q;
use crate::solution::Step;

use super::params::{Layer, Op};

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Conv2d => "conv",
        Op::MaxPool2d => "max pool",
        Op::AvgPool2d => "avg pool",
    }
}

/// The table of one axis: one row per layer with the numbers put into the recurrence.
fn table(layers: &[Layer], rows: &[(Q, Q)], a: usize) -> String {
    let mut t = String::from(
        r"Each row puts the layer's numbers into the recurrence:

| layer | $k$ | $s$ | $d$ | $r_l = r_{l-1} + d\,(k-1)\,j_{l-1}$ | $j_l = j_{l-1} \cdot s$ |
|---|---|---|---|---|---|
| input | | | | $r_0 = 1$ | $j_0 = 1$ |
",
    );
    let mut prev = (Q::one(), Q::one());
    for (i, (l, (r, j))) in layers.iter().zip(rows).enumerate() {
        let n = i + 1;
        t.push_str(&format!(
            r"| {n}. {} | ${}$ | ${}$ | ${}$ | $r_{n} = {} + {} \cdot {} \cdot {} = {}$ | $j_{n} = {} \cdot {} = {}$ |
",
            op_name(l.op),
            l.k[a],
            l.s[a],
            l.d[a],
            tex_num(&prev.0),
            l.d[a],
            l.k[a] - 1,
            tex_num(&prev.1),
            tex_num(r),
            tex_num(&prev.1),
            l.s[a],
            tex_num(j)
        ));
        prev = (r.clone(), j.clone());
    }
    t
}

/// The steps of a stack.
pub fn stack_steps(layers: &[Layer], h: &[(Q, Q)], w: &[(Q, Q)], square: bool) -> Vec<Step> {
    let mut steps = vec![Step::new(
        "The recurrence",
        r"Before any layer a pixel sees only itself, $r_0 = 1$, and neighbouring pixels are $j_0 = 1$ apart. A layer with kernel $k$, dilation $d$ and stride $s$ spans $d(k-1)+1$ positions of its input, and neighbouring positions of its input lie $j_{l-1}$ input pixels apart:

$$r_l = r_{l-1} + d_l (k_l - 1)\, j_{l-1}, \qquad j_l = j_{l-1} \cdot s_l.$$

Pooling windows count like kernels (PyTorch's pooling stride defaults to the kernel size). Padding shifts where the windows start, never how many input pixels one output sees.",
    )];
    if square {
        steps.push(Step::new("Layer by layer", table(layers, h, 0)));
    } else {
        steps.push(Step::new("Layer by layer, height", table(layers, h, 0)));
        steps.push(Step::new("Layer by layer, width", table(layers, w, 1)));
    }
    let (hl, wl) = (&h[h.len() - 1], &w[w.len() - 1]);
    let result = if square {
        format!(
            r"One output pixel sees a ${} \times {}$ window of the input: the receptive field is ${}$ pixels per axis. Neighbouring output pixels look at windows ${}$ input pixels apart (the jump, the product of the strides).",
            tex_num(&hl.0),
            tex_num(&hl.0),
            tex_num(&hl.0),
            tex_num(&hl.1)
        )
    } else {
        format!(
            r"One output pixel sees a ${} \times {}$ window of the input (height $\times$ width). Neighbouring output pixels are ${}$ input pixels apart vertically and ${}$ horizontally.",
            tex_num(&hl.0),
            tex_num(&wl.0),
            tex_num(&hl.1),
            tex_num(&wl.1)
        )
    };
    let result = format!(
        "{result}\n\nAn object larger than the receptive field is never seen whole by any output pixel: the prediction rests on parts of it and can be wrong."
    );
    steps.push(Step::new("Receptive field and jump", result));
    steps
}

/// The steps of a match question.
pub fn match_steps(
    big: i64,
    small: i64,
    c_in: i64,
    c_out: i64,
    n: i64,
    single: &Q,
    stack: &Q,
) -> Vec<Step> {
    let grow = small - 1;
    let rest = if n > 1 {
        format!(r" + {} \cdot {small}^2 \cdot {c_out} \cdot {c_out}", n - 1)
    } else {
        String::new()
    };
    let verdict = if stack < single {
        format!(
            r"The stack sees the same ${big} \times {big}$ window with fewer weights and puts a non-linearity between its layers."
        )
    } else {
        format!(
            "Here the stack needs more weights: the single layer reads only ${c_in}$ input channel{}, while every later layer of the stack reads ${c_out}$. It still adds non-linearities between its layers.",
            if c_in == 1 { "" } else { "s" }
        )
    };
    vec![
        Step::new(
            "Layers needed",
            format!(
                r"A ${small} \times {small}$ convolution with stride 1 widens the receptive field by $k - 1 = {grow}$ pixels, so $n$ of them see $1 + {grow}n$ pixels. Setting $1 + {grow}n = {big}$:

$$n = \frac{{{big} - 1}}{{{grow}}} = {n}.$$"
            ),
        ),
        Step::new(
            "Weights",
            format!(
                r"The single layer maps ${c_in}$ input channel{} to ${c_out}$ output channels: ${big}^2 \cdot {c_in} \cdot {c_out} = {}$ weights. In the stack the first layer maps ${c_in}$ to ${c_out}$ channels and the others keep ${c_out}$:

$${small}^2 \cdot {c_in} \cdot {c_out}{rest} = {}.$$

{verdict}",
                if c_in == 1 { "" } else { "s" },
                tex_num(single),
                tex_num(stack)
            ),
        ),
    ]
}

/// LaTeX of an exact number, as text.
fn tex_num(q: &Q) -> String {
    q.tex().to_string()
}
