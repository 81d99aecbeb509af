//! The params of `network` (the JSON contract of `solve`): an input and a list of layers, each
//! `{"op": ...}` with the fields of the PyTorch layer of the same name, or a built-in
//! architecture. `walk.rs` checks and computes them.

use serde::{Deserialize, Serialize};

use crate::problems::params::{Int, Num, Pair};

/// Params of `network`: `input` and `layers`, or `architecture` with an optional `input`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// A built-in network (torchvision's definition), instead of `layers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Architecture>,
    /// The input shape, [N, C, H, W] or [N, F] (with `architecture`, default [1, 3, 224, 224],
    /// [1, 1, 32, 32] for LeNet-5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Vec<Int>>,
    /// The layers, applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<Layer>>,
}

/// The built-in networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Architecture {
    /// LeNet-5: conv 6@5x5, pool, conv 16@5x5, pool, Linear 400-120-84-10.
    Lenet5,
    /// torchvision's `alexnet()`.
    Alexnet,
    /// torchvision's `vgg11()`.
    Vgg11,
    /// torchvision's `vgg16()`.
    Vgg16,
    /// torchvision's `resnet18()`.
    Resnet18,
}

impl Architecture {
    /// Every built-in network.
    pub const ALL: [Architecture; 5] = [
        Architecture::Lenet5,
        Architecture::Alexnet,
        Architecture::Vgg11,
        Architecture::Vgg16,
        Architecture::Resnet18,
    ];

    /// The params name (`resnet18`).
    pub fn name(self) -> &'static str {
        match self {
            Architecture::Lenet5 => "lenet5",
            Architecture::Alexnet => "alexnet",
            Architecture::Vgg11 => "vgg11",
            Architecture::Vgg16 => "vgg16",
            Architecture::Resnet18 => "resnet18",
        }
    }

    /// The name in a sentence (`ResNet-18`).
    pub fn title(self) -> &'static str {
        match self {
            Architecture::Lenet5 => "LeNet-5",
            Architecture::Alexnet => "AlexNet",
            Architecture::Vgg11 => "VGG-11",
            Architecture::Vgg16 => "VGG-16",
            Architecture::Resnet18 => "ResNet-18",
        }
    }

    /// The input when params give none.
    pub fn default_input(self) -> [i64; 4] {
        match self {
            Architecture::Lenet5 => [1, 1, 32, 32],
            _ => [1, 3, 224, 224],
        }
    }
}

/// One layer: `op` names the PyTorch layer, the other fields are its arguments (ints or
/// `[h, w]` pairs; omitted ones take PyTorch's defaults). Input channels and features are read
/// off the input, as `nn.LazyConv2d` and `nn.LazyLinear` do.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "op", deny_unknown_fields)]
pub enum Layer {
    /// `nn.Conv2d`.
    #[serde(rename = "conv2d")]
    Conv2d(Conv),
    /// `nn.ConvTranspose2d`.
    #[serde(rename = "conv_transpose2d")]
    ConvTranspose2d(Conv),
    /// `nn.MaxPool2d`.
    #[serde(rename = "max_pool2d")]
    MaxPool2d(Pool),
    /// `nn.AvgPool2d`.
    #[serde(rename = "avg_pool2d")]
    AvgPool2d(Pool),
    /// `nn.AdaptiveAvgPool2d`.
    #[serde(rename = "adaptive_avg_pool2d")]
    AdaptiveAvgPool2d {
        /// The output height and width.
        output_size: Pair,
    },
    /// `nn.BatchNorm2d`.
    #[serde(rename = "batch_norm2d")]
    BatchNorm2d(Norm),
    /// `nn.BatchNorm1d`.
    #[serde(rename = "batch_norm1d")]
    BatchNorm1d(Norm),
    /// `nn.ReLU`.
    #[serde(rename = "relu")]
    Relu {},
    /// `nn.Sigmoid`.
    #[serde(rename = "sigmoid")]
    Sigmoid {},
    /// `nn.Tanh`.
    #[serde(rename = "tanh")]
    Tanh {},
    /// `nn.Dropout`.
    #[serde(rename = "dropout")]
    Dropout {
        /// The drop probability (default 0.5).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        p: Option<Num>,
    },
    /// `nn.Flatten` (from dimension 1 on).
    #[serde(rename = "flatten")]
    Flatten {},
    /// `nn.Linear` (on the last dimension).
    #[serde(rename = "linear")]
    Linear {
        /// Output features.
        out_features: Int,
        /// Whether it has a bias (default true).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        bias: bool,
    },
    /// A residual block: `body(x) + shortcut(x)` (an empty shortcut is the identity).
    #[serde(rename = "residual")]
    Residual {
        /// The main path.
        body: Vec<Layer>,
        /// The shortcut path (default: empty, the identity).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        shortcut: Vec<Layer>,
    },
}

