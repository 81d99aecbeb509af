//! The typical mistakes of `batch-norm`. Re-solved by the family's solver: the other mode's
//! statistics (the running statistics used in training, the batch's in evaluation). Computed
//! from the checked params and the right values: the running variance updated with the biased
//! batch variance (PyTorch uses the unbiased one), the batch variance divided by m - 1 (the
//! unbiased estimate where the biased one normalises), the momentum weighting the old value
//! instead of the new, and dL/dgamma without the x_hat factor (= dL/dbeta).

use super::BatchNorm;
use super::params::{Layer, Mode, Params};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::{numbers, resolved};
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let Ok(layer) = Layer::from_params(p) else {
        return Vec::new();
    };
    let get = |id| numbers(answers, id).unwrap_or_default();
    let mut out = Vec::new();
    let m = layer.x.len() / layer.shape[1].max(1);
    let (mean, var) = (get("mean"), get("var"));
    let mom = &layer.momentum;
    let keep = Q::one() - mom.clone();
    let update = |old: &[Q], new: &[Q], w_old: &Q, w_new: &Q| -> Vec<Q> {
        old.iter()
            .zip(new)
            .map(|(o, n)| &(w_old * o) + &(w_new * n))
            .collect()
    };
    if layer.train && var.len() == layer.running_var.len() {
        out.push(
            Mistaken::new("the running variance updated with the biased variance")
                .with("running_var", update(&layer.running_var, &var, &keep, mom)),
        );
        if m > 1 {
            let unbiased: Vec<Q> = var
                .iter()
                .map(|v| v * &Q::frac(m as i64, m as i64 - 1))
                .collect();
            out.push(
                Mistaken::new("the batch variance divided by m - 1").with("var", unbiased.clone()),
            );
            out.push(
                Mistaken::new("momentum weighting the old value")
                    .with(
                        "running_mean",
                        update(&layer.running_mean, &mean, mom, &keep),
                    )
                    .with(
                        "running_var",
                        update(&layer.running_var, &unbiased, mom, &keep),
                    ),
            );
        }
    }
    let mut q = p.clone();
    q.mode = if layer.train { Mode::Eval } else { Mode::Train };
    out.extend(resolved::<BatchNorm>(
        if layer.train {
            "the running statistics used in training"
        } else {
            "the batch statistics used in evaluation"
        },
        &q,
    ));
    let dbeta = get("dL_dbeta");
    if !dbeta.is_empty() {
        out.push(Mistaken::new("dL/dgamma without the x_hat factor").with("dL_dgamma", dbeta));
    }
    out
}
