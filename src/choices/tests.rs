//! The rules of [`crate::choices`] over every family, variant and difficulty.

use std::collections::HashMap;

use super::build::{Mistaken, entries};
use super::write::entry;
use super::{Choices, OPTIONS};
use crate::grade::compare::{Verdict, compare};
use crate::grade::key::KeyAnswer;
use crate::grade::value::Given;
use crate::problems::choice::{mistakes, with_choices};
use crate::problems::{self, Difficulty, FAMILIES};
use crate::seed;
use crate::solution::{Answer, Problem};

/// Seeds per family, variant and difficulty.
const SEEDS: u64 = 6;

fn key(answer: &Answer) -> KeyAnswer {
    serde_json::from_value(serde_json::to_value(answer).unwrap()).unwrap()
}

fn verdict(key: &KeyAnswer, text: &str) -> Verdict {
    compare(key, text, &Given::parse(text))
}

/// Every family x offered variant x difficulty x [`SEEDS`] seeds, with choices.
fn each_problem(mut f: impl FnMut(&Problem)) {
    for family in FAMILIES {
        for difficulty in Difficulty::ALL {
            for variant in problems::variants_at(*family, difficulty) {
                for i in 0..SEEDS {
                    let s = seed::derive(i, &format!("choices/{}/{variant}", family.id()));
                    let mut p = problems::generate(*family, s, difficulty, Some(variant)).unwrap();
                    with_choices(&mut p);
                    f(&p);
                }
            }
        }
    }
}

#[test]
fn every_numeric_answer_has_distinct_options_and_exactly_one_is_right() {
    let mut asked = HashMap::<&str, usize>::new();
    let mut from_mistakes = HashMap::<String, usize>::new();
    each_problem(|p| {
        for a in &p.answers {
            let Some(c) = &a.choices else {
                assert!(entries(a).is_none(), "{} {} has no choices", p.family, a.id);
                continue;
            };
            let what = format!("{} {} seed {:?} {}", p.family, p.variant, p.seed, a.id);
            assert_eq!(c.options.len(), OPTIONS, "{what}");
            let k = key(a);
            let right: Vec<&str> = c
                .options
                .iter()
                .filter(|o| verdict(&k, &o.value_text()) == Verdict::Right)
                .map(|o| o.letter.as_str())
                .collect();
            assert_eq!(right, [c.correct.as_str()], "{what}: {c:?}");
            for (i, o) in c.options.iter().enumerate() {
                assert_eq!(o.letter, super::letter(i));
                for other in &c.options[i + 1..] {
                    assert_ne!(o.latex, other.latex, "{what}");
                    // Each option as the key, the answer's tolerance: no other is accepted.
                    let mut as_key = a.clone();
                    as_key.exact = Some(o.exact.clone());
                    as_key.value = o.value.clone();
                    let v = verdict(&key(&as_key), &other.value_text());
                    assert_ne!(v, Verdict::Right, "{what}: {} vs {}", o.latex, other.latex);
                }
            }
            *asked
                .entry(FAMILIES.iter().find(|f| f.id() == p.family).unwrap().id())
                .or_default() += 1;
            for o in &c.options {
                if let Some(m) = &o.mistake {
                    *from_mistakes
                        .entry(format!("{}: {m}", p.family))
                        .or_default() += 1;
                }
            }
        }
    });
    for family in FAMILIES {
        assert!(
            asked.get(family.id()).copied().unwrap_or(0) > 0,
            "{}",
            family.id()
        );
        let used = from_mistakes
            .keys()
            .filter(|m| m.starts_with(&format!("{}: ", family.id())))
            .count();
        assert!(used >= 1, "{}: no distractor from a mistake", family.id());
    }
}

/// The values an option shows for a mistake's values (see [`super::write::entry`]).
fn shown(values: &[crate::num::Q], places: u32) -> Vec<String> {
    values
        .iter()
        .map(|q| entry(q, places).1.to_string())
        .collect()
}

#[test]
fn a_distractor_named_after_a_mistake_is_what_the_mistake_computes() {
    let mut checked = 0;
    each_problem(|p| {
        let family = problems::find(&p.family).unwrap();
        let plain = problems::solve(family, &p.params, p.difficulty).unwrap();
        let list: Vec<Mistaken> = mistakes(family, &plain);
        for a in &p.answers {
            let Some(c) = &a.choices else { continue };
            for o in c.options.iter().filter(|o| o.mistake.is_some()) {
                let name = o.mistake.as_deref().unwrap();
                let exact = flatten(&o.exact);
                let ok = list
                    .iter()
                    .filter(|m| m.mistake == name)
                    .filter_map(|m| m.get(&a.id))
                    .any(|values| (4..=12).any(|places| shown(values, places) == exact));
                assert!(ok, "{} {} {name}: {exact:?}", p.family, a.id);
                checked += 1;
            }
        }
    });
    assert!(checked > 1000, "{checked}");
}

fn flatten(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(items) => items.iter().flat_map(flatten).collect(),
        serde_json::Value::String(s) => vec![s.clone()],
        other => vec![other.to_string()],
    }
}

#[test]
fn the_right_letter_is_uniform_over_a_class_and_rotates_within_a_problem() {
    let family = problems::find("bce-backprop").unwrap();
    let mut counts = [0usize; OPTIONS];
    for student in 0..300u64 {
        let mut p = problems::generate(
            family,
            seed::nth(seed::derive(7, &format!("student/{student}")), 2),
            Difficulty::Exam,
            None,
        )
        .unwrap();
        with_choices(&mut p);
        let letters: Vec<usize> = p
            .answers
            .iter()
            .filter_map(|a| a.choices.as_ref())
            .map(|c| (c.correct.as_bytes()[0] - b'a') as usize)
            .collect();
        counts[letters[0]] += 1;
        for pair in letters.windows(2) {
            assert_eq!(pair[1], (pair[0] + 1) % OPTIONS, "{letters:?}");
        }
    }
    // 75 expected per letter; 50..=100 is more than four standard deviations (7.5) wide.
    assert!(
        counts.iter().all(|&n| (50..=100).contains(&n)),
        "{counts:?}"
    );
}

#[test]
fn same_seed_same_options() {
    let family = problems::find("optimizer").unwrap();
    let make = || {
        let mut p = problems::generate(family, 11, Difficulty::Practice, Some("adam")).unwrap();
        with_choices(&mut p);
        serde_json::to_string(&p.answers).unwrap()
    };
    assert_eq!(make(), make());
}

#[test]
fn letters_are_read_in_any_case_and_with_parentheses() {
    for text in ["b", "B", "(b)", " (B) ", "b."] {
        assert_eq!(Choices::letter_of(text).as_deref(), Some("b"), "{text}");
    }
    for text in ["bb", "1", "-b", ""] {
        assert_eq!(Choices::letter_of(text), None, "{text}");
    }
}
