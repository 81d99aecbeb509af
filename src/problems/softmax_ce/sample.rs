//! Sampling `softmax-ce` problems, redrawn until the params check, name the requested variant
//! and keep the rules of the module docs.

use rand_chacha::ChaCha8Rng;

use super::SoftmaxCe;
use super::params::{Activation, Checked, Params, Reduction};
use crate::num::Q;
use crate::problems::log_num::{LogNum, LogTensor};
use crate::problems::nested::Nested;
use crate::problems::params::Num;
use crate::problems::sample::{chance, int, pick, redraw};
use crate::problems::{Difficulty, Family};

/// The a of sigmoid logits ln a at `exam` (outputs a / (1 + a)).
const SIGMOID_ODDS: &[(i64, i64)] = &[(1, 3), (1, 2), (1, 1), (2, 1), (3, 1), (4, 1), (9, 1)];

/// Draws params of `variant` (any when `None`) until they check, name that variant and keep the
/// family's rules.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(
        || pick(rng, SoftmaxCe::VARIANTS).to_string(),
        str::to_string,
    );
    redraw(
        || draw(rng, difficulty, &variant),
        Checked::new,
        |c| c.variant() == variant && lively(c),
    )
}

/// No example has all its logits equal (a uniform softmax asks nothing).
pub fn lively(c: &Checked) -> bool {
    c.rows.iter().all(|r| r.iter().any(|z| *z != r[0]))
}

fn ln_or_zero(a: Q) -> LogNum {
    if a == Q::one() {
        LogNum::Number(Q::zero())
    } else {
        LogNum::Ln(a)
    }
}

/// One row of `k` logarithm logits whose a_i add to at most `max_sum`, drawn from `values`.
fn log_row(rng: &mut ChaCha8Rng, k: usize, values: &[i64], max_sum: i64) -> Vec<LogNum> {
    loop {
        let a: Vec<i64> = (0..k).map(|_| pick(rng, values)).collect();
        if a.iter().sum::<i64>() <= max_sum {
            return a.into_iter().map(|v| ln_or_zero(Q::int(v))).collect();
        }
    }
}

/// One row of `k` decimal logits with one place, in -3..3.
fn decimal_row(rng: &mut ChaCha8Rng, k: usize) -> Vec<LogNum> {
    (0..k)
        .map(|_| LogNum::Number(Q::frac(int(rng, -30, 30), 10)))
        .collect()
}

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let exam = difficulty == Difficulty::Exam;
    let k = match difficulty {
        Difficulty::Exam => int(rng, 3, 4) as usize,
        Difficulty::Practice => int(rng, 3, 5) as usize,
        Difficulty::Hard => int(rng, 3, 6) as usize,
    };
    let n = match variant {
        "batch" if exam => int(rng, 2, 3) as usize,
        "batch" => int(rng, 2, 4) as usize,
        "sigmoid" if !exam && chance(rng, 1, 3) => 2,
        _ => 1,
    };
    let decimals = !exam && chance(rng, 1, 2);
    let mut temperature = None;
    let mut activation = Activation::Softmax;
    let rows: Vec<Vec<LogNum>> = match variant {
        "temperature" => {
            let t = if exam {
                pick(rng, &[(2, 1), (1, 2)])
            } else {
                pick(rng, &[(2, 1), (1, 2), (3, 2), (5, 1), (1, 3)])
            };
            let t = Q::frac(t.0, t.1);
            let values: &[i64] = if t == Q::int(2) {
                &[1, 4, 9, 16]
            } else {
                &[1, 2, 3, 4]
            };
            temperature = Some(Num(t));
            (0..n)
                .map(|_| {
                    if decimals {
                        decimal_row(rng, k)
                    } else {
                        log_row(rng, k, values, if exam { 30 } else { 60 })
                    }
                })
                .collect()
        }
        "sigmoid" => {
            activation = Activation::Sigmoid;
            (0..n)
                .map(|_| {
                    if decimals {
                        decimal_row(rng, k)
                    } else {
                        (0..k)
                            .map(|_| {
                                let (a, b) = pick(rng, SIGMOID_ODDS);
                                ln_or_zero(Q::frac(a, b))
                            })
                            .collect()
                    }
                })
                .collect()
        }
        _ => (0..n)
            .map(|_| {
                if decimals {
                    decimal_row(rng, k)
                } else if exam {
                    log_row(rng, k, &[1, 2, 3, 4, 5, 6, 7, 8, 9], 20)
                } else {
                    log_row(rng, k, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15], 40)
                }
            })
            .collect(),
    };
    let targets: Vec<Q> = (0..n).map(|_| Q::int(int(rng, 0, k as i64 - 1))).collect();
    let batch = n > 1;
    let target = if batch {
        Nested::vector(targets)
    } else {
        Nested::scalar(targets[0].clone())
    };
    let reduction = (batch && chance(rng, 1, 3)).then_some(Reduction::Sum);
    Params {
        logits: LogTensor { rows, batch },
        target,
        temperature,
        reduction,
        activation,
    }
}
