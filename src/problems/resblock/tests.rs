use serde_json::json;

use super::solve::build;
use super::*;
use crate::num::Q;
use crate::num::Real;
use crate::problems::params::from_json;
use crate::seed;
use crate::solution::Answer;
use crate::tensor::Tensor;

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    Resblock::solve(&from_json::<Params>("resblock", &v)?)
}

fn answer<'a>(s: &'a Solved, id: &str) -> &'a Answer {
    s.answers
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no answer {id}"))
}

fn exam_sized() -> serde_json::Value {
    json!({"input": [[[[1, -2], [3, 0]]]],
           "conv1": {"weight": [[[[2]]]], "bias": [-1]},
           "conv2": {"weight": [[[[0, 1, 0], [1, -1, 1], [0, 2, 0]]]], "bias": [1]}})
}

const SYMBOLIC: &str = "\\frac{\\partial L}{\\partial F_2} = \\frac{\\partial L}{\\partial F_3} \\left(1 + \\frac{\\partial C}{\\partial G_2} \\frac{\\partial G_2}{\\partial G_1} \\frac{\\partial G_1}{\\partial F_2}\\right)";

#[test]
fn the_exams_instance_3_4_and_3_5() {
    let s = solve_json(exam_sized()).unwrap();
    assert_eq!(s.variant, "standard");
    assert_eq!(
        answer(&s, "assignment").value,
        json!({"A": "Conv1", "B": "ReLU", "C": "Conv2"})
    );
    assert_eq!(answer(&s, "skip_input").value, json!("F2"));
    assert_eq!(answer(&s, "conv2_padding").value, json!(1));
    assert_eq!(answer(&s, "dL_dF2_symbolic").value, json!(SYMBOLIC));
    // Worked by hand: G1 = 2 F2 - 1, G2 = relu(G1), C = Conv2(G2) + 1.
    assert_eq!(answer(&s, "G1").value, json!([[[[1, -5], [5, -1]]]]));
    assert_eq!(answer(&s, "G2").value, json!([[[[1, 0], [5, 0]]]]));
    assert_eq!(answer(&s, "F3").value, json!([[[[11, 0], [0, 6]]]]));
    assert_eq!(answer(&s, "dL_dG2").value, json!([[[[1, 1], [2, 2]]]]));
    assert_eq!(answer(&s, "dL_dG1").value, json!([[[[1, 0], [2, 0]]]]));
    assert_eq!(answer(&s, "dL_dF2").value, json!([[[[3, 1], [5, 1]]]]));
}

#[test]
fn the_symbolic_chain_rule_is_the_same_for_every_order() {
    for order in [
        ["conv1", "relu", "conv2"],
        ["relu", "conv1", "conv2"],
        ["conv1", "conv2", "relu"],
        ["conv2", "relu", "conv1"],
    ] {
        let mut p = exam_sized();
        p["order"] = json!(order);
        let s = solve_json(p).unwrap();
        assert_eq!(
            answer(&s, "dL_dF2_symbolic").value,
            json!(SYMBOLIC),
            "{order:?}"
        );
        let names: Vec<&str> = order
            .iter()
            .map(|o| match *o {
                "conv1" => "Conv1",
                "relu" => "ReLU",
                _ => "Conv2",
            })
            .collect();
        assert_eq!(
            answer(&s, "assignment").value,
            json!({"A": names[0], "B": names[1], "C": names[2]})
        );
    }
}

/// f64 finite differences of L = sum(upstream * F3) on the same graph agree with the exact
/// gradients at F2, G1 and G2 (and so does f64 backward).
fn finite_difference_check(c: &Checked) {
    let (g, ids) = build::<Real>(c);
    let up_exact = Tensor::new(
        c.shape.to_vec(),
        c.upstream.iter().cloned().map(Real::Exact).collect(),
    );
    let grads = g.backward(ids.f3, up_exact);
    let (mut gf, _) = build::<f64>(c);
    let up: Vec<f64> = c.upstream.iter().map(Q::to_f64).collect();
    let float = gf.backward(ids.f3, Tensor::new(c.shape.to_vec(), up.clone()));
    for id in [ids.f2, ids.g1, ids.g2] {
        let exact = grads.get(id).unwrap();
        for (k, e) in exact.data().iter().enumerate() {
            let e = e.to_f64();
            assert!((float.get(id).unwrap().data()[k] - e).abs() <= 1e-9 * (1.0 + e.abs()));
            let base = gf.value(id).clone();
            if id != ids.f2 && base.data()[k].abs() < 1e-3 {
                continue; // ReLU's kink: no derivative to difference at 0
            }
            let h = 1e-6;
            let mut at = |delta: f64| {
                let mut moved = base.clone();
                moved.data_mut()[k] += delta;
                gf.set_value(id, moved);
                gf.value(ids.f3)
                    .data()
                    .iter()
                    .zip(&up)
                    .map(|(f, u)| f * u)
                    .sum::<f64>()
            };
            let fd = (at(h) - at(-h)) / (2.0 * h);
            gf.set_value(id, base);
            // Through a ReLU input exactly at 0 the difference quotient is one-sided: skip those.
            let kink = (0..g.nodes().len()).any(|i| {
                matches!(g.nodes()[i].op, crate::engine::Op::Relu { .. })
                    && g.nodes()[i].op.inputs()[0] >= id
                    && g.value(g.nodes()[i].op.inputs()[0])
                        .data()
                        .iter()
                        .any(|v| v.value().is_zero())
            });
            if !kink {
                assert!(
                    (fd - e).abs() <= 1e-5 * (1.0 + e.abs()),
                    "{} [{k}]: {fd} vs {e} for {c:?}",
                    g.symbol(id)
                );
            }
        }
    }
}

