//! The command line end to end.

use crate::common::{dlexam, stdout_of, temp_dir};

#[test]
fn list_shows_every_family_as_text_and_json() {
    let text = stdout_of(&["list"]);
    assert!(text.contains("conv-params"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    let first = &json[0];
    assert_eq!(first["id"], "conv-params");
    assert_eq!(
        first["difficulties"],
        serde_json::json!(["exam", "practice", "hard"])
    );
    assert!(first["variants"].as_array().unwrap().len() > 3);
}

#[test]
fn same_seed_same_bytes_other_seed_other_variants() {
    for format in ["md", "tex", "json"] {
        let args = [
            "gen",
            "conv-params",
            "--seed",
            "7",
            "--count",
            "5",
            "--format",
            format,
            "--solutions",
        ];
        assert_eq!(
            stdout_of(&args),
            stdout_of(&args),
            "{format} output is not deterministic"
        );
    }
    let a = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "7",
        "--count",
        "5",
        "--format",
        "json",
    ]);
    let b = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "8",
        "--count",
        "5",
        "--format",
        "json",
    ]);
    assert_ne!(a, b);
}

#[test]
fn without_seed_the_chosen_seed_is_reported_and_reproduces() {
    let out = dlexam(&["gen", "conv-params", "--format", "json"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let seed = stderr
        .split("--seed ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("seed on stderr");
    let again = stdout_of(&["gen", "conv-params", "--seed", seed, "--format", "json"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), again);
}

#[test]
fn solve_reproduces_generated_problems_from_their_params() {
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "11",
        "--count",
        "20",
        "--difficulty",
        "hard",
        "--format",
        "json",
    ]))
    .unwrap();
    for problem in doc["problems"].as_array().unwrap() {
        let params = problem["params"].to_string();
        let solved: serde_json::Value = serde_json::from_str(&stdout_of(&[
            "solve",
            "conv-params",
            "--params",
            &params,
            "--format",
            "json",
        ]))
        .unwrap();
        assert_eq!(
            solved["problems"][0]["answers"], problem["answers"],
            "params {params}"
        );
    }
}

#[test]
fn the_exam_instance_answers_181_with_reasons() {
    let out = stdout_of(&[
        "solve",
        "conv-params",
        "--params",
        r#"{"input":[10,20,30,40],"out_channels":1,"kernel":3}"#,
    ]);
    assert!(out.contains("= 181"), "{out}");
    for word in ["batch size", "height", "padding"] {
        assert!(
            out.contains(word),
            "solution does not explain why {word} does not matter"
        );
    }
}

#[test]
fn output_file_is_written_once_and_never_replaced_silently() {
    let dir = temp_dir("output");
    let file = dir.join("sheet.md");
    let path = file.to_str().unwrap();
    stdout_of(&["gen", "conv-params", "--seed", "1", "-o", path]);
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first.contains("Problem 1"));
    let out = dlexam(&["gen", "conv-params", "--seed", "2", "-o", path]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        first,
        "file was changed without --force"
    );
    stdout_of(&["gen", "conv-params", "--seed", "2", "-o", path, "--force"]);
    assert_ne!(std::fs::read_to_string(&file).unwrap(), first);
}

#[test]
fn tex_is_a_whole_exam_document_and_fragment_only_the_questions() {
    let doc = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "3",
        "--format",
        "tex",
        "--solutions",
    ]);
    assert!(
        doc.starts_with("\\documentclass[11pt,a4paper]{exam}"),
        "{doc}"
    );
    assert!(doc.contains("\\printanswers") && doc.contains("\\end{document}"));
    let without = stdout_of(&["gen", "conv-params", "--seed", "3", "--format", "tex"]);
    assert!(!without.contains("\\printanswers"));
    let fragment = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "3",
        "--format",
        "tex",
        "--fragment",
    ]);
    assert!(
        fragment.trim_start().starts_with("\\begin{questions}"),
        "{fragment}"
    );
    assert!(!fragment.contains("\\documentclass") && !fragment.contains("\\begin{document}"));
}

#[test]
fn user_templates_override_the_built_ins_by_name() {
    let dir = temp_dir("templates");
    std::fs::create_dir_all(dir.join("conv_params")).unwrap();
    std::fs::write(
        dir.join("conv_params/question.md"),
        "Wie viele Parameter hat die Schicht mit $<< c_out >>$ Filtern?\n",
    )
    .unwrap();
    let out = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "3",
        "--templates",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.contains("Wie viele Parameter hat die Schicht mit $"),
        "{out}"
    );
    // The frame writes `<< problems >>` where the problems go; each is rendered by problem.md.
    std::fs::write(dir.join("document.md"), "<< problems >>\n").unwrap();
    std::fs::write(dir.join("problem.md"), "[<< p.number >>]").unwrap();
    let out = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "3",
        "--count",
        "2",
        "--templates",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out, "[1][2]\n");
}

#[test]
fn broken_user_template_is_a_clear_error_not_a_panic() {
    let dir = temp_dir("broken-template");
    std::fs::write(dir.join("document.md"), "<% for p in problems %>unclosed\n").unwrap();
    let line =
        crate::common::usage_error(&["gen", "conv-params", "--templates", dir.to_str().unwrap()]);
    assert!(line.contains("document.md"), "{line}");
}

#[test]
fn a_document_template_must_place_the_problems_once() {
    let dir = temp_dir("frame-template");
    for frame in ["no problems here\n", "<< problems >> and << problems >>\n"] {
        std::fs::write(dir.join("document.md"), frame).unwrap();
        let line = crate::common::usage_error(&[
            "gen",
            "conv-params",
            "--seed",
            "1",
            "--templates",
            dir.to_str().unwrap(),
        ]);
        assert!(
            line.contains("document.md") && line.contains("<< problems >>"),
            "{line}"
        );
    }
}

#[test]
fn a_batch_covers_different_variants() {
    let families: serde_json::Value =
        serde_json::from_str(&stdout_of(&["list", "--format", "json"])).unwrap();
    for family in families.as_array().unwrap() {
        let id = family["id"].as_str().unwrap();
        let n = family["variants"].as_array().unwrap().len();
        let doc: serde_json::Value = serde_json::from_str(&stdout_of(&[
            "gen",
            id,
            "--seed",
            "5",
            "--count",
            &n.to_string(),
            "--format",
            "json",
        ]))
        .unwrap();
        let mut seen: Vec<&str> = doc["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["variant"].as_str().unwrap())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), n, "{id}: --count {n} gave variants {seen:?}");
    }
}
