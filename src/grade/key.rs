//! Reading `keys.json` for grading: only the fields grading needs (the rest is ignored).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::tolerance::Tolerance;
use crate::error::{Error, Result};
use crate::num::Q;

/// keys.json.
#[derive(Debug, Deserialize)]
pub struct KeyFile {
    /// Must be `dlexam/1`.
    pub schema: String,
    /// The students, in roster order.
    pub students: Vec<KeyStudent>,
}

/// One student of keys.json.
#[derive(Debug, Deserialize)]
pub struct KeyStudent {
    /// Roster id.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Their problems, in exam order.
    pub problems: Vec<KeyProblem>,
}

/// One problem of a student's key.
#[derive(Debug, Deserialize)]
pub struct KeyProblem {
    /// Family id.
    pub family: String,
    /// The parameters (follow-through credit recomputes later answers from them).
    #[serde(default)]
    pub params: Value,
    /// Points (required for grading).
    pub points: Option<u32>,
    /// The answers.
    pub answers: Vec<KeyAnswer>,
}

pub use crate::solution::Grading;

/// One answer of the key.
#[derive(Debug, Deserialize)]
pub struct KeyAnswer {
    /// Answer id.
    pub id: String,
    /// The printed label (neutral markup).
    #[serde(default)]
    pub label: String,
    /// The value.
    pub value: Value,
    /// Exact fractions mirroring the value.
    #[serde(default)]
    pub exact: Option<Value>,
    /// Tolerance (absent: exact).
    #[serde(default)]
    pub tolerance: Tolerance,
    /// How it is graded.
    #[serde(default)]
    pub grading: Grading,
    /// Its points (absent: the problem's points split equally over its automatic answers).
    #[serde(default)]
    pub points: Option<Value>,
    /// Its options, when it was asked as single choice: a letter names one.
    #[serde(default)]
    pub choices: Option<crate::choices::Choices>,
}

impl KeyAnswer {
    /// The answer's own points, when the key states them (a number or a fraction string).
    pub fn stated_points(&self) -> Option<Q> {
        points_of(self.points.as_ref()?)
    }
}

/// Points written as a number or a fraction string.
pub fn points_of(value: &Value) -> Option<Q> {
    match value {
        Value::Number(n) => n.to_string().parse().ok(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Student ids compare ignoring case, everywhere (as the roster's uniqueness rule does).
pub fn student_key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

/// Reads and checks keys.json.
pub fn load(path: &Path) -> Result<KeyFile> {
    let source = format!("--key {}", path.display());
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("{source}: cannot read the file: {e}")))?;
    let mut de = serde_json::Deserializer::from_str(&text);
    let key: KeyFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let at = e.path().to_string();
        Error::invalid(format!(
            "{source}: not a dlexam keys.json (at `{at}`): {}",
            e.into_inner()
        ))
    })?;
    if key.schema != "dlexam/1" {
        return Err(Error::invalid(format!(
            "{source}: schema `{}` is not dlexam/1",
            key.schema
        )));
    }
    let mut ids = HashSet::new();
    for s in &key.students {
        if !ids.insert(student_key(&s.id)) {
            return Err(Error::invalid(format!(
                "{source}: student `{}` appears twice (ids compare ignoring case)",
                s.id
            )));
        }
        if let Some(i) = s.problems.iter().position(|p| p.points.is_none()) {
            return Err(Error::invalid(format!(
                "{source}: student `{}` problem {} has no `points` (written by `dlexam exam`? gen output has no points)",
                s.id,
                i + 1
            )));
        }
        for (i, p) in s.problems.iter().enumerate() {
            if let Some(a) = p
                .answers
                .iter()
                .find(|a| a.points.is_some() && a.stated_points().is_none_or(|q| q.is_negative()))
            {
                return Err(Error::invalid(format!(
                    "{source}: student `{}` problem {} answer `{}`: points `{}` is not a number of at least 0",
                    s.id,
                    i + 1,
                    a.id,
                    a.points.as_ref().map(Value::to_string).unwrap_or_default()
                )));
            }
        }
    }
    Ok(key)
}
