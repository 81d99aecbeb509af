use serde_json::json;

use super::sample::CALCULATOR_FREE_Z;
use super::solve::{Ids, build, evaluate_given};
use super::tolerance::tolerances;
use super::*;
use crate::num::{Q, Real};
use crate::problems::params::from_json;
use crate::seed;
use crate::solution::Answer;
use crate::tensor::{Scalar, Tensor};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    BceBackprop::solve(&from_json::<Params>("bce-backprop", &v)?)
}

fn answer<'a>(s: &'a Solved, id: &str) -> &'a Answer {
    s.answers
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no answer {id}"))
}

fn sampled(difficulty: Difficulty, seed_value: u64) -> (Params, Checked) {
    let p = BceBackprop::sample(&mut seed::rng(seed_value), difficulty, None);
    let c = Checked::new(&p).expect("sampled params are valid");
    (p, c)
}

#[test]
fn the_exams_instance_3_1() {
    let s = solve_json(json!({"x": [1, 2, 0, 1], "w": [1, -2, 3, 3], "b": 0, "y": 1})).unwrap();
    assert_eq!(s.variant, "single");
    assert_eq!(answer(&s, "z").value, json!(0));
    assert_eq!(answer(&s, "y_hat").exact, Some(json!("1/2")));
    assert_eq!(answer(&s, "loss").latex, "\\ln 2 \\approx 0.6931");
    assert_eq!(answer(&s, "loss").value.to_string(), "0.693147180559945");
    assert_eq!(answer(&s, "dL_dyhat").value, json!(-2));
    assert_eq!(answer(&s, "dL_dz").exact, Some(json!("-1/2")));
    assert_eq!(
        answer(&s, "dL_dW").exact,
        Some(json!(["-1/2", "-1", "0", "-1/2"]))
    );
    assert_eq!(answer(&s, "dL_db").value, json!(-0.5));
    assert_eq!(answer(&s, "cache").value, json!("X, y_hat"));
    assert_eq!(answer(&s, "dL_dW_sign").value, json!("non-positive"));
    let text: String = s.solution.steps.iter().map(|st| st.body.clone()).collect();
    assert!(
        text.contains("-\\frac{1}{\\hat{y}} = -\\frac{1}{0.5} = -2"),
        "{text}"
    );
    assert!(text.contains("\\frac{\\partial L}{\\partial \\hat{y}} \\frac{\\partial \\hat{y}}{\\partial z} \\frac{\\partial z}{\\partial W}"));
}

#[test]
fn rounded_forward_pass_is_printed_and_gradients_match_known_values() {
    // z = 1: y_hat = sigma(1) = 0.7310585786..., dL/dz = y_hat - 1.
    let s = solve_json(json!({"x": [1, 0], "w": [1, 2], "b": 0, "y": 1})).unwrap();
    assert_eq!(s.variant, "rounded");
    // z = 1.1: sigma = 0.75026, printed with two places as 0.75 (a calculator-free point).
    let near = solve_json(json!({"x": [1, 0], "w": [1, 2], "b": "1/10", "y": 1})).unwrap();
    assert_eq!(near.variant, "single");
    assert_eq!(
        near.question.facts["given_values"],
        json!("\\hat{y} \\approx 0.75, \\quad L \\approx 0.29")
    );
    assert_eq!(
        s.question.facts["given_values"],
        json!("\\hat{y} \\approx 0.731, \\quad L \\approx 0.313")
    );
    let dz = answer(&s, "dL_dz");
    assert_eq!(dz.value, json!(-0.268941421369995));
    assert!(dz.exact.is_none());
    assert!(matches!(dz.tolerance.entry(0), crate::solution::Bound::Abs(x) if x.to_f64() > 0.0005));
}

#[test]
fn the_worked_steps_go_on_from_the_printed_prediction() {
    // z = 1.1: the sheet prints y_hat = 0.75; the steps use 0.75 exactly (-1/0.75 = -4/3,
    // dL/dz = -0.25), and PyTorch's unrounded -0.2497 comes after them, as the key holds it.
    let s = solve_json(json!({"x": [1, 0], "w": [1, 2], "b": "1/10", "y": 1})).unwrap();
    let text: Vec<(String, String)> = s
        .solution
        .steps
        .iter()
        .map(|st| (st.title.clone(), st.body.clone()))
        .collect();
    let at = text
        .iter()
        .position(|(t, _)| t == "PyTorch's unrounded values")
        .expect("the unrounded values close the worked steps");
    let worked: String = text[..at].iter().map(|(_, b)| b.as_str()).collect();
    assert!(
        worked.contains(r"-\frac{1}{0.75} = -\frac{4}{3}"),
        "{worked}"
    );
    assert!(
        worked.contains(r"\hat{y} - y = 0.75 - 1 = -0.25"),
        "{worked}"
    );
    assert!(
        !worked.contains("0.7503") && !worked.contains("0.2497"),
        "{worked}"
    );
    assert!(text[at].1.contains("-0.2497"), "{}", text[at].1);
    assert_eq!(answer(&s, "dL_dz").latex, "-0.2497");
    assert_eq!(answer(&s, "z").latex, "1.1", "z as the statement writes b");
}

