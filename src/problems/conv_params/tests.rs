use serde_json::json;

use super::ConvParams;
use super::params::{Layer, Params};
use super::sample::{EXAM_CHANNELS, SPATIAL, calculator_free};
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    ConvParams::solve(&from_json::<Params>("conv-params", &v)?)
}

#[test]
fn the_exams_single_filter_has_181_parameters() {
    let s = solve_json(json!({"input": [10, 20, 30, 40], "out_channels": 1, "kernel": 3})).unwrap();
    assert_eq!(s.answer_text("total"), "181");
    assert_eq!(s.answer_text("weights"), "180");
    assert_eq!(s.variant, "filter");
}

#[test]
fn alexnet_first_layer_has_34944_parameters() {
    let s = solve_json(
        json!({"input": [1, 3, 227, 227], "out_channels": 96, "kernel": 11, "stride": 4}),
    )
    .unwrap();
    assert_eq!(s.answer_text("total"), "34944");
}

#[test]
fn depthwise_and_stack() {
    let s = solve_json(json!({"in_channels": 32, "out_channels": 32, "kernel": 3, "groups": 32}))
        .unwrap();
    assert_eq!(
        (s.answer_text("weights"), s.answer_text("total")),
        ("288".into(), "320".into())
    );
    let s = solve_json(
        json!({"in_channels": 64, "out_channels": 64, "kernel": 7, "bias": false,
        "compare_stack": {"kernel": 3, "depth": 3}}),
    )
    .unwrap();
    assert_eq!(s.answer_text("total"), "200704");
    assert_eq!(s.answer_text("stack_total"), "110592");
    assert_eq!(s.answer_text("saved"), "90112");
}

/// The exam rule of the module docs, over 1,000 seeds.
#[test]
fn exam_variants_are_calculator_free_and_realistic() {
    for seed in 0..1000 {
        let p = ConvParams::sample(&mut crate::seed::rng(seed), Difficulty::Exam, None);
        let layer = Layer::from_params(&p).unwrap();
        assert!(calculator_free(&p, &layer), "seed {seed}: {p:?}");
        let realistic = |c: i64| EXAM_CHANNELS.contains(&c) || [1, 8, 16, 32, 64].contains(&c);
        assert!(
            realistic(layer.c_in) && realistic(layer.c_out),
            "seed {seed}: {p:?}"
        );
        assert!([1, 3, 5, 7, 11].contains(&layer.kh), "seed {seed}: {p:?}");
        if let Some(dims) = &layer.input {
            assert!(
                SPATIAL.contains(&dims[2]) || dims[2] == 227,
                "seed {seed}: {p:?}"
            );
        }
    }
}

#[test]
fn bad_layers_are_refused() {
    for (v, needle) in [
        (
            json!({"in_channels": 6, "out_channels": 4, "kernel": 3, "groups": 4}),
            "groups",
        ),
        (
            json!({"in_channels": 0, "out_channels": 4, "kernel": 3}),
            "in_channels",
        ),
        (
            json!({"input": [1, 3, 8], "out_channels": 4, "kernel": 3}),
            "input",
        ),
        (json!({"out_channels": 4, "kernel": 3}), "in_channels"),
        (
            json!({"in_channels": 3, "out_channels": 4, "kernel": 7, "compare_stack": {"kernel": 3, "depth": 2}}),
            "compare_stack",
        ),
    ] {
        let e = solve_json(v).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    }
}
