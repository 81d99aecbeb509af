//! `keys.json` (streamed one student at a time) and `manifest.csv`, and the fingerprint and
//! version code that tie a paper exam to its key.
//!
//! The fingerprint of a student's exam is FNV-1a (64-bit) over the compact JSON text of
//! `[{"family": ..., "params": ...}, ...]` (their problems in order; params exactly as in
//! keys.json), written as 16 lowercase hex digits. It changes exactly when a problem's numbers
//! change. The version code printed on the cover is its first 8 hex digits, upper case, as
//! `XXXX-XXXX`.

use std::io::Write;

use serde::Serialize;
use serde_json::{Value, json};

use super::fnv1a64;
use crate::error::{Error, Result};
use crate::render::{JsonProblem, generator_json};
use crate::solution::Problem;

/// The fingerprint of a student's problems (see the module docs).
pub fn fingerprint(problems: &[Problem]) -> String {
    let list: Vec<Value> = problems
        .iter()
        .map(|p| json!({"family": p.family, "params": p.params}))
        .collect();
    format!(
        "{:016x}",
        fnv1a64(Value::Array(list).to_string().as_bytes())
    )
}

/// The version code for a fingerprint: `A1B2-C3D4`.
pub fn version(fingerprint: &str) -> String {
    let head = fingerprint
        .get(..8)
        .unwrap_or(fingerprint)
        .to_ascii_uppercase();
    format!(
        "{}-{}",
        &head[..4.min(head.len())],
        &head[4.min(head.len())..]
    )
}

/// One student's entry of keys.json.
#[derive(Serialize)]
pub struct StudentKey<'a> {
    /// Roster id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// The student's seed.
    pub seed: u64,
    /// The version code on the cover.
    pub version: &'a str,
    /// The problems, as in `gen --format json`, with `points`.
    pub problems: Vec<JsonProblem>,
}

/// The entry as it appears in keys.json: pretty-printed, indented for the `students` array.
pub fn entry_text(key: &StudentKey<'_>) -> String {
    let text = serde_json::to_string_pretty(key).expect("JSON serializes");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// Writes keys.json one entry at a time; the bytes equal `serde_json::to_string_pretty` of the
/// whole document plus a final newline.
pub struct KeysWriter<W: Write> {
    out: W,
    count: usize,
    path: std::path::PathBuf,
}

impl<W: Write> KeysWriter<W> {
    /// Starts the document.
    pub fn begin(mut out: W, path: std::path::PathBuf) -> Result<Self> {
        let head = serde_json::to_string_pretty(&json!({
            "schema": "dlexam/1",
            "generator": generator_json(),
            "students": [],
        }))
        .expect("JSON serializes");
        let head = head
            .strip_suffix("[]\n}")
            .expect("pretty JSON ends with the empty list");
        out.write_all(head.as_bytes()).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        out.write_all(b"[").map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        Ok(KeysWriter {
            out,
            count: 0,
            path,
        })
    }

    /// Appends one student's entry (from [`entry_text`]).
    pub fn student(&mut self, entry: &str) -> Result<()> {
        let sep: &[u8] = if self.count == 0 { b"\n" } else { b",\n" };
        self.count += 1;
        self.out
            .write_all(sep)
            .and_then(|()| self.out.write_all(entry.as_bytes()))
            .map_err(|source| Error::Io {
                path: self.path.clone(),
                source,
            })
    }

    /// Closes the document and flushes.
    pub fn finish(mut self) -> Result<()> {
        let tail: &[u8] = if self.count == 0 {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        };
        self.out
            .write_all(tail)
            .and_then(|()| self.out.flush())
            .map_err(|source| Error::Io {
                path: self.path.clone(),
                source,
            })
    }
}

/// One row of manifest.csv.
#[derive(Clone, Debug, Serialize)]
pub struct ManifestRow {
    /// Roster id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The student's seed.
    pub seed: u64,
    /// Version code.
    pub version: String,
    /// Fingerprint.
    pub fingerprint: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_keys_equal_the_pretty_document() {
        let entries = [
            json!({"id": "a", "problems": [{"x": [1, 2]}]}),
            json!({"id": "b", "problems": []}),
        ];
        let mut bytes = Vec::new();
        let mut w = KeysWriter::begin(&mut bytes, "k".into()).unwrap();
        for e in &entries {
            let text = serde_json::to_string_pretty(e).unwrap();
            let indented: Vec<String> = text.lines().map(|l| format!("    {l}")).collect();
            w.student(&indented.join("\n")).unwrap();
        }
        w.finish().unwrap();
        let whole =
            json!({"schema": "dlexam/1", "generator": generator_json(), "students": entries});
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap() + "\n"
        );
    }

    #[test]
    fn version_is_the_head_of_the_fingerprint() {
        assert_eq!(version("0123abcd45670000"), "0123-ABCD");
    }
}
