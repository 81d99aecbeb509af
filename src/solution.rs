//! The one model every output is a view of: a [`Problem`] with its question, answers and
//! worked [`Solution`]. Text fields hold dlexam's neutral markup (a small Markdown subset with
//! `$...$` / `$$...$$` math, see [`crate::render::markup`]); renderers turn it into Markdown or LaTeX.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::choices::Choices;
use crate::figure::Figure;
use crate::num::{DECIMAL_PLACES, Q, Real, Shape, bmatrix};

/// One generated or user-given problem, solved.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    /// Family id, kebab-case (`conv-params`).
    pub family: String,
    /// The family's one-line title (`Parameters of a convolutional layer`), as views head the
    /// problem with it.
    pub title: String,
    /// The seed the variant was sampled from (`None` for `solve`).
    pub seed: Option<u64>,
    /// Variant name within the family.
    pub variant: String,
    /// Difficulty the variant was sampled at.
    pub difficulty: Difficulty,
    /// The parameters: exactly what `dlexam solve` accepts.
    pub params: Value,
    /// The question.
    pub question: Question,
    /// The answers, in the order the question asks for them.
    pub answers: Vec<Answer>,
    /// The worked solution.
    pub solution: Solution,
}

/// How hard the numbers and variants are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    /// Calculator-free, realistic sizes, as in the exam (the default).
    #[default]
    Exam,
    /// Like the exam, with more variety and less round numbers.
    Practice,
    /// Edge cases: floors that matter, dilation, non-square everything.
    Hard,
}

impl Difficulty {
    /// All difficulties, easiest first.
    pub const ALL: [Difficulty; 3] = [Difficulty::Exam, Difficulty::Practice, Difficulty::Hard];

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Exam => "exam",
            Difficulty::Practice => "practice",
            Difficulty::Hard => "hard",
        }
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The statement of a problem, as facts for the family's question template
/// (`templates/<family>/question.md`): the numbers already written as LaTeX math, flags that
/// pick the wording. Templates lay the facts out; they never compute.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Question {
    /// A JSON object of template variables.
    pub facts: Value,
    /// Figures the statement shows (below its introduction), drawn from the problem's data.
    #[serde(skip)]
    pub figures: Vec<Figure>,
}

impl Question {
    /// A question from a family's facts: a struct (`#[derive(Serialize)]`) whose fields are
    /// the variables of its question template.
    pub fn new(facts: impl Serialize) -> Self {
        let facts = serde_json::to_value(facts).expect("question facts serialize to JSON");
        Question {
            facts,
            figures: Vec::new(),
        }
    }

    /// The same question with a figure.
    pub fn with_figure(mut self, figure: Figure) -> Self {
        self.figures.push(figure);
        self
    }
}

/// The worked solution: steps in the order a TA would write them on the board.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Solution {
    /// The steps.
    pub steps: Vec<Step>,
    /// Figures the solution shows (above its steps).
    #[serde(skip)]
    pub figures: Vec<Figure>,
}

impl Solution {
    /// A solution of these steps, without figures.
    pub fn new(steps: Vec<Step>) -> Self {
        Solution {
            steps,
            figures: Vec::new(),
        }
    }

    /// The same solution with a figure.
    pub fn with_figure(mut self, figure: Figure) -> Self {
        self.figures.push(figure);
        self
    }
}

/// One worked step: a title and its body (neutral markup).
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// Short title, e.g. "Weights of one filter".
    pub title: String,
    /// The body: formula, numbers put in, result.
    pub body: String,
}

impl Step {
    /// A step from a title and a body.
    pub fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        Step {
            title: title.into(),
            body: body.into(),
        }
    }
}

/// How far one entry of a submitted answer may be from the exact value.
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    /// |given − exact| ≤ x.
    Abs(Q),
    /// |given − exact| ≤ x · |exact|.
    Rel(Q),
}

impl Bound {
    /// `{"abs": x}` or `{"rel": x}`.
    fn json(&self) -> Value {
        match self {
            Bound::Abs(x) => serde_json::json!({ "abs": json_number(x) }),
            Bound::Rel(x) => serde_json::json!({ "rel": json_number(x) }),
        }
    }
}

/// How far a submitted answer may be from `value` and still be right: one [`Bound`] per number
/// of the value, in reading order (row by row), or one for all. In JSON: `{"abs": x}` (or
/// `{"rel": x}`) when every entry has the same bound, else `{"entries": [{"abs": x}, ...]}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tolerance {
    /// One bound per entry, or a single bound for all.
    pub bounds: Vec<Bound>,
}

