//! Reading a submitted value: a number or formula (see [`super::expr`]), a list, an object or
//! text.
//!
//! - Lists: `[1, -1/2, 0]`, `(2, 2)`, `[[1 2]; [3 4]]`, `[-0.5 -1 0]`: items in `[...]` or `(...)`
//!   separated by commas or semicolons; items that are plain numbers or bracketed lists may also
//!   be separated by spaces. Brackets nest for matrices and tensors. An unbracketed `2, 2` is a
//!   list too.
//! - A decimal comma: `0,5` (digits, one comma, digits, no spaces) is 0.5 unless exactly three
//!   digits follow the comma (`1,600` could be 1600 or 1.6): that is unreadable, and listed.
//! - Objects: `{"A": "conv1", ...}` (JSON) or `A=conv1; B=relu`.
//! - Anything else is text, kept with the reason it is not a number.

use serde_json::Value;

use super::expr;
use crate::num::{Q, Real};

/// A parsed submitted value.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// A number (exact, or a close approximation of `ln 2`, `sqrt 2`, ...).
    Number(Real),
    /// A list (vector, matrix, tensor, shape, pair).
    List(Vec<Given>),
    /// Named parts: (name, the text given for it).
    Object(Vec<(String, String)>),
    /// Not a number: the reason (compared as text where the key is text).
    Text(String),
}

impl Given {
    /// Parses submitted text.
    pub fn parse(text: &str) -> Given {
        let t = text.trim();
        if let Some(items) = bracketed_items(t) {
            return Given::List(items.iter().map(|i| Given::parse(i)).collect());
        }
        if t.starts_with('{') {
            if let Ok(value) = serde_json::from_str::<Value>(t) {
                return from_json(&value);
            }
        }
        if let Some(q) = decimal_comma(t) {
            return q;
        }
        match expr::eval(t) {
            Ok(r) => Given::Number(r),
            Err(why) => {
                if let Some(pairs) = parse_pairs(t) {
                    return Given::Object(pairs);
                }
                let items = split_top(t, &[',', ';']);
                if items.len() > 1 {
                    return Given::List(items.iter().map(|i| Given::parse(i)).collect());
                }
                Given::Text(why)
            }
        }
    }
}

/// `0,5` as 0.5; `1,600` as unreadable text; `None` for anything else.
fn decimal_comma(t: &str) -> Option<Given> {
    let (int, frac) = t.split_once(',')?;
    let int_digits = int.strip_prefix('-').unwrap_or(int);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(int_digits) || !digits(frac) {
        return None;
    }
    if frac.len() == 3 {
        return Some(Given::Text(format!(
            "`{t}` is ambiguous: a thousands separator or a decimal comma (write {int}{frac} or {int}.{frac})"
        )));
    }
    expr::eval(&format!("{int}.{frac}")).ok().map(Given::Number)
}

/// The items of `[...]` or `(...)` when the brackets enclose the whole text and make a list: a
/// bracketed `(1+2)` with no separator is an expression, not a list.
fn bracketed_items(t: &str) -> Option<Vec<String>> {
    let (open, close) = match t.chars().next()? {
        '[' => ('[', ']'),
        '(' => ('(', ')'),
        _ => return None,
    };
    if !t.ends_with(close) || matching_close(t)? != t.len() - 1 {
        return None;
    }
    let inner = &t[1..t.len() - 1];
    let mut items = split_top(inner, &[',', ';']);
    if items.len() == 1 {
        let words = split_top(inner, &[' ', '\t']);
        let plain = |w: &String| w.starts_with('[') || w.starts_with('(') || w.parse::<Q>().is_ok();
        if words.len() > 1 && words.iter().all(plain) {
            items = words;
        } else if open == '(' {
            return None;
        }
    }
    if items.len() == 1 && items[0].is_empty() {
        items.clear();
    }
    Some(items)
}

