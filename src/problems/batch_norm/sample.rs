//! Sampling `batch-norm` problems, one channel at a time: each channel is redrawn until it is
//! lively and, at `exam`, calculator-free (the rules of the module docs); the whole problem is
//! then checked once more.

use rand_chacha::ChaCha8Rng;

use super::BatchNorm;
use super::compute::{Pass, run};
use super::params::{Layer, Mode, Params, variant_of};
use crate::num::{Q, Real};
use crate::problems::nested::Nested;
use crate::problems::params::Num;
use crate::problems::sample::{chance, int, pick};
use crate::problems::{Difficulty, Family};

/// Running variances at `exam` in evaluation mode: squares, so the roots are exact.
pub const EXAM_RUNNING_VAR: &[(i64, i64)] = &[(1, 4), (1, 1), (9, 4), (4, 1), (9, 1), (16, 1)];
/// Momenta at `exam`.
pub const EXAM_MOMENTUM: &[(i64, i64)] = &[(1, 10), (1, 5), (1, 2)];
/// Largest denominator of an exact answer entry at `exam`.
pub const EXAM_DENOMINATOR: i64 = 100;
/// Largest size of an exact answer entry at `exam`.
pub const EXAM_SIZE: i64 = 1000;

/// Draws of one channel before the sizes of the problem are drawn again.
const MAX_CHANNEL_DRAWS: usize = 2000;

/// Sizes shared by every channel of one problem.
struct Frame {
    difficulty: Difficulty,
    /// [N, C] or [N, C, H, W].
    shape: Vec<usize>,
    eps: Q,
    momentum: Q,
    train: bool,
    backward: bool,
}

/// One channel's numbers.
struct Channel {
    gamma: Q,
    beta: Q,
    running_mean: Q,
    running_var: Q,
    /// The m values in the order (n, h, w).
    x: Vec<Q>,
    upstream: Option<Vec<Q>>,
}

/// Draws params of `variant` (any when `None`) with their solution.
pub fn sample(
    rng: &mut ChaCha8Rng,
    difficulty: Difficulty,
    variant: Option<&str>,
) -> (Params, Layer, Pass) {
    let variant = variant.map_or_else(
        || pick(rng, BatchNorm::VARIANTS).to_string(),
        str::to_string,
    );
    loop {
        let frame = frame(rng, difficulty, &variant);
        // A frame whose channels keep failing is given up (a redraw of the sizes follows).
        let channels: Option<Vec<Channel>> = (0..frame.shape[1])
            .map(|_| {
                (0..MAX_CHANNEL_DRAWS)
                    .map(|_| draw_channel(rng, &frame))
                    .find(|ch| channel_ok(&frame, ch))
            })
            .collect();
        let Some(channels) = channels else {
            continue;
        };
        let params = assemble(&frame, &channels);
        let Ok(layer) = Layer::from_params(&params) else {
            continue;
        };
        if variant_of(&layer) != variant {
            continue;
        }
        let pass = run(&layer);
        if lively(&layer, &pass) && (difficulty != Difficulty::Exam || calculator_free(&pass)) {
            return (params, layer, pass);
        }
    }
}

fn frac(rng: &mut ChaCha8Rng, pairs: &[(i64, i64)]) -> Q {
    let (n, d) = pick(rng, pairs);
    Q::frac(n, d)
}

/// A value on a grid: an integer in `lo..=hi` divided by `den`.
fn grid(rng: &mut ChaCha8Rng, lo: i64, hi: i64, den: i64) -> Q {
    Q::frac(int(rng, lo, hi), den)
}