/// The arguments of `conv2d` and `conv_transpose2d`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conv {
    /// Number of filters.
    pub out_channels: Int,
    /// Kernel size.
    pub kernel: Pair,
    /// Stride (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<Pair>,
    /// Zero padding on each side (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Pair>,
    /// Extra output rows/columns on one side (`conv_transpose2d` only; default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_padding: Option<Pair>,
    /// Dilation (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilation: Option<Pair>,
    /// Groups (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Int>,
    /// A bias per filter (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub bias: bool,
}

/// The arguments of `max_pool2d` and `avg_pool2d`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// Window size.
    pub kernel: Pair,
    /// Stride (default: the kernel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<Pair>,
    /// Padding on each side (default 0; at most half the kernel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<Pair>,
    /// Dilation (`max_pool2d` only; default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilation: Option<Pair>,
    /// Round the output size up (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceil_mode: Option<bool>,
    /// Whether the average counts padded zeros (`avg_pool2d` only; no effect on sizes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_include_pad: Option<bool>,
}

/// The arguments of `batch_norm1d` and `batch_norm2d` (the channel count is the input's).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    /// Learnable scale and shift (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub affine: bool,
    /// Running mean and variance buffers (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub track_running_stats: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Conv {
    /// A conv with PyTorch's defaults but the given filters, kernel, stride and padding.
    pub fn new(out_channels: i64, kernel: i64, stride: i64, padding: i64) -> Conv {
        Conv {
            out_channels: Int(out_channels),
            kernel: Pair::Same(kernel),
            stride: (stride != 1).then_some(Pair::Same(stride)),
            padding: (padding != 0).then_some(Pair::Same(padding)),
            output_padding: None,
            dilation: None,
            groups: None,
            bias: true,
        }
    }

    /// The same conv without bias.
    pub fn no_bias(mut self) -> Conv {
        self.bias = false;
        self
    }
}

impl Pool {
    /// A pool with the given window and stride (`None`: the kernel) and padding.
    pub fn new(kernel: i64, stride: Option<i64>, padding: i64) -> Pool {
        Pool {
            kernel: Pair::Same(kernel),
            stride: stride.map(Pair::Same),
            padding: (padding != 0).then_some(Pair::Same(padding)),
            dilation: None,
            ceil_mode: None,
            count_include_pad: None,
        }
    }
}

impl Layer {
    /// `nn.Linear(_, out)` with a bias.
    pub fn linear(out: i64) -> Layer {
        Layer::Linear {
            out_features: Int(out),
            bias: true,
        }
    }

    /// The op name as params write it (`conv2d`).
    pub fn op(&self) -> &'static str {
        match self {
            Layer::Conv2d(_) => "conv2d",
            Layer::ConvTranspose2d(_) => "conv_transpose2d",
            Layer::MaxPool2d(_) => "max_pool2d",
            Layer::AvgPool2d(_) => "avg_pool2d",
            Layer::AdaptiveAvgPool2d { .. } => "adaptive_avg_pool2d",
            Layer::BatchNorm2d(_) => "batch_norm2d",
            Layer::BatchNorm1d(_) => "batch_norm1d",
            Layer::Relu {} => "relu",
            Layer::Sigmoid {} => "sigmoid",
            Layer::Tanh {} => "tanh",
            Layer::Dropout { .. } => "dropout",
            Layer::Flatten {} => "flatten",
            Layer::Linear { .. } => "linear",
            Layer::Residual { .. } => "residual",
        }
    }
}
