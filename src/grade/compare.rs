//! Comparing a submitted value with a key answer.
//!
//! Numbers, vectors and tensors compare after removing size-one dimensions on both sides: a
//! scalar equals a one-element vector, an N=C=1 tensor equals its H×W matrix. A pair whose two
//! entries are equal equals the single number (padding `2` = `(2, 2)` = `[2, 2]`). Entry `i` (in
//! reading order) is right when it lies within the answer's bound for entry `i`. A value of
//! another shape, or one that is not a number, is unreadable: scored 0 and listed.
//!
//! Text compares ignoring case, spaces, `$`, `_`, `{` and `}` (`F2` = `$F_2$`); objects compare
//! name by name (names ignoring case too); set answers (`X, y_hat`) compare as sets of items.

use serde_json::Value;

use super::key::{Grading, KeyAnswer};
use super::tolerance::{Tolerance, accepts};
use super::value::Given;
use crate::num::{Q, Real};

/// The outcome of one comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Within the tolerance, or the same wording.
    Right,
    /// Read, but not the key's value.
    Wrong,
    /// Could not be compared: the reason.
    Unreadable(String),
}

/// Compares the text `raw` (parsed as `given`) with the key answer.
pub fn compare(answer: &KeyAnswer, raw: &str, given: &Given) -> Verdict {
    if answer.grading == Grading::Set {
        return same(set_of(raw) == set_of(&key_text(&answer.value)));
    }
    compare_value(
        &answer.value,
        answer.exact.as_ref(),
        &answer.tolerance,
        raw,
        given,
    )
}

fn same(right: bool) -> Verdict {
    if right {
        Verdict::Right
    } else {
        Verdict::Wrong
    }
}

