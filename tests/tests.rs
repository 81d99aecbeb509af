//! dlexam's integration tests, compiled as one binary (`cargo test`). Each module covers one
//! area; `common` holds the helpers that run the real binary and pin snapshots.

mod common;

/// `bce-backprop` and `resblock`: exam instances, determinism, refusals.
mod backprop;

/// `dlexam list`, `gen`, `solve` end to end: formats, determinism, files.
mod cli;
/// `conv-output`: answers as PyTorch computes them, reproducible problems, refusals.
mod conv_output;
/// Bad input of every kind: exit code 2 and one clear line.
mod errors;
/// `sheet`, `exam`, `grade`: specs, rosters, per-student files, keys.json, --only, grading, PDFs.
mod exams;
/// The fault suite: killed runs, concurrent runs, full and read-only file systems, aliased
/// outputs, hostile inputs.
mod faults;
/// Figures: SVG files beside Markdown, inline SVG, JSON, TikZ, --no-figures.
mod figures;
/// The practice page: MathML for every fragment, inputs, determinism, headless Chromium.
mod html;
/// The practice page's checker against `dlexam grade`, by node.
mod html_parity;
/// Moodle XML banks read back by an XML parser and a cloze reader, blank by blank.
mod moodle;
/// A reader of Moodle's cloze syntax, written from its importer's rules.
mod moodle_cloze;
/// The figures of Moodle banks: embedded SVG files, one per image, equal to the JSON's.
mod moodle_files;
/// The `optimizer` family end to end.
mod optimizer;
/// The README's console examples, run and compared with what they show.
mod readme;
/// Answer keys pinned as snapshots: every family x format x a few seeds.
mod snapshots;
/// Independent verification: the JAX oracle, KaTeX and pdflatex on the real binary's output.
mod verify;
/// Layout checks by pdflatex (compiles, no overfull lines) and pandoc (tables render).
mod verify_layout;
/// Bare usage, formats from file names, sheet options, PDFs of sheets, completions, man.
mod workflow;
