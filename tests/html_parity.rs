//! The practice page's checker (`templates/html/check.js`, run by node) against `dlexam grade`'s
//! rules (`dlexam::grade::compare`) on one corpus of typed answers: the keys of every family at
//! every difficulty, typed as fractions, decimals to 2-6 places, decimal commas, formulas,
//! bracketed lists with commas, spaces and semicolons, wrong shapes, values on and just past the
//! tolerance, typical wrong values (plus one, a flipped sign), words, named parts and sets; and a
//! fixed list of formulas (`ln(17/6)`, `1/(1+e^-1)`, `sqrt(2)/2`, ...) and unreadable text.

use std::process::Command;

use serde_json::{Value, json};

use dlexam::grade::compare::{Verdict, compare};
use dlexam::grade::key::KeyAnswer;
use dlexam::grade::value::Given;
use dlexam::num::Q;

use crate::verify::{families, generate, missing, run, say, scratch, text};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `node` on PATH, or None (after saying so: a failure under CI).
pub(crate) fn node() -> Option<()> {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing("node", "apt-get install nodejs");
    }
    ok.then_some(())
}

/// The key's numbers in their nesting, each written by `entry(index, value)`; None for keys
/// that are not numbers.
fn nested(
    value: &Value,
    exact: Option<&Value>,
    entry: &mut dyn FnMut(usize, &Q) -> String,
) -> Option<String> {
    fn walk(
        value: &Value,
        exact: Option<&Value>,
        next: &mut usize,
        entry: &mut dyn FnMut(usize, &Q) -> String,
    ) -> Option<String> {
        match value {
            Value::Array(items) => {
                let inner: Option<Vec<String>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| walk(x, exact.and_then(|e| e.get(i)), next, entry))
                    .collect();
                Some(format!("[{}]", inner?.join(", ")))
            }
            Value::Number(n) => {
                let q: Q = match exact {
                    Some(Value::String(s)) => s.parse().ok()?,
                    _ => n.to_string().parse().ok()?,
                };
                *next += 1;
                Some(entry(*next - 1, &q))
            }
            _ => None,
        }
    }
    walk(value, exact, &mut 0, entry)
}

/// The bound of entry 0 of a key answer's tolerance, as a fraction of the key `q`.
fn room(tolerance: &Value, q: &Q) -> Q {
    let b = tolerance
        .get("entries")
        .and_then(|e| e.get(0))
        .unwrap_or(tolerance);
    let x = |v: &Value| v.to_string().trim_matches('"').parse::<Q>().unwrap();
    match (b.get("abs"), b.get("rel")) {
        (Some(a), _) => x(a),
        (_, Some(r)) => &x(r) * &q.abs(),
        _ => Q::zero(),
    }
}

/// What a student might type for a numeric key.
fn numeric_candidates(answer: &Value) -> Vec<String> {
    let (value, exact) = (&answer["value"], answer.get("exact"));
    let tolerance = &answer["tolerance"];
    let mut out = Vec::new();
    let mut with = |f: &mut dyn FnMut(usize, &Q) -> String| {
        if let Some(t) = nested(value, exact, f) {
            out.push(t);
        }
    };
    with(&mut |_, q| q.to_string());
    for places in [2, 3, 4, 6] {
        with(&mut |_, q| q.decimal(places).to_string());
    }
    with(&mut |i, q| {
        if i == 0 {
            (q + &Q::one()).to_string()
        } else {
            q.to_string()
        }
    });
    with(&mut |i, q| {
        if i == 0 {
            (-q).to_string()
        } else {
            q.to_string()
        }
    });
    // On the bound (right) and just past it (wrong), exactly.
    with(&mut |i, q| {
        if i == 0 {
            (q + &room(tolerance, q)).to_string()
        } else {
            q.to_string()
        }
    });
    let past: Q = "1/1000000000".parse().unwrap();
    with(&mut |i, q| {
        if i == 0 {
            (&(q - &room(tolerance, q)) - &past).to_string()
        } else {
            q.to_string()
        }
    });
    // Formulas on the exact path and through approximations (pi, e).
    with(&mut |_, q| format!("2*({q})/2"));
    with(&mut |_, q| format!("({q}) + 0*pi"));
    with(&mut |_, q| format!("({q})*e^0 + ln(1)"));
    with(&mut |_, q| format!("sqrt(({q})^2)"));
    let out_len = out.len();
    // Lists written with spaces and semicolons, a wrong shape, an unbracketed list.
    if let Some(bracketed) = nested(value, exact, &mut |_, q| q.decimal(4).to_string()) {
        if bracketed.starts_with("[[") {
            out.push(bracketed.replace("], [", "]; [").replace(", ", " "));
        } else if let Some(inner) = bracketed
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
        {
            out.push(format!("[{}]", inner.replace(", ", " ")));
            out.push(inner.to_string());
            if let Some((shorter, _)) = inner.rsplit_once(", ") {
                out.push(format!("[{shorter}]"));
            }
        } else {
            out.push(bracketed.replace('.', ","));
            out.push(format!("({bracketed}, {bracketed})"));
            out.push(format!("[{bracketed}]"));
        }
    }
    assert!(out.len() >= out_len, "numeric key {answer}");
    out
}

