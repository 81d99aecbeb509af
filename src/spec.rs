//! What a sheet or an exam holds: a TOML spec file, or the built-in spec.
//!
//! ```toml
//! title = "Endterm, calculation part"
//! course = "Introduction to Deep Learning"
//! date = "2024-07-26"          # a string or a TOML date
//! instructions = "No resources allowed. Show every step."
//! seed = 2024                  # optional; --seed overrides it
//!
//! [[problem]]
//! family = "conv-params"       # required: an id of `dlexam list`
//! difficulty = "exam"          # exam (default) | practice | hard
//! variant = "filter"           # optional: one of the family's variants (default: any)
//! points = 2                   # optional for sheets, required for exams; whole points >= 1
//! count = 1                    # how many problems of this kind (default 1, at most 50)
//! places = 4                   # decimal places answers are graded to (default 4, 0 to 12)
//! answer_points = { total = 1 } # optional: points of single answers (see grade::weights)
//! title = "Weights of one filter"   # optional: the printed title (default: the family's)
//! space = "auto"               # answer space: auto | none | page | a length such as "5cm"
//! choices = true               # numeric answers as single choice (default false; see choices)
//! ```
//! A top-level `score_table = true` prints the score table on a sheet (exams always have one);
//! a top-level `figures = false` leaves the problems' figures out of its sheets and exams (as
//! `--no-figures` does).
//! Unknown fields are refused, so a typo never silently changes an exam.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::num::{DECIMAL_PLACES, Q};
use crate::problems::{self, DynFamily};
use crate::solution::Difficulty;
use crate::space::Space;

/// Most problems one `[[problem]]` table may ask for.
pub const MAX_COUNT: i64 = 50;
/// Most problems in one document (see [`crate::limits::MAX_PROBLEMS`]).
pub const MAX_PROBLEMS: usize = crate::limits::MAX_PROBLEMS;

/// The built-in spec: the seed exam's calculation problems, one per family, as
/// (family, points, preferred variant). Points follow the exam's credits: its short questions
/// (2.x) carry about 1.6 credits each, so a conv count gets 2 (it asks for weights, biases and the
/// total); the four gradients of 3.1 and the ResBlock of 3.4-3.5 carry most of Problem 3's 14
/// credits, 6 each; the exam only asked *why* Adam corrects its bias (2.9, ~1.6 credits), but
/// computing the steps is more work, so 4; the output sizes (3.4.3) get 2.
/// The variants are the exam's kinds of problem, picked so that a class of 300 gets varied
/// answers (`dlexam variety`): a whole conv layer rather than one filter (whose count has one free
/// size), and output sizes through a chain of layers rather than the padding that keeps the size
/// (which has a handful of answers: it stays available in other specs).
/// The last field is the title printed above the problem: what it asks, for that variant.
/// Only families present in the registry at runtime are used; a preferred variant the family
/// does not have means "any variant", under the family's own title.
pub const BUILT_IN: &[(&str, u32, Option<&str>, &str)] = &[
    (
        "conv-params",
        2,
        Some("layer"),
        "Parameters of a convolutional layer",
    ),
    (
        "conv-output",
        2,
        Some("chain"),
        "Output shapes through a chain of layers",
    ),
    (
        "bce-backprop",
        6,
        Some("single"),
        "Backpropagation through a sigmoid neuron with BCE loss",
    ),
    ("optimizer", 4, Some("adam"), "Adam with bias correction"),
    (
        "resblock",
        6,
        Some("standard"),
        "Gradients through a residual block",
    ),
];

/// A checked spec.
#[derive(Clone, Debug)]
pub struct Spec {
    /// Whether a sheet prints the score table (`score_table = true`).
    pub score_table: bool,
    /// Whether its documents draw the problems' figures (`figures = false`: no).
    pub figures: bool,
    /// Document title.
    pub title: String,
    /// Course line.
    pub course: String,
    /// Date line.
    pub date: String,
    /// Instructions (neutral markup).
    pub instructions: String,
    /// The seed, if the spec fixes one.
    pub seed: Option<u64>,
    /// The `[[problem]]` tables, in order.
    pub problems: Vec<SpecProblem>,
}

/// One checked `[[problem]]` table.
#[derive(Clone)]
pub struct SpecProblem {
    /// The family.
    pub family: &'static dyn DynFamily,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// Variant, or any.
    pub variant: Option<String>,
    /// Points, if graded.
    pub points: Option<u32>,
    /// How many problems of this kind.
    pub count: u32,
    /// Decimal places answers are graded to.
    pub places: u32,
    /// Points the spec states for single answers (answer id, points).
    pub answer_points: Vec<(String, Q)>,
    /// The printed title, if the spec gives one.
    pub title: Option<String>,
    /// Answer space.
    pub space: Space,
    /// Numeric answers asked as single choice ([`crate::choices`]).
    pub choices: bool,
}

