//! The typical mistakes of `network`, computed from the right values as a student making them
//! computes: the MACs of one image instead of the batch (every layer's and the total), and the
//! batch norms' running statistics (buffers) counted as parameters. The other answers (shapes,
//! which layer has the most) get near values only.

use super::Params;
use crate::num::Q;
use crate::problems::Mistaken;
use crate::solution::Answer;

/// The mistakes on `_p`, in the order distractors are taken.
pub fn all(_p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let mut out = Vec::new();
    let value = |id: &str| crate::problems::choice::numbers(answers, id);
    let batch = value("shape_1").and_then(|s| s.first().cloned());
    if let Some(n) = batch.filter(|n| *n > Q::one()) {
        let mut m = Mistaken::new("the MACs of one image, not of the batch");
        for a in answers {
            if a.id == "macs" || a.id.starts_with("macs_") {
                if let Some(v) = value(&a.id) {
                    m = m.with(a.id.clone(), v.iter().map(|q| q / &n).collect());
                }
            }
        }
        out.push(m);
    }
    if let (Some(params), Some(buffers)) = (value("params"), value("buffers")) {
        if let (Some(p), Some(b)) = (params.first(), buffers.first()) {
            out.push(
                Mistaken::new("the running statistics counted as parameters")
                    .with("params", vec![p + b]),
            );
        }
    }
    out
}
