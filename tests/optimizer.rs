//! `optimizer` through the real binary: hand instances as JSON, determinism, bad input.

use serde_json::Value;

use crate::common::{stdout_of, usage_error};
use crate::snapshot;

fn solve(params: &str) -> Value {
    let out = stdout_of(&["solve", "optimizer", "--params", params, "--format", "json"]);
    serde_json::from_str(&out).unwrap()
}

fn exact(doc: &Value, id: &str) -> Value {
    let answers = doc["problems"][0]["answers"].as_array().unwrap();
    let a = answers
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no answer {id}"));
    a["exact"].clone()
}

#[test]
fn adam_two_steps_by_hand() {
    // m_1 = 1.5, v_1 = 9, m_hat_1 = 6, v_hat_1 = 36, theta_1 = 3 - 0.1 * 6/6 = 2.9;
    // m_2 = 0.875, v_2 = 7, m_hat_2 = 2, v_hat_2 = 16, theta_2 = 2.9 - 0.1 * 2/4 = 2.85.
    let doc = solve(
        r#"{"theta": [3], "grads": [[6], [-1]], "lr": 0.1, "beta1": "3/4", "beta2": "3/4", "eps": 0}"#,
    );
    assert_eq!(doc["problems"][0]["variant"], "adam");
    for (id, want) in [
        ("v_hat_2", "16"),
        ("m_hat_2", "2"),
        ("theta_1", "29/10"),
        ("theta_2", "57/20"),
        ("first_update", "-1/10"),
    ] {
        assert_eq!(exact(&doc, id), serde_json::json!([want]), "{id}");
    }
}

#[test]
fn pytorch_defaults_give_tolerances_and_scientific_notation() {
    let doc = solve(r#"{"theta": [1, -1], "grads": [[0.5, -2]]}"#);
    let answers = doc["problems"][0]["answers"].as_array().unwrap();
    let theta = answers.iter().find(|a| a["id"] == "theta_1").unwrap();
    assert!(theta["tolerance"]["abs"].as_f64().unwrap() > 0.0, "{theta}");
    let v = answers.iter().find(|a| a["id"] == "v_1").unwrap();
    assert!(
        v["latex"].as_str().unwrap().contains("2.5 \\times 10^{-4}"),
        "{v}"
    );
    let tex = stdout_of(&[
        "solve",
        "optimizer",
        "--params",
        r#"{"theta": [1], "grads": [[0.5]]}"#,
        "--format",
        "tex",
    ]);
    assert!(
        tex.contains("1 \\times 10^{-8}"),
        "eps in scientific notation"
    );
}

#[test]
fn generated_problems_reproduce_and_are_deterministic() {
    for format in ["md", "tex", "json"] {
        let args = [
            "gen",
            "optimizer",
            "--seed",
            "5",
            "--count",
            "3",
            "--format",
            format,
            "--solutions",
        ];
        assert_eq!(stdout_of(&args), stdout_of(&args), "{format}");
    }
    let doc: Value = serde_json::from_str(&stdout_of(&[
        "gen",
        "optimizer",
        "--seed",
        "9",
        "--count",
        "6",
        "--difficulty",
        "practice",
        "--format",
        "json",
    ]))
    .unwrap();
    for problem in doc["problems"].as_array().unwrap() {
        let params = problem["params"].to_string();
        let again = solve(&params);
        assert_eq!(
            again["problems"][0]["answers"], problem["answers"],
            "{params}"
        );
    }
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_field() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"algorithm": "sgd", "theta": [1], "grads": [[1]], "beta1": 0.9}"#,
            "`beta1`",
        ),
        (r#"{"theta": [1], "grads": [[1]], "beta2": 1}"#, "`beta2`"),
        (r#"{"theta": [1], "grads": [[1]], "lr": -1}"#, "`lr`"),
        (r#"{"theta": [1], "grads": [[1]], "eps": -1e-8}"#, "`eps`"),
        (r#"{"theta": [1, 2], "grads": [[1]]}"#, "`grads`"),
        (
            r#"{"algorithm": "lbfgs", "theta": [1], "grads": [[1]]}"#,
            "`algorithm`",
        ),
        (
            r#"{"theta": [1], "objective": {"quadratic": {"a": [1], "c": [0]}}, "steps": 25}"#,
            "`steps`",
        ),
        (r#"{"theta": [1], "grads": [[1]], "steps": 0}"#, "`steps`"),
        (r#"{"grads": [[1]]}"#, "`theta`"),
        (r#"{"theta": [1], "grads": [[0]], "eps": 0}"#, "step 1"),
        (
            r#"{"algorithm": "momentum", "theta": [1], "grads": [[1]]}"#,
            "`momentum`",
        ),
    ];
    for (params, needle) in cases {
        let line = usage_error(&["solve", "optimizer", "--params", params]);
        assert!(line.contains(needle), "{params}: {line}");
    }
}

/// The params the sampler draws for `gen optimizer --seed 1 --count 100` at each difficulty, one
/// problem per line. The sampler's check of the exam rule runs the solver's own arithmetic
/// (`algorithms.rs`); any change to either that draws other params shows here as a changed
/// snapshot. (When the two became one implementation, this snapshot equalled the params of
/// dlexam 3537b39, whose check was a separate copy of that arithmetic.)
#[test]
fn sampled_params_are_pinned() {
    let mut lines = String::new();
    for difficulty in ["exam", "practice", "hard"] {
        let out = stdout_of(&[
            "gen",
            "optimizer",
            "--seed",
            "1",
            "--count",
            "100",
            "--difficulty",
            difficulty,
            "--format",
            "json",
        ]);
        let doc: Value = serde_json::from_str(&out).unwrap();
        for (i, problem) in doc["problems"].as_array().unwrap().iter().enumerate() {
            lines.push_str(&format!("{difficulty} {i} {}\n", problem["params"]));
        }
    }
    snapshot!("optimizer__sampled_params", lines);
}
