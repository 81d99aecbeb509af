//! Follow-through credit: in the chains of bce-backprop and optimizer, a later answer that is
//! wrong against the key but right given the student's own earlier answers earns its points
//! (status `follow-through`), as the seed exam's marking does.
//!
//! The later answer is recomputed from the problem's `params` with the student's own values of
//! the answers it uses (the key's values where the student gave none or an unreadable one), and
//! compared with the answer's tolerance. Credit needs at least one of the student's own values
//! to be wrong: otherwise the recomputed value is the key's.
//!
//! - bce-backprop: `y_hat` from `z`; `loss` and `dL_dyhat` from `y_hat`; `dL_dz` from `y_hat`
//!   (ŷ − y, over n for the mean) or from `dL_dyhat` and `y_hat` (dL/dŷ · ŷ(1 − ŷ)); `dL_dW` and
//!   `dL_db` from `dL_dz`.
//! - optimizer (step t): `m_t` and `v_t` from `m_{t-1}`, `v_{t-1}` and the gradient (which, for a
//!   quadratic objective or L2 weight decay, uses `theta_{t-1}`); `m_hat_t` from `m_t`;
//!   `v_hat_t` from `v_t`; `theta_t` from `theta_{t-1}` and the step's `m_hat_t`, `v_hat_t` (or
//!   `m_t`, `v_t` without bias correction; `m_t` for momentum; `v_t` for RMSProp).
//!
//! Other answers (and other families) earn no follow-through credit.

use serde_json::Value;

use super::compare::{Numbers, Verdict, compare_numbers};
use super::key::KeyProblem;
use super::value::Given;
use crate::num::{Q, Real};

/// Whether answer `i` of `problem` (submitted as `answer`), wrong against the key, is right
/// given the student's own earlier answers (`given`, by answer index).
pub fn credits(problem: &KeyProblem, i: usize, answer: &Given, given: &[Option<Given>]) -> bool {
    let Ok(submitted) = Numbers::of_given(answer) else {
        return false;
    };
    let key = &problem.answers[i];
    let Some(shape) = Numbers::of_key(&key.value, key.exact.as_ref()) else {
        return false;
    };
    let own = Own {
        problem,
        given,
        used_wrong: std::cell::Cell::new(false),
    };
    let candidates = match problem.family.as_str() {
        "optimizer" => optimizer(&own, &key.id).into_iter().collect(),
        "bce-backprop" => bce(&own, &key.id),
        _ => Vec::new(),
    };
    own.used_wrong.get()
        && candidates.iter().any(|expected| {
            expected.len() == shape.entries.len() && {
                let expected = Numbers {
                    shape: shape.shape.clone(),
                    entries: expected.iter().map(|r| r.value().clone()).collect(),
                };
                compare_numbers(&expected, &submitted, &key.tolerance) == Verdict::Right
            }
        })
}

/// The student's own values of a problem's answers.
struct Own<'a> {
    problem: &'a KeyProblem,
    given: &'a [Option<Given>],
    /// Set when a value used is the student's and is wrong against the key.
    used_wrong: std::cell::Cell<bool>,
}

impl Own<'_> {
    /// Answer `id`'s entries: the student's when readable with the key's number of entries,
    /// else the key's; `None` when the problem has no such answer.
    fn get(&self, id: &str) -> Option<Vec<Real>> {
        let i = self.problem.answers.iter().position(|a| a.id == id)?;
        let answer = &self.problem.answers[i];
        let key = Numbers::of_key(&answer.value, answer.exact.as_ref())?;
        let mine = self.given[i]
            .as_ref()
            .and_then(|g| Numbers::of_given(g).ok())
            .filter(|n| n.entries.len() == key.entries.len());
        match mine {
            Some(mine) => {
                if compare_numbers(&key, &mine, &answer.tolerance) != Verdict::Right {
                    self.used_wrong.set(true);
                }
                Some(mine.entries)
            }
            None => Some(key.entries.into_iter().map(Real::Exact).collect()),
        }
    }
}

