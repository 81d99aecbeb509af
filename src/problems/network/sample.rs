//! Sampling networks, redrawn until the network checks, is the requested variant and (at
//! `exam`) keeps the calculator-free rule of the module docs.

use rand_chacha::ChaCha8Rng;

use super::Network;
use super::net::{Net, variant_of};
use super::params::{Architecture, Conv, Layer, Norm, Params, Pool};
use super::walk::{Kind, Node};
use crate::num::Q;
use crate::problems::params::{Int, Num, Pair};
use crate::problems::sample::{chance, int, pick};
use crate::problems::{Difficulty, Family, offered};

/// Feature counts of `mlp` at `exam`.
pub const EXAM_FEATURES: &[i64] = &[8, 10, 16, 20, 32, 50, 64, 100, 128, 200, 256, 400, 500, 784];
/// Batch sizes of `mlp` at `exam`.
pub const EXAM_MLP_BATCH: &[i64] = &[1, 2, 4, 8, 10, 16, 32, 64, 100];
/// Channel counts of convolutions at `exam`.
pub const EXAM_CHANNELS: &[i64] = &[4, 8, 16, 32];
/// Every count at `exam` is below this.
pub const EXAM_MAX_COUNT: i64 = 100_000_000;

/// Draws params of `variant` (any offered at `difficulty` when `None`) with their checked
/// network.
pub fn sample_net(
    rng: &mut ChaCha8Rng,
    difficulty: Difficulty,
    variant: Option<&str>,
) -> (Params, Net) {
    let variant = variant.map_or_else(
        || {
            pick(
                rng,
                &offered(Network::VARIANTS, Network::PRACTICE_ONLY, difficulty),
            )
            .to_string()
        },
        str::to_string,
    );
    loop {
        let p = match variant.as_str() {
            "mlp" => mlp(rng, difficulty),
            "cnn" => cnn(rng, difficulty),
            "residual" => residual(rng, difficulty),
            _ => architecture(rng, difficulty),
        };
        let Ok(net) = Net::from_params(&p) else {
            continue;
        };
        if variant_of(&net) != variant {
            continue;
        }
        if difficulty == Difficulty::Exam && !calculator_free(&net) {
            continue;
        }
        return (p, net);
    }
}

