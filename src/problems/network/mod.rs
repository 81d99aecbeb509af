//! `network`: the output shape, learnable parameters and multiply-accumulates of every layer of
//! a network, and the totals (seed exam 2.3, 2.4, 5: an MLP's parameter count); built-in
//! LeNet-5, AlexNet, VGG-11, VGG-16 and ResNet-18 as torchvision defines them.
//!
//! Layers are PyTorch's (`nn.Conv2d`, `nn.ConvTranspose2d`, `nn.MaxPool2d`, `nn.AvgPool2d`,
//! `nn.AdaptiveAvgPool2d`, `nn.BatchNorm2d`, `nn.BatchNorm1d`, activations, `nn.Dropout`,
//! `nn.Flatten`, `nn.Linear` on the last dimension) with input channels and features read off the
//! input, and residual blocks `body(x) + shortcut(x)`. Parameters: a conv C_out (C_in/g) k_h k_w
//! weights (a transposed conv C_in (C_out/g) k_h k_w) and C_out biases, a Linear in out + out,
//! batch norm 2C (gamma, beta) and 2C buffers (running mean and variance; `num_batches_tracked`
//! is not counted). MACs count the whole batch: N C_out H_out W_out (C_in/g) k_h k_w for a conv,
//! N C_in H_in W_in (C_out/g) k_h k_w for a transposed conv (each input value is scattered through
//! its filters), rows in out for a Linear; pooling, norms and activations are not counted.
//!
//! Calculator-free rule (`exam`): an `mlp` has feature counts from [`sample::EXAM_FEATURES`], a
//! batch from [`sample::EXAM_MLP_BATCH`], and every Linear has at most 400,000 weights with one
//! side a multiple of 10 or a power of two up to 64 (784 x 400 is a short multiplication); a
//! `cnn` or `residual` network has a batch of 1 to 8, 1 or 3 input channels, square inputs of 8,
//! 16, 28 or 32, convolutions of 4 to 32 channels with kernels 1, 3 or 5 and 2x2 pools, and every
//! size divides exactly (no floor drops a remainder); every count (parameters, MACs) is below
//! 10^8. `practice` draws wider layers, larger batches and inputs, other activations, dropout
//! rates, 3x3 stride-2 pools and biases switched off; `hard` adds non-square inputs and kernels,
//! dilation, groups (grouped 3x3 convs in residual blocks too), transposed convolutions, ceil mode
//! and a Linear on a 4-D tensor (it acts on the width).
//!
//! `architecture` (a built-in network: tens of millions of parameters, billions of MACs) is not
//! calculator-free, so it is offered at `practice` (default input, random batch) and `hard`
//! (random input sizes too) only.
//!
//! **Typical mistakes** (the distractors of `--choices`, each computed in `mistakes.rs`): the MACs
//! of one image instead of the batch, batch norm's running statistics counted as parameters (shapes
//! and the layer indices get near values only).

mod arch;
mod describe;
mod figure;
mod mistakes;
mod net;
mod params;
mod question;
mod sample;
mod solve;
#[cfg(test)]
mod tests;
mod text;
mod walk;

use rand_chacha::ChaCha8Rng;

use super::{Difficulty, Family, Mistaken, Solved};
use crate::error::Result;
use crate::solution::Answer;
pub use params::Params;

/// The `network` family.
pub struct Network;

impl Family for Network {
    type Params = Params;
    const ID: &'static str = "network";
    const TITLE: &'static str = "Shapes, parameters and computation of a network";
    const VARIANTS: &'static [&'static str] = &["mlp", "cnn", "residual", "architecture"];
    const QUESTION_TEMPLATE: &'static str = include_str!("../../../templates/network/question.md");
    /// A built-in network has tens of millions of parameters: not calculator-free.
    const PRACTICE_ONLY: &'static [&'static str] = &["architecture"];
    /// A layer without weights (activation, pooling, flatten, dropout) has 0 parameters and 0
    /// MACs in every draw, and `most_params` / `most_macs` name one of a few layers: the per-layer
    /// counts and those two are few-valued by nature (the totals `params` and `macs` are not).
    const FEW_VALUED: &'static [&'static str] = &["params_*", "macs_*", "most_params", "most_macs"];

    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Params {
        sample::sample_net(rng, difficulty, variant).0
    }

    fn solve(params: &Params) -> Result<Solved> {
        solve::solve(params)
    }

    fn mistakes(params: &Params, answers: &[Answer]) -> Vec<Mistaken> {
        mistakes::all(params, answers)
    }

    fn sample_solved(
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> (Params, Result<Solved>) {
        let (params, net) = sample::sample_net(rng, difficulty, variant);
        (params, Ok(solve::solved(&net)))
    }
}
