//! `--pdf`: missing tools, and pdflatex on a real exam and key.

use std::process::Command;

use super::{SPEC, class, exam, ok, s, tree, write};
use crate::common::temp_dir;

/// A PDF's page count, by pdfinfo (poppler-utils; CI has it).
fn pages_of(pdf: &std::path::Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = text.lines().find(|l| l.starts_with("Pages:"))?;
    line["Pages:".len()..].trim().parse().ok()
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
    let roster = write(
        &dir,
        "roster.csv",
        "id,name\np1,Émile Borel_#1 & {co}\na.b,Ann\nx_y,Bob\n",
    );
    let out = dir.join("out");
    let stderr = ok(&exam(&spec, &roster, &out, &["--pdf"]));
    // Not a terminal: one summary line instead of a progress bar.
    assert!(stderr.contains("compiled 8 PDFs"), "{stderr}");
    for id in ["p1", "a.b", "x_y"] {
        for kind in ["exams", "keys"] {
            let bytes = std::fs::read(out.join(format!("{kind}/{id}.pdf"))).unwrap();
            assert!(bytes.starts_with(b"%PDF"), "{kind}/{id}.pdf is not a PDF");
        }
    }
    let names: Vec<String> = tree(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 16, "aux files or logs left behind: {names:?}");
    // class.pdf and keys.pdf: every document in roster order, each from an odd page.
    if let Some(pages) = pages_of(&out.join("exams/p1.pdf")) {
        for (bundle, kind) in [("class.pdf", "exams"), ("keys.pdf", "keys")] {
            let each: Vec<usize> = ["p1", "a.b", "x_y"]
                .iter()
                .map(|id| pages_of(&out.join(format!("{kind}/{id}.pdf"))).unwrap())
                .collect();
            let padded: usize = each.iter().map(|n| n + n % 2).sum();
            assert_eq!(
                pages_of(&out.join(bundle)),
                Some(padded),
                "{bundle}: {each:?}"
            );
        }
        assert!(pages > 1);
    }
    // A LaTeX error names the student and the first `!` line of the log.
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    write(
        &templates,
        "document.tex",
        "\\documentclass{exam}\\begin{document}\\undefinedmacro\n<< problems >>\\end{document}\n",
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
    assert!(
        !dir.join("bad").exists(),
        "a failed run left its output folder"
    );
}

#[test]
fn names_in_greek_cyrillic_and_cjk_print_as_written_and_every_failure_is_reported() {
    let have = Command::new("xelatex")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
        assert!(!ci, "CI must have xelatex (texlive-xetex, see .ci/run)");
        eprintln!(
            "\nSKIPPED: xelatex is missing; install texlive-xetex fonts-noto-cjk fonts-dejavu-core\n"
        );
        return;
    }
    let dir = temp_dir("pdf-unicode");
    let spec = write(
        &dir,
        "spec.toml",
        "[[problem]]\nfamily = \"conv-params\"\nvariant = \"filter\"\npoints = 2\n",
    );
    let names = [
        ("g1", "Σωκράτης Παπαδόπουλος"),
        ("c1", "Пётр Ильич Чайковский"),
        ("j1", "王小明 さくら 김민준"),
        ("l1", "Ștefan Łukasiewicz Đặng"),
    ];
    let mut csv = String::from("id,name\n");
    for (id, name) in names {
        csv.push_str(&format!("{id},{name}\n"));
    }
    let roster = write(&dir, "roster.csv", &csv);
    let out = dir.join("out");
    ok(&exam(&spec, &roster, &out, &["--pdf", "--seed", "3"]));
    for (id, name) in names {
        let tex = std::fs::read_to_string(out.join(format!("exams/{id}.tex"))).unwrap();
        assert!(tex.starts_with("% !TEX program = xelatex"), "{id}");
        let text = Command::new("pdftotext")
            .arg(out.join(format!("exams/{id}.pdf")))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        for word in name.split(' ') {
            assert!(
                text.contains(word),
                "{id}: `{word}` is not in the PDF's text: {text}"
            );
        }
    }
    // Two students whose documents fail: both are named, and nothing is published.
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    write(
        &templates,
        "document.tex",
        "\\documentclass{exam}\\begin{document}<% if info.student.id == \"g1\" or info.student.id == \"j1\" %>\\undefinedmacro<% endif %>x\\iffalse << problems >>\\fi\\end{document}\n",
    );
    let failed = exam(
        &spec,
        &roster,
        &dir.join("bad"),
        &["--pdf", "--seed", "3", "--templates", s(&templates)],
    );
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("4 documents failed")
            && stderr.contains("student g1")
            && stderr.contains("student j1")
            && !stderr.contains("student c1"),
        "{stderr}"
    );
    assert!(!dir.join("bad").exists());
}
