//! The practice page (`--format html`): every math fragment dlexam writes converts to MathML,
//! pages hold an input per checkable answer and are deterministic, and in headless Chromium
//! (`tools/browser/check.js`) typing the key marks every answer right, typing wrong values marks
//! them wrong, and each family's page shows something (screenshot not blank).
//!
//! The browser test needs Debian's `chromium` (or `$DLEXAM_CHROMIUM`) and
//! `tools/browser/node_modules` (`npm ci`): without them a local run prints `SKIPPED:` and passes,
//! CI fails (`.ci/run` installs both).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use dlexam::render::html::MathMl;
use dlexam::render::markup::html::{MathStyle, inline_to_html, to_html};

use crate::common::{stdout_of, temp_dir, usage_error};
use crate::html_parity::node;
use crate::verify::{BIN, families, generate, missing, run, runs, say, scratch, text};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Collects the math of every neutral-markup field of a `dlexam/1` document: questions and
/// steps (`markdown`), answer labels (`label`) and step titles (`title`) as the page converts
/// them, and each answer's `latex`.
fn collect_math(v: &Value, out: &mut BTreeSet<(String, bool)>) {
    match v {
        Value::Array(items) => items.iter().for_each(|x| collect_math(x, out)),
        Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("markdown", Value::String(s)) => out.extend(math_of(s, true)),
                    ("label" | "title", Value::String(s)) => out.extend(math_of(s, false)),
                    ("latex", Value::String(s)) if map.contains_key("tolerance") => {
                        out.insert((s.clone(), false));
                    }
                    _ => collect_math(x, out),
                }
            }
        }
        _ => {}
    }
}

/// The math of neutral markup (a block, or one line), as the page's converter receives it:
/// (LaTeX, whether display).
fn math_of(markup: &str, block: bool) -> Vec<(String, bool)> {
    let seen = std::cell::RefCell::new(Vec::new());
    let grab = |tex: &str, style: MathStyle, _: &mut String| {
        seen.borrow_mut()
            .push((tex.to_string(), style == MathStyle::Display));
    };
    if block {
        to_html(markup, &grab);
    } else {
        inline_to_html(markup, &grab);
    }
    seen.into_inner()
}

