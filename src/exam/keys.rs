//! The JSON view of `keys.json` (written by serde_json, one student at a time) and the rows of
//! `manifest.csv`, and the fingerprint and version code that tie a paper exam to its key.
//!
//! The fingerprint of a student's exam is FNV-1a (64-bit) over the compact JSON text of
//! `[{"family": ..., "params": ...}, ...]` (their problems in order; params exactly as in
//! keys.json), written as 16 lowercase hex digits. It changes exactly when a problem's numbers
//! change. The version code printed on the cover is its first 8 hex digits, upper case, as
//! `XXXX-XXXX`.

use serde::Serialize;
use serde_json::Value;

use super::fnv1a64;
use crate::error::{Error, Result};
use crate::render::{Generator, Placed, SCHEMA};
use crate::solution::Problem;

/// The fingerprint of a student's problems (see the module docs).
pub fn fingerprint(problems: &[Problem]) -> String {
    let list: Vec<FingerprintItem<'_>> = problems
        .iter()
        .map(|p| FingerprintItem {
            family: &p.family,
            params: &p.params,
        })
        .collect();
    let text = serde_json::to_vec(&list).expect("JSON serializes");
    format!("{:016x}", fnv1a64(&text))
}

/// `{"family": ..., "params": ...}`: one problem as the fingerprint hashes it, borrowed.
#[derive(Serialize)]
struct FingerprintItem<'a> {
    family: &'a str,
    params: &'a Value,
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

/// keys.json: `{"schema", "generator", "exam_seed", "students"}`.
#[derive(Serialize)]
pub struct KeysDocument<S> {
    /// `dlexam/1`.
    pub schema: &'static str,
    /// Who wrote it.
    pub generator: Generator,
    /// The exam seed (`--only` takes it from here: see [`exam_seed_of`]).
    pub exam_seed: u64,
    /// The students' entries ([`StudentKey`]), in roster order.
    pub students: S,
}

impl<S> KeysDocument<S> {
    /// The document of an exam's students.
    pub fn new(exam_seed: u64, students: S) -> Self {
        KeysDocument {
            schema: SCHEMA,
            generator: Generator::default(),
            exam_seed,
            students,
        }
    }
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
    pub problems: &'a [Placed],
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
    /// The exam seed (the same on every row: the class can be made again from this file).
    pub exam_seed: u64,
}

/// The `exam_seed` recorded in a published keys.json (read up to the `students` list only:
/// keys.json starts with it), or None when the file has none.
pub fn exam_seed_of(path: &std::path::Path) -> Result<Option<u64>> {
    use std::io::{BufRead, BufReader};
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    for line in BufReader::new(file).lines().take(64) {
        let line = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let line = line.trim();
        if line.starts_with("\"students\"") {
            break;
        }
        if let Some(value) = line.strip_prefix("\"exam_seed\":") {
            return Ok(value.trim().trim_end_matches(',').parse().ok());
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::solution::Difficulty;

    fn problems() -> Vec<Problem> {
        crate::problems::FAMILIES
            .iter()
            .zip(40..)
            .map(|(f, seed)| crate::problems::generate(*f, seed, Difficulty::Hard, None).unwrap())
            .collect()
    }

    #[test]
    fn fingerprint_hashes_the_compact_family_and_params_list() {
        let problems = problems();
        let list: Vec<Value> = problems
            .iter()
            .map(|p| json!({"family": p.family, "params": p.params}))
            .collect();
        let text = Value::Array(list).to_string();
        assert_eq!(
            fingerprint(&problems),
            format!("{:016x}", fnv1a64(text.as_bytes()))
        );
    }

    #[test]
    fn version_is_the_head_of_the_fingerprint() {
        assert_eq!(version("0123abcd45670000"), "0123-ABCD");
    }
}
