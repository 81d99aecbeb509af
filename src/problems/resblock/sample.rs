//! Sampling `resblock` variants by the rules of the module docs (redraw until they hold).

use rand_chacha::ChaCha8Rng;

use super::solve::build;
use super::text::shapes_decide;
use super::{Checked, ConvParams, DEFAULT_ORDER, OpName, Params, Resblock};
use crate::num::{Q, Real};
use crate::problems::nested::Nested;
use crate::problems::params::Int;
use crate::problems::sample::{chance, int, pick};
use crate::problems::{Difficulty, Family};
use crate::tensor::Tensor;

struct Shape {
    batch: usize,
    channels: usize,
    mid: usize,
    side: usize,
    k: usize,
    dilation: usize,
    order: [OpName; 3],
}

fn shape(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Shape {
    let exam = difficulty == Difficulty::Exam;
    let side = if exam { 2 } else { pick(rng, &[2, 3]) };
    let mut s = Shape {
        batch: 1,
        channels: 1,
        mid: 1,
        side,
        k: 3,
        dilation: 1,
        order: DEFAULT_ORDER,
    };
    let few = |rng: &mut ChaCha8Rng| if exam { 1 } else { pick(rng, &[1, 1, 2]) };
    match variant {
        "channels" => {
            s.channels = pick(rng, &[1, 2]);
            s.mid = pick(rng, &[1, 2]);
            if s.channels == 1 && s.mid == 1 {
                s.mid = 2;
            }
            if difficulty == Difficulty::Hard && chance(rng, 1, 3) {
                s.batch = 2;
            }
        }
        "large-kernel" => {
            s.k = if difficulty == Difficulty::Hard {
                pick(rng, &[5, 7])
            } else {
                5
            };
            // Every weight of the k x k kernel meets the input: a side of at least (k + 1) / 2.
            s.side = s.k.div_ceil(2);
        }
        "dilated" => {
            s.dilation = 2;
            s.side = 3;
        }
        "pre-activation" => {
            s.order = if difficulty == Difficulty::Hard && chance(rng, 1, 2) {
                [OpName::Relu, OpName::Conv2, OpName::Conv1]
            } else {
                [OpName::Relu, OpName::Conv1, OpName::Conv2]
            };
            s.channels = few(rng);
            s.mid = few(rng);
        }
        "reordered" => {
            s.order = pick(
                rng,
                &[
                    [OpName::Conv1, OpName::Conv2, OpName::Relu],
                    [OpName::Conv2, OpName::Relu, OpName::Conv1],
                    [OpName::Conv2, OpName::Conv1, OpName::Relu],
                ],
            );
            s.channels = few(rng);
            s.mid = few(rng);
        }
        _ => {}
    }
    // The statement never says the order of the body's ops: the channel counts tell it, so the
    // middle of the block has other channels than its ends (but in `standard`, ResNet's own
    // block with one channel, which students know by its layout).
    if s.mid == s.channels && variant != "standard" {
        s.mid = if s.channels == 1 { 2 } else { 1 };
    }
    s
}

fn values(
    rng: &mut ChaCha8Rng,
    count: usize,
    lo: i64,
    hi: i64,
    halves: bool,
    nonzero: bool,
) -> Vec<Q> {
    (0..count)
        .map(|_| {
            loop {
                let v = if halves && chance(rng, 1, 4) {
                    Q::frac(int(rng, 2 * lo, 2 * hi), 2)
                } else {
                    Q::int(int(rng, lo, hi))
                };
                if !(nonzero && v.is_zero()) {
                    break v;
                }
            }
        })
        .collect()
}

fn conv(
    rng: &mut ChaCha8Rng,
    out: usize,
    input: usize,
    k: usize,
    dilation: usize,
    halves: bool,
) -> ConvParams {
    let weight = values(rng, out * input * k * k, -2, 2, halves, k == 1);
    let bias = values(rng, out, -1, 1, false, false);
    ConvParams {
        weight: Nested::new(vec![out, input, k, k], weight),
        bias: Some(Nested::vector(bias)),
        dilation: (dilation > 1).then_some(Int(dilation as i64)),
    }
}

/// Draws params of the requested (or a random) variant.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    // Dilation is for the harder levels: an exam sheet gets it only when asked for by name.
    let any: Vec<&str> = Resblock::VARIANTS
        .iter()
        .copied()
        .filter(|v| difficulty != Difficulty::Exam || *v != "dilated")
        .collect();
    let variant = variant.map_or_else(|| pick(rng, &any).to_string(), str::to_string);
    let halves = difficulty == Difficulty::Hard;
    loop {
        let s = shape(rng, difficulty, &variant);
        let size = s.batch * s.channels * s.side * s.side;
        let input = values(rng, size, -3, 3, halves, false);
        let conv1_first = s.order.iter().find(|o| **o != OpName::Relu) == Some(&OpName::Conv1);
        let (c1_in, c1_out) = if conv1_first {
            (s.channels, s.mid)
        } else {
            (s.mid, s.channels)
        };
        let p = Params {
            input: Nested::new(vec![s.batch, s.channels, s.side, s.side], input),
            conv1: conv(rng, c1_out, c1_in, 1, 1, halves),
            conv2: conv(rng, c1_in, c1_out, s.k, s.dilation, halves),
            upstream: if difficulty == Difficulty::Exam && chance(rng, 1, 2) {
                None
            } else {
                Some(Nested::new(
                    vec![s.batch, s.channels, s.side, s.side],
                    values(rng, size, -1, 2, false, false),
                ))
            },
            order: (s.order != DEFAULT_ORDER).then(|| s.order.to_vec()),
        };
        let Ok(c) = Checked::new(&p) else { continue };
        let inferable = shapes_decide(&c) || c.order == DEFAULT_ORDER;
        if c.variant() == variant && inferable && interesting(&c, difficulty) {
            return p;
        }
    }
}

/// The ReLU blocks and passes at least one entry, and every value stays small (the exam rule).
fn interesting(c: &Checked, difficulty: Difficulty) -> bool {
    let (g, ids) = build::<Real>(c);
    let relu_at = c.order.iter().position(|o| *o == OpName::Relu).unwrap_or(0);
    let relu_input = [ids.f2, ids.g1, ids.g2][relu_at];
    let signs: Vec<bool> = g
        .value(relu_input)
        .data()
        .iter()
        .map(|v| v.value().is_positive())
        .collect();
    if !signs.iter().any(|p| *p) || signs.iter().all(|p| *p) {
        return false;
    }
    let upstream = Tensor::new(
        c.shape.to_vec(),
        c.upstream.iter().cloned().map(Real::Exact).collect(),
    );
    let grads = g.backward(ids.f3, upstream);
    let limit = Q::int(if difficulty == Difficulty::Exam {
        30
    } else {
        100
    });
    let small = |t: &Tensor<Real>| t.data().iter().all(|v| v.value().abs() <= limit);
    [ids.g1, ids.g2, ids.c, ids.f3]
        .iter()
        .all(|id| small(g.value(*id)))
        && [ids.g1, ids.g2, ids.f2]
            .iter()
            .all(|id| grads.get(*id).is_none_or(small))
}
