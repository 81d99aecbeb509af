//! Sampling: hyperparameters first, then each parameter's numbers (starting value, gradients or
//! quadratic) redrawn on their own until they pass the rule of the difficulty. The optimizers are
//! elementwise, so a problem passes exactly when each of its parameters does; what is left to
//! check on the whole problem is in [`passes`]. The rules are in the module docs of `optimizer`.

use rand_chacha::ChaCha8Rng;

use super::accept::{Probe, Verdict, passes};
use super::config::Config;
use super::solve::variant_of;
use super::{Algorithm, Objective, Optimizer, Params, Quadratic};
use crate::num::Q;
use crate::problems::params::{Int, Num};
use crate::problems::sample::{chance, int, nonzero, pick};
use crate::problems::{Difficulty, Family, Solved};

/// Draws per parameter before the hyperparameters are drawn again.
const TRIES: usize = 400;

fn n(q: Q) -> Num {
    Num(q)
}

fn frac(a: i64, b: i64) -> Q {
    Q::frac(a, b)
}

/// One parameter's numbers.
#[derive(Clone)]
pub(super) struct Coord {
    pub(super) theta: Q,
    pub(super) grads: Vec<Q>,
    pub(super) a: Q,
    pub(super) c: Q,
}

/// Samples params of `variant` (any when `None`) at `difficulty`, with their solution when the
/// check of the rule had to solve them (at `exam`, to see every answer).
pub fn sample(
    rng: &mut ChaCha8Rng,
    difficulty: Difficulty,
    variant: Option<&str>,
) -> (Params, Option<Solved>) {
    let variant = variant.map_or_else(
        || pick(rng, Optimizer::VARIANTS).to_string(),
        str::to_string,
    );
    let (algorithm, l2, quadratic) = kind(&variant);
    'redraw: loop {
        let skeleton = hyper(rng, difficulty, algorithm, l2, quadratic);
        let (p, mut k) = dims(rng, difficulty);
        let adaptive = algorithm != Algorithm::Sgd && algorithm != Algorithm::Momentum;
        if difficulty == Difficulty::Exam && (algorithm.is_adam() || quadratic && adaptive) {
            // A third step on a quadratic never keeps every root exact, and a third Adam step
            // rarely does (see the module docs).
            k = 2;
        }
        let mut probe = Probe::new(&skeleton, quadratic, k, difficulty);
        let mut coords = Vec::with_capacity(p);
        for _ in 0..p {
            let found = (0..TRIES).find_map(|_| {
                let coord = draw_coord(rng, difficulty, &skeleton, quadratic, k, coords.len());
                probe.accepts(&coord).then_some(coord)
            });
            match found {
                Some(coord) => coords.push(coord),
                None => continue 'redraw,
            }
        }
        let params = assemble(&skeleton, &coords, quadratic, k);
        // The variant first: it is cheap, and `passes` may solve the whole problem.
        let Ok(cfg) = Config::from_params(&params) else {
            continue;
        };
        if variant_of(&cfg) != variant {
            continue;
        }
        if let Verdict::Passed(solved) = passes(&cfg, difficulty) {
            return (params, solved);
        }
    }
}

/// What a variant name asks for: the algorithm, whether Adam has L2 weight decay, and whether
/// the gradients come from a quadratic.
pub(super) fn kind(variant: &str) -> (Algorithm, bool, bool) {
    let quadratic = variant.ends_with("-quadratic");
    let (algorithm, l2) = match variant.trim_end_matches("-quadratic") {
        "adam-l2" => (Algorithm::Adam, true),
        "adamw" => (Algorithm::Adamw, false),
        "sgd" => (Algorithm::Sgd, false),
        "momentum" => (Algorithm::Momentum, false),
        "rmsprop" => (Algorithm::Rmsprop, false),
        _ => (Algorithm::Adam, false),
    };
    (algorithm, l2, quadratic)
}

