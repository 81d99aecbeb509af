//! The variety the issue asks for, measured as an instructor would.

use std::collections::HashSet;

use super::*;
use crate::problems::{Difficulty, FAMILIES};

/// The built-in exam, 300 students, seed 2024: every problem gives at least 90% of the class
/// their own answer set, and no answer (bar the few-valued ones) is shared by more than 10%.
#[test]
fn the_built_in_exam_is_varied_for_300_students() {
    let summaries = simulate(&Spec::built_in(), 300, 2024).unwrap();
    for (i, s) in summaries.iter().enumerate() {
        assert!(s.is_varied(), "{}", s.report(i + 1));
    }
}

/// The distinct answer sets of 200 draws of a family's variant at a difficulty.
pub(crate) fn distinct_answer_sets(
    family: &dyn problems::DynFamily,
    difficulty: Difficulty,
    variant: &str,
    draws: u64,
) -> usize {
    let sets: HashSet<String> = (0..draws)
        .map(|i| {
            let problem_seed = seed::derive(i, &format!("variety/{}/{variant}", family.id()));
            let p = problems::generate(family, problem_seed, difficulty, Some(variant)).unwrap();
            let values: Vec<&serde_json::Value> = p.answers.iter().map(|a| &a.value).collect();
            serde_json::to_string(&values).unwrap()
        })
        .collect();
    sets.len()
}

/// Every family, variant and difficulty gives at least 150 distinct answer sets in 200 draws,
/// unless the family lists the variant as small (and says why in its doc).
#[test]
fn every_variant_gives_150_distinct_answer_sets_in_200_draws() {
    let mut short = Vec::new();
    for family in FAMILIES {
        for difficulty in Difficulty::ALL {
            for variant in problems::variants_at(*family, difficulty) {
                let n = distinct_answer_sets(*family, difficulty, variant, 200);
                if n < 150 && !family.small_variants().contains(&variant) {
                    short.push(format!("{} {variant} {difficulty}: {n}", family.id()));
                }
            }
        }
    }
    assert!(short.is_empty(), "{short:#?}");
}
