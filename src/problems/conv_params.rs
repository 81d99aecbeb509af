//! `conv-params`: how many parameters a `torch.nn.Conv2d` layer (or one of its filters) has.
//!
//! weights = C_out * (C_in / groups) * k_h * k_w, biases = C_out (if `bias`), total = both.
//!
//! Calculator-free rule (`exam`): channel counts from the round sizes of real networks
//! (1, 3, 8, 16, 20, 32, 64, 128), square kernels of 1, 3, 5, 7 or 11, and a total of at most
//! 100,000, so every product is a short multiplication by hand. `practice` allows any channel
//! count of real networks (24, 48, 96, 192, 256...); `hard` adds non-square kernels and groups.

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::params::{Int, Pair};
use super::sample::{chance, pick};
use super::{Difficulty, Family, Solved};
use crate::ensure;
use crate::error::Result;
use crate::num::{Q, tex_num};
use crate::solution::{Answer, Question, Solution, Step};

/// The `conv-params` family.
pub struct ConvParams;

/// A stack of small convolutions to compare a large kernel against.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    /// Kernel size of each small convolution (square, odd).
    pub kernel: Int,
    /// How many of them are stacked.
    pub depth: Int,
}

/// Params of `conv-params` (PyTorch `Conv2d` arguments).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The input shape [N, C, H, W]; C is the number of input channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Vec<Int>>,
    /// Input channels (when `input` is not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_channels: Option<Int>,
    /// Output channels = number of filters.
    pub out_channels: Int,
    /// Kernel size.
    pub kernel: Pair,
    /// Whether each filter has a bias.
    #[serde(default = "yes")]
    pub bias: bool,
    /// Groups (`in_channels` for depthwise).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub groups: Int,
    /// Stride (does not change the count; stated as in a real layer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<Pair>,
    /// Padding (does not change the count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Pair>,
    /// Compare against a stack of small convolutions with the same receptive field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_stack: Option<Stack>,
}

fn yes() -> bool {
    true
}
fn one() -> Int {
    Int(1)
}
fn is_one(v: &Int) -> bool {
    v.0 == 1
}

/// The checked sizes of one layer.
struct Layer {
    input: Option<Vec<i64>>,
    c_in: i64,
    c_out: i64,
    kh: i64,
    kw: i64,
    groups: i64,
    bias: bool,
}

impl Layer {
    fn from_params(p: &Params) -> Result<Layer> {
        let input = match &p.input {
            Some(dims) => {
                ensure!(
                    dims.len() == 4,
                    "field `input`: expected a shape [N, C, H, W] of 4 sizes, got {} sizes",
                    dims.len()
                );
                for (name, d) in ["N", "C", "H", "W"].iter().zip(dims) {
                    ensure!(
                        d.0 >= 1,
                        "field `input`: size {name} = {} must be at least 1",
                        d.0
                    );
                }
                Some(dims.iter().map(|d| d.0).collect::<Vec<_>>())
            }
            None => None,
        };
        let c_in = match (&input, p.in_channels) {
            (Some(dims), Some(c)) => {
                ensure!(
                    c.0 == dims[1],
                    "field `in_channels`: {} disagrees with the channel size {} of `input`",
                    c.0,
                    dims[1]
                );
                c.0
            }
            (Some(dims), None) => dims[1],
            (None, Some(c)) => c.0,
            (None, None) => {
                return Err(crate::Error::invalid(
                    "params for conv-params: give `in_channels` or `input` [N, C, H, W]",
                ));
            }
        };
        ensure!(c_in >= 1, "field `in_channels`: {c_in} must be at least 1");
        let c_out = p.out_channels.0;
        ensure!(
            c_out >= 1,
            "field `out_channels`: {c_out} must be at least 1"
        );
        let (kh, kw) = (p.kernel.h(), p.kernel.w());
        ensure!(
            kh >= 1 && kw >= 1,
            "field `kernel`: {} must be at least 1",
            p.kernel
        );
        let groups = p.groups.0;
        ensure!(groups >= 1, "field `groups`: {groups} must be at least 1");
        ensure!(
            c_in % groups == 0,
            "field `groups`: {groups} does not divide in_channels = {c_in}"
        );
        ensure!(
            c_out % groups == 0,
            "field `groups`: {groups} does not divide out_channels = {c_out}"
        );
        if let Some(s) = p.stride {
            ensure!(
                s.h() >= 1 && s.w() >= 1,
                "field `stride`: {s} must be at least 1"
            );
        }
        if let Some(pad) = p.padding {
            ensure!(
                pad.h() >= 0 && pad.w() >= 0,
                "field `padding`: {pad} must not be negative"
            );
        }
        Ok(Layer {
            input,
            c_in,
            c_out,
            kh,
            kw,
            groups,
            bias: p.bias,
        })
    }

