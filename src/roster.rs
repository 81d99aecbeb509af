//! The class roster: a CSV file with a header, a required `id` column and an optional `name`
//! column (other columns are ignored).
//!
//! Ids become file names (`exams/<id>.tex`), so they must be non-empty, unique (also ignoring
//! case, for case-insensitive file systems) and made of ASCII letters, digits, `-`, `_` and `.`,
//! not starting with `.`, at most 64 characters. Leading and trailing spaces are trimmed.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// One student.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Roster id (safe as a file name).
    pub id: String,
    /// Name (may be empty).
    pub name: String,
}

/// Reads and checks a roster file.
pub fn load(path: &Path) -> Result<Vec<Entry>> {
    let text = std::fs::read(path).map_err(|e| {
        Error::invalid(format!(
            "--roster {}: cannot read the file: {e}",
            path.display()
        ))
    })?;
    parse(&text, &format!("roster {}", path.display()))
}

/// Parses and checks roster CSV; `source` names it in error messages.
pub fn parse(bytes: &[u8], source: &str) -> Result<Vec<Entry>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let csv_error = |e: csv::Error| {
        let line = e
            .position()
            .map(|p| format!(" line {}", line_of(bytes, p)))
            .unwrap_or_default();
        Error::invalid(format!(
            "{source}{line}: not valid CSV: {}",
            csv_message(&e)
        ))
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(id_col) = column("id") else {
        let found: Vec<&str> = headers.iter().collect();
        return Err(Error::invalid(format!(
            "{source}: no `id` column in the header (found: {}); the first line must name the columns, e.g. id,name",
            if found.iter().all(|h| h.trim().is_empty()) {
                "nothing".to_string()
            } else {
                found.join(",")
            }
        )));
    };
    let name_col = column("name");
    let mut entries = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| line_of(bytes, p));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let id = record.get(id_col).unwrap_or("").trim().to_string();
        check_id(&id)
            .map_err(|rule| Error::invalid(format!("{source} line {line}: id `{id}` {rule}")))?;
        if let Some(first) = seen.insert(id.to_ascii_lowercase(), line) {
            return Err(Error::invalid(format!(
                "{source} line {line}: id `{id}` is already used on line {first} (ids must be unique, ignoring case)"
            )));
        }
        let name = name_col
            .and_then(|c| record.get(c))
            .unwrap_or("")
            .trim()
            .to_string();
        entries.push(Entry { id, name });
    }
    if entries.is_empty() {
        return Err(Error::invalid(format!(
            "{source}: no students: add one row per student below the header"
        )));
    }
    Ok(entries)
}

/// The 1-based line where a record starts. (csv's own line count lags by one after a CRLF line
/// end: its position then points at the `\n`, which this counts.)
pub fn line_of(bytes: &[u8], position: &csv::Position) -> u64 {
    let end = usize::try_from(position.byte()).map_or(bytes.len(), |b| (b + 1).min(bytes.len()));
    bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Checks that an id is safe as a file name; the error is the rule it breaks.
pub fn check_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() {
        return Err("is empty: every row needs an id".into());
    }
    if id.len() > MAX_ID_LEN {
        return Err(format!("is longer than {MAX_ID_LEN} characters"));
    }
    if id.starts_with('.') {
        return Err(
            "starts with `.`: ids become file names, so they may not be hidden files or `..`"
                .into(),
        );
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "contains `{}`: ids become file names, so use only ASCII letters, digits, `-`, `_` and `.`",
            c.escape_default()
        ));
    }
    Ok(())
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text (save the file as UTF-8)".into(),
        _ => e.to_string().replace('\n', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_and_names_and_ignores_other_columns() {
        let r = parse(
            b"\xEF\xBB\xBFname,ID,email\nAda Lovelace, s1 ,a@x\nAlan,s2,\n\n",
            "r",
        )
        .unwrap();
        assert_eq!(
            r,
            vec![
                Entry {
                    id: "s1".into(),
                    name: "Ada Lovelace".into()
                },
                Entry {
                    id: "s2".into(),
                    name: "Alan".into()
                }
            ]
        );
        assert_eq!(parse(b"id\n42\n", "r").unwrap()[0].name, "");
    }

    #[test]
    fn refuses_bad_rosters_naming_the_line() {
        let cases: [(&[u8], &str); 7] = [
            (b"name\nAda\n", "no `id` column"),
            (
                b"id,name\ns1,A\nS1,B\n",
                "line 3: id `S1` is already used on line 2",
            ),
            (b"id,name\n", "no students"),
            (b"", "no `id` column"),
            (b"id,name\n../x,A\n", "line 2: id `../x` starts with `.`"),
            (b"id,name\na/b,A\n", "contains `/`"),
            (b"id,name\n,A\n", "line 2: id `` is empty"),
        ];
        for (text, needle) in cases {
            let e = parse(text, "r").unwrap_err().to_string();
            assert!(e.contains(needle), "{}: {e}", String::from_utf8_lossy(text));
        }
        assert!(
            parse(b"id,name\na,b,c\n", "r")
                .unwrap_err()
                .to_string()
                .contains("line 2")
        );
        let crlf = parse(b"id,name\r\na,A\r\nA,B\r\n", "r")
            .unwrap_err()
            .to_string();
        assert!(
            crlf.contains("line 3: id `A` is already used on line 2"),
            "{crlf}"
        );
    }
}
