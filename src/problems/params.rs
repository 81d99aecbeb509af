//! Strict parsing of params JSON: unknown fields refused, errors that name the field path,
//! and the number types the contract allows (integers; decimals or fraction strings for reals).

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::num::Q;

/// Parses `value` into a family's params, naming the offending field on error.
pub fn from_json<T: DeserializeOwned>(family: &str, value: &Value) -> Result<T> {
    if !value.is_object() {
        return Err(Error::invalid(format!(
            "params for {family} must be a JSON object, got {}",
            kind(value)
        )));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        if path == "." || path.is_empty() {
            Error::invalid(format!("params for {family}: {inner}"))
        } else {
            Error::invalid(format!("params for {family}: field `{path}`: {inner}"))
        }
    })
}

/// Reads params JSON from `--params` text: inline JSON, or `@FILE`.
pub fn read_params_arg(text: &str) -> Result<Value> {
    use crate::limits::{MAX_PARAMS_BYTES, read_limited, too_big};
    let (source, body) = match text.strip_prefix('@') {
        Some(path) => {
            let source = format!("--params @{path}");
            let bytes = read_limited(std::path::Path::new(path), MAX_PARAMS_BYTES, &source)?;
            let body = String::from_utf8(bytes)
                .map_err(|_| Error::invalid(format!("{source}: not UTF-8 text")))?;
            (source, body)
        }
        None if text.len() > MAX_PARAMS_BYTES => {
            return Err(too_big("--params", MAX_PARAMS_BYTES));
        }
        None => ("--params".to_string(), text.to_string()),
    };
    serde_json::from_str(&body).map_err(|e| Error::invalid(format!("{source}: broken JSON: {e}")))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An integer field (JSON integers only: `"3"` and `3.5` are refused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Int(pub i64);

impl Serialize for Int {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        match &value {
            Value::Number(n) => n
                .as_i64()
                .map(Int)
                .ok_or_else(|| de::Error::custom(format!("{n} is not an integer in range"))),
            other => Err(de::Error::custom(format!(
                "expected an integer, got {}",
                describe(other)
            ))),
        }
    }
}

/// An integer or a pair `[height, width]` (PyTorch's `int | tuple[int, int]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pair {
    /// The same value for height and width.
    Same(i64),
    /// Height and width.
    Two(i64, i64),
}

impl Pair {
    /// The height value.
    pub fn h(self) -> i64 {
        match self {
            Pair::Same(v) | Pair::Two(v, _) => v,
        }
    }
    /// The width value.
    pub fn w(self) -> i64 {
        match self {
            Pair::Same(v) | Pair::Two(_, v) => v,
        }
    }
    /// Whether height and width agree.
    pub fn is_square(self) -> bool {
        self.h() == self.w()
    }
    /// A pair that collapses to one number when square.
    pub fn of(h: i64, w: i64) -> Pair {
        if h == w {
            Pair::Same(h)
        } else {
            Pair::Two(h, w)
        }
    }
}

impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pair::Same(v) => write!(f, "{v}"),
            Pair::Two(h, w) => write!(f, "[{h}, {w}]"),
        }
    }
}

impl Serialize for Pair {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Pair::Same(v) => s.serialize_i64(*v),
            Pair::Two(h, w) => [*h, *w].serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Pair {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let int = |v: &Value| v.as_i64().filter(|_| v.is_i64() || v.is_u64());
        match &value {
            Value::Number(_) => int(&value)
                .map(Pair::Same)
                .ok_or_else(|| de::Error::custom(format!("{value} is not an integer in range"))),
            Value::Array(items) if items.len() == 2 => match (int(&items[0]), int(&items[1])) {
                (Some(h), Some(w)) => Ok(Pair::Two(h, w)),
                _ => Err(de::Error::custom(format!(
                    "expected two integers, got {value}"
                ))),
            },
            other => Err(de::Error::custom(format!(
                "expected an integer or a pair [h, w], got {}",
                describe(other)
            ))),
        }
    }
}

/// A real-valued field: an integer, a decimal or a fraction string (`"1/2"`), kept exact.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Num(pub Q);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // Terminating decimals as numbers; anything else (1/3) as its exact fraction string, so
        // params always reproduce the problem exactly.
        if self.0.is_terminating() && self.0.decimal_places(15).is_some() {
            crate::solution::json_number(&self.0).serialize(s)
        } else {
            s.serialize_str(&self.0.to_string())
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct NumVisitor;
        impl Visitor<'_> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a fraction string like \"1/2\"")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Num, E> {
                s.parse::<Q>().map(Num).map_err(E::custom)
            }
        }
        let value = Value::deserialize(d)?;
        match &value {
            Value::Number(n) => n
                .to_string()
                .parse::<Q>()
                .map(Num)
                .map_err(de::Error::custom),
            Value::String(s) => NumVisitor.visit_str(s),
            other => Err(de::Error::custom(format!(
                "expected a number or a fraction string like \"1/2\", got {}",
                describe(other)
            ))),
        }
    }
}

/// A short description of a JSON value for error messages (`the string "3"`).
fn describe(value: &Value) -> String {
    let text = value.to_string();
    let short = if text.len() > 40 {
        format!("{}...", &text[..37])
    } else {
        text
    };
    format!("{} {short}", kind(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Demo {
        #[allow(dead_code)]
        kernel: Pair,
        #[allow(dead_code)]
        lr: Option<Num>,
    }

    #[test]
    fn errors_name_the_field() {
        let e = from_json::<Demo>("demo", &json!({"kernel": "3"}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`kernel`") && e.contains("string \"3\""), "{e}");
        let e = from_json::<Demo>("demo", &json!({"kernal": 3}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `kernal`"), "{e}");
        let e = from_json::<Demo>("demo", &json!({"kernel": 3, "lr": "x"}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`lr`"), "{e}");
        let ok = from_json::<Demo>("demo", &json!({"kernel": [3, 5], "lr": "1/2"})).unwrap();
        assert_eq!(ok.kernel, Pair::Two(3, 5));
    }

    #[test]
    fn decimals_stay_exact() {
        let n: Num = serde_json::from_value(json!(0.1)).unwrap();
        assert_eq!(n.0, Q::frac(1, 10));
    }
}