impl std::fmt::Debug for SpecProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpecProblem")
            .field("family", &self.family.id())
            .field("difficulty", &self.difficulty)
            .field("variant", &self.variant)
            .field("points", &self.points)
            .field("count", &self.count)
            .field("places", &self.places)
            .field("answer_points", &self.answer_points)
            .field("title", &self.title)
            .field("space", &self.space)
            .field("choices", &self.choices)
            .finish()
    }
}

/// One position of a document: a `[[problem]]` table with its `count` expanded.
#[derive(Clone, Copy)]
pub struct Slot<'a> {
    /// The family.
    pub family: &'static dyn DynFamily,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// Variant, or any.
    pub variant: Option<&'a str>,
    /// Points, if graded.
    pub points: Option<u32>,
    /// Decimal places answers are graded to.
    pub places: u32,
    /// Points the spec states for single answers.
    pub answer_points: &'a [(String, Q)],
    /// The printed title, if the spec gives one.
    pub title: Option<&'a str>,
    /// Answer space.
    pub space: Space,
    /// Numeric answers asked as single choice.
    pub choices: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    title: Option<String>,
    course: Option<String>,
    date: Option<DateField>,
    instructions: Option<String>,
    seed: Option<u64>,
    score_table: Option<bool>,
    figures: Option<bool>,
    #[serde(default)]
    problem: Vec<RawProblem>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DateField {
    Text(String),
    Date(toml::value::Datetime),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProblem {
    family: String,
    difficulty: Option<Difficulty>,
    variant: Option<String>,
    points: Option<i64>,
    count: Option<i64>,
    places: Option<i64>,
    #[serde(default)]
    answer_points: std::collections::BTreeMap<String, toml::Value>,
    title: Option<String>,
    space: Option<String>,
    choices: Option<bool>,
}

impl Spec {
    /// Reads and checks a spec file.
    pub fn load(path: &Path) -> Result<Spec> {
        let what = format!("--spec {}", path.display());
        let bytes = crate::limits::read_limited(path, crate::limits::MAX_SPEC_BYTES, &what)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::invalid(format!("{what}: not UTF-8 text (save it as UTF-8)")))?;
        Spec::parse(&text, &format!("spec {}", path.display()))
    }

    /// Parses and checks spec text; `source` names it in error messages.
    pub fn parse(text: &str, source: &str) -> Result<Spec> {
        let raw: RawSpec = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let message = toml_message(e.message());
            match line {
                Some(line) => Error::invalid(format!("{source} line {line}: {message}")),
                None => Error::invalid(format!("{source}: {message}")),
            }
        })?;
        if raw.problem.is_empty() {
            return Err(Error::invalid(format!(
                "{source}: no [[problem]] tables: add at least one, e.g. [[problem]] family = \"conv-params\""
            )));
        }
        let total: i64 = raw
            .problem
            .iter()
            .map(|p| p.count.unwrap_or(1).max(0))
            .sum();
        if raw.problem.len() > MAX_PROBLEMS || total > MAX_PROBLEMS as i64 {
            return Err(Error::invalid(format!(
                "{source}: {total} problems in {} [[problem]] tables is more than the limit of {MAX_PROBLEMS} problems in one document",
                raw.problem.len()
            )));
        }
        for (field, text) in [
            ("title", &raw.title),
            ("course", &raw.course),
            ("instructions", &raw.instructions),
        ] {
            let bad = text.as_deref().and_then(|t| {
                t.chars().find(|&c| {
                    (c.is_control() && !(field == "instructions" && c == '\n'))
                        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                })
            });
            if let Some(c) = bad {
                return Err(Error::invalid(format!(
                    "{source}: field `{field}`: contains the control character U+{:04X}: write printable text{}",
                    u32::from(c),
                    if field == "instructions" {
                        " (line breaks are fine)"
                    } else {
                        " on one line"
                    }
                )));
            }
        }
        let problems = raw
            .problem
            .iter()
            .enumerate()
            .map(|(i, p)| {
                check_problem(p)
                    .map_err(|e| Error::invalid(format!("{source}: [[problem]] {}: {e}", i + 1)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Spec {
            title: raw.title.unwrap_or_else(|| "Problem sheet".into()),
            course: raw.course.unwrap_or_default(),
            date: match raw.date {
                Some(DateField::Text(s)) => s,
                Some(DateField::Date(d)) => d.to_string(),
                None => String::new(),
            },
            instructions: raw.instructions.unwrap_or_default(),
            seed: raw.seed,
            score_table: raw.score_table.unwrap_or(false),
            figures: raw.figures.unwrap_or(true),
            problems,
        })
    }

    /// The spec of `--spec FILE`, or the built-in one; with the name error messages use for it.
    pub fn load_or_built_in(path: Option<&Path>) -> Result<(Spec, String)> {
        match path {
            Some(path) => Ok((Spec::load(path)?, format!("spec {}", path.display()))),
            None => Ok((Spec::built_in(), "the built-in spec".into())),
        }
    }

    /// The built-in spec (see [`BUILT_IN`]): every listed family the registry has.
    pub fn built_in() -> Spec {
        let problems = BUILT_IN
            .iter()
            .filter_map(|&(id, points, variant, title)| {
                let family = problems::find(id).ok()?;
                let variant = variant.filter(|v| family.variants().contains(v));
                Some(SpecProblem {
                    family,
                    difficulty: Difficulty::Exam,
                    variant: variant.map(str::to_string),
                    points: Some(points),
                    count: 1,
                    places: DECIMAL_PLACES,
                    answer_points: Vec::new(),
                    title: variant.map(|_| title.to_string()),
                    space: Space::Auto,
                    choices: false,
                })
            })
            .collect();
        Spec {
            title: "Calculation problems".into(),
            course: "Introduction to Deep Learning".into(),
            date: String::new(),
            instructions: "Working time: 60 minutes. No calculators, notes or other aids. \
                           Write each answer in the space below its problem and show how you \
                           got it: an answer without its working earns no points. Exact \
                           fractions are welcome; round decimals to four places."
                .into(),
            seed: None,
            score_table: false,
            figures: true,
            problems,
        }
    }

    /// The same spec with every problem asked as single choice (`--choices`).
    pub fn all_choices(mut self) -> Spec {
        for p in &mut self.problems {
            p.choices = true;
        }
        self
    }

    /// The positions of the document: each `[[problem]]` repeated `count` times.
    pub fn slots(&self) -> Vec<Slot<'_>> {
        self.problems
            .iter()
            .flat_map(|p| {
                let slot = Slot {
                    family: p.family,
                    difficulty: p.difficulty,
                    variant: p.variant.as_deref(),
                    points: p.points,
                    places: p.places,
                    answer_points: &p.answer_points,
                    title: p.title.as_deref(),
                    space: p.space,
                    choices: p.choices,
                };
                std::iter::repeat_n(slot, p.count as usize)
            })
            .collect()
    }

    /// Checks that every problem has points (an exam is graded).
    pub fn require_points(&self, source: &str) -> Result<()> {
        match self.problems.iter().position(|p| p.points.is_none()) {
            Some(i) => Err(Error::invalid(format!(
                "{source}: [[problem]] {} ({}) has no `points`: an exam is graded, so every problem needs points",
                i + 1,
                self.problems[i].family.id()
            ))),
            None => Ok(()),
        }
    }
}

