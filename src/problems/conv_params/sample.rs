//! Sampling `conv-params` variants from the channel counts and kernels of real networks, redrawn
//! until the variant and (at `exam`) the calculator-free rule of the module docs hold.

use rand_chacha::ChaCha8Rng;

use super::ConvParams;
use super::params::{Layer, Params, Stack, variant_of};
use crate::num::Q;
use crate::problems::params::{Int, Pair};
use crate::problems::sample::{chance, pick};
use crate::problems::{Difficulty, Family};

/// Channel counts at `exam`: the round sizes of real networks, enough of them that a class of
/// 300 gets different layers.
pub const EXAM_CHANNELS: &[i64] = &[
    3, 4, 6, 8, 10, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128,
];
const PRACTICE_CHANNELS: &[i64] = &[
    3, 6, 10, 12, 16, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512,
];
/// The channel counts of the inside of a network (no RGB input).
fn inner(channels: &[i64]) -> Vec<i64> {
    channels.iter().copied().filter(|&c| c >= 8).collect()
}
/// Image sides of the input shape (227 is AlexNet's, drawn with its 11x11 layer).
pub const SPATIAL: &[i64] = &[28, 32, 56, 64, 112, 224];
const BATCH: &[i64] = &[1, 8, 10, 16, 32, 64];

/// Draws params of `variant` (any when `None`) until they check, name that variant and, at
/// `exam`, keep the calculator-free rule.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(
        || pick(rng, ConvParams::VARIANTS).to_string(),
        str::to_string,
    );
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

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let channels = if difficulty == Difficulty::Exam {
        EXAM_CHANNELS
    } else {
        PRACTICE_CHANNELS
    };
    let mut c_in = pick(rng, channels);
    let mut c_out = pick(rng, channels);
    let odd = &[3, 5, 7][..];
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
            c_in = pick(rng, &inner(channels));
            c_out = pick(rng, &inner(channels));
            bias = chance(rng, 1, 2);
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
            // A first layer: grey or RGB images.
            c_in = pick(rng, &[1, 3]);
            c_out = pick(rng, &inner(channels));
            stride = Some(Pair::Same(if k == 11 { 4 } else { 2 }));
            padding = Some(Pair::Same(if k == 11 { 0 } else { 3 }));
            bias = chance(rng, 1, 2);
        }
        "stack" => {
            let small = 3;
            let depth = pick(rng, &[2, 3]);
            k = depth * (small - 1) + 1;
            kernel = Pair::Same(k);
            c_in = pick(rng, &inner(channels));
            c_out = pick(rng, &inner(channels));
            compare_stack = Some(Stack {
                kernel: Int(small),
                depth: Int(depth),
            });
            bias = chance(rng, 1, 2);
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
pub fn calculator_free(p: &Params, layer: &Layer) -> bool {
    let total = layer.weights() + layer.biases();
    let stack_total = p.compare_stack.as_ref().map_or(Q::zero(), |s| {
        let per = Q::int(s.kernel.0) * Q::int(s.kernel.0) * Q::int(layer.c_out) * Q::int(s.depth.0);
        per * Q::int(layer.c_in.max(layer.c_out))
    });
    total <= Q::int(100_000) && stack_total <= Q::int(100_000) && layer.kh == layer.kw
}
