//! `conv-output` end to end: every op and field answers what PyTorch computes (hand-checked
//! against PyTorch's size rules), generated problems render and reproduce, bad input exits 2.

use serde_json::{Value, json};

use crate::common::{stdout_of, usage_error};

/// Solves `params` through the binary and returns the answers by id.
fn answers(params: Value) -> serde_json::Map<String, Value> {
    let text = params.to_string();
    let out = stdout_of(&[
        "solve",
        "conv-output",
        "--params",
        &text,
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    doc["problems"][0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["value"].clone()))
        .collect()
}

fn output_shape(params: Value) -> Value {
    answers(params)["output_shape"].clone()
}

#[test]
fn conv2d_matches_pytorch() {
    let cases = [
        // AlexNet conv1: floor((227 - 11) / 4) + 1 = 55.
        (
            json!({"op": "conv2d", "input": [1, 3, 227, 227], "out_channels": 96, "kernel": 11, "stride": 4}),
            json!([1, 96, 55, 55]),
        ),
        // ResNet stem: floor((224 + 6 - 7) / 2) + 1 = 112.
        (
            json!({"op": "conv2d", "input": [2, 3, 224, 224], "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3}),
            json!([2, 64, 112, 112]),
        ),
        // The exam: a 3x3 stride-1 conv with padding 1 keeps 2x2.
        (
            json!({"op": "conv2d", "input": [1, 1, 2, 2], "out_channels": 1, "kernel": 3, "stride": 1, "padding": 1}),
            json!([1, 1, 2, 2]),
        ),
        // Dilation 2: effective kernel 5, 32 -> 28.
        (
            json!({"op": "conv2d", "input": [1, 3, 32, 32], "out_channels": 8, "kernel": 3, "dilation": 2}),
            json!([1, 8, 28, 28]),
        ),
        // Pairs: H floor((10 + 2 - 3) / 2) + 1 = 5, W (9 - 5) / 1 + 1 = 5.
        (
            json!({"op": "conv2d", "input": [1, 1, 10, 9], "out_channels": 4, "kernel": [3, 5], "stride": [2, 1], "padding": [1, 0]}),
            json!([1, 4, 5, 5]),
        ),
        // Inception's 1x7 with (0, 3) padding keeps 17x17.
        (
            json!({"op": "conv2d", "input": [4, 192, 17, 17], "out_channels": 160, "kernel": [1, 7], "padding": [0, 3]}),
            json!([4, 160, 17, 17]),
        ),
        // Stride 3, remainder 1: floor((10 - 3) / 3) + 1 = 3.
        (
            json!({"op": "conv2d", "input": [1, 3, 10, 10], "out_channels": 4, "kernel": 3, "stride": 3}),
            json!([1, 4, 3, 3]),
        ),
    ];
    for (params, expected) in cases {
        assert_eq!(output_shape(params.clone()), expected, "{params}");
    }
}

#[test]
fn pools_match_pytorch() {
    let cases = [
        // Stride defaults to the kernel size.
        (
            json!({"op": "max_pool2d", "input": [1, 64, 112, 112], "kernel": 2}),
            json!([1, 64, 56, 56]),
        ),
        // ResNet: MaxPool2d(3, 2, 1) on 112 -> 56.
        (
            json!({"op": "max_pool2d", "input": [1, 64, 112, 112], "kernel": 3, "stride": 2, "padding": 1}),
            json!([1, 64, 56, 56]),
        ),
        // Dilated max pool: effective window 5, floor((20 - 5) / 2) + 1 = 8.
        (
            json!({"op": "max_pool2d", "input": [1, 3, 20, 20], "kernel": 3, "stride": 2, "dilation": 2}),
            json!([1, 3, 8, 8]),
        ),
        // ceil_mode: 5, k=2, s=2: floor gives 2, ceil gives 3.
        (
            json!({"op": "max_pool2d", "input": [1, 1, 5, 5], "kernel": 2, "stride": 2}),
            json!([1, 1, 2, 2]),
        ),
        (
            json!({"op": "max_pool2d", "input": [1, 1, 5, 5], "kernel": 2, "stride": 2, "ceil_mode": true}),
            json!([1, 1, 3, 3]),
        ),
        // Exact division: ceil_mode changes nothing (6 + 2 - 2 = 6, 6 / 2 = 3, 4 windows).
        (
            json!({"op": "max_pool2d", "input": [1, 1, 6, 6], "kernel": 2, "stride": 2, "padding": 1, "ceil_mode": true}),
            json!([1, 1, 4, 4]),
        ),
        // ceil(5 / 2) + 1 = 4, but the 4th window would start at 6 >= H + p = 6: dropped.
        (
            json!({"op": "max_pool2d", "input": [1, 1, 5, 5], "kernel": 2, "stride": 2, "padding": 1, "ceil_mode": true}),
            json!([1, 1, 3, 3]),
        ),
        // GoogLeNet: MaxPool2d(3, 2, ceil_mode=True) on 112 -> 56.
        (
            json!({"op": "max_pool2d", "input": [1, 64, 112, 112], "kernel": 3, "stride": 2, "ceil_mode": true}),
            json!([1, 64, 56, 56]),
        ),
        // Global average pool.
        (
            json!({"op": "avg_pool2d", "input": [8, 512, 7, 7], "kernel": 7}),
            json!([8, 512, 1, 1]),
        ),
        // avg ceil: 6, k=3, s=2: floor 2, ceil 3 (window 3 starts at 4 < 6).
        (
            json!({"op": "avg_pool2d", "input": [1, 1, 6, 6], "kernel": 3, "stride": 2}),
            json!([1, 1, 2, 2]),
        ),
        (
            json!({"op": "avg_pool2d", "input": [1, 1, 6, 6], "kernel": 3, "stride": 2, "ceil_mode": true}),
            json!([1, 1, 3, 3]),
        ),
        // Non-square window with its default stride (2, 3).
        (
            json!({"op": "avg_pool2d", "input": [1, 5, 8, 9], "kernel": [2, 3]}),
            json!([1, 5, 4, 3]),
        ),
    ];
    for (params, expected) in cases {
        assert_eq!(output_shape(params.clone()), expected, "{params}");
    }
}

#[test]
fn transposed_conv_matches_pytorch() {
    let cases = [
        // (4 - 1) * 2 - 2 + 2 + 1 + 1 = 8.
        (
            json!({"op": "conv_transpose2d", "input": [1, 16, 4, 4], "out_channels": 8, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1}),
            json!([1, 8, 8, 8]),
        ),
        // DCGAN: k=4, s=2, p=1 doubles.
        (
            json!({"op": "conv_transpose2d", "input": [2, 64, 16, 16], "out_channels": 32, "kernel": 4, "stride": 2, "padding": 1}),
            json!([2, 32, 32, 32]),
        ),
        // U-Net up-conv: k=2, s=2 doubles.
        (
            json!({"op": "conv_transpose2d", "input": [1, 512, 28, 28], "out_channels": 256, "kernel": 2, "stride": 2}),
            json!([1, 256, 56, 56]),
        ),
        // Dilation 2 allows output padding 1 with stride 1: H 4 + 4 + 1 + 1 = 10, W 5 + 2 + 1 + 1 = 9.
        (
            json!({"op": "conv_transpose2d", "input": [1, 1, 5, 6], "out_channels": 1, "kernel": [3, 2], "dilation": 2, "output_padding": 1}),
            json!([1, 1, 10, 9]),
        ),
    ];
    for (params, expected) in cases {
        assert_eq!(output_shape(params.clone()), expected, "{params}");
    }
}

#[test]
fn find_padding_and_chains() {
    let a = answers(
        json!({"op": "conv2d", "input": [1, 1, 2, 2], "out_channels": 1, "kernel": 3, "find": "padding"}),
    );
    assert_eq!(a["padding"], json!([1, 1]));
    assert!(!a.contains_key("output_shape"));
    let a = answers(
        json!({"op": "conv2d", "input": [1, 8, 32, 32], "out_channels": 8, "kernel": [3, 5], "dilation": [1, 2], "find": "padding"}),
    );
    assert_eq!(a["padding"], json!([1, 4]));
    let a = answers(json!({"input": [8, 3, 224, 224], "layers": [
        {"op": "conv2d", "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3},
        {"op": "max_pool2d", "kernel": 3, "stride": 2, "padding": 1},
        {"op": "conv_transpose2d", "out_channels": 32, "kernel": 2, "stride": 2}]}));
    assert_eq!(a["shape_1"], json!([8, 64, 112, 112]));
    assert_eq!(a["shape_2"], json!([8, 64, 56, 56]));
    assert_eq!(a["shape_3"], json!([8, 32, 112, 112]));
    assert_eq!(a["output_shape"], json!([8, 32, 112, 112]));
}

#[test]
fn the_worked_solution_shows_formula_numbers_and_floor() {
    let out = stdout_of(&[
        "solve",
        "conv-output",
        "--params",
        r#"{"op": "conv2d", "input": [1, 3, 224, 224], "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3}"#,
    ]);
    for needle in [
        "\\left\\lfloor \\frac{H + 2p - d(k-1) - 1}{s} \\right\\rfloor + 1",
        "\\frac{224 + 2 \\cdot 3 - 1 \\cdot (7 - 1) - 1}{2}",
        "\\lfloor 111.5 \\rfloor + 1 = 112",
        "remainder",
        "$C = 64$",
        "[1 \\times 64 \\times 112 \\times 112]",
    ] {
        assert!(out.contains(needle), "missing {needle} in:\n{out}");
    }
    let out = stdout_of(&[
        "solve",
        "conv-output",
        "--params",
        r#"{"op": "max_pool2d", "input": [1, 1, 5, 5], "kernel": 2, "padding": 1, "ceil_mode": true}"#,
    ]);
    assert!(out.contains("stride") && out.contains("drops it"), "{out}");
}

#[test]
fn every_variant_renders_and_reproduces_from_its_params() {
    let list: Value = serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    let family = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "conv-output")
        .unwrap();
    for variant in family["variants"].as_array().unwrap() {
        let variant = variant.as_str().unwrap();
        for difficulty in ["exam", "practice", "hard"] {
            let args = [
                "gen",
                "conv-output",
                "--seed",
                "9",
                "--count",
                "4",
                "--variant",
                variant,
                "--difficulty",
                difficulty,
                "--solutions",
            ];
            for format in ["md", "tex"] {
                let mut with_format = args.to_vec();
                with_format.extend(["--format", format]);
                let out = stdout_of(&with_format);
                assert!(
                    out.contains("Output size"),
                    "{variant} {difficulty} {format}"
                );
            }
            let mut json_args = args.to_vec();
            json_args.extend(["--format", "json"]);
            let doc: Value = serde_json::from_str(&stdout_of(&json_args)).unwrap();
            for problem in doc["problems"].as_array().unwrap() {
                assert_eq!(problem["variant"], variant);
                let params = problem["params"].to_string();
                let solved: Value = serde_json::from_str(&stdout_of(&[
                    "solve",
                    "conv-output",
                    "--params",
                    &params,
                    "--format",
                    "json",
                ]))
                .unwrap();
                assert_eq!(
                    solved["problems"][0]["answers"], problem["answers"],
                    "params {params}"
                );
                assert_eq!(solved["problems"][0]["variant"], variant, "params {params}");
            }
        }
    }
}

#[test]
fn bad_params_exit_2_with_one_line() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"op": "conv2d", "input": [1, 3, 8], "out_channels": 4, "kernel": 3}"#,
            "`input`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8, 8], "out_channels": 4, "kernel": 3}"#,
            "`input`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 0, 8], "out_channels": 4, "kernel": 3}"#,
            "`input`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, "3", 8, 8], "out_channels": 4, "kernel": 3}"#,
            "input",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": "3"}"#,
            "`kernel`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 0}"#,
            "`kernel`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "stride": 0}"#,
            "`stride`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "stride": -1}"#,
            "`stride`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "padding": -1}"#,
            "`padding`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "dilation": 0}"#,
            "`dilation`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 5, "dilation": 2}"#,
            "larger than the padded input",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "kernel": 3}"#,
            "`out_channels`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "output_padding": 1}"#,
            "`output_padding`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "ceil_mode": false}"#,
            "`ceil_mode`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "groups": 2}"#,
            "unknown field `groups`",
        ),
        (
            r#"{"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 2, "out_channels": 3}"#,
            "`out_channels`",
        ),
        (
            r#"{"op": "max_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "padding": 2}"#,
            "half the kernel",
        ),
        // Dilation does not raise the limit: PyTorch's pool2d_shape_check wants p <= floor(k/2).
        (
            r#"{"op": "max_pool2d", "input": [3, 2, 15, 2], "kernel": 3, "stride": 2, "padding": 2, "dilation": 2}"#,
            "half the kernel",
        ),
        (
            r#"{"op": "avg_pool2d", "input": [1, 3, 8, 8], "kernel": 2, "dilation": 1}"#,
            "`dilation`",
        ),
        (
            r#"{"op": "avg_pool2d", "input": [1, 3, 4, 4], "kernel": 5}"#,
            "`kernel`",
        ),
        (
            r#"{"op": "conv_transpose2d", "input": [1, 3, 8, 8], "out_channels": 2, "kernel": 3, "stride": 2, "output_padding": 2}"#,
            "max(stride, dilation)",
        ),
        (
            r#"{"op": "conv_transpose2d", "input": [1, 3, 1, 1], "out_channels": 2, "kernel": 1, "padding": 1}"#,
            "at least 1",
        ),
        (
            r#"{"op": "conv_transpose2d", "input": [1, 3, 8, 8], "out_channels": 2, "kernel": 3, "ceil_mode": true}"#,
            "`ceil_mode`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 2, "find": "padding"}"#,
            "even",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "stride": 2, "find": "padding"}"#,
            "`stride`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "padding": 1, "find": "padding"}"#,
            "`padding`",
        ),
        (
            r#"{"op": "avg_pool2d", "input": [1, 3, 8, 8], "kernel": 3, "stride": 1, "find": "padding"}"#,
            "`find`",
        ),
        (
            r#"{"op": "conv3d", "input": [1, 3, 8, 8], "kernel": 3}"#,
            "unknown variant `conv3d`",
        ),
        (r#"{"input": [1, 3, 8, 8], "kernel": 3}"#, "`op`"),
        (
            r#"{"op": "conv2d", "out_channels": 4, "kernel": 3}"#,
            "missing field `input`",
        ),
        (r#"{"input": [1, 3, 8, 8], "layers": []}"#, "`layers`"),
        (
            r#"{"input": [1, 3, 8, 8], "kernel": 3, "layers": [{"op": "max_pool2d", "kernel": 2}]}"#,
            "`kernel`",
        ),
        (
            r#"{"input": [1, 3, 8, 8], "layers": [{"op": "max_pool2d", "kernel": 2}, {"op": "conv2d", "kernel": 5, "out_channels": 2}]}"#,
            "`layers[1].kernel`",
        ),
        (
            r#"{"input": [1, 3, 8, 8], "layers": [{"op": "max_pool2d", "kernel": 2, "strides": 2}]}"#,
            "unknown field `strides`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3, "stride": 99999999999999999999}"#,
            "`stride`",
        ),
        (
            r#"{"op": "conv2d", "input": [1, 3, 8, 8], "out_channels": 4, "kernel": 3.5}"#,
            "`kernel`",
        ),
    ];
    for (params, needle) in cases {
        let line = usage_error(&["solve", "conv-output", "--params", params]);
        assert!(line.contains(needle), "{params}: {line}");
    }
}

#[test]
fn huge_numbers_are_exact_and_never_panic() {
    let max = i64::MAX;
    let shape = output_shape(
        json!({"op": "conv_transpose2d", "input": [1, 1, max, max], "out_channels": 1,
        "kernel": max, "stride": max, "dilation": max, "output_padding": max - 1}),
    );
    assert_eq!(shape[0], json!(1));
    let line = usage_error(&["solve", "conv-output", "--params",
        &json!({"op": "conv2d", "input": [1, 1, 8, 8], "out_channels": 1, "kernel": max, "dilation": max}).to_string()]);
    assert!(line.contains("`kernel`"), "{line}");
}
