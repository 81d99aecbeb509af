//! Moodle XML banks (`--format moodle`): every family x difficulty x variant read back by an XML
//! parser and by a cloze reader written from Moodle's syntax (`moodle_cloze`), each blank
//! compared with the key `dlexam grade` uses (the JSON of the same seed); the sheet's bank and
//! its variants; refusals; one small bank pinned.

use roxmltree::{Document, Node};
use serde_json::Value;

use crate::common::{stdout_of, temp_dir, usage_error};
use crate::moodle_cloze::{Sub, numerical, sub_questions};
use crate::moodle_files::check_figures;
use crate::snapshot;
use dlexam::num::Q;
use dlexam::render::moodle::cloze::{Blank, SubQuestion};

fn q(text: &str) -> Q {
    text.parse()
        .unwrap_or_else(|_| panic!("not a number: {text}"))
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

/// The text of `<name><text>...</text></name>` under `node`.
fn text_of(node: Node<'_, '_>, name: &str) -> String {
    child(child(node, name), "text")
        .text()
        .unwrap_or_default()
        .to_string()
}

/// What grade compares one gradable entry with, read off a JSON answer.
#[derive(Debug)]
enum Expected {
    Number {
        key: Q,
        bound: Bound,
    },
    Text(String),
    /// Single choice: the options' letters in order and the right one.
    Choice {
        letters: Vec<String>,
        correct: String,
    },
}

#[derive(Debug)]
enum Bound {
    Abs(Q),
    Rel(Q),
}

fn json_q(v: &Value) -> Q {
    match v {
        Value::String(s) => q(s),
        other => q(&other.to_string()),
    }
}

fn flatten<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| flatten(i, out)),
        other => out.push(other),
    }
}

/// The entries `grade` grades automatically, in reading order.
fn expected(answer: &Value) -> Vec<Expected> {
    if answer
        .get("grading")
        .and_then(Value::as_str)
        .unwrap_or("auto")
        != "auto"
    {
        return Vec::new();
    }
    if let Some(choices) = answer.get("choices") {
        let letters = choices["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["letter"].as_str().unwrap().to_string())
            .collect();
        let correct = choices["correct"].as_str().unwrap().to_string();
        return vec![Expected::Choice { letters, correct }];
    }
    let value = &answer["value"];
    match value {
        Value::String(s) => vec![Expected::Text(s.clone())],
        Value::Object(map) => map
            .values()
            .map(|v| Expected::Text(v.as_str().expect("text parts").to_string()))
            .collect(),
        _ => {
            let (mut values, mut exact) = (Vec::new(), Vec::new());
            flatten(value, &mut values);
            if let Some(e) = answer.get("exact") {
                flatten(e, &mut exact);
            }
            let tolerance = &answer["tolerance"];
            values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let t = match tolerance.get("entries") {
                        Some(list) => &list[i],
                        None => tolerance,
                    };
                    let bound = match (t.get("abs"), t.get("rel")) {
                        (Some(a), _) => Bound::Abs(json_q(a)),
                        (_, Some(r)) => Bound::Rel(json_q(r)),
                        _ => panic!("tolerance {t}"),
                    };
                    let key = exact.get(i).map_or_else(|| json_q(v), |e| json_q(e));
                    Expected::Number { key, bound }
                })
                .collect()
        }
    }
}

/// A NUMERICAL blank accepts what `grade` accepts: Moodle's interval (value ± tolerance, plus
/// its relative 10^-14) holds `key ± bound` and exceeds it by at most 3·10^-14.
fn check_number(sub: &Sub, key: &Q, bound: &Bound, context: &str) {
    assert_eq!(sub.kind, "NUMERICAL", "{context}");
    assert_eq!(sub.alternatives.len(), 1, "{context}");
    let alternative = &sub.alternatives[0];
    assert_eq!(alternative.fraction.as_deref(), Some("100"), "{context}");
    let (value, tolerance) = numerical(&alternative.raw_answer).unwrap_or_else(|| {
        panic!(
            "{context}: not a NUMERICAL answer: {}",
            alternative.raw_answer
        )
    });
    let (a, t) = (q(&value), q(&tolerance.expect("a tolerance")));
    let b = match bound {
        Bound::Abs(x) => x.clone(),
        Bound::Rel(r) => r * &key.abs(),
    };
    let tiny = q("1e-14");
    assert!(
        (&a - key).abs() <= &tiny * &key.abs(),
        "{context}: {a} vs key {key}"
    );
    match bound {
        Bound::Abs(_) => assert_eq!(t, b, "{context}"),
        Bound::Rel(_) => assert!((&t - &b).abs() <= &tiny * &b, "{context}"),
    }
    let widest = [t.abs(), a.abs(), tiny.clone()]
        .into_iter()
        .fold(Q::zero(), |m, x| if x > m { x } else { m });
    let room = &t + &(&tiny * &widest);
    let (low, high) = (&a - &room, &a + &room);
    let (key_low, key_high) = (key - &b, key + &b);
    let slack = &q("3e-14")
        * &[key.abs(), b.clone(), Q::one()]
            .into_iter()
            .fold(Q::zero(), |m, x| if x > m { x } else { m });
    assert!(
        low <= key_low && high >= key_high,
        "{context}: Moodle narrower than grade"
    );
    assert!(
        &key_low - &low <= slack && &high - &key_high <= slack,
        "{context}: Moodle wider than grade"
    );
}