#[test]
fn batches_carry_the_mean_factor_and_sum_does_not() {
    let mean =
        solve_json(json!({"x": [[1, 0], [0, 1]], "w": [0, 0], "b": 0, "y": [1, 0]})).unwrap();
    assert_eq!(mean.variant, "batch");
    assert_eq!(answer(&mean, "dL_dz").exact, Some(json!(["-1/4", "1/4"])));
    assert_eq!(answer(&mean, "dL_dW").exact, Some(json!(["-1/4", "1/4"])));
    assert_eq!(answer(&mean, "dL_db").exact, Some(json!("0")));
    let sum = solve_json(
        json!({"x": [[1, 0], [0, 1]], "w": [0, 0], "b": 0, "y": [1, 0], "reduction": "sum"}),
    )
    .unwrap();
    assert_eq!(sum.variant, "batch-sum");
    assert_eq!(answer(&sum, "dL_dz").exact, Some(json!(["-1/2", "1/2"])));
    assert_eq!(answer(&sum, "loss").latex, "2 \\ln 2 \\approx 1.3863");
}

/// Finite differences in f64 on the same graph agree with the exact gradients of every node.
fn finite_difference_check(c: &Checked) {
    let (g, ids) = build::<Real>(c);
    let grads = g.backward(ids.loss, Tensor::scalar(Real::one()));
    let (mut gf, _) = build::<f64>(c);
    let float = gf.backward(ids.loss, Tensor::scalar(1.0));
    let Ids {
        w,
        b,
        z,
        y_hat,
        loss,
        ..
    } = ids;
    for id in [w, b, z, y_hat] {
        let exact = grads.get(id).unwrap();
        for (k, e) in exact.data().iter().enumerate() {
            let e = e.to_f64();
            let f = float.get(id).unwrap().data()[k];
            assert!(
                (e - f).abs() <= 1e-9 * (1.0 + e.abs()),
                "float backward {f} vs exact {e}"
            );
            let base = gf.value(id).clone();
            let h = 1e-6;
            let mut at = |delta: f64| {
                let mut moved = base.clone();
                moved.data_mut()[k] += delta;
                gf.set_value(id, moved);
                gf.value(loss).data()[0]
            };
            let fd = (at(h) - at(-h)) / (2.0 * h);
            gf.set_value(id, base);
            assert!(
                (fd - e).abs() <= 1e-5 * (1.0 + e.abs()),
                "node {} [{k}]: finite difference {fd} vs exact {e} for {c:?}",
                g.symbol(id)
            );
        }
    }
}

#[test]
fn finite_differences_agree_on_random_variants() {
    for difficulty in Difficulty::ALL {
        for s in 0..100 {
            let (_, c) = sampled(difficulty, s);
            finite_difference_check(&c);
        }
    }
}

