//! Sampling `receptive-field` stacks and match questions, redrawn until they check, name the
//! requested variant and (at `exam`) keep the calculator-free rule of the module docs.

use rand_chacha::ChaCha8Rng;

use super::ReceptiveField;
use super::params::{Checked, LayerParams, Match, Op, Params, check, variant_of};
use super::solve::recurrence;
use crate::problems::params::{Int, Pair};
use crate::problems::sample::{chance, int, pick};
use crate::problems::{Difficulty, Family};

/// The most layers of an `exam` stack.
pub const EXAM_MAX_LAYERS: usize = 4;
/// The largest receptive field of an `exam` stack.
pub const EXAM_MAX_FIELD: i64 = 100;

/// Draws params of `variant` (any when `None`) until they check, name that variant and, at
/// `exam`, keep the calculator-free rule.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(
        || pick(rng, ReceptiveField::VARIANTS).to_string(),
        str::to_string,
    );
    loop {
        let p = if variant == "match" {
            draw_match(rng, difficulty)
        } else {
            draw_stack(rng, difficulty, &variant)
        };
        let Ok(checked) = check(&p) else {
            continue;
        };
        if variant_of(&checked) != variant {
            continue;
        }
        if difficulty == Difficulty::Exam && !calculator_free(&checked) {
            continue;
        }
        return p;
    }
}

fn draw_match(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Params {
    let exam = difficulty == Difficulty::Exam;
    let small = if exam {
        pick(rng, &[3, 3, 3, 5])
    } else {
        pick(rng, &[3, 3, 5, 7])
    };
    let steps = if exam { int(rng, 2, 7) } else { int(rng, 2, 8) };
    let big = 1 + steps * (small - 1);
    let (c_in, c_out) = if exam {
        (
            pick(rng, &[1, 3, 4, 8, 16, 32, 64]),
            pick(rng, &[8, 16, 24, 32, 48, 64, 96, 128]),
        )
    } else {
        let c = &[3, 16, 24, 32, 48, 64, 96, 128, 192, 256];
        (pick(rng, c), pick(rng, c))
    };
    Params {
        layers: None,
        r#match: Some(Match {
            kernel: Int(big),
            small_kernel: Int(small),
            in_channels: Int(c_in),
            out_channels: Int(c_out),
        }),
    }
}

fn draw_stack(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let (lo, hi) = match difficulty {
        Difficulty::Exam => (2, EXAM_MAX_LAYERS),
        Difficulty::Practice => (3, 6),
        Difficulty::Hard => (3, 7),
    };
    let count = int(rng, lo as i64, hi as i64) as usize;
    let hard = difficulty == Difficulty::Hard;
    let mut layers = Vec::with_capacity(count);
    for i in 0..count {
        let pool = variant == "pooling" && i > 0 && chance(rng, 1, 2);
        let layer = if pool {
            let op = if chance(rng, 2, 3) {
                Op::MaxPool2d
            } else {
                Op::AvgPool2d
            };
            let k = pick(rng, &[2, 2, 3]);
            let stride = (k == 3 || chance(rng, 1, 4)).then(|| Pair::Same(pick(rng, &[1, 2])));
            LayerParams {
                op,
                kernel: Pair::Same(k),
                stride,
                dilation: None,
                padding: (k == 3 && chance(rng, 1, 2)).then_some(Pair::Same(1)),
            }
        } else {
            let kernels: &[i64] = if difficulty == Difficulty::Exam {
                &[1, 3, 3, 3, 5, 7]
            } else {
                &[1, 2, 3, 3, 4, 5, 7]
            };
            let mut kernel = Pair::Same(pick(rng, kernels));
            let max_stride = if difficulty == Difficulty::Exam { 2 } else { 3 };
            let mut stride = Pair::Same(pick(rng, &[1, 1, 2, max_stride]));
            if hard && chance(rng, 1, 2) {
                kernel = Pair::of(pick(rng, kernels), pick(rng, kernels));
                stride = Pair::of(int(rng, 1, 2), int(rng, 1, 3));
            }
            let dilation = (variant == "dilation" && chance(rng, 1, 2))
                .then(|| Pair::Same(pick(rng, &[2, 2, 3])));
            let d = dilation.map_or(1, Pair::h);
            LayerParams {
                op: Op::Conv2d,
                kernel,
                stride: (stride != Pair::Same(1)).then_some(stride),
                dilation,
                padding: Some(Pair::Same(d * (kernel.h() - 1) / 2)).filter(|p| p.h() > 0),
            }
        };
        layers.push(layer);
    }
    Params {
        layers: Some(layers),
        r#match: None,
    }
}

/// The exam rule of the module docs.
pub fn calculator_free(c: &Checked) -> bool {
    match c {
        Checked::Match(big, ..) => *big <= 17,
        Checked::Stack(layers) => {
            layers.len() <= EXAM_MAX_LAYERS
                && layers.iter().all(|l| {
                    l.k[0] <= 7
                        && l.s[0] <= 2
                        && l.d[0] <= 3
                        && l.k[0] == l.k[1]
                        && l.s[0] == l.s[1]
                })
                && recurrence(layers, 0)
                    .last()
                    .is_some_and(|(r, _)| *r <= crate::num::Q::int(EXAM_MAX_FIELD))
        }
    }
}
