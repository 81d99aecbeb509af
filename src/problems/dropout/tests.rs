use serde_json::json;

use super::Dropout;
use super::params::{Checked, Params};
use super::sample::lively;
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::varied::{assert_varied, for_each_draw};
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    Dropout::solve(&from_json::<Params>("dropout", &v)?)
}

/// Worked by hand: p = 1/2 doubles the kept entries; the gradient takes the same path.
#[test]
fn inverted_dropout_in_training() {
    let s = solve_json(json!({
        "x": [2, -4, 6, 8], "mask": [1, 0, 1, 1], "p": 0.5, "upstream": [1, 2, 3, -4]
    }))
    .unwrap();
    assert_eq!(s.variant, "backward");
    assert_eq!(s.answer_text("y"), "[4,0,12,16]");
    assert_eq!(s.answer_text("dL_dx"), "[2,0,6,-8]");
    assert_eq!(s.answer_text("expected_y"), "[2,-4,6,8]");
}

/// p = 1/4 keeps with 3/4, so kept entries grow by 4/3; in a batch, row by row.
#[test]
fn inverted_dropout_on_a_batch() {
    let s = solve_json(json!({
        "x": [[3, 6], [-0.3, 1.5]], "mask": [[0, 1], [1, 1]], "p": "1/4"
    }))
    .unwrap();
    assert_eq!(s.variant, "train");
    assert_eq!(s.answer_text("y"), "[[0,8],[-0.4,2]]");
    assert_eq!(s.answer_text("expected_y"), "[[3,6],[-0.3,1.5]]");
}

/// The original paper's dropout: no scaling in training, so E[y] = (1 - p) x.
#[test]
fn test_time_scaling() {
    let s = solve_json(json!({
        "x": [4, 8, -12], "mask": [1, 0, 1], "p": 0.25, "scaling": "test-time", "upstream": [1, 1, 2]
    }))
    .unwrap();
    assert_eq!(s.variant, "test-time-scaling");
    assert_eq!(s.answer_text("y"), "[4,0,-12]");
    assert_eq!(s.answer_text("dL_dx"), "[1,0,2]");
    assert_eq!(s.answer_text("expected_y"), "[3,6,-9]");
}

/// In evaluation inverted dropout is the identity; test-time scaling multiplies by 1 - p.
#[test]
fn evaluation_mode() {
    let s =
        solve_json(json!({"x": [1, -2], "p": 0.2, "mode": "eval", "upstream": [5, 10]})).unwrap();
    assert_eq!(s.variant, "eval");
    assert_eq!(s.answer_text("y"), "[1,-2]");
    assert_eq!(s.answer_text("dL_dx"), "[5,10]");
    assert!(s.answers.iter().all(|a| a.id != "expected_y"));
    let s = solve_json(json!({
        "x": [1, -2], "p": 0.2, "mode": "eval", "scaling": "test-time", "upstream": [5, 10]
    }))
    .unwrap();
    assert_eq!(s.answer_text("y"), "[0.8,-1.6]");
    assert_eq!(s.answer_text("dL_dx"), "[4,8]");
}

/// Vectors are written in one format: decimals at one precision, or fractions throughout.
#[test]
fn one_number_format_per_tensor() {
    let s = solve_json(json!({"x": [0.5, 1.25, 2], "mask": [1, 1, 0], "p": 0.5})).unwrap();
    let y = s.answers.iter().find(|a| a.id == "y").unwrap();
    assert_eq!(y.latex, r"\begin{bmatrix} 1.0 & 2.5 & 0.0 \end{bmatrix}");
    let s = solve_json(json!({"x": [1, 0.5], "mask": [1, 0], "p": "1/4"})).unwrap();
    let y = s.answers.iter().find(|a| a.id == "y").unwrap();
    assert_eq!(y.latex, r"\begin{bmatrix} \frac{4}{3} & 0 \end{bmatrix}");
}

#[test]
fn bad_params_are_refused() {
    for (v, needle) in [
        (json!({"x": [1, 2], "p": 0.5}), "mask"),
        (
            json!({"x": [1, 2], "p": 0.5, "mode": "eval", "mask": [1, 0]}),
            "mask",
        ),
        (json!({"x": [1, 2], "mask": [1, 2], "p": 0.5}), "mask"),
        (json!({"x": [1, 2], "mask": [1, 0, 1], "p": 0.5}), "mask"),
        (json!({"x": [1, 2], "mask": [1, 0], "p": 1}), "`p`"),
        (json!({"x": [1, 2], "mask": [1, 0], "p": -0.1}), "`p`"),
        (
            json!({"x": [1, 2], "mask": [1, 0], "p": 0.5, "upstream": [1]}),
            "upstream",
        ),
        (json!({"x": [[[1]]], "mask": [[[1]]], "p": 0.5}), "`x`"),
        (
            json!({"x": [1, 2], "mask": [1, 0], "p": 0.5, "mode": "test"}),
            "mode",
        ),
        (
            json!({"x": [1, 2], "mask": [1, 0], "p": 0.5, "drop": 1}),
            "drop",
        ),
    ] {
        let e = solve_json(v.clone()).unwrap_err().to_string();
        assert!(e.contains(needle), "{v}: {e}");
    }
}

/// The rules of the module docs over 1,000 seeds per variant and difficulty: the mask keeps and
/// drops, no input or upstream gradient is zero, and at `exam` every answer is an integer.
#[test]
fn draws_keep_the_rules() {
    for_each_draw::<Dropout>("dropout-rules", 1000, |difficulty, p, what| {
        let c = Checked::new(p).unwrap();
        assert!(lively(&c), "{what}");
        assert!(c.x.iter().all(|v| !v.is_zero()), "{what}");
        assert!(c.upstream.iter().flatten().all(|v| !v.is_zero()), "{what}");
        if difficulty == Difficulty::Exam {
            let solved = Dropout::solve(p).unwrap();
            for a in &solved.answers {
                let values = a.value.as_array().unwrap();
                assert!(values.iter().all(|v| v.is_i64()), "{what}: {}", a.id);
            }
        }
    });
}

#[test]
fn variety() {
    assert_varied::<Dropout>();
}
