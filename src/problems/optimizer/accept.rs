//! Which candidates the sampler keeps: one parameter's numbers at a time ([`Probe`]), then the
//! whole problem ([`passes`]).
//!
//! Each candidate parameter is run once, in the arithmetic of its difficulty's rule (exact and
//! small at `exam`, see [`filter`]), and that one run is what the rule and the rules against
//! degenerate instances ([`lively::coordinate`]) both read. The optimizers are elementwise, so
//! a problem made of accepted parameters follows those rules too; the rules across parameters
//! are checked on the whole problem's run, which its solution then reuses.

use super::algorithms::{self, ParamStep, Rates, Solver, param_steps};
use super::config::{Config, Source};
use super::filter::{self, ExamRule, small};
use super::sample::{Coord, assemble};
use super::{Params, lively, solve, squares};
use crate::num::Q;
use crate::problems::{Difficulty, Solved};
use crate::solution::Answer;

/// Tests one parameter's candidate numbers on their own: as the one-parameter problem of the
/// skeleton's hyperparameters and the candidate. That problem's config and its [`Rates`] are
/// built once; each candidate only writes its numbers into the config (`Config::from_params`
/// checks nothing about them, so this is the config the candidate's own params would give).
pub struct Probe {
    /// `None` when the skeleton makes no valid problem: then no candidate passes.
    probe: Option<(Config, Rule)>,
}

/// The rates of the probe's config in the arithmetic of the difficulty's rule.
enum Rule {
    /// `exam`: every value exact and small ([`filter::calculator_free`]).
    Exam(Rates<ExamRule>),
    /// `practice` and `hard`: the run gets through (it divides by nothing too close to zero).
    Runs(Rates<Solver>),
}

impl Probe {
    /// The probe of the skeleton's hyperparameters with `k` steps (gradients from the quadratic
    /// when `quadratic`), for the rule of difficulty `d`.
    pub fn new(skeleton: &Params, quadratic: bool, k: usize, d: Difficulty) -> Probe {
        let blank = Coord {
            theta: Q::zero(),
            grads: vec![Q::zero(); k],
            a: Q::zero(),
            c: Q::zero(),
        };
        let params = assemble(skeleton, &[blank], quadratic, k);
        let probe = Config::from_params(&params).ok().map(|cfg| {
            let rule = if d == Difficulty::Exam {
                Rule::Exam(Rates::new(&cfg))
            } else {
                Rule::Runs(Rates::new(&cfg))
            };
            (cfg, rule)
        });
        Probe { probe }
    }

    /// The config of the one-parameter problem with the numbers of `coord`, and the rule.
    fn config(&mut self, coord: &Coord) -> Option<(&Config, &Rule)> {
        let (cfg, rule) = self.probe.as_mut()?;
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
        Some((cfg, rule))
    }

    /// `None` when the candidate breaks the rule, else whether it is not degenerate either
    /// ([`lively::coordinate`]): both read one run of it.
    fn check(&mut self, coord: &Coord) -> Option<bool> {
        let (cfg, rule) = self.config(coord)?;
        match rule {
            Rule::Exam(rates) => {
                if !squares::roots_can_be_exact(cfg, 0) {
                    return None;
                }
                let steps = filter::calculator_free(cfg, rates, 0)?;
                Some(lively::coordinate::<ExamRule>(cfg, 0, &steps))
            }
            Rule::Runs(rates) => {
                let steps: Vec<ParamStep<_>> = param_steps(cfg, rates, 0).ok()?;
                Some(lively::coordinate::<Solver>(cfg, 0, &steps))
            }
        }
    }

    /// Whether the candidate follows the rule and is not degenerate.
    pub fn accepts(&mut self, coord: &Coord) -> bool {
        self.check(coord) == Some(true)
    }
}

/// The verdict of [`passes`] on a whole candidate.
pub enum Verdict {
    /// It breaks a rule: draw again.
    Rejected,
    /// It passes; at `exam` the check solved it, and the solution comes along.
    Passed(Option<Solved>),
}

