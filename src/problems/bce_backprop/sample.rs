//! Sampling `bce-backprop` variants by the rules of the module docs (redraw until they hold).

use rand_chacha::ChaCha8Rng;

use super::{BceBackprop, Checked, Params, ReductionArg};
use crate::num::{Q, Real};
use crate::problems::nested::Nested;
use crate::problems::params::Num;
use crate::problems::sample::{int, pick};
use crate::problems::{Difficulty, Family, offered};

/// The ranges of one difficulty.
struct Ranges {
    dims: (i64, i64),
    x: (i64, i64),
    w: i64,
    b: i64,
    /// Values are multiples of 1/step.
    step: i64,
}

fn ranges(difficulty: Difficulty) -> Ranges {
    match difficulty {
        Difficulty::Exam => Ranges {
            dims: (2, 5),
            x: (0, 3),
            w: 3,
            b: 2,
            step: 1,
        },
        Difficulty::Practice => Ranges {
            dims: (2, 6),
            x: (0, 4),
            w: 4,
            b: 3,
            step: 2,
        },
        Difficulty::Hard => Ranges {
            dims: (3, 6),
            x: (-2, 4),
            w: 4,
            b: 3,
            step: 4,
        },
    }
}

fn value(rng: &mut ChaCha8Rng, lo: i64, hi: i64, step: i64) -> Q {
    // Mostly integers; at finer steps some entries land between them.
    let fine = step > 1 && int(rng, 0, 2) == 0;
    if fine {
        Q::frac(int(rng, lo * step, hi * step), step)
    } else {
        Q::int(int(rng, lo, hi))
    }
}

/// The calculator-free points, in hundredths: `z` where `sigma(z)` lies within 0.0015 of a
/// multiple of 0.05 (0.05, 0.1, ..., 0.95), so the statement prints it with two places and
/// `1 / y_hat`, `1 / (1 - y_hat)` and `y_hat - y` are short fractions (see `tolerance::places`).
pub const CALCULATOR_FREE_Z: [i64; 19] = [
    0, 20, -20, 40, -40, 62, -62, 85, -85, 110, -110, 139, -139, 173, -173, 220, -220, 294, -294,
];

/// The largest `|z|` a variant may have at a difficulty.
fn z_bound(difficulty: Difficulty) -> Q {
    match difficulty {
        Difficulty::Exam => Q::int(3),
        _ => Q::frac(9, 2),
    }
}

/// Whether `dL/dW` is zero in every entry (a batch whose examples cancel), by the exact
/// predictions rounded to 30 places: such a problem has nothing to find.
fn zero_weight_gradient(c: &Checked) -> bool {
    let n = c.x.len();
    (0..c.w.len()).all(|j| {
        let sum = (0..n).fold(Q::zero(), |acc, i| {
            let y_hat = Real::Exact(c.z[i].clone()).sigmoid().value().round_to(30);
            acc + &(&(&y_hat - &c.y[i]) * &c.x[i][j])
        });
        sum.abs() < Q::frac(1, 1_000_000_000)
    })
}

/// Draws params of the requested (or a random) variant.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(
        || {
            pick(
                rng,
                &offered(
                    BceBackprop::VARIANTS,
                    BceBackprop::PRACTICE_ONLY,
                    difficulty,
                ),
            )
            .to_string()
        },
        str::to_string,
    );
    let r = ranges(difficulty);
    let bound = z_bound(difficulty);
    // One example with a calculator-free prediction: z is one of the points, b makes it so. The
    // point is drawn once, before the inputs: redrawing it with them would favour the points
    // near 0 (a small |b| = |z - XW| is likelier there), and a few points would be shared by
    // more than a tenth of a class.
    let aimed = variant == "single" || variant == "label-0";
    let target = aimed.then(|| Q::frac(pick(rng, &CALCULATOR_FREE_Z), 100));
    loop {
        let d = int(rng, r.dims.0, r.dims.1) as usize;
        let batch = variant.starts_with("batch");
        let n = if batch { int(rng, 2, 4) as usize } else { 1 };
        let rows: Vec<Vec<Q>> = (0..n)
            .map(|_| (0..d).map(|_| value(rng, r.x.0, r.x.1, r.step)).collect())
            .collect();
        if rows.iter().flatten().all(Q::is_zero) {
            continue;
        }
        let w: Vec<Q> = (0..d).map(|_| value(rng, -r.w, r.w, r.step)).collect();
        // Realistic weights: at least two non-zero, and some that meet a non-zero input.
        let meets_input = rows.iter().any(|row| {
            row.iter()
                .zip(&w)
                .any(|(x, w)| !x.is_zero() && !w.is_zero())
        });
        if w.iter().filter(|v| !v.is_zero()).count() < 2 || !meets_input {
            continue;
        }
        let dot = |row: &Vec<Q>| row.iter().zip(&w).fold(Q::zero(), |a, (x, w)| a + x * w);
        let b = if let Some(z) = &target {
            z - &dot(&rows[0])
        } else {
            value(rng, -r.b, r.b, r.step)
        };
        if b.abs() > Q::int(r.b) {
            continue;
        }
        let y: Vec<Q> = (0..n)
            .map(|_| match variant.as_str() {
                "single" => Q::one(),
                "label-0" => Q::zero(),
                _ => Q::int(int(rng, 0, 1)),
            })
            .collect();
        let params = Params {
            x: if batch {
                Nested::new(vec![n, d], rows.concat())
            } else {
                Nested::vector(rows[0].clone())
            },
            w: w.into_iter().map(Num).collect(),
            b: Num(b),
            y: if batch {
                Nested::vector(y)
            } else {
                Nested::scalar(y[0].clone())
            },
            reduction: (variant == "batch-sum").then_some(ReductionArg::Sum),
        };
        let Ok(checked) = Checked::new(&params) else {
            continue;
        };
        if checked.variant() != variant || checked.z.iter().any(|z| z.abs() > bound) {
            continue;
        }
        if batch && (checked.z.iter().all(Q::is_zero) || zero_weight_gradient(&checked)) {
            continue;
        }
        return params;
    }
}