/// What a student might type for a key that is a word, named parts or a set.
fn other_candidates(answer: &Value) -> Vec<String> {
    match &answer["value"] {
        Value::String(s) if answer["grading"] == "set" => {
            let items: Vec<&str> = s.split(", ").collect();
            let mut reversed = items.clone();
            reversed.reverse();
            vec![
                s.clone(),
                reversed.join("; "),
                items.join(" and "),
                format!("[{}]", items.join(", ")),
                items[0].to_string(),
                String::new(),
            ]
        }
        Value::String(s) => vec![
            s.clone(),
            s.to_uppercase(),
            format!("${s}$"),
            format!("not {s}"),
            String::new(),
        ],
        Value::Object(map) => {
            let pairs: Vec<(String, String)> = map
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect();
            let join = |p: &[(String, String)], sep: &str| {
                p.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            let mut swapped = pairs.clone();
            let last = swapped.len() - 1;
            let first_value = swapped[0].1.clone();
            swapped[0].1 = swapped[last].1.clone();
            swapped[last].1 = first_value;
            vec![
                join(&pairs, "; "),
                join(&pairs, ", ").to_lowercase(),
                Value::Object(map.clone()).to_string(),
                join(&swapped, "; "),
                pairs
                    .iter()
                    .map(|(_, v)| v.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        }
        _ => Vec::new(),
    }
}

/// Fixed keys and what students type for them: formulas, roundings, unreadable text.
fn fixed_cases() -> Vec<(Value, Vec<&'static str>)> {
    let real = |id: &str, formula: &str, tolerance: &str| {
        let r = dlexam::grade::expr::eval(formula).unwrap();
        let answer = dlexam::solution::Answer::real(id, id, &r, &tolerance.parse().unwrap());
        serde_json::to_value(answer).unwrap()
    };
    let half =
        serde_json::to_value(dlexam::solution::Answer::scalar("half", "", &Q::frac(1, 2))).unwrap();
    let big =
        serde_json::to_value(dlexam::solution::Answer::scalar("big", "", &Q::int(1600))).unwrap();
    vec![
        (
            real("loss", "ln(17/6)", "0.00005"),
            vec![
                "ln(17/6)",
                "ln 17 - ln 6",
                "-ln(6/17)",
                "log(17/6)",
                "1.0415",
                "1.0414",
                "1,0415",
                "1.04",
                "ln(17)/6",
                "1.04152",
            ],
        ),
        (
            real("sigmoid", "1/(1+e^-1)", "0.00005"),
            vec![
                "1/(1+e^-1)",
                "1/(1+exp(-1))",
                "e/(1+e)",
                "0.7311",
                "0.731",
                "1/(1+e^1)",
                "exp -1",
            ],
        ),
        (
            real("root", "sqrt(2)/2", "0.00005"),
            vec![
                "sqrt(2)/2",
                "1/sqrt(2)",
                "2^-0.5",
                r"\sqrt{2}/2",
                "0.7071",
                "0.7072",
                "sqrt 2 / 2",
            ],
        ),
        (
            half,
            vec![
                "1/2",
                "0.5",
                "0.50",
                "0,5",
                "2^-1",
                "sqrt(1/4)",
                "1/(1+e^0)",
                "e^0/2",
                "4^(1/2)/4",
                "0.5001",
                "(1/2, 1/2)",
                "[1/2]",
                "[[0.5]]",
                "nan",
                "inf",
                "1/0",
                "",
                "1 2",
                "(1+2",
                "sixteen",
                "sqrt(-1)",
                "ln 0",
                "10^100000",
                "2 # 3",
                "[1, 2",
                "1/2 + ",
            ],
        ),
        (
            big,
            vec![
                "1600",
                "1,600",
                "1.6e3",
                "16e2",
                "1600.0",
                "1 600",
                "(1600, 1600)",
                "1601",
            ],
        ),
    ]
}

fn grade_says(answer: &Value, raw: &str) -> &'static str {
    let key: KeyAnswer = serde_json::from_value(answer.clone()).expect("an answer is a key answer");
    match compare(&key, raw, &Given::parse(raw)) {
        Verdict::Right => "right",
        Verdict::Wrong => "wrong",
        Verdict::Unreadable(_) => "unreadable",
    }
}

/// The page's checker and `dlexam grade` give the same verdict on every typed answer.
#[test]
fn the_page_checks_answers_as_grade_does() {
    let Some(()) = node() else { return };
    let mut corpus = Vec::new();
    let mut push = |answer: &Value, raws: Vec<String>| {
        for raw in raws {
            let grade = grade_says(answer, &raw);
            corpus.push(json!({"answer": answer, "raw": raw, "grade": grade}));
        }
    };
    for f in families() {
        for d in &f.difficulties {
            let Some(out) = generate(&f.id, d, None, 4, &["--format", "json"]) else {
                continue;
            };
            let doc: Value = serde_json::from_str(&out).expect("gen writes JSON");
            for p in doc["problems"].as_array().expect("problems") {
                for a in p["answers"].as_array().expect("answers") {
                    if a["grading"] == "hand" {
                        continue;
                    }
                    let raws = match a["value"] {
                        Value::Number(_) | Value::Array(_) => numeric_candidates(a),
                        _ => other_candidates(a),
                    };
                    push(a, raws);
                }
            }
        }
    }
    for (answer, raws) in fixed_cases() {
        push(&answer, raws.into_iter().map(String::from).collect());
    }
    let count = |v: &str| corpus.iter().filter(|c| c["grade"] == v).count();
    let (right, wrong, unreadable) = (count("right"), count("wrong"), count("unreadable"));
    assert!(
        right > 1000 && wrong > 1000 && unreadable > 50,
        "a corpus that tests both sides: {right} right, {wrong} wrong, {unreadable} unreadable"
    );
    let dir = scratch("parity");
    let path = dir.join("corpus.json");
    std::fs::write(&path, serde_json::to_string(&corpus).unwrap()).unwrap();
    let out = run(Command::new("node")
        .arg(format!("{ROOT}/tools/browser/parity.js"))
        .arg(&path));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    println!("{all}");
    say(all.lines().last().unwrap_or_default());
    assert!(
        out.status.success(),
        "the page's checker and dlexam grade disagree: see above; corpus kept in {}",
        path.display()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