    fn per_filter(&self) -> Q {
        Q::int(self.kh) * Q::int(self.kw) * Q::int(self.c_in / self.groups)
    }

    fn weights(&self) -> Q {
        self.per_filter() * Q::int(self.c_out)
    }

    fn biases(&self) -> Q {
        if self.bias {
            Q::int(self.c_out)
        } else {
            Q::zero()
        }
    }
}

fn variant_of(p: &Params, layer: &Layer) -> &'static str {
    if p.compare_stack.is_some() {
        "stack"
    } else if layer.groups > 1 && layer.groups == layer.c_in && layer.c_in == layer.c_out {
        "depthwise"
    } else if layer.groups > 1 {
        "grouped"
    } else if layer.kh == 1 && layer.kw == 1 {
        "pointwise"
    } else if layer.c_out == 1 {
        "filter"
    } else if layer.kh >= 7 {
        "large-kernel"
    } else if !layer.bias {
        "no-bias"
    } else {
        "layer"
    }
}

const EXAM_CHANNELS: &[i64] = &[3, 8, 16, 20, 32, 64];
const PRACTICE_CHANNELS: &[i64] = &[3, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256];
const SPATIAL: &[i64] = &[28, 32, 56, 64, 112, 224];
const BATCH: &[i64] = &[1, 8, 10, 16, 32, 64];

