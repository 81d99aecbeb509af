//! Bad input: exit code 2 and one line that names the field, the value and the rule.

use crate::common::usage_error;

#[test]
fn unknown_family_and_variant() {
    assert!(usage_error(&["gen", "conv-parameters"]).contains("unknown family `conv-parameters`"));
    assert!(usage_error(&["gen", "conv-params", "--variant", "huge"]).contains("--variant `huge`"));
    assert!(usage_error(&["gen", "conv-params", "--count", "0"]).contains("count"));
    assert!(usage_error(&["gen", "conv-params", "--seed", "abc"]).contains("--seed"));
    assert!(usage_error(&["gen"]).contains("FAMILY"));
    assert!(
        usage_error(&["gen", "conv-params", "--fragment", "--format", "md"]).contains("--fragment")
    );
}

#[test]
fn broken_or_wrong_params_for_conv_params() {
    let cases: &[(&str, &str)] = &[
        ("{", "broken JSON"),
        ("[1, 2]", "must be a JSON object"),
        (
            r#"{"in_channels": 3, "out_channels": 4, "kernal": 3}"#,
            "unknown field `kernal`",
        ),
        (
            r#"{"in_channels": "3", "out_channels": 4, "kernel": 3}"#,
            "`in_channels`",
        ),
        (
            r#"{"in_channels": 3, "out_channels": -4, "kernel": 3}"#,
            "`out_channels`",
        ),
        (
            r#"{"in_channels": 3, "out_channels": 4, "kernel": 0}"#,
            "`kernel`",
        ),
        (
            r#"{"in_channels": 6, "out_channels": 4, "kernel": 3, "groups": 4}"#,
            "does not divide",
        ),
        (
            r#"{"in_channels": 3.5, "out_channels": 4, "kernel": 3}"#,
            "`in_channels`",
        ),
    ];
    for (params, needle) in cases {
        let line = usage_error(&["solve", "conv-params", "--params", params]);
        assert!(line.contains(needle), "{params}: {line}");
    }
    assert!(
        usage_error(&["solve", "conv-params", "--params", "@/nonexistent/p.json"])
            .contains("cannot read")
    );
}

/// A sample of malformed params through the real binary, for every family: each top-level
/// field removed, replaced by a string, and an unknown field added. Exit 0 (still valid) or 2
/// with one line; never a panic.
#[test]
fn malformed_params_of_every_family_through_the_binary() {
    let families: serde_json::Value =
        serde_json::from_str(&crate::common::stdout_of(&["list", "--format", "json"])).unwrap();
    for family in families.as_array().unwrap() {
        let id = family["id"].as_str().unwrap();
        let doc: serde_json::Value = serde_json::from_str(&crate::common::stdout_of(&[
            "gen", id, "--seed", "3", "--format", "json",
        ]))
        .unwrap();
        let params = doc["problems"][0]["params"].as_object().unwrap().clone();
        let mut cases = vec![serde_json::json!("not an object"), serde_json::json!(null)];
        for key in params.keys() {
            let mut removed = params.clone();
            removed.remove(key);
            cases.push(removed.into());
            let mut replaced = params.clone();
            replaced.insert(key.clone(), serde_json::json!("x"));
            cases.push(replaced.into());
            let mut huge = params.clone();
            huge.insert(key.clone(), serde_json::json!(u64::MAX));
            cases.push(huge.into());
        }
        let mut unknown = params.clone();
        unknown.insert("colour".into(), serde_json::json!(1));
        cases.push(unknown.into());
        for case in cases {
            let text = case.to_string();
            let out = crate::common::dlexam(&["solve", id, "--params", &text]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => {}
                Some(2) => assert_eq!(
                    stderr.trim_end().lines().count(),
                    1,
                    "{id} {text}: {stderr}"
                ),
                other => panic!("{id} {text}: exit {other:?}: {stderr}"),
            }
            assert!(!stderr.contains("panicked"), "{id} {text}: {stderr}");
        }
        let broken = crate::common::usage_error(&["solve", id, "--params", "{\"a\": "]);
        assert!(broken.contains("broken JSON"), "{broken}");
    }
}