fn compare_value(
    value: &Value,
    exact: Option<&Value>,
    tolerance: &Tolerance,
    raw: &str,
    given: &Given,
) -> Verdict {
    match value {
        Value::String(s) => same(normalize(s) == normalize(raw)),
        Value::Bool(b) => same(normalize(&b.to_string()) == normalize(raw)),
        Value::Null => Verdict::Wrong,
        Value::Object(map) => {
            let Given::Object(pairs) = given else {
                return Verdict::Unreadable(format!(
                    "expected named parts like {}",
                    map.keys()
                        .map(|k| format!("{k}=..."))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            };
            let right = pairs.len() == map.len()
                && map.iter().all(|(k, v)| {
                    pairs
                        .iter()
                        .find(|(name, _)| normalize(name) == normalize(k))
                        .is_some_and(|(_, text)| {
                            compare_value(
                                v,
                                exact.and_then(|e| e.get(k)),
                                tolerance,
                                text,
                                &Given::parse(text),
                            ) == Verdict::Right
                        })
                });
            same(right)
        }
        Value::Number(_) | Value::Array(_) => {
            let Some(key) = Numbers::of_key(value, exact) else {
                return Verdict::Wrong;
            };
            let submitted = match Numbers::of_given(given) {
                Ok(n) => n,
                Err(why) => return Verdict::Unreadable(why),
            };
            compare_numbers(&key, &submitted, tolerance)
        }
    }
}

/// Numbers with their shape, size-one dimensions removed.
#[derive(Clone, Debug)]
pub struct Numbers<T> {
    /// The shape without size-one dimensions (empty for a scalar).
    pub shape: Vec<usize>,
    /// The entries in reading order.
    pub entries: Vec<T>,
}

impl Numbers<Q> {
    /// The key's numbers: its `exact` fractions where present, else its decimal `value`.
    pub fn of_key(value: &Value, exact: Option<&Value>) -> Option<Self> {
        let mut shape = Vec::new();
        let mut entries = Vec::new();
        key_walk(value, exact, 0, &mut shape, &mut entries)?;
        shape.retain(|&d| d != 1);
        Some(Numbers { shape, entries })
    }
}

fn key_walk(
    value: &Value,
    exact: Option<&Value>,
    depth: usize,
    shape: &mut Vec<usize>,
    entries: &mut Vec<Q>,
) -> Option<()> {
    match value {
        Value::Array(items) => {
            record_dim(shape, depth, items.len())?;
            for (i, item) in items.iter().enumerate() {
                key_walk(
                    item,
                    exact.and_then(|e| e.get(i)),
                    depth + 1,
                    shape,
                    entries,
                )?;
            }
            Some(())
        }
        Value::Number(n) => {
            (shape.len() == depth).then_some(())?;
            let from_exact = exact.and_then(|e| match e {
                Value::String(s) => s.parse::<Q>().ok(),
                Value::Number(n) => n.to_string().parse::<Q>().ok(),
                _ => None,
            });
            entries.push(from_exact.or_else(|| n.to_string().parse().ok())?);
            Some(())
        }
        _ => None,
    }
}

/// Records that dimension `depth` has size `len`; `None` when a sibling disagrees (ragged).
fn record_dim(shape: &mut Vec<usize>, depth: usize, len: usize) -> Option<()> {
    match shape.get(depth) {
        Some(&d) if d != len => None,
        Some(_) => Some(()),
        None if shape.len() == depth => {
            shape.push(len);
            Some(())
        }
        None => None,
    }
}

impl Numbers<Real> {
    /// A submitted value's numbers, or why it has none.
    pub fn of_given(given: &Given) -> Result<Self, String> {
        let mut shape = Vec::new();
        let mut entries = Vec::new();
        given_walk(given, 0, &mut shape, &mut entries)?;
        shape.retain(|&d| d != 1);
        Ok(Numbers { shape, entries })
    }
}

fn given_walk(
    given: &Given,
    depth: usize,
    shape: &mut Vec<usize>,
    entries: &mut Vec<Real>,
) -> Result<(), String> {
    let ragged = || "rows of different lengths".to_string();
    match given {
        Given::List(items) => {
            record_dim(shape, depth, items.len()).ok_or_else(ragged)?;
            items
                .iter()
                .try_for_each(|item| given_walk(item, depth + 1, shape, entries))
        }
        Given::Number(r) => {
            if shape.len() != depth {
                return Err(ragged());
            }
            entries.push(r.clone());
            Ok(())
        }
        Given::Text(why) => Err(why.clone()),
        Given::Object(_) => Err("named parts where numbers are expected".into()),
    }
}

fn shape_text(shape: &[usize]) -> String {
    if shape.is_empty() {
        "a single number".into()
    } else {
        let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
        format!("shape {}", dims.join("x"))
    }
}

/// Compares numbers entry by entry, after the pair rule of the module docs.
pub fn compare_numbers(key: &Numbers<Q>, given: &Numbers<Real>, tolerance: &Tolerance) -> Verdict {
    let equal_pair = |e: &[Q]| e.len() == 2 && e[0] == e[1];
    let given_pair = |e: &[Real]| e.len() == 2 && e[0].value() == e[1].value();
    let pairs: Vec<(usize, &Q, &Real)> = if key.shape == given.shape {
        key.entries
            .iter()
            .zip(&given.entries)
            .enumerate()
            .map(|(i, (k, g))| (i, k, g))
            .collect()
    } else if key.shape == [2] && given.shape.is_empty() && equal_pair(&key.entries) {
        (0..2)
            .map(|i| (i, &key.entries[i], &given.entries[0]))
            .collect()
    } else if key.shape.is_empty() && given.shape == [2] && given_pair(&given.entries) {
        vec![(0, &key.entries[0], &given.entries[0])]
    } else {
        return Verdict::Unreadable(format!(
            "{} where the key has {}",
            shape_text(&given.shape),
            shape_text(&key.shape)
        ));
    };
    same(
        pairs
            .iter()
            .all(|(i, k, g)| accepts(tolerance.entry(*i), k, g)),
    )
}

/// The key's text, for set answers.
fn key_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(key_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A set answer's items: split at commas, semicolons and the word `and`, normalized, sorted.
fn set_of(text: &str) -> Vec<String> {
    let spaced = format!(
        " {} ",
        text.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')' | '{' | '}'))
    );
    let mut items: Vec<String> = spaced
        .replace(" and ", ",")
        .split([',', ';'])
        .map(normalize)
        .filter(|s| !s.is_empty())
        .collect();
    items.sort();
    items.dedup();
    items
}

/// Text as compared: no whitespace, `$`, `_`, `{`, `}`; lower case.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '$' | '_' | '{' | '}'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn answer(value: Value, exact: Option<Value>, tolerance: Value, grading: &str) -> KeyAnswer {
        serde_json::from_value(json!({
            "id": "a", "value": value, "exact": exact, "tolerance": tolerance, "grading": grading
        }))
        .unwrap()
    }

    fn verdict(a: &KeyAnswer, raw: &str) -> Verdict {
        compare(a, raw, &Given::parse(raw))
    }

    #[test]
    fn answers_as_printed_are_right() {
        let theta = answer(
            json!([-2.2]),
            Some(json!(["-11/5"])),
            json!({"abs": 0}),
            "auto",
        );
        for raw in ["-2.2", "[-2.2]", "-11/5", "[[-2.2]]"] {
            assert_eq!(verdict(&theta, raw), Verdict::Right, "{raw}");
        }
        assert_eq!(verdict(&theta, "-2.3"), Verdict::Wrong);
        let g2 = answer(json!([[[[0, 0], [4, 0]]]]), None, json!({"abs": 0}), "auto");
        for raw in ["[[0, 0], [4, 0]]", "[[[[0, 0], [4, 0]]]]", "[[0 0]; [4 0]]"] {
            assert_eq!(verdict(&g2, raw), Verdict::Right, "{raw}");
        }
        assert_eq!(verdict(&g2, "[[0, 0], [0, 4]]"), Verdict::Wrong);
        assert!(
            matches!(verdict(&g2, "[0, 0, 4, 0]"), Verdict::Unreadable(w) if w.contains("shape 4 where the key has shape 2x2"))
        );
        let padding = answer(
            json!([2, 2]),
            Some(json!(["2", "2"])),
            json!({"abs": 0}),
            "auto",
        );
        for raw in ["2", "(2, 2)", "[2, 2]", "2, 2"] {
            assert_eq!(verdict(&padding, raw), Verdict::Right, "{raw}");
        }
        assert_eq!(verdict(&padding, "3"), Verdict::Wrong);
        let uneven = answer(json!([2, 3]), None, json!({"abs": 0}), "auto");
        assert!(matches!(verdict(&uneven, "2"), Verdict::Unreadable(_)));
        let single = answer(json!(1), None, json!({"abs": 0}), "auto");
        assert_eq!(verdict(&single, "(1, 1)"), Verdict::Right);
    }

    #[test]
    fn expressions_and_unreadable_values() {
        let loss = answer(
            json!(std::f64::consts::LN_2),
            None,
            json!({"abs": 0.00005}),
            "auto",
        );
        for raw in ["ln 2", "-ln(1/2)", "0.6931", "0,6931", "log(2)"] {
            assert_eq!(verdict(&loss, raw), Verdict::Right, "{raw}");
        }
        for raw in ["1,600", "nan", "1/0", "sixteen hundred", "[1, 2"] {
            assert!(
                matches!(verdict(&loss, raw), Verdict::Unreadable(_)),
                "{raw}"
            );
        }
        let half = answer(json!(0.5), Some(json!("1/2")), json!({"abs": 0}), "auto");
        assert_eq!(verdict(&half, "sqrt(1/4)"), Verdict::Right);
        assert_eq!(verdict(&half, "1/(1+e^0)"), Verdict::Right);
        assert_eq!(verdict(&half, "0.5001"), Verdict::Wrong);
    }

    #[test]
    fn text_objects_and_sets() {
        let cache = answer(json!("X, y_hat"), None, json!({"abs": 0}), "set");
        for raw in ["y_hat, X", "X, y_hat", "x and yhat", "[yhat; X]"] {
            assert_eq!(verdict(&cache, raw), Verdict::Right, "{raw}");
        }
        assert_eq!(verdict(&cache, "X"), Verdict::Wrong);
        let skip = answer(json!("F2"), None, json!({"abs": 0}), "auto");
        assert_eq!(verdict(&skip, "$F_2$"), Verdict::Right);
        let a = answer(
            json!({"A": "Conv1", "B": "ReLU"}),
            None,
            json!({"abs": 0}),
            "auto",
        );
        assert_eq!(verdict(&a, "a=conv1; b=relu"), Verdict::Right);
        assert_eq!(
            verdict(&a, r#"{"A": "conv1", "B": "relu"}"#),
            Verdict::Right
        );
        assert_eq!(verdict(&a, "A=relu; B=conv1"), Verdict::Wrong);
        assert!(matches!(verdict(&a, "conv1 relu"), Verdict::Unreadable(_)));
    }
}
