//! Reading `keys.json` for grading: only the fields grading needs (the rest is ignored).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

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
    /// Points (required for grading).
    pub points: Option<u32>,
    /// The answers.
    pub answers: Vec<KeyAnswer>,
}

/// One answer of the key.
#[derive(Debug, Deserialize)]
pub struct KeyAnswer {
    /// Answer id.
    pub id: String,
    /// The value.
    pub value: Value,
    /// Exact fractions mirroring the value.
    #[serde(default)]
    pub exact: Option<Value>,
    /// Tolerance.
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
}

/// `{"abs": number}`.
#[derive(Debug, Deserialize)]
pub struct Tolerance {
    /// Absolute tolerance.
    pub abs: Value,
}

impl KeyAnswer {
    /// The absolute tolerance as an exact number (0 when absent).
    pub fn abs(&self) -> Q {
        match self.tolerance.as_ref().map(|t| &t.abs) {
            Some(Value::Number(n)) => n.to_string().parse().unwrap_or_else(|_| Q::zero()),
            Some(Value::String(s)) => s.parse().unwrap_or_else(|_| Q::zero()),
            _ => Q::zero(),
        }
    }
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
        if !ids.insert(s.id.as_str()) {
            return Err(Error::invalid(format!(
                "{source}: student `{}` appears twice",
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
    }
    Ok(key)
}
