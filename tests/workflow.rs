//! The instructor's workflow: the bare usage, formats from file names, sheets with every output
//! option of `gen`, PDFs of sheets and keys, completions and man pages.

use std::process::Command;

use crate::common::{dlexam, stdout_of, temp_dir, usage_error};

/// Whether pdflatex runs here; under CI it must (a loud line otherwise).
pub fn have_pdflatex() -> bool {
    let have = Command::new("pdflatex")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
        assert!(!ci, "CI must have pdflatex (TeX Live with the exam class)");
        eprintln!(
            "\n{0}\nSKIPPED: pdflatex is missing; install texlive-latex-extra\n{0}",
            "!".repeat(78)
        );
    }
    have
}

#[test]
fn a_bare_dlexam_prints_one_line_per_command_and_exits_2() {
    let out = dlexam(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let text = String::from_utf8(out.stderr).unwrap();
    for command in [
        "list",
        "gen",
        "solve",
        "sheet",
        "exam",
        "grade",
        "completions",
        "man",
    ] {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("{command} ")))
            .collect();
        assert_eq!(lines.len(), 1, "{command}: {text}");
    }
    assert!(text.lines().all(|l| l.len() <= 120), "{text}");
    assert!(text.lines().count() < 20, "{text}");
    // --help stays the full help.
    let help = stdout_of(&["--help"]);
    assert!(
        help.contains("Examples:") && help.len() > text.len(),
        "{help}"
    );
}

#[test]
fn the_extension_of_o_and_key_picks_the_format() {
    let dir = temp_dir("extensions");
    let (tex, md, json) = (dir.join("x.tex"), dir.join("k.md"), dir.join("x.json"));
    let p = |p: &std::path::Path| p.to_str().unwrap().to_string();
    stdout_of(&["sheet", "--seed", "1", "-o", &p(&tex), "--key", &p(&md)]);
    let tex_text = std::fs::read_to_string(&tex).unwrap();
    assert!(tex_text.starts_with("\\documentclass"), "{tex_text}");
    let md_text = std::fs::read_to_string(&md).unwrap();
    assert!(md_text.starts_with("# ") && md_text.contains("### Solution"));
    stdout_of(&["gen", "conv-params", "--seed", "1", "-o", &p(&json)]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["schema"], "dlexam/1");
    // A contradicting extension names both, writes nothing.
    let k3 = dir.join("k3.md");
    let e = usage_error(&["sheet", "--format", "tex", "--key", &p(&k3)]);
    assert!(
        e.contains("--key")
            && e.contains("k3.md")
            && e.contains("md")
            && e.contains("--format tex"),
        "{e}"
    );
    assert!(!k3.exists());
    let e = usage_error(&[
        "gen",
        "conv-params",
        "--format",
        "json",
        "-o",
        &p(&dir.join("y.tex")),
    ]);
    assert!(e.contains("tex") && e.contains("--format json"), "{e}");
    // --format still wins for other extensions, and stdout stays Markdown by default.
    let txt = dir.join("x.txt");
    stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "1",
        "--format",
        "tex",
        "-o",
        &p(&txt),
    ]);
    assert!(
        std::fs::read_to_string(&txt)
            .unwrap()
            .starts_with("\\documentclass")
    );
    assert!(stdout_of(&["gen", "conv-params", "--seed", "1"]).starts_with("# "));
}

#[test]
fn sheet_takes_the_output_options_of_gen() {
    let fragment = stdout_of(&["sheet", "--seed", "3", "--fragment"]);
    assert!(fragment.contains("\\begin{questions}"), "{fragment}");
    assert!(!fragment.contains("\\documentclass"));
    let full = stdout_of(&["sheet", "--seed", "3", "--format", "tex"]);
    // A fragment with figures starts with a comment asking for TikZ; the rest is the questions.
    let (note, questions) = fragment.split_once('\n').unwrap();
    assert!(
        note.starts_with("% The figures are TikZ pictures"),
        "{note}"
    );
    assert!(
        full.contains(questions.trim()),
        "the fragment is the document's questions"
    );
    let e = usage_error(&["sheet", "--seed", "3", "--fragment", "--format", "json"]);
    assert!(e.contains("--fragment"), "{e}");
    assert!(usage_error(&["sheet", "--pdf"]).contains("-o FILE.pdf"));
    // --difficulty sets every problem's, over the spec's.
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "sheet",
        "--seed",
        "2",
        "--difficulty",
        "hard",
        "--format",
        "json",
    ]))
    .unwrap();
    let problems = doc["problems"].as_array().unwrap();
    assert!(problems.len() > 1 && problems.iter().all(|p| p["difficulty"] == "hard"));
    assert!(usage_error(&["gen", "conv-params", "--format", "pdf"]).contains("-o FILE.pdf"));
    assert!(usage_error(&["sheet", "--fragment", "--pdf", "-o", "x.tex"]).contains("--fragment"));
}

