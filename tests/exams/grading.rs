//! `grade`, `sheet` and the built-in spec.

use serde_json::Value;

use super::{answers_from_key, class, keyed_class, ok, read, s, write};
use crate::common::{dlexam, stdout_of, temp_dir, usage_error};

/// The exit code of a grading that leaves answers to check by hand.
const CHECK_BY_HAND: i32 = 3;

#[test]
fn the_key_scores_full_marks_and_a_changed_answer_loses_exactly_its_points() {
    let (dir, spec, roster) = class("grade");
    let (keys_path, answers) = keyed_class(&dir, &spec, &roster);
    let perfect = write(&dir, "perfect.csv", &answers);
    let scores = stdout_of(&["grade", "--key", s(&keys_path), "--answers", s(&perfect)]);
    let lines: Vec<&str> = scores.lines().collect();
    assert_eq!(lines[0], "student,points,max_points,p1,p2,p3");
    for line in &lines[1..] {
        assert!(line.ends_with(",8.00,8.00,2.00,3.00,3.00"), "{line}");
    }
    // s002's first answer of problem 1 wrong (2 points over 3 answers: -2/3), plus a fraction
    // and unknown rows that must be reported, not dropped.
    let first_line = answers
        .lines()
        .find(|l| l.starts_with("s002,1,"))
        .unwrap()
        .to_string();
    let wrong = first_line.rsplit_once(',').unwrap().0.to_string() + ",\"123456\"";
    let mut changed = answers.replacen(&first_line, &wrong, 1);
    changed.push_str("bob,1,total,3\ns001,9,total,3\ns001,1,totl,3\n");
    let changed = write(&dir, "changed.csv", &changed);
    let report = dir.join("check.csv");
    let out = dlexam(&[
        "grade",
        "--key",
        s(&keys_path),
        "--answers",
        s(&changed),
        "--report",
        s(&report),
    ]);
    assert_eq!(out.status.code(), Some(CHECK_BY_HAND));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("\ns002,7.33,8.00,1.33,3.00,3.00\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\ns001,8.00,8.00,2.00,3.00,3.00\n"),
        "{stdout}"
    );
    for needle in [
        "unknown student `bob`",
        "problem `9`",
        "no answer `totl`",
        "3 answers to check by hand",
        "most missed",
    ] {
        assert!(stderr.contains(needle), "stderr lacks {needle}: {stderr}");
    }
    let listed = read(&report);
    assert_eq!(
        listed.lines().next(),
        Some("student,problem,answer,line,value,why")
    );
    assert_eq!(listed.lines().count(), 4, "{listed}");
    let bob_line = answers.lines().count() + 1;
    assert!(
        listed.contains(&format!(
            "bob,1,total,{bob_line},3,not scored: unknown student `bob`"
        )),
        "{listed}"
    );
    // Fractions and unquoted vectors are accepted.
    let fractions = write(
        &dir,
        "frac.csv",
        "student,problem,answer,value\ns001,1,total,1/1\n",
    );
    stdout_of(&["grade", "--key", s(&keys_path), "--answers", s(&fractions)]);
    // -o never replaces silently.
    let scores_path = dir.join("scores.csv");
    stdout_of(&[
        "grade",
        "--key",
        s(&keys_path),
        "--answers",
        s(&perfect),
        "-o",
        s(&scores_path),
    ]);
    assert!(
        usage_error(&[
            "grade",
            "--key",
            s(&keys_path),
            "--answers",
            s(&perfect),
            "-o",
            s(&scores_path)
        ])
        .contains("--force")
    );
}

