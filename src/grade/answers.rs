//! Reading the answers CSV: one pass, each row's line number from the CSV reader itself.

use std::path::Path;

use crate::error::{Error, Result};

/// One answer row as written.
#[derive(Clone, Debug)]
pub struct Row {
    /// Line of the file where the row starts.
    pub line: u64,
    /// Student id as written.
    pub student: String,
    /// Problem position as written.
    pub problem: String,
    /// Answer id as written.
    pub answer: String,
    /// The value as written (trimmed).
    pub value: String,
}

/// Reads every non-empty row. The header names `student,problem,answer,value` in any order;
/// other columns (`label`, comments) are ignored. When `value` is the last column, an unquoted
/// vector that CSV splits at its commas is joined back.
pub fn read(path: &Path) -> Result<Vec<Row>> {
    let source = format!("--answers {}", path.display());
    let bytes = crate::limits::read_limited(path, crate::limits::MAX_ANSWERS_BYTES, &source)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let bad_csv = |e: csv::Error| {
        Error::invalid(format!(
            "{source}: not valid CSV: {}",
            e.to_string().replace('\n', " ")
        ))
    };
    let headers = reader.headers().map_err(bad_csv)?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name)).ok_or_else(|| {
            Error::invalid(format!(
                "{source}: no `{name}` column in the header (expected student,problem,answer,value; found {})",
                headers.iter().collect::<Vec<_>>().join(",")
            ))
        })
    };
    let (student, problem, answer, value) = (
        column("student")?,
        column("problem")?,
        column("answer")?,
        column("value")?,
    );
    let value_is_last = value == headers.len() - 1;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        if !reader.read_record(&mut record).map_err(bad_csv)? {
            break;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let value = if value_is_last && record.len() > headers.len() {
            record
                .iter()
                .skip(value)
                .collect::<Vec<_>>()
                .join(",")
                .trim()
                .to_string()
        } else {
            field(value)
        };
        rows.push(Row {
            line: record.position().map_or(line, csv::Position::line),
            student: field(student),
            problem: field(problem),
            answer: field(answer),
            value,
        });
    }
    Ok(rows)
}
