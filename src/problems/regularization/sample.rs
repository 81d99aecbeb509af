//! Sampling `regularization` problems, redrawn until the params check, name the requested
//! variant and keep the rules of the module docs.

use rand_chacha::ChaCha8Rng;

use super::Regularization;
use super::math::compute;
use super::params::{Checked, Params, Regularizer};
use crate::num::Q;
use crate::problems::log_num::{LogNum, LogTensor};
use crate::problems::nested::Nested;
use crate::problems::params::Num;
use crate::problems::sample::{chance, int, nonzero, pick, redraw};
use crate::problems::{Difficulty, Family};

/// The a of weights ln a at `exam`.
const LOG_WEIGHTS: &[(i64, i64)] = &[(1, 4), (1, 3), (1, 2), (2, 1), (3, 1), (4, 1)];

/// Draws params of `variant` (any when `None`) until they check, name that variant and keep the
/// family's rules.
pub fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
    let variant = variant.map_or_else(
        || pick(rng, Regularization::VARIANTS).to_string(),
        str::to_string,
    );
    redraw(
        || draw(rng, difficulty, &variant),
        Checked::new,
        |c| c.regularizer.name() == variant && lively(c),
    )
}

/// No zero gradient of the regularizer, and every weight moves in the step.
pub fn lively(c: &Checked) -> bool {
    let k = compute(c);
    k.grad.iter().all(|g| !g.value().is_zero())
        && k.moves.iter().flatten().all(|m| !m.value().is_zero())
}

fn draw(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: &str) -> Params {
    let regularizer = match variant {
        "l1" => Regularizer::L1,
        "exp-neg" => Regularizer::ExpNeg,
        "cosh" => Regularizer::Cosh,
        _ => Regularizer::L2,
    };
    let logs = matches!(regularizer, Regularizer::ExpNeg | Regularizer::Cosh)
        && (difficulty == Difficulty::Exam || chance(rng, 1, 2));
    let (rows, cols) = match difficulty {
        Difficulty::Exam => (1, int(rng, 3, 4) as usize),
        Difficulty::Practice => (1, int(rng, 3, 5) as usize),
        Difficulty::Hard => (int(rng, 2, 3) as usize, int(rng, 2, 3) as usize),
    };
    let weight = |rng: &mut ChaCha8Rng| -> LogNum {
        if logs {
            let (a, b) = pick(rng, LOG_WEIGHTS);
            LogNum::Ln(Q::frac(a, b))
        } else if difficulty == Difficulty::Exam {
            LogNum::Number(Q::int(nonzero(rng, 5)))
        } else {
            LogNum::Number(Q::frac(nonzero(rng, 25), 10))
        }
    };
    let w: Vec<Vec<LogNum>> = (0..rows)
        .map(|_| (0..cols).map(|_| weight(rng)).collect())
        .collect();
    let (lambda, lr) = if difficulty == Difficulty::Exam {
        (
            pick(rng, &[(1, 10), (1, 4), (1, 2), (1, 1), (2, 1)]),
            pick(rng, &[(1, 10), (1, 4), (1, 2)]),
        )
    } else {
        (
            pick(
                rng,
                &[(1, 100), (1, 20), (1, 10), (1, 4), (1, 2), (1, 1), (2, 1)],
            ),
            pick(rng, &[(1, 100), (1, 10), (1, 20), (1, 4), (1, 2)]),
        )
    };
    let data = chance(rng, 3, 4);
    let matrix = rows > 1;
    let data_grad = data.then(|| {
        let values: Vec<Q> = (0..rows * cols)
            .map(|_| {
                if difficulty == Difficulty::Exam {
                    Q::int(int(rng, -3, 3))
                } else {
                    Q::frac(int(rng, -20, 20), 10)
                }
            })
            .collect();
        let shape = if matrix { vec![rows, cols] } else { vec![cols] };
        Nested::new(shape, values)
    });
    Params {
        w: LogTensor {
            rows: w,
            batch: matrix,
        },
        regularizer,
        lambda: Num(Q::frac(lambda.0, lambda.1)),
        data_grad,
        lr: Some(Num(Q::frac(lr.0, lr.1))),
    }
}
