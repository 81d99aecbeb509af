//! The typical mistakes of `attention`. Re-solved by the family's solver on the params with the
//! mistake put in: the mask ignored, and the scale left out (S = Q K^T). Computed from the
//! checked params and the right values: the softmax skipped (O = S V) and the weights
//! transposed (O = A^T V, when A is square).

use super::Attention;
use super::params::{Checked, Params};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::{numbers, resolved};
use crate::problems::log_num::LogNum;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let Ok(c) = Checked::new(p) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (n, m) = (c.q.len(), c.k.len());
    let dv = c.v.first().map_or(0, Vec::len);
    // O = W V for an n x m matrix W (row-major).
    let v = &c.v;
    let times_v = |w: &[Q]| -> Vec<Q> {
        let mut o = Vec::with_capacity(n * dv);
        for row in w.chunks(m.max(1)).take(n) {
            for j in 0..dv {
                o.push(
                    row.iter()
                        .zip(v)
                        .fold(Q::zero(), |s, (a, vl)| s + a * &vl[j]),
                );
            }
        }
        o
    };
    if let Some(scores) = numbers(answers, "scores").filter(|s| s.len() == n * m) {
        out.push(Mistaken::new("the softmax skipped (O = S V)").with("output", times_v(&scores)));
    }
    if let Some(a) = numbers(answers, "weights").filter(|w| w.len() == n * m && n == m) {
        let t: Vec<Q> = (0..n * m).map(|i| a[(i % m) * m + i / m].clone()).collect();
        out.push(Mistaken::new("the weights transposed (O = A^T V)").with("output", times_v(&t)));
    }
    if c.masked {
        let mut q = p.clone();
        q.mask = None;
        out.extend(resolved::<Attention>("the mask ignored", &q));
    }
    if let Ok(one) = LogNum::parse(&serde_json::json!(1)) {
        let mut q = p.clone();
        q.scale = Some(one);
        out.extend(resolved::<Attention>("the scale left out", &q));
    }
    out
}
