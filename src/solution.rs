//! The one model every output is a view of: a [`Problem`] with its question, answers and
//! worked [`Solution`]. Text fields hold dlexam's neutral markup (a small Markdown subset with
//! `$...$` / `$$...$$` math, see [`crate::render::markup`]); renderers turn it into Markdown or LaTeX.

use serde::Serialize;
use serde_json::{Number, Value};

use crate::num::{DECIMAL_PLACES, Q, Real, Shape, tex_col, tex_matrix, tex_num, tex_real, tex_row};
use crate::problems::Difficulty;

/// One generated or user-given problem, solved.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    /// Family id, kebab-case (`conv-params`).
    pub family: String,
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

/// The statement of a problem, as facts for the family's question template
/// (`templates/<family>/question.md`): the numbers already written as LaTeX math, flags that
/// pick the wording. Templates lay the facts out; they never compute.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Question {
    /// A JSON object of template variables.
    pub facts: Value,
}

impl Question {
    /// A question from a family's facts: a struct (`#[derive(Serialize)]`) whose fields are
    /// the variables of its question template.
    pub fn new(facts: impl Serialize) -> Self {
        let facts = serde_json::to_value(facts).expect("question facts serialize to JSON");
        Question { facts }
    }
}

/// The worked solution: steps in the order a TA would write them on the board.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Solution {
    /// The steps.
    pub steps: Vec<Step>,
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

/// How far a submitted answer may be from `value` and still be right.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tolerance {
    /// Absolute tolerance (0 for exact answers).
    pub abs: Value,
}

impl Tolerance {
    /// Exact answers: no tolerance.
    pub fn exact() -> Self {
        Tolerance {
            abs: Value::from(0),
        }
    }

    /// An absolute tolerance.
    pub fn abs(q: &Q) -> Self {
        Tolerance {
            abs: json_number(q),
        }
    }

    /// The tolerance of an exact answer: 0 when every entry is a decimal of at most
    /// [`DECIMAL_PLACES`] places; otherwise half a unit of that place (0.00005), so the fraction
    /// and its decimal rounded to four places (as the sheets allow) both score.
    pub fn for_exact<'a>(values: impl IntoIterator<Item = &'a Q>) -> Self {
        let short = |q: &Q| q.decimal_places(DECIMAL_PLACES).is_some();
        if values.into_iter().all(short) {
            Tolerance::exact()
        } else {
            let unit = Q::int(10)
                .pow(DECIMAL_PLACES)
                .recip()
                .expect("10^n is not zero");
            Tolerance::abs(&(Q::frac(1, 2) * unit))
        }
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
}

impl Answer {
    /// An exact scalar.
    pub fn scalar(id: &str, label: &str, q: &Q) -> Self {
        Answer {
            id: id.into(),
            label: label.into(),
            value: json_number(q),
            exact: Some(Value::String(q.to_string())),
            latex: tex_num(q),
            tolerance: Tolerance::for_exact([q]),
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
                latex: tex_real(r),
                tolerance: Tolerance::abs(tolerance),
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
            latex: shape.tex(),
            tolerance: Tolerance::for_exact(&shape.0),
        }
    }

    /// An exact vector, written as a row (`column = false`) or column vector.
    pub fn vector(id: &str, label: &str, values: &[Q], column: bool) -> Self {
        let entries: Vec<String> = values.iter().map(tex_num).collect();
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
            latex: if column {
                tex_col(&entries)
            } else {
                tex_row(&entries)
            },
            tolerance: Tolerance::for_exact(values),
        }
    }

    /// An exact matrix (rows of entries).
    pub fn matrix(id: &str, label: &str, rows: &[Vec<Q>]) -> Self {
        let tex: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(tex_num).collect())
            .collect();
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
            latex: tex_matrix(&tex),
            tolerance: Tolerance::for_exact(rows.iter().flatten()),
        }
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
        }
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
    } else if let Some(exact) = q.to_exact_decimal(30) {
        exact
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
            .to_exact_decimal(places)
            .unwrap_or_else(|| rounded.to_decimal_string(places));
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
        assert_eq!(third.abs.to_string(), "0.00005");
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
