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
use serde_json::ser::Formatter;
use serde_json::{Value, json};

use super::fnv1a64;
use crate::error::{Error, Result};
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

/// The entry as it appears in keys.json: pretty-printed, indented for the `students` array.
pub fn entry_text(key: &StudentKey<'_>) -> String {
    pretty_at_depth(key, ENTRY_DEPTH, entry_size_hint(key))
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

/// `value` as `serde_json::to_string_pretty` writes it, with every line indented by `depth`
/// more levels (two spaces each), as if it were written nested that deep.
fn pretty_at_depth(value: &impl Serialize, depth: usize, capacity: usize) -> String {
    let mut out = Vec::with_capacity(capacity);
    let formatter = DeepFormatter {
        depth,
        has_value: false,
    };
    formatter
        .indent(&mut out, false)
        .expect("writing to memory cannot fail");
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
        .expect("JSON serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A line break and the indent of a line 32 levels deep, sliced to the depth needed.
const NEWLINE_INDENT: &[u8; 65] =
    b"\n                                                                ";

/// serde_json's `PrettyFormatter` (two spaces a level), byte for byte, but starting at a given
/// depth and writing each line break and its indent at once: keys.json entries are long and
/// deep, and the pretty formatter writes an indent as one two-byte write per level.
struct DeepFormatter {
    depth: usize,
    has_value: bool,
}

impl DeepFormatter {
    /// The indent of the current depth, after a line break if `newline`.
    fn indent<W: ?Sized + Write>(&self, out: &mut W, newline: bool) -> std::io::Result<()> {
        let skip = usize::from(!newline);
        match NEWLINE_INDENT.get(skip..1 + 2 * self.depth) {
            Some(text) => out.write_all(text),
            None => {
                out.write_all(&NEWLINE_INDENT[skip..1])?;
                (0..self.depth).try_for_each(|_| out.write_all(b"  "))
            }
        }
    }

    /// Starts the line of an array item or object key, after a comma unless it is the first.
    fn item<W: ?Sized + Write>(&self, out: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.indent(out, true)
    }

    /// Opens an array or object.
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    /// Closes an array or object: on its own line unless it is empty.
    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.indent(out, true)?;
        }
        out.write_all(bracket)
    }
}

impl Formatter for DeepFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
    use crate::problems::Difficulty;
    use crate::render::{Renderer, problem_json};

    #[test]
    fn streamed_keys_equal_the_pretty_document() {
        let entries = [
            json!({"id": "a", "problems": [{"x": [1, 2]}]}),
            json!({"id": "b", "problems": []}),
        ];
        let mut bytes = Vec::new();
        let mut w = KeysWriter::begin(&mut bytes, "k".into()).unwrap();
        for e in &entries {
            w.student(&indented_pretty(e)).unwrap();
        }
        w.finish().unwrap();
        let whole =
            json!({"schema": "dlexam/1", "generator": generator_json(), "students": entries});
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
        let problems = problems();
        let json = problems
            .iter()
            .map(|p| problem_json(&renderer, p).unwrap().with_points(Some(3)))
            .collect();
        let mut key = StudentKey {
            id: "s1",
            name: "Ann \"A\" Lee\tß",
            seed: u64::MAX,
            version: "0123-ABCD",
            problems: json,
        };
        assert_eq!(entry_text(&key), indented_pretty(&key));
        key.problems.clear();
        assert_eq!(entry_text(&key), indented_pretty(&key));
    }

    #[test]
    fn deep_values_keep_the_pretty_layout() {
        let mut deep = json!({"leaf": [], "empty": {}, "n": 1});
        for i in 0..40 {
            deep = json!([i, {"k": deep}, []]);
        }
        assert_eq!(pretty_at_depth(&deep, 2, 0), indented_pretty(&deep));
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
