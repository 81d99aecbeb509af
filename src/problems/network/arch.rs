//! The built-in networks as layers, exactly as torchvision defines them (1,000 classes); LeNet-5
//! as LeCun et al. (1998) draw it, with average pooling and tanh.

use super::params::{Architecture, Conv, Layer, Norm, Pool};

fn relu() -> Layer {
    Layer::Relu {}
}

fn dropout() -> Layer {
    Layer::Dropout { p: None }
}

fn max_pool(k: i64, s: i64, p: i64) -> Layer {
    Layer::MaxPool2d(Pool::new(k, Some(s), p))
}

fn bn() -> Layer {
    Layer::BatchNorm2d(Norm {
        affine: true,
        track_running_stats: true,
    })
}

fn adaptive(side: i64) -> Layer {
    Layer::AdaptiveAvgPool2d {
        output_size: crate::problems::params::Pair::Same(side),
    }
}

/// The layers of `arch`.
pub fn layers(arch: Architecture) -> Vec<Layer> {
    match arch {
        Architecture::Lenet5 => lenet5(),
        Architecture::Alexnet => alexnet(),
        Architecture::Vgg11 => vgg(&[1, 1, 2, 2, 2]),
        Architecture::Vgg16 => vgg(&[2, 2, 3, 3, 3]),
        Architecture::Resnet18 => resnet18(),
    }
}

fn lenet5() -> Vec<Layer> {
    let pool = || Layer::AvgPool2d(Pool::new(2, None, 0));
    vec![
        Layer::Conv2d(Conv::new(6, 5, 1, 0)),
        Layer::Tanh {},
        pool(),
        Layer::Conv2d(Conv::new(16, 5, 1, 0)),
        Layer::Tanh {},
        pool(),
        Layer::Flatten {},
        Layer::linear(120),
        Layer::Tanh {},
        Layer::linear(84),
        Layer::Tanh {},
        Layer::linear(10),
    ]
}

/// torchvision `AlexNet`: features, `AdaptiveAvgPool2d((6, 6))`, flatten, classifier.
fn alexnet() -> Vec<Layer> {
    vec![
        Layer::Conv2d(Conv::new(64, 11, 4, 2)),
        relu(),
        max_pool(3, 2, 0),
        Layer::Conv2d(Conv::new(192, 5, 1, 2)),
        relu(),
        max_pool(3, 2, 0),
        Layer::Conv2d(Conv::new(384, 3, 1, 1)),
        relu(),
        Layer::Conv2d(Conv::new(256, 3, 1, 1)),
        relu(),
        Layer::Conv2d(Conv::new(256, 3, 1, 1)),
        relu(),
        max_pool(3, 2, 0),
        adaptive(6),
        Layer::Flatten {},
        dropout(),
        Layer::linear(4096),
        relu(),
        dropout(),
        Layer::linear(4096),
        relu(),
        Layer::linear(1000),
    ]
}

/// torchvision `VGG` without batch norm: blocks of 3x3 convs (64, 128, 256, 512, 512 filters)
/// each followed by a 2x2 max pool, `AdaptiveAvgPool2d((7, 7))`, flatten, classifier.
fn vgg(convs_per_block: &[usize; 5]) -> Vec<Layer> {
    let mut layers = Vec::new();
    for (&n, width) in convs_per_block.iter().zip([64, 128, 256, 512, 512]) {
        for _ in 0..n {
            layers.push(Layer::Conv2d(Conv::new(width, 3, 1, 1)));
            layers.push(relu());
        }
        layers.push(max_pool(2, 2, 0));
    }
    layers.extend([
        adaptive(7),
        Layer::Flatten {},
        Layer::linear(4096),
        relu(),
        dropout(),
        Layer::linear(4096),
        relu(),
        dropout(),
        Layer::linear(1000),
    ]);
    layers
}

/// torchvision `BasicBlock`: conv3x3 (stride) - BN - ReLU - conv3x3 - BN, plus the identity or a
/// 1x1 conv (stride) - BN downsample; the ReLU after the sum is the next layer.
fn basic_block(width: i64, stride: i64, downsample: bool) -> Layer {
    let body = vec![
        Layer::Conv2d(Conv::new(width, 3, stride, 1).no_bias()),
        bn(),
        relu(),
        Layer::Conv2d(Conv::new(width, 3, 1, 1).no_bias()),
        bn(),
    ];
    let shortcut = if downsample {
        vec![
            Layer::Conv2d(Conv::new(width, 1, stride, 0).no_bias()),
            bn(),
        ]
    } else {
        Vec::new()
    };
    Layer::Residual { body, shortcut }
}

fn resnet18() -> Vec<Layer> {
    let mut layers = vec![
        Layer::Conv2d(Conv::new(64, 7, 2, 3).no_bias()),
        bn(),
        relu(),
        max_pool(3, 2, 1),
    ];
    for (width, stride) in [(64, 1), (128, 2), (256, 2), (512, 2)] {
        layers.push(basic_block(width, stride, stride != 1));
        layers.push(relu());
        layers.push(basic_block(width, 1, false));
        layers.push(relu());
    }
    layers.extend([adaptive(1), Layer::Flatten {}, Layer::linear(1000)]);
    layers
}