/// The byte position of the bracket that closes the one at position 0.
fn matching_close(t: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in t.char_indices() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` split at the separators outside brackets, each piece trimmed, empty pieces dropped.
fn split_top(text: &str, separators: &[char]) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth -= 1,
            _ => {}
        }
        if depth == 0 && separators.contains(&c) {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    items.push(current);
    let items: Vec<String> = items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        vec![String::new()]
    } else {
        items
    }
}

fn parse_pairs(text: &str) -> Option<Vec<(String, String)>> {
    let pairs: Option<Vec<(String, String)>> = split_top(text, &[',', ';'])
        .iter()
        .map(|p| {
            p.split_once(['=', ':'])
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    pairs.filter(|p| !p.is_empty() && p.iter().all(|(k, _)| !k.is_empty()))
}

fn from_json(value: &Value) -> Given {
    match value {
        Value::Number(n) => Given::parse(&n.to_string()),
        Value::String(s) => Given::parse(s),
        Value::Array(items) => Given::List(items.iter().map(from_json).collect()),
        Value::Object(map) => Given::Object(
            map.iter()
                .map(|(k, v)| {
                    let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    (k.clone(), text)
                })
                .collect(),
        ),
        Value::Bool(b) => Given::Text(format!("`{b}` is not a number")),
        Value::Null => Given::Text("`null` is not a number".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Given {
        Given::Number(Real::Exact(text.parse::<Q>().unwrap()))
    }

    fn list(items: &[&str]) -> Given {
        Given::List(items.iter().map(|i| num(i)).collect())
    }

    #[test]
    fn numbers_lists_and_pairs() {
        assert_eq!(Given::parse(" -1/2 "), num("-1/2"));
        assert_eq!(Given::parse("[-2.2]"), list(&["-2.2"]));
        assert_eq!(Given::parse("[1, -1/2, 0]"), list(&["1", "-1/2", "0"]));
        assert_eq!(Given::parse("[-0.5 -1 0]"), list(&["-0.5", "-1", "0"]));
        assert_eq!(Given::parse("(2, 2)"), list(&["2", "2"]));
        assert_eq!(Given::parse("2, 2"), list(&["2", "2"]));
        assert_eq!(Given::parse("(1+2)/3"), num("1"));
        assert_eq!(Given::parse("(1+2)"), num("3"));
        assert_eq!(Given::parse("[1 - 2]"), list(&["-1"]));
        assert_eq!(
            Given::parse("[[1 2]; [3 4]]"),
            Given::List(vec![list(&["1", "2"]), list(&["3", "4"])])
        );
        assert_eq!(
            Given::parse("[[0, 0], [4, 0]]"),
            Given::List(vec![list(&["0", "0"]), list(&["4", "0"])])
        );
        assert_eq!(Given::parse("[ln 2, 1]").clone(), {
            let Given::List(items) = Given::parse("[ln 2, 1]") else {
                panic!()
            };
            assert!(matches!(&items[0], Given::Number(Real::Approx(_))));
            Given::List(items)
        });
        assert_eq!(Given::parse("[]"), Given::List(vec![]));
    }

    #[test]
    fn decimal_commas_where_unambiguous() {
        assert_eq!(Given::parse("0,5"), num("0.5"));
        assert_eq!(Given::parse("-2,25"), num("-2.25"));
        let Given::Text(why) = Given::parse("1,600") else {
            panic!()
        };
        assert!(why.contains("ambiguous"), "{why}");
        // In a list the comma separates.
        assert_eq!(Given::parse("[0,5]"), list(&["0", "5"]));
    }

    #[test]
    fn objects_and_text() {
        assert_eq!(
            Given::parse("A=conv1; B=relu"),
            Given::Object(vec![
                ("A".into(), "conv1".into()),
                ("B".into(), "relu".into()),
            ])
        );
        assert!(matches!(
            Given::parse(r#"{"A": "conv1"}"#),
            Given::Object(_)
        ));
        assert!(matches!(Given::parse("sixteen hundred"), Given::Text(_)));
        assert!(matches!(Given::parse("[1, 2"), Given::Text(_)));
        assert!(matches!(Given::parse("nan"), Given::Text(_)));
    }
}