/// Checks one question against its JSON problem; returns the number of sub-questions.
fn check_question(question: Node<'_, '_>, problem: &Value, context: &str) -> usize {
    assert_eq!(question.attribute("type"), Some("cloze"), "{context}");
    let text_node = child(question, "questiontext");
    assert_eq!(text_node.attribute("format"), Some("html"), "{context}");
    let text = text_of(question, "questiontext");
    let feedback = text_of(question, "generalfeedback");
    assert!(feedback.contains("Worked solution"), "{context}");
    let name = text_of(question, "name");
    let seed = problem["seed"].as_u64().expect("a seed");
    assert!(
        name.ends_with(&format!(", seed {seed})")),
        "{context}: {name}"
    );
    let (subs, rest) = sub_questions(&text).unwrap_or_else(|e| panic!("{context}: {e}"));
    assert!(
        !rest.contains("{#0") && rest.matches("{#").count() == subs.len(),
        "{context}"
    );
    let family = problem["family"].as_str().unwrap();
    let mut next = subs.iter();
    let mut sums: Vec<(Q, Q)> = Vec::new();
    for answer in problem["answers"].as_array().unwrap() {
        let id = answer["id"].as_str().unwrap();
        let entries = expected(answer);
        let mut sum = Q::zero();
        for (i, entry) in entries.iter().enumerate() {
            let context = format!("{context} {id}[{i}]");
            let sub = next
                .next()
                .unwrap_or_else(|| panic!("{context}: too few sub-questions"));
            assert!(!sub.weight.is_empty() && sub.weight.bytes().all(|b| b.is_ascii_digit()));
            sum = sum + q(&sub.weight);
            match entry {
                Expected::Number { key, bound } => check_number(sub, key, bound, &context),
                Expected::Choice { letters, correct } => {
                    assert_eq!(sub.kind, "MULTICHOICE_V", "{context}");
                    let shown: Vec<String> = sub
                        .alternatives
                        .iter()
                        .map(|a| {
                            let answer = a.answer();
                            let letter = answer.strip_prefix('(').and_then(|r| r.split_once(')'));
                            letter
                                .expect("an option starts with its letter")
                                .0
                                .to_string()
                        })
                        .collect();
                    assert_eq!(&shown, letters, "{context}");
                    let right: Vec<&String> = sub
                        .alternatives
                        .iter()
                        .zip(&shown)
                        .filter(|(a, _)| a.fraction.as_deref() == Some("100"))
                        .map(|(_, letter)| letter)
                        .collect();
                    assert_eq!(right, vec![correct], "{context}");
                    assert!(
                        sub.alternatives
                            .iter()
                            .all(|a| matches!(a.fraction.as_deref(), Some("100" | "0"))),
                        "{context}"
                    );
                }
                Expected::Text(wording) => {
                    assert_eq!(sub.kind, "SHORTANSWER", "{context}");
                    let first = sub.alternatives[0].answer().replace(r"\*", "*");
                    assert_eq!(&first, wording, "{context}");
                    assert!(
                        sub.alternatives
                            .iter()
                            .all(|a| a.fraction.as_deref() == Some("100"))
                    );
                }
            }
        }
        if !entries.is_empty() {
            let share = dlexam::grade::weights::share(family, id, dlexam::solution::Grading::Auto);
            sums.push((sum, Q::from(u64::from(share))));
        }
    }
    assert!(
        next.next().is_none(),
        "{context}: more sub-questions than gradable entries"
    );
    // Weights in the proportions of the answers' shares.
    let total: Q = sums.iter().fold(Q::zero(), |s, (w, _)| s + w.clone());
    let shares: Q = sums.iter().fold(Q::zero(), |s, (_, w)| s + w.clone());
    for (w, share) in &sums {
        assert_eq!(w / &total, share / &shares, "{context}: weights");
    }
    subs.len()
}

