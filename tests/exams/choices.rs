//! `--choices` and `choices = true` end to end: options in every format, the right letter in
//! keys.json and balanced over a class of 300, letters graded, the student's files without the
//! right letter.

use serde_json::Value;

use super::{answers_from_key, exam, ok, read, s, write};
use crate::common::{stdout_of, temp_dir};

/// The built-in spec's families, every problem as single choice.
const SPEC: &str = r#"title = "Quiz"
seed = 5

[[problem]]
family = "conv-params"
variant = "layer"
points = 2
choices = true

[[problem]]
family = "bce-backprop"
variant = "single"
points = 6
choices = true

[[problem]]
family = "optimizer"
variant = "adam"
points = 4
"#;

/// Every choice answer of a keys.json: (student, problem, answer).
fn choice_answers(keys: &Value) -> Vec<(String, usize, Value)> {
    let mut out = Vec::new();
    for student in keys["students"].as_array().unwrap() {
        let id = student["id"].as_str().unwrap().to_string();
        for (i, problem) in student["problems"].as_array().unwrap().iter().enumerate() {
            for answer in problem["answers"].as_array().unwrap() {
                if answer.get("choices").is_some() {
                    out.push((id.clone(), i + 1, answer.clone()));
                }
            }
        }
    }
    out
}

#[test]
fn a_class_of_300_gets_balanced_letters_and_grade_reads_letters() {
    let dir = temp_dir("choices-class");
    let spec = write(&dir, "spec.toml", SPEC);
    let mut roster = String::from("id,name\n");
    for i in 0..300 {
        roster.push_str(&format!("s{i:03},Student {i}\n"));
    }
    let roster = write(&dir, "roster.csv", &roster);
    let out = dir.join("out");
    ok(&exam(&spec, &roster, &out, &[]));
    let keys: Value = serde_json::from_str(&read(&out.join("keys.json"))).unwrap();
    let asked = choice_answers(&keys);
    // Only the problems the spec marks: conv-params (3 answers) and bce-backprop (7 numeric).
    assert!(
        asked.iter().all(|(_, p, _)| *p <= 2),
        "optimizer was not asked as choice"
    );
    assert_eq!(asked.len(), 300 * 10);
    let mut letters = [0usize; 4];
    for (_, _, a) in &asked {
        let c = a["choices"]["correct"].as_str().unwrap();
        letters[(c.as_bytes()[0] - b'a') as usize] += 1;
    }
    // 750 expected each; a uniform draw per student stays within +-15% here.
    assert!(
        letters.iter().all(|&n| (640..=860).contains(&n)),
        "{letters:?}"
    );
    // The first student's file asks the options and never marks the right one.
    let student = read(&out.join("exams/s000.tex"));
    assert!(student.contains(r"\begin{choices}"), "no choices");
    assert!(
        !student.contains(r"\CorrectChoice"),
        "the right option leaks"
    );
    let key = read(&out.join("keys/s000.tex"));
    assert_eq!(key.matches(r"\CorrectChoice $").count(), 10);

    // Every choice answer as its letter (in every accepted spelling) scores exactly what the
    // key's own values score; one wrong letter loses that answer's points only.
    let keys_path = out.join("keys.json");
    let scores = |csv: &str, name: &str| {
        let path = write(&dir, name, csv);
        stdout_of(&["grade", "--key", s(&keys_path), "--answers", s(&path)])
    };
    let perfect = answers_from_key(&keys);
    let spellings = ["{}", "({})", "{U}", "({U}) "];
    let mut lettered = perfect.clone();
    let mut first_wrong = String::new();
    for (k, (student, p, a)) in asked.iter().enumerate() {
        let id = a["id"].as_str().unwrap();
        let c = a["choices"]["correct"].as_str().unwrap();
        let given = spellings[k % 4]
            .replace("{U}", &c.to_uppercase())
            .replace("{}", c);
        let prefix = format!("\n{student},{p},{id},");
        let at = lettered.find(&prefix).unwrap() + prefix.len();
        let end = at + lettered[at..].find('\n').unwrap();
        lettered.replace_range(at..end, &format!("\"{given}\""));
        if k == 0 {
            let other = if c == "a" { "b" } else { "a" };
            first_wrong = lettered.clone();
            let end = at + first_wrong[at..].find('\n').unwrap();
            first_wrong.replace_range(at..end, other);
        }
    }
    let by_value = scores(&perfect, "perfect.csv");
    assert_eq!(scores(&lettered, "letters.csv"), by_value);
    let one_wrong = scores(&first_wrong, "one-wrong.csv");
    let changed: Vec<(&str, &str)> = by_value
        .lines()
        .zip(one_wrong.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.starts_with("s000,"), "{changed:?}");
}

#[test]
fn gen_and_sheet_write_options_in_every_format() {
    let json: Value = serde_json::from_str(&stdout_of(&[
        "gen",
        "conv-output",
        "--seed",
        "3",
        "--variant",
        "conv",
        "--choices",
        "--format",
        "json",
    ]))
    .unwrap();
    let answer = &json["problems"][0]["answers"][0];
    let options = answer["choices"]["options"].as_array().unwrap();
    assert_eq!(options.len(), 4);
    let letters: Vec<&str> = options
        .iter()
        .map(|o| o["letter"].as_str().unwrap())
        .collect();
    assert_eq!(letters, ["a", "b", "c", "d"]);
    assert!(
        options.iter().any(|o| o.get("mistake").is_some()),
        "{answer}"
    );
    let md = stdout_of(&[
        "gen",
        "conv-output",
        "--seed",
        "3",
        "--variant",
        "conv",
        "--choices",
    ]);
    for l in ["\na. $", "\nb. $", "\nc. $", "\nd. $"] {
        assert!(md.contains(l), "{md}");
    }
    // A student's JSON sheet keeps the options, not the right letter.
    let dir = temp_dir("choices-sheet");
    let spec = write(&dir, "spec.toml", SPEC);
    let sheet: Value = serde_json::from_str(&stdout_of(&[
        "sheet",
        "--spec",
        s(&spec),
        "--format",
        "json",
    ]))
    .unwrap();
    let first = &sheet["problems"][0];
    assert!(first.get("answers").is_none());
    let asked = first["choices"].as_array().unwrap();
    assert_eq!(asked.len(), 3);
    assert!(!sheet.to_string().contains("\"correct\""));
    assert!(sheet["problems"][2].get("choices").is_none());
}
