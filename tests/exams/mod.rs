//! `dlexam sheet`, `exam` and `grade` end to end: specs, rosters, per-student files, keys.json,
//! --only, refusals, distinct variants, grading round trips, and pdflatex when present.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::{dlexam, temp_dir};

/// `--choices` and `choices = true`: options, letters in keys.json, grading letters.
mod choices;
/// The exam command's files: a small class, --only, --force, failed runs, distinct variants,
/// the same bytes whatever the number of threads.
mod files;
/// `grade`, `sheet` and the built-in spec.
mod grading;
/// Bad rosters, specs and keys: exit 2 with one line.
mod inputs;
/// `--pdf`: missing tools, and pdflatex on a real exam and key.
mod pdf;

/// A spec that only uses conv-params (the family that is complete on every branch).
pub const SPEC: &str = r#"title = "Midterm: calculation part"
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

pub const ROSTER: &str = "id,name,email\ns001,Ada Lovelace,ada@example.org\ns002,Alan Turing,\ns003,\"Hopper, Grace & co\",\ns004,Émile Borel_#1,\n";

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test input");
    path
}

pub fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` as a user sees it (relative path, bytes), sorted: through dlexam's
/// links into the published class, leaving out its hidden `.dlexam` folder and links that lead
/// nowhere (a fresh folder where no class was published yet).
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.file_name().is_some_and(|n| n == ".dlexam") || !path.exists() {
                continue;
            }
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
pub fn class(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let spec = write(&dir, "spec.toml", SPEC);
    let roster = write(&dir, "roster.csv", ROSTER);
    (dir, spec, roster)
}

pub fn exam(spec: &Path, roster: &Path, out: &Path, extra: &[&str]) -> Output {
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

pub fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "failed ({:?}): {stderr}",
        out.status.code()
    );
    stderr
}

/// Writes the exams of a class into `dir/out`; returns keys.json's path and an answers CSV with
/// every answer as the key states it.
pub fn keyed_class(dir: &Path, spec: &Path, roster: &Path) -> (PathBuf, String) {
    let out = dir.join("out");
    ok(&exam(spec, roster, &out, &[]));
    let keys_path = out.join("keys.json");
    let keys: Value = serde_json::from_str(&read(&keys_path)).unwrap();
    (keys_path, answers_from_key(&keys))
}

/// An answers CSV with every answer of keys.json, as the key states it.
pub fn answers_from_key(keys: &Value) -> String {
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
