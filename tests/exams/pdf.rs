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
    assert!(
        !dir.join("bad").exists(),
        "a failed run left its output folder"
    );
}
