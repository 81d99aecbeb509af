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
use crate::render::json_text::PrettyJson;
use crate::render::{JsonProblem, generator_json};
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
    pub problems: Vec<JsonProblem<'a>>,
}

/// The entry as it appears in keys.json (UTF-8): pretty-printed, indented for the `students`
/// array. Written by hand (see [`PrettyJson`]); equal to serde_json's text of the derived
/// `Serialize`.
pub fn entry_json(key: &StudentKey<'_>) -> Vec<u8> {
    let mut json = PrettyJson::at_depth(ENTRY_DEPTH, entry_size_hint(key));
    json.begin_object();
    json.string_entry("id", key.id);
    json.string_entry("name", key.name);
    json.key("seed");
    json.u64(key.seed);
    json.string_entry("version", key.version);
    json.key("problems");
    json.begin_array();
    for problem in &key.problems {
        json.item();
        problem.write_pretty(&mut json);
    }
    json.end_array();
    json.end_object();
    json.into_bytes()
}

/// How deep an entry sits in keys.json: in the document, in its `students` array.
const ENTRY_DEPTH: usize = 2;

/// About the length of an entry's text, to allocate it once.
fn entry_size_hint(key: &StudentKey<'_>) -> usize {
    key.problems
        .iter()
        .map(JsonProblem::size_hint)
        .sum::<usize>()
        + 512
}

/// Writes keys.json one entry at a time; the bytes equal `serde_json::to_string_pretty` of the
/// whole document plus a final newline.
pub struct KeysWriter<W: Write> {
    out: W,
    count: usize,
    path: std::path::PathBuf,
}

impl<W: Write> KeysWriter<W> {
    /// Starts the document; `exam_seed` is recorded in it (`--only` takes it from there).
    pub fn begin(mut out: W, path: std::path::PathBuf, exam_seed: u64) -> Result<Self> {
        let head = serde_json::to_string_pretty(&json!({
            "schema": "dlexam/1",
            "generator": generator_json(),
            "exam_seed": exam_seed,
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

    /// Appends one student's entry (from [`entry_json`]).
    pub fn student(&mut self, entry: &[u8]) -> Result<()> {
        let sep: &[u8] = if self.count == 0 { b"\n" } else { b",\n" };
        self.count += 1;
        self.out
            .write_all(sep)
            .and_then(|()| self.out.write_all(entry))
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
    use super::*;
    use crate::problems::Difficulty;
    use crate::render::{Renderer, problem_json};

    #[test]
    fn streamed_keys_equal_the_pretty_document() {
        let entries = [
            json!({"id": "a", "problems": [{"x": [1, 2]}]}),
            json!({"id": "b", "problems": []}),
        ];
        let mut bytes = Vec::new();
        let mut w = KeysWriter::begin(&mut bytes, "k".into(), 7).unwrap();
        for e in &entries {
            w.student(indented_pretty(e).as_bytes()).unwrap();
        }
        w.finish().unwrap();
        let whole = json!({"schema": "dlexam/1", "generator": generator_json(), "exam_seed": 7, "students": entries});
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap() + "\n"
        );
    }

    /// The definition: pretty JSON with four more spaces on every line.
    fn indented_pretty(value: &impl Serialize) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        let lines: Vec<String> = text.lines().map(|l| format!("    {l}")).collect();
        lines.join("\n")
    }

    fn problems() -> Vec<Problem> {
        crate::problems::FAMILIES
            .iter()
            .zip(40..)
            .map(|(f, seed)| crate::problems::generate(*f, seed, Difficulty::Hard, None).unwrap())
            .collect()
    }

    #[test]
    fn entries_are_the_pretty_json_indented_for_the_students_array() {
        let renderer = Renderer::new(None).unwrap();
        let mut problems = problems();
        // Every family; the unseeded problems of `solve` and documents without points too.
        problems[0].seed = None;
        let json = problems
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let points = (i % 2 == 0).then_some(3);
                problem_json(&renderer, p).unwrap().with_points(points)
            })
            .collect();
        let mut key = StudentKey {
            id: "s1",
            name: "Ann \"A\" Lee\tß",
            seed: u64::MAX,
            version: "0123-ABCD",
            problems: json,
        };
        assert_eq!(
            String::from_utf8(entry_json(&key)).unwrap(),
            indented_pretty(&key)
        );
        key.problems.clear();
        assert_eq!(
            String::from_utf8(entry_json(&key)).unwrap(),
            indented_pretty(&key)
        );
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
