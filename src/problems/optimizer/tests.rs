use serde_json::{Value, json};

use super::*;
use crate::num::Q;
use crate::problems::params::from_json;
use crate::problems::{Difficulty, Solved};

fn solve_json(v: Value) -> crate::Result<Solved> {
    Optimizer::solve(&from_json::<Params>("optimizer", &v)?)
}

/// The exact answer `id` as fractions (one per entry).
fn exact(s: &Solved, id: &str) -> Vec<Q> {
    let a = s
        .answers
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no answer {id}"));
    match a
        .exact
        .as_ref()
        .unwrap_or_else(|| panic!("{id} is not exact"))
    {
        Value::Array(items) => items
            .iter()
            .map(|x| x.as_str().unwrap().parse().unwrap())
            .collect(),
        Value::String(x) => vec![x.parse().unwrap()],
        other => panic!("{other}"),
    }
}

fn q(s: &str) -> Q {
    s.parse().unwrap()
}

fn qs(items: &[&str]) -> Vec<Q> {
    items.iter().map(|s| q(s)).collect()
}

#[test]
fn adam_by_hand() {
    // t=1: m = 0.25*6 = 1.5, v = 0.25*36 = 9, m_hat = 1.5/0.25 = 6, v_hat = 9/0.25 = 36,
    //      theta = 3 - 0.1 * 6/sqrt(36) = 2.9.
    // t=2: m = 0.75*1.5 + 0.25*(-1) = 0.875, v = 0.75*9 + 0.25*1 = 7,
    //      m_hat = 0.875/(1 - 0.75^2) = 0.875/0.4375 = 2, v_hat = 7/0.4375 = 16,
    //      theta = 2.9 - 0.1 * 2/4 = 2.85.
    // Without correction: theta_1 = 3 - 0.1 * 1.5/sqrt(9) = 2.95.
    let s = solve_json(json!({"theta": [3], "grads": [[6], [-1]], "lr": 0.1, "beta1": "3/4", "beta2": "3/4", "eps": 0}))
        .unwrap();
    assert_eq!(s.variant, "adam");
    for (id, want) in [
        ("m_1", "1.5"),
        ("v_1", "9"),
        ("m_hat_1", "6"),
        ("v_hat_1", "36"),
        ("theta_1", "2.9"),
        ("m_2", "0.875"),
        ("v_2", "7"),
        ("m_hat_2", "2"),
        ("v_hat_2", "16"),
        ("theta_2", "2.85"),
        ("first_update", "-0.1"),
        ("theta_1_uncorrected", "2.95"),
    ] {
        assert_eq!(exact(&s, id), vec![q(want)], "{id}");
    }
    assert_eq!(exact(&s, "m_factor"), qs(&["1/4", "7/16"]));
    assert_eq!(exact(&s, "v_factor"), qs(&["1/4", "7/16"]));
}

#[test]
fn adam_with_pytorch_defaults() {
    // lr 1e-3, eps 1e-8: theta_1 = 1 - 0.001 * 0.5 / (0.5 + 1e-8) = 1 - 50000/50000001.
    let s = solve_json(json!({"theta": [1], "grads": [[0.5]]})).unwrap();
    assert_eq!(
        exact(&s, "theta_1"),
        vec![Q::one() - Q::frac(50_000, 50_000_001)]
    );
    let theta = s.answers.iter().find(|a| a.id == "theta_1").unwrap();
    assert_ne!(
        theta.tolerance,
        crate::solution::Tolerance::exact(),
        "a long fraction is shown rounded"
    );
    assert!(theta.latex.starts_with("0.9990"), "{}", theta.latex);
    // v_1 = 0.001 * 0.25 = 2.5e-4 exactly, written in scientific notation.
    let v = s.answers.iter().find(|a| a.id == "v_1").unwrap();
    assert_eq!(v.latex, "2.5 \\times 10^{-4}");
}