impl Serialize for Tolerance {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json().serialize(s)
    }
}

impl Tolerance {
    /// Exact answers: no tolerance.
    pub fn exact() -> Self {
        Tolerance::abs(&Q::zero())
    }

    /// The same absolute tolerance for every entry.
    pub fn abs(q: &Q) -> Self {
        Tolerance {
            bounds: vec![Bound::Abs(q.clone())],
        }
    }

    /// One bound per entry (collapsed to one when they are all equal).
    pub fn per_entry(bounds: Vec<Bound>) -> Self {
        match bounds.first() {
            Some(first) if bounds.iter().all(|b| b == first) => Tolerance {
                bounds: vec![first.clone()],
            },
            Some(_) => Tolerance { bounds },
            None => Tolerance::exact(),
        }
    }

    /// The tolerance of exact entries, each by [`Tolerance::rounding`] at [`DECIMAL_PLACES`].
    pub fn for_exact<'a>(values: impl IntoIterator<Item = &'a Q>) -> Self {
        Tolerance::per_entry(
            values
                .into_iter()
                .map(|q| Bound::Abs(Tolerance::rounding(q, DECIMAL_PLACES)))
                .collect(),
        )
    }

    /// The bound an exact entry needs when the sheet asks for `places` decimal places: 0 when
    /// it is a decimal of at most that many places, else half a unit of the last place
    /// (0.00005 for four), so the fraction and its decimal rounded as asked both score.
    pub fn rounding(q: &Q, places: u32) -> Q {
        if q.decimal_places(places).is_some() {
            Q::zero()
        } else {
            Tolerance::half_unit(places)
        }
    }

    /// Half a unit of the `places`-th decimal place.
    pub fn half_unit(places: u32) -> Q {
        Q::frac(1, 2) * Q::int(10).pow(places).recip().expect("10^n is not zero")
    }

    /// The bound of entry `i`.
    pub fn entry(&self, i: usize) -> &Bound {
        self.bounds.get(i).unwrap_or(&self.bounds[0])
    }

    /// The JSON object of the contract.
    pub fn json(&self) -> Value {
        if self.bounds.len() == 1 {
            self.bounds[0].json()
        } else {
            serde_json::json!({ "entries": self.bounds.iter().map(Bound::json).collect::<Vec<_>>() })
        }
    }
}

/// How a grader compares an answer (`grading` in JSON; absent: `auto`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grading {
    /// By value: numbers within the tolerance, text by its wording.
    #[default]
    Auto,
    /// A list of names compared as a set, in any order (`X, y_hat`).
    Set,
    /// A formula or free text: a person grades it (`dL_dF2_symbolic`).
    Hand,
}

impl Grading {
    /// Whether this is the default (not written).
    pub fn is_auto(&self) -> bool {
        *self == Grading::Auto
    }
}

/// One answer of a problem.
#[derive(Clone, Debug, Serialize)]
pub struct Answer {
    /// Stable id (`weights`, `dL_dW`, `theta_2`).
    pub id: String,
    /// Human label (neutral markup), e.g. `$\partial L / \partial W$`.
    pub label: String,
    /// The value: a number, nested arrays of numbers, a string or an object.
    pub value: Value,
    /// Exact fractions (`"-1/2"`) mirroring `value`, where the value is rational.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<Value>,
    /// LaTeX math for the value.
    pub latex: String,
    /// The tolerance a grader applies.
    pub tolerance: Tolerance,
    /// How a grader compares it.
    #[serde(skip_serializing_if = "Grading::is_auto")]
    pub grading: Grading,
    /// Its points, in graded documents (`dlexam exam`): an integer, a decimal or a fraction
    /// string (see [`crate::grade::weights`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Value>,
    /// Its options, when it is asked as single choice (`--choices`, see [`crate::choices`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Choices>,
}

impl Answer {
    /// An exact scalar.
    pub fn scalar(id: &str, label: &str, q: &Q) -> Self {
        Answer {
            id: id.into(),
            label: label.into(),
            value: json_number(q),
            exact: Some(Value::String(q.to_string())),
            latex: q.tex().to_string(),
            tolerance: Tolerance::for_exact([q]),
            grading: Grading::Auto,
            points: None,
            choices: None,
        }
    }

