//! Typical mistakes against the grader (tests only): for many sampled problems of every
//! difficulty, the key's exact values and their four-place roundings are right, and each
//! family's typical mistakes (the production list of `--choices`), and a zero for a non-zero
//! entry, are wrong
//! (unless the mistake and the key round to the same four-place decimals: then the sheet's
//! precision cannot tell them apart, and the case is counted, not tested).

use serde_json::Value;

use super::compare::{Verdict, compare};
use super::key::KeyAnswer;
use super::value::Given;
use crate::num::Q;
use crate::problems::{self, Difficulty};
use crate::solution::{Answer, Problem};

/// Samples per family and difficulty.
const SAMPLES: u64 = 24;

fn key(answer: &Answer) -> KeyAnswer {
    serde_json::from_value(serde_json::to_value(answer).unwrap()).unwrap()
}

fn verdict(answer: &Answer, text: &str) -> Verdict {
    compare(&key(answer), text, &Given::parse(text))
}

/// The answer's numbers (exact where the key has them), flattened.
fn numbers(answer: &Answer) -> Vec<Q> {
    super::compare::Numbers::of_key(&answer.value, answer.exact.as_ref())
        .map(|n| n.entries)
        .unwrap_or_default()
}

/// `values` written in the shape of the answer's value (`[[a, b], [c, d]]`).
fn shaped(answer: &Answer, values: &[Q], text: impl Fn(&Q) -> String) -> String {
    fn walk(
        v: &Value,
        values: &mut std::slice::Iter<'_, Q>,
        text: &dyn Fn(&Q) -> String,
    ) -> String {
        match v {
            Value::Array(items) => {
                let inner: Vec<String> = items.iter().map(|i| walk(i, values, text)).collect();
                format!("[{}]", inner.join(", "))
            }
            _ => text(values.next().expect("one value per number")),
        }
    }
    walk(&answer.value, &mut values.iter(), &text)
}

fn four(q: &Q) -> String {
    q.decimal(4).to_string()
}

fn answer<'a>(p: &'a Problem, id: &str) -> Option<&'a Answer> {
    p.answers.iter().find(|a| a.id == id)
}

/// Tally of one mistake: (rejected, told apart only below the precision asked).
#[derive(Default, Debug)]
struct Tally {
    rejected: usize,
    too_close: usize,
}

impl Tally {
    /// Checks that `wrong` (the mistake's values) is rejected for `answer`.
    fn check(&mut self, what: &str, p: &Problem, answer: &Answer, wrong: &[Q]) {
        let right = numbers(answer);
        assert_eq!(right.len(), wrong.len(), "{what}");
        if right == wrong {
            return; // The mistake makes no difference here (Adam's first step with eps = 0).
        }
        if right.iter().map(four).eq(wrong.iter().map(four)) {
            if std::env::var("SHOW_CLOSE").is_ok() {
                eprintln!(
                    "{what}: {:?} {:?} {} {:?} vs {:?}",
                    p.difficulty,
                    p.seed,
                    answer.id,
                    right.iter().map(|q| q.to_f64()).collect::<Vec<_>>(),
                    wrong.iter().map(|q| q.to_f64()).collect::<Vec<_>>()
                );
            }
            self.too_close += 1;
            return;
        }
        let text = shaped(answer, wrong, Q::to_string);
        if verdict(answer, &text) == Verdict::Right {
            // Within the answer's tolerance: below the precision asked, like equal roundings.
            self.too_close += 1;
            return;
        }
        self.rejected += 1;
    }
}

fn sample(family: &str, variant: Option<&str>, mut each: impl FnMut(&Problem)) {
    let family = problems::find(family).unwrap();
    for difficulty in [Difficulty::Exam, Difficulty::Practice, Difficulty::Hard] {
        for seed in 0..SAMPLES {
            if let Ok(p) = problems::generate(family, seed * 7919 + 1, difficulty, variant) {
                each(&p);
            }
        }
    }
}

#[test]
fn exact_values_and_their_four_place_roundings_are_right_and_zero_is_wrong() {
    let mut zeros = Tally::default();
    for family in problems::FAMILIES {
        sample(family.id(), None, |p| {
            for a in &p.answers {
                let values = numbers(a);
                if values.is_empty() {
                    continue;
                }
                let exact = shaped(a, &values, Q::to_string);
                assert_eq!(
                    verdict(a, &exact),
                    Verdict::Right,
                    "{} {} {exact}",
                    p.family,
                    a.id
                );
                let rounded = shaped(a, &values, four);
                assert_eq!(
                    verdict(a, &rounded),
                    Verdict::Right,
                    "{} {} {rounded}",
                    p.family,
                    a.id
                );
                for i in 0..values.len() {
                    let mut wrong = values.clone();
                    wrong[i] = Q::zero();
                    zeros.check("zero for a non-zero entry", p, a, &wrong);
                }
            }
        });
    }
    println!("zero for a non-zero entry: {zeros:?}");
    assert!(zeros.rejected > 500, "{zeros:?}");
}

/// Every family's typical mistakes (the production list behind `--choices`,
/// [`crate::problems::Family::mistakes`]) are wrong by the grader: each mistake tested on at
/// least 20 answers of its family is rejected, and told apart from the key only below the
/// precision asked at most one time in ten.
#[test]
fn typical_mistakes_are_wrong() {
    let mut table: std::collections::BTreeMap<String, Tally> = Default::default();
    for family in problems::FAMILIES {
        sample(family.id(), None, |p| {
            for m in crate::problems::choice::mistakes(*family, p) {
                for (id, values) in &m.answers {
                    let Some(a) = answer(p, id) else { continue };
                    if numbers(a).len() != values.len() {
                        continue;
                    }
                    let name = format!("{}: {}", p.family, m.mistake);
                    table
                        .entry(name.clone())
                        .or_default()
                        .check(&name, p, a, values);
                }
            }
        });
    }
    let mut tested = std::collections::HashSet::new();
    for (mistake, tally) in &table {
        println!("{mistake}: {tally:?}");
        if tally.rejected >= 20 {
            tested.insert(mistake.split(':').next().unwrap_or_default().to_string());
            assert!(
                tally.too_close * 10 <= tally.rejected,
                "{mistake}: too often below the precision asked: {tally:?}"
            );
        }
    }
    for family in problems::FAMILIES {
        assert!(
            tested.contains(family.id()),
            "{}: no typical mistake tested on 20 answers",
            family.id()
        );
    }
}
