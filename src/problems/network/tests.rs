use serde_json::json;

use super::Network;
use super::net::Net;
use super::params::{Architecture, Params};
use super::sample::calculator_free;
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    Network::solve(&from_json::<Params>("network", &v)?)
}

fn arch(name: &str) -> Solved {
    solve_json(json!({ "architecture": name })).unwrap()
}

/// Seed exam 5: an MLP 784 -> 400 -> 200 -> 10.
#[test]
fn the_exams_mlp() {
    let s = solve_json(json!({"input": [1, 784], "layers": [
        {"op": "linear", "out_features": 400}, {"op": "relu"},
        {"op": "linear", "out_features": 200}, {"op": "relu"},
        {"op": "linear", "out_features": 10}
    ]}))
    .unwrap();
    assert_eq!(s.variant, "mlp");
    assert_eq!(s.answer_text("params_1"), "314000");
    assert_eq!(s.answer_text("params_3"), "80200");
    assert_eq!(s.answer_text("params_5"), "2010");
    assert_eq!(s.answer_text("params"), "396210");
    assert_eq!(
        s.answer_text("macs"),
        (784 * 400 + 400 * 200 + 200 * 10).to_string()
    );
    assert_eq!(s.answer_text("output_shape"), "[1,10]");
    assert_eq!(s.answer_text("buffers"), "0");
    assert_eq!(s.answer_text("most_params"), "1");
}

/// The published parameter counts of the built-in networks (torchvision's model cards; LeNet-5
/// with 5x5 convs, 2x2 pools and 120-84-10 Linears).
#[test]
fn architectures_match_published_counts() {
    for (name, params) in [
        ("lenet5", 61_706),
        ("alexnet", 61_100_840),
        ("vgg11", 132_863_336),
        ("vgg16", 138_357_544),
        ("resnet18", 11_689_512),
    ] {
        let s = arch(name);
        assert_eq!(s.variant, "architecture");
        assert_eq!(s.answer_text("params"), params.to_string(), "{name}");
    }
}

/// torchvision's GFLOPS of the model cards are multiply-accumulates in billions, to 2 places:
/// alexnet 0.71, vgg11 7.61, vgg16 15.47, resnet18 1.81; and the classifier outputs 1,000.
#[test]
fn architectures_match_published_macs() {
    for (name, gmacs) in [
        ("alexnet", 71),
        ("vgg11", 761),
        ("vgg16", 1547),
        ("resnet18", 181),
    ] {
        let s = arch(name);
        let macs: f64 = s.answer_text("macs").parse().unwrap();
        assert_eq!((macs / 1e7).round() as i64, gmacs, "{name}: {macs}");
        assert_eq!(s.answer_text("output_shape"), "[1,1000]", "{name}");
    }
    // ResNet-18's batch norms: 2 * (64 + 4 * 64 + 4 * 128 + 4 * 256 + 4 * 512 + 128 + 256 + 512).
    let s = arch("resnet18");
    assert_eq!(s.answer_text("buffers"), (2 * 4800).to_string());
    assert_eq!(s.answer_text("shape_4"), "[1,64,56,56]");
    let s = solve_json(json!({"architecture": "vgg16", "input": [2, 3, 64, 96]})).unwrap();
    assert_eq!(s.answer_text("params"), "138357544");
    assert_eq!(s.answer_text("output_shape"), "[2,1000]");
}

