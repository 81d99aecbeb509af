//! The variety test every new family runs: at least 150 distinct answer sets in 200 draws of
//! every variant at every difficulty.

use std::collections::HashSet;

use super::{Difficulty, Family};
use crate::seed;

/// Asserts that 200 draws of every variant and difficulty of `F` give at least 150 distinct
/// answer sets (the values of all answers, in order).
pub fn assert_varied<F: Family>() {
    let mut short = Vec::new();
    for difficulty in Difficulty::ALL {
        for variant in F::VARIANTS {
            let sets: HashSet<String> = (0..200)
                .map(|i| {
                    let s = seed::derive(i, &format!("varied/{}/{variant}", F::ID));
                    let p = F::sample(&mut seed::rng(s), difficulty, Some(variant));
                    let solved = F::solve(&p).unwrap();
                    let values: Vec<_> = solved.answers.iter().map(|a| &a.value).collect();
                    serde_json::to_string(&values).unwrap()
                })
                .collect();
            if sets.len() < 150 {
                short.push(format!("{difficulty} {variant}: {}", sets.len()));
            }
        }
    }
    assert!(
        short.is_empty(),
        "{}: fewer than 150 distinct answer sets in 200 draws: {short:?}",
        F::ID
    );
}
