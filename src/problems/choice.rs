//! `--choices`: a problem's numeric answers as single choice, with distractors from its
//! family's typical mistakes ([`super::Family::mistakes`]; the rules in [`crate::choices`]).

use super::{DynFamily, FAMILIES};
use crate::choices::build::{Mistaken, attach};
use crate::solution::Problem;

/// The typical mistakes of `problem`'s family on its params.
pub fn mistakes(family: &dyn DynFamily, problem: &Problem) -> Vec<Mistaken> {
    family.mistakes_json(&problem.params, &problem.answers)
}

/// Gives every numeric answer of `problem` its options (a problem of an unknown family keeps
/// open answers).
pub fn with_choices(problem: &mut Problem) {
    let Some(family) = FAMILIES.iter().find(|f| f.id() == problem.family) else {
        return;
    };
    let mistakes = mistakes(*family, problem);
    attach(problem, &mistakes);
}

/// The mistake as the family's own solver computes it on `params` (the right params with the
/// mistake put in): every numeric answer of that solution; `None` when they do not solve.
pub fn resolved<F: super::Family>(mistake: &'static str, params: &F::Params) -> Option<Mistaken> {
    F::solve(params)
        .ok()
        .map(|s| Mistaken::from_answers(mistake, &s.answers))
}

/// The numbers of answer `id` among `answers` (reading order, exact where the key has them).
pub fn numbers(answers: &[crate::solution::Answer], id: &str) -> Option<Vec<crate::num::Q>> {
    answers
        .iter()
        .find(|a| a.id == id)
        .and_then(crate::choices::build::entries)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::num::Q;
    use crate::problems::{Difficulty, find, solve};

    /// The mistake `name`'s value of answer `id` on `params` of `family`, as text (`[1, 2]`).
    fn mistaken(family: &str, params: Value, name: &str, id: &str) -> String {
        let f = find(family).unwrap();
        let p = solve(f, &params, Difficulty::Exam).unwrap();
        let list = mistakes(f, &p);
        let m = list
            .iter()
            .find(|m| m.mistake == name)
            .unwrap_or_else(|| panic!("{family}: no mistake {name}"));
        let values = m.get(id).unwrap_or_else(|| panic!("{name}: no {id}"));
        let text: Vec<String> = values.iter().map(Q::to_string).collect();
        format!("[{}]", text.join(", "))
    }

    #[test]
    fn the_seed_exams_instances_worked_with_each_mistake() {
        // 2.8: one 3x3 filter on 20 channels has 180 weights and 181 parameters.
        let filter = json!({"input": [10, 20, 30, 40], "out_channels": 1, "kernel": 3});
        assert_eq!(
            mistaken("conv-params", filter.clone(), "no bias term", "total"),
            "[180]"
        );
        let one_side = "the kernel counted along one side only";
        assert_eq!(mistaken("conv-params", filter, one_side, "total"), "[61]");
        // AlexNet's first layer: (227 - 11) / 4 + 1 = 55; without the +1, 54; stride 1, 217.
        let alexnet = json!({"op": "conv2d", "input": [1, 3, 227, 227], "out_channels": 96,
                             "kernel": 11, "stride": 4});
        let plus_one = "the +1 of the size formula forgotten";
        let shape = mistaken("conv-output", alexnet.clone(), plus_one, "output_shape");
        assert_eq!(shape, "[1, 96, 54, 54]");
        let stride = "stride ignored (taken as 1)";
        let shape = mistaken("conv-output", alexnet, stride, "output_shape");
        assert_eq!(shape, "[1, 96, 217, 217]");
        // z = 0, y_hat = 1/2, y = 1: dL/dy_hat = -2, dL/dz = -1/2.
        let neuron = json!({"x": [1, 2, 0, 1], "w": [1, -2, 3, 3], "b": 0, "y": 1});
        let sign = "sign error in dL/dy_hat, carried through";
        assert_eq!(
            mistaken("bce-backprop", neuron.clone(), sign, "dL_dz"),
            "[1/2]"
        );
        let sigmoid = "the sigmoid's derivative forgotten";
        assert_eq!(
            mistaken("bce-backprop", neuron.clone(), sigmoid, "dL_dz"),
            "[-2]"
        );
        let dw = mistaken("bce-backprop", neuron, sigmoid, "dL_dW");
        assert_eq!(dw, "[-2, -4, 0, -2]");
        // Adam, one step: m = 1, v = 0.16; without the correction 1 / 0.4 = 2.5.
        let adam = json!({"algorithm": "adam", "theta": [0], "grads": [[2]], "lr": 1,
                          "beta1": 0.5, "beta2": 0.96, "eps": 0});
        let theta = mistaken("optimizer", adam, "no bias correction", "theta_1");
        assert_eq!(theta, "[-5/2]");
        // 3.4-3.5: F2 = [[1, -2], [3, 0]], F3 = [[11, 0], [0, 6]], dL/dF2 = [[3, 1], [5, 1]].
        let block = json!({"input": [[[[1, -2], [3, 0]]]],
                           "conv1": {"weight": [[[[2]]]], "bias": [-1]},
                           "conv2": {"weight": [[[[0, 1, 0], [1, -1, 1], [0, 2, 0]]]], "bias": [1]}});
        let identity = "the identity path forgotten";
        let grad = mistaken("resblock", block.clone(), identity, "dL_dF2");
        assert_eq!(grad, "[2, 0, 4, 0]");
        let skip = mistaken("resblock", block.clone(), "the skip left out of F3", "F3");
        assert_eq!(skip, "[10, 2, -3, 6]");
        let mask = mistaken("resblock", block, "the ReLU's mask forgotten", "dL_dG1");
        assert_eq!(mask, "[1, 1, 2, 2]");
    }
}
