use serde_json::json;

use super::Regularization;
use super::params::{Checked, Params, Regularizer};
use super::sample::lively;
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::varied::{assert_varied, for_each_draw};
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    Regularization::solve(&from_json::<Params>("regularization", &v)?)
}

/// Worked by hand: R = 1/2 (1 + 4) = 5/2, dR/dw = 2 (1/2) w = w, w' = w - 1/10 (g + w).
#[test]
fn l2_is_weight_decay() {
    let s = solve_json(json!({
        "w": [1, -2], "regularizer": "l2", "lambda": 0.5, "lr": 0.1, "data_grad": [3, 1]
    }))
    .unwrap();
    assert_eq!(s.variant, "l2");
    assert_eq!(s.answer_text("reg_loss"), "2.5");
    assert_eq!(s.answer_text("dR_dw"), "[1,-2]");
    assert_eq!(s.answer_text("w_next"), "[0.6,-1.9]");
}

/// |w| has the gradient lambda sign(w), 0 at 0 (PyTorch's choice).
#[test]
fn l1_takes_the_sign() {
    let s =
        solve_json(json!({"w": [[2, 0], [-0.5, 3]], "regularizer": "l1", "lambda": 0.25})).unwrap();
    assert_eq!(s.answer_text("reg_loss"), "1.375");
    assert_eq!(s.answer_text("dR_dw"), "[[0.25,0],[-0.25,0.25]]");
    assert!(s.answers.iter().all(|a| a.id != "w_next"));
}

/// Seed 5.1: e^-w at w = ln 2 and ln(1/4) is 1/2 and 4, exactly; the step only pushes up.
#[test]
fn exp_neg_of_logarithms_is_exact() {
    let s = solve_json(json!({
        "w": ["ln 2", "ln(1/4)"], "regularizer": "exp-neg", "lambda": 1, "lr": 0.5
    }))
    .unwrap();
    assert_eq!(s.answer_text("reg_loss"), "4.5");
    assert_eq!(s.answer_text("dR_dw"), "[-0.5,-4]");
    let next = s.answers.iter().find(|a| a.id == "w_next").unwrap();
    let v: Vec<f64> = next
        .value
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!((v[0] - (2f64.ln() + 0.25)).abs() < 1e-12);
    assert!((v[1] - (0.25f64.ln() + 2.0)).abs() < 1e-12);
    assert!(
        next.latex
            .starts_with(r"\begin{bmatrix} \ln 2 + \frac{1}{4} & -\ln 4 + 2"),
        "{}",
        next.latex
    );
}

/// Seed 5.2: cosh(ln 3) - 1 = (3 + 1/3)/2 - 1 = 2/3, sinh(ln 3) = 4/3.
#[test]
fn cosh_of_logarithms_is_exact() {
    let s = solve_json(json!({"w": ["ln 3", 0.5], "regularizer": "cosh", "lambda": 3})).unwrap();
    let loss = s.answers[0].value.as_f64().unwrap();
    assert!((loss - 3.0 * (2.0 / 3.0 + 0.5f64.cosh() - 1.0)).abs() < 1e-12);
    let g = s.answers[1].value.as_array().unwrap();
    assert_eq!(g[0].as_f64().unwrap(), 4.0);
    assert!((g[1].as_f64().unwrap() - 3.0 * 0.5f64.sinh()).abs() < 1e-12);
}

#[test]
fn bad_params_are_refused() {
    for (v, needle) in [
        (
            json!({"w": [1], "regularizer": "l3", "lambda": 1}),
            "regularizer",
        ),
        (
            json!({"w": [1], "regularizer": "l2", "lambda": -1}),
            "lambda",
        ),
        (json!({"w": [], "regularizer": "l2", "lambda": 1}), "`w`"),
        (
            json!({"w": [[1, 2], [3]], "regularizer": "l2", "lambda": 1}),
            "`w`",
        ),
        (
            json!({"w": ["ln -1"], "regularizer": "cosh", "lambda": 1}),
            "ln -1",
        ),
        (
            json!({"w": [100], "regularizer": "cosh", "lambda": 1}),
            "`w`",
        ),
        (
            json!({"w": [1], "regularizer": "l2", "lambda": 1, "data_grad": [1]}),
            "lr",
        ),
        (
            json!({"w": [1], "regularizer": "l2", "lambda": 1, "lr": 0}),
            "lr",
        ),
        (
            json!({"w": [1, 2], "regularizer": "l2", "lambda": 1, "lr": 1, "data_grad": [1]}),
            "data_grad",
        ),
        (json!({"w": [1], "lambda": 1}), "regularizer"),
        (
            json!({"w": [1], "regularizer": "l2", "lambda": 1, "decay": 1}),
            "decay",
        ),
    ] {
        let e = solve_json(v.clone()).unwrap_err().to_string();
        assert!(e.contains(needle), "{v}: {e}");
    }
}

/// The rules of the module docs over 1,000 seeds per variant and difficulty: no zero gradient
/// and every weight moves; at `exam` the loss and gradient exact.
#[test]
fn draws_keep_the_rules() {
    for_each_draw::<Regularization>("regularization-rules", 1000, |difficulty, p, what| {
        let c = Checked::new(p).unwrap();
        assert!(lively(&c), "{what}");
        if difficulty == Difficulty::Exam {
            let solved = Regularization::solve(p).unwrap();
            for a in solved.answers.iter().filter(|a| {
                a.id != "w_next" || matches!(c.regularizer, Regularizer::L2 | Regularizer::L1)
            }) {
                assert!(a.exact.is_some(), "{what}: {} is not exact", a.id);
            }
        }
    });
}

#[test]
fn variety() {
    assert_varied::<Regularization>();
}