fn act(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Layer {
    if difficulty == Difficulty::Exam || chance(rng, 1, 2) {
        Layer::Relu {}
    } else if chance(rng, 1, 2) {
        Layer::Sigmoid {}
    } else {
        Layer::Tanh {}
    }
}

fn dropout(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Layer {
    let p = if difficulty == Difficulty::Exam || chance(rng, 1, 2) {
        None
    } else {
        Some(Num(Q::frac(pick(rng, &[1, 2, 3, 4]), 10)))
    };
    Layer::Dropout { p }
}

fn bn(two_d: bool) -> Layer {
    let n = Norm {
        affine: true,
        track_running_stats: true,
    };
    if two_d {
        Layer::BatchNorm2d(n)
    } else {
        Layer::BatchNorm1d(n)
    }
}

fn ints(v: &[i64]) -> Option<Vec<Int>> {
    Some(v.iter().copied().map(Int).collect())
}

fn mlp(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Params {
    let exam = difficulty == Difficulty::Exam;
    let (n, f) = if exam {
        (pick(rng, EXAM_MLP_BATCH), pick(rng, EXAM_FEATURES))
    } else {
        (
            int(rng, 1, 128),
            pick(rng, &[20, 50, 64, 100, 128, 256, 300, 512, 784, 1024]),
        )
    };
    let hidden = int(rng, 1, 3);
    let mut layers = Vec::new();
    for _ in 0..hidden {
        let width = if exam {
            pick(rng, EXAM_FEATURES)
        } else {
            pick(
                rng,
                &[16, 32, 50, 64, 100, 120, 128, 200, 256, 400, 500, 512],
            )
        };
        layers.push(Layer::linear(width));
        if difficulty != Difficulty::Exam && chance(rng, 1, 3) {
            layers.push(bn(false));
        }
        layers.push(act(rng, difficulty));
        if chance(rng, 1, 3) {
            layers.push(dropout(rng, difficulty));
        }
    }
    let classes = pick(rng, &[2, 4, 5, 10, 10, 100]);
    layers.push(Layer::Linear {
        out_features: Int(classes),
        bias: exam || chance(rng, 7, 8),
    });
    if difficulty == Difficulty::Hard && chance(rng, 1, 3) {
        layers.push(Layer::Sigmoid {});
    }
    Params {
        architecture: None,
        input: ints(&[n, f]),
        layers: Some(layers),
    }
}

fn conv(rng: &mut ChaCha8Rng, difficulty: Difficulty, out: i64) -> Conv {
    let k = pick(rng, &[1, 3, 3, 5]);
    let mut c = Conv::new(
        out,
        k,
        pick(rng, &[1, 1, 1, 2]),
        pick(rng, &[k / 2, k / 2, 0]),
    );
    match difficulty {
        Difficulty::Exam => {}
        Difficulty::Practice => c.bias = chance(rng, 3, 4),
        Difficulty::Hard => {
            c.bias = chance(rng, 1, 2);
            if chance(rng, 1, 4) {
                c.kernel = Pair::of(k, pick(rng, &[1, 3, 5]));
                c.padding = Some(Pair::of(k / 2, int(rng, 0, 2)));
            }
            if chance(rng, 1, 4) {
                c.dilation = Some(Pair::Same(2));
            }
            if chance(rng, 1, 4) {
                c.groups = Some(Int(pick(rng, &[2, 4])));
            }
        }
    }
    c
}

fn pool(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Layer {
    let mut p = Pool::new(2, None, 0);
    if difficulty != Difficulty::Exam && chance(rng, 1, 3) {
        p = Pool::new(3, Some(2), pick(rng, &[0, 1]));
    }
    if difficulty == Difficulty::Hard && chance(rng, 1, 3) {
        p.ceil_mode = Some(true);
    }
    if chance(rng, 3, 4) {
        Layer::MaxPool2d(p)
    } else {
        Layer::AvgPool2d(p)
    }
}

fn channels(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> i64 {
    if difficulty == Difficulty::Exam {
        pick(rng, EXAM_CHANNELS)
    } else {
        pick(rng, &[6, 8, 12, 16, 24, 32, 48, 64, 96, 128])
    }
}

fn image(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Vec<i64> {
    if difficulty == Difficulty::Exam {
        vec![
            pick(rng, &[1, 2, 4, 8]),
            pick(rng, &[1, 3]),
            pick(rng, &[8, 16, 28, 32]),
            0,
        ]
    } else {
        vec![int(rng, 1, 32), pick(rng, &[1, 3]), int(rng, 12, 64), 0]
    }
}

/// The classifier head: flatten (or global average pooling first) and one or two Linears.
fn head(rng: &mut ChaCha8Rng, difficulty: Difficulty, layers: &mut Vec<Layer>) {
    let global = chance(rng, 1, 2);
    if global {
        layers.push(Layer::AdaptiveAvgPool2d {
            output_size: Pair::Same(pick(rng, &[1, 1, 2])),
        });
    }
    if difficulty == Difficulty::Hard && chance(rng, 1, 4) {
        // A Linear on the 4-D tensor: it acts on the last dimension (the width).
        layers.push(Layer::linear(pick(rng, &[4, 8, 10])));
        return;
    }
    layers.push(Layer::Flatten {});
    if chance(rng, 1, 3) {
        layers.push(Layer::linear(pick(rng, &[32, 64, 100, 128])));
        layers.push(Layer::Relu {});
        if difficulty != Difficulty::Exam && chance(rng, 1, 2) {
            layers.push(dropout(rng, difficulty));
        }
    }
    layers.push(Layer::linear(pick(rng, &[2, 5, 10, 10, 100])));
}

fn cnn(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Params {
    let mut x = image(rng, difficulty);
    x[3] = if difficulty == Difficulty::Hard && chance(rng, 1, 4) {
        int(rng, 12, 64)
    } else {
        x[2]
    };
    let mut layers = Vec::new();
    for _ in 0..int(rng, 1, if difficulty == Difficulty::Exam { 2 } else { 3 }) {
        let out = channels(rng, difficulty);
        if difficulty == Difficulty::Hard && chance(rng, 1, 6) {
            let mut t = Conv::new(out, pick(rng, &[2, 3, 4]), 2, pick(rng, &[0, 1]));
            t.output_padding = chance(rng, 1, 3).then_some(Pair::Same(1));
            layers.push(Layer::ConvTranspose2d(t));
        } else {
            layers.push(Layer::Conv2d(conv(rng, difficulty, out)));
        }
        if chance(rng, 1, 3) {
            layers.push(bn(true));
        }
        layers.push(act(rng, difficulty));
        if chance(rng, 2, 3) {
            layers.push(pool(rng, difficulty));
        }
    }
    head(rng, difficulty, &mut layers);
    Params {
        architecture: None,
        input: ints(&x),
        layers: Some(layers),
    }
}

/// A ResNet block: two 3x3 convs (or a 1x1-3x3-1x1 bottleneck) with batch norm, and the
/// identity or a strided 1x1 conv with batch norm as the shortcut.
fn block(rng: &mut ChaCha8Rng, difficulty: Difficulty, c_in: i64) -> (Layer, i64) {
    let stride = pick(rng, &[1, 1, 2]);
    let bottleneck = chance(rng, 1, 3);
    let width = if chance(rng, 1, 2) { c_in } else { 2 * c_in };
    let bias = difficulty != Difficulty::Exam && chance(rng, 1, 4);
    let c = |out, k, s| {
        let mut c = Conv::new(out, k, s, k / 2);
        c.bias = bias;
        Layer::Conv2d(c)
    };
    // `hard`: grouped 3x3 convs (ResNeXt's blocks).
    let groups = if difficulty == Difficulty::Hard && chance(rng, 1, 3) {
        pick(rng, &[2, 4])
    } else {
        1
    };
    let grouped = |mut l: Layer| {
        if let Layer::Conv2d(conv) = &mut l {
            conv.groups = (groups > 1).then_some(Int(groups));
        }
        l
    };
    let body = if bottleneck {
        let mid = (width / 4).max(1);
        vec![
            c(mid, 1, 1),
            bn(true),
            Layer::Relu {},
            grouped(c(mid, 3, stride)),
            bn(true),
            Layer::Relu {},
            c(width, 1, 1),
            bn(true),
        ]
    } else {
        vec![
            c(width, 3, stride),
            bn(true),
            Layer::Relu {},
            grouped(c(width, 3, 1)),
            bn(true),
        ]
    };
    let shortcut = if stride == 1 && width == c_in {
        Vec::new()
    } else {
        vec![c(width, 1, stride), bn(true)]
    };
    (Layer::Residual { body, shortcut }, width)
}

fn residual(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Params {
    let mut x = image(rng, difficulty);
    x[3] = if difficulty == Difficulty::Hard && chance(rng, 1, 2) {
        int(rng, 12, 64)
    } else {
        x[2]
    };
    let width = channels(rng, difficulty);
    let mut layers = vec![
        Layer::Conv2d(Conv::new(width, 3, 1, 1).no_bias()),
        bn(true),
        Layer::Relu {},
    ];
    let mut c = width;
    for _ in 0..int(rng, 1, if difficulty == Difficulty::Exam { 1 } else { 2 }) {
        let (b, out) = block(rng, difficulty, c);
        layers.push(b);
        layers.push(Layer::Relu {});
        c = out;
    }
    layers.push(Layer::AdaptiveAvgPool2d {
        output_size: Pair::Same(1),
    });
    layers.push(Layer::Flatten {});
    layers.push(Layer::linear(pick(rng, &[2, 5, 10, 10, 100])));
    Params {
        architecture: None,
        input: ints(&x),
        layers: Some(layers),
    }
}

fn architecture(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> Params {
    let arch = pick(rng, &Architecture::ALL);
    let mut input = arch.default_input();
    input[0] = int(rng, 1, 256);
    if difficulty == Difficulty::Hard && arch != Architecture::Lenet5 {
        input[2] = 32 * int(rng, 3, 12);
        input[3] = if chance(rng, 1, 2) {
            input[2]
        } else {
            32 * int(rng, 3, 12)
        };
    }
    let given = input != arch.default_input() || chance(rng, 1, 2);
    Params {
        architecture: Some(arch),
        input: if given { ints(&input) } else { None },
        layers: None,
    }
}

fn all_nodes(nodes: &[Node]) -> Vec<&Node> {
    let mut out = Vec::new();
    for n in nodes {
        out.push(n);
        if let Kind::Residual { body, shortcut } = &n.kind {
            out.extend(all_nodes(body));
            out.extend(all_nodes(shortcut));
        }
    }
    out
}

fn round(v: i64) -> bool {
    v % 10 == 0 || (v <= 64 && v.count_ones() == 1)
}

/// The exam rule of the module docs.
pub fn calculator_free(net: &Net) -> bool {
    let limit = Q::int(EXAM_MAX_COUNT);
    let small = |q: &Q| *q < limit;
    if !small(&net.params()) || !small(&net.macs()) {
        return false;
    }
    all_nodes(&net.layers).iter().all(|n| match &n.kind {
        Kind::Linear { in_f, out_f, .. } => {
            (round(*in_f) || round(*out_f))
                && in_f.checked_mul(*out_f).is_some_and(|w| w <= 400_000)
        }
        Kind::Conv(c) => {
            let exact = (0..2)
                .all(|i| (n.input[2 + i] + 2 * c.p[i] - c.d[i] * (c.k[i] - 1) - 1) % c.s[i] == 0);
            exact && c.c_in <= 32 && c.c_out <= 32
        }
        Kind::Pool(p) => (0..2).all(|i| (n.input[2 + i] + 2 * p.p[i] - p.k[i]) % p.s[i] == 0),
        _ => true,
    })
}
