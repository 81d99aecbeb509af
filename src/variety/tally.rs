//! Counting what a class gets at one position of an exam: distinct answer sets, and per answer
//! the distinct values and the most shared one.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use crate::problems::DynFamily;

/// The answers of one position of an exam, student after student.
pub struct Tally {
    family: &'static dyn DynFamily,
    students: usize,
    /// The compact JSON text of each student's answer values, all together.
    sets: HashSet<String>,
    /// Per answer id, in first-seen order: how many students got each value (compact JSON),
    /// and whether every value so far was numeric.
    values: Vec<(String, HashMap<String, usize>, bool)>,
}

/// One answer's spread over the class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerSpread {
    /// The answer id (`weights`, `dL_dz`).
    pub id: String,
    /// Distinct values the class got.
    pub distinct: usize,
    /// The value most students got (compact JSON; the first of equals in JSON text order).
    pub most_shared: String,
    /// How many students got it.
    pub shared_by: usize,
    /// Whether the answer is exempt from the 10% rule: listed by its family as few-valued by
    /// nature, or not numeric (text such as a symbolic formula or an assignment of ops).
    pub few_valued: bool,
}

/// What a class got at one position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The family id.
    pub family: String,
    /// Students counted.
    pub students: usize,
    /// Distinct answer sets (all answer values of the problem together).
    pub distinct_sets: usize,
    /// Per answer, in the order the problem lists them.
    pub answers: Vec<AnswerSpread>,
}

impl Tally {
    /// An empty tally for a position of this family.
    pub fn new(family: &'static dyn DynFamily) -> Tally {
        Tally {
            family,
            students: 0,
            sets: HashSet::new(),
            values: Vec::new(),
        }
    }

    /// Counts one student's answers, as (answer id, value) in the problem's order.
    pub fn add<'v>(&mut self, answers: impl IntoIterator<Item = (&'v str, &'v Value)>) {
        self.students += 1;
        let mut set = Vec::new();
        for (id, value) in answers {
            let text = value.to_string();
            let slot = match self.values.iter().position(|(known, _, _)| known == id) {
                Some(i) => i,
                None => {
                    self.values.push((id.to_string(), HashMap::new(), true));
                    self.values.len() - 1
                }
            };
            let entry = &mut self.values[slot];
            *entry.1.entry(text.clone()).or_default() += 1;
            entry.2 &= is_numeric(value);
            set.push(text);
        }
        self.sets.insert(set.join("\u{1f}"));
    }

    /// The counts so far.
    pub fn summary(&self) -> Summary {
        let few = self.family.few_valued();
        let answers = self
            .values
            .iter()
            .map(|(id, counts, numeric)| {
                // Sorted, so ties resolve the same way on every run.
                let sorted: BTreeMap<&String, &usize> = counts.iter().collect();
                let (most_shared, shared_by) =
                    sorted
                        .iter()
                        .fold((String::new(), 0), |best, (value, &&n)| {
                            if n > best.1 {
                                ((*value).clone(), n)
                            } else {
                                best
                            }
                        });
                AnswerSpread {
                    id: id.clone(),
                    distinct: counts.len(),
                    most_shared,
                    shared_by,
                    few_valued: !numeric || crate::problems::is_few_valued(few, id),
                }
            })
            .collect();
        Summary {
            family: self.family.id().to_string(),
            students: self.students,
            distinct_sets: self.sets.len(),
            answers,
        }
    }
}

impl Summary {
    /// The answer most shared across the class among those not exempt as few-valued.
    pub fn most_shared(&self) -> Option<&AnswerSpread> {
        self.answers
            .iter()
            .filter(|a| !a.few_valued)
            .max_by_key(|a| a.shared_by)
    }

    /// Whether the class is varied enough to hand out: at least 90% distinct answer sets and no
    /// answer (bar the family's few-valued ones) shared by more than 10% of the students (two
    /// students may always share one: in a small class that is chance, not too few variants).
    pub fn is_varied(&self) -> bool {
        let n = self.students;
        self.distinct_sets * 10 >= n * 9
            && self
                .most_shared()
                .is_none_or(|a| a.shared_by <= 2 || a.shared_by * 10 <= n)
    }

    /// One line for `exam`'s end and the head of a `variety` block: position, family, distinct
    /// answer sets, and the most shared answer value.
    pub fn line(&self, position: usize) -> String {
        let n = self.students;
        let mut line = format!(
            "problem {position} ({}): {} distinct answer sets in {n} students ({}%)",
            self.family,
            self.distinct_sets,
            percent(self.distinct_sets, n)
        );
        if let Some(a) = self.most_shared() {
            line.push_str(&format!(
                "; most shared answer: {} = {} ({}, {}%)",
                a.id,
                shorten(&a.most_shared),
                students(a.shared_by),
                percent(a.shared_by, n)
            ));
        }
        if !self.is_varied() {
            line.push_str(" -- too little variety for this class");
        }
        line
    }

    /// The full block `dlexam variety` prints: [`Summary::line`], then one line per answer.
    pub fn report(&self, position: usize) -> String {
        let mut out = self.line(position);
        out.push('\n');
        for a in &self.answers {
            out.push_str(&format!(
                "  {:<20} {:>5} distinct values; most shared {} ({}, {}%){}\n",
                a.id,
                a.distinct,
                shorten(&a.most_shared),
                students(a.shared_by),
                percent(a.shared_by, self.students),
                if a.few_valued {
                    "  [exempt: few-valued by nature or not a number]"
                } else {
                    ""
                }
            ));
        }
        out
    }
}

/// "1 student", "2 students".
fn students(n: usize) -> String {
    if n == 1 {
        "1 student".to_string()
    } else {
        format!("{n} students")
    }
}

/// A number, or nested arrays of numbers.
fn is_numeric(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::Array(items) => items.iter().all(is_numeric),
        _ => false,
    }
}

/// `part` of `whole` in whole percent, rounded down (0 for an empty class).
fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(0)
}

/// A value's JSON text, cut to 40 characters for one line.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        let head: String = text.chars().take(37).collect();
        format!("{head}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems;

    #[test]
    fn counts_sets_values_and_the_most_shared() {
        let family = problems::find("conv-params").unwrap();
        let mut tally = Tally::new(family);
        let (one, two) = (Value::from(1), Value::from(2));
        tally.add([("weights", &one), ("total", &one)]);
        tally.add([("weights", &one), ("total", &two)]);
        tally.add([("weights", &one), ("total", &two)]);
        let s = tally.summary();
        assert_eq!((s.students, s.distinct_sets), (3, 2));
        assert_eq!(s.answers[0].distinct, 1);
        assert_eq!((s.answers[1].distinct, s.answers[1].shared_by), (2, 2));
        assert_eq!(s.answers[1].most_shared, "2");
        assert!(!s.is_varied());
        assert!(
            s.line(1).contains("2 distinct answer sets in 3 students"),
            "{}",
            s.line(1)
        );
    }
}
