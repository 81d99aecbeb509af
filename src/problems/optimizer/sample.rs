//! Sampling: hyperparameters first, then each parameter's numbers (starting value, gradients or
//! quadratic) redrawn on their own until they pass the rule of the difficulty. The optimizers are
//! elementwise, so a problem passes exactly when each of its parameters does; the whole problem is
//! checked once more at the end. The rule is in the module docs of `optimizer`.

use rand_chacha::ChaCha8Rng;

use super::config::{Config, Source};
use super::solve::{self, variant_of};
use super::{Algorithm, Objective, Optimizer, Params, Quadratic, algorithms, filter, lively};
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
struct Coord {
    theta: Q,
    grads: Vec<Q>,
    a: Q,
    c: Q,
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
        if difficulty == Difficulty::Exam && quadratic && adaptive {
            // A third step on a quadratic never keeps every root exact (see the module docs).
            k = 2;
        }
        let mut probe = Probe::new(&skeleton, quadratic, k);
        let mut coords = Vec::with_capacity(p);
        for _ in 0..p {
            let found = (0..TRIES).find_map(|_| {
                let coord = draw_coord(rng, difficulty, &skeleton, quadratic, k, coords.len());
                probe.accepts(&coord, difficulty).then_some(coord)
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
fn kind(variant: &str) -> (Algorithm, bool, bool) {
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

fn dims(rng: &mut ChaCha8Rng, difficulty: Difficulty) -> (usize, usize) {
    match difficulty {
        Difficulty::Exam => (pick(rng, &[1, 2, 2]), pick(rng, &[2, 2, 3])),
        Difficulty::Practice => (pick(rng, &[1, 2, 2, 3]), pick(rng, &[1, 2, 3])),
        Difficulty::Hard => (3, 3),
    }
}

/// The hyperparameters (theta, grads and objective still empty), every field written out.
fn hyper(
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
fn draw_coord(
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

fn assemble(skeleton: &Params, coords: &[Coord], quadratic: bool, k: usize) -> Params {
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

/// The integers and fractions of the exam rule: denominator at most 100, numerator at most 2000.
pub fn small(q: &Q) -> bool {
    q.small_parts()
        .is_some_and(|(n, d)| d <= 100 && n.unsigned_abs() <= 2000)
}

/// The cheap check of a candidate: the run succeeds and, at `exam`, every value of every step
/// is exact and small (parameter by parameter, see [`filter`]). No text is written.
fn quick(cfg: &Config, d: Difficulty) -> bool {
    if d != Difficulty::Exam {
        return algorithms::never_fails(cfg) || algorithms::run(cfg).is_ok();
    }
    (0..cfg.dim()).all(|i| filter::calculator_free(cfg, i))
}

/// Tests one parameter's candidate numbers on their own: as the one-parameter problem of the
/// skeleton's hyperparameters and the candidate. That problem's config is built once; each
/// candidate only writes its numbers into it (`Config::from_params` checks nothing about
/// them, so this is the config the candidate's own params would give).
struct Probe {
    /// `None` when the skeleton makes no valid problem: then no candidate passes.
    cfg: Option<Config>,
}

impl Probe {
    /// The probe of the skeleton's hyperparameters with `k` steps (gradients from the quadratic
    /// when `quadratic`).
    fn new(skeleton: &Params, quadratic: bool, k: usize) -> Probe {
        let blank = Coord {
            theta: Q::zero(),
            grads: vec![Q::zero(); k],
            a: Q::zero(),
            c: Q::zero(),
        };
        let params = assemble(skeleton, &[blank], quadratic, k);
        Probe {
            cfg: Config::from_params(&params).ok(),
        }
    }

    /// The config of the one-parameter problem with the numbers of `coord`.
    fn config(&mut self, coord: &Coord) -> Option<&Config> {
        let cfg = self.cfg.as_mut()?;
        cfg.theta0[0].clone_from(&coord.theta);
        match &mut cfg.source {
            Source::Grads(rows) => {
                for (row, g) in rows.iter_mut().zip(&coord.grads) {
                    row[0].clone_from(g);
                }
            }
            Source::Quadratic { a, c } => {
                a[0].clone_from(&coord.a);
                c[0].clone_from(&coord.c);
            }
        }
        Some(cfg)
    }

    /// Whether the candidate passes [`quick`] at `d` (the calculator-free rule at `exam`).
    fn follows_rule(&mut self, coord: &Coord, d: Difficulty) -> bool {
        self.config(coord).is_some_and(|cfg| quick(cfg, d))
    }

    /// Whether the candidate follows the rule and is not degenerate ([`lively::coordinate`]).
    fn accepts(&mut self, coord: &Coord, d: Difficulty) -> bool {
        self.follows_rule(coord, d)
            && self.config(coord).is_some_and(|cfg| {
                algorithms::run(cfg).is_ok_and(|trace| lively::coordinate(cfg, &trace, 0))
            })
    }
}

/// The verdict of [`passes`] on a whole candidate.
enum Verdict {
    /// It breaks the rule: draw again.
    Rejected,
    /// It passes; at `exam` the check solved it, and the solution comes along.
    Passed(Option<Solved>),
}

/// Whether the config of a candidate's params solves, is not degenerate ([`lively::whole`])
/// and, at `exam`, every value of the solution (steps and answers of every sub-question) is
/// exact and small.
fn passes(cfg: &Config, d: Difficulty) -> Verdict {
    let sound = quick(cfg, d) && algorithms::run(cfg).is_ok_and(|trace| lively::whole(cfg, &trace));
    if !sound {
        return Verdict::Rejected;
    }
    if d != Difficulty::Exam {
        // A run that succeeds always solves: the sub-questions leave out what they cannot compute.
        return Verdict::Passed(None);
    }
    match solve::solve_config(cfg) {
        Ok(solved) if answers_small(&solved) => Verdict::Passed(Some(solved)),
        _ => Verdict::Rejected,
    }
}

/// Whether every answer is exact and small.
fn answers_small(solved: &Solved) -> bool {
    solved.answers.iter().all(|a| match &a.exact {
        Some(serde_json::Value::Array(items)) => items.iter().all(|x| {
            x.as_str()
                .and_then(|s| s.parse::<Q>().ok())
                .is_some_and(|q| small(&q))
        }),
        Some(serde_json::Value::String(s)) => s.parse::<Q>().is_ok_and(|q| small(&q)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Real;
    use crate::seed;

    /// The exam check of a candidate by the full exact run: it gets through, and every value it
    /// records is exact and small (the check [`filter`] replaces).
    fn by_full_run(params: &Params) -> bool {
        let Ok(cfg) = Config::from_params(params) else {
            return false;
        };
        let Ok(trace) = algorithms::run(&cfg) else {
            return false;
        };
        if let Source::Quadratic { a, .. } = &cfg.source {
            if !a.iter().all(Q::is_positive) {
                return false;
            }
        }
        let exact_small = |r: &Real| r.as_exact().is_some_and(small);
        trace.theta0.iter().all(exact_small)
            && trace.steps.iter().all(|s| {
                let fields = [
                    Some(&s.grad),
                    Some(&s.grad_used),
                    s.decayed.as_ref(),
                    s.m.as_ref(),
                    s.v.as_ref(),
                    s.m_hat.as_ref(),
                    s.v_hat.as_ref(),
                    s.root.as_ref(),
                    Some(&s.update),
                    Some(&s.theta),
                ];
                fields.into_iter().flatten().flatten().all(exact_small)
            })
    }

    /// The check at `d` of whole params, as `passes` runs it.
    fn quick_at(params: &Params, d: Difficulty) -> bool {
        Config::from_params(params).is_ok_and(|cfg| quick(&cfg, d))
    }

    /// Calls `check(params, verdict)` with the verdict of the check at `rule` on random
    /// candidates: single parameters through the [`Probe`] and whole problems, with the
    /// hyperparameters and numbers of every difficulty (so also inexact roots, eps > 0 and
    /// eps = 0, no bias correction, zero gradients). The probe's config must be the one the
    /// candidate's own params give.
    fn check_candidates(rule: Difficulty, mut check: impl FnMut(&Params, bool)) {
        for variant in Optimizer::VARIANTS {
            let (algorithm, l2, quadratic) = kind(variant);
            for d in Difficulty::ALL {
                for i in 0..1000 {
                    let mut rng = seed::rng(seed::derive(i, &format!("filter/{variant}/{d}")));
                    let skeleton = hyper(&mut rng, d, algorithm, l2, quadratic);
                    let (p, k) = dims(&mut rng, d);
                    let coords: Vec<Coord> = (0..p)
                        .map(|j| draw_coord(&mut rng, d, &skeleton, quadratic, k, j))
                        .collect();
                    let mut probe = Probe::new(&skeleton, quadratic, k);
                    for coord in &coords {
                        let single = assemble(&skeleton, std::slice::from_ref(coord), quadratic, k);
                        let own = Config::from_params(&single).ok();
                        assert_eq!(probe.config(coord), own.as_ref());
                        check(&single, probe.follows_rule(coord, rule));
                    }
                    let whole = assemble(&skeleton, &coords, quadratic, k);
                    check(&whole, quick_at(&whole, rule));
                }
            }
        }
    }

    /// The exam check accepts exactly the candidates whose full exact run is exact and small.
    #[test]
    fn exam_check_accepts_what_the_full_run_accepts() {
        let (mut checked, mut accepted) = (0, 0);
        check_candidates(Difficulty::Exam, |params, got| {
            let want = by_full_run(params);
            let text = serde_json::to_string(params).unwrap();
            assert_eq!(got, want, "{text}");
            checked += 1;
            accepted += usize::from(want);
        });
        assert!(accepted > checked / 20, "{accepted} of {checked} accepted");
        assert!(accepted < checked / 2, "{accepted} of {checked} accepted");
    }

    /// The check at `practice` and `hard` accepts exactly the candidates whose run succeeds.
    #[test]
    fn other_checks_accept_what_runs() {
        let mut refused = 0;
        for rule in [Difficulty::Practice, Difficulty::Hard] {
            check_candidates(rule, |params, got| {
                let cfg = Config::from_params(params).unwrap();
                let text = serde_json::to_string(params).unwrap();
                assert_eq!(got, algorithms::run(&cfg).is_ok(), "{text}");
                refused += usize::from(!got);
            });
        }
        assert!(refused > 0, "some exam candidates divide by zero");
    }

    /// A zero first gradient with eps = 0 divides by zero: refused, as the run refuses it.
    #[test]
    fn exam_check_refuses_a_division_by_zero() {
        let params: Params = serde_json::from_value(serde_json::json!({
            "algorithm": "rmsprop", "theta": [1], "grads": [[0], [2]], "lr": 0.5, "beta2": 0.75,
            "eps": 0
        }))
        .unwrap();
        assert!(!by_full_run(&params));
        assert!(!quick_at(&params, Difficulty::Exam));
    }
}