#[test]
fn momentum_rmsprop_adamw_sgd_by_hand() {
    // Momentum: m_1 = g_1 = 5, theta_1 = -3 - 0.5*5 = -5.5; m_2 = 0.9*5 + 3 = 7.5,
    // theta_2 = -5.5 - 0.5*7.5 = -9.25. Plain SGD: -3 - 0.5*(5 + 3) = -7.
    let s = solve_json(json!({"algorithm": "momentum", "theta": [-3], "grads": [[5], [3]], "lr": 0.5, "momentum": 0.9}))
        .unwrap();
    assert_eq!(
        (exact(&s, "m_2"), exact(&s, "theta_2")),
        (qs(&["7.5"]), qs(&["-9.25"]))
    );
    assert_eq!(exact(&s, "theta_2_sgd"), qs(&["-7"]));
    // RMSProp on 1*(theta + 4)^2: g_1 = 2*(-4.8 + 4) = -1.6, v_1 = (1/16)*2.56 = 0.16,
    // theta_1 = -4.8 - 0.25*(-1.6)/0.4 = -3.8; g_2 = 0.4, v_2 = (15/16)*0.16 + (1/16)*0.16 = 0.16,
    // theta_2 = -3.8 - 0.25*0.4/0.4 = -4.05.
    let s = solve_json(json!({"algorithm": "rmsprop", "theta": [-4.8], "objective": {"quadratic": {"a": [1], "c": [-4]}},
        "steps": 2, "lr": 0.25, "beta2": "15/16", "eps": 0}))
    .unwrap();
    assert_eq!(s.variant, "rmsprop-quadratic");
    assert_eq!(
        (exact(&s, "v_2"), exact(&s, "theta_2")),
        (qs(&["0.16"]), qs(&["-4.05"]))
    );
    assert_eq!(exact(&s, "first_update"), qs(&["1"]));
    // AdamW: decay 5 -> (1 - 1*0.5)*5 = 2.5, then the sign step of size 1: theta_1 = 1.5.
    // Adam with L2: g~ = 2 + 0.5*5 = 4.5, sign step: theta_1 = 5 - 1 = 4.
    let s = solve_json(json!({"algorithm": "adamw", "theta": [5], "grads": [[2]], "lr": 1, "beta1": 0.75, "beta2": 0.75,
        "eps": 0, "weight_decay": 0.5}))
    .unwrap();
    assert_eq!(
        (exact(&s, "theta_1"), exact(&s, "theta_1_adam_l2")),
        (qs(&["1.5"]), qs(&["4"]))
    );
    // SGD on 0.5(x - 3)^2 + 0.5(y + 2)^2 with lr 0.5: each distance halves.
    let s = solve_json(json!({"algorithm": "sgd", "theta": [-2.1, 1.3], "objective": {"quadratic": {"a": [0.5, 0.5], "c": [3, -2]}},
        "steps": 2, "lr": 0.5}))
    .unwrap();
    assert_eq!(exact(&s, "theta_2"), qs(&["1.725", "-1.175"]));
    assert_eq!(exact(&s, "lr_max"), qs(&["2"]));
}

#[test]
fn adam_without_bias_correction() {
    // m_1 = 0.25*2 = 0.5, v_1 = 0.25*4 = 1, theta_1 = 0 - 0.1*0.5/1 = -0.05; corrected: -0.1.
    let s = solve_json(
        json!({"theta": [0], "grads": [[2]], "lr": 0.1, "beta1": 0.75, "beta2": 0.75, "eps": 0,
        "bias_correction": false}),
    )
    .unwrap();
    assert_eq!(exact(&s, "theta_1"), qs(&["-0.05"]));
    assert_eq!(exact(&s, "theta_1_corrected"), qs(&["-0.1"]));
    assert!(
        s.answers.iter().all(|a| !a.id.starts_with("m_hat")),
        "no m_hat without correction"
    );
}

