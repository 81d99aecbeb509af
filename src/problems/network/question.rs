//! The question facts of `network`: what `templates/network/question.md` reads.

use serde::Serialize;

use super::describe::question_line;
use super::net::Net;
use super::text::shape_tex;

/// The facts of one question.
#[derive(Serialize)]
pub struct Facts {
    /// The variant.
    pub variant: &'static str,
    /// The built-in network's name (`ResNet-18`), if any.
    pub arch: Option<&'static str>,
    /// Where the built-in network is defined (`torchvision.models.resnet18()`).
    pub arch_source: Option<String>,
    /// The input shape, LaTeX.
    pub input: String,
    /// Whether the input is images [N, C, H, W] (else feature vectors [N, F]).
    pub images: bool,
    /// One line per top-level layer (Markdown: PyTorch calls in code).
    pub layers: Vec<String>,
    /// Whether the network has batch norm (so buffers to count).
    pub batch_norm: bool,
    /// The number of the first bottleneck block (1x1, 3x3, 1x1 convs), if any.
    pub bottleneck: Option<usize>,
}

impl Facts {
    /// The facts of a checked network.
    pub fn new(net: &Net, variant: &'static str) -> Facts {
        let arch_source = net.arch.map(|a| match a {
            super::params::Architecture::Lenet5 => {
                "LeCun et al., 1998: tanh activations and 2x2 average pooling".to_string()
            }
            _ => format!("`torchvision.models.{}()`, 1,000 classes", a.name()),
        });
        Facts {
            variant,
            arch: net.arch.map(|a| a.title()),
            arch_source,
            input: shape_tex(&net.input),
            images: net.input.len() == 4,
            layers: net.layers.iter().map(question_line).collect(),
            batch_norm: !net.buffers().is_zero(),
            bottleneck: net.bottleneck().map(|b| b.index + 1),
        }
    }
}
