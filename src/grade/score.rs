//! Grading every answer of the key: matching rows to questions, points per answer, statuses.

use super::answers::Row;
use super::compare::{Verdict, compare};
use super::follow;
use super::key::{Grading, KeyAnswer, KeyFile, KeyProblem, student_key};
use super::value::Given;
use crate::num::Q;

/// What happened to one answer of one student.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Matches the key.
    Right,
    /// Read, and not the key's value.
    Wrong,
    /// Wrong against the key, right given the student's own earlier answers.
    FollowThrough,
    /// Could not be read (not a number, wrong shape): 0, listed.
    Unreadable,
    /// No answer (no row, or an empty value).
    Missing,
    /// To be graded by hand (formulas, free text): listed.
    Hand,
}

impl Status {
    /// The name written in `--details`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Right => "right",
            Status::Wrong => "wrong",
            Status::FollowThrough => "follow-through",
            Status::Unreadable => "unreadable",
            Status::Missing => "missing",
            Status::Hand => "hand",
        }
    }

    /// Whether the answer earned its points.
    pub fn earned(self) -> bool {
        matches!(self, Status::Right | Status::FollowThrough)
    }
}

/// One graded answer.
#[derive(Clone, Debug)]
pub struct Mark<'k> {
    /// Student index in the key.
    pub student: usize,
    /// Problem position (1-based).
    pub problem: usize,
    /// The key answer.
    pub answer: &'k KeyAnswer,
    /// The line of the answers file, when answered.
    pub line: Option<u64>,
    /// The value as written ("" when missing).
    pub given: String,
    /// The outcome.
    pub status: Status,
    /// Points earned.
    pub points: Q,
    /// Points possible.
    pub max_points: Q,
    /// Why it needs a look (unreadable or hand), else empty.
    pub why: String,
}

/// A row that answers no question of the key.
#[derive(Clone, Debug)]
pub struct Unscored<'r> {
    /// The row.
    pub row: &'r Row,
    /// Why.
    pub why: String,
}

/// The whole class graded.
pub struct Graded<'k, 'r> {
    /// Every answer of every student of the key, in key order.
    pub marks: Vec<Mark<'k>>,
    /// Rows that answer nothing.
    pub unscored: Vec<Unscored<'r>>,
    /// Per student of the key: whether any row names them.
    pub handed_in: Vec<bool>,
}

/// (line, value) per answer, per problem, per student.
type Submitted<'r> = Vec<Vec<Vec<Option<(u64, &'r str)>>>>;

/// Grades the rows against the key.
pub fn grade<'k, 'r>(key: &'k KeyFile, rows: &'r [Row]) -> Graded<'k, 'r> {
    let index: std::collections::HashMap<String, usize> = key
        .students
        .iter()
        .enumerate()
        .map(|(i, s)| (student_key(&s.id), i))
        .collect();
    let mut submitted: Submitted<'r> = key
        .students
        .iter()
        .map(|s| {
            s.problems
                .iter()
                .map(|p| vec![None; p.answers.len()])
                .collect()
        })
        .collect();
    let mut handed_in = vec![false; key.students.len()];
    let mut unscored = Vec::new();
    for row in rows {
        let Some(&s) = index.get(&student_key(&row.student)) else {
            unscored.push(Unscored {
                row,
                why: format!("unknown student `{}`", row.student),
            });
            continue;
        };
        handed_in[s] = true;
        match find_answer(&key.students[s].problems, row) {
            Err(why) => unscored.push(Unscored { row, why }),
            Ok((p, a)) => match submitted[s][p][a] {
                Some((first, _)) => unscored.push(Unscored {
                    row,
                    why: format!("second answer to the same question (line {first} is scored)"),
                }),
                None => submitted[s][p][a] = Some((row.line, row.value.as_str())),
            },
        }
    }
    let mut marks = Vec::new();
    for (s, student) in key.students.iter().enumerate() {
        for (p, problem) in student.problems.iter().enumerate() {
            grade_problem(s, p + 1, problem, &submitted[s][p], &mut marks);
        }
    }
    Graded {
        marks,
        unscored,
        handed_in,
    }
}