/// toml's message, one line, with the rule spelled out where serde's wording names only Rust.
fn toml_message(message: &str) -> String {
    let message = message.trim().replace('\n', " ");
    if message.contains("untagged enum DateField") {
        "field `date`: expected a string or a TOML date, e.g. date = 2024-07-26".into()
    } else if message.contains("expected a sequence") && message.contains("map") {
        format!(
            "field `problem`: {message}: write each problem as its own [[problem]] table (two brackets)"
        )
    } else {
        message
    }
}

fn check_problem(p: &RawProblem) -> Result<SpecProblem> {
    let family = problems::find(&p.family)?;
    if let Some(v) = &p.variant {
        if !family.variants().contains(&v.as_str()) {
            return Err(Error::invalid(format!(
                "field `variant`: `{v}` is not a variant of {}: expected one of {}",
                family.id(),
                family.variants().join(", ")
            )));
        }
    }
    let points = match p.points {
        None => None,
        Some(n) if (1..=1000).contains(&n) => Some(n as u32),
        Some(n) => {
            return Err(Error::invalid(format!(
                "field `points`: {n} must be a whole number from 1 to 1000 (leave it out for an ungraded sheet)"
            )));
        }
    };
    let difficulty = p.difficulty.unwrap_or_default();
    if let Some(v) = &p.variant {
        problems::check_offered(family, v, difficulty)
            .map_err(|e| Error::invalid(format!("field `variant`: {}", e.to_string().trim())))?;
    }
    let count = p.count.unwrap_or(1);
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(Error::invalid(format!(
            "field `count`: {count} must be from 1 to {MAX_COUNT}"
        )));
    }
    let places = p.places.unwrap_or(i64::from(DECIMAL_PLACES));
    if !(0..=12).contains(&places) {
        return Err(Error::invalid(format!(
            "field `places`: {places} must be a whole number from 0 to 12"
        )));
    }
    let answer_points = p
        .answer_points
        .iter()
        .map(|(id, v)| {
            let q = match v {
                toml::Value::Integer(n) => Some(Q::int(*n)),
                toml::Value::Float(f) => Q::from_f64(*f),
                toml::Value::String(s) => s.parse().ok(),
                _ => None,
            };
            match q.filter(|q| !q.is_negative()) {
                Some(q) if points.is_some() => Ok((id.clone(), q)),
                Some(_) => Err(Error::invalid(format!(
                    "field `answer_points.{id}`: the problem has no `points` to share"
                ))),
                None => Err(Error::invalid(format!(
                    "field `answer_points.{id}`: {} must be a number of points of at least 0 (2, 0.5 or \"1/3\")",
                    match v {
                        toml::Value::String(s) => format!("`{s}`"),
                        toml::Value::Integer(n) => n.to_string(),
                        other => format!("a {}", other.type_str()),
                    }
                ))),
            }
        })
        .collect::<Result<Vec<_>>>()?;
    if let Some(title) = &p.title {
        if title.trim().is_empty() || title.contains('\n') || title.chars().count() > 120 {
            return Err(Error::invalid(format!(
                "field `title`: {title:?} must be one line of 1 to 120 characters"
            )));
        }
    }
    let space = match &p.space {
        None => Space::Auto,
        Some(text) => text
            .parse()
            .map_err(|e| Error::invalid(format!("field `space`: {e}")))?,
    };
    Ok(SpecProblem {
        family,
        difficulty,
        variant: p.variant.clone(),
        points,
        count: count as u32,
        places: places as u32,
        answer_points,
        title: p.title.clone(),
        space,
        choices: p.choices.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_spec() {
        let spec = Spec::parse(
            "title = \"T\"\ndate = 2024-07-26\nseed = 5\n[[problem]]\nfamily = \"conv-params\"\nvariant = \"filter\"\npoints = 3\ncount = 2\n",
            "spec t",
        )
        .unwrap();
        assert_eq!(spec.date, "2024-07-26");
        assert_eq!(spec.seed, Some(5));
        assert_eq!(spec.slots().len(), 2);
        assert_eq!(spec.slots()[1].points, Some(3));
        assert_eq!(spec.slots()[1].space, Space::Auto);
        assert!(!spec.score_table);
        let spec = Spec::parse(
            "score_table = true\n[[problem]]\nfamily = \"conv-params\"\ntitle = \"One filter\"\nspace = \"4cm\"\n",
            "spec t",
        )
        .unwrap();
        assert!(spec.score_table);
        assert_eq!(spec.slots()[0].title, Some("One filter"));
        assert_eq!(spec.slots()[0].space, Space::Cm(4.0));
    }

    #[test]
    fn refusals_are_one_line_and_name_the_field() {
        let many = "[[problem]]\nfamily = \"conv-params\"\ncount = 50\n".repeat(5);
        let cases = [
            (
                "[[problem]]\nfamily = \"conv\"\n",
                "[[problem]] 1: unknown family `conv`",
            ),
            (
                "[[problem]]\nfamily = \"conv-params\"\npoints = -2\n",
                "field `points`: -2",
            ),
            (
                "[[problem]]\nfamily = \"conv-params\"\npionts = 2\n",
                "line 3: unknown field `pionts`",
            ),
            ("title = \"x\"\n", "no [[problem]]"),
            ("title = \n", "spec t line 1"),
            (
                "[[problem]]\nfamily = \"conv-params\"\ncount = 0\n",
                "field `count`",
            ),
            (
                "[[problem]]\nfamily = \"conv-params\"\nvariant = \"huge\"\n",
                "`huge` is not a variant",
            ),
            (
                "date = [1]\n[[problem]]\nfamily = \"conv-params\"\n",
                "field `date`: expected a string or a TOML date",
            ),
            (
                "[problem]\nfamily = \"conv-params\"\n",
                "field `problem`: invalid type: map, expected a sequence: write each problem as its own [[problem]] table",
            ),
            (
                many.as_str(),
                "250 problems in 5 [[problem]] tables is more than the limit of 200",
            ),
            (
                "[[problem]]\nfamily = \"conv-params\"\nspace = \"5 furlongs\"\n",
                "field `space`: `5 furlongs`: expected auto, none, page or a length",
            ),
            (
                "[[problem]]\nfamily = \"conv-params\"\ntitle = \"\"\n",
                "field `title`",
            ),
            (
                "score_table = \"yes\"\n[[problem]]\nfamily = \"conv-params\"\n",
                "line 1",
            ),
        ];
        for (text, needle) in cases {
            let e = Spec::parse(text, "spec t").unwrap_err().to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn built_in_lists_only_registered_families() {
        let spec = Spec::built_in();
        assert!(!spec.problems.is_empty());
        for p in &spec.problems {
            assert!(problems::find(p.family.id()).is_ok());
            assert!(p.points.is_some());
        }
    }
}
