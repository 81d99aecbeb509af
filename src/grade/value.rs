//! Submitted values and how they are compared with the key.
//!
//! A submitted value is a number (`-0.5`, `1e-3`, `-1/2`), a list in brackets (`[1, -1/2, 0]`,
//! `[[1 2]; [3 4]]`: items separated by commas, semicolons or spaces; nested for tensors), an
//! object (`{"A": "conv1", ...}` or `A=conv1; B=relu`), or text. Numbers are compared exactly,
//! as rationals: a number scores when |given - key| <= the answer's `tolerance.abs`, where the key
//! is the answer's `exact` fraction when present, else its decimal `value`. Text is compared
//! ignoring case, spaces, `$`, `_`, `{` and `}` (so `F2`, `f_2` and `$F_2$` agree).

use serde_json::Value;

use crate::num::Q;

/// A parsed submitted value.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// A number, with the text it came from.
    Number(Q, String),
    /// A list (vector, matrix, tensor, shape).
    List(Vec<Given>),
    /// Named parts, with the text they came from (compared whole when the key is text).
    Object(Vec<(String, Given)>, String),
    /// Anything else.
    Text(String),
}

impl Given {
    /// Parses submitted text.
    pub fn parse(text: &str) -> Given {
        let t = text.trim();
        if t.starts_with('[') {
            let mut chars = t.chars().peekable();
            if let Some(list) = parse_list(&mut chars) {
                if chars.all(char::is_whitespace) {
                    return list;
                }
            }
            return Given::Text(t.to_string());
        }
        if t.starts_with('{') {
            if let Ok(value) = serde_json::from_str::<Value>(t) {
                return match from_json(&value) {
                    Given::Object(pairs, _) => Given::Object(pairs, t.to_string()),
                    other => other,
                };
            }
        }
        if let Ok(q) = t.parse::<Q>() {
            return Given::Number(q, t.to_string());
        }
        if let Some(pairs) = parse_pairs(t) {
            return Given::Object(pairs, t.to_string());
        }
        Given::Text(t.to_string())
    }

    fn number(&self) -> Option<&Q> {
        match self {
            Given::Number(q, _) => Some(q),
            Given::List(items) if items.len() == 1 => items[0].number(),
            _ => None,
        }
    }

    /// The text the value came from.
    fn text(&self) -> String {
        match self {
            Given::Number(_, raw) | Given::Text(raw) | Given::Object(_, raw) => raw.clone(),
            Given::List(items) => {
                let inner: Vec<String> = items.iter().map(Given::text).collect();
                format!("[{}]", inner.join(", "))
            }
        }
    }
}

fn parse_list(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<Given> {
    if chars.next() != Some('[') {
        return None;
    }
    let mut items = Vec::new();
    let mut token = String::new();
    let flush = |token: &mut String, items: &mut Vec<Given>| {
        if !token.trim().is_empty() {
            items.push(Given::parse(token.trim()));
        }
        token.clear();
    };
    while let Some(&c) = chars.peek() {
        match c {
            '[' => {
                flush(&mut token, &mut items);
                items.push(parse_list(chars)?);
                continue;
            }
            ']' => {
                chars.next();
                flush(&mut token, &mut items);
                return Some(Given::List(items));
            }
            ',' | ';' => flush(&mut token, &mut items),
            c if c.is_whitespace() => flush(&mut token, &mut items),
            c => token.push(c),
        }
        chars.next();
    }
    None
}

fn parse_pairs(text: &str) -> Option<Vec<(String, Given)>> {
    let pairs: Option<Vec<(String, Given)>> = text
        .split([',', ';'])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.split_once(['=', ':'])
                .map(|(k, v)| (k.trim().to_string(), Given::parse(v)))
        })
        .collect();
    pairs.filter(|p| !p.is_empty())
}

fn from_json(value: &Value) -> Given {
    match value {
        Value::Number(n) => Given::parse(&n.to_string()),
        Value::String(s) => match s.parse::<Q>() {
            Ok(q) => Given::Number(q, s.clone()),
            Err(_) => Given::Text(s.clone()),
        },
        Value::Array(items) => Given::List(items.iter().map(from_json).collect()),
        Value::Object(map) => Given::Object(
            map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect(),
            value.to_string(),
        ),
        Value::Bool(b) => Given::Text(b.to_string()),
        Value::Null => Given::Text(String::new()),
    }
}

