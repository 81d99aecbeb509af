//! Compiling LaTeX to PDF with pdflatex, one document per thread of rayon's pool (one per core).
//!
//! Each document is compiled with `pdflatex -interaction=nonstopmode -halt-on-error` in its own
//! build folder (aux files never mix), a second time when the log asks for a rerun (the `exam`
//! class's grade table and page totals need one), and its PDF is put next to the `.tex`. A
//! failure names the document and the first line of the log that starts with `!`. PDFs carry
//! pdflatex's own timestamps: they are not part of the byte-for-byte determinism promise.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::progress;

/// What to install when pdflatex or the exam class is missing.
pub const INSTALL_HINT: &str = "install TeX Live with the exam class (Debian/Ubuntu: apt-get install \
texlive-latex-extra; macOS: MacTeX), or leave out --pdf and compile the .tex files yourself";

/// What to install for names in Greek, Cyrillic or CJK (xelatex and the fonts).
pub const UNICODE_HINT: &str = "install xelatex and the fonts (Debian/Ubuntu: apt-get install \
texlive-xetex fonts-dejavu-core fonts-noto-cjk), or leave out --pdf and compile the .tex files yourself";

/// One document to compile.
#[derive(Clone, Debug)]
pub struct Job {
    /// Who and what it is, for messages: "the exam of student s1".
    pub label: String,
    /// The `.tex` file; the PDF is written beside it.
    pub tex: PathBuf,
    /// The TeX engine: `pdflatex`, or `xelatex` for a name that needs Unicode fonts.
    pub engine: &'static str,
}

/// The engine for a document that prints `name` (see [`crate::roster::needs_unicode_engine`]).
pub fn engine_for(name: &str) -> &'static str {
    if crate::roster::needs_unicode_engine(name) {
        "xelatex"
    } else {
        "pdflatex"
    }
}

/// Checks that xelatex runs and the fonts of these names are installed (exit 1 naming what to
/// install), for names that need them.
pub fn check_unicode_tools<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let mut fonts: Vec<&str> = names
        .into_iter()
        .filter(|n| crate::roster::needs_unicode_engine(n))
        .map(crate::roster::name_font)
        .collect();
    if fonts.is_empty() {
        return Ok(());
    }
    fonts.sort_unstable();
    fonts.dedup();
    let xelatex_runs = runs("xelatex");
    if !xelatex_runs {
        return Err(Error::Tool(format!(
            "--pdf: a student's name needs xelatex (Greek, Cyrillic or CJK letters), which was not found on PATH: {UNICODE_HINT}"
        )));
    }
    for font in fonts {
        let found = Command::new("fc-list")
            .arg(font)
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| !o.stdout.iter().all(u8::is_ascii_whitespace));
        if !found {
            return Err(Error::Tool(format!(
                "--pdf: a student's name needs the font {font}, which is not installed: {UNICODE_HINT}"
            )));
        }
    }
    Ok(())
}

/// Whether `tool --version` runs and succeeds.
fn runs(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Checks that pdflatex runs and, where kpsewhich can tell, that the exam class is installed.
pub fn check_tools() -> Result<()> {
    let pdflatex_runs = runs("pdflatex");
    if !pdflatex_runs {
        return Err(Error::Tool(format!(
            "--pdf needs pdflatex, which was not found on PATH: {INSTALL_HINT}"
        )));
    }
    if let Ok(out) = Command::new("kpsewhich")
        .arg("exam.cls")
        .stdin(Stdio::null())
        .output()
    {
        if out.stdout.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Tool(format!(
                "--pdf needs the LaTeX exam class (exam.cls), which is missing: {INSTALL_HINT}"
            )));
        }
    }
    Ok(())
}