/// Whether the config of a candidate made of accepted parameters breaks none of the rules
/// across parameters ([`lively::across`]) and, at `exam`, every answer of every sub-question is
/// exact and small (the values of the steps are, parameter by parameter).
pub fn passes(cfg: &Config, d: Difficulty) -> Verdict {
    // Every parameter's run got through, so the whole run does.
    let Ok(trace) = algorithms::run(cfg) else {
        return Verdict::Rejected;
    };
    if !lively::across(cfg, &trace) {
        return Verdict::Rejected;
    }
    if d != Difficulty::Exam {
        // A run that succeeds always solves: the sub-questions leave out what they cannot compute.
        return Verdict::Passed(None);
    }
    let draft = solve::Draft::new(cfg, trace);
    if !draft.part_answers().all(answer_small) {
        return Verdict::Rejected;
    }
    let solved = draft.finish();
    if solved.answers.iter().all(answer_small) {
        Verdict::Passed(Some(solved))
    } else {
        Verdict::Rejected
    }
}

/// Whether every value of an answer is exact and small.
fn answer_small(answer: &Answer) -> bool {
    match &answer.exact {
        Some(serde_json::Value::Array(items)) => items.iter().all(|x| {
            x.as_str()
                .and_then(|s| s.parse::<Q>().ok())
                .is_some_and(|q| small(&q))
        }),
        Some(serde_json::Value::String(s)) => s.parse::<Q>().is_ok_and(|q| small(&q)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Real;
    use crate::problems::Family;
    use crate::problems::optimizer::Algorithm;
    use crate::problems::optimizer::Optimizer;
    use crate::problems::optimizer::sample::{dims, draw_coord, hyper, kind};
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

    /// The rule of `d` on whole params, parameter by parameter.
    fn rule_holds(params: &Params, d: Difficulty) -> bool {
        let Ok(cfg) = Config::from_params(params) else {
            return false;
        };
        (0..cfg.dim()).all(|i| {
            if d == Difficulty::Exam {
                filter::calculator_free(&cfg, &Rates::new(&cfg), i).is_some()
            } else {
                param_steps::<Solver>(&cfg, &Rates::new(&cfg), i).is_ok()
            }
        })
    }

    /// Calls `check(params, verdict)` with the verdict of the rule of `rule` on random
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
                    let mut probe = Probe::new(&skeleton, quadratic, k, rule);
                    for coord in &coords {
                        let single = assemble(&skeleton, std::slice::from_ref(coord), quadratic, k);
                        let own = Config::from_params(&single).ok();
                        assert_eq!(probe.config(coord).map(|(cfg, _)| cfg), own.as_ref());
                        check(&single, probe.check(coord).is_some());
                    }
                    let whole = assemble(&skeleton, &coords, quadratic, k);
                    check(&whole, rule_holds(&whole, rule));
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

    /// The quick square test never refuses a candidate the full exact run accepts, and refuses
    /// most of the exam's (`eps = 0`) adaptive candidates the full run refuses (it is what makes
    /// the exam sampler fast).
    #[test]
    fn square_test_refuses_only_what_the_full_run_refuses() {
        let (mut refused, mut refused_quickly) = (0, 0);
        check_candidates(Difficulty::Exam, |params, _| {
            let cfg = Config::from_params(params).unwrap();
            let quick = (0..cfg.dim()).all(|i| squares::roots_can_be_exact(&cfg, i));
            let text = serde_json::to_string(params).unwrap();
            if by_full_run(params) {
                assert!(quick, "{text}");
            } else if cfg.eps.is_zero()
                && cfg.algorithm != Algorithm::Sgd
                && cfg.algorithm != Algorithm::Momentum
            {
                refused += 1;
                refused_quickly += usize::from(!quick);
            }
        });
        assert!(
            refused_quickly * 3 > refused * 2,
            "{refused_quickly} of {refused}"
        );
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
        assert!(!rule_holds(&params, Difficulty::Exam));
    }
}