pub(super) fn dims(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> (usize, usize) {
    match difficulty {
        Difficulty::Exam => (pick(rng, &[1, 2, 2]), pick(rng, &[2, 2, 3])),
        Difficulty::Practice => (pick(rng, &[1, 2, 2, 3]), pick(rng, &[1, 2, 3])),
        Difficulty::Hard => (3, 3),
    }
}

/// The hyperparameters (theta, grads and objective still empty), every field written out.
pub(super) fn hyper(
    rng: &mut ChaCha8Rng,
    d: Difficulty,
    algorithm: Algorithm,
    l2: bool,
    quadratic: bool,
) -> Params {
    let exam = d == Difficulty::Exam;
    let mut p = Params {
        algorithm,
        theta: Vec::new(),
        grads: None,
        objective: None,
        steps: None,
        lr: None,
        beta1: None,
        beta2: None,
        eps: None,
        weight_decay: Some(n(Q::zero())),
        momentum: None,
        bias_correction: None,
    };
    let lr = match (exam, algorithm, quadratic) {
        (true, Algorithm::Sgd | Algorithm::Momentum, _) => {
            pick(rng, &[frac(1, 10), frac(1, 4), frac(1, 2)])
        }
        (true, _, _) => pick(rng, &[frac(1, 10), frac(1, 4), frac(1, 2), Q::one()]),
        (false, Algorithm::Sgd | Algorithm::Momentum, true) if d == Difficulty::Hard => {
            pick(rng, &[frac(4, 1000), frac(9, 1000), frac(11, 1000)])
        }
        (false, Algorithm::Sgd | Algorithm::Momentum, true) => {
            pick(rng, &[frac(5, 100), frac(1, 10), frac(2, 10)])
        }
        (false, Algorithm::Sgd | Algorithm::Momentum, false) => {
            pick(rng, &[frac(1, 100), frac(5, 100), frac(1, 10)])
        }
        (false, Algorithm::Rmsprop, _) => pick(rng, &[frac(1, 100), frac(1, 1000)]),
        (false, _, true) => pick(rng, &[frac(1, 10), frac(5, 10)]),
        (false, _, false) => pick(rng, &[frac(1, 1000), frac(1, 100), frac(1, 10)]),
    };
    p.lr = Some(n(lr));
    let eps = match d {
        Difficulty::Exam => Q::zero(),
        Difficulty::Practice => frac(1, 100_000_000),
        Difficulty::Hard => pick(rng, &[frac(1, 100_000_000), frac(1, 1_000_000)]),
    };
    match algorithm {
        Algorithm::Adam | Algorithm::Adamw => {
            let (b1, b2) = match d {
                // Adam without L2 asks for theta_1 with the other bias correction: beta1 = 1/2
                // with beta2 = 3/4 would make the two equal (see `lively`).
                Difficulty::Exam if algorithm == Algorithm::Adam && !l2 => pick(
                    rng,
                    &[
                        (frac(3, 4), frac(3, 4)),
                        (frac(1, 2), frac(24, 25)),
                        (frac(3, 4), frac(24, 25)),
                    ],
                ),
                Difficulty::Exam => (
                    pick(rng, &[frac(1, 2), frac(3, 4)]),
                    pick(rng, &[frac(3, 4), frac(24, 25)]),
                ),
                Difficulty::Practice => (frac(9, 10), frac(999, 1000)),
                Difficulty::Hard => (frac(9, 10), pick(rng, &[frac(999, 1000), frac(99, 100)])),
            };
            p.beta1 = Some(n(b1));
            p.beta2 = Some(n(b2));
            p.eps = Some(n(eps));
            let off =
                d == Difficulty::Hard && algorithm == Algorithm::Adam && !l2 && chance(rng, 1, 4);
            p.bias_correction = Some(!off);
            if l2 || algorithm == Algorithm::Adamw {
                let wd = if exam {
                    pick(rng, &[frac(1, 10), frac(1, 5), frac(1, 2), Q::one()])
                } else {
                    pick(rng, &[frac(1, 100), frac(1, 10)])
                };
                p.weight_decay = Some(n(wd));
            }
        }
        Algorithm::Rmsprop => {
            let b2 = if exam {
                pick(rng, &[frac(3, 4), frac(15, 16), frac(24, 25)])
            } else {
                frac(99, 100)
            };
            p.beta2 = Some(n(b2));
            p.eps = Some(n(eps));
        }
        Algorithm::Momentum => {
            let mu = if exam {
                pick(rng, &[frac(1, 2), frac(9, 10)])
            } else {
                frac(9, 10)
            };
            p.momentum = Some(n(mu));
        }
        Algorithm::Sgd => {}
    }
    if exam && quadratic {
        exam_quadratic_hyper(rng, &mut p, l2);
    }
    p
}

/// At `exam`, an adaptive method on a quadratic keeps its roots exact only for a few
/// hyperparameters (1 to 4% of the starting points pass, none for the others): these.
fn exam_quadratic_hyper(rng: &mut ChaCha8Rng, p: &mut Params, l2: bool) {
    let (b1, lr, wd) = match (p.algorithm, l2) {
        (Algorithm::Adam, false) => {
            let (b1, lr) = pick(
                rng,
                &[
                    (frac(1, 2), frac(1, 4)),
                    (frac(1, 2), frac(1, 2)),
                    (frac(1, 2), Q::one()),
                    (frac(3, 4), frac(1, 4)),
                    (frac(3, 4), frac(1, 2)),
                    (frac(3, 4), Q::one()),
                ],
            );
            // beta1 = 1/2 needs beta2 = 15/16, else the bias factor is 1 (see `lively`).
            let b2 = if b1 == frac(1, 2) {
                frac(15, 16)
            } else {
                frac(3, 4)
            };
            p.beta2 = Some(n(b2));
            (b1, lr, 0)
        }
        (Algorithm::Adam, true) => pick(
            rng,
            &[
                (frac(1, 2), frac(1, 4), 2),
                (frac(1, 2), frac(1, 2), 2),
                (frac(1, 2), Q::one(), 1),
                (frac(3, 4), Q::one(), 1),
                (frac(3, 4), Q::one(), 2),
            ],
        ),
        (Algorithm::Adamw, _) => {
            let (lr, wd) = pick(
                rng,
                &[
                    (frac(1, 10), 2),
                    (frac(1, 4), 1),
                    (frac(1, 4), 2),
                    (frac(1, 2), 2),
                    (Q::one(), 1),
                ],
            );
            (pick(rng, &[frac(1, 2), frac(3, 4)]), lr, wd)
        }
        (Algorithm::Rmsprop, _) => {
            p.beta2 = Some(n(pick(rng, &[frac(3, 4), frac(15, 16), frac(24, 25)])));
            p.lr = Some(n(pick(rng, &[frac(1, 4), frac(1, 2), Q::one()])));
            return;
        }
        _ => return,
    };
    p.beta1 = Some(n(b1));
    p.lr = Some(n(lr));
    if wd > 0 {
        // 1 means weight_decay 1/2, 2 means 1.
        p.weight_decay = Some(n(frac(wd, 2)));
    }
}

/// Draws the numbers of parameter `index` (hard problems give each parameter its own scale).
pub(super) fn draw_coord(
    rng: &mut ChaCha8Rng,
    d: Difficulty,
    skeleton: &Params,
    quadratic: bool,
    k: usize,
    index: usize,
) -> Coord {
    let needs_signal = d == Difficulty::Exam
        && matches!(
            skeleton.algorithm,
            Algorithm::Adam | Algorithm::Adamw | Algorithm::Rmsprop
        );
    // Adaptive methods need v_hat to be a square at every step: a wider range of gradients
    // gives more of the few pairs that keep it one.
    let range = if needs_signal { 12 } else { 6 };
    let (theta, mut grads, a, c) = match d {
        Difficulty::Exam => {
            let g: Vec<Q> = (0..k)
                .map(|t| {
                    Q::int(if t == 0 && needs_signal {
                        nonzero(rng, range)
                    } else {
                        int(rng, -range, range)
                    })
                })
                .collect();
            // On a quadratic the start lies on a grid of tenths: integer starts almost never keep
            // the roots of an adaptive method exact.
            let theta = if quadratic {
                frac(int(rng, -50, 50), 10)
            } else {
                Q::int(int(rng, -5, 5))
            };
            (
                theta,
                g,
                pick(rng, &[frac(1, 2), Q::one(), Q::int(2)]),
                Q::int(int(rng, -4, 4)),
            )
        }
        Difficulty::Practice => {
            let g: Vec<Q> = (0..k).map(|_| frac(nonzero(rng, 30), 10)).collect();
            (
                frac(int(rng, -20, 20), 10),
                g,
                pick(rng, &[frac(1, 2), Q::one(), Q::int(2), Q::int(5)]),
                frac(int(rng, -20, 20), 10),
            )
        }
        Difficulty::Hard => {
            let scale = [frac(1, 1000), Q::one(), Q::int(100)][index % 3].clone();
            let g = (0..k)
                .map(|_| {
                    if chance(rng, 1, 6) {
                        Q::zero()
                    } else {
                        frac(nonzero(rng, 30), 10) * &scale
                    }
                })
                .collect();
            let a = [frac(1, 100), Q::one(), Q::int(100)][index % 3].clone();
            (
                frac(int(rng, -20, 20), 10),
                g,
                a,
                frac(int(rng, -20, 20), 10),
            )
        }
    };
    if quadratic {
        grads.clear();
    }
    Coord { theta, grads, a, c }
}

pub(super) fn assemble(skeleton: &Params, coords: &[Coord], quadratic: bool, k: usize) -> Params {
    let mut p = skeleton.clone();
    p.theta = coords.iter().map(|c| n(c.theta.clone())).collect();
    p.steps = Some(Int(k as i64));
    if quadratic {
        p.objective = Some(Objective {
            quadratic: Quadratic {
                a: coords.iter().map(|c| n(c.a.clone())).collect(),
                c: coords.iter().map(|c| n(c.c.clone())).collect(),
            },
        });
    } else {
        p.grads = Some(
            (0..k)
                .map(|t| coords.iter().map(|c| n(c.grads[t].clone())).collect())
                .collect(),
        );
    }
    p
}
