//! `dlexam grade`: scores submitted answers against `keys.json`.
//!
//! Answers CSV: a header naming `student,problem,answer,value` (any order; other columns are
//! ignored), one row per answer: `problem` is the 1-based position in the exam, `answer` an
//! answer id of the key (`weights`, `dL_dW`, ...), `value` what the student wrote (see
//! [`value`]). When `value` is the last column, an unquoted vector such as `[1, 2]` that CSV
//! splits at its commas is joined back.
//!
//! Points: a problem's points are split equally over its answers (exact fractions); a missing
//! or wrong answer scores 0. Output `student,points,max_points,p1,...,pN`, one row per student
//! of the key in its order, points written with two decimals by `Q::decimal`.
//! Rows that cannot be scored (unknown student, problem or answer id, a second answer to the
//! same question, a bad problem number) are reported on stderr with their line and counted;
//! they never stop the grading (exit 0). A summary of the most missed answers follows.
//!
//! Text answers (`cache`, the symbolic `dL_dF2_symbolic`, ...) score when they equal the key's
//! wording up to case, spaces, `$`, `_`, `{` and `}`; a text answer that does not is still
//! scored 0, but listed on stderr to be checked by hand, since a right answer can be worded
//! differently.

pub mod key;
pub mod value;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::num::Q;
use crate::output::{check_writable, write_output};
use key::{KeyFile, KeyStudent};
use value::Given;

/// Decimal places of printed points.
pub const PLACES: u32 = 2;
/// Unscored rows listed one by one before the rest is only counted.
const MAX_LISTED: usize = 20;
/// Answers listed in the "most missed" summary.
const MOST_MISSED: usize = 5;

/// A parsed `dlexam grade` command line.
#[derive(Clone, Debug, Default)]
pub struct GradeConfig {
    /// keys.json.
    pub key: PathBuf,
    /// The answers CSV.
    pub answers: PathBuf,
    /// The scores CSV (None: stdout).
    pub output: Option<PathBuf>,
    /// Replace an existing output file.
    pub force: bool,
}

/// One answer row.
struct Row {
    line: u64,
    student: String,
    problem: String,
    answer: String,
    value: String,
}

/// The submitted answers that match a question of the key: (student index, problem position,
/// answer id) -> (line, value).
type Matched<'k> = HashMap<(usize, usize, &'k str), (u64, Given)>;

/// How the class did on one question: (students without credit, students, family).
type Tally = (usize, usize, String);

/// Runs `dlexam grade`; `say` prints a line for the user (stderr).
pub fn run(config: &GradeConfig, say: &dyn Fn(&str)) -> Result<()> {
    if let Some(path) = &config.output {
        check_writable(path, config.force)?;
    }
    let key = key::load(&config.key)?;
    let rows = read_rows(&config.answers)?;
    let (given, unscored) = match_rows(&key, &rows);
    for line in unscored.iter().take(MAX_LISTED) {
        say(&format!(
            "warning: {} {line}: not scored",
            config.answers.display()
        ));
    }
    let Scores {
        csv,
        tallies,
        silent,
        by_hand,
    } = score(&key, &given)?;
    write_output(config.output.as_deref(), &csv, config.force)?;
    if !by_hand.is_empty() {
        say(&format!(
            "warning: {} text answers differ from the key's wording and scored 0; check them by hand{}:",
            by_hand.len(),
            if by_hand.len() > MAX_LISTED {
                " (the first 20)"
            } else {
                ""
            }
        ));
        for line in by_hand.iter().take(MAX_LISTED) {
            say(&format!("  {} {line}", config.answers.display()));
        }
    }

    let mut summary = format!(
        "dlexam: graded {} students from {} answers",
        key.students.len(),
        rows.len() - unscored.len()
    );
    if silent > 0 {
        summary.push_str(&format!("; {silent} students have no answers at all"));
    }
    if !unscored.is_empty() {
        let listed = if unscored.len() > MAX_LISTED {
            ", the first 20"
        } else {
            ""
        };
        summary.push_str(&format!(
            "; {} answer rows NOT scored (listed above{listed})",
            unscored.len()
        ));
    }
    say(&summary);
    let mut ranked: Vec<_> = tallies.into_iter().filter(|(_, t)| t.0 > 0).collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    if !ranked.is_empty() {
        say("most missed (problem, answer: students without credit):");
        for ((p, id), (wrong, of, family)) in ranked.into_iter().take(MOST_MISSED) {
            say(&format!("  p{p} {id} ({family}): {wrong} of {of}"));
        }
    }
    Ok(())
}

