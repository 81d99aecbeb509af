//! The practice page (`--format html`): one self-contained HTML file that checks answers as
//! the student types them.
//!
//! - Math is MathML, written when the page is made ([`mathml`]): no script typesets it and
//!   nothing is fetched, so the page works offline and prints as it shows.
//! - Each checkable answer has one input (`data-answer-id="<answer id>"`) that takes what
//!   `dlexam grade` takes: a number, fraction or formula (`3/4`, `0.75`, `ln(17/6)`), or for
//!   vectors, matrices and tensors the whole value in brackets (`[1, -1/2]`, `[[1, 2], [3, 4]]`).
//!   Answers graded by hand get none.
//! - Each problem's button (`data-check`) runs `templates/html/check.js`, a port of
//!   `dlexam grade`'s rules, on the problem's key ([`key`]: keys.json's value, exact fractions
//!   and tolerance of each answer) and sets `data-state="right"` or `"wrong"` on every input.
//! - The worked solution is one `<details>` per step, with a button that opens the next one.
//!
//! The page is written one problem at a time, like every document.

mod key;
pub mod mathml;
mod problem;

use std::borrow::Borrow;
use std::io::Write;
use std::path::Path;

use super::DocumentInfo;
use super::markup::html::{push_escaped, to_html};
use super::placed::Placed;
use crate::error::{Error, Result};

pub use mathml::MathMl;

/// Said when a practice page is made without `--solutions`: unlike every other format, it
/// holds the answers (its checker needs them).
pub const HOLDS_ANSWERS: &str = "dlexam: note: the practice page checks answers in the browser, \
so it holds them (and the worked solution) even without --solutions: a page to practise with, \
not one to hand out as a test";

/// The page's style sheet.
const CSS: &str = include_str!("../../../templates/html/page.css");
/// The page's checker.
const CHECKER: &str = include_str!("../../../templates/html/check.js");

/// How to type answers, shown at the top of every page.
const HOW_TO: &str = "Type each answer and press **Check my answers** (or Enter). Numbers may \
be fractions (`3/4`), decimals rounded to four places (`0.7500`) or formulas (`ln(17/6)`, \
`sqrt(2)/2`, `1/(1+e^-1)`); vectors and matrices go in brackets, row by row: `[1, -1/2]`, \
`[[1, 2], [3, 4]]`. Open the worked solution one step at a time when you are stuck.";

/// Writes the page of `problems` (placed for any format) into `out`; write errors name `path`.
pub fn write_page<P: Borrow<Placed>>(
    mut out: impl Write,
    path: &Path,
    info: &DocumentInfo,
    problems: impl Iterator<Item = Result<P>>,
) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let math = MathMl::default();
    out.write_all(head(info, &math).as_bytes()).map_err(io)?;
    for (i, placed) in problems.enumerate() {
        let mut text = String::new();
        problem::push_problem(&mut text, i + 1, placed?.borrow(), &math);
        out.write_all(text.as_bytes()).map_err(io)?;
    }
    let tail = format!("</main>\n<script>\n{CHECKER}</script>\n</body>\n</html>\n");
    out.write_all(tail.as_bytes()).map_err(io)
}

/// Everything before the problems: the document head with its style, the title, course, date
/// and instructions, and how to type answers.
fn head(info: &DocumentInfo, math: &MathMl) -> String {
    let markup = |text: &str| to_html(text, &|tex, style, out| math.push(tex, style, out));
    let title = if info.title.is_empty() {
        "dlexam practice"
    } else {
        &info.title
    };
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    );
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"dlexam {}\">\n<title>",
        env!("CARGO_PKG_VERSION")
    ));
    push_escaped(&mut out, title);
    out.push_str("</title>\n<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>");
    push_escaped(&mut out, title);
    out.push_str("</h1>\n");
    let line: Vec<&str> = [info.course.as_str(), info.date.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !line.is_empty() {
        out.push_str("<p class=\"course\">");
        push_escaped(&mut out, &line.join(" · "));
        out.push_str("</p>\n");
    }
    if !info.instructions.trim().is_empty() {
        out.push_str(&markup(&info.instructions));
        out.push('\n');
    }
    out.push_str("<div class=\"how-to\">");
    out.push_str(&markup(HOW_TO));
    out.push_str("</div>\n</header>\n<main>\n");
    out
}
