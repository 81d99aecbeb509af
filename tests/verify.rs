//! Independent verification of the real binary's output, by tools outside this crate:
//! - the JAX oracle (`oracle/`) recomputes the answers of thousands of variants of every family, and
//!   checks `solve` on random params (valid ones must agree, ones PyTorch rejects must exit 2);
//! - KaTeX (`tools/katex/check.js`) parses every math fragment of Markdown and JSON output;
//! - pdflatex and pandoc: see `verify_layout`.
//!
//! Each test needs its tool. Without it, a local run prints a loud `SKIPPED:` line and passes; under
//! CI (`CI` set) it fails, since `.ci/run` installs every tool. Tools are found as follows:
//! python: `$DLEXAM_PYTHON`, else `.venv/bin/python` (with jax and optax); node: `node` on PATH with
//! `tools/katex/node_modules`; `pdflatex` on PATH with `exam.cls`. `DLEXAM_VERIFY_FAMILIES=a,b` limits
//! all three to some families (e.g. while one is being written).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_dlexam");

pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// A required tool is missing: fail under CI, else say so loudly and let the caller return.
pub(crate) fn missing(what: &str, install: &str) {
    let msg = format!("{what} is missing; install with: {install}");
    assert!(!in_ci(), "CI must have every verification tool: {msg}");
    let bar = "!".repeat(78);
    // Straight to stderr: the test harness captures eprintln! of passing tests, and this must be seen.
    let _ = writeln!(std::io::stderr(), "\n{bar}\nSKIPPED: {msg}\n{bar}");
}

/// One line straight to stderr, past the harness's capture: timings and verdicts show in CI logs.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "verify: {line}");
}

