use serde_json::json;

use super::ConvCost;
use super::params::{Layer, Params};
use super::sample::calculator_free;
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::varied::assert_varied;
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    ConvCost::solve(&from_json::<Params>("conv-cost", &v)?)
}

/// Seed exam 2.4: AlexNet's first layer, 96 filters of 11x11 with stride 4 on 227x227 RGB.
#[test]
fn alexnet_first_layer_cost() {
    let s = solve_json(
        json!({"input": [1, 3, 227, 227], "out_channels": 96, "kernel": 11, "stride": 4}),
    )
    .unwrap();
    assert_eq!(s.variant, "large-kernel");
    assert_eq!(s.answer_text("output_shape"), "[1,96,55,55]");
    assert_eq!(s.answer_text("params"), "34944");
    // 96 * 55 * 55 outputs, 3 * 11 * 11 = 363 MACs each.
    assert_eq!(s.answer_text("macs"), (96 * 55 * 55 * 363).to_string());
    assert_eq!(
        s.answer_text("linear_params"),
        (3 * 227 * 227 * 290_400_i64 + 290_400).to_string()
    );
}

/// Seed exam 2.1: a 1x1 convolution reduces 256 channels to 64.
#[test]
fn pointwise_reduces_channels() {
    let s =
        solve_json(json!({"input": [1, 256, 28, 28], "out_channels": 64, "kernel": 1})).unwrap();
    assert_eq!(s.variant, "pointwise");
    assert_eq!(s.answer_text("output_shape"), "[1,64,28,28]");
    assert_eq!(s.answer_text("params"), "16448");
    assert_eq!(s.answer_text("macs"), (28 * 28 * 64 * 256).to_string());
}

/// Seed exam 5.6: Flatten -> Linear -> Reshape replaces a conv on a fixed input; counted by hand
/// for one 3x3 filter on a 1x4x4 input: 16 inputs, 4 outputs.
#[test]
fn the_linear_that_replaces_a_small_conv() {
    let s = solve_json(json!({"input": [2, 1, 4, 4], "out_channels": 1, "kernel": 3})).unwrap();
    assert_eq!(s.answer_text("output_shape"), "[2,1,2,2]");
    assert_eq!(s.answer_text("params"), "10");
    assert_eq!(s.answer_text("macs"), "72");
    assert_eq!(s.answer_text("linear_params"), "68");
    assert_eq!(s.answer_text("linear_macs"), "128");
    assert_eq!(s.answer_text("ratio"), "6.8");
    let s = solve_json(
        json!({"input": [1, 4, 8, 6], "out_channels": 2, "kernel": [3, 1], "stride": 2, "padding": [1, 0], "groups": 2, "bias": false}),
    )
    .unwrap();
    // H: floor((8+2-2-1)/2)+1 = 4, W: floor((6-0-1)/2)+1 = 3; per filter 2*3*1 = 6.
    assert_eq!(s.answer_text("output_shape"), "[1,2,4,3]");
    assert_eq!(s.answer_text("params"), "12");
    assert_eq!(s.answer_text("macs"), "144");
    assert_eq!(s.answer_text("linear_params"), (4 * 8 * 6 * 24).to_string());
}

#[test]
fn exam_draws_keep_the_rule() {
    for seed in 0..500 {
        let p = ConvCost::sample(&mut crate::seed::rng(seed), Difficulty::Exam, None);
        let layer = Layer::from_params(&p).unwrap();
        assert!(calculator_free(&layer), "seed {seed}: {p:?}");
    }
}

#[test]
fn variety() {
    assert_varied::<ConvCost>();
}

#[test]
fn bad_layers_are_refused() {
    for (v, needle) in [
        (
            json!({"input": [1, 3, 4, 4], "out_channels": 2, "kernel": 7}),
            "kernel",
        ),
        (
            json!({"input": [1, 3, 4], "out_channels": 2, "kernel": 3}),
            "input",
        ),
        (
            json!({"input": [1, 6, 8, 8], "out_channels": 4, "kernel": 3, "groups": 4}),
            "groups",
        ),
        (
            json!({"input": [1, 3, 8, 8], "out_channels": 2, "kernel": 3, "stride": 0}),
            "stride",
        ),
        (
            json!({"input": [1, 3, 8, 8], "out_channels": 2, "kernel": 3, "padding": -1}),
            "padding",
        ),
    ] {
        let e = solve_json(v).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    }
    let e = solve_json(json!({"input": [1, 3, 8, 8], "out_channels": 2, "kernel": 3, "pad": 1}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("pad"), "{e}");
}
