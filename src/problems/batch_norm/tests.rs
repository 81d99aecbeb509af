use serde_json::{Value, json};

use super::BatchNorm;
use super::compute::run;
use super::params::{Layer, Params};
use super::sample::{calculator_free, lively, sample};
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::varied::assert_varied;
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: Value) -> Result<Solved> {
    BatchNorm::solve(&from_json::<Params>("batch-norm", &v)?)
}

/// The exact fractions of answer `id`, as compact JSON.
fn exact(s: &Solved, id: &str) -> String {
    let a = s.answers.iter().find(|a| a.id == id).unwrap();
    a.exact.as_ref().expect("exact").to_string()
}

fn ids(s: &Solved) -> Vec<&str> {
    s.answers.iter().map(|a| a.id.as_str()).collect()
}

/// Worked by hand: channel 1 holds 0, 2, 2, 8 (mean 3, variance 36/4 = 9, root 3), channel 2
/// holds 1, 3, 1, 3 (mean 2, variance 1).
fn two_channels() -> Value {
    json!({"x": [[0, 1], [2, 3], [2, 1], [8, 3]], "gamma": [2, 0.5], "beta": [1, -1], "eps": 0,
           "momentum": 0.1, "running_mean": [0, 0], "running_var": [1, 1]})
}

#[test]
fn forward_in_training_by_hand() {
    let s = solve_json(two_channels()).unwrap();
    assert_eq!(s.variant, "train-1d");
    assert_eq!(
        ids(&s),
        [
            "variables",
            "param_shape",
            "mean",
            "var",
            "x_hat",
            "y",
            "running_mean",
            "running_var"
        ]
    );
    assert_eq!(s.answer_text("param_shape"), "[2]");
    assert_eq!(s.answer_text("mean"), "[3,2]");
    assert_eq!(s.answer_text("var"), "[9,1]");
    assert_eq!(
        exact(&s, "x_hat"),
        r#"[["-1","-1"],["-1/3","1"],["-1/3","-1"],["5/3","1"]]"#
    );
    // y = 2 x_hat + 1 and 0.5 x_hat - 1.
    assert_eq!(
        exact(&s, "y"),
        r#"[["-1","-3/2"],["1/3","-1/2"],["1/3","-3/2"],["13/3","-1/2"]]"#
    );
    // Unbiased variances 9 * 4/3 = 12 and 4/3: 0.9 + 0.1 * 12 = 2.1, 0.9 + 0.1 * 4/3 = 31/30.
    assert_eq!(s.answer_text("running_mean"), "[0.3,0.2]");
    assert_eq!(exact(&s, "running_var"), r#"["21/10","31/30"]"#);
}

#[test]
fn backward_in_training_by_hand() {
    let mut p = two_channels();
    p["upstream"] = json!([[1, 0], [0, 1], [0, 0], [0, 0]]);
    let s = solve_json(p).unwrap();
    assert_eq!(s.variant, "backward");
    assert_eq!(s.answer_text("dL_dbeta"), "[1,1]");
    assert_eq!(s.answer_text("dL_dgamma"), "[-1,1]");
    // Channel 1: (2 / (4 * 3)) (4 g - 1 + x_hat) = [1/3, -2/9, -2/9, 1/9];
    // channel 2: (1/2 / 4) (4 g - 1 - x_hat) = [0, 1/4, 0, -1/4].
    assert_eq!(
        exact(&s, "dL_dx"),
        r#"[["1/3","0"],["-2/9","1/4"],["-2/9","0"],["1/9","-1/4"]]"#
    );
}

#[test]
fn eval_uses_the_running_statistics_and_keeps_them() {
    let s = solve_json(json!({"x": [[1], [3], [-3]], "mode": "eval", "gamma": [3], "eps": 0,
                              "running_mean": [1], "running_var": [4], "upstream": [[1], [2], [0]]}))
    .unwrap();
    assert_eq!(s.variant, "eval");
    assert_eq!(
        ids(&s),
        [
            "variables",
            "param_shape",
            "x_hat",
            "y",
            "dL_dgamma",
            "dL_dbeta",
            "dL_dx"
        ]
    );
    assert_eq!(s.answer_text("x_hat"), "[[0],[1],[-2]]");
    assert_eq!(s.answer_text("y"), "[[0],[3],[-6]]");
    // dL/dx = gamma g / 2.
    assert_eq!(s.answer_text("dL_dx"), "[[1.5],[3],[0]]");
    assert_eq!(s.answer_text("dL_dgamma"), "[2]");
}

#[test]
fn rank_four_pools_the_batch_and_the_positions() {
    let s = solve_json(json!({"x": [[[[0, 2], [2, 8]]]], "eps": 0})).unwrap();
    assert_eq!(s.variant, "train-2d");
    assert_eq!(s.answer_text("mean"), "[3]");
    assert_eq!(s.answer_text("var"), "[9]");
    assert_eq!(exact(&s, "x_hat"), r#"[[[["-1","-1/3"],["-1/3","5/3"]]]]"#);
    // Defaults: running mean 0 and variance 1 move by momentum 0.1.
    assert_eq!(s.answer_text("running_mean"), "[0.3]");
    assert_eq!(s.answer_text("running_var"), "[2.1]");
}

#[test]
fn pytorch_default_eps_gives_rounded_answers_with_tolerances() {
    let s = solve_json(json!({"x": [[0], [2], [2], [8]]})).unwrap();
    let x_hat = s.answers.iter().find(|a| a.id == "x_hat").unwrap();
    assert!(x_hat.exact.is_none());
    // sqrt(9 + 1e-5) = 3.0000016...: -3 / that = -0.99999944...
    assert!(
        x_hat.latex.contains("-1.0000") && x_hat.latex.contains("1.6667"),
        "{}",
        x_hat.latex
    );
    assert_eq!(x_hat.tolerance.json().to_string(), r#"{"abs":0.00005}"#);
}

#[test]
fn bad_params_are_refused_naming_the_field() {
    for (v, needle) in [
        (json!({"x": [[1, 2], [3, 4]], "gamma": [1]}), "gamma"),
        (json!({"x": [[[1, 2]]]}), "x"),
        (json!({"x": [[1], [3]], "running_var": [-1]}), "running_var"),
        (json!({"x": [[1], [3]], "momentum": 1.5}), "momentum"),
        (json!({"x": [[1], [3]], "eps": -0.1}), "eps"),
        (json!({"x": [[2], [2]], "eps": 0}), "channel 1"),
        (json!({"x": [[2, 5]]}), "more than one"),
        (json!({"x": [[1], [3]], "upstream": [[1]]}), "upstream"),
        (
            json!({"x": [[1]], "mode": "eval", "running_var": [0], "eps": 0}),
            "running_var",
        ),
        (json!({"x": [[1]], "mode": "test"}), "mode"),
        (json!({"x": [[1], [3]], "gamma": ["1e30"]}), "gamma"),
        (json!({"x": [[1], [3]], "bias": [1]}), "bias"),
    ] {
        let e = solve_json(v.clone()).unwrap_err().to_string();
        assert!(e.contains(needle) && !e.contains('\n'), "{v}: {e}");
    }
    // eps > 0 lets a constant channel through, as in PyTorch (x_hat = 0).
    let s = solve_json(json!({"x": [[2], [2]], "eps": 0.25})).unwrap();
    assert_eq!(s.answer_text("x_hat"), "[[0],[0]]");
}

#[test]
fn exam_draws_keep_the_rule_and_every_draw_is_lively() {
    for difficulty in Difficulty::ALL {
        for variant in BatchNorm::VARIANTS {
            for seed in 0..150 {
                let rng = &mut crate::seed::rng(seed);
                let (p, layer, pass) = sample(rng, difficulty, Some(variant));
                assert!(
                    lively(&layer, &pass),
                    "{difficulty} {variant} seed {seed}: {p:?}"
                );
                if difficulty == Difficulty::Exam {
                    assert!(layer.eps.is_zero(), "seed {seed}");
                    assert!(calculator_free(&pass), "{variant} seed {seed}: {p:?}");
                }
            }
        }
    }
}

/// dL/dx against central differences of L = sum g y in f64, on sampled backward problems.
#[test]
fn backward_matches_finite_differences() {
    for difficulty in Difficulty::ALL {
        for seed in 0..40 {
            let (_, layer, pass) =
                sample(&mut crate::seed::rng(seed), difficulty, Some("backward"));
            let g: Vec<f64> = layer
                .upstream
                .as_ref()
                .unwrap()
                .iter()
                .map(|q| q.to_f64())
                .collect();
            let loss = |x: &[f64]| -> f64 {
                let mut l = layer.clone();
                l.x = x
                    .iter()
                    .map(|v| crate::num::Q::from_f64(*v).unwrap())
                    .collect();
                l.upstream = None;
                let y = run(&l).y;
                y.iter().zip(&g).map(|(y, g)| y.to_f64() * g).sum()
            };
            let x: Vec<f64> = layer.x.iter().map(|q| q.to_f64()).collect();
            let dx = &pass.grads.as_ref().unwrap().dx;
            for i in 0..x.len() {
                let h = 1e-6;
                let (mut up, mut down) = (x.clone(), x.clone());
                up[i] += h;
                down[i] -= h;
                let numeric = (loss(&up) - loss(&down)) / (2.0 * h);
                let exact = dx[i].to_f64();
                assert!(
                    (numeric - exact).abs() <= 1e-4 * (1.0 + exact.abs()),
                    "{difficulty} seed {seed} entry {i}: {numeric} vs {exact}"
                );
            }
        }
    }
}

#[test]
fn sampled_params_check() {
    for seed in 0..50 {
        let p = BatchNorm::sample(&mut crate::seed::rng(seed), Difficulty::Hard, None);
        assert!(Layer::from_params(&p).is_ok());
    }
}

#[test]
fn variety() {
    assert_varied::<BatchNorm>();
}