/// The lines of a tool's report that start with `prefix` and carry its verdict or a summary.
fn summary_lines(report: &str, prefix: &str) -> String {
    report
        .lines()
        .filter(|l| l.starts_with(prefix))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh scratch folder, named after the test and this process.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlexam-verify-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

pub(crate) struct Family {
    pub(crate) id: String,
    pub(crate) difficulties: Vec<String>,
    pub(crate) variants: Vec<String>,
}

pub(crate) fn families() -> Vec<Family> {
    let out = run(Command::new(BIN).args(["list", "--format", "json"]));
    assert!(
        out.status.success(),
        "dlexam list --format json failed: {}",
        text(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("list prints JSON");
    let strings = |x: &serde_json::Value| -> Vec<String> {
        x.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let fams: Vec<Family> = v
        .as_array()
        .expect("list is an array")
        .iter()
        .map(|f| Family {
            id: f["id"].as_str().expect("family id").to_string(),
            difficulties: strings(&f["difficulties"]),
            variants: strings(&f["variants"]),
        })
        .collect();
    assert!(!fams.is_empty(), "dlexam list shows no family");
    match std::env::var("DLEXAM_VERIFY_FAMILIES") {
        Ok(only) if !only.is_empty() => {
            let only: Vec<&str> = only.split(',').collect();
            say(&format!(
                "NOTE: DLEXAM_VERIFY_FAMILIES limits verification to {only:?}"
            ));
            fams.into_iter()
                .filter(|f| only.contains(&f.id.as_str()))
                .collect()
        }
        _ => fams,
    }
}

/// Every (difficulty, variant) run to render: each difficulty without `--variant`, then each variant.
pub(crate) fn runs(f: &Family) -> Vec<(String, Option<String>)> {
    let mut r: Vec<(String, Option<String>)> =
        f.difficulties.iter().map(|d| (d.clone(), None)).collect();
    for v in &f.variants {
        r.extend(f.difficulties.iter().map(|d| (d.clone(), Some(v.clone()))));
    }
    r
}

/// `dlexam gen` with the given run and extra args; None when gen refuses (exit 2) that combination.
pub(crate) fn generate(
    family: &str,
    difficulty: &str,
    variant: Option<&str>,
    count: u32,
    extra: &[&str],
) -> Option<String> {
    generate_seeded(family, difficulty, variant, count, "4242", extra)
}

/// [`generate`] with another seed.
pub(crate) fn generate_seeded(
    family: &str,
    difficulty: &str,
    variant: Option<&str>,
    count: u32,
    seed: &str,
    extra: &[&str],
) -> Option<String> {
    let count = count.to_string();
    let mut args = vec![
        "gen",
        family,
        "--difficulty",
        difficulty,
        "--count",
        &count,
        "--seed",
        seed,
    ];
    if let Some(v) = variant {
        args.extend(["--variant", v]);
    }
    args.extend(extra);
    let out = run(Command::new(BIN).args(&args));
    match out.status.code() {
        Some(0) => Some(text(&out.stdout)),
        Some(2) => {
            say(&format!(
                "note: dlexam {} refused: {}",
                args.join(" "),
                text(&out.stderr).trim()
            ));
            None
        }
        code => panic!(
            "dlexam {} exited {code:?}: {}",
            args.join(" "),
            text(&out.stderr)
        ),
    }
}

fn python() -> Option<PathBuf> {
    let py = std::env::var_os("DLEXAM_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join(".venv/bin/python"));
    let ok = Command::new(&py)
        .args(["-c", "import jax, optax"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Some(py)
    } else {
        missing(
            &format!("python with jax and optax ({})", py.display()),
            "python3 -m venv .venv && .venv/bin/pip install -r oracle/requirements.txt (or set DLEXAM_PYTHON)",
        );
        None
    }
}

/// The oracle checks itself on hand-solved problems and broken documents (no dlexam involved).
#[test]
fn oracle_selftest() {
    let Some(py) = python() else { return };
    let out = run(Command::new(py).arg("oracle/selftest.py").current_dir(ROOT));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    println!("{all}");
    assert!(
        out.status.success(),
        "oracle selftest failed: see its report above (stdout)"
    );
}

/// The JAX oracle recomputes the answers of every family at every difficulty and variant
/// (`DLEXAM_ORACLE_COUNT` per difficulty, default 700; `DLEXAM_ORACLE_VARIANT_COUNT` per variant).
#[test]
fn oracle_agrees_on_every_family() {
    let Some(py) = python() else { return };
    let t = Instant::now();
    let out = run(Command::new(py)
        .args(["oracle/run_oracle.py", "--bin", BIN])
        .current_dir(ROOT));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    println!("{all}");
    say(&format!(
        "oracle over every family took {:.1}s:\n{}",
        t.elapsed().as_secs_f64(),
        summary_lines(&all, "oracle: ")
    ));
    assert!(
        out.status.success(),
        "the oracle disagrees with dlexam (or could not check): see its report above (stdout)"
    );
}

/// `dlexam solve` on random params that sampling never draws (odd sizes, corner cases of ceil_mode,
/// padding and output_padding limits): where PyTorch's rules reject the params dlexam must exit 2,
/// elsewhere its answers must equal the oracle's (`DLEXAM_FUZZ_COUNT` per family, default 1000).
#[test]
fn solve_agrees_with_oracle_on_random_params() {
    let Some(py) = python() else { return };
    let t = Instant::now();
    let out = run(Command::new(py)
        .args(["oracle/fuzz_solve.py", "--bin", BIN])
        .current_dir(ROOT));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    println!("{all}");
    say(&format!(
        "fuzzing solve took {:.1}s:\n{}",
        t.elapsed().as_secs_f64(),
        summary_lines(&all, "fuzz: ")
    ));
    assert!(
        out.status.success(),
        "dlexam solve and the oracle disagree on random params: see the report above (stdout)"
    );
}

/// Every math fragment of Markdown and JSON output, for every family, difficulty and variant, parses
/// in KaTeX (strict).
#[test]
fn katex_parses_every_fragment() {
    let katex_dir = Path::new(ROOT).join("tools/katex");
    let node_ok = Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !node_ok || !katex_dir.join("node_modules/katex").is_dir() {
        missing(
            "node with KaTeX (tools/katex/node_modules)",
            "apt-get install nodejs npm && (cd tools/katex && npm ci)",
        );
        return;
    }
    let dir = scratch("katex");
    let mut files = Vec::new();
    for f in families() {
        for (d, v) in runs(&f) {
            let count = if v.is_some() { 5 } else { 40 };
            // The same runs with --choices (options as math), fewer problems each.
            for (fmt, ext, choices) in [
                ("md", "md", false),
                ("json", "json", false),
                ("md", "choices.md", true),
                ("json", "choices.json", true),
            ] {
                let mut extra = vec!["--format", fmt, "--solutions"];
                if choices {
                    extra.push("--choices");
                }
                let count = if choices { count.min(5) } else { count };
                let Some(out) = generate(&f.id, &d, v.as_deref(), count, &extra) else {
                    continue;
                };
                let path = dir.join(format!(
                    "{}-{d}-{}.{ext}",
                    f.id,
                    v.as_deref().unwrap_or("any")
                ));
                std::fs::write(&path, out).expect("write gen output");
                files.push(path);
            }
        }
    }
    let t = Instant::now();
    let out = run(Command::new("node")
        .arg(katex_dir.join("check.js"))
        .args(&files));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    println!("{all}");
    say(&format!(
        "katex over {} files took {:.1}s: {}",
        files.len(),
        t.elapsed().as_secs_f64(),
        summary_lines(&all, "katex ")
    ));
    assert!(
        out.status.success(),
        "KaTeX rejects math in dlexam output: see above (stdout); files kept in {}",
        dir.display()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
