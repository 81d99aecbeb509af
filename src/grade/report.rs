//! What grading writes: the scores CSV, `--details`, `--report`, and the lines on stderr.

use std::collections::HashMap;

use super::key::KeyFile;
use super::score::{Graded, Mark, Status};
use crate::error::{Error, Result};
use crate::num::Q;

/// Decimal places of printed points.
pub const PLACES: u32 = 2;

fn csv_bytes(records: impl IntoIterator<Item = Vec<String>>) -> Result<String> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    for record in records {
        csv.write_record(&record)
            .map_err(|e| Error::Tool(format!("writing CSV: {e}")))?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| Error::Tool(format!("writing CSV: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields"))
}

fn points(q: &Q) -> String {
    q.decimal(PLACES).to_string()
}

/// `student,points,max_points,p1,...,pN`, one row per student of the key, in its order.
pub fn scores(key: &KeyFile, graded: &Graded<'_, '_>) -> Result<String> {
    let width = key
        .students
        .iter()
        .map(|s| s.problems.len())
        .max()
        .unwrap_or(0);
    let mut header = vec!["student".to_string(), "points".into(), "max_points".into()];
    header.extend((1..=width).map(|p| format!("p{p}")));
    let mut per_student: Vec<(Q, Q, Vec<Q>)> = key
        .students
        .iter()
        .map(|s| (Q::zero(), Q::zero(), vec![Q::zero(); s.problems.len()]))
        .collect();
    for m in &graded.marks {
        let (total, max, cells) = &mut per_student[m.student];
        *total = total.clone() + m.points.clone();
        *max = max.clone() + m.max_points.clone();
        cells[m.problem - 1] = cells[m.problem - 1].clone() + m.points.clone();
    }
    let rows = key
        .students
        .iter()
        .zip(per_student)
        .map(|(s, (total, max, cells))| {
            let mut record = vec![s.id.clone(), points(&total), points(&max)];
            record.extend(cells.iter().map(points));
            record.resize(width + 3, String::new());
            record
        });
    csv_bytes(std::iter::once(header).chain(rows))
}

/// `--details`: `student,problem,answer,given,expected,points,max_points,status`.
pub fn details(key: &KeyFile, graded: &Graded<'_, '_>) -> Result<String> {
    let header = [
        "student",
        "problem",
        "answer",
        "given",
        "expected",
        "points",
        "max_points",
        "status",
    ]
    .map(String::from)
    .to_vec();
    let rows = graded.marks.iter().map(|m| {
        vec![
            key.students[m.student].id.clone(),
            m.problem.to_string(),
            m.answer.id.clone(),
            m.given.clone(),
            expected_text(&m.answer.value),
            points(&m.points),
            points(&m.max_points),
            m.status.name().to_string(),
        ]
    });
    csv_bytes(std::iter::once(header).chain(rows))
}

/// The key's value as one line: text as it is, numbers as compact JSON.
fn expected_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One answer to check by hand: (student, problem, answer, line, value, why).
pub type Listed = [String; 6];

/// Everything to check by hand, in key order then file order: unreadable answers, answers
/// graded by hand, and rows that answer no question.
pub fn to_check(key: &KeyFile, graded: &Graded<'_, '_>) -> Vec<Listed> {
    let from_mark = |m: &Mark<'_>| -> Listed {
        [
            key.students[m.student].id.clone(),
            m.problem.to_string(),
            m.answer.id.clone(),
            m.line.map_or_else(String::new, |l| l.to_string()),
            m.given.clone(),
            if m.status == Status::Hand {
                format!("to grade by hand: {}", m.why)
            } else {
                format!("unreadable: {}", m.why)
            },
        ]
    };
    let marks = graded
        .marks
        .iter()
        .filter(|m| matches!(m.status, Status::Unreadable | Status::Hand))
        .map(from_mark);
    let rows = graded.unscored.iter().map(|u| {
        [
            u.row.student.clone(),
            u.row.problem.clone(),
            u.row.answer.clone(),
            u.row.line.to_string(),
            u.row.value.clone(),
            format!("not scored: {}", u.why),
        ]
    });
    marks.chain(rows).collect()
}

/// `--report`: `student,problem,answer,line,value,why`.
pub fn report(listed: &[Listed]) -> Result<String> {
    let header = ["student", "problem", "answer", "line", "value", "why"]
        .map(String::from)
        .to_vec();
    csv_bytes(std::iter::once(header).chain(listed.iter().map(|l| l.to_vec())))
}

/// One stderr line for a listed answer.
pub fn listed_line(l: &Listed) -> String {
    let [student, problem, answer, line, value, why] = l;
    let at = if line.is_empty() {
        String::new()
    } else {
        format!("line {line}: ")
    };
    format!("  {at}student `{student}`, p{problem} {answer} = `{value}`: {why}")
}

/// A question of the exam: (problem position, answer id, family).
pub type Question = (usize, String, String);

/// The most missed answers, among students who handed in something: ((problem, id, family),
/// (students without credit, students)), most missed first.
pub fn most_missed(key: &KeyFile, graded: &Graded<'_, '_>) -> Vec<(Question, (usize, usize))> {
    let mut tally: HashMap<Question, (usize, usize)> = HashMap::new();
    for m in graded.marks.iter().filter(|m| graded.handed_in[m.student]) {
        if m.max_points.is_zero() {
            continue;
        }
        let family = key.students[m.student].problems[m.problem - 1]
            .family
            .clone();
        let t = tally
            .entry((m.problem, m.answer.id.clone(), family))
            .or_default();
        t.0 += usize::from(!m.status.earned());
        t.1 += 1;
    }
    let mut ranked: Vec<_> = tally.into_iter().filter(|(_, t)| t.0 > 0).collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    ranked
}
