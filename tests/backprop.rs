//! `bce-backprop` and `resblock` end to end: the exam's instances through the binary, seeds that
//! reproduce, params that round-trip, and bad input that exits 2 with one line.

use crate::common::{stdout_of, usage_error};

const EXAM_3_1: &str = r#"{"x":[1,2,0,1],"w":[1,-2,3,3],"b":0,"y":1}"#;
const EXAM_3_4: &str = r#"{"input":[[[[1,-2],[3,0]]]],"conv1":{"weight":[[[[2]]]],"bias":[-1]},"conv2":{"weight":[[[[0,1,0],[1,-1,1],[0,2,0]]]],"bias":[1]}}"#;

fn answers(json: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut out = serde_json::Map::new();
    for a in doc["problems"][0]["answers"].as_array().unwrap() {
        out.insert(a["id"].as_str().unwrap().to_string(), a.clone());
    }
    serde_json::Value::Object(out)
}

#[test]
fn exam_3_1_in_markdown_and_json() {
    let md = stdout_of(&["solve", "bce-backprop", "--params", EXAM_3_1]);
    assert!(md.contains("\\ln 2 \\approx 0.6931"), "{md}");
    assert!(md.contains("= -2$$"), "{md}");
    let a = answers(&stdout_of(&[
        "solve",
        "bce-backprop",
        "--params",
        EXAM_3_1,
        "--format",
        "json",
    ]));
    assert_eq!(a["z"]["value"], 0);
    assert_eq!(a["y_hat"]["value"], 0.5);
    assert_eq!(a["loss"]["tolerance"]["abs"], 0.0005);
    assert_eq!(a["dL_dyhat"]["value"], -2);
    assert_eq!(a["dL_dz"]["value"], -0.5);
    assert_eq!(a["dL_dW"]["value"], serde_json::json!([-0.5, -1, 0, -0.5]));
    assert_eq!(a["dL_db"]["value"], -0.5);
    assert_eq!(a["dL_dW_sign"]["value"], "non-positive");
}

#[test]
fn exam_3_4_in_markdown_and_json() {
    let md = stdout_of(&["solve", "resblock", "--params", EXAM_3_4]);
    assert!(
        md.contains("A = \\text{Conv1},\\; B = \\text{ReLU},\\; C = \\text{Conv2}"),
        "{md}"
    );
    let a = answers(&stdout_of(&[
        "solve", "resblock", "--params", EXAM_3_4, "--format", "json",
    ]));
    assert_eq!(
        a["assignment"]["value"],
        serde_json::json!({"A": "Conv1", "B": "ReLU", "C": "Conv2"})
    );
    assert_eq!(a["skip_input"]["value"], "F2");
    assert_eq!(a["conv2_padding"]["value"], 1);
    assert_eq!(
        a["dL_dF2"]["value"],
        serde_json::json!([[[[3, 1], [5, 1]]]])
    );
}

#[test]
fn generation_is_deterministic_and_params_reproduce() {
    for family in ["bce-backprop", "resblock"] {
        for difficulty in ["exam", "hard"] {
            let args = [
                "gen",
                family,
                "--seed",
                "5",
                "--count",
                "4",
                "--difficulty",
                difficulty,
                "--format",
                "json",
                "--solutions",
            ];
            let first = stdout_of(&args);
            assert_eq!(first, stdout_of(&args), "{family} is not deterministic");
            let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
            for problem in doc["problems"].as_array().unwrap() {
                let params = problem["params"].to_string();
                let again = stdout_of(&["solve", family, "--params", &params, "--format", "json"]);
                let again: serde_json::Value = serde_json::from_str(&again).unwrap();
                assert_eq!(
                    again["problems"][0]["answers"], problem["answers"],
                    "{family} {params}"
                );
            }
        }
        let tex = stdout_of(&[
            "gen",
            family,
            "--seed",
            "1",
            "--count",
            "2",
            "--format",
            "tex",
            "--solutions",
        ]);
        assert!(
            tex.contains("\\begin{questions}") && !tex.contains("$$"),
            "{tex}"
        );
    }
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_field() {
    let cases: &[(&str, &str, &str)] = &[
        ("bce-backprop", r#"{"x":[1,2],"w":[1,2],"y":3}"#, "`y`"),
        ("bce-backprop", r#"{"x":[1,2,3],"w":[1,2],"y":1}"#, "`x`"),
        (
            "bce-backprop",
            r#"{"x":[[1,2],[3]],"w":[1,2],"y":[1,0]}"#,
            "ragged",
        ),
        ("bce-backprop", r#"{"x":[1,2],"w":[1,"two"],"y":1}"#, "`w"),
        (
            "bce-backprop",
            r#"{"x":[1,2],"w":[1,2],"y":1,"lr":1}"#,
            "unknown field `lr`",
        ),
        (
            "bce-backprop",
            r#"{"x":[1,2],"w":["1e400",2],"y":1}"#,
            "beyond",
        ),
        (
            "resblock",
            r#"{"input":[[[[1,2],[3,4]]]],"conv1":{"weight":[[[[1]]]]},"conv2":{"weight":[[[[1,1],[1,1]]]]}}"#,
            "`conv2.weight`",
        ),
        (
            "resblock",
            r#"{"input":[[[[1,2],[3,4]]]],"conv1":{"weight":[[[[1]]],[[[1]]]]},"conv2":{"weight":[[[[1]]]]}}"#,
            "channels must chain",
        ),
        (
            "resblock",
            r#"{"input":[[[[1,2],[3,4]]]],"conv1":{"weight":[[[[1]]]]},"conv2":{"weight":[[[[1]]]]},"order":["relu"]}"#,
            "`order`",
        ),
        (
            "resblock",
            r#"{"input":[[1,2],[3,4]],"conv1":{"weight":[[[[1]]]]},"conv2":{"weight":[[[[1]]]]}}"#,
            "`input`",
        ),
    ];
    for (family, params, needle) in cases {
        let line = usage_error(&["solve", family, "--params", params]);
        assert!(line.contains(needle), "{family} {params}: {line}");
    }
}
