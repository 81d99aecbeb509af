//! Hostile inputs (issue 14, points 6 to 8): sizes over their limits, runaway templates, names
//! that cannot print, user text in Markdown and CSV. Each is refused with exit 2 and one line
//! naming the limit or the rule, in little memory; what passes prints as written.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{binary, fails};
use crate::common::{dlexam, temp_dir};

/// Runs `dlexam args` with `stdin` fed to it; (output, peak resident memory in KiB from
/// `/proc/<pid>/status` VmHWM sampled while it ran).
fn run_measured(args: &[&str], stdin: Option<&Path>) -> (std::process::Output, u64) {
    let mut command = Command::new(binary());
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match stdin {
        Some(path) => command.stdin(std::fs::File::open(path).unwrap()),
        None => command.stdin(Stdio::null()),
    };
    let child = command.spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampler = {
        let peak = peak.clone();
        std::thread::spawn(move || {
            while let Ok(status) = std::fs::read_to_string(&status_path) {
                let hwm = status
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok());
                match hwm {
                    Some(kib) => peak.fetch_max(kib, std::sync::atomic::Ordering::Relaxed),
                    None => break,
                };
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let out = child.wait_with_output().unwrap();
    sampler.join().unwrap();
    (out, peak.load(std::sync::atomic::Ordering::Relaxed))
}

const MEMORY_KIB: u64 = 100 * 1024;

#[test]
fn oversized_params_specs_and_rosters_are_refused_before_the_work_in_little_memory() {
    let dir = temp_dir("limits");
    // 100 MB of params on stdin, and /dev/zero.
    let big = dir.join("big.json");
    std::fs::write(&big, vec![b' '; 100 * 1024 * 1024]).unwrap();
    for (args, stdin) in [
        (
            vec!["solve", "conv-params", "--params", "@/dev/stdin"],
            Some(big.as_path()),
        ),
        (vec!["solve", "conv-params", "--params", "@/dev/zero"], None),
    ] {
        let began = Instant::now();
        let (out, peak) = run_measured(&args, stdin);
        let line = fails(&out, 2);
        assert!(line.contains("larger than the limit of 64 KiB"), "{line}");
        assert!(peak < MEMORY_KIB, "{args:?}: {peak} KiB");
        assert!(began.elapsed() < Duration::from_secs(20));
    }
    std::fs::remove_file(&big).unwrap();
    // A chain of 65 layers (small as JSON).
    let layer = r#"{"op":"max_pool2d","kernel":1}"#;
    let chain = format!(
        r#"{{"input":[1,1,8,8],"layers":[{}]}}"#,
        vec![layer; 65].join(",")
    );
    let line = fails(&dlexam(&["solve", "conv-output", "--params", &chain]), 2);
    assert!(
        line.contains("field `layers`: 65 layers is more than the limit of 64"),
        "{line}"
    );
    // 1,000 [[problem]] tables of 50.
    let spec = dir.join("spec.toml");
    std::fs::write(
        &spec,
        "[[problem]]\nfamily = \"conv-params\"\ncount = 50\n".repeat(1000),
    )
    .unwrap();
    let (out, peak) = run_measured(&["sheet", "--spec", spec.to_str().unwrap()], None);
    let line = fails(&out, 2);
    assert!(
        line.contains("50000 problems in 1000 [[problem]] tables is more than the limit of 200"),
        "{line}"
    );
    assert!(peak < MEMORY_KIB, "{peak} KiB");
    // A roster of 20,001 students.
    let roster = super::roster(&dir, 20_001);
    let line = fails(
        &dlexam(&[
            "exam",
            "--roster",
            roster.to_str().unwrap(),
            "--out-dir",
            dir.join("out").to_str().unwrap(),
        ]),
        2,
    );
    assert!(
        line.contains("more than the limit of 20000 students"),
        "{line}"
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn runaway_and_escaping_templates_are_stopped_naming_the_limit() {
    let dir = temp_dir("templates");
    let templates = dir.join("templates");
    std::fs::create_dir_all(templates.join("conv_params")).unwrap();
    let sheet = |extra: &[&str]| {
        let mut args = vec![
            "sheet",
            "--seed",
            "1",
            "--templates",
            templates.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run_measured(&args, None)
    };
    let put = |name: &str, text: &str| std::fs::write(templates.join(name), text).unwrap();
    // String doubling: refused when the template is read.
    put(
        "document.md",
        "<% set_global s = \"xx\" %><% for i in range(end=64) %><% set_global s = s ~ s %><% endfor %><< s >>",
    );
    let (out, _) = sheet(&[]);
    assert!(fails(&out, 2).contains("document.md: line 1: `set_global` is not allowed"));
    // Three nested loops: stopped by the watchdog after the time limit, in little memory.
    put(
        "document.md",
        "<% for i in range(end=100000) %><% for j in range(end=100000) %><% for k in range(end=100000) %><% endfor %><% endfor %><% endfor %>x",
    );
    let began = Instant::now();
    let (out, peak) = sheet(&[]);
    let line = fails(&out, 2);
    assert!(
        line.contains(
            "template document.md: rendering one document took longer than the limit of 10 s"
        ),
        "{line}"
    );
    assert!(began.elapsed() < Duration::from_secs(40));
    assert!(peak < MEMORY_KIB, "{peak} KiB");
    // Output over the limit.
    put(
        "document.md",
        "<% for i in range(end=100000) %><% for j in range(end=1000) %>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx<% endfor %><% endfor %>",
    );
    let (out, peak) = sheet(&[]);
    assert!(fails(&out, 2).contains("writes more than the limit of 16 MiB"));
    assert!(peak < MEMORY_KIB, "{peak} KiB");
    std::fs::remove_file(templates.join("document.md")).unwrap();
    // A symlink out of the folder, and a subfolder linked out of it.
    std::os::unix::fs::symlink("/etc/passwd", templates.join("document.md")).unwrap();
    let (out, _) = sheet(&[]);
    assert!(fails(&out, 2).contains("document.md: leads out of the folder"));
    std::fs::remove_file(templates.join("document.md")).unwrap();
    std::fs::remove_dir_all(templates.join("conv_params")).unwrap();
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("question.md"), "stolen").unwrap();
    std::os::unix::fs::symlink(&outside, templates.join("conv_params")).unwrap();
    let (out, _) = sheet(&[]);
    assert!(fails(&out, 2).contains("conv_params/question.md: leads out of the folder"));
}

#[test]
fn names_print_as_written_or_are_refused_at_the_roster_check() {
    let dir = temp_dir("names");
    let out = dir.join("out");
    for (row, needle) in [
        (
            "s1,Ann\u{202E}Lee",
            "line 2: name contains the bidirectional control U+202E",
        ),
        (
            "s1,\"Ann\nLee\"",
            "line 2: a quoted field runs over several lines",
        ),
        (
            "s1,Ann \u{1F600}",
            "line 2: name contains `\u{1F600}` (U+1F600)",
        ),
        (
            "s1,Ann\u{0}Lee",
            "line 2: name contains the control character U+0000",
        ),
    ] {
        let roster = dir.join("roster.csv");
        std::fs::write(&roster, format!("id,name\n{row}\n")).unwrap();
        let args = [
            "exam",
            "--roster",
            roster.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--pdf",
        ];
        let began = Instant::now();
        let line = fails(&dlexam(&args), 2);
        assert!(line.contains(needle), "{row:?}: {line}");
        assert!(
            began.elapsed() < Duration::from_secs(5),
            "refused before any pdflatex run"
        );
        assert!(!out.exists());
    }
}

#[test]
fn user_text_is_inert_in_markdown_and_csv() {
    let dir = temp_dir("inert");
    let spec = dir.join("spec.toml");
    std::fs::write(
        &spec,
        "title = \"<script>alert(1)</script>\"\ncourse = \"<img src=x onerror=alert(1)>\"\ninstructions = \"[click](javascript:alert(1)) and $a_{[i]}$\"\n[[problem]]\nfamily = \"conv-params\"\npoints = 2\n",
    )
    .unwrap();
    let md = crate::common::stdout_of(&["sheet", "--spec", spec.to_str().unwrap(), "--seed", "1"]);
    for raw in ["<script>", "<img", "](javascript:"] {
        assert!(!md.contains(raw), "{raw} in {md}");
    }
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && md.contains("$a_{[i]}$"));
    let roster = dir.join("roster.csv");
    std::fs::write(
        &roster,
        "id,name\ns1,=cmd|' /C calc'!A0\ns2,@SUM(A1)\ns3,-2+3\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = dlexam(&[
        "exam",
        "--roster",
        roster.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
        "--seed",
        "1",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    for cell in ["'=cmd|' /C calc'!A0", "'@SUM(A1)", "'-2+3"] {
        assert!(manifest.contains(cell), "{cell}: {manifest}");
    }
    // keys.json keeps the names as written: it is data, not a spreadsheet.
    assert!(
        std::fs::read_to_string(out.join("keys.json"))
            .unwrap()
            .contains("\"=cmd|' /C calc'!A0\"")
    );
}

#[test]
fn a_sheet_without_solutions_holds_no_answers_in_any_format() {
    let key: serde_json::Value = serde_json::from_str(&crate::common::stdout_of(&[
        "sheet",
        "--seed",
        "4",
        "--format",
        "json",
        "--solutions",
    ]))
    .unwrap();
    let first = &key["problems"][0];
    assert!(first["answers"].is_array() && first["solution"].is_object());
    let json: serde_json::Value = serde_json::from_str(&crate::common::stdout_of(&[
        "sheet", "--seed", "4", "--format", "json",
    ]))
    .unwrap();
    for problem in json["problems"].as_array().unwrap() {
        assert!(problem.get("answers").is_none() && problem.get("solution").is_none());
        assert!(problem["question"].is_object() && problem["params"].is_object());
    }
    let tex = crate::common::stdout_of(&["sheet", "--seed", "4", "--format", "tex"]);
    let md = crate::common::stdout_of(&["sheet", "--seed", "4"]);
    for step in first["solution"]["steps"].as_array().unwrap() {
        let title = step["title"].as_str().unwrap();
        assert!(
            !tex.contains(&format!("\\textbf{{{title}.}}")),
            "{title} in the tex sheet"
        );
        assert!(
            !md.contains(&format!("**{title}.**")),
            "{title} in the md sheet"
        );
    }
    assert!(!tex.contains("\\begin{solution}") && !md.contains("### Solution"));
}
