//! `dlexam grade --template`: a blank answers CSV for a class, to fill in.

use super::key::{Grading, KeyFile};
use crate::error::{Error, Result};

/// `student,problem,answer,label,value`: one row per student, problem and automatically graded
/// answer of the key, value empty. `label` is the answer's printed label, for the person typing;
/// grading ignores it. `value` is last, so an unquoted vector split at its commas is joined back.
pub fn blank(key: &KeyFile) -> Result<String> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let bad = |e: csv::Error| Error::Tool(format!("writing the template: {e}"));
    csv.write_record(["student", "problem", "answer", "label", "value"])
        .map_err(bad)?;
    for student in &key.students {
        for (p, problem) in student.problems.iter().enumerate() {
            let position = (p + 1).to_string();
            for answer in problem
                .answers
                .iter()
                .filter(|a| a.grading != Grading::Hand)
            {
                csv.write_record([
                    student.id.as_str(),
                    &position,
                    &answer.id,
                    &answer.label,
                    "",
                ])
                .map_err(bad)?;
            }
        }
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| Error::Tool(format!("writing the template: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields"))
}
