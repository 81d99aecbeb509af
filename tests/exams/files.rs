//! The exam command's files: a small class, --only, --force, failed runs, distinct variants, the
//! same bytes whatever the number of threads.

use serde_json::Value;

use super::{SPEC, class, exam, ok, read, s, tree, write};
use crate::common::{dlexam, temp_dir, usage_error};
use crate::snapshot;

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
        manifest.starts_with("id,name,seed,version,fingerprint,exam_seed\n"),
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
    // The student's exam holds no solution and no answer value, not even hidden; the key and
    // every record of the class name the exam seed (11, from the spec), the exam does not.
    for leak in ["\\begin{solution", "Answers.", "Exam seed"] {
        assert!(!exam_tex.contains(leak), "the student's exam holds {leak}");
    }
    let answer_lines: Vec<&str> = key_tex
        .lines()
        .filter(|l| l.trim_start().starts_with("\\item"))
        .collect();
    assert_eq!(
        answer_lines.len(),
        9,
        "three answers per problem in the key"
    );
    for line in answer_lines {
        assert!(!exam_tex.contains(line), "the student's exam holds {line}");
    }
    assert!(key_tex.contains("Exam seed \\texttt{11}"));
    assert_eq!(keys["exam_seed"], 11);
    assert!(
        manifest.lines().skip(1).all(|row| row.ends_with(",11")),
        "{manifest}"
    );
    // Besides the class, only dlexam's own bookkeeping: the lock, `current`, one class folder.
    let mut meta: Vec<String> = std::fs::read_dir(out.join(".dlexam"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    meta.sort();
    assert_eq!(meta.len(), 3, "{meta:?}");
    assert!(meta[0].starts_with("class-") && meta[1] == "current" && meta[2] == "lock");
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

    // A template that fails while rendering: exit 2 (a user template is input), and no file at all.
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
        Some(2),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );
    assert!(!fresh.exists(), "a failed run left its output folder");
    // A template that fails for some students only: the error names the first of them in
    // roster order, whichever thread met which first.
    write(
        &templates,
        "document.tex",
        "<% if info.student.id != \"s001\" %><< info.no_such_field.deeper >><% endif %><< problems >>\n",
    );
    for _ in 0..3 {
        let failed = exam(&spec, &roster, &fresh, &["--templates", s(&templates)]);
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert_eq!(failed.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with("error: student `s002`: template document.tex"),
            "{stderr}"
        );
        assert!(!fresh.exists(), "a failed run left its output folder");
    }
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
    // Every problem, redrawn or not, is the problem `gen` makes from its seed (a redraw that
    // planning solved is kept, not generated again: this class has a few).
    for student in students {
        for problem in student["problems"].as_array().unwrap() {
            let mut problem = problem.clone();
            problem.as_object_mut().unwrap().remove("points");
            // keys.json adds each answer's share of the points; gen has none.
            for answer in problem["answers"].as_array_mut().unwrap() {
                answer.as_object_mut().unwrap().remove("points");
            }
            let seed = problem["seed"].to_string();
            let (variant, difficulty) = (&problem["variant"], &problem["difficulty"]);
            let made = dlexam(&[
                "gen",
                "conv-params",
                "--seed",
                &seed,
                "--variant",
                variant.as_str().unwrap(),
                "--difficulty",
                difficulty.as_str().unwrap(),
                "--format",
                "json",
            ]);
            let made: Value = serde_json::from_slice(&made.stdout).unwrap();
            assert_eq!(made["problems"][0], problem, "seed {seed}");
        }
    }
    // The padding that keeps the size has a handful of answers: 200 students exhaust it.
    let mut big = String::from("id\n");
    for i in 0..200 {
        big.push_str(&format!("st{i}\n"));
    }
    let big = write(&dir, "big.csv", &big);
    let small = write(
        &dir,
        "small.toml",
        "seed = 3\n[[problem]]\nfamily = \"conv-output\"\nvariant = \"same-padding\"\npoints = 1\n",
    );
    let stderr = ok(&exam(&small, &big, &dir.join("big"), &[]));
    assert!(
        stderr.contains("warning: problem 1 (conv-output): too few variants for 200 students"),
        "{stderr}"
    );
}

#[test]
fn only_without_a_seed_takes_the_exam_seed_from_keys_json() {
    let (dir, _, roster) = class("only-seed");
    let spec = write(&dir, "noseed.toml", &SPEC.replace("seed = 11\n", ""));
    let out = dir.join("out");
    let stderr = ok(&exam(&spec, &roster, &out, &[]));
    let seed: u64 = stderr
        .split("using exam seed ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no seed in {stderr}"));
    let keys: Value = serde_json::from_str(&read(&out.join("keys.json"))).unwrap();
    assert_eq!(keys["exam_seed"].as_u64(), Some(seed));
    let before = tree(&out);
    ok(&exam(&spec, &roster, &out, &["--only", "s003", "--force"]));
    assert_eq!(tree(&out), before, "--only remade the same files");
    let other = (seed + 1).to_string();
    let line = usage_error(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&out),
        "--spec",
        s(&spec),
        "--only",
        "s003",
        "--seed",
        &other,
        "--force",
    ]);
    assert!(
        line.contains(&format!("differs from the seed {seed}")),
        "{line}"
    );
    let line = usage_error(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&dir.join("fresh")),
        "--spec",
        s(&spec),
        "--only",
        "s003",
    ]);
    assert!(line.contains("--only: needs the exam seed"), "{line}");
    assert!(!dir.join("fresh").exists());
}

#[test]
fn the_files_are_the_same_bytes_whatever_the_number_of_threads() {
    // 80 students: chunks of 16 per thread, so 1, 2 and 3 threads cut the class differently
    // (5, 3 and 2 chunks), and the built-in spec redraws some of them.
    let dir = temp_dir("threads");
    let mut roster = String::from("id,name\n");
    for i in 0..80 {
        roster += &format!("s{i:03},Student {i}\n");
    }
    let roster = write(&dir, "roster.csv", &roster);
    let built = |threads: &str| {
        let out = dir.join(format!("out-{threads}"));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_dlexam"))
            .args(["exam", "--roster", s(&roster), "--out-dir", s(&out)])
            .args(["--seed", "2024"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("dlexam runs");
        ok(&run);
        tree(&out)
    };
    let one = built("1");
    assert_eq!(
        one.len(),
        2 * 80 + 2,
        "exams, keys, keys.json, manifest.csv"
    );
    for threads in ["2", "3"] {
        let other = built(threads);
        assert_eq!(
            one.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            other.iter().map(|(name, _)| name).collect::<Vec<_>>()
        );
        for ((name, a), (_, b)) in one.iter().zip(&other) {
            assert!(a == b, "{name} differs with {threads} threads");
        }
    }
}
