//! The sampler (single layers and chains, presets of real networks) and its exam rule.

use rand_chacha::ChaCha8Rng;

use super::draw_layer::{
    BATCH, CHANNELS, CONV_SIZES, EXAM_SIZES, PRACTICE_SIZES, draw_layer, new_layer, pool_layer,
};
use super::formula::DimCalc;
use super::plan::{Plan, plan};
use super::solve::variant_of;
use super::{ConvOutput, Find, Layer, Op, Params};
use crate::num::Q;
use crate::problems::Difficulty;
use crate::problems::Family;
use crate::problems::params::{Int, Pair};
use crate::problems::sample::{chance, int, pick};

/// Draws params of `variant` (any when `None`) until they check, name that variant and keep
/// the rule of their difficulty (module docs).
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(
        || pick(rng, ConvOutput::VARIANTS).to_string(),
        str::to_string,
    );
    loop {
        let p = draw(rng, difficulty, &variant);
        let Ok(plan) = plan(&p) else { continue };
        if variant_of(&plan) != variant {
            continue;
        }
        let ok = sampled_padding_ok(&plan)
            && match difficulty {
                Difficulty::Exam => calculator_free(&plan),
                Difficulty::Practice => practice_ok(&plan),
                Difficulty::Hard => !has_division(&variant) || floor_matters(&plan),
            };
        if ok {
            return p;
        }
    }
}

fn draw_side(rng: &mut ChaCha8Rng, difficulty: Difficulty, sizes: &[i64]) -> [i64; 2] {
    match difficulty {
        Difficulty::Exam => {
            let h = pick(rng, sizes);
            [h, h]
        }
        Difficulty::Practice => {
            let h = pick(rng, PRACTICE_SIZES);
            if chance(rng, 1, 4) {
                [h, pick(rng, PRACTICE_SIZES)]
            } else {
                [h, h]
            }
        }
        Difficulty::Hard => {
            let h = int(rng, 3, 300);
            if chance(rng, 1, 2) {
                [h, int(rng, 3, 300)]
            } else {
                [h, h]
            }
        }
    }
}

pub(super) fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let n = pick(rng, BATCH);
    if variant == "chain" {
        return draw_chain(rng, difficulty, n);
    }
    let (layer, sizes) = draw_layer(rng, difficulty, variant);
    let mut side = draw_side(rng, difficulty, sizes);
    if layer.op == Op::ConvTranspose2d && difficulty != Difficulty::Exam {
        side = side.map(|s| 1 + s / 3);
    }
    let c = if layer.op == Op::Conv2d && chance(rng, 1, 3) {
        3
    } else {
        pick(rng, CHANNELS)
    };
    let find = (variant == "same-padding").then_some(Find::Padding);
    Params::single([n, c, side[0], side[1]], layer, find)
}

fn conv_fixed(c_out: i64, k: i64, s: i64, p: i64) -> Layer {
    let mut layer = new_layer(Op::Conv2d, Pair::Same(k));
    layer.out_channels = Some(Int(c_out));
    layer.stride = (s != 1).then_some(Pair::Same(s));
    layer.padding = (p != 0).then_some(Pair::Same(p));
    layer
}

/// The first layers of real networks: ResNet, AlexNet, VGG, LeNet-5.
fn preset_chain(rng: &mut ChaCha8Rng, n: i64) -> Params {
    let sq = Pair::Same;
    match int(rng, 0, 3) {
        0 => Params::chain(
            [n, 3, 224, 224],
            vec![
                conv_fixed(64, 7, 2, 3),
                pool_layer(Op::MaxPool2d, sq(3), Some(sq(2)), sq(1), false),
            ],
        ),
        1 => Params::chain(
            [n, 3, 227, 227],
            vec![
                conv_fixed(96, 11, 4, 0),
                pool_layer(Op::MaxPool2d, sq(3), Some(sq(2)), sq(0), false),
                conv_fixed(256, 5, 1, 2),
            ],
        ),
        2 => {
            let (side, c_in, c_out) = pick(
                rng,
                &[(224, 3, 64), (112, 64, 128), (56, 128, 256), (28, 256, 512)],
            );
            Params::chain(
                [n, c_in, side, side],
                vec![
                    conv_fixed(c_out, 3, 1, 1),
                    conv_fixed(c_out, 3, 1, 1),
                    pool_layer(Op::MaxPool2d, sq(2), None, sq(0), false),
                ],
            )
        }
        _ => Params::chain(
            [n, 1, 32, 32],
            vec![
                conv_fixed(6, 5, 1, 0),
                pool_layer(Op::AvgPool2d, sq(2), Some(sq(2)), sq(0), false),
                conv_fixed(16, 5, 1, 0),
            ],
        ),
    }
}