/// Matches rows to the key's questions; the rest comes back as reasons, one per row.
fn match_rows<'k>(key: &'k KeyFile, rows: &[Row]) -> (Matched<'k>, Vec<String>) {
    let index: HashMap<&str, usize> = key
        .students
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut given = Matched::new();
    let mut unscored = Vec::new();
    for row in rows {
        let why = match index.get(row.student.as_str()) {
            None => Err(format!("unknown student `{}`", row.student)),
            Some(&s) => find_answer(&key.students[s], row).and_then(|(p, id)| {
                match given.get(&(s, p, id)) {
                    Some((first, _)) => Err(format!(
                        "second answer to the same question (line {first} is scored)"
                    )),
                    None => {
                        given.insert((s, p, id), (row.line, Given::parse(&row.value)));
                        Ok(())
                    }
                }
            }),
        };
        if let Err(why) = why {
            unscored.push(format!("line {}: {why}", row.line));
        }
    }
    (given, unscored)
}

/// The problem position and answer id a row answers, or why it answers none.
fn find_answer<'k>(
    student: &'k KeyStudent,
    row: &Row,
) -> std::result::Result<(usize, &'k str), String> {
    let n = student.problems.len();
    let p = row
        .problem
        .parse::<usize>()
        .ok()
        .filter(|p| (1..=n).contains(p))
        .ok_or_else(|| format!("problem `{}` is not a position from 1 to {n}", row.problem))?;
    let answers = &student.problems[p - 1].answers;
    match answers.iter().find(|a| a.id == row.answer) {
        Some(a) => Ok((p, a.id.as_str())),
        None => Err(format!(
            "problem {p} of student `{}` has no answer `{}` (it has: {})",
            row.student,
            row.answer,
            answers
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// What scoring the class gives.
struct Scores {
    /// The scores CSV.
    csv: String,
    /// Per (problem position, answer id).
    tallies: HashMap<(usize, String), Tally>,
    /// Students without any answer.
    silent: usize,
    /// Wrong text answers, to be checked by hand: `line N: student ..., pP ID`.
    by_hand: Vec<String>,
}

/// Scores every student of the key.
fn score(key: &KeyFile, given: &Matched<'_>) -> Result<Scores> {
    let width = key
        .students
        .iter()
        .map(|s| s.problems.len())
        .max()
        .unwrap_or(0);
    let mut csv = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| Error::Tool(format!("writing scores: {e}"));
    let mut header = vec!["student".to_string(), "points".into(), "max_points".into()];
    header.extend((1..=width).map(|p| format!("p{p}")));
    csv.write_record(&header).map_err(csv_err)?;
    let mut tallies: HashMap<(usize, String), Tally> = HashMap::new();
    let mut silent = 0;
    let mut by_hand = Vec::new();
    for (s, student) in key.students.iter().enumerate() {
        let (mut total, mut max) = (Q::zero(), Q::zero());
        let mut cells = Vec::with_capacity(width);
        let mut answered = false;
        for (j, problem) in student.problems.iter().enumerate() {
            let points = Q::from(u64::from(problem.points.unwrap_or(0)));
            let each = points
                .checked_div(&Q::int(problem.answers.len().max(1) as i64))
                .unwrap_or_else(Q::zero);
            max = max + points;
            let mut got = Q::zero();
            for a in &problem.answers {
                let submitted = given.get(&(s, j + 1, a.id.as_str()));
                answered |= submitted.is_some();
                let right = submitted
                    .is_some_and(|(_, g)| value::matches(&a.value, a.exact.as_ref(), &a.abs(), g));
                if right {
                    got = got + each.clone();
                } else if let (Some((line, _)), true) = (submitted, a.value.is_string()) {
                    by_hand.push(format!(
                        "line {line}: student `{}`, p{} {}",
                        student.id,
                        j + 1,
                        a.id
                    ));
                }
                let tally =
                    tallies
                        .entry((j + 1, a.id.clone()))
                        .or_insert((0, 0, problem.family.clone()));
                tally.0 += usize::from(!right);
                tally.1 += 1;
            }
            cells.push(got.decimal(PLACES).to_string());
            total = total + got;
        }
        silent += usize::from(!answered);
        cells.resize(width, String::new());
        let mut record = vec![
            student.id.clone(),
            total.decimal(PLACES).to_string(),
            max.decimal(PLACES).to_string(),
        ];
        record.extend(cells);
        csv.write_record(&record).map_err(csv_err)?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| Error::Tool(format!("writing scores: {e}")))?;
    Ok(Scores {
        csv: String::from_utf8_lossy(&bytes).into_owned(),
        tallies,
        silent,
        by_hand,
    })
}

fn read_rows(path: &std::path::Path) -> Result<Vec<Row>> {
    let source = format!("--answers {}", path.display());
    let bytes = std::fs::read(path)
        .map_err(|e| Error::invalid(format!("{source}: cannot read the file: {e}")))?;
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
    for record in reader.records() {
        let record = record.map_err(bad_csv)?;
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
            line: record
                .position()
                .map_or(0, |p| crate::roster::line_of(bytes, p)),
            student: field(student),
            problem: field(problem),
            answer: field(answer),
            value,
        });
    }
    Ok(rows)
}