    /// A real scalar: exact when rational, else with the given tolerance.
    pub fn real(id: &str, label: &str, r: &Real, tolerance: &Q) -> Self {
        match r {
            Real::Exact(q) => Answer::scalar(id, label, q),
            Real::Approx(_) => Answer {
                id: id.into(),
                label: label.into(),
                value: json_real(r),
                exact: None,
                latex: r.tex().to_string(),
                tolerance: Tolerance::abs(tolerance),
                grading: Grading::Auto,
                points: None,
                choices: None,
            },
        }
    }

    /// An exact shape `[N, C, H, W]`.
    pub fn shape(id: &str, label: &str, shape: &Shape) -> Self {
        Answer {
            id: id.into(),
            label: label.into(),
            value: Value::Array(shape.0.iter().map(json_number).collect()),
            exact: Some(Value::Array(
                shape
                    .0
                    .iter()
                    .map(|q| Value::String(q.to_string()))
                    .collect(),
            )),
            latex: shape.tex().to_string(),
            tolerance: Tolerance::for_exact(&shape.0),
            grading: Grading::Auto,
            points: None,
            choices: None,
        }
    }

    /// An exact vector, written as a row (`column = false`) or column vector.
    pub fn vector(id: &str, label: &str, values: &[Q], column: bool) -> Self {
        Answer {
            id: id.into(),
            label: label.into(),
            value: Value::Array(values.iter().map(json_number).collect()),
            exact: Some(Value::Array(
                values
                    .iter()
                    .map(|q| Value::String(q.to_string()))
                    .collect(),
            )),
            latex: bmatrix(values, if column { 1 } else { values.len() }, Q::tex).to_string(),
            tolerance: Tolerance::for_exact(values),
            grading: Grading::Auto,
            points: None,
            choices: None,
        }
    }

    /// An exact matrix (rows of entries).
    pub fn matrix(id: &str, label: &str, rows: &[Vec<Q>]) -> Self {
        let entries = rows.concat();
        let cols = rows.first().map_or(0, Vec::len);
        Answer {
            id: id.into(),
            label: label.into(),
            value: Value::Array(
                rows.iter()
                    .map(|r| Value::Array(r.iter().map(json_number).collect()))
                    .collect(),
            ),
            exact: Some(Value::Array(
                rows.iter()
                    .map(|r| Value::Array(r.iter().map(|q| Value::String(q.to_string())).collect()))
                    .collect(),
            )),
            latex: bmatrix(&entries, cols, Q::tex).to_string(),
            tolerance: Tolerance::for_exact(rows.iter().flatten()),
            grading: Grading::Auto,
            points: None,
            choices: None,
        }
    }

    /// A vector (one row, `matrix = false`) or matrix of reals, written as `latex`: exact as
    /// [`Answer::vector`] / [`Answer::matrix`] when every entry is rational, else decimals graded
    /// to half a unit of the [`DECIMAL_PLACES`]-th place.
    pub fn reals(id: &str, label: &str, rows: &[Vec<Real>], matrix: bool, latex: String) -> Self {
        let mut answer = if rows.iter().flatten().all(Real::is_exact) {
            let exact: Vec<Vec<Q>> = rows
                .iter()
                .map(|r| r.iter().map(|v| v.value().clone()).collect())
                .collect();
            if matrix {
                Answer::matrix(id, label, &exact)
            } else {
                Answer::vector(id, label, &exact[0], false)
            }
        } else {
            let row = |r: &Vec<Real>| Value::Array(r.iter().map(json_real).collect());
            Answer {
                id: id.into(),
                label: label.into(),
                value: if matrix {
                    Value::Array(rows.iter().map(row).collect())
                } else {
                    row(&rows[0])
                },
                exact: None,
                latex: String::new(),
                tolerance: Tolerance::abs(&Tolerance::half_unit(DECIMAL_PLACES)),
                grading: Grading::Auto,
                points: None,
                choices: None,
            }
        };
        answer.latex = latex;
        answer
    }

    /// A non-numeric answer (a name, a choice, a formula) with its LaTeX form.
    pub fn text(id: &str, label: &str, value: Value, latex: &str) -> Self {
        Answer {
            id: id.into(),
            label: label.into(),
            value,
            exact: None,
            latex: latex.into(),
            tolerance: Tolerance::exact(),
            grading: Grading::Auto,
            points: None,
            choices: None,
        }
    }

