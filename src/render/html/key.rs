//! The key the page's checker reads: for each gradable answer its value, exact fractions,
//! tolerance and grading, exactly as keys.json writes them (so `templates/html/check.js` and
//! `dlexam grade` read the same data), as JSON inside a `<script type="application/json">`.

use serde::Serialize;
use serde_json::Value;

use crate::choices::Choices;
use crate::solution::{Answer, Grading, Tolerance};

/// One answer as the checker reads it.
#[derive(Serialize)]
struct KeyAnswer<'a> {
    id: &'a str,
    value: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    exact: Option<&'a Value>,
    tolerance: &'a Tolerance,
    #[serde(skip_serializing_if = "Grading::is_auto")]
    grading: Grading,
    /// The options of a `--choices` answer (the checker still reads a typed value; the
    /// browser test types the typical mistakes among them).
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<&'a Choices>,
}

/// Whether the page checks this answer (answers graded by hand get no input).
pub fn checkable(answer: &Answer) -> bool {
    answer.grading != Grading::Hand
}

/// Appends the `<script>` holding the key of one problem's checkable answers.
pub fn push_key(out: &mut String, answers: &[Answer]) {
    let key: Vec<KeyAnswer<'_>> = answers
        .iter()
        .filter(|a| checkable(a))
        .map(|a| KeyAnswer {
            id: &a.id,
            value: &a.value,
            exact: a.exact.as_ref(),
            tolerance: &a.tolerance,
            grading: a.grading,
            choices: a.choices.as_ref(),
        })
        .collect();
    let json = serde_json::to_string(&key).expect("answers serialize to JSON");
    out.push_str(r#"<script type="application/json" data-key>"#);
    // `<`, `>` and `&` stand only inside JSON strings, where \u escapes mean the same: no
    // `</script>` can end the element early.
    for c in json.chars() {
        match c {
            '<' => out.push_str(r"\u003c"),
            '>' => out.push_str(r"\u003e"),
            '&' => out.push_str(r"\u0026"),
            c => out.push(c),
        }
    }
    out.push_str("</script>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Q;

    #[test]
    fn the_key_is_keys_json_without_hand_graded_answers_and_cannot_close_its_script() {
        let answers = vec![
            Answer::scalar("a", "$a$", &Q::frac(-1, 2)),
            Answer::text("t", "t", Value::String("</script><b>".into()), "x"),
            Answer::text("h", "h", Value::String("x".into()), "x").graded(Grading::Hand),
        ];
        let mut out = String::new();
        push_key(&mut out, &answers);
        let json = out
            .strip_prefix(r#"<script type="application/json" data-key>"#)
            .and_then(|s| s.strip_suffix("</script>"))
            .unwrap();
        assert!(!json.contains('<'), "{json}");
        let parsed: Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!([
                {"id": "a", "value": -0.5, "exact": "-1/2", "tolerance": {"abs": 0}},
                {"id": "t", "value": "</script><b>", "tolerance": {"abs": 0}},
            ])
        );
    }
}