#[test]
fn answers_as_printed_and_as_expressions_score_and_unreadable_ones_are_listed() {
    let dir = temp_dir("as-printed");
    let spec = write(
        &dir,
        "spec.toml",
        "seed = 5\n[[problem]]\nfamily = \"bce-backprop\"\nvariant = \"single\"\npoints = 6\n",
    );
    let roster = write(&dir, "roster.csv", "id\nS001\ns002\ns003\n");
    let (keys_path, _) = keyed_class(&dir, &spec, &roster);
    let keys: Value = serde_json::from_str(&read(&keys_path)).unwrap();
    let answer = |student: usize, id: &str| -> Value {
        keys["students"][student]["problems"][0]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    let exact = |student: usize, id: &str| -> String {
        let a = answer(student, id);
        a["exact"]
            .as_str()
            .map_or_else(|| a["value"].to_string(), str::to_string)
    };
    // s001 (written `s001`, the roster has `S001`): z as a one-element list, the loss as an
    // expression. s002: a decimal comma, then four unreadable values. s003 hands in nothing.
    let z0 = exact(0, "z");
    let z1 = exact(1, "z");
    let csv = format!(
        "student,problem,answer,value\ns001,1,z,[{z0}]\ns001,1,y_hat,\"1/(1+e^-({z0}))\"\n\
         s002,1,z,\"{z1}\"\ns002,1,loss,\"1,600\"\ns002,1,y_hat,nan\ns002,1,dL_dz,1/0\n\
         s002,1,dL_db,sixteen hundred\n"
    );
    let answers = write(&dir, "answers.csv", &csv);
    let details = dir.join("details.csv");
    let out = dlexam(&[
        "grade",
        "--key",
        s(&keys_path),
        "--answers",
        s(&answers),
        "--details",
        s(&details),
    ]);
    assert_eq!(out.status.code(), Some(CHECK_BY_HAND));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("unknown student"), "{stderr}");
    assert!(stderr.contains("4 answers to check by hand"), "{stderr}");
    for (line, why) in [
        (5, "ambiguous"),
        (6, "not a finite number"),
        (7, "division by zero"),
        (8, "is not a number"),
    ] {
        assert!(
            stderr.contains(&format!("line {line}: student `s002`")) && stderr.contains(why),
            "line {line} ({why}) not listed: {stderr}"
        );
    }
    // The most missed summary counts the two students who handed in something.
    assert!(stderr.contains(" of 2\n"), "{stderr}");
    assert!(!stderr.contains(" of 3\n"), "{stderr}");
    let details = read(&details);
    let mut rows = details.lines();
    assert_eq!(
        rows.next(),
        Some("student,problem,answer,given,expected,points,max_points,status")
    );
    let status = |student: &str, id: &str| -> String {
        details
            .lines()
            .find(|l| l.starts_with(&format!("{student},1,{id},")))
            .unwrap_or_else(|| panic!("no {student} {id} in {details}"))
            .rsplit(',')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("S001", "z"), "right");
    assert_eq!(status("S001", "y_hat"), "right");
    assert_eq!(status("S001", "loss"), "missing");
    assert_eq!(status("s002", "z"), "right");
    for id in ["loss", "y_hat", "dL_dz", "dL_db"] {
        assert_eq!(status("s002", id), "unreadable", "{id}");
    }
    assert_eq!(status("s003", "z"), "missing");
}

#[test]
fn a_blank_answers_file_lists_every_answer_and_the_filled_example_grades() {
    let dir = temp_dir("template");
    let roster = write(&dir, "roster.csv", &read(&example("roster.csv")));
    let out = dir.join("out");
    ok(&dlexam(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&out),
        "--seed",
        "2024",
    ]));
    let keys_path = out.join("keys.json");
    let blank = dir.join("answers.csv");
    ok(&dlexam(&[
        "grade",
        "--key",
        s(&keys_path),
        "--template",
        "-o",
        s(&blank),
    ]));
    let blank = read(&blank);
    let keys: Value = serde_json::from_str(&read(&keys_path)).unwrap();
    assert_eq!(
        blank.lines().next(),
        Some("student,problem,answer,label,value")
    );
    let gradable: usize = keys["students"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["problems"].as_array().unwrap())
        .flat_map(|p| p["answers"].as_array().unwrap())
        .filter(|a| a["grading"] != "hand")
        .count();
    assert_eq!(blank.lines().count(), gradable + 1);
    assert!(blank.lines().skip(1).all(|l| l.ends_with(',')), "{blank}");
    // The filled example in examples/ is that file for examples/roster.csv and seed 2024.
    let filled = read(&example("answers.csv"));
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.splitn(4, ',').take(3).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(ids(&filled), ids(&blank));
    let out = dlexam(&[
        "grade",
        "--key",
        s(&keys_path),
        "--answers",
        s(&example("answers.csv")),
    ]);
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(CHECK_BY_HAND),
        "{stderr}"
    );
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    // Every student scored something: the example is filled, not blank.
    for line in stdout.lines().skip(1) {
        let points = line.split(',').nth(1).unwrap();
        assert_ne!(points, "0.00", "{line}\n{stderr}");
    }
}

