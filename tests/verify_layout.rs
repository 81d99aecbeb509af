//! Verification of the layout of the real binary's output by outside tools: pdflatex compiles a
//! LaTeX document holding every family, difficulty and variant, and no line of 103 problems per
//! family and difficulty runs more than 10 pt into the margin; pandoc renders every Markdown table
//! as a table. The helpers (tool checks, `gen`, scratch folders) are those of [`crate::verify`].

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::verify::{
    BIN, families, generate, generate_seeded, missing, run, runs, say, scratch, text,
};

/// Splits a complete LaTeX document at `\end{document}`.
fn split_end(doc: &str) -> (&str, &str) {
    let at = doc
        .rfind("\\end{document}")
        .expect("a complete document ends with \\end{document}");
    doc.split_at(at)
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
/// `--fragment` output of every difficulty and variant, the same runs with `--choices` (every
/// other one with solutions); and the built-in sheet if `dlexam sheet` exists.
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
        // Every run again with --choices: the key (\CorrectChoice) and the student's version.
        let mut doc = head.to_string();
        for (i, (d, v)) in runs(&f).into_iter().enumerate() {
            let mut extra = vec!["--format", "tex", "--fragment", "--choices"];
            if i % 2 == 0 {
                extra.push("--solutions");
            }
            if let Some(frag) = generate(&f.id, &d, v.as_deref(), 1, &extra) {
                doc.push_str(&frag);
            }
        }
        doc.push_str(tail);
        let name = format!("{}-choices.tex", f.id);
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
        // A page or a piece of a split frame too high runs into the bottom margin (and, far
        // too high, off the page, where what did not fit is not printed).
        let ran_off: Vec<String> = too_high(&log);
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
                "{name}: a page runs into the bottom margin:\n{}",
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

/// Each `Overfull \vbox` of a LaTeX log higher than [`OVERFULL_LIMIT_PT`]: a page, or a piece of a
/// split solution frame, that runs into the bottom margin.
fn too_high(log: &str) -> Vec<String> {
    dlexam::pdf::overfull_vboxes(log)
        .into_iter()
        .filter(|o| o.points > OVERFULL_LIMIT_PT)
        .map(|o| format!("{:.1} pt too high at line {}", o.points, o.lines.0))
        .collect()
}

/// Problems per family and difficulty beyond the snapshots' three.
const OVERFULL_DRAWS: u32 = 100;

/// No line or box of a generated PDF is overfull by more than [`OVERFULL_LIMIT_PT`]. Per family
/// (every family `dlexam list` shows, so a new one is covered) and difficulty, one document with
/// solutions holds the snapshots' draws (seed 2024, 3 problems) and [`OVERFULL_DRAWS`] more
/// (seed 4242, or `DLEXAM_OVERFULL_SEED` to try others), with figures (the tall ones: network
/// layer stacks, receptive-field chains, residual blocks); so do the answer keys of a small class
/// (`exam`). pdflatex sets each once (`-draftmode`: the line and page breaking without the PDF),
/// and its log may hold no wider `Overfull \hbox` and no higher `Overfull \vbox` (a page or a
/// split solution frame running into the bottom margin).
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
    docs.extend(exam_keys(&dir));
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

/// The answer keys of a class of four (`dlexam exam`, the built-in spec, seed 2024), copied into
/// `dir` as `key-<id>.tex`; their names.
fn exam_keys(dir: &Path) -> Vec<String> {
    let class = dir.join("class");
    std::fs::create_dir_all(&class).expect("class folder");
    let roster = class.join("roster.csv");
    std::fs::write(&roster, "id,name\ns1,Ada\ns2,Bo\ns3,Cy\ns4,Di\n").expect("write roster");
    let out = run(Command::new(BIN)
        .args(["exam", "--seed", "2024", "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(class.join("out")));
    assert!(out.status.success(), "dlexam exam: {}", text(&out.stderr));
    ["s1", "s2", "s3", "s4"]
        .iter()
        .map(|id| {
            let key = std::fs::read(class.join("out/keys").join(format!("{id}.tex")))
                .expect("a key per student");
            let name = format!("key-{id}.tex");
            std::fs::write(dir.join(&name), key).expect("write key");
            name
        })
        .collect()
}

/// Sets `name` once and describes each `Overfull \hbox` wider than [`OVERFULL_LIMIT_PT`] with the
/// start of its source, and each `Overfull \vbox` higher ([`too_high`]); a document pdflatex
/// cannot set is one failure.
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
    let high = too_high(&log);
    println!(
        "{name}: {} overfull hboxes, {} overfull vboxes",
        all.len(),
        dlexam::pdf::overfull_vboxes(&log).len()
    );
    let high = high.into_iter().map(|h| format!("{name}: {h}"));
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
        .chain(high)
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
