//! Solving `softmax-ce`: probabilities, loss and gradient as answers, with the worked steps.

use super::math::compute;
use super::params::{Checked, Params};
use super::question::Facts;
use super::text::{loss_tex, steps};
use crate::error::Result;
use crate::num::{DECIMAL_PLACES, Real};
use crate::problems::Solved;
use crate::problems::format::real_tensor_tex;
use crate::solution::{Answer, Question, Solution, Tolerance};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let c = Checked::new(p)?;
    let k = compute(&c);
    let probs_label = if c.activation == super::params::Activation::Sigmoid {
        r"sigmoid outputs $\hat{y}$"
    } else {
        "probabilities $p$"
    };
    let mut answers = vec![tensor_answer(&c, "probs", probs_label, &k.probs)];
    let mut loss = Answer::real(
        "loss",
        "loss $L$",
        &k.loss,
        &Tolerance::half_unit(DECIMAL_PLACES),
    );
    loss.latex = loss_tex(&c, &k);
    answers.push(loss);
    answers.push(tensor_answer(
        &c,
        "dL_dlogits",
        r"$\partial L / \partial z$",
        &k.grad,
    ));
    if let Some(doubled) = &k.doubled {
        answers.push(tensor_answer(
            &c,
            "probs_doubled",
            "probabilities of the doubled logits",
            std::slice::from_ref(doubled),
        ));
    }
    Ok(Solved {
        variant: c.variant().to_string(),
        question: Question::new(Facts::new(&c, k.loss_ratios.iter().all(Option::is_some))),
        solution: Solution::new(steps(&c, &k)),
        answers,
    })
}

/// A vector (one example) or matrix (a batch) answer in one number format.
fn tensor_answer(c: &Checked, id: &str, label: &str, rows: &[Vec<Real>]) -> Answer {
    let latex = real_tensor_tex(&rows.concat(), c.classes());
    Answer::reals(id, label, rows, c.batch, latex)
}
