//! The arithmetic of `attention`: scores, row-wise softmax weights and the output, as [`Real`]s
//! (exact when the scale is `ln a` and the dot products are integers).

use super::params::{Checked, dot};
use crate::num::{Q, Real};
use crate::problems::log_num::LogNum;

/// Everything the answers and steps need (rows are queries, columns keys).
pub struct Computed {
    /// q_i . k_j.
    pub dots: Vec<Vec<Q>>,
    /// scale * q_i . k_j.
    pub scores: Vec<Vec<Real>>,
    /// e^score where the query may attend, else 0.
    pub exps: Vec<Vec<Real>>,
    /// Each row's sum of exponentials.
    pub sums: Vec<Real>,
    /// The attention weights.
    pub weights: Vec<Vec<Real>>,
    /// weights . V.
    pub output: Vec<Vec<Real>>,
}

/// The scale as a real: `1/sqrt(d)` by default.
pub fn scale_value(c: &Checked) -> Real {
    match &c.scale {
        None => {
            let root = Real::Exact(Q::int(c.d() as i64)).sqrt().expect("d >= 1");
            Real::Exact(Q::one())
                .checked_div(&root)
                .expect("sqrt(d) > 0")
        }
        Some(s) => s.value(),
    }
}

/// e^(dot * scale): a^dot exactly for the scale `ln a` and an integer dot.
fn exp_score(c: &Checked, dot: &Q, score: &Real) -> Real {
    match &c.scale {
        Some(LogNum::Ln(a)) if dot.is_integer() => {
            let n = dot.to_i64().expect("bounded dot products");
            let power = a.pow(n.unsigned_abs() as u32);
            if n >= 0 {
                Real::Exact(power)
            } else {
                Real::Exact(power.recip().expect("a > 0"))
            }
        }
        _ => score.exp(),
    }
}

/// Solves checked params.
pub fn compute(c: &Checked) -> Computed {
    let scale = scale_value(c);
    let zero = Real::Exact(Q::zero());
    let dots: Vec<Vec<Q>> =
        c.q.iter()
            .map(|qi| c.k.iter().map(|kj| dot(qi, kj)).collect())
            .collect();
    let scores: Vec<Vec<Real>> = dots
        .iter()
        .map(|row| {
            row.iter()
                .map(|d| match &c.scale {
                    Some(LogNum::Number(s)) => Real::Exact(d * s),
                    _ => &Real::Exact(d.clone()) * &scale,
                })
                .collect()
        })
        .collect();
    let exps: Vec<Vec<Real>> = dots
        .iter()
        .zip(&scores)
        .zip(&c.allowed)
        .map(|((drow, srow), arow)| {
            drow.iter()
                .zip(srow)
                .zip(arow)
                .map(|((d, s), &ok)| if ok { exp_score(c, d, s) } else { zero.clone() })
                .collect()
        })
        .collect();
    let sums: Vec<Real> = exps
        .iter()
        .map(|row| row.iter().fold(zero.clone(), |acc, e| &acc + e))
        .collect();
    let weights: Vec<Vec<Real>> = exps
        .iter()
        .zip(&sums)
        .map(|(row, s)| {
            row.iter()
                .map(|e| e.checked_div(s).expect("a row attends to some key"))
                .collect()
        })
        .collect();
    let dv = c.v[0].len();
    let output = weights
        .iter()
        .map(|w| {
            (0..dv)
                .map(|col| {
                    w.iter().zip(&c.v).fold(zero.clone(), |acc, (wj, vj)| {
                        &acc + &(wj * &Real::Exact(vj[col].clone()))
                    })
                })
                .collect()
        })
        .collect();
    Computed {
        dots,
        scores,
        exps,
        sums,
        weights,
        output,
    }
}
