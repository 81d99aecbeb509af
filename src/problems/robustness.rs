//! Robustness of every family against malformed params: 100,000 mutated params, never a panic,
//! always a one-line input error (or a valid solve).
//!
//! Mutations start from sampled valid params and break them the ways users and scripts do:
//! missing and unknown fields, wrong types, strings for numbers, huge, negative and zero numbers,
//! ragged and empty arrays, deep nesting, and non-object documents.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value, json};

use super::sample::{int, pick};
use super::{Difficulty, DynFamily, FAMILIES};
use crate::error::Error;
use crate::seed;

/// Replacement leaves: wrong types, edge numbers, fraction strings good and bad.
fn odd_value(rng: &mut ChaCha8Rng) -> Value {
    let choices = [
        json!("x"),
        json!("3"),
        json!("1/0"),
        json!("1/3"),
        json!("-1e399"),
        json!("1e-399"),
        json!(true),
        json!(null),
        json!([]),
        json!({}),
        json!(-1),
        json!(0),
        json!(1),
        json!(2),
        json!(-7),
        json!(0.5),
        json!(-0.25),
        json!(1e308),
        json!(-1e308),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1_000_000_007),
        json!([[1, 2], [3]]),
        json!([[[[[[[[1]]]]]]]]),
        json!(["conv1", "relu"]),
        json!("mean"),
        json!("adam"),
        json!("padding"),
    ];
    pick(rng, &choices)
}

/// Paths to every node of a JSON value (object keys and array indices).
fn paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Value::String(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Value::from(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(value, |node, step| match step {
        Value::String(k) => &mut node[k.as_str()],
        _ => &mut node[step.as_u64().unwrap_or(0) as usize],
    })
}

/// Applies one random mutation.
fn mutate(rng: &mut ChaCha8Rng, value: &mut Value) {
    let mut all = Vec::new();
    paths(value, &mut Vec::new(), &mut all);
    let path = pick(rng, &all);
    let node = at(value, &path);
    match int(rng, 0, 6) {
        0 => *node = odd_value(rng),
        1 => {
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().next().cloned() {
                    let keys: Vec<String> = map.keys().cloned().collect();
                    map.remove(&pick(rng, &keys));
                    let _ = key;
                }
            } else {
                *node = odd_value(rng);
            }
        }
        2 => {
            if let Value::Object(map) = node {
                map.insert(
                    pick(rng, &["kernal", "seed", "x", "extra", "input", "steps"]).into(),
                    odd_value(rng),
                );
            } else {
                *node = odd_value(rng);
            }
        }
        3 => {
            if let Value::Array(items) = node {
                if items.is_empty() || int(rng, 0, 1) == 0 {
                    items.push(odd_value(rng));
                } else {
                    items.pop();
                }
            } else {
                *node = Value::Array(vec![node.clone(), node.clone()]);
            }
        }
        4 => {
            if let Some(n) = node.as_i64() {
                *node = json!(pick(
                    rng,
                    &[
                        n.saturating_neg(),
                        n.saturating_mul(1000),
                        n.saturating_add(1),
                        n.saturating_sub(1),
                        0,
                        n.saturating_mul(1 << 40)
                    ]
                ));
            } else {
                *node = odd_value(rng);
            }
        }
        5 => *node = json!(node.to_string()),
        _ => {
            if path.is_empty() {
                *node = pick(
                    rng,
                    &[
                        json!([]),
                        json!(3),
                        json!("params"),
                        Value::Object(Map::new()),
                    ],
                );
            } else {
                *node = Value::Array(Vec::new());
            }
        }
    }
}

fn check(family: &dyn DynFamily, params: &Value) {
    let outcome = catch_unwind(AssertUnwindSafe(|| family.solve_json(params)));
    match outcome {
        Err(_) => panic!("{} panicked on params {params}", family.id()),
        Ok(Ok(_)) => {}
        Ok(Err(Error::Invalid(message))) => {
            assert!(
                !message.is_empty() && !message.contains('\n'),
                "{}: not one line for {params}: {message:?}",
                family.id()
            );
        }
        Ok(Err(other)) => panic!("{}: not an input error for {params}: {other}", family.id()),
    }
}

/// 100,000 mutated params over all families: never a panic, only one-line input errors.
#[test]
fn malformed_params_never_panic() {
    let per_family = 100_000 / FAMILIES.len() + 1;
    for family in FAMILIES {
        let mut rng = seed::rng(seed::derive(7, family.id()));
        for case in 0..per_family {
            let difficulty = Difficulty::ALL[case % 3];
            let mut params = family.sample_json(&mut rng, difficulty, None);
            for _ in 0..int(&mut rng, 1, 3) {
                mutate(&mut rng, &mut params);
            }
            check(*family, &params);
        }
    }
}
