//! Sampling `conv-cost` layers, redrawn until the layer checks, names the requested variant and
//! (at `exam`) keeps the calculator-free rule of the module docs.

use rand_chacha::ChaCha8Rng;

use super::ConvCost;
use super::params::{Layer, Params, variant_of};
use crate::num::Q;
use crate::problems::params::{Int, Pair};
use crate::problems::sample::{chance, int, pick};
use crate::problems::{Difficulty, Family};

/// Channel counts at `exam`.
pub const EXAM_CHANNELS: &[i64] = &[3, 8, 16, 32, 64];
/// Input sides at `exam`.
pub const EXAM_SIDES: &[i64] = &[4, 8, 16, 32, 64];
/// Batch sizes at `exam`.
pub const EXAM_BATCH: &[i64] = &[1, 2, 4, 8];
const PRACTICE_CHANNELS: &[i64] = &[3, 12, 16, 24, 32, 48, 64, 96, 128, 192];

/// Draws params of `variant` (any when `None`) until they check, name that variant and, at
/// `exam`, keep the calculator-free rule.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(|| pick(rng, ConvCost::VARIANTS).to_string(), str::to_string);
    loop {
        let p = draw(rng, difficulty, &variant);
        let Ok(layer) = Layer::from_params(&p) else {
            continue;
        };
        if variant_of(&layer) != variant {
            continue;
        }
        if difficulty == Difficulty::Exam && !calculator_free(&layer) {
            continue;
        }
        return p;
    }
}

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let exam = difficulty == Difficulty::Exam;
    let channels = if exam {
        EXAM_CHANNELS
    } else {
        PRACTICE_CHANNELS
    };
    let mut n = if exam {
        pick(rng, EXAM_BATCH)
    } else {
        int(rng, 1, 32)
    };
    let mut c_in = pick(rng, channels);
    let mut c_out = pick(rng, channels);
    let mut side = if exam {
        pick(rng, EXAM_SIDES)
    } else {
        int(rng, 5, 64)
    };
    let mut side_w = side;
    let mut kernel = Pair::Same(pick(rng, &[3, 5]));
    let mut stride = Pair::Same(pick(rng, &[1, 1, 2]));
    let mut padding = Pair::Same(kernel.h() / 2);
    let mut dilation = Pair::Same(1);
    let mut groups = 1;
    let bias = chance(rng, 3, 4);
    if difficulty == Difficulty::Practice {
        padding = Pair::Same(int(rng, 0, kernel.h() / 2));
    }
    if difficulty == Difficulty::Hard {
        side_w = int(rng, 5, 64);
        kernel = Pair::of(pick(rng, &[1, 3, 5]), pick(rng, &[3, 5]));
        padding = Pair::of(int(rng, 0, 2), int(rng, 0, 2));
        dilation = Pair::Same(pick(rng, &[1, 1, 2]));
        groups = pick(rng, &[1, 1, 2, 4]);
    }
    match variant {
        "pointwise" => {
            kernel = Pair::Same(1);
            padding = Pair::Same(0);
            dilation = Pair::Same(1);
            stride = Pair::Same(1);
            c_in = pick(rng, &[64, 128, 256, 512]);
            c_out = pick(rng, &[16, 32, 64]);
            if exam {
                c_in = pick(rng, &[16, 32, 64, 128]);
                c_out = pick(rng, &[4, 8, 16]);
                side = pick(rng, &[4, 7, 8, 14, 16]);
            }
            side_w = side;
        }
        "large-kernel" => {
            let k = pick(rng, &[7, 11]);
            kernel = Pair::Same(k);
            stride = Pair::Same(if k == 11 { 4 } else { 2 });
            padding = Pair::Same(pick(rng, &[0, 2, k / 2]));
            dilation = Pair::Same(1);
            groups = 1;
            c_in = pick(rng, &[1, 3]);
            c_out = pick(rng, &[16, 32, 48, 64, 96]);
            if exam {
                c_out = pick(rng, &[8, 16, 32, 64]);
                side = pick(rng, &[16, 27, 32, 35, 43, 64]);
                n = pick(rng, &[1, 2, 4]);
            } else if chance(rng, 1, 4) {
                side = pick(rng, &[224, 227]);
                c_out = 96;
            } else {
                side = int(rng, 16, 128);
            }
            side_w = side;
        }
        _ => {}
    }
    Params {
        input: vec![Int(n), Int(c_in), Int(side), Int(side_w)],
        out_channels: Int(c_out),
        kernel,
        stride,
        padding,
        dilation,
        groups: Int(groups),
        bias,
    }
}

/// The exam rule of the module docs.
pub fn calculator_free(layer: &Layer) -> bool {
    let square = layer.input[2] == layer.input[3] && layer.k[0] == layer.k[1];
    square
        && layer.output[2] <= 32
        && layer.groups == 1
        && layer.d == [1, 1]
        && layer.linear_macs() < Q::int(1_000_000_000)
}
