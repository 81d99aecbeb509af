use serde_json::json;

use super::ReceptiveField;
use super::params::{Params, check};
use super::sample::calculator_free;
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::varied::assert_varied;
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    ReceptiveField::solve(&from_json::<Params>("receptive-field", &v)?)
}

/// Seed exam 2.2, worked by hand: 3x3, 3x3, 2x2 max pool (stride 2 by default), 3x3.
#[test]
fn a_small_stack_by_hand() {
    let s = solve_json(json!({"layers": [
        {"kernel": 3, "padding": 1}, {"kernel": 3, "padding": 1},
        {"op": "max_pool2d", "kernel": 2}, {"kernel": 3}]}))
    .unwrap();
    assert_eq!(s.variant, "pooling");
    let fields: Vec<String> = (1..=4)
        .map(|i| s.answer_text(&format!("receptive_field_{i}")))
        .collect();
    assert_eq!(fields, ["3", "5", "6", "10"]);
    let jumps: Vec<String> = (1..=4)
        .map(|i| s.answer_text(&format!("jump_{i}")))
        .collect();
    assert_eq!(jumps, ["1", "1", "2", "2"]);
    assert_eq!(s.answer_text("receptive_field"), "10");
    assert_eq!(s.answer_text("jump"), "2");
}

/// AlexNet's feature extractor sees 195 x 195 pixels, 32 apart (a published figure).
#[test]
fn alexnet_features_see_195_pixels() {
    let s = solve_json(json!({"layers": [
        {"kernel": 11, "stride": 4, "padding": 2}, {"op": "max_pool2d", "kernel": 3, "stride": 2},
        {"kernel": 5, "padding": 2}, {"op": "max_pool2d", "kernel": 3, "stride": 2},
        {"kernel": 3, "padding": 1}, {"kernel": 3, "padding": 1}, {"kernel": 3, "padding": 1},
        {"op": "max_pool2d", "kernel": 3, "stride": 2}]}))
    .unwrap();
    assert_eq!(s.answer_text("receptive_field"), "195");
    assert_eq!(s.answer_text("jump"), "32");
}

#[test]
fn dilation_and_rectangles() {
    // r: 1 + 2*2 = 5, then 5 + 1*2*1 = 7 (height); width kernels 1 and 3: 1, 3.
    let s = solve_json(json!({"layers": [
        {"kernel": [3, 1], "dilation": 2}, {"kernel": 3, "stride": [2, 1]}]}))
    .unwrap();
    assert_eq!(s.answer_text("receptive_field"), "[7,3]");
    assert_eq!(s.answer_text("jump"), "[2,1]");
}

/// Three 3x3 layers match one 7x7 with 27 C^2 instead of 49 C^2 weights.
#[test]
fn three_3x3_match_one_7x7() {
    let s =
        solve_json(json!({"match": {"kernel": 7, "in_channels": 64, "out_channels": 64}})).unwrap();
    assert_eq!(s.variant, "match");
    assert_eq!(s.answer_text("layers"), "3");
    assert_eq!(s.answer_text("single_weights"), (49 * 64 * 64).to_string());
    assert_eq!(s.answer_text("stack_weights"), (27 * 64 * 64).to_string());
}

#[test]
fn exam_draws_keep_the_rule() {
    for seed in 0..500 {
        let p = ReceptiveField::sample(&mut crate::seed::rng(seed), Difficulty::Exam, None);
        assert!(calculator_free(&check(&p).unwrap()), "seed {seed}: {p:?}");
    }
}

#[test]
fn variety() {
    assert_varied::<ReceptiveField>();
}

#[test]
fn bad_params_are_refused() {
    for (v, needle) in [
        (json!({"layers": []}), "layers"),
        (json!({"layers": [{"kernel": 0}]}), "layers[0].kernel"),
        (
            json!({"layers": [{"op": "avg_pool2d", "kernel": 2, "dilation": 2}]}),
            "dilation",
        ),
        (
            json!({"layers": [{"op": "max_pool2d", "kernel": 2, "padding": 2}]}),
            "padding",
        ),
        (json!({"layers": [{"op": "conv3d", "kernel": 2}]}), "op"),
        (
            json!({"match": {"kernel": 8, "in_channels": 3, "out_channels": 3}}),
            "match.kernel",
        ),
        (
            json!({"match": {"kernel": 7, "small_kernel": 5, "in_channels": 3, "out_channels": 3}}),
            "small_kernel",
        ),
        (json!({}), "layers"),
    ] {
        let e = solve_json(v).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    }
}