fn frame(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Frame {
    let exam = difficulty == Difficulty::Exam;
    let hard = difficulty == Difficulty::Hard;
    let rank4 = match variant {
        "train-2d" => true,
        "train-1d" => false,
        _ if exam => variant == "eval" && chance(rng, 1, 4),
        _ => chance(rng, 1, 3),
    };
    let c = if exam {
        int(rng, 1, if rank4 { 2 } else { 3 })
    } else {
        int(rng, 1, 3)
    } as usize;
    let shape = if rank4 {
        // N H W <= 8 values per channel and at most 4 slices, so a line of them fits a page.
        let (n, h, w) = pick(
            rng,
            if exam {
                &[(1, 2, 2), (2, 1, 2), (2, 2, 2), (1, 2, 4)][..]
            } else {
                &[
                    (1, 2, 2),
                    (2, 1, 2),
                    (2, 2, 2),
                    (1, 2, 3),
                    (2, 1, 3),
                    (1, 3, 2),
                ][..]
            },
        );
        // Three channels: one example of 2 x 2 positions.
        let (n, h, w) = if c == 3 { (1, 2, 2) } else { (n, h, w) };
        vec![n, c, h, w]
    } else {
        let n = match (variant, difficulty) {
            ("backward", Difficulty::Exam) => 4,
            ("eval", Difficulty::Exam) => int(rng, 1, 4),
            (_, Difficulty::Exam) => pick(rng, &[2, 4, 4]),
            ("backward", _) => int(rng, 3, 6),
            ("eval", _) => int(rng, 1, 6),
            _ => int(rng, 2, if hard { 8 } else { 6 }),
        } as usize;
        vec![n, c]
    };
    let eps = match difficulty {
        Difficulty::Exam => Q::zero(),
        Difficulty::Practice => pick(rng, &[Q::zero(), Q::frac(1, 100_000)]),
        Difficulty::Hard => pick(
            rng,
            &[Q::frac(1, 100_000), Q::frac(1, 1000), Q::frac(1, 10)],
        ),
    };
    let momentum = match difficulty {
        Difficulty::Exam => frac(rng, EXAM_MOMENTUM),
        Difficulty::Practice => Q::frac(1, 10),
        Difficulty::Hard => frac(rng, &[(1, 10), (1, 100), (3, 10), (1, 1)]),
    };
    Frame {
        difficulty,
        shape,
        eps,
        momentum,
        train: variant != "eval",
        backward: variant == "backward",
    }
}

fn draw_channel(rng: &mut ChaCha8Rng, f: &Frame) -> Channel {
    let m: usize = f.shape.iter().product::<usize>() / f.shape[1];
    let (gamma, beta, running_mean, running_var, x, upstream);
    match f.difficulty {
        Difficulty::Exam => {
            gamma = frac(rng, &[(1, 2), (1, 1), (2, 1), (3, 1)]);
            beta = grid(rng, -2, 2, 1);
            running_mean = grid(rng, -4, 4, 2);
            running_var = if f.train {
                frac(rng, &[(1, 2), (1, 1), (3, 2), (2, 1), (4, 1)])
            } else {
                frac(rng, EXAM_RUNNING_VAR)
            };
            let centre = int(rng, -3, 3);
            x = (0..m)
                .map(|_| grid(rng, centre - 4, centre + 4, 1))
                .collect();
            upstream = f
                .backward
                .then(|| (0..m).map(|_| grid(rng, -3, 3, 1)).collect());
        }
        Difficulty::Practice => {
            gamma = grid(rng, 5, 20, 10);
            beta = grid(rng, -10, 10, 10);
            running_mean = grid(rng, -10, 10, 10);
            running_var = grid(rng, 1, 40, 10);
            x = (0..m).map(|_| grid(rng, -30, 30, 10)).collect();
            upstream = f
                .backward
                .then(|| (0..m).map(|_| grid(rng, -10, 10, 10)).collect());
        }
        Difficulty::Hard => {
            gamma = grid(rng, -200, 200, 100);
            beta = grid(rng, -200, 200, 100);
            running_mean = grid(rng, -200, 200, 100);
            running_var = grid(rng, 1, 500, 100);
            // Now and then a channel whose spread is of the order of eps (eps matters there).
            let spread = if chance(rng, 1, 5) { 3 } else { 400 };
            let centre = int(rng, -300, 300);
            x = (0..m)
                .map(|_| grid(rng, centre - spread, centre + spread, 100))
                .collect();
            upstream = f
                .backward
                .then(|| (0..m).map(|_| grid(rng, -150, 150, 100)).collect());
        }
    }
    Channel {
        gamma,
        beta,
        running_mean,
        running_var,
        x,
        upstream,
    }
}

fn nested(shape: &[usize], data: Vec<Q>) -> Nested {
    Nested::new(shape.to_vec(), data)
}

fn nums(values: impl Iterator<Item = Q>) -> Vec<Num> {
    values.map(Num).collect()
}

/// The params of a frame and its channels (the values laid out as [N, C, ...]).
fn assemble(f: &Frame, channels: &[Channel]) -> Params {
    let c = f.shape[1];
    let s: usize = f.shape[2..].iter().product();
    let total: usize = f.shape.iter().product();
    let layout = |get: &dyn Fn(&Channel) -> &Vec<Q>| -> Vec<Q> {
        (0..total)
            .map(|i| {
                let (n, ch, k) = (i / (c * s), (i / s) % c, i % s);
                get(&channels[ch])[n * s + k].clone()
            })
            .collect()
    };
    let upstream = f
        .backward
        .then(|| nested(&f.shape, layout(&|ch| ch.upstream.as_ref().expect("drawn"))));
    Params {
        x: nested(&f.shape, layout(&|ch| &ch.x)),
        gamma: Some(nums(channels.iter().map(|ch| ch.gamma.clone()))),
        beta: Some(nums(channels.iter().map(|ch| ch.beta.clone()))),
        eps: Some(Num(f.eps.clone())),
        momentum: Some(Num(f.momentum.clone())),
        running_mean: Some(nums(channels.iter().map(|ch| ch.running_mean.clone()))),
        running_var: Some(nums(channels.iter().map(|ch| ch.running_var.clone()))),
        mode: if f.train { Mode::Train } else { Mode::Eval },
        upstream,
    }
}

/// A channel alone passes the rules.
fn channel_ok(f: &Frame, ch: &Channel) -> bool {
    let mut shape = f.shape.clone();
    shape[1] = 1;
    let one = Frame {
        difficulty: f.difficulty,
        shape,
        eps: f.eps.clone(),
        momentum: f.momentum.clone(),
        train: f.train,
        backward: f.backward,
    };
    let params = assemble(&one, std::slice::from_ref(ch));
    let Ok(layer) = Layer::from_params(&params) else {
        return false;
    };
    let pass = run(&layer);
    lively(&layer, &pass) && (f.difficulty != Difficulty::Exam || calculator_free(&pass))
}

/// No degenerate instance: gamma is never 0, no channel is constant in training (even where
/// eps > 0 would allow it), no running variance is 0, and with `upstream` no channel has an
/// all-zero upstream gradient or (in training) an all-zero dL/dx.
pub fn lively(layer: &Layer, pass: &Pass) -> bool {
    let nonzero =
        |values: &[Real], ch: usize| layer.indices(ch).any(|i| !values[i].value().is_zero());
    (0..layer.channels()).all(|ch| {
        let stats = if layer.train {
            !pass.var[ch].is_zero()
        } else {
            !layer.running_var[ch].is_zero()
        };
        let grads = match (&layer.upstream, &pass.grads) {
            (Some(g), Some(grads)) => {
                layer.indices(ch).any(|i| !g[i].is_zero()) && nonzero(&grads.dx, ch)
            }
            _ => true,
        };
        !layer.gamma[ch].is_zero() && stats && grads
    })
}

fn small(q: &Q) -> bool {
    q.small_parts()
        .is_some_and(|(n, d)| d <= EXAM_DENOMINATOR && n.unsigned_abs() <= (EXAM_SIZE * d) as u64)
}

/// The exam rule of the module docs: every number of the pass is exact (every root is the
/// root of a square) and a small fraction.
pub fn calculator_free(pass: &Pass) -> bool {
    let exact_small = |values: &[Real]| values.iter().all(|r| r.as_exact().is_some_and(small));
    let qs = |values: &[Q]| values.iter().all(small);
    let update = pass
        .update
        .as_ref()
        .is_none_or(|u| qs(&u.unbiased) && qs(&u.running_mean) && qs(&u.running_var));
    let grads = pass.grads.as_ref().is_none_or(|g| {
        qs(&g.dbeta)
            && exact_small(&g.dgamma)
            && exact_small(&g.dx)
            && g.bracket.as_ref().is_none_or(|b| exact_small(b))
    });
    qs(&pass.mean)
        && qs(&pass.var)
        && exact_small(&pass.std)
        && exact_small(&pass.x_hat)
        && exact_small(&pass.y)
        && update
        && grads
}
