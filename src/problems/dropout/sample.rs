//! Sampling `dropout` problems, redrawn until the params check, name the requested variant and
//! keep the rules of the module docs (at `exam`: every answer an integer).

use rand_chacha::ChaCha8Rng;

use super::Dropout;
use super::params::{Checked, Mode, Params, Scaling};
use crate::num::Q;
use crate::problems::nested::Nested;
use crate::problems::params::Num;
use crate::problems::sample::{chance, int, nonzero, pick, redraw};
use crate::problems::{Difficulty, Family};

/// Drop probabilities at `exam`, as (numerator, denominator).
pub const EXAM_P: &[(i64, i64)] = &[(1, 2), (1, 4), (3, 4), (1, 5), (1, 3), (2, 3)];
const PRACTICE_P: &[(i64, i64)] = &[
    (1, 10),
    (1, 5),
    (1, 4),
    (2, 5),
    (1, 2),
    (3, 5),
    (3, 4),
    (4, 5),
];
const HARD_P: &[(i64, i64)] = &[
    (1, 10),
    (1, 5),
    (3, 10),
    (2, 5),
    (1, 2),
    (3, 5),
    (7, 10),
    (4, 5),
    (9, 10),
    (1, 3),
    (2, 3),
];

/// Draws params of `variant` (any when `None`) until they check, name that variant and keep the
/// family's rules.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(|| pick(rng, Dropout::VARIANTS).to_string(), str::to_string);
    redraw(
        || draw(rng, difficulty, &variant),
        Checked::new,
        |c| c.variant() == variant && lively(c),
    )
}

/// The mask keeps at least one entry and drops at least one.
pub fn lively(c: &Checked) -> bool {
    c.mask
        .as_ref()
        .is_none_or(|m| m.iter().any(|&k| k) && m.iter().any(|&k| !k))
}

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let (num, den) = pick(
        rng,
        match difficulty {
            Difficulty::Exam => EXAM_P,
            Difficulty::Practice => PRACTICE_P,
            Difficulty::Hard => HARD_P,
        },
    );
    let p = Q::frac(num, den);
    let scaling = if variant == "test-time-scaling" || (variant == "eval" && chance(rng, 1, 2)) {
        Scaling::TestTime
    } else {
        Scaling::Inverted
    };
    let mode = if variant == "eval" {
        Mode::Eval
    } else {
        Mode::Train
    };
    let (rows, cols) = match difficulty {
        Difficulty::Exam => (0, int(rng, 4, 6) as usize),
        Difficulty::Practice if chance(rng, 1, 2) => (0, int(rng, 4, 5) as usize),
        Difficulty::Practice => (int(rng, 2, 3) as usize, int(rng, 3, 4) as usize),
        Difficulty::Hard => (int(rng, 2, 4) as usize, int(rng, 3, 5) as usize),
    };
    let shape = if rows == 0 {
        vec![cols]
    } else {
        vec![rows, cols]
    };
    let len = rows.max(1) * cols;
    // At `exam` every answer is an integer: entries are multiples of `unit`.
    let keep_num = den - num;
    let unit = match scaling {
        Scaling::Inverted if mode == Mode::Train => keep_num,
        Scaling::Inverted => 1,
        Scaling::TestTime => den,
    };
    let entries = |rng: &mut ChaCha8Rng, max_multiple: i64| -> Vec<Q> {
        (0..len)
            .map(|_| match difficulty {
                Difficulty::Exam => Q::int(unit * nonzero(rng, max_multiple)),
                Difficulty::Practice => Q::frac(nonzero(rng, 20), 10),
                Difficulty::Hard => Q::frac(nonzero(rng, 300), 100),
            })
            .collect()
    };
    let max_multiple = (12 / unit).max(2);
    let x = entries(rng, max_multiple);
    let mask = (mode == Mode::Train).then(|| {
        let keep_p = (keep_num * 100 / den) as u32;
        let bits: Vec<Q> = (0..len)
            .map(|_| {
                if chance(rng, keep_p, 100) {
                    Q::one()
                } else {
                    Q::zero()
                }
            })
            .collect();
        Nested::new(shape.clone(), bits)
    });
    let backward = match variant {
        "backward" | "eval" => true,
        "test-time-scaling" => difficulty != Difficulty::Exam && chance(rng, 1, 2),
        _ => false,
    };
    let upstream = backward.then(|| Nested::new(shape.clone(), entries(rng, max_multiple.min(4))));
    Params {
        x: Nested::new(shape, x),
        mask,
        p: Num(p),
        mode,
        scaling,
        upstream,
    }
}