    /// Tolerances for a sheet that asks for `places` decimal places (the families use
    /// [`DECIMAL_PLACES`]): each exact entry gets [`Tolerance::rounding`] at `places`; an
    /// approximate entry keeps its bound but at least half a unit of the last place asked.
    pub fn ask_places(&mut self, places: u32) {
        fn numbers(v: &Value, out: &mut Vec<Value>) {
            match v {
                Value::Array(items) => items.iter().for_each(|i| numbers(i, out)),
                Value::Object(_) => {}
                other => out.push(other.clone()),
            }
        }
        if places == DECIMAL_PLACES || self.grading != Grading::Auto {
            return;
        }
        let (mut values, mut exact) = (Vec::new(), Vec::new());
        numbers(&self.value, &mut values);
        if let Some(e) = &self.exact {
            numbers(e, &mut exact);
        }
        let half = Tolerance::half_unit(places);
        let bounds = values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_number())
            .map(|(i, _)| {
                match exact
                    .get(i)
                    .and_then(Value::as_str)
                    .and_then(|e| e.parse::<Q>().ok())
                {
                    Some(q) => Bound::Abs(Tolerance::rounding(&q, places)),
                    None => match self.tolerance.entry(i) {
                        Bound::Abs(x) if *x < half => Bound::Abs(half.clone()),
                        other => other.clone(),
                    },
                }
            })
            .collect();
        self.tolerance = Tolerance::per_entry(bounds);
    }

    /// The same answer, graded as `grading` says.
    pub fn graded(mut self, grading: Grading) -> Self {
        self.grading = grading;
        self
    }
}

/// A JSON number for a real: exact values as [`json_number`]; approximations first rounded to
/// 40 places (they are accurate to ~45), so noise such as `-2.6e-48` for a true zero never shows.
pub fn json_real(r: &Real) -> Value {
    match r {
        Real::Exact(q) => json_number(q),
        Real::Approx(q) => json_number(&q.round_to(40)),
    }
}

/// A JSON number for an exact value: integers as integers, terminating decimals exactly,
/// anything else rounded to 15 significant digits (by [`Q::round_to`]).
pub fn json_number(q: &Q) -> Value {
    if let Some(n) = q.to_i64() {
        return Value::from(n);
    }
    let text = if q.is_integer() {
        q.to_string()
    } else if let Some(exact) = q.exact_decimal(30) {
        exact.to_string()
    } else {
        let magnitude = q.abs();
        let mut leading_zeros = 0u32;
        let mut probe = magnitude.clone();
        while probe < Q::one() && leading_zeros < 400 {
            probe = &probe * &Q::int(10);
            leading_zeros += 1;
        }
        let places = 14 + leading_zeros;
        let rounded = q.round_to(places);
        let decimal = rounded
            .exact_decimal(places)
            .unwrap_or_else(|| rounded.decimal(places))
            .to_string();
        if decimal == "-0" { "0".into() } else { decimal }
    };
    text.parse::<Number>()
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_answers_allow_four_place_decimals_only_when_they_need_them() {
        assert_eq!(Tolerance::for_exact([&Q::frac(3, 8)]), Tolerance::exact());
        assert_eq!(Tolerance::for_exact([&Q::int(181)]), Tolerance::exact());
        let third = Tolerance::for_exact([&Q::frac(1, 2), &Q::frac(-3, 7)]);
        assert_eq!(
            third.json().to_string(),
            r#"{"entries":[{"abs":0},{"abs":0.00005}]}"#
        );
        let both = Tolerance::for_exact([&Q::frac(1, 3), &Q::frac(-3, 7)]);
        assert_eq!(both.json().to_string(), r#"{"abs":0.00005}"#);
        // -0.4286 is -3/7 rounded to four places: inside; -0.4285 is not.
        let distance = |s: &str| (s.parse::<Q>().unwrap() - Q::frac(-3, 7)).abs();
        assert!(distance("-0.4286") <= Q::frac(1, 20000));
        assert!(distance("-0.4285") > Q::frac(1, 20000));
    }

    #[test]
    fn json_numbers_come_from_exact_values() {
        assert_eq!(json_number(&Q::frac(-1, 2)).to_string(), "-0.5");
        assert_eq!(json_number(&Q::int(181)).to_string(), "181");
        assert_eq!(json_number(&Q::frac(1, 3)).to_string(), "0.333333333333333");
        assert_eq!(
            json_number(&Q::frac(1, 300000)).to_string(),
            "3.33333333333333e-6"
        );
        assert_eq!(
            json_number(&Q::from(u64::MAX)).to_string(),
            "18446744073709551615"
        );
    }
}