/// The exact number a key entry stands for: its `exact` fraction, else its decimal value.
pub fn key_number(value: &Value, exact: Option<&Value>) -> Option<Q> {
    let from_exact = exact.and_then(|e| match e {
        Value::String(s) => s.parse::<Q>().ok(),
        Value::Number(n) => n.to_string().parse::<Q>().ok(),
        _ => None,
    });
    from_exact.or_else(|| match value {
        Value::Number(n) => n.to_string().parse::<Q>().ok(),
        _ => None,
    })
}

/// Whether `given` matches the key answer (`value`, its `exact` mirror and tolerance `abs`).
pub fn matches(value: &Value, exact: Option<&Value>, abs: &Q, given: &Given) -> bool {
    match value {
        Value::Number(_) => match (key_number(value, exact), given.number()) {
            (Some(key), Some(g)) => (g.clone() - key).abs() <= *abs,
            _ => false,
        },
        Value::Array(items) => match given {
            Given::List(list) => {
                list.len() == items.len()
                    && items
                        .iter()
                        .zip(list)
                        .enumerate()
                        .all(|(i, (v, g))| matches(v, exact.and_then(|e| e.get(i)), abs, g))
            }
            _ => false,
        },
        Value::Object(map) => match given {
            Given::Object(pairs, _) => {
                pairs.len() == map.len()
                    && map.iter().all(|(k, v)| {
                        pairs
                            .iter()
                            .find(|(gk, _)| normalize(gk) == normalize(k))
                            .is_some_and(|(_, g)| matches(v, exact.and_then(|e| e.get(k)), abs, g))
                    })
            }
            _ => false,
        },
        Value::String(s) => normalize(s) == normalize(&given.text()),
        Value::Bool(b) => normalize(&b.to_string()) == normalize(&given.text()),
        Value::Null => false,
    }
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '$' | '_' | '{' | '}'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ok(value: Value, exact: Option<Value>, abs: &str, given: &str) -> bool {
        matches(
            &value,
            exact.as_ref(),
            &abs.parse().unwrap(),
            &Given::parse(given),
        )
    }

    #[test]
    fn numbers_compare_exactly_within_the_tolerance() {
        assert!(ok(json!(-0.5), Some(json!("-1/2")), "0", "-1/2"));
        assert!(ok(json!(-0.5), Some(json!("-1/2")), "0", " -0.50 "));
        assert!(!ok(json!(-0.5), Some(json!("-1/2")), "0", "-0.5001"));
        assert!(ok(json!(0.333333333333333), Some(json!("1/3")), "0", "1/3"));
        assert!(!ok(
            json!(0.333333333333333),
            Some(json!("1/3")),
            "0",
            "0.333333333333333"
        ));
        assert!(ok(json!(0.2689), None, "0.0001", "0.269"));
        assert!(!ok(json!(0.2689), None, "0.0001", "0.27"));
        assert!(ok(json!(181), Some(json!("181")), "0", "[181]"));
        assert!(!ok(json!(181), Some(json!("181")), "0", "one hundred"));
    }

    #[test]
    fn vectors_tensors_objects_and_text() {
        let v = json!([-0.5, -1, 0, -0.5]);
        let e = json!(["-1/2", "-1", "0", "-1/2"]);
        assert!(ok(v.clone(), Some(e.clone()), "0", "[-1/2, -1, 0, -0.5]"));
        assert!(ok(v.clone(), Some(e.clone()), "0", "[-0.5 -1 0 -0.5]"));
        assert!(!ok(v.clone(), Some(e.clone()), "0", "[-0.5, -1, 0]"));
        assert!(ok(json!([[1, 2], [3, 4]]), None, "0", "[[1, 2]; [3 4]]"));
        assert!(!ok(json!([[1, 2], [3, 4]]), None, "0", "[[1, 2], [4, 3]]"));
        assert!(ok(json!("F2"), None, "0", "$F_2$"));
        let a = json!({"A": "conv1", "B": "relu", "C": "conv2"});
        assert!(ok(a.clone(), None, "0", "A=Conv1; B=ReLU; C=Conv2"));
        assert!(ok(
            a.clone(),
            None,
            "0",
            r#"{"A": "conv1", "B": "relu", "C": "conv2"}"#
        ));
        assert!(!ok(a, None, "0", "A=relu; B=conv1; C=conv2"));
        assert_eq!(Given::parse("[1, 2"), Given::Text("[1, 2".into()));
        // Text keys compare with the whole submitted text, even when it looks like `a = b`.
        let formula = r"\frac{\partial L}{\partial F_2} = \frac{\partial L}{\partial F_3}, 1";
        assert!(ok(json!(formula), None, "0", formula));
    }
}