#[test]
fn pdf_needs_pdflatex_and_says_so_in_one_line() {
    let dir = temp_dir("nopdflatex");
    let pdf = dir.join("s.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_dlexam"))
        .args(["sheet", "--seed", "1", "-o", pdf.to_str().unwrap()])
        .env("PATH", dir.join("no-such-bin"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("pdflatex"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "left files behind"
    );
}

#[test]
fn sheets_and_keys_compile_to_pdf() {
    if !have_pdflatex() {
        return;
    }
    let dir = temp_dir("sheetpdf");
    let (sheet, key) = (dir.join("s.tex"), dir.join("k.pdf"));
    stdout_of(&[
        "sheet",
        "--seed",
        "2",
        "--pdf",
        "-o",
        sheet.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["k.pdf", "s.pdf", "s.tex"],
        "build files left behind?"
    );
    for f in ["k.pdf", "s.pdf"] {
        assert!(
            std::fs::read(dir.join(f)).unwrap().starts_with(b"%PDF"),
            "{f}"
        );
    }
    // Never replaced without --force.
    let e = usage_error(&["gen", "conv-params", "-o", key.to_str().unwrap()]);
    assert!(e.contains("--force"), "{e}");
}

#[test]
fn completions_for_every_shell_and_man_pages() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            script.contains("dlexam") && script.contains("sheet") && script.contains("roster"),
            "{shell}"
        );
    }
    assert!(usage_error(&["completions", "tcsh"]).contains("tcsh"));
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH dlexam"),
        "{page}"
    );
    assert!(page.contains("completions"));
    let sheet = stdout_of(&["man", "sheet"]);
    assert!(
        sheet.contains("dlexam\\-sheet") && sheet.contains("\\-\\-fragment"),
        "{sheet}"
    );
    assert!(usage_error(&["man", "sheets"]).contains("sheet, exam"));
}

#[test]
fn answer_space_and_score_tables_follow_the_spec() {
    let dir = temp_dir("space");
    let spec = dir.join("t.toml");
    let write_spec = |extra: &str, space: &str| {
        std::fs::write(
            &spec,
            format!(
                "title = \"Tutorial\"\n{extra}\n[[problem]]\nfamily = \"conv-params\"\npoints = 1\ncount = 3\n{space}\n[[problem]]\nfamily = \"conv-output\"\ntitle = \"Shapes through a chain\"\nvariant = \"chain\"\npoints = 4\n"
            ),
        )
        .unwrap();
        spec.to_str().unwrap().to_string()
    };
    let sheet = |spec: &str, extra: &[&str]| {
        let mut args = vec!["sheet", "--spec", spec, "--seed", "3", "--format", "tex"];
        args.extend_from_slice(extra);
        stdout_of(&args)
    };
    // auto: a box per problem, sized, no page per problem; no score table on a sheet.
    let tex = sheet(&write_spec("", ""), &[]);
    let boxes: Vec<&str> = tex
        .lines()
        .filter_map(|l| l.strip_prefix("\\makeemptybox{"))
        .collect();
    assert_eq!(boxes.len(), 4, "{tex}");
    assert!(boxes.iter().all(|b| b.ends_with("cm}")), "{boxes:?}");
    let cm = |b: &str| b.trim_end_matches("cm}").parse::<f64>().unwrap();
    assert!(
        cm(boxes[3]) > cm(boxes[0]),
        "4 points and a chain get more room: {boxes:?}"
    );
    assert!(!tex.contains("\\newpage"), "{tex}");
    assert!(!tex.contains("\\gradetable"));
    assert!(tex.contains("\\titledquestion{Shapes through a chain}[4]"));
    // Asked for: a score table; none and page per problem; --space over the spec.
    let tex = sheet(&write_spec("score_table = true", "space = \"none\""), &[]);
    assert!(tex.contains("\\gradetable"));
    assert_eq!(tex.matches("\\makeemptybox").count(), 1, "{tex}");
    let tex = sheet(&write_spec("", "space = \"page\""), &[]);
    assert_eq!(tex.matches("\\makeemptybox{\\stretch{1}}").count(), 3);
    assert_eq!(
        tex.matches("\\newpage").count(),
        2,
        "the first problem starts right away"
    );
    let tex = sheet(&write_spec("", ""), &["--space", "5cm"]);
    assert_eq!(tex.matches("\\makeemptybox{5.0cm}").count(), 4);
    let e = usage_error(&["sheet", "--space", "huge"]);
    assert!(e.contains("huge") && e.contains("auto, none, page"), "{e}");
    // gen keeps no space unless asked.
    let generated = stdout_of(&["gen", "conv-params", "--seed", "1", "--format", "tex"]);
    assert!(!generated.contains("makeemptybox"));
    let generated = stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "1",
        "--format",
        "tex",
        "--space",
        "auto",
    ]);
    assert!(generated.contains("\\makeemptybox{"));
}