impl Family for ConvParams {
    type Params = Params;
    const ID: &'static str = "conv-params";
    const TITLE: &'static str = "Parameters of a convolutional layer";
    const VARIANTS: &'static [&'static str] = &[
        "layer",
        "filter",
        "no-bias",
        "pointwise",
        "grouped",
        "depthwise",
        "large-kernel",
        "stack",
    ];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        let variant = variant.map_or_else(|| pick(rng, Self::VARIANTS).to_string(), str::to_string);
        loop {
            let p = draw(rng, difficulty, &variant);
            let Ok(layer) = Layer::from_params(&p) else {
                continue;
            };
            if variant_of(&p, &layer) != variant {
                continue;
            }
            if difficulty == Difficulty::Exam && !calculator_free(&p, &layer) {
                continue;
            }
            return p;
        }
    }

    fn solve(p: &Params) -> Result<Solved> {
        let layer = Layer::from_params(p)?;
        let variant = variant_of(p, &layer);
        let stack = match &p.compare_stack {
            Some(s) => Some(check_stack(s, &layer)?),
            None => None,
        };
        let mut steps = Vec::new();
        let mut answers = Vec::new();
        solve_layer(&layer, variant, &mut steps, &mut answers);
        steps.push(invariants_step(p, &layer));
        if let Some((k, depth)) = stack {
            solve_stack(&layer, k, depth, &mut steps, &mut answers);
        }
        let facts = json!({
            "variant": variant,
            "input": layer.input.as_ref().map(|d| shape_tex(d)),
            "c_in": layer.c_in,
            "c_out": layer.c_out,
            "kernel": kernel_tex(layer.kh, layer.kw),
            "square_kernel": layer.kh == layer.kw,
            "bias": layer.bias,
            "groups": layer.groups,
            "stride": p.stride.map(|s| s.to_string()),
            "padding": p.padding.map(|s| s.to_string()),
            "stack_kernel": stack.map(|(k, _)| kernel_tex(k, k)),
            "stack_depth": stack.map(|(_, d)| d),
        });
        Ok(Solved {
            variant: variant.to_string(),
            question: Question::new(facts),
            answers,
            solution: Solution { steps },
        })
    }
}

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let channels = if difficulty == Difficulty::Exam {
        EXAM_CHANNELS
    } else {
        PRACTICE_CHANNELS
    };
    let mut c_in = pick(rng, channels);
    let mut c_out = pick(rng, channels);
    let odd = if difficulty == Difficulty::Exam {
        &[3, 5][..]
    } else {
        &[3, 5, 7][..]
    };
    let mut k = pick(rng, odd);
    let mut kernel = Pair::Same(k);
    if difficulty == Difficulty::Hard && chance(rng, 1, 2) {
        kernel = Pair::Two(pick(rng, &[1, 3, 5]), pick(rng, &[3, 5, 7]));
    }
    let mut bias = true;
    let mut groups = 1;
    let mut stride = None;
    let mut padding = None;
    let mut compare_stack = None;
    match variant {
        "filter" => {
            c_out = 1;
            bias = chance(rng, 3, 4);
        }
        "no-bias" => bias = false,
        "pointwise" => {
            kernel = Pair::Same(1);
            c_in = pick(rng, &[64, 128, 256]);
            c_out = pick(rng, &[16, 32, 64]);
            if difficulty == Difficulty::Exam {
                c_in = pick(rng, &[32, 64]);
                c_out = pick(rng, &[8, 16]);
            }
        }
        "grouped" => {
            groups = pick(rng, &[2, 4, 8]);
        }
        "depthwise" => {
            if c_in == 1 {
                c_in = 3;
            }
            groups = c_in;
            c_out = c_in;
            bias = chance(rng, 1, 2);
        }
        "large-kernel" => {
            k = pick(rng, &[7, 11]);
            kernel = Pair::Same(k);
            c_in = 3;
            c_out = pick(rng, &[16, 32, 64, 96]);
            stride = Some(Pair::Same(if k == 11 { 4 } else { 2 }));
            padding = Some(Pair::Same(if k == 11 { 0 } else { 3 }));
            if difficulty == Difficulty::Exam {
                c_out = pick(rng, &[16, 32, 64]);
            }
        }
        "stack" => {
            let small = 3;
            let depth = pick(rng, &[2, 3]);
            k = depth * (small - 1) + 1;
            kernel = Pair::Same(k);
            c_in = pick(rng, &[16, 32, 64]);
            c_out = c_in;
            compare_stack = Some(Stack {
                kernel: Int(small),
                depth: Int(depth),
            });
            if difficulty == Difficulty::Exam {
                c_in = pick(rng, &[8, 16]);
                c_out = c_in;
                bias = false;
            }
        }
        _ => {}
    }
    let use_input = chance(rng, 1, 2) || variant == "large-kernel";
    let input = use_input.then(|| {
        let side = if variant == "large-kernel" && k == 11 {
            227
        } else {
            pick(rng, SPATIAL)
        };
        vec![Int(pick(rng, BATCH)), Int(c_in), Int(side), Int(side)]
    });
    Params {
        in_channels: if use_input { None } else { Some(Int(c_in)) },
        input,
        out_channels: Int(c_out),
        kernel,
        bias,
        groups: Int(groups),
        stride,
        padding,
        compare_stack,
    }
}

/// The exam rule of the module docs.
fn calculator_free(p: &Params, layer: &Layer) -> bool {
    let total = layer.weights() + layer.biases();
    let stack_total = p.compare_stack.as_ref().map_or(Q::zero(), |s| {
        let per = Q::int(s.kernel.0) * Q::int(s.kernel.0) * Q::int(layer.c_out) * Q::int(s.depth.0);
        per * Q::int(layer.c_in.max(layer.c_out))
    });
    total <= Q::int(100_000) && stack_total <= Q::int(100_000) && layer.kh == layer.kw
}

