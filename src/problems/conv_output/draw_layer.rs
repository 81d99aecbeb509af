//! One random layer per variant and difficulty, drawn from the sizes and layers of real networks.

use rand_chacha::ChaCha8Rng;

use super::{Layer, Op};
use crate::problems::Difficulty;
use crate::problems::params::{Int, Pair};
use crate::problems::sample::{chance, int, pick};

/// Sizes of real networks (the exam rule's input sizes).
pub(super) const EXAM_SIZES: &[i64] = &[
    4, 7, 8, 13, 14, 16, 17, 27, 28, 32, 35, 55, 56, 64, 112, 224, 227,
];
pub(super) const CONV_SIZES: &[i64] = &[28, 32, 56, 64, 112, 224, 227];
const POOL_SIZES: &[i64] = &[13, 14, 27, 28, 32, 55, 56, 64, 112, 224];
const SMALL_SIZES: &[i64] = &[4, 7, 8, 14, 16, 28, 32, 56, 64, 112];
const RECT_SIZES: &[i64] = &[8, 14, 17, 28, 32, 35, 56];
pub(super) const PRACTICE_SIZES: &[i64] = &[
    6, 9, 10, 12, 15, 20, 24, 30, 31, 48, 50, 60, 75, 96, 100, 120, 128, 150, 192, 200, 256, 299,
];
pub(super) const CHANNELS: &[i64] = &[16, 32, 64, 96, 128, 256];
pub(super) const BATCH: &[i64] = &[1, 4, 8, 16, 32];

/// Real layers: (kernel, stride, padding) of ResNet, VGG, AlexNet, LeNet, GoogLeNet.
const EXAM_CONV: &[(i64, i64, i64)] = &[
    (3, 1, 1),
    (3, 2, 1),
    (1, 1, 0),
    (1, 2, 0),
    (7, 2, 3),
    (11, 4, 0),
    (11, 4, 2),
    (5, 1, 2),
    (5, 1, 0),
    (3, 1, 0),
    (3, 2, 0),
    (5, 2, 2),
];
/// (kernel, stride or default, padding).
const EXAM_MAX_POOL: &[(i64, Option<i64>, i64)] = &[
    (2, None, 0),
    (2, Some(2), 0),
    (3, Some(2), 0),
    (3, Some(2), 1),
    (3, Some(1), 1),
];
const EXAM_AVG_POOL: &[(i64, Option<i64>, i64)] = &[
    (2, None, 0),
    (2, Some(2), 0),
    (3, Some(1), 1),
    (3, Some(2), 1),
    (7, None, 0),
];
/// (kernel, stride, padding, output padding): U-Net, DCGAN, and the size-doubling 3x3 and 5x5.
const EXAM_TRANSPOSED: &[(i64, i64, i64, i64)] = &[
    (2, 2, 0, 0),
    (4, 2, 1, 0),
    (3, 2, 1, 1),
    (3, 1, 1, 0),
    (5, 2, 2, 1),
];

pub(super) fn new_layer(op: Op, kernel: Pair) -> Layer {
    Layer {
        op,
        out_channels: None,
        kernel,
        stride: None,
        padding: None,
        dilation: None,
        output_padding: None,
        ceil_mode: None,
    }
}

/// A conv layer; stride 1 and padding 0 are left out half of the time (PyTorch's defaults).
fn conv_layer(rng: &mut ChaCha8Rng, op: Op, kernel: Pair, stride: Pair, padding: Pair) -> Layer {
    let mut layer = new_layer(op, kernel);
    layer.out_channels = Some(Int(pick(rng, CHANNELS)));
    let default_stride = stride == Pair::Same(1);
    layer.stride = (!default_stride || chance(rng, 1, 2)).then_some(stride);
    let no_padding = padding == Pair::Same(0);
    layer.padding = (!no_padding || chance(rng, 1, 2)).then_some(padding);
    layer
}

pub(super) fn pool_layer(
    op: Op,
    kernel: Pair,
    stride: Option<Pair>,
    padding: Pair,
    ceil: bool,
) -> Layer {
    let mut layer = new_layer(op, kernel);
    layer.stride = stride;
    layer.padding = (padding != Pair::Same(0)).then_some(padding);
    layer.ceil_mode = ceil.then_some(true);
    layer
}