#[test]
fn full_precision_and_sheet_answers_both_fall_within_the_tolerance() {
    let mut checked = 0;
    for difficulty in Difficulty::ALL {
        for s in 0..80 {
            let (_, c) = sampled(difficulty, 10_000 + s);
            let (g, ids) = build::<Real>(&c);
            let grads = g.backward(ids.loss, Tensor::scalar(Real::one()));
            let y_hat = g.value(ids.y_hat).data().to_vec();
            let (sheet, tol, at) = tolerances(&c, &y_hat, &g.value(ids.loss).data()[0]);
            if !sheet.given {
                continue;
            }
            checked += 1;
            let full = |id| {
                grads
                    .get(id)
                    .unwrap()
                    .data()
                    .iter()
                    .map(|r: &Real| r.value().clone())
                    .collect::<Vec<Q>>()
            };
            let cases = [
                (full(ids.y_hat), at.dyhat.clone(), &tol.dyhat),
                (full(ids.z), at.dz.clone(), &tol.dz),
                (full(ids.w), at.dw.clone(), &tol.dw),
                (full(ids.b), vec![at.db.clone()], &tol.db),
            ];
            for (value, from_sheet, t) in cases {
                for (v, a) in value.iter().zip(&from_sheet) {
                    assert!(
                        (v - a).abs() <= *t,
                        "sheet answer {a} vs {v} beyond {t} for {c:?}"
                    );
                    let written = a.round_to(sheet.places);
                    assert!(
                        (v - &written).abs() <= *t,
                        "rounded sheet answer {written} vs {v} beyond {t}"
                    );
                }
            }
            let loss = g.value(ids.loss).data()[0].value().clone();
            let printed = Tensor::new(
                vec![sheet.y_hat.len()],
                sheet.y_hat.iter().cloned().map(Real::Exact).collect(),
            );
            let from_sheet = crate::engine::bce_loss(&printed, &c.y, c.reduction).data()[0]
                .value()
                .clone();
            assert!(
                (&loss - &from_sheet).abs() <= tol.loss,
                "loss from the sheet {from_sheet} vs {loss} beyond {}",
                tol.loss
            );
            assert!((&loss - &sheet.loss).abs() <= tol.loss);
            for (p, printed) in y_hat.iter().zip(&sheet.y_hat) {
                assert!((p.value() - printed).abs() <= tol.y_hat);
            }
            // The sheet's values really are the values a student works from.
            let again = evaluate_given(&c, &sheet.y_hat);
            assert_eq!(again.dz, at.dz);
        }
    }
    assert!(
        checked > 100,
        "only {checked} variants print their forward pass"
    );
}

fn denominators_divide(values: &[Q], two_n: &Q) -> bool {
    values.iter().all(|q| {
        (two_n / &Q::from_big(num_rational::BigRational::from_integer(q.denom()))).is_integer()
    })
}

/// The calculator-free rule of the module docs, on 1,000 seeds: only `single` and `label-0`,
/// integer inputs from a ReLU and integer weights, `z` one of the calculator-free points; the
/// prediction exact (1/2, short fractions with denominators dividing `2n`) or printed with two
/// places as a multiple of 0.05, so every value worked from the sheet is a short fraction.
#[test]
fn exam_variants_are_calculator_free() {
    let points: Vec<Q> = CALCULATOR_FREE_Z.iter().map(|z| Q::frac(*z, 100)).collect();
    let mut nonzero = 0;
    for s in 0..1000 {
        let (p, c) = sampled(Difficulty::Exam, 50_000 + s);
        assert!(
            ["single", "label-0"].contains(&c.variant()),
            "{}",
            c.variant()
        );
        for v in c.x.iter().flatten() {
            assert!(
                v.is_integer() && !v.is_negative() && *v <= Q::int(3),
                "input {v}"
            );
        }
        assert!(c.w.iter().all(Q::is_integer));
        assert!(points.contains(&c.z[0]), "z = {}", c.z[0]);
        nonzero += usize::from(!c.z[0].is_zero());
        let y_hat: Vec<Real> =
            c.z.iter()
                .map(|z| Real::Exact(z.clone()).sigmoid())
                .collect();
        let loss = Real::Exact(Q::zero());
        let (sheet, _, at) = tolerances(&c, &y_hat, &loss);
        let irrational = !c.z[0].is_zero();
        assert_eq!(
            sheet.given, irrational,
            "forward values are printed exactly when irrational"
        );
        assert_eq!(sheet.places, if irrational { 2 } else { 3 });
        let twenty = Q::int(20);
        if irrational {
            // The sheet's prediction is a multiple of 0.05: y_hat - y has two decimals, and
            // 1 / y_hat (or 1 / (1 - y_hat)) is 20 / k.
            assert!(
                (&sheet.y_hat[0] * &twenty).is_integer(),
                "{:?}",
                sheet.y_hat
            );
            assert!(
                at.dz
                    .iter()
                    .chain(&at.dw)
                    .all(|v| (v * &twenty).is_integer())
            );
            assert!(
                at.dyhat
                    .iter()
                    .all(|v| (v.recip().unwrap() * &twenty).is_integer())
            );
        } else {
            let two_n = Q::int(2 * c.x.len() as i64);
            for part in [&at.dyhat, &at.dz, &at.dw, &vec![at.db.clone()]] {
                assert!(denominators_divide(part, &two_n), "{part:?} for {c:?}");
            }
        }
        if s < 60 {
            let solved = BceBackprop::solve(&p).unwrap();
            assert_eq!(solved.question.facts["given"], json!(irrational));
        }
    }
    assert!(nonzero > 800, "z != 0 in {nonzero} of 1000");
}