fn check_stack(s: &Stack, layer: &Layer) -> Result<(i64, i64)> {
    let (k, depth) = (s.kernel.0, s.depth.0);
    ensure!(
        k >= 1,
        "field `compare_stack.kernel`: {k} must be at least 1"
    );
    ensure!(
        depth >= 2,
        "field `compare_stack.depth`: {depth} must be at least 2 to be a stack"
    );
    ensure!(
        layer.kh == layer.kw,
        "field `compare_stack`: needs a square `kernel`, got {}x{}",
        layer.kh,
        layer.kw
    );
    ensure!(layer.groups == 1, "field `compare_stack`: needs groups = 1");
    let reach = depth.checked_mul(k - 1).and_then(|r| r.checked_add(1));
    ensure!(
        reach == Some(layer.kh),
        "field `compare_stack`: {depth} stacked {k}x{k} convolutions see {}, not the {}x{} of `kernel` (rule: depth*(k-1)+1 = kernel)",
        reach.map_or(
            "more pixels than fit in a 64-bit integer".to_string(),
            |r| format!("{r}x{r} pixels")
        ),
        layer.kh,
        layer.kh
    );
    Ok((k, depth))
}

fn shape_tex(dims: &[i64]) -> String {
    let parts: Vec<String> = dims.iter().map(i64::to_string).collect();
    format!("[{}]", parts.join(" \\times "))
}

fn kernel_tex(kh: i64, kw: i64) -> String {
    format!("{kh} \\times {kw}")
}

