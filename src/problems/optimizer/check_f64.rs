//! An independent, straightforward f64 implementation of the five optimizers (PyTorch's
//! semantics and defaults), read from the params JSON alone, against every answer of sampled
//! problems of every variant and difficulty.

use serde_json::Value;

use super::Optimizer;
use crate::problems::{Difficulty, Family};

mod f64_check {
    use serde_json::Value;
    use std::collections::BTreeMap;

    fn num(v: &Value) -> f64 {
        match v {
            Value::Number(n) => n.as_f64().unwrap(),
            Value::String(s) => {
                let (a, b) = s.split_once('/').unwrap();
                a.parse::<f64>().unwrap() / b.parse::<f64>().unwrap()
            }
            _ => panic!("{v}"),
        }
    }

    fn vecf(v: &Value) -> Vec<f64> {
        v.as_array().unwrap().iter().map(num).collect()
    }

    struct Run {
        out: BTreeMap<String, Vec<f64>>,
        thetas: Vec<Vec<f64>>,
    }

    fn run(p: &Value, alg: &str, steps: usize, bc: bool) -> Run {
        let get = |k: &str, d: f64| p.get(k).map_or(d, num);
        let theta0 = vecf(&p["theta"]);
        let n = theta0.len();
        let lr = get("lr", if alg == "rmsprop" { 1e-2 } else { 1e-3 });
        let (b1, eps) = (get("beta1", 0.9), get("eps", 1e-8));
        let b2 = get("beta2", if alg == "rmsprop" { 0.99 } else { 0.999 });
        let wd = get("weight_decay", if alg == "adamw" { 1e-2 } else { 0.0 });
        let mu = get("momentum", 0.0);
        let mut th = theta0.clone();
        let (mut m, mut v) = (vec![0.0; n], vec![0.0; n]);
        let mut out = BTreeMap::new();
        let mut thetas = vec![theta0];
        for t in 1..=steps {
            let mut g: Vec<f64> = match p.get("grads") {
                Some(gs) => vecf(&gs[t - 1]),
                None => {
                    let q = &p["objective"]["quadratic"];
                    let (a, c) = (vecf(&q["a"]), vecf(&q["c"]));
                    (0..n).map(|i| 2.0 * a[i] * (th[i] - c[i])).collect()
                }
            };
            if alg != "adamw" {
                for i in 0..n {
                    g[i] += wd * th[i];
                }
            }
            let mut rec: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
            for i in 0..n {
                match alg {
                    "sgd" => th[i] -= lr * g[i],
                    "momentum" => {
                        m[i] = if t == 1 { g[i] } else { mu * m[i] + g[i] };
                        th[i] -= lr * m[i];
                    }
                    "rmsprop" => {
                        v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                        th[i] -= lr * g[i] / (v[i].sqrt() + eps);
                    }
                    _ => {
                        if alg == "adamw" {
                            th[i] *= 1.0 - lr * wd;
                        }
                        m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                        v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                        let (c1, c2) = if bc {
                            (1.0 - b1.powi(t as i32), 1.0 - b2.powi(t as i32))
                        } else {
                            (1.0, 1.0)
                        };
                        th[i] -= lr * (m[i] / c1) / ((v[i] / c2).sqrt() + eps);
                        rec.entry("m_hat").or_default().push(m[i] / c1);
                        rec.entry("v_hat").or_default().push(v[i] / c2);
                    }
                }
            }
            if matches!(alg, "adam" | "adamw" | "momentum") {
                out.insert(format!("m_{t}"), m.clone());
            }
            if alg != "sgd" && alg != "momentum" {
                out.insert(format!("v_{t}"), v.clone());
            }
            if bc {
                for (k, vals) in rec {
                    out.insert(format!("{k}_{t}"), vals);
                }
            }
            out.insert(format!("theta_{t}"), th.clone());
            thetas.push(th.clone());
        }
        Run { out, thetas }
    }

    /// Every answer the f64 implementation knows, by id.
    pub fn answers(p: &Value) -> BTreeMap<String, Vec<f64>> {
        let alg = p.get("algorithm").and_then(Value::as_str).unwrap_or("adam");
        let steps = p.get("steps").map_or_else(
            || p["grads"].as_array().unwrap().len(),
            |s| s.as_u64().unwrap() as usize,
        );
        let bc = p
            .get("bias_correction")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let main = run(p, alg, steps, bc);
        let mut out = main.out.clone();
        let diff: Vec<f64> = main.thetas[1]
            .iter()
            .zip(&main.thetas[0])
            .map(|(a, b)| a - b)
            .collect();
        out.insert("first_update".into(), diff);
        let get = |k: &str, d: f64| p.get(k).map_or(d, num);
        let factors = |b: f64| {
            (1..=steps)
                .map(|t| 1.0 - b.powi(t as i32))
                .collect::<Vec<_>>()
        };
        out.insert("m_factor".into(), factors(get("beta1", 0.9)));
        out.insert("v_factor".into(), factors(get("beta2", 0.999)));
        out.insert(
            "theta_1_uncorrected".into(),
            run(p, "adam", 1, false).thetas[1].clone(),
        );
        out.insert(
            "theta_1_corrected".into(),
            run(p, "adam", 1, true).thetas[1].clone(),
        );
        out.insert(
            "theta_1_adamw".into(),
            run(p, "adamw", 1, bc).thetas[1].clone(),
        );
        out.insert(
            "theta_1_adam_l2".into(),
            run(p, "adam", 1, bc).thetas[1].clone(),
        );
        out.insert(
            format!("theta_{steps}_sgd"),
            run(p, "sgd", steps, bc).thetas[steps].clone(),
        );
        if let Some(q) = p.get("objective") {
            let a = vecf(&q["quadratic"]["a"]);
            out.insert(
                "lr_max".into(),
                vec![1.0 / a.iter().cloned().fold(f64::MIN, f64::max)],
            );
        }
        out
    }
}

#[test]
fn answers_agree_with_an_independent_f64_implementation() {
    let mut checked = 0;
    for difficulty in Difficulty::ALL {
        for (k, variant) in Optimizer::VARIANTS.iter().enumerate() {
            for i in 0..10u64 {
                let seed = crate::seed::derive(i, &format!("optimizer-f64/{variant}"));
                let mut rng = crate::seed::rng(seed);
                let p = Optimizer::sample(&mut rng, difficulty, Some(variant));
                let json = serde_json::to_value(&p).unwrap();
                let want = f64_check::answers(&json);
                let s = Optimizer::solve(&p).unwrap();
                for a in &s.answers {
                    let got: Vec<f64> = match &a.value {
                        Value::Array(xs) => xs.iter().map(|x| x.as_f64().unwrap()).collect(),
                        x => vec![x.as_f64().unwrap()],
                    };
                    let exp = want
                        .get(&a.id)
                        .unwrap_or_else(|| panic!("{variant}: unknown id {}", a.id));
                    assert_eq!(got.len(), exp.len(), "{variant} {}", a.id);
                    for (g, e) in got.iter().zip(exp) {
                        assert!(
                            (g - e).abs() <= 1e-9 * e.abs().max(1.0),
                            "{difficulty} {variant} (#{k}) {}: dlexam {g} vs f64 {e}\n{json}",
                            a.id
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 2500, "{checked}");
}