/// With `--choices`, every numeric answer is one MULTICHOICE_V blank whose options are the
/// key's, in order, with exactly the right letter marked right.
#[test]
fn choices_read_back_as_single_choice_blanks() {
    let list: Value = serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    let mut choices = 0;
    for family in list.as_array().unwrap() {
        let id = family["id"].as_str().unwrap();
        for difficulty in ["exam", "hard"] {
            let args = [
                "gen",
                id,
                "--seed",
                "5",
                "--count",
                "4",
                "--difficulty",
                difficulty,
                "--choices",
            ];
            let json: Value =
                serde_json::from_str(&stdout_of(&[&args[..], &["--format", "json"]].concat()))
                    .unwrap();
            let xml = stdout_of(&[&args[..], &["--format", "moodle"]].concat());
            let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{id} {difficulty}: {e}"));
            let questions: Vec<Node> = doc
                .root_element()
                .children()
                .filter(|n| n.is_element() && n.attribute("type") == Some("cloze"))
                .collect();
            let problems = json["problems"].as_array().unwrap();
            assert_eq!(questions.len(), problems.len(), "{id} {difficulty}");
            for (i, (question, problem)) in questions.iter().zip(problems).enumerate() {
                check_question(
                    *question,
                    problem,
                    &format!("{id} {difficulty} #{i} choices"),
                );
                choices += problem["answers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|a| a.get("choices").is_some())
                    .count();
            }
        }
    }
    assert!(choices > 100, "{choices} choice answers");
}

#[test]
fn every_family_difficulty_and_variant_reads_back_as_grade_grades() {
    let list: Value = serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    let (mut subs, mut questions, mut figures) = (0, 0, 0);
    for family in list.as_array().unwrap() {
        let id = family["id"].as_str().unwrap();
        let title = family["title"].as_str().unwrap();
        let count = (2 * family["variants"].as_array().unwrap().len())
            .clamp(4, 12)
            .to_string();
        for difficulty in ["exam", "practice", "hard"] {
            let args = [
                "gen",
                id,
                "--seed",
                "11",
                "--count",
                &count,
                "--difficulty",
                difficulty,
            ];
            let json: Value =
                serde_json::from_str(&stdout_of(&[&args[..], &["--format", "json"]].concat()))
                    .unwrap();
            let xml = stdout_of(&[&args[..], &["--format", "moodle"]].concat());
            let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{id} {difficulty}: {e}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "quiz");
            let elements: Vec<Node> = root.children().filter(Node::is_element).collect();
            assert_eq!(elements[0].attribute("type"), Some("category"));
            assert_eq!(
                text_of(elements[0], "category"),
                format!("$course$/dlexam/{}/{difficulty}", title.replace('/', "//"))
            );
            let problems = json["problems"].as_array().unwrap();
            assert_eq!(elements.len(), problems.len() + 1, "{id} {difficulty}");
            for (i, (question, problem)) in elements[1..].iter().zip(problems).enumerate() {
                let context = format!("{id} {difficulty} #{i} ({})", problem["variant"]);
                subs += check_question(*question, problem, &context);
                figures += check_figures(*question, problem, &context);
                questions += 1;
            }
        }
    }
    assert!(
        questions > 300 && subs > 1000 && figures > 100,
        "{questions} questions, {subs} blanks, {figures} figures"
    );
    // --no-figures: no image and no file.
    let bare = stdout_of(&[
        "gen",
        "resblock",
        "--solutions",
        "--format",
        "moodle",
        "--no-figures",
    ]);
    assert!(!bare.contains("@@PLUGINFILE@@") && !bare.contains("<file"));
}

#[test]
fn escaped_answers_and_feedback_decode_to_what_was_meant() {
    let nasty = [
        r"}",
        r"#",
        r"a~b",
        r"ends\",
        r"\frac{1}{2} \} \# x\\",
        r#"/"q"/ & &amp; <b> &#35; ~=#}"#,
        "trailing &",
        "star * and \\* too",
    ];
    let one = Q::one();
    for wording in nasty {
        let blank = Blank::Short {
            answers: vec![wording.to_string(), "second".into()],
        };
        let text = format!(
            "<p>before \\(\\frac{{a}}{{b}}\\)</p>{}<p>after</p>",
            SubQuestion {
                weight: &one,
                blank: &blank,
                feedback: wording,
            }
        );
        let (subs, rest) = sub_questions(&text).unwrap_or_else(|e| panic!("{wording}: {e}"));
        assert_eq!(subs.len(), 1, "{wording}: {text}");
        assert_eq!(rest, "<p>before \\(\\frac{a}{b}\\)</p>{#1}<p>after</p>");
        let alternatives = &subs[0].alternatives;
        assert_eq!(alternatives.len(), 2, "{wording}");
        // SHORTANSWER reads `\*` as a literal star.
        assert_eq!(alternatives[0].answer().replace(r"\*", "*"), wording);
        assert_eq!(alternatives[0].feedback().as_deref(), Some(wording));
        assert_eq!(alternatives[1].answer(), "second");
    }
}