fn draw_chain(rng: &mut ChaCha8Rng, difficulty: Difficulty, n: i64) -> Params {
    if difficulty == Difficulty::Exam && chance(rng, 1, 6) {
        return preset_chain(rng, n);
    }
    let (count, kinds): (i64, &[&str]) = match difficulty {
        Difficulty::Exam => (int(rng, 2, 3), &["conv", "conv", "max-pool", "avg-pool"]),
        Difficulty::Practice => (
            3,
            &[
                "conv",
                "conv",
                "conv-dilated",
                "conv-rect",
                "max-pool",
                "avg-pool",
                "transposed",
            ],
        ),
        Difficulty::Hard => (
            int(rng, 3, 4),
            &[
                "conv",
                "conv-dilated",
                "conv-rect",
                "max-pool",
                "avg-pool",
                "transposed",
            ],
        ),
    };
    let mut layers = Vec::new();
    for i in 0..count {
        let kind = if i == 0 { "conv" } else { pick(rng, kinds) };
        // At `hard`, mix in practice layers so that a chain does not shrink to nothing.
        let level = if difficulty == Difficulty::Hard && chance(rng, 1, 2) {
            Difficulty::Practice
        } else {
            difficulty
        };
        layers.push(draw_layer(rng, level, kind).0);
    }
    let side = draw_side(rng, difficulty, CONV_SIZES);
    let c = if chance(rng, 2, 3) { 3 } else { 1 };
    Params::chain([n, c, side[0], side[1]], layers)
}

/// The exam rule of the module docs.
pub(super) fn calculator_free(plan: &Plan) -> bool {
    let small = |v: &Q, set: &[i64]| v.to_i64().is_some_and(|v| set.contains(&v));
    let sizes_ok = |dims: &[Q; 4]| {
        dims[2..]
            .iter()
            .all(|v| *v >= Q::one() && *v <= Q::int(256))
    };
    if !plan.input[2..].iter().all(|v| small(v, EXAM_SIZES)) || plan.applied.len() > 3 {
        return false;
    }
    plan.applied.iter().all(|step| {
        let spec = &step.spec;
        let kernels: &[i64] = if spec.op == Op::ConvTranspose2d {
            &[1, 2, 3, 4, 5, 7, 11]
        } else {
            &[1, 2, 3, 5, 7, 11]
        };
        (0..2).all(|i| {
            let global = matches!(&step.dims[i], DimCalc::Window { numer, .. } if numer.is_zero());
            small(&spec.k[i], kernels)
                && (small(&spec.s[i], &[1, 2, 4]) || global)
                && small(&spec.d[i], &[1, 2, 4])
                && spec.p[i] <= Q::int(5)
                && spec.a[i] <= Q::one()
        }) && !spec.ceil
            && sizes_ok(&step.input)
            && sizes_ok(&step.output)
    })
}

/// Sampled transposed convs crop at most what the kernel adds (`p <= d(k-1)`): PyTorch's formula
/// holds beyond that too (and `solve` accepts it), but such layers are not seen in practice.
/// Sampled pools keep `p <= k/2`, as PyTorch requires.
pub(super) fn sampled_padding_ok(plan: &Plan) -> bool {
    plan.applied.iter().all(|step| {
        let spec = &step.spec;
        (0..2).all(|i| match spec.op {
            Op::ConvTranspose2d => spec.p[i] < spec.effective(i),
            Op::MaxPool2d | Op::AvgPool2d => spec.p[i] <= (&spec.k[i] / &Q::int(2)).floor(),
            Op::Conv2d => true,
        })
    })
}

/// `practice`: sizes stay below 1000 so the numbers remain readable.
pub(super) fn practice_ok(plan: &Plan) -> bool {
    plan.applied
        .iter()
        .all(|s| s.output[2..].iter().all(|v| *v <= Q::int(1000)))
}

pub(super) fn has_division(variant: &str) -> bool {
    !matches!(variant, "transposed" | "same-padding")
}

/// Whether some division of the problem is not exact (the floor or ceil changes the value).
pub(super) fn floor_matters(plan: &Plan) -> bool {
    plan.applied.iter().any(|step| {
        step.dims
            .iter()
            .any(|d| matches!(d, DimCalc::Window { quotient, .. } if !quotient.is_integer()))
    })
}