/// Every math fragment of every family, difficulty and variant (the KaTeX check's corpus)
/// converts to MathML.
#[test]
fn every_fragment_converts_to_mathml() {
    let mut fragments = BTreeSet::new();
    for f in families() {
        for (d, v) in runs(&f) {
            let count = if v.is_some() { 5 } else { 40 };
            let extra = ["--format", "json", "--solutions"];
            if let Some(out) = generate(&f.id, &d, v.as_deref(), count, &extra) {
                let doc: Value = serde_json::from_str(&out).expect("gen writes JSON");
                collect_math(&doc, &mut fragments);
            }
        }
    }
    let t = Instant::now();
    let math = MathMl::default();
    let failures: Vec<String> = fragments
        .iter()
        .filter_map(|(tex, display)| {
            let style = if *display {
                MathStyle::Display
            } else {
                MathStyle::Inline
            };
            math.convert(tex, style)
                .err()
                .map(|e| format!("{tex:?}: {e}"))
        })
        .collect();
    let displays = fragments.iter().filter(|(_, d)| *d).count();
    say(&format!(
        "mathml: {} distinct fragments ({displays} display) converted in {:.1}s, {} failed",
        fragments.len(),
        t.elapsed().as_secs_f64(),
        failures.len()
    ));
    assert!(
        fragments.len() > 1000,
        "too few fragments: {}",
        fragments.len()
    );
    assert!(
        failures.is_empty(),
        "{} fragments do not convert to MathML, e.g.:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

/// A page has one input per answer that is not graded by hand, named by its answer id, one
/// check button per problem, and the same bytes for the same seed; `.html` picks the format.
#[test]
fn pages_have_an_input_per_checkable_answer_and_are_deterministic() {
    let args = ["gen", "resblock", "--count", "2", "--seed", "9"];
    let page = stdout_of(&[&args[..], &["--format", "html"]].concat());
    assert_eq!(
        page,
        stdout_of(&[&args[..], &["--format", "html"]].concat())
    );
    let json: Value =
        serde_json::from_str(&stdout_of(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let mut expected = 0;
    for p in json["problems"].as_array().unwrap() {
        for a in p["answers"].as_array().unwrap() {
            let input = format!("data-answer-id=\"{}\"", a["id"].as_str().unwrap());
            if a["grading"] == "hand" {
                assert!(!page.contains(&input), "hand-graded {input} has an input");
            } else {
                assert!(page.contains(&input), "no input {input}");
                expected += 1;
            }
        }
    }
    assert_eq!(page.matches("data-answer-id=").count(), expected);
    assert_eq!(
        page.matches("<button type=\"button\" data-check>").count(),
        2
    );
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    for offline in ["http://", "https://", "src=", "href="] {
        assert!(!page.contains(offline), "the page refers to {offline}");
    }
    assert!(!page.contains("<code class=\"tex\">"), "math left as LaTeX");
    let dir = temp_dir("html-ext");
    let file = dir.join("p.html");
    stdout_of(&[&args[..], &["-o", file.to_str().unwrap()]].concat());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), page);
    let note = |extra: &[&str]| {
        let out = crate::common::dlexam(&[&args[..], &["--format", "html"], extra].concat());
        String::from_utf8_lossy(&out.stderr).contains("so it holds them")
    };
    assert!(
        note(&[]) && !note(&["--solutions"]),
        "the note on answers in the page"
    );
    let e = usage_error(&["gen", "resblock", "--format", "html", "-o", "x.md"]);
    assert!(
        e.contains("the extension says md, but --format html"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("DLEXAM_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let puppeteer = Path::new(ROOT).join("tools/browser/node_modules/puppeteer-core");
    if path.is_file() && puppeteer.is_dir() {
        Some(path)
    } else {
        missing(
            "chromium with puppeteer-core (tools/browser/node_modules)",
            "apt-get install chromium && (cd tools/browser && npm ci)",
        );
        None
    }
}

/// Each family's page (with `--choices`, and a sheet with points) in headless Chromium: the key's
/// values are all right, wrong values (each family's typical mistakes where it has one) all wrong, every step opens, the screenshot is not blank.
#[test]
fn practice_pages_work_in_chromium() {
    let Some(()) = node() else { return };
    let Some(chromium) = chromium() else { return };
    let dir = scratch("browser");
    let mut pages = Vec::new();
    for f in families() {
        let path = dir.join(format!("{}.html", f.id));
        let out = run(Command::new(BIN)
            .args(["gen", &f.id, "--count", "3", "--seed", "4242", "--choices"])
            .arg("-o")
            .arg(&path));
        assert!(
            out.status.success(),
            "gen {} --format html: {}",
            f.id,
            text(&out.stderr)
        );
        pages.push(path);
    }
    let sheet = dir.join("sheet.html");
    // The built-in exam as a sheet: problems with points.
    let out = run(Command::new(BIN)
        .args(["sheet", "--seed", "5", "-o"])
        .arg(&sheet));
    assert!(
        out.status.success(),
        "sheet -o sheet.html: {}",
        text(&out.stderr)
    );
    pages.push(sheet);
    let t = Instant::now();
    let out = run(Command::new("node")
        .arg(format!("{ROOT}/tools/browser/check.js"))
        .arg("--chromium")
        .arg(&chromium)
        .arg("--shots")
        .arg(dir.join("shots"))
        .args(&pages));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    println!("{all}");
    say(&format!(
        "chromium over {} pages took {:.1}s: {}",
        pages.len(),
        t.elapsed().as_secs_f64(),
        all.lines().last().unwrap_or_default()
    ));
    assert!(
        out.status.success(),
        "practice pages fail in Chromium: see above (stdout); pages and screenshots kept in {}",
        dir.display()
    );
    // The family pages carry --choices options, so the wrong pass types typical mistakes.
    let mistakes: usize = all
        .lines()
        .filter_map(|l| l.strip_prefix("browser: "))
        .flat_map(|l| l.split(", "))
        .find_map(|part| part.strip_suffix(" typical mistakes")?.parse().ok())
        .expect("the summary counts the typical mistakes typed");
    assert!(mistakes >= 30, "only {mistakes} typical mistakes typed");
    let _ = std::fs::remove_dir_all(&dir);
}