#[test]
fn bad_params_are_refused_naming_the_field() {
    for (v, needles) in [
        (
            json!({"algorithm": "sgd", "theta": [1], "grads": [[1]], "beta1": 0.9}),
            &["`beta1`", "sgd"][..],
        ),
        (
            json!({"algorithm": "rmsprop", "theta": [1], "grads": [[1]], "momentum": 0.9}),
            &["`momentum`", "rmsprop"],
        ),
        (
            json!({"algorithm": "momentum", "theta": [1], "grads": [[1]]}),
            &["`momentum`"],
        ),
        (
            json!({"algorithm": "adagrad", "theta": [1], "grads": [[1]]}),
            &["`algorithm`", "adagrad"],
        ),
        (
            json!({"theta": [1], "grads": [[1]], "beta1": 1}),
            &["`beta1`", "[0, 1)"],
        ),
        (
            json!({"theta": [1], "grads": [[1]], "beta2": -0.1}),
            &["`beta2`"],
        ),
        (json!({"theta": [1], "grads": [[1]], "lr": -0.1}), &["`lr`"]),
        (json!({"theta": [1], "grads": [[1]], "eps": -1}), &["`eps`"]),
        (
            json!({"theta": [1, 2], "grads": [[1, 2], [3]]}),
            &["`grads`", "step 2"],
        ),
        (
            json!({"theta": [1], "grads": [[1]], "steps": 2}),
            &["`steps`"],
        ),
        (
            json!({"theta": [1], "objective": {"quadratic": {"a": [1], "c": [0]}}, "steps": 0}),
            &["`steps`"],
        ),
        (
            json!({"theta": [1], "objective": {"quadratic": {"a": [1], "c": [0]}}, "steps": 21}),
            &["`steps`", "20"],
        ),
        (
            json!({"theta": [1], "objective": {"quadratic": {"a": [1], "c": [0]}}}),
            &["`steps`"],
        ),
        (
            json!({"theta": [1], "objective": {"quadratic": {"a": [1, 2], "c": [0]}}, "steps": 1}),
            &["quadratic.a"],
        ),
        (
            json!({"theta": [1], "grads": [[1]], "objective": {"quadratic": {"a": [1], "c": [0]}}}),
            &["`grads`", "`objective`"],
        ),
        (json!({"theta": [1]}), &["`grads`"]),
        (json!({"grads": [[1]]}), &["`theta`"]),
        (json!({"theta": [], "grads": [[]]}), &["`theta`"]),
        (
            json!({"theta": [1, 2], "grads": [[1, 0]], "eps": 0}),
            &["`eps`", "step 1", "parameter 2", "nan"],
        ),
    ] {
        let e = solve_json(v.clone()).expect_err(&v.to_string()).to_string();
        for needle in needles {
            assert!(e.contains(needle), "{v}: {e}");
        }
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn a_zero_gradient_with_eps_is_a_zero_step() {
    let s = solve_json(json!({"theta": [1, 2], "grads": [[1, 0]]})).unwrap();
    assert_eq!(exact(&s, "theta_1")[1], q("2"));
}

/// The exam rule of the module docs on 1000 seeds: every answer exact and small, every root exact
/// (so every v_hat is a perfect square), eps = 0, and the worked steps never say "approx".
#[test]
fn exam_variants_are_calculator_free() {
    for seed in 0..1000u64 {
        let variant = Optimizer::VARIANTS[(seed % Optimizer::VARIANTS.len() as u64) as usize];
        let mut rng = crate::seed::rng(seed);
        let p = Optimizer::sample(&mut rng, Difficulty::Exam, Some(variant));
        let cfg = config::Config::from_params(&p).unwrap();
        assert!(cfg.eps.is_zero() || !cfg.algorithm.is_adam());
        let trace = algorithms::run(&cfg).unwrap();
        for rec in &trace.steps {
            for root in rec.root.iter().flatten() {
                assert!(
                    root.is_exact(),
                    "seed {seed}: inexact root in {}",
                    serde_json::to_string(&p).unwrap()
                );
            }
        }
        let s = Optimizer::solve(&p).unwrap();
        assert_eq!(s.variant, variant);
        for a in &s.answers {
            let values = exact(&s, &a.id);
            assert!(
                values.iter().all(filter::small),
                "seed {seed} {}: {values:?}",
                a.id
            );
            assert!(a.exact.is_some(), "seed {seed} {}: not exact", a.id);
        }
        for step in s
            .solution
            .steps
            .iter()
            .filter(|st| st.title.starts_with("Step") || st.title.starts_with("All steps"))
        {
            assert!(
                !step.body.contains("\\approx"),
                "seed {seed}: {}",
                step.body
            );
        }
    }
}

#[test]
fn sampling_is_deterministic_and_names_its_variant() {
    for variant in Optimizer::VARIANTS {
        let draw = |seed| {
            serde_json::to_string(&Optimizer::sample(
                &mut crate::seed::rng(seed),
                Difficulty::Hard,
                Some(variant),
            ))
            .unwrap()
        };
        assert_eq!(draw(7), draw(7));
    }
    let any = Optimizer::sample(&mut crate::seed::rng(3), Difficulty::Practice, None);
    assert!(Optimizer::solve(&any).is_ok());
}

/// Whether the problem of `cfg`, whose run is `trace`, breaks none of the rules of `lively`:
/// [`lively::coordinate`] on the run of every parameter and [`lively::across`].
fn lively_whole(cfg: &config::Config, trace: &algorithms::Trace) -> bool {
    let rates = algorithms::Rates::<algorithms::Solver>::new(cfg);
    (0..cfg.dim()).all(|i| {
        algorithms::param_steps(cfg, &rates, i)
            .is_ok_and(|steps| lively::coordinate::<algorithms::Solver>(cfg, i, &steps))
    }) && lively::across(cfg, trace)
}

/// The rules against degenerate instances (`lively`), on 1000 seeds per variant and difficulty:
/// theta moves in every coordinate at every step, no used gradient is cancelled to zero, given
/// gradients differ between steps, no all-zero step, no start at the minimum, and where Adam asks
/// about bias correction its factor is not 1.
#[test]
fn no_degenerate_instance_at_any_difficulty() {
    for variant in Optimizer::VARIANTS {
        for d in Difficulty::ALL {
            for seed in 0..1000u64 {
                let mut rng =
                    crate::seed::rng(crate::seed::derive(seed, &format!("{variant}/{d}")));
                let p = Optimizer::sample(&mut rng, d, Some(variant));
                let cfg = config::Config::from_params(&p).unwrap();
                let trace = algorithms::run(&cfg).unwrap();
                let text = serde_json::to_string(&p).unwrap();
                assert!(lively_whole(&cfg, &trace), "{variant} {d}: {text}");
                for (t, step) in trace.steps.iter().enumerate() {
                    for i in 0..cfg.dim() {
                        assert_ne!(step.theta[i], trace.theta(t)[i], "{text}");
                    }
                }
            }
        }
    }
}

/// The degenerate instances the rules exist for are refused: AdamW whose decay cancels its
/// step, Adam whose bias factor is 1, equal gradients, an all-zero step, a start at the minimum.
#[test]
fn degenerate_instances_are_refused() {
    let refused = |v: Value| {
        let cfg = config::Config::from_params(&from_json("optimizer", &v).unwrap()).unwrap();
        let trace = algorithms::run(&cfg).unwrap();
        assert!(!lively_whole(&cfg, &trace), "{v}");
    };
    // theta = 2: decay 1 * 1/2 * 2 = 1 and the Adam step -1/2 * ... cancel to theta_1 = theta_0.
    refused(
        json!({"algorithm": "adamw", "theta": [2], "grads": [[-3], [1]], "lr": 1,
        "weight_decay": "1/2", "beta1": "1/2", "beta2": "3/4", "eps": 0}),
    );
    refused(
        json!({"algorithm": "adam", "theta": [1], "grads": [[2], [-1]], "lr": 1,
        "beta1": "1/2", "beta2": "3/4", "eps": 0}),
    );
    refused(json!({"algorithm": "sgd", "theta": [1], "grads": [[2], [2]], "lr": "1/2"}));
    refused(json!({"algorithm": "sgd", "theta": [1, 2], "grads": [[2, 1], [0, 0]], "lr": "1/2"}));
    refused(
        json!({"algorithm": "sgd", "theta": [3], "objective": {"quadratic": {"a": [1], "c": [3]}},
        "steps": 2, "lr": "1/4"}),
    );
    // L2 cancels the data gradient: -1 + 1/2 * 2 = 0.
    refused(
        json!({"algorithm": "sgd", "theta": [2], "grads": [[-1], [3]], "lr": "1/2",
        "weight_decay": "1/2"}),
    );
}