fn example(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

#[test]
fn sheets_from_a_spec_with_a_separate_key() {
    let (dir, spec, _) = class("sheet");
    let sheet = dir.join("sheet.tex");
    let key = dir.join("key.tex");
    let out = dlexam(&[
        "sheet",
        "--spec",
        s(&spec),
        "--format",
        "tex",
        "-o",
        s(&sheet),
        "--key",
        s(&key),
    ]);
    ok(&out);
    assert!(!read(&sheet).contains("\\printanswers"));
    assert!(read(&key).contains("\\printanswers"));
    assert!(read(&key).contains("(solutions)"));
    assert!(usage_error(&["sheet", "--spec", s(&spec), "-o", s(&sheet)]).contains("--force"));
    let md = stdout_of(&["sheet", "--spec", s(&spec), "--solutions"]);
    assert!(
        md.contains("# Midterm: calculation part")
            && md.contains("(2 points)")
            && md.contains("Solution"),
        "{md}"
    );
    let json: Value = serde_json::from_str(&stdout_of(&[
        "sheet",
        "--spec",
        s(&spec),
        "--format",
        "json",
    ]))
    .unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 3);
    assert_eq!(problems[0]["points"], 2);
    // Problem i of a sheet is gen's i-th variant of the same seed.
    let first: Value = serde_json::from_str(&stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "11",
        "--variant",
        "filter",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(problems[0]["params"], first["problems"][0]["params"]);
}

#[test]
fn the_built_in_spec_has_one_problem_per_family_it_lists() {
    let families: Value = serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    let ids: Vec<&str> = families
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let stubs: Vec<&&str> = ids
        .iter()
        .filter(|id| !dlexam(&["gen", id, "--seed", "1"]).status.success())
        .collect();
    if !stubs.is_empty() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED: the built-in sheet needs every registered family to work; not yet: {stubs:?}\n"
        );
        return;
    }
    let json: Value =
        serde_json::from_str(&stdout_of(&["sheet", "--seed", "5", "--format", "json"])).unwrap();
    let problems = json["problems"].as_array().unwrap();
    let listed = [
        "conv-params",
        "conv-output",
        "bce-backprop",
        "optimizer",
        "resblock",
    ];
    let expected: Vec<&str> = listed
        .iter()
        .copied()
        .filter(|id| ids.contains(id))
        .collect();
    let got: Vec<&str> = problems
        .iter()
        .map(|p| p["family"].as_str().unwrap())
        .collect();
    assert_eq!(got, expected);
    assert!(
        problems
            .iter()
            .all(|p| p["points"].as_u64().is_some_and(|n| n > 0))
    );
    let dir = temp_dir("builtin");
    let roster = write(&dir, "roster.csv", "id\na\nb\n");
    let out = dlexam(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&dir.join("out")),
        "--seed",
        "5",
    ]);
    ok(&out);
    // Every family's key scores full marks when submitted as it is (text, objects, tensors,
    // rounded reals with their tolerance).
    let keys_path = dir.join("out").join("keys.json");
    let keys: Value = serde_json::from_str(&read(&keys_path)).unwrap();
    let answers = write(&dir, "answers.csv", &answers_from_key(&keys));
    let scores = stdout_of(&["grade", "--key", s(&keys_path), "--answers", s(&answers)]);
    for line in scores.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(
            cells[1], cells[2],
            "the key does not score full marks: {line}"
        );
    }
}

