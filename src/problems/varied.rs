//! The variety test every new family runs (at least 150 distinct answer sets in 200 draws of
//! every variant at every difficulty), and the walk over many draws that its rule tests share.

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

/// Calls `check(difficulty, params, what)` on `n` draws of every variant at every difficulty that
/// offers it (seeds derived from `"{tag}/{variant}"`); `what` names the draw for failure messages.
pub fn for_each_draw<F: Family>(
    tag: &str,
    n: u64,
    mut check: impl FnMut(Difficulty, &F::Params, &str),
) {
    for difficulty in Difficulty::ALL {
        for variant in F::VARIANTS {
            if difficulty == Difficulty::Exam && F::PRACTICE_ONLY.contains(variant) {
                continue;
            }
            for i in 0..n {
                let s = seed::derive(i, &format!("{tag}/{variant}"));
                let p = F::sample(&mut seed::rng(s), difficulty, Some(variant));
                let what = format!(
                    "{difficulty} {variant} seed {s}: {}",
                    serde_json::to_string(&p).unwrap()
                );
                check(difficulty, &p, &what);
            }
        }
    }
}
