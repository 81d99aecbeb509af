//! Sampling `attention` problems, redrawn until the params check, name the requested variant
//! and keep the rules of the module docs.

use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::Attention;
use super::math::compute;
use super::params::{Checked, Params};
use crate::num::Q;
use crate::problems::log_num::LogNum;
use crate::problems::nested::Nested;
use crate::problems::sample::{chance, int, pick, redraw};
use crate::problems::{Difficulty, Family};

/// Draws params of `variant` (any when `None`) until they check, name that variant and keep the
/// family's rules.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let offered: Vec<&str> = Attention::VARIANTS
        .iter()
        .copied()
        .filter(|v| difficulty != Difficulty::Exam || !Attention::PRACTICE_ONLY.contains(v))
        .collect();
    let variant = variant.map_or_else(|| pick(rng, &offered).to_string(), str::to_string);
    redraw(
        || draw(rng, difficulty, &variant),
        Checked::new,
        |c| c.variant() == variant && lively(c),
    )
}

/// Every query sees keys with different scores (no uniform row), no query, key or value row is
/// all zeros, and the value rows differ (else every output row is the same).
pub fn lively(c: &Checked) -> bool {
    let zero_row = |r: &Vec<Q>| r.iter().all(Q::is_zero);
    if c.q.iter().any(zero_row) || c.k.iter().any(zero_row) || c.v.iter().any(zero_row) {
        return false;
    }
    if c.v.iter().all(|r| *r == c.v[0]) {
        return false;
    }
    let k = compute(c);
    k.dots.iter().zip(&c.allowed).all(|(row, allowed)| {
        let seen: Vec<&Q> = row
            .iter()
            .zip(allowed)
            .filter(|(_, a)| **a)
            .map(|(d, _)| d)
            .collect();
        seen.len() == 1 || seen.iter().any(|d| *d != seen[0])
    })
}

fn matrix(
    rng: &mut ChaCha8Rng,
    rows: usize,
    cols: usize,
    entry: &dyn Fn(&mut ChaCha8Rng) -> Q,
) -> Nested {
    let data = (0..rows * cols).map(|_| entry(rng)).collect();
    Nested::new(vec![rows, cols], data)
}

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let (max_tokens, max_d, feature_max) = match difficulty {
        Difficulty::Exam => (3, 3, 1),
        Difficulty::Practice => (3, 3, 2),
        Difficulty::Hard => (4, 4, 2),
    };
    let nq = int(rng, 2, max_tokens) as usize;
    let nk = if variant == "causal" {
        nq
    } else {
        int(rng, 2, max_tokens) as usize
    };
    let d = if variant == "scaled" {
        pick(rng, &[1, 4])
    } else {
        int(rng, 2, max_d) as usize
    };
    let dv = int(rng, 1, 2) as usize;
    let scaled = variant == "scaled";
    let feature = move |rng: &mut ChaCha8Rng| -> Q {
        if scaled {
            Q::frac(int(rng, -10, 10), 10)
        } else {
            Q::int(int(rng, -feature_max, feature_max))
        }
    };
    let value = move |rng: &mut ChaCha8Rng| -> Q {
        if difficulty == Difficulty::Hard {
            Q::frac(int(rng, -30, 30), 10)
        } else {
            Q::int(int(rng, -3, 3))
        }
    };
    let q = matrix(rng, nq, d, &feature);
    let k = matrix(rng, nk, d, &feature);
    let v = matrix(rng, nk, dv, &value);
    let mask: Option<Value> = match variant {
        "causal" => Some(json!("causal")),
        "masked" => {
            let rows: Vec<Vec<i64>> = (0..nq)
                .map(|_| (0..nk).map(|_| i64::from(chance(rng, 2, 3))).collect())
                .collect();
            Some(json!(rows))
        }
        _ => None,
    };
    let scale = (!scaled).then(|| {
        let a = if difficulty == Difficulty::Exam || chance(rng, 2, 3) {
            2
        } else {
            3
        };
        LogNum::Ln(Q::int(a))
    });
    Params {
        q,
        k,
        v,
        mask,
        scale,
    }
}