/// Compiles every job in parallel (rayon: one document per core), with a progress bar. A failed
/// document does not stop the others: the error lists every failed one, in job order.
pub fn compile_all(jobs: &[Job]) -> Result<()> {
    let bar = progress::bar(jobs.len() as u64, "pdflatex");
    let results: Vec<std::result::Result<(), String>> = jobs
        .par_iter()
        .map(|job| {
            let result = compile(job);
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();
    let mut failures: Vec<String> = results
        .into_iter()
        .filter_map(std::result::Result::err)
        .collect();
    match failures.len() {
        0 => Ok(()),
        1 => Err(Error::Tool(failures.remove(0))),
        n => Err(Error::Tool(format!(
            "{n} documents failed, so nothing was published: {}",
            failures.join("; ")
        ))),
    }
}

/// Compiles one document; the error is the message for the user.
pub fn compile(job: &Job) -> std::result::Result<(), String> {
    let dir = match job.tex.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let stem = job
        .tex
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let build_name = format!(".latex-{stem}");
    let build = dir.join(&build_name);
    std::fs::create_dir_all(&build).map_err(|e| format!("{}: {e}", build.display()))?;
    let log_path = build.join(format!("{stem}.log"));
    for run in 0..3 {
        let status = Command::new(job.engine)
            .args([
                "-interaction=nonstopmode",
                "-halt-on-error",
                "-output-directory",
            ])
            .arg(&build_name)
            .arg(job.tex.file_name().unwrap_or_default())
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{} could not start for {}: {e}", job.engine, job.label))?;
        let log = std::fs::read(&log_path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        if !status.success() {
            return Err(format!(
                "{} failed on {} ({}): {}",
                job.engine,
                job.label,
                job.tex
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                first_error(&log).unwrap_or_else(|| "no `!` line in the log".into())
            ));
        }
        // xelatex only warns when a font lacks a letter: the name would print with a gap.
        if let Some(missing) = log.lines().find(|l| l.starts_with("Missing character")) {
            return Err(format!(
                "{} cannot print {} ({}): {}",
                job.engine,
                job.label,
                job.tex
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                missing.trim()
            ));
        }
        if run == 2 || !log.contains("Rerun") {
            break;
        }
    }
    let pdf = build.join(format!("{stem}.pdf"));
    std::fs::rename(&pdf, job.tex.with_extension("pdf"))
        .map_err(|e| format!("{}: {e}", pdf.display()))?;
    let _ = std::fs::remove_dir_all(&build);
    Ok(())
}

/// The first line of a LaTeX log that starts with `!`, with the `l.<n>` line that locates it.
pub fn first_error(log: &str) -> Option<String> {
    let mut lines = log.lines().skip_while(|l| !l.starts_with('!'));
    let bang = lines.next()?.trim().to_string();
    match lines.take(12).find(|l| l.starts_with("l.")) {
        Some(at) => Some(format!("{bang} ({})", at.trim())),
        None => Some(bang),
    }
}

/// One `Overfull \hbox` of a LaTeX log: how far too wide it is and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Overfull {
    /// Points beyond the line width.
    pub points: f64,
    /// The source lines of the `.tex` file it comes from (first, last).
    pub lines: (usize, usize),
}

/// Every `Overfull \hbox (12.3pt too wide) in paragraph at lines 10--12` (or `detected at line
/// 10`, `in alignment at lines 10--12`) of a LaTeX log.
pub fn overfull_hboxes(log: &str) -> Vec<Overfull> {
    log.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("Overfull \\hbox (")?;
            let (points, rest) = rest.split_once("pt too wide) ")?;
            let numbers: Vec<usize> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect();
            let first = *numbers.first()?;
            Some(Overfull {
                points: points.parse().ok()?,
                lines: (first, *numbers.get(1).unwrap_or(&first)),
            })
        })
        .collect()
}

/// Every `Overfull \vbox (12.3pt too high) detected at line 10` of a LaTeX log (a page, or a
/// piece of a split frame, taller than its room: the rest runs into the bottom margin); `points`
/// is how far too high, `lines` the line at which TeX noticed it (0 when the output routine did).
pub fn overfull_vboxes(log: &str) -> Vec<Overfull> {
    log.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("Overfull \\vbox (")?;
            let (points, rest) = rest.split_once("pt too high) ")?;
            // `has occurred while \output is active` names no line: 0.
            let at: usize = rest
                .split(|c: char| !c.is_ascii_digit())
                .find_map(|n| n.parse().ok())
                .unwrap_or(0);
            Some(Overfull {
                points: points.parse().ok()?,
                lines: (at, at),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_overfull_boxes_from_a_log() {
        let log = "Overfull \\hbox (12.77846pt too wide) in paragraph at lines 753--771\n [] \n\
Overfull \\hbox (3.5pt too wide) detected at line 1200\n\
Overfull \\vbox (10.6pt too high) detected at line 1979\n\
Overfull \\hbox (0.1pt too wide) in alignment at lines 5--9\n";
        assert_eq!(
            overfull_hboxes(log),
            [
                Overfull {
                    points: 12.77846,
                    lines: (753, 771)
                },
                Overfull {
                    points: 3.5,
                    lines: (1200, 1200)
                },
                Overfull {
                    points: 0.1,
                    lines: (5, 9)
                },
            ]
        );
    }

    #[test]
    fn reads_overfull_vboxes_from_a_log() {
        let log = "Overfull \\hbox (12.7pt too wide) in paragraph at lines 753--771\n\
Overfull \\vbox (57.15158pt too high) detected at line 1415\n []\n\
Overfull \\vbox (0.5pt too high) has occurred while \\output is active\n";
        assert_eq!(
            overfull_vboxes(log),
            [
                Overfull {
                    points: 57.15158,
                    lines: (1415, 1415)
                },
                Overfull {
                    points: 0.5,
                    lines: (0, 0)
                }
            ]
        );
    }

    #[test]
    fn finds_the_first_bang_line_and_its_location() {
        let log = "This is pdfTeX\n(./a.tex\n! Undefined control sequence.\n<recently read> \\foo \n\nl.12 \\foo\n          bar\n! Emergency stop.\n";
        assert_eq!(
            first_error(log).unwrap(),
            "! Undefined control sequence. (l.12 \\foo)"
        );
        assert_eq!(first_error("all fine"), None);
    }
}