/// Asking for a variant that cannot be calculator-free at `exam` is refused, naming it.
#[test]
fn practice_only_variants_are_refused_at_exam() {
    let family = crate::problems::find("bce-backprop").unwrap();
    for v in ["rounded", "batch", "batch-sum"] {
        let e = crate::problems::check_offered(family, v, Difficulty::Exam).unwrap_err();
        assert!(e.to_string().contains(v), "{e}");
        assert!(crate::problems::check_offered(family, v, Difficulty::Practice).is_ok());
    }
}

/// No batch has an all-zero dL/dW (examples that cancel), at any difficulty.
#[test]
fn no_batch_has_a_zero_weight_gradient() {
    for d in [Difficulty::Practice, Difficulty::Hard] {
        for v in ["batch", "batch-sum"] {
            for s in 0..1000 {
                let p = BceBackprop::sample(&mut seed::rng(s), d, Some(v));
                let solved = BceBackprop::solve(&p).unwrap();
                let dw = &answer(&solved, "dL_dW").value;
                let all_zero = dw
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|x| x.as_f64() == Some(0.0));
                assert!(!all_zero, "{}", serde_json::to_string(&p).unwrap());
            }
        }
    }
}

#[test]
fn every_variant_samples_at_every_difficulty_and_round_trips() {
    for difficulty in Difficulty::ALL {
        let offered = crate::problems::offered(
            BceBackprop::VARIANTS,
            BceBackprop::PRACTICE_ONLY,
            difficulty,
        );
        for (i, variant) in offered.iter().enumerate() {
            let p = BceBackprop::sample(&mut seed::rng(i as u64), difficulty, Some(variant));
            let json = serde_json::to_value(&p).unwrap();
            let again: Params = from_json("bce-backprop", &json).unwrap();
            let s = BceBackprop::solve(&again).unwrap();
            assert_eq!(s.variant, *variant);
            for y in Checked::new(&again).unwrap().z {
                assert!(y.abs() <= Q::frac(9, 2), "saturated sigmoid at z = {y}");
            }
        }
    }
}

#[test]
fn bad_input_names_the_field() {
    for (v, needle) in [
        (json!({"x": [1, 2], "w": [1, 2, 3], "y": 1}), "`x`"),
        (json!({"x": [1, 2], "w": [1, 2], "y": 2}), "`y`: label 2"),
        (
            json!({"x": [[1, 2], [3]], "w": [1, 2], "y": [1, 0]}),
            "ragged",
        ),
        (json!({"x": [[1, 2], [3, 4]], "w": [1, 2], "y": 1}), "`y`"),
        (json!({"x": [1, 2], "w": [1, 2], "y": [1, 0]}), "`y`"),
        (json!({"x": [1, "a"], "w": [1, 2], "y": 1}), "`x`"),
        (
            json!({"x": [1, 2], "w": [1, 2], "y": 1, "bias": 0}),
            "unknown field `bias`",
        ),
        (
            json!({"x": [1, 2], "w": [1, 2], "y": 1, "reduction": "max"}),
            "`reduction`",
        ),
        (json!({"x": [100, 2], "w": [1, 2], "y": 1}), "beyond"),
        (json!({"x": [], "w": [], "y": 1}), "`x`"),
        (
            json!({"x": [1e300, 2], "w": ["-1e300", 0], "b": 1, "y": 1}),
            "beyond ±25",
        ),
    ] {
        match solve_json(v.clone()) {
            Ok(_) => panic!("{v} was accepted"),
            Err(e) => assert!(e.to_string().contains(needle), "{v}: {e}"),
        }
    }
    // Huge but cancelling numbers are fine: z = 1e300 - 1e300 + 0 = 0.
    let s = solve_json(json!({"x": [1, 1], "w": ["1e300", "-1e300"], "y": 0})).unwrap();
    assert_eq!(answer(&s, "dL_dz").exact, Some(json!("1/2")));
}

#[test]
fn the_figures_of_the_largest_batch_keep_their_labels_apart() {
    let x: Vec<Vec<i64>> = (0..16)
        .map(|r| (0..32).map(|c| (r + c) % 3).collect())
        .collect();
    let y: Vec<i64> = (0..16).map(|r| r % 2).collect();
    let w: Vec<String> = (0..32).map(|c| format!("{}/7", c % 5 - 2)).collect();
    let s = solve_json(json!({"x": x, "w": w, "b": "1/3", "y": y})).unwrap();
    let [question, solution] = [&s.question.figures, &s.solution.figures].map(|f| &f[0]);
    for f in [question, solution] {
        crate::figure::check(&f.drawing).unwrap();
    }
    let svg = solution.drawing.svg().to_string();
    assert!(svg.contains("∂L/∂W ≈ [") && svg.contains(", ...]"), "{svg}");
    assert!(!question.drawing.svg().to_string().contains('≈'));
}
