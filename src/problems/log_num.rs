//! [`LogNum`]: a params number that may be written as the natural logarithm of a positive
//! rational (`"ln 3"`, `"ln(3/2)"`). Its exponential is then that rational, so softmaxes,
//! sigmoids, e^-w and cosh w of such numbers stay exact ([`LogNum::exp`]).

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::num::{Q, Real};
use crate::problems::format::scalar_tex;
use crate::problems::nested::check_size;
use crate::problems::params::Num;

/// A number, or the natural logarithm of a positive number (`"ln 3"`, `"ln(3/2)"`).
#[derive(Clone, Debug, PartialEq)]
pub enum LogNum {
    /// The logit itself.
    Number(Q),
    /// `ln a` for the given `a > 0`.
    Ln(Q),
}

impl fmt::Display for LogNum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogNum::Number(q) => write!(f, "{q}"),
            LogNum::Ln(a) if a.is_integer() => write!(f, "ln {a}"),
            LogNum::Ln(a) => write!(f, "ln({a})"),
        }
    }
}

impl LogNum {
    /// Parses a JSON number, fraction string or `"ln a"` string.
    pub fn parse(v: &Value) -> std::result::Result<LogNum, String> {
        match v {
            Value::Number(n) => n
                .to_string()
                .parse::<Q>()
                .map(LogNum::Number)
                .map_err(|e| e.to_string()),
            Value::String(s) => {
                let s = s.trim();
                if let Some(rest) = s.strip_prefix("ln") {
                    let inner = rest.trim();
                    let inner = inner
                        .strip_prefix('(')
                        .and_then(|r| r.strip_suffix(')'))
                        .unwrap_or(inner)
                        .trim();
                    let a: Q = inner
                        .parse()
                        .map_err(|e| format!("`{s}`: the logarithm of what? {e}"))?;
                    check_size(&a)?;
                    if !a.is_positive() {
                        return Err(format!("`{s}`: a logarithm needs a number above 0"));
                    }
                    Ok(LogNum::Ln(a))
                } else {
                    let q: Q = s.parse().map_err(|e| format!("`{s}`: {e}"))?;
                    check_size(&q)?;
                    Ok(LogNum::Number(q))
                }
            }
            other => Err(format!(
                "expected a number or a logarithm like \"ln 3\", got {other}"
            )),
        }
    }
}

/// A vector `[K]` or a batch of rows `[[K], ...]` of [`LogNum`]s.
#[derive(Clone, Debug, PartialEq)]
pub struct LogTensor {
    /// One row per example.
    pub rows: Vec<Vec<LogNum>>,
    /// Whether they were given as a batch.
    pub batch: bool,
}

impl Serialize for LogTensor {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let row = |r: &Vec<LogNum>| Value::Array(r.iter().map(LogNum::to_json).collect());
        if self.batch {
            Value::Array(self.rows.iter().map(row).collect()).serialize(s)
        } else {
            row(&self.rows[0]).serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for LogTensor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let row = |v: &Value| -> std::result::Result<Vec<LogNum>, String> {
            let Value::Array(items) = v else {
                return Err(format!("expected a list of numbers, got {v}"));
            };
            items.iter().map(LogNum::parse).collect()
        };
        let Value::Array(items) = &value else {
            return Err(de::Error::custom(format!(
                "expected a list of numbers or a list of rows, got {value}"
            )));
        };
        let batch = items.first().is_some_and(Value::is_array);
        let rows = if batch {
            items.iter().map(row).collect::<std::result::Result<_, _>>()
        } else {
            row(&value).map(|r| vec![r])
        }
        .map_err(de::Error::custom)?;
        Ok(LogTensor { rows, batch })
    }
}

impl Serialize for LogNum {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for LogNum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        LogNum::parse(&value).map_err(de::Error::custom)
    }
}

impl LogNum {
    /// As params JSON: a number (or fraction string), or `"ln a"`.
    pub fn to_json(&self) -> Value {
        match self {
            LogNum::Number(q) => serde_json::to_value(Num(q.clone())).expect("a number"),
            LogNum::Ln(_) => Value::String(self.to_string()),
        }
    }

    /// e^(self / t): exact for `ln a` when t = 1, t = 1/n, or t = 2 and a is a perfect square.
    pub fn exp_over(&self, t: &Q) -> Real {
        match self {
            LogNum::Ln(a) => {
                if *t == Q::one() {
                    return Real::Exact(a.clone());
                }
                let inv = t.recip().expect("t > 0");
                if let Some(n) = inv.to_i64().filter(|_| inv.is_integer()) {
                    return Real::Exact(a.pow(n as u32));
                }
                if *t == Q::int(2) {
                    if let Some(root) = a.sqrt_exact() {
                        return Real::Exact(root);
                    }
                }
                let ln_a = Real::Exact(a.clone()).ln().expect("a > 0");
                (&ln_a / &Real::Exact(t.clone())).exp()
            }
            LogNum::Number(q) => Real::Exact(q / t).exp(),
        }
    }

    /// e^self (exact for `ln a` and for 0).
    pub fn exp(&self) -> Real {
        self.exp_over(&Q::one())
    }

    /// e^-self (exact for `ln a` and for 0).
    pub fn exp_neg(&self) -> Real {
        match self {
            LogNum::Ln(a) => Real::Exact(a.recip().expect("a > 0")),
            LogNum::Number(q) => Real::Exact(-q).exp(),
        }
    }

    /// The value as a real (`ln a` approximated, numbers exact).
    pub fn value(&self) -> Real {
        match self {
            LogNum::Ln(a) => Real::Exact(a.clone()).ln().expect("a > 0"),
            LogNum::Number(q) => Real::Exact(q.clone()),
        }
    }

    /// Whether it is 0 (`0` or `ln 1`).
    pub fn is_zero(&self) -> bool {
        match self {
            LogNum::Ln(a) => *a == Q::one(),
            LogNum::Number(q) => q.is_zero(),
        }
    }

    /// Whether e^self is exact (`ln a`, or 0).
    pub fn has_exact_exp(&self) -> bool {
        matches!(self, LogNum::Ln(_)) || self.is_zero()
    }

    /// LaTeX: `\ln 3`, `\ln \frac{3}{2}`, `-\ln 4` for `ln(1/4)`, `0` for `ln 1`, or the number.
    pub fn tex(&self) -> String {
        match self {
            LogNum::Ln(a) if *a == Q::one() => "0".into(),
            LogNum::Ln(a) if a.numer() == 1.into() => format!(r"-\ln {}", a.denom()),
            LogNum::Ln(a) => format!(r"\ln {}", a.tex()),
            LogNum::Number(q) => scalar_tex(q),
        }
    }
}
