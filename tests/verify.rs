//! Independent verification of the real binary's output, by tools outside this crate:
//! - the JAX oracle (`oracle/`) recomputes the answers of thousands of variants of every family, and
//!   checks `solve` on random params (valid ones must agree, ones PyTorch rejects must exit 2);
//! - KaTeX (`tools/katex/check.js`) parses every math fragment of Markdown and JSON output;
//! - pdflatex compiles a LaTeX document holding every family, difficulty and variant, and no line of
//!   103 problems per family and difficulty runs more than 10 pt into the margin.
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
const BIN: &str = env!("CARGO_BIN_EXE_dlexam");

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// A required tool is missing: fail under CI, else say so loudly and let the caller return.
fn missing(what: &str, install: &str) {
    let msg = format!("{what} is missing; install with: {install}");
    assert!(!in_ci(), "CI must have every verification tool: {msg}");
    let bar = "!".repeat(78);
    // Straight to stderr: the test harness captures eprintln! of passing tests, and this must be seen.
    let _ = writeln!(std::io::stderr(), "\n{bar}\nSKIPPED: {msg}\n{bar}");
}

/// One line straight to stderr, past the harness's capture: timings and verdicts show in CI logs.
fn say(line: &str) {
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

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh scratch folder, named after the test and this process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlexam-verify-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

struct Family {
    id: String,
    difficulties: Vec<String>,
    variants: Vec<String>,
}

fn families() -> Vec<Family> {
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
fn runs(f: &Family) -> Vec<(String, Option<String>)> {
    let mut r: Vec<(String, Option<String>)> =
        f.difficulties.iter().map(|d| (d.clone(), None)).collect();
    for v in &f.variants {
        r.extend(f.difficulties.iter().map(|d| (d.clone(), Some(v.clone()))));
    }
    r
}

/// `dlexam gen` with the given run and extra args; None when gen refuses (exit 2) that combination.
fn generate(
    family: &str,
    difficulty: &str,
    variant: Option<&str>,
    count: u32,
    extra: &[&str],
) -> Option<String> {
    generate_seeded(family, difficulty, variant, count, "4242", extra)
}

/// [`generate`] with another seed.
fn generate_seeded(
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
            for (fmt, ext) in [("md", "md"), ("json", "json")] {
                let Some(out) = generate(
                    &f.id,
                    &d,
                    v.as_deref(),
                    count,
                    &["--format", fmt, "--solutions"],
                ) else {
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

/// Splits a complete LaTeX document at `\end{document}`.
fn split_end(doc: &str) -> (&str, &str) {
    let at = doc
        .rfind("\\end{document}")
        .expect("a complete document ends with \\end{document}");
    doc.split_at(at)
}

/// How far too high an `Overfull \vbox (123.4pt too high) ...` line of a LaTeX log says a box is.
fn overfull_vbox_points(line: &str) -> Option<f64> {
    let rest = line.strip_prefix("Overfull \\vbox (")?;
    rest.split("pt").next()?.parse().ok()
}

/// Whether pdflatex and the exam class are installed (else says so, see [`missing`]).
fn have_pdflatex() -> bool {
    let have_pdflatex = Command::new("pdflatex")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let have_exam = Command::new("kpsewhich")
        .arg("exam.cls")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty());
    if !have_pdflatex || !have_exam {
        missing(
            "pdflatex with exam.cls",
            "apt-get install texlive-latex-base texlive-latex-recommended texlive-latex-extra lmodern",
        );
    }
    have_pdflatex && have_exam
}

/// pdflatex compiles, per family, its complete `--format tex --solutions` document extended with the
/// `--fragment` output of every difficulty and variant; and the built-in sheet if `dlexam sheet` exists.
#[test]
fn pdflatex_compiles_every_family() {
    if !have_pdflatex() {
        return;
    }
    let dir = scratch("pdflatex");
    let mut docs: Vec<String> = Vec::new();
    for f in families() {
        let first = &f.difficulties[0];
        let full = generate(&f.id, first, None, 2, &["--format", "tex", "--solutions"])
            .unwrap_or_else(|| panic!("gen {} --difficulty {first} refused", f.id));
        let (head, tail) = split_end(&full);
        let mut doc = head.to_string();
        for (d, v) in runs(&f) {
            if let Some(frag) = generate(
                &f.id,
                &d,
                v.as_deref(),
                1,
                &["--format", "tex", "--solutions", "--fragment"],
            ) {
                doc.push_str(&format!(
                    "\n% ---- {} difficulty={d} variant={}\n",
                    f.id,
                    v.as_deref().unwrap_or("any")
                ));
                doc.push_str(&frag);
            }
        }
        doc.push_str(tail);
        let name = format!("{}.tex", f.id);
        std::fs::write(dir.join(&name), doc).expect("write tex");
        docs.push(name);
    }
    // Combined sheets, when the binary has them. With seed 1 the long residual-block solution
    // starts at the top of a page, where exam.cls's own frame could not split and lost the rest.
    let sheet_help = run(Command::new(BIN).args(["sheet", "--help"]));
    if sheet_help.status.success() {
        for seed in ["4242", "1"] {
            let out = run(Command::new(BIN).args([
                "sheet",
                "--format",
                "tex",
                "--solutions",
                "--seed",
                seed,
            ]));
            assert!(
                out.status.success(),
                "dlexam sheet failed: {}",
                text(&out.stderr)
            );
            let name = format!("sheet-{seed}.tex");
            std::fs::write(dir.join(&name), &out.stdout).expect("write sheet");
            docs.push(name);
        }
    }
    let t = Instant::now();
    let mut failures = Vec::new();
    for name in &docs {
        let out = run(Command::new("pdflatex")
            .args([
                "-interaction=nonstopmode",
                "-halt-on-error",
                "-no-shell-escape",
                name,
            ])
            .current_dir(&dir));
        let log =
            std::fs::read_to_string(dir.join(name.replace(".tex", ".log"))).unwrap_or_default();
        let lost: Vec<&str> = log
            .lines()
            .filter(|l| l.starts_with("Missing character"))
            .collect();
        let overfull = log
            .lines()
            .filter(|l| l.starts_with("Overfull \\hbox"))
            .count();
        // A box a little too high reaches into the bottom margin; one far too high ran off
        // the page, and what did not fit is not printed.
        let ran_off: Vec<&str> = log
            .lines()
            .filter(|l| overfull_vbox_points(l).is_some_and(|pt| pt > 100.0))
            .collect();
        if !out.status.success() {
            let errors: Vec<&str> = log
                .lines()
                .skip_while(|l| !l.starts_with('!'))
                .take(12)
                .collect();
            failures.push(format!("{name}: pdflatex failed:\n{}", errors.join("\n")));
        } else if !lost.is_empty() {
            failures.push(format!(
                "{name}: characters missing from the font:\n{}",
                lost.join("\n")
            ));
        } else if !ran_off.is_empty() {
            failures.push(format!(
                "{name}: text ran off a page and was lost:\n{}",
                ran_off.join("\n")
            ));
        } else {
            println!("{name}: compiled ({overfull} overfull hboxes)");
        }
    }
    say(&format!(
        "pdflatex on {} documents took {:.1}s",
        docs.len(),
        t.elapsed().as_secs_f64()
    ));
    assert!(
        failures.is_empty(),
        "LaTeX output does not compile (kept in {}):\n{}",
        dir.display(),
        failures.join("\n\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// How far a line or box of a generated PDF may reach into the margin.
const OVERFULL_LIMIT_PT: f64 = 10.0;

/// Problems per family and difficulty beyond the snapshots' three.
const OVERFULL_DRAWS: u32 = 100;

/// No line or box of a generated PDF is overfull by more than [`OVERFULL_LIMIT_PT`]. Per family
/// (every family `dlexam list` shows, so a new one is covered) and difficulty, one document with
/// solutions holds the snapshots' draws (seed 2024, 3 problems) and [`OVERFULL_DRAWS`] more
/// (seed 4242, or `DLEXAM_OVERFULL_SEED` to try others); pdflatex sets it once (`-draftmode`:
/// the line breaking without the PDF), and its log may hold no wider `Overfull \hbox`.
#[test]
fn no_line_of_a_pdf_runs_into_the_margin() {
    if !have_pdflatex() {
        return;
    }
    let seed = std::env::var("DLEXAM_OVERFULL_SEED").unwrap_or_else(|_| "4242".into());
    let dir = scratch("overfull");
    let mut docs: Vec<String> = Vec::new();
    let draws = OVERFULL_DRAWS.to_string();
    for f in families() {
        for d in &f.difficulties {
            let Some(full) = generate_seeded(
                &f.id,
                d,
                None,
                3,
                "2024",
                &["--format", "tex", "--solutions"],
            ) else {
                continue;
            };
            let more = generate_seeded(
                &f.id,
                d,
                None,
                OVERFULL_DRAWS,
                &seed,
                &["--format", "tex", "--solutions", "--fragment"],
            )
            .unwrap_or_else(|| panic!("gen {} --difficulty {d} --count {draws} refused", f.id));
            let (head, tail) = split_end(&full);
            let name = format!("{}-{d}.tex", f.id);
            std::fs::write(dir.join(&name), format!("{head}\n{more}\n{tail}")).expect("write tex");
            docs.push(name);
        }
    }
    let t = Instant::now();
    // Two at a time: CI machines have at least two cores.
    let halves: Vec<Vec<String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = [0, 1]
            .map(|half| {
                let (docs, dir) = (&docs, &dir);
                scope.spawn(move || {
                    docs.iter()
                        .skip(half)
                        .step_by(2)
                        .flat_map(|name| overfull_report(dir, name))
                        .collect::<Vec<String>>()
                })
            })
            .into_iter()
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("pdflatex worker"))
            .collect()
    });
    let failures: Vec<String> = halves.into_iter().flatten().collect();
    say(&format!(
        "pdflatex -draftmode on {} documents ({} problems each) took {:.1}s",
        docs.len(),
        OVERFULL_DRAWS + 3,
        t.elapsed().as_secs_f64()
    ));
    assert!(
        failures.is_empty(),
        "{} lines or boxes run more than {OVERFULL_LIMIT_PT} pt into the margin (documents kept in {}):\n{}",
        failures.len(),
        dir.display(),
        failures.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sets `name` once and describes each `Overfull \hbox` wider than [`OVERFULL_LIMIT_PT`] with the
/// start of its source; a document pdflatex cannot set is one failure.
fn overfull_report(dir: &Path, name: &str) -> Vec<String> {
    let out = run(Command::new("pdflatex")
        .args([
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            "-draftmode",
            name,
        ])
        .current_dir(dir));
    let log = std::fs::read(dir.join(name.replace(".tex", ".log")))
        .map(|b| text(&b))
        .unwrap_or_default();
    if !out.status.success() {
        return vec![format!(
            "{name}: pdflatex failed: {}",
            dlexam::pdf::first_error(&log).unwrap_or_default()
        )];
    }
    let source = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let lines: Vec<&str> = source.lines().collect();
    let all = dlexam::pdf::overfull_hboxes(&log);
    println!("{name}: {} overfull hboxes", all.len());
    all.into_iter()
        .filter(|o| o.points > OVERFULL_LIMIT_PT)
        .map(|o| {
            let (mut a, b) = o.lines;
            // A display is reported at its end: show it from its start.
            while a > 1
                && b - a < 40
                && lines
                    .get(a - 1)
                    .is_some_and(|l| !l.starts_with("\\[") && !l.starts_with("\\begin{align"))
                && matches!(lines.get(b - 1), Some(l) if l.starts_with("\\]") || l.starts_with("\\end{align"))
            {
                a -= 1;
            }
            let text: String = lines
                .get(a.saturating_sub(1)..b.min(lines.len()))
                .unwrap_or_default()
                .join(" / ")
                .chars()
                .take(240)
                .collect();
            format!("{name} lines {a}-{b}: {:.1} pt too wide: {text}", o.points)
        })
        .collect()
}

/// The Markdown tables of a document: lines that start with `|` followed by a `|---|` divider.
fn markdown_tables(doc: &str) -> usize {
    let lines: Vec<&str> = doc.lines().collect();
    lines
        .windows(2)
        .filter(|w| {
            let divider = w[1].trim();
            w[0].starts_with('|')
                && divider.starts_with("|-")
                && divider.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
        })
        .count()
}

/// Every Markdown table dlexam writes renders as a table on GitHub: `pandoc -f gfm` turns each
/// into an HTML `<table>`, and no paragraph of the HTML starts with a pipe (a table that a
/// preceding line swallowed). Every family at every difficulty, with solutions, and the sheet.
#[test]
fn markdown_tables_render_as_tables_under_pandoc_gfm() {
    let have_pandoc = Command::new("pandoc")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !have_pandoc {
        missing("pandoc", "apt-get install pandoc");
        return;
    }
    let mut docs: Vec<(String, String)> = Vec::new();
    for f in families() {
        for d in &f.difficulties {
            if let Some(doc) = generate(&f.id, d, None, 12, &["--solutions"]) {
                docs.push((format!("{} {d}", f.id), doc));
            }
        }
    }
    let sheet = run(Command::new(BIN).args(["sheet", "--solutions", "--seed", "4242"]));
    docs.push(("sheet".into(), text(&sheet.stdout)));
    let mut tables = 0;
    for (name, doc) in &docs {
        let mut child = Command::new("pandoc")
            .args(["-f", "gfm", "-t", "html"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run pandoc");
        child
            .stdin
            .take()
            .expect("pandoc's stdin")
            .write_all(doc.as_bytes())
            .expect("write to pandoc");
        let out = child.wait_with_output().expect("pandoc finishes");
        assert!(out.status.success(), "pandoc failed on {name}");
        let html = text(&out.stdout);
        let want = markdown_tables(doc);
        tables += want;
        assert_eq!(
            html.matches("<table").count(),
            want,
            "{name}: tables lost\n{doc}"
        );
        assert!(
            !html.contains("<p>|"),
            "{name}: a table rendered as a paragraph\n{html}"
        );
    }
    assert!(
        tables > 0,
        "no document held a table: the test checks nothing"
    );
}
