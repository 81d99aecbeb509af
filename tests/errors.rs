//! Bad input: exit code 2 and one line that names the field, the value and the rule.

use crate::common::usage_error;

#[test]
fn unknown_family_and_variant() {
    assert!(usage_error(&["gen", "conv-parameters"]).contains("unknown family `conv-parameters`"));
    assert!(usage_error(&["gen", "conv-params", "--variant", "huge"]).contains("--variant `huge`"));
    assert!(usage_error(&["gen", "conv-params", "--count", "0"]).contains("count"));
    assert!(usage_error(&["gen", "conv-params", "--seed", "abc"]).contains("--seed"));
    assert!(usage_error(&["gen"]).contains("FAMILY"));
    assert!(usage_error(&["gen", "conv-params", "--fragment"]).contains("--fragment"));
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
