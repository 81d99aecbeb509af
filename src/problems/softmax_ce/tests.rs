use serde_json::json;

use super::SoftmaxCe;
use super::params::{Checked, Params};
use super::sample::lively;
use crate::error::Result;
use crate::num::Q;
use crate::problems::log_num::LogNum;
use crate::problems::params::from_json;
use crate::problems::varied::{assert_varied, for_each_draw};
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    SoftmaxCe::solve(&from_json::<Params>("softmax-ce", &v)?)
}

fn loss(s: &Solved) -> f64 {
    s.answers
        .iter()
        .find(|a| a.id == "loss")
        .unwrap()
        .value
        .as_f64()
        .unwrap()
}

/// Worked by hand: e^z = (1, 2, 5), sum 8, so p = (1/8, 1/4, 5/8) and L = ln(8/5).
#[test]
fn softmax_of_logarithms_is_exact() {
    let s = solve_json(json!({"logits": [0, "ln 2", "ln(5)"], "target": 2})).unwrap();
    assert_eq!(s.variant, "single");
    assert_eq!(s.answer_text("probs"), "[0.125,0.25,0.625]");
    assert!((loss(&s) - (8.0f64 / 5.0).ln()).abs() < 1e-12);
    assert_eq!(s.answer_text("dL_dlogits"), "[0.125,0.25,-0.375]");
    // Doubling squares the exponentials: (1, 4, 25) / 30.
    assert_eq!(
        s.answer_text("probs_doubled"),
        r#"[0.0333333333333333,0.133333333333333,0.833333333333333]"#
    );
    let l = s.answers.iter().find(|a| a.id == "loss").unwrap();
    assert_eq!(l.latex, r"\ln \frac{8}{5} \approx 0.4700");
}

/// Plain decimal logits: the probabilities are those of f64 arithmetic to many places.
#[test]
fn decimal_logits_match_floating_point() {
    let s = solve_json(json!({"logits": [1.5, -0.5, 0.2], "target": 0})).unwrap();
    let z = [1.5f64, -0.5, 0.2];
    let total: f64 = z.iter().map(|v| v.exp()).sum();
    let probs = s.answers[0].value.as_array().unwrap();
    for (p, v) in probs.iter().zip(z) {
        assert!((p.as_f64().unwrap() - v.exp() / total).abs() < 1e-12);
    }
    assert!((loss(&s) - (total / 1.5f64.exp()).ln()).abs() < 1e-12);
}

/// The mean over a batch divides every gradient by n; a temperature divides it by T.
#[test]
fn batch_mean_and_temperature() {
    let s = solve_json(json!({"logits": [["ln 3", 0], [0, "ln 3"]], "target": [0, 0]})).unwrap();
    assert_eq!(s.variant, "batch");
    assert_eq!(s.answer_text("probs"), "[[0.75,0.25],[0.25,0.75]]");
    assert_eq!(
        s.answer_text("dL_dlogits"),
        "[[-0.125,0.125],[-0.375,0.375]]"
    );
    assert!((loss(&s) - 0.5 * ((4.0f64 / 3.0).ln() + 4f64.ln())).abs() < 1e-12);
    let s =
        solve_json(json!({"logits": [0, "ln 4", "ln 9"], "target": 1, "temperature": 2})).unwrap();
    assert_eq!(s.variant, "temperature");
    // e^(z/2) = (1, 2, 3): p = (1/6, 1/3, 1/2); dL/dz = (p - onehot) / 2.
    assert_eq!(
        s.answer_text("dL_dlogits"),
        "[0.0833333333333333,-0.333333333333333,0.25]"
    );
}

/// Seed 5.3: sigmoid outputs and the categorical cross-entropy only see the target.
#[test]
fn sigmoid_with_categorical_cross_entropy() {
    let s =
        solve_json(json!({"logits": ["ln 3", "ln 9", 0], "target": 0, "activation": "sigmoid"}))
            .unwrap();
    assert_eq!(s.variant, "sigmoid");
    assert_eq!(s.answer_text("probs"), "[0.75,0.9,0.5]");
    assert_eq!(s.answer_text("dL_dlogits"), "[-0.25,0,0]");
    assert!((loss(&s) - (4.0f64 / 3.0).ln()).abs() < 1e-12);
}

#[test]
fn bad_params_are_refused() {
    for (v, needle) in [
        (json!({"logits": [1], "target": 0}), "classes"),
        (json!({"logits": [1, 2], "target": 2}), "target"),
        (json!({"logits": [1, 2], "target": 0.5}), "target"),
        (json!({"logits": [1, 2], "target": [0]}), "target"),
        (json!({"logits": [[1, 2], [1]], "target": [0, 0]}), "logits"),
        (json!({"logits": ["ln 0", 1], "target": 0}), "ln 0"),
        (json!({"logits": ["ln -2", 1], "target": 0}), "ln -2"),
        (json!({"logits": ["log 2", 1], "target": 0}), "log 2"),
        (
            json!({"logits": [1, 2], "target": 0, "temperature": 0}),
            "temperature",
        ),
        (
            json!({"logits": [1, 2], "target": 0, "temperature": 2, "activation": "sigmoid"}),
            "temperature",
        ),
        (json!({"logits": [100, 2], "target": 0}), "logits"),
        (
            json!({"logits": [1, 2], "target": 0, "reduction": "max"}),
            "reduction",
        ),
        (
            json!({"logits": [1, 2], "target": 0, "labels": 1}),
            "labels",
        ),
    ] {
        let e = solve_json(v.clone()).unwrap_err().to_string();
        assert!(e.contains(needle), "{v}: {e}");
    }
}

/// Params round-trip: what `gen` prints, `solve` reads back to the same problem.
#[test]
fn logarithms_round_trip() {
    let v = json!({"logits": ["ln(3/2)", 0, "ln 7", -1.5], "target": 3});
    let p = from_json::<Params>("softmax-ce", &v).unwrap();
    assert_eq!(serde_json::to_value(&p).unwrap(), v);
    assert_eq!(p.logits.rows[0][0], LogNum::Ln(Q::frac(3, 2)));
}

/// The rules of the module docs over 1,000 seeds per variant and difficulty: no uniform row, and
/// at `exam` every probability and gradient exact.
#[test]
fn draws_keep_the_rules() {
    for_each_draw::<SoftmaxCe>("softmax-rules", 1000, |difficulty, p, what| {
        let c = Checked::new(p).unwrap();
        assert!(lively(&c), "{what}");
        if difficulty == Difficulty::Exam {
            let solved = SoftmaxCe::solve(p).unwrap();
            for a in solved.answers.iter().filter(|a| a.id != "loss") {
                assert!(a.exact.is_some(), "{what}: {} is not exact", a.id);
            }
        }
    });
}

#[test]
fn variety() {
    assert_varied::<SoftmaxCe>();
}