#[test]
fn finite_differences_agree_on_random_variants() {
    for difficulty in Difficulty::ALL {
        for s in 0..100 {
            let p = Resblock::sample(&mut seed::rng(s), difficulty, None);
            finite_difference_check(&Checked::new(&p).unwrap());
        }
    }
}

/// The calculator-free rule of the module docs, on 1,000 seeds.
#[test]
fn exam_variants_are_calculator_free() {
    for s in 0..1000 {
        let p = Resblock::sample(&mut seed::rng(90_000 + s), Difficulty::Exam, None);
        let c = Checked::new(&p).unwrap();
        let all: Vec<&Q> = c
            .input
            .iter()
            .chain(&c.conv1.weight)
            .chain(&c.conv2.weight)
            .chain(&c.conv1.bias)
            .chain(&c.conv2.bias)
            .chain(&c.upstream)
            .collect();
        assert!(
            all.iter().all(|q| q.is_integer() && q.abs() <= Q::int(3)),
            "{c:?}"
        );
        assert!(c.shape[2] * c.shape[3] <= 9 && c.shape[1] <= 2 && c.conv2.k() <= 5);
        let solved = Resblock::solve(&p).unwrap();
        for a in &solved.answers {
            if let Some(serde_json::Value::Array(_)) = &a.exact {
                let text = a.exact.as_ref().unwrap().to_string();
                assert!(!text.contains('/'), "{} has a fraction: {text}", a.id);
                let numbers = a.value.to_string();
                for n in numbers
                    .split(|ch: char| !(ch.is_ascii_digit() || ch == '-'))
                    .filter(|t| !t.is_empty() && *t != "-")
                {
                    assert!(
                        n.parse::<i64>().unwrap().abs() <= 30,
                        "{} = {numbers}",
                        a.id
                    );
                }
            }
        }
        let g1 = answer(&solved, "dL_dG1").value.to_string();
        assert!(
            g1.contains('0') || c.order[0] == OpName::Relu || c.order[2] == OpName::Relu,
            "ReLU blocks nothing: {g1}"
        );
    }
}

#[test]
fn every_variant_samples_at_every_difficulty_and_round_trips() {
    for difficulty in Difficulty::ALL {
        for (i, variant) in Resblock::VARIANTS.iter().enumerate() {
            for s in 0..5 {
                let p = Resblock::sample(
                    &mut seed::rng(100 * i as u64 + s),
                    difficulty,
                    Some(variant),
                );
                let json = serde_json::to_value(&p).unwrap();
                let again: Params = from_json("resblock", &json).unwrap();
                assert_eq!(Resblock::solve(&again).unwrap().variant, *variant, "{json}");
            }
        }
    }
}

#[test]
fn bad_input_names_the_field() {
    let with = |path: &[&str], value: serde_json::Value| {
        let mut p = exam_sized();
        let mut target = &mut p;
        for key in &path[..path.len() - 1] {
            target = &mut target[*key];
        }
        target[path[path.len() - 1]] = value;
        p
    };
    for (v, needle) in [
        (
            with(&["conv2", "weight"], json!([[[[1, 2], [3, 4]]]])),
            "even",
        ),
        (
            with(
                &["conv1", "weight"],
                json!([[[[1, 0, 0], [0, 1, 0], [0, 0, 1]]]]),
            ),
            "1x1",
        ),
        (
            with(
                &["conv1"],
                json!({"weight": [[[[1]]], [[[2]]]], "bias": [0, 0]}),
            ),
            "conv2.weight",
        ),
        (with(&["input"], json!([[[[1, 2], [3]]]])), "ragged"),
        (with(&["input"], json!([[1, 2], [3, 4]])), "`input`"),
        (with(&["upstream"], json!([[[[1, 1]]]])), "`upstream`"),
        (
            with(&["order"], json!(["conv1", "conv1", "conv2"])),
            "`order`",
        ),
        (
            with(&["order"], json!(["conv1", "softmax", "conv2"])),
            "`order",
        ),
        (with(&["conv2", "bias"], json!([1, 2])), "`conv2.bias`"),
        (with(&["conv2", "dilation"], json!(9)), "`conv2.dilation`"),
        (
            with(&["conv2", "stride"], json!(2)),
            "unknown field `stride`",
        ),
        (with(&["input"], json!([[[["x", 1], [1, 1]]]])), "`input`"),
        (
            with(&["conv2", "weight"], json!([[[[1, 2, 3], [4, 5, 6]]]])),
            "square",
        ),
    ] {
        match solve_json(v.clone()) {
            Ok(_) => panic!("{v} was accepted"),
            Err(e) => assert!(e.to_string().contains(needle), "{v}: {e}"),
        }
    }
}

#[test]
fn the_figure_scales_to_64_channels_and_large_maps_without_overlaps() {
    use super::figure::{Shapes, figure};
    let c = Checked::new(&from_json::<Params>("resblock", &exam_sized()).unwrap()).unwrap();
    for dims in [[1, 4, 2, 2], [1, 64, 128, 128], [16, 64, 224, 224]] {
        let shapes = Shapes {
            dims: [&dims[..]; 5],
        };
        for named in [false, true] {
            let f = figure(&c, &shapes, named);
            crate::figure::check(&f.drawing).unwrap();
            let text = f.drawing.svg().to_string();
            assert!(
                text.contains(&format!("{}×{}", dims[2], dims[3])),
                "shapes drawn"
            );
            assert_eq!(text.contains("gradient highway"), named);
        }
    }
}