#[test]
fn lenet5_shapes() {
    let s = arch("lenet5");
    assert_eq!(s.answer_text("shape_1"), "[1,6,28,28]");
    assert_eq!(s.answer_text("shape_3"), "[1,6,14,14]");
    assert_eq!(s.answer_text("shape_6"), "[1,16,5,5]");
    assert_eq!(s.answer_text("shape_7"), "[1,400]");
    assert_eq!(s.answer_text("params_8"), "48120");
    // 6*28*28*25 + 16*10*10*150 + 400*120 + 120*84 + 84*10
    assert_eq!(
        s.answer_text("macs"),
        (6 * 28 * 28 * 25 + 16 * 10 * 10 * 150 + 400 * 120 + 120 * 84 + 84 * 10).to_string()
    );
    for input in [json!([1, 3, 32, 32]), json!([1, 1, 28, 28])] {
        let e = solve_json(json!({"architecture": "lenet5", "input": input}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("field `input`: lenet5"), "{e}");
    }
    let e = solve_json(json!({"architecture": "resnet18", "input": [1, 1, 224, 224]}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("3 input channels"), "{e}");
}

/// A residual block with a projection shortcut, counted by hand.
#[test]
fn residual_block_by_hand() {
    let s = solve_json(json!({"input": [2, 4, 8, 8], "layers": [
        {"op": "residual", "body": [
            {"op": "conv2d", "out_channels": 8, "kernel": 3, "stride": 2, "padding": 1, "bias": false},
            {"op": "batch_norm2d"}, {"op": "relu"},
            {"op": "conv2d", "out_channels": 8, "kernel": 3, "padding": 1, "bias": false},
            {"op": "batch_norm2d"}
        ], "shortcut": [
            {"op": "conv2d", "out_channels": 8, "kernel": 1, "stride": 2, "bias": false},
            {"op": "batch_norm2d"}
        ]},
        {"op": "relu"}
    ]}))
    .unwrap();
    assert_eq!(s.variant, "residual");
    assert_eq!(s.answer_text("shape_1"), "[2,8,4,4]");
    // 8*4*9 + 16 + 8*8*9 + 16 + 8*4 + 16
    assert_eq!(
        s.answer_text("params_1"),
        (288 + 16 + 576 + 16 + 32 + 16).to_string()
    );
    assert_eq!(s.answer_text("buffers"), "48");
    // outputs 2*8*4*4 = 256 per conv: 256*36 + 256*72 + 256*4
    assert_eq!(
        s.answer_text("macs"),
        (256 * 36 + 256 * 72 + 256 * 4).to_string()
    );
}

/// Seed exam 2.1: 1x1 convs reduce the channels a 3x3 conv works on (ResNet-50's block,
/// 256 -> 64 -> 64 -> 256: 69,632 weights against 589,824).
#[test]
fn a_bottleneck_block_saves_weights() {
    let c = |out: i64, k: i64| json!({"op": "conv2d", "out_channels": out, "kernel": k, "padding": k / 2, "bias": false});
    let s = solve_json(json!({"input": [1, 256, 14, 14], "layers": [
        {"op": "relu"},
        {"op": "residual", "body": [c(64, 1), {"op": "relu"}, c(64, 3), {"op": "relu"}, c(256, 1)]}
    ]}))
    .unwrap();
    assert_eq!(s.answer_text("params_2"), "69632");
    assert_eq!(
        s.answer_text("pointwise_saving"),
        (589_824 - 69_632).to_string()
    );
    let s = arch("resnet18");
    assert!(s.answers.iter().all(|a| a.id != "pointwise_saving"));
}

#[test]
fn transposed_pools_and_linear_on_the_last_dimension() {
    let s = solve_json(json!({"input": [1, 4, 5, 7], "layers": [
        {"op": "conv_transpose2d", "out_channels": 2, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1},
        {"op": "max_pool2d", "kernel": 3, "stride": 2, "ceil_mode": true},
        {"op": "linear", "out_features": 3}
    ]}))
    .unwrap();
    // H: 4*2 - 2 + 2 + 1 + 1 = 10, W: 6*2 - 2 + 2 + 1 + 1 = 14.
    assert_eq!(s.answer_text("shape_1"), "[1,2,10,14]");
    assert_eq!(s.answer_text("params_1"), (4 * 2 * 9 + 2).to_string());
    assert_eq!(s.answer_text("macs_1"), (4 * 5 * 7 * 2 * 9).to_string());
    // ceil((10 - 3)/2) + 1 = 5, ceil((14 - 3)/2) + 1 = 7.
    assert_eq!(s.answer_text("shape_2"), "[1,2,5,7]");
    assert_eq!(s.answer_text("shape_3"), "[1,2,5,3]");
    assert_eq!(s.answer_text("macs_3"), (2 * 5 * 7 * 3).to_string());
}

#[test]
fn shape_errors_name_the_layer() {
    for (v, needles) in [
        (
            json!({"input": [1, 3, 4, 4], "layers": [{"op": "conv2d", "out_channels": 2, "kernel": 7}]}),
            vec!["layers[0]", "conv2d", "non-positive"],
        ),
        (
            json!({"input": [1, 6, 8, 8], "layers": [{"op": "conv2d", "out_channels": 4, "kernel": 3, "groups": 4}]}),
            vec!["layers[0]", "groups"],
        ),
        (
            json!({"input": [1, 4, 8, 8], "layers": [{"op": "relu"}, {"op": "residual", "body": [{"op": "conv2d", "out_channels": 8, "kernel": 3, "padding": 1}]}]}),
            vec!["layers[1]", "residual", "[1, 8, 8, 8]", "[1, 4, 8, 8]"],
        ),
        (
            json!({"input": [1, 10], "layers": [{"op": "conv2d", "out_channels": 4, "kernel": 3}]}),
            vec!["layers[0]", "4-D"],
        ),
        (
            json!({"input": [1, 4, 8, 8], "layers": [{"op": "batch_norm1d"}]}),
            vec!["layers[0]", "batch_norm1d"],
        ),
        (
            json!({"input": [1, 4, 8, 8], "layers": [{"op": "max_pool2d", "kernel": 2, "padding": 2}]}),
            vec!["layers[0]", "padding"],
        ),
        (
            json!({"input": [1, 4, 8, 8], "layers": [{"op": "residual", "body": [{"op": "relu"}, {"op": "avg_pool2d", "kernel": 2, "dilation": 2}]}]}),
            vec!["layers[0].body[1]", "dilation"],
        ),
        (
            json!({"input": [1, 4, 8, 8], "layers": [{"op": "dropout", "p": 1.5}]}),
            vec!["layers[0]", "p"],
        ),
        (
            json!({"input": [1, 4, 8, 8], "layers": [{"op": "conv2d", "out_channels": 4, "kernel": 3, "kernal": 3}]}),
            vec!["kernal"],
        ),
        (
            json!({"input": [1, 4, 8, 8], "layers": [{"op": "conv3d", "out_channels": 4, "kernel": 3}]}),
            vec!["conv3d"],
        ),
        (json!({"input": [1, 4, 8, 8], "layers": []}), vec!["layers"]),
        (
            json!({"input": [1, 4, 8], "layers": [{"op": "relu"}]}),
            vec!["input"],
        ),
        (json!({"architecture": "resnet50"}), vec!["resnet50"]),
        (
            json!({"architecture": "alexnet", "input": [1, 3, 32, 32]}),
            vec!["input", "alexnet"],
        ),
        (
            json!({"input": [1, 4, 1000000, 1000000], "layers": [{"op": "conv_transpose2d", "out_channels": 4, "kernel": 3, "stride": 1000}]}),
            vec!["layers[0]", "limit"],
        ),
    ] {
        let e = solve_json(v.clone()).unwrap_err().to_string();
        for n in needles {
            assert!(e.contains(n), "{v}: {e} (wanted {n})");
        }
        assert!(!e.contains('\n'), "{e}");
    }
}

/// Linear on a 4-D tensor is valid in PyTorch: it acts on the last dimension.
#[test]
fn linear_on_images_is_not_refused() {
    let s =
        solve_json(json!({"input": [2, 3, 4, 5], "layers": [{"op": "linear", "out_features": 7}]}))
            .unwrap();
    assert_eq!(s.answer_text("output_shape"), "[2,3,4,7]");
    assert_eq!(s.answer_text("macs"), (2 * 3 * 4 * 5 * 7).to_string());
}

/// Nesting and the number of layers are bounded.
#[test]
fn hostile_sizes_are_bounded() {
    let mut layer = json!({"op": "relu"});
    for _ in 0..6 {
        layer = json!({"op": "residual", "body": [layer]});
    }
    let e = solve_json(json!({"input": [1, 4], "layers": [layer]})).unwrap_err();
    assert!(e.to_string().contains("nest"), "{e}");
    let many: Vec<_> = (0..60)
        .map(|_| json!({"op": "residual", "body": [{"op": "relu"}, {"op": "relu"}, {"op": "relu"}, {"op": "relu"}, {"op": "relu"}]}))
        .collect();
    let e = solve_json(json!({"input": [1, 4], "layers": many})).unwrap_err();
    assert!(e.to_string().contains("256"), "{e}");
    // Large but legal sizes are exact, not overflowed.
    let s = solve_json(
        json!({"input": [1000000, 1000000, 1000000, 1000000], "layers": [
        {"op": "conv2d", "out_channels": 1000000, "kernel": 1000000}]}),
    )
    .unwrap();
    assert_eq!(s.answer_text("shape_1"), "[1000000,1000000,1,1]");
    assert!(
        s.answer_text("macs").starts_with('1'),
        "{}",
        s.answer_text("macs")
    );
}

#[test]
fn params_round_trip() {
    for seed in 0..50 {
        for d in Difficulty::ALL {
            let p = Network::sample(&mut crate::seed::rng(seed), d, None);
            let text = serde_json::to_string(&p).unwrap();
            let back: Params = serde_json::from_str(&text).unwrap();
            assert_eq!(serde_json::to_string(&back).unwrap(), text);
        }
    }
    let p: Params = serde_json::from_value(json!({"architecture": "resnet18"})).unwrap();
    assert_eq!(p.architecture, Some(Architecture::Resnet18));
}

#[test]
fn exam_draws_keep_the_rule() {
    for seed in 0..300 {
        let p = Network::sample(&mut crate::seed::rng(seed), Difficulty::Exam, None);
        let net = Net::from_params(&p).unwrap();
        assert!(calculator_free(&net), "seed {seed}: {p:?}");
        assert!(p.architecture.is_none());
    }
}

/// 150 distinct answer sets in 200 draws of every variant offered at every difficulty.
#[test]
fn variety() {
    use std::collections::HashSet;
    let mut short = Vec::new();
    for d in Difficulty::ALL {
        for v in crate::problems::offered(Network::VARIANTS, Network::PRACTICE_ONLY, d) {
            let sets: HashSet<String> = (0..200)
                .map(|i| {
                    let s = crate::seed::derive(i, &format!("varied/network/{v}"));
                    let p = Network::sample(&mut crate::seed::rng(s), d, Some(v));
                    let solved = Network::solve(&p).unwrap();
                    let values: Vec<_> = solved.answers.iter().map(|a| &a.value).collect();
                    serde_json::to_string(&values).unwrap()
                })
                .collect();
            eprintln!(
                "network {d} {v}: {} distinct answer sets in 200 draws",
                sets.len()
            );
            if sets.len() < 150 {
                short.push(format!("{d} {v}: {}", sets.len()));
            }
        }
    }
    assert!(short.is_empty(), "{short:?}");
}

/// A PyTorch call too long for a LaTeX line is written in words in the question.
#[test]
fn long_calls_are_written_in_words() {
    let s = solve_json(json!({"input": [1, 3, 8, 8], "layers": [
        {"op": "conv_transpose2d", "out_channels": 96, "kernel": 2, "stride": 2, "padding": 1, "output_padding": 1},
        {"op": "relu"}
    ]}))
    .unwrap();
    let facts = serde_json::to_string(&s.question).unwrap();
    assert!(
        facts.contains("ConvTranspose2d: transposed conv $2 \\\\times 2$, $96$ filters, stride 2, padding 1, output padding 1"),
        "{facts}"
    );
    assert!(facts.contains("`nn.ReLU()`"), "{facts}");
}