#[test]
fn the_extension_and_format_agree_or_are_refused() {
    let dir = temp_dir("moodle-ext");
    let file = dir.join("bank.xml");
    let file = file.to_str().unwrap();
    let args = ["gen", "conv-output", "--seed", "4", "--count", "3"];
    stdout_of(&[&args[..], &["-o", file]].concat());
    let written = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        written,
        stdout_of(&[&args[..], &["--format", "moodle"]].concat())
    );
    assert!(written.starts_with("<?xml"));
    let e = usage_error(&[&args[..], &["--format", "moodle", "-o", "x.md"]].concat());
    assert!(
        e.contains("the extension says md, but --format moodle"),
        "{e}"
    );
    assert!(e.contains("name the file .xml"), "{e}");
    let e = usage_error(&[&args[..], &["--format", "moodle", "--pdf", "-o", "x.tex"]].concat());
    assert!(e.contains("--format moodle") || e.contains("moodle"), "{e}");
    let e = usage_error(&[&args[..], &["--fragment", "-o", "x.xml"]].concat());
    assert!(e.contains("--fragment"), "{e}");
    let e = usage_error(&["sheet", "--seed", "1", "--variants", "3"]);
    assert!(e.contains("--variants: only a Moodle bank"), "{e}");
    let e = usage_error(&[
        "sheet",
        "--seed",
        "1",
        "--variants",
        "0",
        "--format",
        "moodle",
    ]);
    assert!(e.contains("--variants"), "{e}");
}

#[test]
fn a_sheet_bank_has_a_category_per_problem_and_gen_variants_in_it() {
    let dir = temp_dir("moodle-sheet");
    let spec = dir.join("t.toml");
    std::fs::write(
        &spec,
        "title = \"Tutorial 5/6\"\n[[problem]]\nfamily = \"conv-params\"\ncount = 2\npoints = 3\n\
         [[problem]]\nfamily = \"bce-backprop\"\ndifficulty = \"practice\"\ntitle = \"Backprop\"\n",
    )
    .unwrap();
    let spec = spec.to_str().unwrap();
    let sheet: Value = serde_json::from_str(&stdout_of(&[
        "sheet", "--spec", spec, "--seed", "9", "--format", "json",
    ]))
    .unwrap();
    let xml = stdout_of(&[
        "sheet",
        "--spec",
        spec,
        "--seed",
        "9",
        "--format",
        "moodle",
        "--variants",
        "3",
    ]);
    let doc = Document::parse(&xml).unwrap();
    let elements: Vec<Node> = doc
        .root_element()
        .children()
        .filter(Node::is_element)
        .collect();
    assert_eq!(elements.len(), 3 * 4);
    let title = "Parameters of a convolutional layer";
    let categories = [
        format!("$course$/dlexam/Tutorial 5//6/{title}"),
        format!("$course$/dlexam/Tutorial 5//6/{title} (2)"),
        "$course$/dlexam/Tutorial 5//6/Backprop".to_string(),
    ];
    for (slot, (chunk, problem)) in elements
        .chunks(4)
        .zip(sheet["problems"].as_array().unwrap())
        .enumerate()
    {
        assert_eq!(text_of(chunk[0], "category"), categories[slot]);
        // Variant 1 is the sheet's problem; the others are `gen` from its seed.
        let (family, seed, variant, difficulty) = (
            problem["family"].as_str().unwrap(),
            problem["seed"].as_u64().unwrap().to_string(),
            problem["variant"].as_str().unwrap(),
            problem["difficulty"].as_str().unwrap(),
        );
        let generated: Value = serde_json::from_str(&stdout_of(&[
            "gen",
            family,
            "--seed",
            &seed,
            "--count",
            "3",
            "--variant",
            variant,
            "--difficulty",
            difficulty,
            "--format",
            "json",
        ]))
        .unwrap();
        let made = generated["problems"].as_array().unwrap();
        assert_eq!(made[0]["params"], problem["params"]);
        for (v, (question, made)) in chunk[1..].iter().zip(made).enumerate() {
            let context = format!("slot {slot} variant {v}");
            let name = text_of(*question, "name");
            assert!(
                name.ends_with(&format!("seed {})", made["seed"])),
                "{context}: {name}"
            );
            check_question(*question, made, &context);
        }
    }
    // Graded sheets: weights follow the spec's points (3 points: weights 1, 1, 1).
    let conv = text_of(elements[1], "questiontext");
    assert_eq!(conv.matches("{1:NUMERICAL:").count(), 3, "{conv}");
}

#[test]
fn a_small_bank_is_pinned() {
    let xml = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "7",
        "--count",
        "2",
        "--format",
        "moodle",
    ]);
    snapshot!("moodle_gen_conv_params", xml);
}
