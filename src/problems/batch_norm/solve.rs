//! Solving `batch-norm`: the checked layer's pass as answers, the worked steps and the facts.

use serde_json::json;

use super::compute::{Pass, run};
use super::params::{Layer, Params, variant_of};
use super::question::Facts;
use super::show::{answer, reals};
use super::text;
use crate::error::Result;
use crate::num::{Q, Shape};
use crate::problems::Solved;
use crate::solution::{Answer, Grading, Question, Solution};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let layer = Layer::from_params(p)?;
    let pass = run(&layer);
    Ok(solved(&layer, &pass))
}

/// The problem of a checked layer and its pass.
pub fn solved(layer: &Layer, pass: &Pass) -> Solved {
    let mut steps = vec![text::variables_step(layer)];
    if layer.train {
        steps.push(text::statistics_step(layer, pass));
    }
    steps.push(text::normalise_step(layer, pass));
    steps.push(text::scale_step(layer, pass));
    steps.extend(text::running_step(layer, pass));
    steps.extend(text::backward_steps(layer, pass));
    Solved {
        variant: variant_of(layer).to_string(),
        question: Question::new(Facts::new(layer)),
        answers: answers(layer, pass),
        solution: Solution::new(steps),
    }
}

/// The answers, in the order the question asks for them.
pub fn answers(layer: &Layer, pass: &Pass) -> Vec<Answer> {
    let c = layer.channels();
    let channels = [c];
    let mut out = vec![
        Answer::text(
            "variables",
            "variables that change in training",
            json!("gamma, beta, running_mean, running_var"),
            r"\gamma,\ \beta,\ \mu_{\text{run}},\ \sigma^2_{\text{run}}",
        )
        .graded(Grading::Set),
        Answer::shape(
            "param_shape",
            "shape of each of them",
            &Shape(vec![Q::int(c as i64)]),
        ),
    ];
    if layer.train {
        out.push(answer(
            "mean",
            "batch mean per channel",
            &channels,
            &reals(&pass.mean),
        ));
        out.push(answer(
            "var",
            "biased batch variance per channel",
            &channels,
            &reals(&pass.var),
        ));
    }
    out.push(answer("x_hat", r"$\hat{X}$", &layer.shape, &pass.x_hat));
    out.push(answer("y", "output $Y$", &layer.shape, &pass.y));
    if let Some(u) = &pass.update {
        out.push(answer(
            "running_mean",
            "running mean after the pass",
            &channels,
            &reals(&u.running_mean),
        ));
        out.push(answer(
            "running_var",
            "running variance after the pass",
            &channels,
            &reals(&u.running_var),
        ));
    }
    if let Some(g) = &pass.grads {
        out.push(answer(
            "dL_dgamma",
            r"$\partial L / \partial \gamma$",
            &channels,
            &g.dgamma,
        ));
        out.push(answer(
            "dL_dbeta",
            r"$\partial L / \partial \beta$",
            &channels,
            &reals(&g.dbeta),
        ));
        out.push(answer(
            "dL_dx",
            r"$\partial L / \partial X$",
            &layer.shape,
            &g.dx,
        ));
    }
    out
}