fn solve_layer(layer: &Layer, variant: &str, steps: &mut Vec<Step>, answers: &mut Vec<Answer>) {
    let per_group = layer.c_in / layer.groups;
    let per_filter = layer.per_filter();
    let channel_note = if layer.groups == 1 {
        format!(
            "A filter spans all $C_{{\\text{{in}}}} = {}$ input channels.",
            layer.c_in
        )
    } else {
        format!(
            "With $g = {}$ groups, each filter sees only its own group of $C_{{\\text{{in}}}} / g = {} / {} = {per_group}$ channel{}.",
            layer.groups,
            layer.c_in,
            layer.groups,
            plural(per_group)
        )
    };
    steps.push(Step::new(
        "Weights of one filter",
        format!(
            "{channel_note} It holds one $k_h \\times k_w$ kernel for each of them:\n\n$$k_h \\cdot k_w \\cdot \\frac{{C_{{\\text{{in}}}}}}{{g}} = {} \\cdot {} \\cdot {per_group} = {}.$$",
            layer.kh,
            layer.kw,
            tex_num(&per_filter)
        ),
    ));
    let weights = layer.weights();
    if layer.c_out > 1 {
        steps.push(Step::new(
            "Weights of the layer",
            format!(
                "There is one filter per output channel, so $C_{{\\text{{out}}}} = {}$ filters:\n\n$$C_{{\\text{{out}}}} \\cdot k_h \\cdot k_w \\cdot \\frac{{C_{{\\text{{in}}}}}}{{g}} = {} \\cdot {} = {}.$$",
                layer.c_out,
                layer.c_out,
                tex_num(&per_filter),
                tex_num(&weights)
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
            "$$\\text{{total}} = \\text{{weights}} + \\text{{biases}} = {} + {} = {}.$$",
            tex_num(&weights),
            tex_num(&biases),
            tex_num(&total)
        ),
    ));
    if variant == "depthwise" {
        let full = Q::int(layer.c_out) * Q::int(layer.kh) * Q::int(layer.kw) * Q::int(layer.c_in);
        steps.push(Step::new(
            "Why depthwise is cheap",
            format!(
                "A full convolution between the same channels would need ${} \\cdot {} \\cdot {} \\cdot {} = {}$ weights; the depthwise layer needs ${}$ times fewer.",
                layer.c_out,
                layer.kh,
                layer.kw,
                layer.c_in,
                tex_num(&full),
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

fn invariants_step(p: &Params, layer: &Layer) -> Step {
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

fn solve_stack(
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
            "Each ${k} \\times {k}$ convolution (stride 1) widens the receptive field by ${}$ pixels, so ${depth}$ of them see $1 + {depth} \\cdot {} = {}$ pixels across, like one ${} \\times {}$ kernel.",
            k - 1, k - 1, layer.kh, layer.kh, layer.kh
        ),
    ));
    let bias_part = if layer.bias {
        format!(" + {depth} \\cdot {}", layer.c_out)
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
            "The first layer maps ${}$ to ${}$ channels, {others} ${}$ to ${}$:\n\n$${k}^2 \\cdot {} \\cdot {} + {} \\cdot {k}^2 \\cdot {} \\cdot {}{bias_part} = {}.$$\n\nThe single ${} \\times {}$ layer has ${}$ parameters, so the stack saves ${}$ and adds {extra} between its layers.",
            layer.c_in, layer.c_out, layer.c_out, layer.c_out,
            layer.c_in, layer.c_out, depth - 1, layer.c_out, layer.c_out, tex_num(&stack_total),
            layer.kh, layer.kh, tex_num(&large_total), tex_num(&saved)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::params::from_json;

    fn solve_json(v: serde_json::Value) -> Result<Solved> {
        ConvParams::solve(&from_json::<Params>("conv-params", &v)?)
    }

    fn answer(s: &Solved, id: &str) -> String {
        s.answers
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .value
            .to_string()
    }

    #[test]
    fn the_exams_single_filter_has_181_parameters() {
        let s =
            solve_json(json!({"input": [10, 20, 30, 40], "out_channels": 1, "kernel": 3})).unwrap();
        assert_eq!(answer(&s, "total"), "181");
        assert_eq!(answer(&s, "weights"), "180");
        assert_eq!(s.variant, "filter");
    }

    #[test]
    fn alexnet_first_layer_has_34944_parameters() {
        let s = solve_json(
            json!({"input": [1, 3, 227, 227], "out_channels": 96, "kernel": 11, "stride": 4}),
        )
        .unwrap();
        assert_eq!(answer(&s, "total"), "34944");
    }

    #[test]
    fn depthwise_and_stack() {
        let s =
            solve_json(json!({"in_channels": 32, "out_channels": 32, "kernel": 3, "groups": 32}))
                .unwrap();
        assert_eq!(
            (answer(&s, "weights"), answer(&s, "total")),
            ("288".into(), "320".into())
        );
        let s = solve_json(
            json!({"in_channels": 64, "out_channels": 64, "kernel": 7, "bias": false,
            "compare_stack": {"kernel": 3, "depth": 3}}),
        )
        .unwrap();
        assert_eq!(answer(&s, "total"), "200704");
        assert_eq!(answer(&s, "stack_total"), "110592");
        assert_eq!(answer(&s, "saved"), "90112");
    }

    /// The exam rule of the module docs, over 1,000 seeds.
    #[test]
    fn exam_variants_are_calculator_free_and_realistic() {
        for seed in 0..1000 {
            let p = ConvParams::sample(&mut crate::seed::rng(seed), Difficulty::Exam, None);
            let layer = Layer::from_params(&p).unwrap();
            assert!(calculator_free(&p, &layer), "seed {seed}: {p:?}");
            let realistic = |c: i64| EXAM_CHANNELS.contains(&c) || [1, 8, 16, 32, 64].contains(&c);
            assert!(
                realistic(layer.c_in) && realistic(layer.c_out),
                "seed {seed}: {p:?}"
            );
            assert!([1, 3, 5, 7, 11].contains(&layer.kh), "seed {seed}: {p:?}");
            if let Some(dims) = &layer.input {
                assert!(
                    SPATIAL.contains(&dims[2]) || dims[2] == 227,
                    "seed {seed}: {p:?}"
                );
            }
        }
    }

    #[test]
    fn bad_layers_are_refused() {
        for (v, needle) in [
            (
                json!({"in_channels": 6, "out_channels": 4, "kernel": 3, "groups": 4}),
                "groups",
            ),
            (
                json!({"in_channels": 0, "out_channels": 4, "kernel": 3}),
                "in_channels",
            ),
            (
                json!({"input": [1, 3, 8], "out_channels": 4, "kernel": 3}),
                "input",
            ),
            (json!({"out_channels": 4, "kernel": 3}), "in_channels"),
            (
                json!({"in_channels": 3, "out_channels": 4, "kernel": 7, "compare_stack": {"kernel": 3, "depth": 2}}),
                "compare_stack",
            ),
        ] {
            let e = solve_json(v).unwrap_err().to_string();
            assert!(e.contains(needle), "{e}");
        }
    }
}
