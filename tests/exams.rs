//! `dlexam sheet`, `exam` and `grade` end to end: specs, rosters, per-student files, keys.json,
//! --only, refusals, distinct variants, grading round trips, and pdflatex when present.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{dlexam, stdout_of, temp_dir, usage_error};
use crate::snapshot;

/// A spec that only uses conv-params (the family that is complete on every branch).
const SPEC: &str = r#"title = "Midterm: calculation part"
course = "Introduction to Deep Learning"
date = 2024-07-26
instructions = "No resources allowed. Show every step."
seed = 11

[[problem]]
family = "conv-params"
variant = "filter"
points = 2

[[problem]]
family = "conv-params"
variant = "layer"
points = 3
count = 2
"#;

const ROSTER: &str = "id,name,email\ns001,Ada Lovelace,ada@example.org\ns002,Alan Turing,\ns003,\"Hopper, Grace & co\",\ns004,Émile Borel_#1,\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test input");
    path
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` (relative path, bytes), sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// A class in a fresh folder: (folder, spec, roster).
fn class(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let spec = write(&dir, "spec.toml", SPEC);
    let roster = write(&dir, "roster.csv", ROSTER);
    (dir, spec, roster)
}

fn exam(spec: &Path, roster: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "exam",
        "--roster",
        s(roster),
        "--out-dir",
        s(out),
        "--spec",
        s(spec),
    ];
    args.extend_from_slice(extra);
    dlexam(&args)
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "failed ({:?}): {stderr}",
        out.status.code()
    );
    stderr
}

/// An answers CSV with every answer of keys.json, as the key states it.
fn answers_from_key(keys: &Value) -> String {
    let mut csv = String::from("student,problem,answer,value\n");
    for student in keys["students"].as_array().unwrap() {
        for (i, problem) in student["problems"].as_array().unwrap().iter().enumerate() {
            for answer in problem["answers"].as_array().unwrap() {
                let value = match &answer["value"] {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                let quoted = format!("\"{}\"", value.replace('"', "\"\""));
                csv.push_str(&format!(
                    "{},{},{},{quoted}\n",
                    student["id"].as_str().unwrap(),
                    i + 1,
                    answer["id"].as_str().unwrap()
                ));
            }
        }
    }
    csv
}

#[test]
fn a_small_class_gets_exams_keys_json_and_manifest() {
    let (dir, spec, roster) = class("class");
    let out = dir.join("out");
    let stderr = ok(&exam(&spec, &roster, &out, &[]));
    assert!(stderr.contains("wrote 10 files"), "{stderr}");
    let names: Vec<String> = tree(&out).into_iter().map(|(name, _)| name).collect();
    for id in ["s001", "s002", "s003", "s004"] {
        assert!(
            names.contains(&format!("exams/{id}.tex")) && names.contains(&format!("keys/{id}.tex")),
            "{names:?}"
        );
    }
    assert_eq!(names.len(), 10, "no stray files (staging, temp): {names:?}");

    let keys: Value = serde_json::from_str(&read(&out.join("keys.json"))).unwrap();
    assert_eq!(keys["schema"], "dlexam/1");
    let students = keys["students"].as_array().unwrap();
    assert_eq!(students.len(), 4);
    assert_eq!(students[2]["name"], "Hopper, Grace & co");
    for st in students {
        let points: Vec<u64> = st["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["points"].as_u64().unwrap())
            .collect();
        assert_eq!(points, [2, 3, 3]);
    }
    let manifest = read(&out.join("manifest.csv"));
    assert!(
        manifest.starts_with("id,name,seed,version,fingerprint\n"),
        "{manifest}"
    );
    assert!(manifest.contains("\"Hopper, Grace & co\""), "{manifest}");

    let exam_tex = read(&out.join("exams/s003.tex"));
    let key_tex = read(&out.join("keys/s003.tex"));
    let version = students[2]["version"].as_str().unwrap();
    for needle in [
        "Hopper, Grace \\& co",
        "\\texttt{s003}",
        version,
        "\\gradetable",
        "\\addpoints",
        "[2]",
        "[3]",
    ] {
        assert!(exam_tex.contains(needle), "exam lacks {needle}");
    }
    assert!(!exam_tex.contains("\\printanswers") && key_tex.contains("\\printanswers"));
    assert!(key_tex.contains("Answer key"));
    snapshot!("exams__class__manifest_csv", manifest);
    snapshot!("exams__class__exam_s003_tex", exam_tex);
    snapshot!("exams__class__key_s003_tex", key_tex);
    snapshot!("exams__class__keys_json", read(&out.join("keys.json")));
}

#[test]
fn only_rewrites_one_student_byte_for_byte() {
    let (dir, spec, roster) = class("only");
    let full = dir.join("full");
    ok(&exam(&spec, &roster, &full, &[]));
    let one = dir.join("one");
    ok(&exam(&spec, &roster, &one, &["--only", "s002"]));
    let written = tree(&one);
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "exams/s002.tex",
            "keys.json",
            "keys/s002.tex",
            "manifest.csv"
        ]
    );
    for (name, bytes) in &written {
        assert_eq!(
            &std::fs::read(full.join(name)).unwrap(),
            bytes,
            "{name} differs from the full run"
        );
    }
    // In the full run's folder: refused without --force, identical with it.
    let before = tree(&full);
    let line = usage_error(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&full),
        "--spec",
        s(&spec),
        "--only",
        "s002",
    ]);
    assert!(line.contains("--force"), "{line}");
    ok(&exam(&spec, &roster, &full, &["--only", "s002", "--force"]));
    assert_eq!(tree(&full), before);
    assert!(
        usage_error(&[
            "exam",
            "--roster",
            s(&roster),
            "--out-dir",
            s(&one),
            "--spec",
            s(&spec),
            "--only",
            "nobody"
        ])
        .contains("--only nobody")
    );
}

#[test]
fn nothing_is_overwritten_without_force_and_a_failed_run_writes_nothing() {
    let (dir, spec, roster) = class("force");
    let out = dir.join("out");
    ok(&exam(&spec, &roster, &out, &[]));
    let before = tree(&out);
    let line = usage_error(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&out),
        "--spec",
        s(&spec),
        "--seed",
        "12",
    ]);
    assert!(
        line.contains("exists") && line.contains("--force"),
        "{line}"
    );
    assert_eq!(tree(&out), before, "a refused run changed files");
    ok(&exam(&spec, &roster, &out, &["--seed", "12", "--force"]));
    assert_ne!(tree(&out), before);

    // A template that fails while rendering: exit 1, and no file at all.
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    write(
        &templates,
        "document.tex",
        "<< info.no_such_field.deeper >>\n",
    );
    let fresh = dir.join("fresh");
    let failed = exam(&spec, &roster, &fresh, &["--templates", s(&templates)]);
    assert_eq!(
        failed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );
    assert!(
        tree(&fresh).is_empty(),
        "a failed run left files: {:?}",
        tree(&fresh).iter().map(|f| &f.0).collect::<Vec<_>>()
    );
}

#[test]
fn students_get_distinct_variants_and_neighbours_differ() {
    let dir = temp_dir("distinct");
    let spec = write(
        &dir,
        "spec.toml",
        "seed = 3\n[[problem]]\nfamily = \"conv-params\"\ndifficulty = \"practice\"\nvariant = \"layer\"\npoints = 2\n[[problem]]\nfamily = \"conv-params\"\nvariant = \"filter\"\npoints = 1\n",
    );
    let mut roster = String::from("id\n");
    for i in 0..40 {
        roster.push_str(&format!("st{i}\n"));
    }
    let roster = write(&dir, "roster.csv", &roster);
    let out = dir.join("out");
    let stderr = ok(&exam(&spec, &roster, &out, &[]));
    let keys: Value = serde_json::from_str(&read(&out.join("keys.json"))).unwrap();
    let students = keys["students"].as_array().unwrap();
    for position in 0..2 {
        let params: Vec<String> = students
            .iter()
            .map(|s| s["problems"][position]["params"].to_string())
            .collect();
        let answers: Vec<String> = students
            .iter()
            .map(|s| s["problems"][position]["answers"].to_string())
            .collect();
        for pair in answers.windows(2) {
            assert_ne!(
                pair[0],
                pair[1],
                "neighbours share the answers of problem {}",
                position + 1
            );
        }
        let mut unique = params.clone();
        unique.sort();
        unique.dedup();
        if position == 0 {
            assert_eq!(
                unique.len(),
                params.len(),
                "two students got the same params: {stderr}"
            );
        }
    }
    // The exam-difficulty stack comparison has about 150 variants: 200 students exhaust it.
    let mut big = String::from("id\n");
    for i in 0..200 {
        big.push_str(&format!("st{i}\n"));
    }
    let big = write(&dir, "big.csv", &big);
    let small = write(
        &dir,
        "small.toml",
        "seed = 3\n[[problem]]\nfamily = \"conv-params\"\nvariant = \"stack\"\npoints = 1\n",
    );
    let stderr = ok(&exam(&small, &big, &dir.join("big"), &[]));
    assert!(
        stderr.contains("warning: problem 1 (conv-params): too few variants for 200 students"),
        "{stderr}"
    );
}

#[test]
fn the_key_scores_full_marks_and_a_changed_answer_loses_exactly_its_points() {
    let (dir, spec, roster) = class("grade");
    let out = dir.join("out");
    ok(&exam(&spec, &roster, &out, &[]));
    let keys_path = out.join("keys.json");
    let keys: Value = serde_json::from_str(&read(&keys_path)).unwrap();
    let answers = answers_from_key(&keys);
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
    let out = dlexam(&["grade", "--key", s(&keys_path), "--answers", s(&changed)]);
    let stderr = ok(&out);
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
        "3 answer rows NOT scored",
        "most missed",
    ] {
        assert!(stderr.contains(needle), "stderr lacks {needle}: {stderr}");
    }
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
}

#[test]
fn bad_rosters_and_specs_exit_2_with_one_clear_line() {
    let (dir, spec, roster) = class("bad");
    let out = dir.join("out");
    let rosters = [
        ("noid.csv", "name\nAda\n", "no `id` column"),
        (
            "dup.csv",
            "id,name\na,A\nb,B\nA,C\n",
            "line 4: id `A` is already used on line 2",
        ),
        ("empty.csv", "", "no `id` column"),
        ("norows.csv", "id,name\n", "no students"),
        ("unsafe.csv", "id\nok\n../etc\n", "line 3: id `../etc`"),
        ("slash.csv", "id\na/b\n", "contains `/`"),
    ];
    for (name, text, needle) in rosters {
        let path = write(&dir, name, text);
        let line = usage_error(&[
            "exam",
            "--roster",
            s(&path),
            "--out-dir",
            s(&out),
            "--spec",
            s(&spec),
        ]);
        assert!(line.contains(needle), "{name}: {line}");
    }
    let specs = [
        (
            "family.toml",
            "[[problem]]\nfamily = \"conv-parameters\"\npoints = 1\n",
            "unknown family `conv-parameters`",
        ),
        (
            "broken.toml",
            "[[problem]\nfamily = \"conv-params\"\n",
            "line 1",
        ),
        (
            "negative.toml",
            "[[problem]]\nfamily = \"conv-params\"\npoints = -3\n",
            "field `points`: -3",
        ),
        (
            "field.toml",
            "[[problem]]\nfamily = \"conv-params\"\npoints = 1\npionts = 2\n",
            "unknown field `pionts`",
        ),
        (
            "nopoints.toml",
            "[[problem]]\nfamily = \"conv-params\"\n",
            "needs points",
        ),
    ];
    for (name, text, needle) in specs {
        let path = write(&dir, name, text);
        let line = usage_error(&[
            "exam",
            "--roster",
            s(&roster),
            "--out-dir",
            s(&out),
            "--spec",
            s(&path),
        ]);
        assert!(line.contains(needle), "{name}: {line}");
        if name != "nopoints.toml" {
            assert!(
                usage_error(&["sheet", "--spec", s(&path)]).contains(needle),
                "sheet {name}"
            );
        }
    }
    assert!(!out.exists(), "a refused run created the output folder");
    let line = usage_error(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&out),
        "--spec",
        s(&spec),
        "--only",
        "s001",
        "--seed",
        "x",
    ]);
    assert!(line.contains("seed"), "{line}");
    let keys = write(
        &dir,
        "keys.json",
        "{\"schema\": \"other\", \"students\": []}",
    );
    let answers = write(&dir, "answers.csv", "student,problem,answer\n");
    assert!(
        usage_error(&["grade", "--key", s(&keys), "--answers", s(&answers)]).contains("schema")
    );
}

#[test]
fn pdf_needs_pdflatex_and_says_what_to_install() {
    let (dir, spec, roster) = class("nopdf");
    let out = Command::new(env!("CARGO_BIN_EXE_dlexam"))
        .args([
            "exam",
            "--roster",
            s(&roster),
            "--out-dir",
            s(&dir.join("out")),
            "--spec",
            s(&spec),
            "--pdf",
        ])
        .env("PATH", dir.join("no-such-bin"))
        .output()
        .expect("dlexam runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("pdflatex") && stderr.contains("install"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn pdflatex_compiles_an_exam_and_its_key() {
    let have = Command::new("pdflatex")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
        assert!(!ci, "CI must have pdflatex (TeX Live with the exam class)");
        use std::io::Write;
        let bar = "!".repeat(78);
        let _ = writeln!(
            std::io::stderr(),
            "\n{bar}\nSKIPPED: pdflatex is missing; install texlive-latex-extra\n{bar}"
        );
        return;
    }
    let dir = temp_dir("pdf");
    let spec = write(&dir, "spec.toml", SPEC);
    let roster = write(&dir, "roster.csv", "id,name\np1,Émile Borel_#1 & {co}\n");
    let out = dir.join("out");
    ok(&exam(&spec, &roster, &out, &["--pdf"]));
    for file in ["exams/p1.pdf", "keys/p1.pdf"] {
        let bytes = std::fs::read(out.join(file)).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{file} is not a PDF");
    }
    let names: Vec<String> = tree(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 6, "aux files or logs left behind: {names:?}");
    // A LaTeX error names the student and the first `!` line of the log.
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    write(
        &templates,
        "document.tex",
        "\\documentclass{exam}\\begin{document}\\undefinedmacro\\end{document}\n",
    );
    let failed = exam(
        &spec,
        &roster,
        &dir.join("bad"),
        &["--pdf", "--templates", s(&templates)],
    );
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("student p1") && stderr.contains("! Undefined control sequence"),
        "{stderr}"
    );
    assert!(tree(&dir.join("bad")).is_empty());
}
