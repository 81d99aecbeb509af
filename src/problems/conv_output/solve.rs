//! Solving `conv-output`: every layer's output shape (or the padding that keeps the size) as
//! answers, the worked steps and the question facts.

use super::Op;
use super::params::Params;
use super::plan::{Plan, plan};
use super::question::Facts;
use super::text::{channel_text, shape, shape_tex, solve_find, spatial_text};
use crate::error::Result;
use crate::num::Q;
use crate::problems::Solved;
use crate::solution::{Answer, Question, Solution, Step};

/// The variant a checked problem is (see the family's `VARIANTS`).
pub fn variant_of(plan: &Plan) -> &'static str {
    if plan.chain {
        return "chain";
    }
    if plan.find {
        return "same-padding";
    }
    let spec = &plan.applied[0].spec;
    match spec.op {
        Op::MaxPool2d => "max-pool",
        Op::AvgPool2d => "avg-pool",
        Op::ConvTranspose2d => "transposed",
        Op::Conv2d if !spec.is_square() => "conv-rect",
        Op::Conv2d if spec.d[0] > Q::one() => "conv-dilated",
        Op::Conv2d => "conv",
    }
}

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let plan = plan(p)?;
    let variant = variant_of(&plan);
    let mut steps = Vec::new();
    let mut answers = Vec::new();
    if plan.find {
        solve_find(&plan.applied[0], &mut steps, &mut answers);
    } else if plan.chain {
        for (i, step) in plan.applied.iter().enumerate() {
            let n = i + 1;
            let mut body = format!("Input: ${}$.\n\n", shape_tex(&step.input));
            body.push_str(&spatial_text(step, true));
            body.push_str("\n\n");
            body.push_str(&channel_text(step));
            body.push_str(&format!(
                "\n\nShape after layer {n}: ${}$.",
                shape_tex(&step.output)
            ));
            steps.push(Step::new(
                format!("Layer {n}: {}", step.spec.op.words()),
                body,
            ));
            answers.push(Answer::shape(
                &format!("shape_{n}"),
                &format!("shape after layer {n}"),
                &shape(&step.output),
            ));
        }
        let last = plan
            .applied
            .last()
            .map_or_else(|| plan.input.clone(), |a| a.output.clone());
        steps.push(Step::new(
            "Output shape",
            format!(
                r"After {}: $$[N \times C \times H \times W] = {}$$",
                match plan.applied.len() {
                    1 => "the layer".to_string(),
                    2 => "both layers".to_string(),
                    n => format!("all {n} layers"),
                },
                shape_tex(&last)
            ),
        ));
        answers.push(Answer::shape("output_shape", "output shape", &shape(&last)));
    } else {
        let step = &plan.applied[0];
        let title = if step.square() {
            "Height and width".to_string()
        } else {
            "Height and width, one at a time".to_string()
        };
        steps.push(Step::new(title, spatial_text(step, false)));
        steps.push(Step::new("Channels and batch", channel_text(step)));
        steps.push(Step::new(
            "Output shape",
            format!(
                r"$$[N \times C \times H_{{out}} \times W_{{out}}] = {}$$",
                shape_tex(&step.output)
            ),
        ));
        answers.push(Answer::shape(
            "output_shape",
            "output shape",
            &shape(&step.output),
        ));
    }
    let facts = Facts::new(&plan);
    Ok(Solved {
        variant: variant.to_string(),
        question: Question::new(facts),
        answers,
        solution: Solution::new(steps).with_figure(super::figure::figure(&plan)),
    })
}
