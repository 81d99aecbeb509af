//! Unit tests: real networks, hand-worked values, refusals, and the exam rule on sampled problems.

use serde_json::json;

use super::plan::plan;
use super::sample::{calculator_free, floor_matters, has_division, sampled_padding_ok};
use super::*;
use crate::num::Q;
use crate::problems::params::from_json;
use crate::seed;

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    ConvOutput::solve(&from_json::<Params>("conv-output", &v)?)
}

fn out(v: serde_json::Value) -> String {
    let s = solve_json(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
    s.answer_text("output_shape")
}

fn refused(v: serde_json::Value) -> String {
    match solve_json(v.clone()) {
        Ok(_) => panic!("{v} was accepted"),
        Err(e) => {
            assert_eq!(e.exit_code(), 2, "{v}: {e}");
            let text = e.to_string();
            assert!(!text.contains('\n'), "{text}");
            text
        }
    }
}

#[test]
fn the_exams_3x3_conv_keeps_2x2_with_padding_1() {
    let s = solve_json(json!({"op": "conv2d", "input": [1, 1, 2, 2], "out_channels": 1, "kernel": 3, "stride": 1, "padding": 1})).unwrap();
    assert_eq!(s.answer_text("output_shape"), "[1,1,2,2]");
    assert_eq!(s.variant, "conv");
    let s = solve_json(json!({"op": "conv2d", "input": [1, 1, 2, 2], "out_channels": 1, "kernel": 3, "find": "padding"})).unwrap();
    assert_eq!(s.answer_text("padding"), "[1,1]");
    assert_eq!(s.variant, "same-padding");
    assert_eq!(s.answers[0].latex, "(1, 1)");
}

#[test]
fn real_networks() {
    // AlexNet conv1: 227 -> 55.
    assert_eq!(
        out(
            json!({"op": "conv2d", "input": [1, 3, 227, 227], "out_channels": 96, "kernel": 11, "stride": 4})
        ),
        "[1,96,55,55]"
    );
    // ResNet stem: 224 -> 112 -> 56.
    let s = solve_json(json!({"input": [8, 3, 224, 224], "layers": [
        {"op": "conv2d", "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3},
        {"op": "max_pool2d", "kernel": 3, "stride": 2, "padding": 1}]}))
    .unwrap();
    assert_eq!(s.answer_text("shape_1"), "[8,64,112,112]");
    assert_eq!(s.answer_text("shape_2"), "[8,64,56,56]");
    assert_eq!(s.answer_text("output_shape"), "[8,64,56,56]");
    assert_eq!(s.variant, "chain");
    let text: String = s.solution.steps.iter().map(|s| s.body.clone()).collect();
    assert!(text.contains("\\lfloor 111.5 \\rfloor"), "{text}");
    // AlexNet's pools: 55 -> 27 -> 13 (overlapping 3x3, stride 2).
    assert_eq!(
        out(json!({"op": "max_pool2d", "input": [1, 96, 55, 55], "kernel": 3, "stride": 2})),
        "[1,96,27,27]"
    );
    // Default pool stride is the kernel: 2x2 halves.
    assert_eq!(
        out(json!({"op": "max_pool2d", "input": [1, 64, 224, 224], "kernel": 2})),
        "[1,64,112,112]"
    );
    // Global average pool of ResNet: 7 -> 1.
    assert_eq!(
        out(json!({"op": "avg_pool2d", "input": [1, 512, 7, 7], "kernel": 7})),
        "[1,512,1,1]"
    );
}

#[test]
fn ceil_mode_rounds_up_but_never_starts_a_window_in_the_right_padding() {
    let pool = |op: &str, h: i64, k: i64, s: i64, p: i64, ceil: bool| {
        out(
            json!({"op": op, "input": [1, 1, h, h], "kernel": k, "stride": s, "padding": p, "ceil_mode": ceil}),
        )
    };
    assert_eq!(pool("max_pool2d", 5, 2, 2, 0, false), "[1,1,2,2]");
    assert_eq!(pool("max_pool2d", 5, 2, 2, 0, true), "[1,1,3,3]");
    // Exact division: ceil changes nothing, the last window starts at 6 < 6 + 1.
    assert_eq!(pool("max_pool2d", 6, 2, 2, 1, true), "[1,1,4,4]");
    assert_eq!(pool("max_pool2d", 6, 2, 2, 1, false), "[1,1,4,4]");
    // ceil(5/2) + 1 = 4, but window 4 would start at 6 >= H + p = 6: dropped, 3.
    assert_eq!(pool("avg_pool2d", 5, 2, 2, 1, true), "[1,1,3,3]");
    assert_eq!(pool("max_pool2d", 5, 2, 2, 1, false), "[1,1,3,3]");
    let s = solve_json(json!({"op": "max_pool2d", "input": [1, 1, 5, 5], "kernel": 2, "stride": 2, "padding": 1, "ceil_mode": true})).unwrap();
    let text = &s.solution.steps[0].body;
    assert!(text.contains("drops it"), "{text}");
    // GoogLeNet: MaxPool2d(3, 2, ceil_mode=True) on 112 -> 56 (floor would give 55).
    assert_eq!(pool("max_pool2d", 112, 3, 2, 0, true), "[1,1,56,56]");
    assert_eq!(pool("max_pool2d", 112, 3, 2, 0, false), "[1,1,55,55]");
    // In ceil mode a window may hang over a too small input (PyTorch gives 1).
    assert_eq!(pool("max_pool2d", 1, 2, 2, 0, true), "[1,1,1,1]");
}

#[test]
fn transposed_and_dilated() {
    let t = |v: serde_json::Value| out(v);
    assert_eq!(
        t(
            json!({"op": "conv_transpose2d", "input": [1, 16, 4, 4], "out_channels": 8, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1})
        ),
        "[1,8,8,8]"
    );
    assert_eq!(
        t(
            json!({"op": "conv_transpose2d", "input": [2, 64, 16, 16], "out_channels": 32, "kernel": 4, "stride": 2, "padding": 1})
        ),
        "[2,32,32,32]"
    );
    // Dilation 2 with a 2x? output padding below max(stride, dilation) = 2.
    assert_eq!(
        t(
            json!({"op": "conv_transpose2d", "input": [1, 1, 5, 6], "out_channels": 1, "kernel": [3, 2], "dilation": 2, "output_padding": 1})
        ),
        "[1,1,10,9]"
    );
    // Dilated conv: effective kernel 5 on 32 without padding -> 28; with padding 2 -> 32.
    assert_eq!(
        t(
            json!({"op": "conv2d", "input": [1, 3, 32, 32], "out_channels": 8, "kernel": 3, "dilation": 2})
        ),
        "[1,8,28,28]"
    );
    assert_eq!(
        t(
            json!({"op": "conv2d", "input": [1, 3, 32, 32], "out_channels": 8, "kernel": 3, "dilation": 2, "padding": 2})
        ),
        "[1,8,32,32]"
    );
    // Max pool with dilation: effective window 5, stride 2: floor((20 - 5)/2) + 1 = 8.
    assert_eq!(
        t(
            json!({"op": "max_pool2d", "input": [1, 3, 20, 20], "kernel": 3, "stride": 2, "dilation": 2})
        ),
        "[1,3,8,8]"
    );
    // Non-square: (1, 7) kernel with (0, 3) padding keeps 17x17.
    let s = solve_json(json!({"op": "conv2d", "input": [1, 8, 17, 17], "out_channels": 8, "kernel": [1, 7], "padding": [0, 3]})).unwrap();
    assert_eq!(s.answer_text("output_shape"), "[1,8,17,17]");
    assert_eq!(s.variant, "conv-rect");
    let s = solve_json(json!({"op": "conv2d", "input": [1, 8, 17, 17], "out_channels": 8, "kernel": 3, "dilation": [2, 3], "find": "padding"})).unwrap();
    assert_eq!(s.answer_text("padding"), "[2,3]");
    // Even kernel, even dilation: effective 3, padding 1.
    let s = solve_json(json!({"op": "conv2d", "input": [1, 8, 9, 9], "out_channels": 8, "kernel": 2, "dilation": 2, "find": "padding"})).unwrap();
    assert_eq!(s.answer_text("padding"), "[1,1]");
}

#[test]
fn the_floor_is_explained() {
    let s = solve_json(json!({"op": "conv2d", "input": [1, 3, 224, 224], "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3})).unwrap();
    let body = &s.solution.steps[0].body;
    assert!(
        body.contains("\\frac{224 + 2 \\cdot 3 - 1 \\cdot (7 - 1) - 1}{2}"),
        "{body}"
    );
    assert!(body.contains("\\lfloor 111.5 \\rfloor + 1 = 112"), "{body}");
    assert!(
        body.contains("remainder of $1$") && body.contains("padding"),
        "{body}"
    );
    let s = solve_json(json!({"op": "conv2d", "input": [1, 3, 10, 10], "out_channels": 4, "kernel": 3, "stride": 3})).unwrap();
    assert!(
        s.solution.steps[0].body.contains("2\\tfrac{1}{3}"),
        "{}",
        s.solution.steps[0].body
    );
}

#[test]
fn bad_inputs_are_refused_naming_the_field() {
    let base = || json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3});
    let with = |key: &str, value: serde_json::Value| {
        let mut v = base();
        v[key] = value;
        v
    };
    for (v, needle) in [
        (with("input", json!([1, 3, 8])), "`input`"),
        (with("input", json!([1, 0, 8, 8])), "`input`"),
        (with("input", json!(["1", 3, 8, 8])), "input"),
        (with("kernel", json!(0)), "`kernel`"),
        (with("kernel", json!("3")), "`kernel`"),
        (with("kernel", json!(9)), "`kernel`"),
        (with("stride", json!(0)), "`stride`"),
        (with("stride", json!(-2)), "`stride`"),
        (with("padding", json!(-1)), "`padding`"),
        (with("dilation", json!(0)), "`dilation`"),
        (with("out_channels", json!(0)), "`out_channels`"),
        (with("output_padding", json!(1)), "`output_padding`"),
        (with("ceil_mode", json!(true)), "`ceil_mode`"),
        (with("kernal", json!(3)), "kernal"),
        (with("find", json!("stride")), "find"),
        (with("layers", json!([])), "`op`"),
        (
            json!({"op": "conv2d", "input": [1, 3, 8, 8], "kernel": 3}),
            "`out_channels`",
        ),
        (
            json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 2, "out_channels": 3}),
            "`out_channels`",
        ),
        (
            json!({"op": "avg_pool2d", "input": [1, 3, 8, 8], "kernel": 2, "dilation": 2}),
            "`dilation`",
        ),
        (
            json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "padding": 2}),
            "`padding`",
        ),
        (
            json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "dilation": 2, "padding": 3}),
            "`padding`",
        ),
        (
            json!({"op": "conv_transpose2d", "input": [1, 3, 8, 8], "out_channels": 2, "kernel": 3, "stride": 2, "output_padding": 2}),
            "`output_padding`",
        ),
        (
            json!({"op": "conv_transpose2d", "input": [1, 3, 1, 1], "out_channels": 2, "kernel": 1, "padding": 1}),
            "`padding`",
        ),
        (
            json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 4, "find": "padding"}),
            "even",
        ),
        (
            json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "stride": 2, "find": "padding"}),
            "`stride`",
        ),
        (
            json!({"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "padding": 1, "find": "padding"}),
            "`padding`",
        ),
        (
            json!({"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "find": "padding"}),
            "`find`",
        ),
        (
            json!({"op": "pool", "input": [1, 3, 8, 8], "kernel": 3}),
            "op",
        ),
        (json!({"input": [1, 3, 8, 8], "kernel": 3}), "`op`"),
        (json!({"input": [1, 3, 8, 8], "layers": []}), "`layers`"),
        (
            json!({"input": [1, 3, 8, 8], "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2, "ceil_mode": false}]}),
            "`layers[0].ceil_mode`",
        ),
        (
            json!({"input": [1, 3, 8, 8], "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2}, {"op": "max_pool2d", "kernel": 7}]}),
            "`layers[1].kernel`",
        ),
        (
            json!({"input": [1, 3, 8, 8], "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2, "padd": 1}]}),
            "padd",
        ),
        (
            json!({"input": [1, 3, 8, 8], "find": "padding", "layers": [{"op": "conv2d", "kernel": 3, "out_channels": 2}]}),
            "`find`",
        ),
    ] {
        let e = refused(v.clone());
        assert!(e.contains(needle), "{v}: {e}");
    }
}

#[test]
fn huge_numbers_never_overflow() {
    let max = i64::MAX;
    let s = solve_json(
        json!({"op": "conv_transpose2d", "input": [max, max, max, max], "out_channels": max,
        "kernel": max, "stride": max, "dilation": max, "output_padding": max - 1}),
    )
    .unwrap();
    assert!(s.answer_text("output_shape").len() > 40);
    let s = solve_json(json!({"op": "conv2d", "input": [1, 1, max, max], "out_channels": 1, "kernel": max, "padding": max})).unwrap();
    assert_eq!(
        s.answer_text("output_shape"),
        format!("[1,1,{0},{0}]", Q::int(max) * Q::int(2) + Q::one()).replace(' ', "")
    );
    refused(
        json!({"op": "conv2d", "input": [1, 1, 8, 8], "out_channels": 1, "kernel": max, "dilation": max}),
    );
    refused(
        json!({"op": "max_pool2d", "input": [1, 1, max, max], "kernel": max, "stride": 1, "padding": max, "ceil_mode": true}),
    );
    solve_json(json!({"op": "avg_pool2d", "input": [1, 1, max, max], "kernel": max, "stride": 1, "padding": max / 2, "ceil_mode": true})).unwrap();
    let beyond: serde_json::Value =
        serde_json::from_str(r#"{"op": "conv2d", "input": [1, 1, 8, 8], "out_channels": 1, "kernel": 3, "stride": 99999999999999999999}"#).unwrap();
    assert!(refused(beyond).contains("`stride`"));
    // The size-keeping padding of a huge kernel is beyond 64 bits, and still exact.
    let s = solve_json(json!({"op": "conv2d", "input": [1, 1, 8, 8], "out_channels": 1, "kernel": max, "dilation": max - 1, "find": "padding"})).unwrap();
    let half = (&((Q::int(max) - Q::one()) * (Q::int(max) - Q::one())) / &Q::int(2)).to_string();
    assert_eq!(s.answers[0].exact, Some(json!([half.clone(), half])));
}

fn check_samples(difficulty: Difficulty, seeds: u64) {
    for &variant in ConvOutput::VARIANTS {
        for seed in 0..seeds {
            let mut rng = seed::rng(seed);
            let p = ConvOutput::sample(&mut rng, difficulty, Some(variant));
            let value = serde_json::to_value(&p).unwrap();
            let again: Params =
                from_json("conv-output", &value).unwrap_or_else(|e| panic!("{value}: {e}"));
            let s = ConvOutput::solve(&again)
                .unwrap_or_else(|e| panic!("{difficulty} {variant} {value}: {e}"));
            assert_eq!(s.variant, variant, "{value}");
            let plan = plan(&again).unwrap();
            assert!(sampled_padding_ok(&plan), "{value}");
            for step in &plan.applied {
                for v in step.output.iter().chain(&step.input) {
                    assert!(*v >= Q::one(), "{value}: size below 1");
                }
            }
            match difficulty {
                Difficulty::Exam => assert!(
                    calculator_free(&plan),
                    "{variant} {value} breaks the exam rule"
                ),
                Difficulty::Hard if has_division(variant) => {
                    assert!(floor_matters(&plan), "{value}: no floor")
                }
                _ => {}
            }
        }
    }
}

#[test]
fn exam_samples_follow_the_calculator_free_rule() {
    check_samples(Difficulty::Exam, 1000);
}

#[test]
fn practice_and_hard_samples_are_valid() {
    check_samples(Difficulty::Practice, 300);
    check_samples(Difficulty::Hard, 300);
}

#[test]
fn every_variant_is_sampled_without_asking() {
    let mut seen = std::collections::HashSet::new();
    for seed in 0..200 {
        let mut rng = seed::rng(seed);
        let p = ConvOutput::sample(&mut rng, Difficulty::Exam, None);
        seen.insert(ConvOutput::solve(&p).unwrap().variant);
    }
    assert_eq!(seen.len(), ConvOutput::VARIANTS.len(), "{seen:?}");
}