/// The problem index and answer index a row answers, or why it answers none.
fn find_answer(problems: &[KeyProblem], row: &Row) -> Result<(usize, usize), String> {
    let n = problems.len();
    let p = row
        .problem
        .parse::<usize>()
        .ok()
        .filter(|p| (1..=n).contains(p))
        .ok_or_else(|| format!("problem `{}` is not a position from 1 to {n}", row.problem))?;
    let answers = &problems[p - 1].answers;
    answers
        .iter()
        .position(|a| a.id == row.answer)
        .map(|a| (p - 1, a))
        .ok_or_else(|| {
            format!(
                "problem {p} of student `{}` has no answer `{}` (it has: {})",
                row.student,
                row.answer,
                answers
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// Each answer's points: stated in the key, else the problem's points (less those stated)
/// split equally over its other automatically graded answers; hand answers without stated
/// points are worth 0 here (graded by hand on top).
pub fn answer_points(problem: &KeyProblem) -> Vec<Q> {
    let total = Q::from(u64::from(problem.points.unwrap_or(0)));
    let stated: Vec<Option<Q>> = problem
        .answers
        .iter()
        .map(KeyAnswer::stated_points)
        .collect();
    let rest = stated
        .iter()
        .flatten()
        .fold(total, |left, q| left - q.clone());
    let shared = problem
        .answers
        .iter()
        .zip(&stated)
        .filter(|(a, s)| s.is_none() && a.grading != Grading::Hand)
        .count();
    let each = if shared == 0 || rest.is_negative() {
        Q::zero()
    } else {
        rest.checked_div(&Q::int(shared as i64))
            .unwrap_or_else(Q::zero)
    };
    problem
        .answers
        .iter()
        .zip(stated)
        .map(|(a, s)| match s {
            Some(q) => q,
            None if a.grading == Grading::Hand => Q::zero(),
            None => each.clone(),
        })
        .collect()
}

fn grade_problem<'k>(
    student: usize,
    position: usize,
    problem: &'k KeyProblem,
    submitted: &[Option<(u64, &str)>],
    marks: &mut Vec<Mark<'k>>,
) {
    let points = answer_points(problem);
    // A letter for an answer asked as single choice stands for its option's value.
    let values: Vec<Option<Result<String, String>>> = submitted
        .iter()
        .zip(&problem.answers)
        .map(|(s, answer)| {
            s.filter(|(_, v)| !v.is_empty())
                .map(|(_, v)| chosen(answer, v))
        })
        .collect();
    let parsed: Vec<Option<Given>> = values
        .iter()
        .map(|v| match v {
            Some(Ok(text)) => Some(Given::parse(text)),
            Some(Err(why)) => Some(Given::Text(why.clone())),
            None => None,
        })
        .collect();
    for (i, answer) in problem.answers.iter().enumerate() {
        let (line, raw) = submitted[i].map_or((None, ""), |(l, v)| (Some(l), v));
        let value = match &values[i] {
            Some(Ok(text)) => text.as_str(),
            _ => raw,
        };
        let (status, why) = match &parsed[i] {
            None => (Status::Missing, String::new()),
            Some(given) => match (answer.grading, compare(answer, value, given)) {
                (_, Verdict::Right) => (Status::Right, String::new()),
                (Grading::Hand, _) => (
                    Status::Hand,
                    "a formula or free text: grade it by hand".to_string(),
                ),
                (_, Verdict::Unreadable(why)) => (Status::Unreadable, why),
                (_, Verdict::Wrong) => {
                    if follow::credits(problem, i, given, &parsed) {
                        (Status::FollowThrough, String::new())
                    } else {
                        (Status::Wrong, String::new())
                    }
                }
            },
        };
        marks.push(Mark {
            student,
            problem: position,
            answer,
            line,
            given: raw.to_string(),
            status,
            points: if status.earned() {
                points[i].clone()
            } else {
                Q::zero()
            },
            max_points: points[i].clone(),
            why,
        });
    }
}

/// The value `raw` stands for: for an answer asked as single choice, a letter (`b`, `(B)`)
/// stands for its option's exact value (an error names a letter without an option); any other
/// text is itself.
fn chosen(answer: &KeyAnswer, raw: &str) -> Result<String, String> {
    let Some(choices) = &answer.choices else {
        return Ok(raw.to_string());
    };
    match crate::choices::Choices::letter_of(raw) {
        None => Ok(raw.to_string()),
        Some(letter) => match choices.option(&letter) {
            Some(option) => Ok(option.value_text()),
            None => Err(format!(
                "option `{letter}` does not exist: the options are {}",
                choices
                    .options
                    .iter()
                    .map(|o| o.letter.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
    }
}