#[test]
fn sets_formulas_by_hand_follow_through_and_stated_points() {
    let dir = temp_dir("follow");
    let spec = write(
        &dir,
        "spec.toml",
        "seed = 3\n\
         [[problem]]\nfamily = \"bce-backprop\"\nvariant = \"single\"\npoints = 6\n\
         [[problem]]\nfamily = \"optimizer\"\nvariant = \"adam\"\npoints = 4\n\
         [[problem]]\nfamily = \"resblock\"\nvariant = \"standard\"\npoints = 6\nanswer_points = { dL_dF2_symbolic = 1 }\n",
    );
    let roster = write(&dir, "roster.csv", "id\nann\n");
    let (keys_path, _) = keyed_class(&dir, &spec, &roster);
    let keys: Value = serde_json::from_str(&read(&keys_path)).unwrap();
    let problem = |p: usize| keys["students"][0]["problems"][p].clone();
    let find = |p: usize, id: &str| -> Value {
        problem(p)["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    // Exact entries of an answer, as fraction strings.
    let exact = |p: usize, id: &str| -> Vec<String> {
        match &find(p, id)["exact"] {
            Value::Array(items) => items
                .iter()
                .map(|e| e.as_str().unwrap().to_string())
                .collect(),
            Value::String(s) => vec![s.clone()],
            other => panic!("{id} has no exact value: {other}"),
        }
    };
    assert_eq!(find(0, "cache")["grading"], "set");
    assert_eq!(find(2, "dL_dF2_symbolic")["grading"], "hand");
    assert_eq!(find(2, "dL_dF2_symbolic")["points"], 1);
    // bce: z one too big, and the prediction computed from it: follow-through.
    let z = &exact(0, "z")[0];
    // optimizer: m_1 off by (1 - beta1) in every entry, so m_hat_1 is off by exactly 1.
    let beta1 = problem(1)["params"]["beta1"].to_string();
    let m1: Vec<String> = exact(1, "m_1")
        .iter()
        .map(|m| format!("{m} + (1 - {beta1})"))
        .collect();
    let m_hat1: Vec<String> = exact(1, "m_hat_1")
        .iter()
        .map(|m| format!("{m} + 1"))
        .collect();
    let csv = format!(
        "student,problem,answer,value\n\
         ANN,1,z,{z} + 1\n\
         ann,1,y_hat,\"1/(1+e^-({z} + 1))\"\n\
         ann,1,cache,\"y_hat, X\"\n\
         ann,2,m_1,\"[{}]\"\n\
         ann,2,m_hat_1,\"[{}]\"\n\
         ann,3,dL_dF2_symbolic,dL/dF2 = dL/dF3 (1 + ...)\n",
        m1.join(", "),
        m_hat1.join(", ")
    );
    let answers = write(&dir, "answers.csv", &csv);
    let details = dir.join("details.csv");
    let report = dir.join("report.csv");
    let out = dlexam(&[
        "grade",
        "--key",
        s(&keys_path),
        "--answers",
        s(&answers),
        "--details",
        s(&details),
        "--report",
        s(&report),
    ]);
    assert_eq!(out.status.code(), Some(CHECK_BY_HAND));
    let details = read(&details);
    let status = |p: usize, id: &str| -> String {
        details
            .lines()
            .find(|l| l.starts_with(&format!("ann,{p},{id},")))
            .unwrap_or_else(|| panic!("no {id}: {details}"))
            .rsplit(',')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(status(1, "z"), "wrong");
    assert_eq!(status(1, "y_hat"), "follow-through");
    assert_eq!(status(1, "cache"), "right");
    assert_eq!(status(2, "m_1"), "wrong");
    assert_eq!(status(2, "m_hat_1"), "follow-through");
    assert_eq!(status(3, "dL_dF2_symbolic"), "hand");
    assert!(
        read(&report).contains("ann,3,dL_dF2_symbolic,7,"),
        "{}",
        read(&report)
    );
    // The symbolic answer counts in the maximum only because the spec gives it a point.
    let scores = String::from_utf8(out.stdout).unwrap();
    let ann = scores.lines().nth(1).unwrap();
    assert!(ann.contains(",16.00,"), "{scores}");
}