fn num(v: &Value) -> Option<Q> {
    match v {
        Value::Number(n) => n.to_string().parse().ok(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn nums(v: &Value) -> Option<Vec<Q>> {
    v.as_array()?.iter().map(num).collect()
}

fn ex(q: &Q) -> Real {
    Real::Exact(q.clone())
}

/// `f` applied entry by entry to vectors of the same length.
fn zip(a: &[Real], b: &[Real], f: impl Fn(&Real, &Real) -> Option<Real>) -> Option<Vec<Real>> {
    (a.len() == b.len()).then_some(())?;
    a.iter().zip(b).map(|(x, y)| f(x, y)).collect()
}

/// `(name, t)` of an id such as `m_hat_2`.
fn step_of(id: &str) -> Option<(&str, usize)> {
    let (name, t) = id.rsplit_once('_')?;
    Some((name, t.parse().ok().filter(|t| *t >= 1)?))
}

fn optimizer(own: &Own<'_>, id: &str) -> Option<Vec<Real>> {
    let params = &own.problem.params;
    let (name, t) = step_of(id)?;
    let q = |field: &str| params.get(field).and_then(num);
    let algorithm = params
        .get("algorithm")
        .and_then(Value::as_str)
        .unwrap_or("adam");
    let theta0 = nums(params.get("theta")?)?;
    let p = theta0.len();
    let one = ex(&Q::one());
    let wd = q("weight_decay").unwrap_or_else(Q::zero);
    let previous = |prefix: &str| -> Option<Vec<Real>> {
        if t == 1 {
            Some(match prefix {
                "theta" => theta0.iter().map(ex).collect(),
                _ => vec![ex(&Q::zero()); p],
            })
        } else {
            own.get(&format!("{prefix}_{}", t - 1))
        }
    };
    let gradient = || -> Option<Vec<Real>> {
        let theta = previous("theta")?;
        let g: Vec<Real> = match (params.get("grads"), params.get("objective")) {
            (Some(rows), _) => nums(rows.as_array()?.get(t - 1)?)?.iter().map(ex).collect(),
            (None, Some(objective)) => {
                let quad = objective.get("quadratic")?;
                let (a, c) = (nums(quad.get("a")?)?, nums(quad.get("c")?)?);
                (0..p)
                    .map(|i| {
                        Some(&ex(&(Q::int(2) * a.get(i)?.clone())) * &(&theta[i] - &ex(c.get(i)?)))
                    })
                    .collect::<Option<_>>()?
            }
            _ => return None,
        };
        if algorithm != "adamw" && wd.is_positive() {
            zip(&g, &theta, |gi, th| Some(gi + &(&ex(&wd) * th)))
        } else {
            Some(g)
        }
    };
    let average = |beta: &Q, prev: Vec<Real>, g: &[Real], square: bool| {
        zip(&prev, g, |m, gi| {
            let gi = if square { gi * gi } else { gi.clone() };
            Some(&(&ex(beta) * m) + &(&(&one - &ex(beta)) * &gi))
        })
    };
    let corrected = |beta: &Q, of: &str| {
        let c = ex(&(Q::one() - beta.pow(u32::try_from(t).ok()?)));
        own.get(&format!("{of}_{t}"))?
            .iter()
            .map(|x| x.checked_div(&c))
            .collect()
    };
    let hats = params
        .get("bias_correction")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let (lr, eps) = (ex(&q("lr")?), ex(&q("eps").unwrap_or_else(Q::zero)));
    let step = |num: &[Real], den: &[Real]| {
        zip(num, den, |n, d| (&lr * n).checked_div(&(&d.sqrt()? + &eps)))
    };
    match (name, algorithm) {
        ("m", "adam" | "adamw") => average(&q("beta1")?, previous("m")?, &gradient()?, false),
        ("m", "momentum") => {
            let mu = ex(&q("momentum")?);
            zip(&previous("m")?, &gradient()?, |m, g| Some(&(&mu * m) + g))
        }
        ("v", "adam" | "adamw" | "rmsprop") => {
            average(&q("beta2")?, previous("v")?, &gradient()?, true)
        }
        ("m_hat", _) => corrected(&q("beta1")?, "m"),
        ("v_hat", _) => corrected(&q("beta2")?, "v"),
        ("theta", _) => {
            let mut base = previous("theta")?;
            if algorithm == "adamw" {
                let factor = &one - &(&lr * &ex(&wd));
                base = base.iter().map(|x| &factor * x).collect();
            }
            let update = match algorithm {
                "sgd" => gradient()?.iter().map(|g| &lr * g).collect(),
                "momentum" => own
                    .get(&format!("m_{t}"))?
                    .iter()
                    .map(|m| &lr * m)
                    .collect(),
                "rmsprop" => step(&gradient()?, &own.get(&format!("v_{t}"))?)?,
                _ if hats => step(
                    &own.get(&format!("m_hat_{t}"))?,
                    &own.get(&format!("v_hat_{t}"))?,
                )?,
                _ => step(&own.get(&format!("m_{t}"))?, &own.get(&format!("v_{t}"))?)?,
            };
            zip(&base, &update, |b, u| Some(b - u))
        }
        _ => None,
    }
}

fn bce(own: &Own<'_>, id: &str) -> Vec<Vec<Real>> {
    bce_candidates(own, id).unwrap_or_default()
}

fn bce_candidates(own: &Own<'_>, id: &str) -> Option<Vec<Vec<Real>>> {
    let params = &own.problem.params;
    let x = params.get("x")?;
    let rows: Vec<Vec<Q>> = match x.as_array()?.first()? {
        Value::Array(_) => x.as_array()?.iter().map(nums).collect::<Option<_>>()?,
        _ => vec![nums(x)?],
    };
    let labels: Vec<Q> = match params.get("y")? {
        Value::Array(_) => nums(params.get("y")?)?,
        y => vec![num(y)?],
    };
    let n = rows.len();
    let mean = params.get("reduction").and_then(Value::as_str) != Some("sum");
    let factor = ex(&if mean { Q::frac(1, n as i64) } else { Q::one() });
    let one = ex(&Q::one());
    let y: Vec<Real> = labels.iter().map(ex).collect();
    let dz_from = |dz: Vec<Real>| -> Option<(Vec<Real>, Real)> {
        (dz.len() == n).then_some(())?;
        let d = rows.first()?.len();
        let dw = (0..d)
            .map(|j| {
                dz.iter()
                    .zip(&rows)
                    .fold(ex(&Q::zero()), |s, (g, row)| &s + &(g * &ex(&row[j])))
            })
            .collect();
        let db = dz.iter().fold(ex(&Q::zero()), |s, g| &s + g);
        Some((dw, db))
    };
    Some(match id {
        "y_hat" => vec![own.get("z")?.iter().map(Real::sigmoid).collect()],
        "loss" => {
            let y_hat = own.get("y_hat")?;
            let terms = zip(&y_hat, &y, |p, y| {
                let a = y * &p.ln()?;
                let b = &(&one - y) * &(&one - p).ln()?;
                Some(-&(&a + &b))
            })?;
            vec![vec![
                &factor * &terms.iter().fold(ex(&Q::zero()), |s, t| &s + t),
            ]]
        }
        "dL_dyhat" => vec![zip(&own.get("y_hat")?, &y, |p, y| {
            let a = y.checked_div(p)?;
            let b = (&one - y).checked_div(&(&one - p))?;
            Some(&factor * &(&b - &a))
        })?],
        "dL_dz" => {
            let y_hat = own.get("y_hat")?;
            let mut out = vec![zip(&y_hat, &y, |p, y| Some(&factor * &(p - y)))?];
            if let Some(dyhat) = own.get("dL_dyhat") {
                out.extend(zip(&dyhat, &y_hat, |g, p| Some(&(g * p) * &(&one - p))));
            }
            out
        }
        "dL_dW" => vec![dz_from(own.get("dL_dz")?)?.0],
        "dL_db" => vec![vec![dz_from(own.get("dL_dz")?)?.1]],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::key::KeyProblem;
    use crate::problems::{self, Difficulty};

    /// The relations applied to the key's own values give the key's answers back: the formulas
    /// are the family's.
    #[test]
    fn the_relations_reproduce_the_key() {
        let mut checked = 0;
        for (family, variants) in [
            (
                "bce-backprop",
                &["single", "label-0", "batch", "batch-sum", "rounded"][..],
            ),
            (
                "optimizer",
                &[
                    "adam",
                    "adam-quadratic",
                    "adam-l2",
                    "adamw-quadratic",
                    "sgd-quadratic",
                    "momentum",
                    "rmsprop-quadratic",
                ][..],
            ),
        ] {
            let f = problems::find(family).unwrap();
            for variant in variants {
                for seed in 0..8u64 {
                    for difficulty in [Difficulty::Exam, Difficulty::Practice] {
                        let Ok(p) = problems::generate(f, seed * 31 + 5, difficulty, Some(variant))
                        else {
                            continue;
                        };
                        let key: KeyProblem = serde_json::from_value(serde_json::json!({
                            "family": p.family, "params": p.params, "points": 1,
                            "answers": serde_json::to_value(&p.answers).unwrap(),
                        }))
                        .unwrap();
                        let given: Vec<Option<Given>> = key
                            .answers
                            .iter()
                            .map(|a| {
                                Numbers::of_key(&a.value, a.exact.as_ref()).map(|n| {
                                    Given::List(
                                        n.entries
                                            .into_iter()
                                            .map(|q| Given::Number(Real::Exact(q)))
                                            .collect(),
                                    )
                                })
                            })
                            .collect();
                        let own = Own {
                            problem: &key,
                            given: &given,
                            used_wrong: std::cell::Cell::new(false),
                        };
                        for a in &key.answers {
                            let candidates: Vec<Vec<Real>> = match family {
                                "optimizer" => optimizer(&own, &a.id).into_iter().collect(),
                                _ => bce(&own, &a.id),
                            };
                            let Some(expected) = Numbers::of_key(&a.value, a.exact.as_ref()) else {
                                continue;
                            };
                            for c in &candidates {
                                let got = Numbers {
                                    shape: expected.shape.clone(),
                                    entries: c.clone(),
                                };
                                assert_eq!(
                                    compare_numbers(&expected, &got, &a.tolerance),
                                    Verdict::Right,
                                    "{family} {variant} {} seed {:?}: {:?} vs {}",
                                    a.id,
                                    p.seed,
                                    c.iter().map(Real::to_f64).collect::<Vec<_>>(),
                                    a.value
                                );
                                checked += 1;
                            }
                        }
                        assert!(!own.used_wrong.get());
                    }
                }
            }
        }
        assert!(checked > 500, "{checked}");
    }
}