fn maybe_pair(rng: &mut ChaCha8Rng, hard: bool, lo: i64, hi: i64) -> Pair {
    let h = int(rng, lo, hi);
    if hard && chance(rng, 1, 3) {
        Pair::of(h, int(rng, lo, hi))
    } else {
        Pair::Same(h)
    }
}

/// One layer for a single-layer variant, with the sizes its input is drawn from at `exam`.
pub(super) fn draw_layer(
    rng: &mut ChaCha8Rng,
    difficulty: Difficulty,
    variant: &str,
) -> (Layer, &'static [i64]) {
    use Difficulty::{Exam, Hard, Practice};
    let sq = Pair::Same;
    match (variant, difficulty) {
        ("conv", Exam) => {
            let (k, s, p) = pick(rng, EXAM_CONV);
            (conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p)), CONV_SIZES)
        }
        ("conv", Practice) => {
            let k = pick(rng, &[1, 2, 3, 4, 5, 7]);
            let (s, p) = (int(rng, 1, 3), int(rng, 0, k / 2 + 1));
            (conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p)), CONV_SIZES)
        }
        ("conv", Hard) => {
            let k = int(rng, 1, 9);
            let (s, p) = (int(rng, 2, 5), int(rng, 0, 4));
            (conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p)), CONV_SIZES)
        }
        ("conv-dilated", _) => {
            let (k, d, s, p) = match difficulty {
                Exam => {
                    let d = pick(rng, &[2, 4]);
                    let s = if d == 2 && chance(rng, 1, 4) { 2 } else { 1 };
                    (3, d, s, pick(rng, &[0, d]))
                }
                Practice => {
                    let (k, d) = (pick(rng, &[2, 3, 5]), pick(rng, &[2, 3]));
                    (
                        k,
                        d,
                        pick(rng, &[1, 1, 2]),
                        int(rng, 0, d * (k - 1) / 2 + 1),
                    )
                }
                Hard => (
                    int(rng, 2, 7),
                    int(rng, 2, 5),
                    int(rng, 2, 4),
                    int(rng, 0, 6),
                ),
            };
            let mut layer = conv_layer(rng, Op::Conv2d, sq(k), sq(s), sq(p));
            layer.dilation = Some(sq(d));
            let sizes: &'static [i64] = &[28, 32, 56, 64, 112];
            (layer, sizes)
        }
        ("conv-rect", _) => {
            let (kernel, stride, padding, dilation) = match difficulty {
                Exam => {
                    let n = pick(rng, &[3, 5, 7]);
                    let same = chance(rng, 2, 3);
                    let p = if same { n / 2 } else { 0 };
                    if chance(rng, 1, 2) {
                        (Pair::Two(1, n), sq(1), Pair::of(0, p), None)
                    } else {
                        (Pair::Two(n, 1), sq(1), Pair::of(p, 0), None)
                    }
                }
                Practice => {
                    let kernel = Pair::of(pick(rng, &[1, 2, 3, 5, 7]), pick(rng, &[1, 2, 3, 5, 7]));
                    let stride = if chance(rng, 1, 3) {
                        Pair::of(pick(rng, &[1, 2]), pick(rng, &[1, 2]))
                    } else {
                        sq(pick(rng, &[1, 2]))
                    };
                    let padding =
                        Pair::of(int(rng, 0, kernel.h() / 2), int(rng, 0, kernel.w() / 2));
                    (kernel, stride, padding, None)
                }
                Hard => {
                    let kernel = Pair::of(int(rng, 1, 7), int(rng, 1, 7));
                    let stride = Pair::of(int(rng, 1, 4), int(rng, 2, 5));
                    let padding = Pair::of(int(rng, 0, 3), int(rng, 0, 3));
                    let dilation =
                        chance(rng, 1, 3).then(|| Pair::of(int(rng, 1, 3), int(rng, 1, 3)));
                    (kernel, stride, padding, dilation)
                }
            };
            let mut layer = conv_layer(rng, Op::Conv2d, kernel, stride, padding);
            layer.dilation = dilation;
            (layer, RECT_SIZES)
        }
        ("max-pool" | "avg-pool", _) => {
            let op = if variant == "max-pool" {
                Op::MaxPool2d
            } else {
                Op::AvgPool2d
            };
            match difficulty {
                Exam => {
                    let presets = if op == Op::MaxPool2d {
                        EXAM_MAX_POOL
                    } else {
                        EXAM_AVG_POOL
                    };
                    let (k, s, p) = pick(rng, presets);
                    let sizes: &'static [i64] = if k == 7 { &[7] } else { POOL_SIZES };
                    (pool_layer(op, sq(k), s.map(sq), sq(p), false), sizes)
                }
                Practice => {
                    let k = pick(rng, &[2, 3, 4, 5]);
                    let s = chance(rng, 2, 3).then(|| sq(int(rng, 1, 3)));
                    let ceil = chance(rng, 1, 3);
                    (
                        pool_layer(op, sq(k), s, sq(int(rng, 0, k / 2)), ceil),
                        POOL_SIZES,
                    )
                }
                Hard => {
                    let k = maybe_pair(rng, true, 1, 6);
                    let s = chance(rng, 3, 4).then(|| maybe_pair(rng, true, 2, 5));
                    let p = Pair::of(int(rng, 0, k.h() / 2), int(rng, 0, k.w() / 2));
                    let mut layer = pool_layer(op, k, s, p, chance(rng, 1, 2));
                    if op == Op::MaxPool2d && chance(rng, 1, 3) {
                        layer.dilation = Some(maybe_pair(rng, true, 1, 3));
                    }
                    (layer, POOL_SIZES)
                }
            }
        }
        ("transposed", _) => {
            let (k, s, p, a, d) = match difficulty {
                Exam => {
                    let (k, s, p, a) = pick(rng, EXAM_TRANSPOSED);
                    (sq(k), sq(s), sq(p), sq(a), None)
                }
                Practice => {
                    let (k, s) = (pick(rng, &[2, 3, 4, 5]), int(rng, 1, 3));
                    (
                        sq(k),
                        sq(s),
                        sq(int(rng, 0, k / 2)),
                        sq(int(rng, 0, s - 1)),
                        None,
                    )
                }
                Hard => {
                    let (k, s) = (maybe_pair(rng, true, 1, 7), maybe_pair(rng, true, 1, 4));
                    let d = maybe_pair(rng, true, 1, 3);
                    let a = Pair::of(
                        int(rng, 0, s.h().max(d.h()) - 1),
                        int(rng, 0, s.w().max(d.w()) - 1),
                    );
                    (k, s, maybe_pair(rng, true, 0, 4), a, Some(d))
                }
            };
            let mut layer = conv_layer(rng, Op::ConvTranspose2d, k, s, p);
            layer.output_padding = (a != sq(0) || chance(rng, 1, 4)).then_some(a);
            layer.dilation = d.filter(|d| *d != sq(1) || chance(rng, 1, 4));
            (layer, SMALL_SIZES)
        }
        ("same-padding", _) => {
            let (kernel, dilation) = match difficulty {
                Exam => (sq(pick(rng, &[3, 5, 7, 11])), None),
                Practice => {
                    let d = pick(rng, &[1, 1, 2, 3]);
                    (sq(pick(rng, &[3, 5, 7])), (d > 1).then_some(sq(d)))
                }
                Hard => {
                    if chance(rng, 1, 3) {
                        // Even kernels with even dilation have an odd effective kernel.
                        (sq(pick(rng, &[2, 4])), Some(sq(pick(rng, &[2, 4]))))
                    } else {
                        let kernel = Pair::of(pick(rng, &[1, 3, 5, 7]), pick(rng, &[1, 3, 5, 7]));
                        (kernel, Some(maybe_pair(rng, true, 1, 4)))
                    }
                }
            };
            let mut layer = conv_layer(rng, Op::Conv2d, kernel, sq(1), sq(0));
            layer.padding = None;
            layer.dilation = dilation;
            (layer, CONV_SIZES)
        }
        _ => {
            let (layer, sizes) = draw_layer(rng, difficulty, "conv");
            (layer, sizes)
        }
    }
}