#[test]
fn the_built_in_spec_reads_as_an_exam() {
    let tex = stdout_of(&["sheet", "--seed", "4", "--format", "tex"]);
    assert!(tex.contains("Adam with bias correction"), "{tex}");
    for unfit in ["Fresh variants", "endterm", "Optimizer steps: Adam, AdamW"] {
        assert!(!tex.contains(unfit), "{unfit}");
    }
    assert!(tex.contains("Introduction to Deep Learning"));
}

#[test]
fn exported_templates_render_the_same_and_say_what_they_receive() {
    let dir = temp_dir("export");
    let out = dir.join("mine");
    let o = out.to_str().unwrap();
    let said = dlexam(&["templates", "export", o]);
    assert!(said.status.success());
    let names = stdout_of(&["templates", "list"]);
    for name in names.lines() {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(
            text.starts_with("<#-\n   ") && text.contains("Receives"),
            "{name}"
        );
    }
    let facts = std::fs::read_to_string(out.join("conv_params/question.md")).unwrap();
    assert!(facts.contains("c_out") && facts.contains("e.g."), "{facts}");
    // The comments render to nothing: the same bytes as the built-ins.
    for format in ["md", "tex"] {
        let plain = stdout_of(&["sheet", "--seed", "6", "--format", format, "--solutions"]);
        let custom = stdout_of(&[
            "sheet",
            "--seed",
            "6",
            "--format",
            format,
            "--solutions",
            "--templates",
            o,
        ]);
        assert_eq!(plain, custom, "{format}");
    }
    assert!(usage_error(&["templates", "export", o]).contains("--force"));
    assert!(
        dlexam(&["templates", "export", o, "--force"])
            .status
            .success()
    );
}

#[test]
fn a_template_folder_with_an_unknown_name_is_refused() {
    let dir = temp_dir("unknown-template");
    std::fs::create_dir_all(dir.join("conv_param")).unwrap();
    std::fs::write(dir.join("conv_param/question.md"), "Hallo\n").unwrap();
    let e = usage_error(&["gen", "conv-params", "--templates", dir.to_str().unwrap()]);
    assert!(
        e.contains("conv_param/") && e.contains("conv_params/question.md"),
        "{e}"
    );
    std::fs::remove_dir_all(dir.join("conv_param")).unwrap();
    std::fs::write(dir.join("document.markdown"), "x\n").unwrap();
    let e = usage_error(&["sheet", "--templates", dir.to_str().unwrap()]);
    assert!(
        e.contains("document.markdown") && e.contains("document.md"),
        "{e}"
    );
    std::fs::remove_file(dir.join("document.markdown")).unwrap();
    // Hidden files (editors, git) are left alone.
    std::fs::write(dir.join(".document.md.swp"), "x").unwrap();
    stdout_of(&[
        "gen",
        "conv-params",
        "--seed",
        "1",
        "--templates",
        dir.to_str().unwrap(),
    ]);
}

#[test]
fn template_errors_keep_the_name_line_and_message() {
    let dir = temp_dir("template-errors");
    std::fs::create_dir_all(dir.join("conv_params")).unwrap();
    let t = dir.to_str().unwrap();
    std::fs::write(dir.join("conv_params/question.md"), "Hello\n<< nosuch >>\n").unwrap();
    let e = usage_error(&["gen", "conv-params", "--seed", "1", "--templates", t]);
    assert!(
        e.contains(
            "template conv_params/question.md line 2, column 4: Variable `nosuch` is not defined"
        ),
        "{e}"
    );
    std::fs::write(
        dir.join("conv_params/question.md"),
        "Hello\n\n<% if %>x<% endif %>\n",
    )
    .unwrap();
    let e = usage_error(&["gen", "conv-params", "--seed", "1", "--templates", t]);
    assert!(e.contains("template conv_params/question.md line 3"), "{e}");
}
