//! Solving `conv-cost`: the checked layer's costs as answers, the worked steps and the facts.

use super::params::{Layer, Params, variant_of};
use super::question::Facts;
use super::text::{answers, linear_steps, macs_step, output_step, params_step};
use crate::error::Result;
use crate::problems::Solved;
use crate::solution::{Question, Solution, Step};

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let layer = Layer::from_params(p)?;
    let variant = variant_of(&layer);
    let mut steps = vec![output_step(&layer), params_step(&layer), macs_step(&layer)];
    if variant == "pointwise" {
        steps.push(pointwise_step(&layer));
    }
    linear_steps(&layer, &mut steps);
    Ok(Solved {
        variant: variant.to_string(),
        question: Question::new(Facts::new(&layer, variant)),
        answers: answers(&layer),
        solution: Solution::new(steps),
    })
}

fn pointwise_step(layer: &Layer) -> Step {
    let (c_in, c_out) = (layer.input[1], layer.c_out);
    let effect = if c_out < c_in {
        format!(
            "reduces ${c_in}$ channels to ${c_out}$, so a layer after it reads ${c_in}/{c_out}$ times fewer channels and costs that much less"
        )
    } else {
        format!("maps ${c_in}$ channels to ${c_out}$")
    };
    Step::new(
        "What a 1x1 convolution does",
        format!(
            r"A $1 \times 1$ filter looks at one pixel: it mixes the channels there and leaves the height and width alone. This one {effect}."
        ),
    )
}
