//! dlexam's neutral markup and its LaTeX view.
//!
//! Questions and steps are written once, in a small Markdown subset that renders as-is on
//! GitHub, Jupyter and KaTeX/MathJax pages:
//! - paragraphs separated by blank lines;
//! - `$...$` inline math and `$$...$$` display math (LaTeX math, identical in both outputs);
//! - `**bold**`, `*emphasis*`, `` `code` ``;
//! - `- ` bullet lists and `1. ` numbered lists (one line per item);
//! - pipe tables (`| a | b |` with a `|---|---|` rule under the header).
//!
//! [`to_latex`] turns it into LaTeX for the `exam` class; text outside math is escaped.
//! [`html::to_html`] turns it into HTML, with math written by a callback (MathML for a page,
//! `\\( \\)` for MathJax in Moodle).

pub mod html;
mod inline;

pub use inline::MathStyle;
use inline::{Span, spans};

/// Converts neutral markup to LaTeX (text mode).
pub fn to_latex(markup: &str) -> String {
    // LaTeX is about as long as its markup (`**x**` -> `\textbf{x}` grows a little).
    let mut out = String::with_capacity(markup.len() + markup.len() / 8);
    for_each_block(markup, |block| {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        push_block(&mut out, block);
    });
    out
}

pub(crate) fn is_bullet(line: &str) -> bool {
    line.starts_with("- ")
}

pub(crate) fn numbered_item(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        Some(&line[digits + 2..])
    } else {
        None
    }
}

/// What a block of non-blank lines is; both views dispatch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// `$$...$$` display math (possibly over several lines).
    DisplayMath,
    /// Every line a `- ` item.
    Bullets,
    /// Every line a `1. ` item.
    Numbered,
    /// At least two lines, all starting with `|`.
    Table,
    /// Anything else: lines of inline markup.
    Paragraph,
}

/// Classifies one block (lines trimmed at the end, none blank).
pub(crate) fn block_kind(lines: &[&str]) -> BlockKind {
    if lines[0].trim_start().starts_with("$$") {
        BlockKind::DisplayMath
    } else if lines.iter().all(|l| is_bullet(l)) {
        BlockKind::Bullets
    } else if lines.iter().all(|l| numbered_item(l).is_some()) {
        BlockKind::Numbered
    } else if lines.len() >= 2 && lines.iter().all(|l| l.starts_with('|')) {
        BlockKind::Table
    } else {
        BlockKind::Paragraph
    }
}

/// Calls `each` with every block of `markup`: runs of non-blank lines, trimmed at the end.
pub(crate) fn for_each_block(markup: &str, mut each: impl FnMut(&[&str])) {
    let mut block: Vec<&str> = Vec::new();
    for line in markup.lines() {
        if line.trim().is_empty() {
            if !block.is_empty() {
                each(&block);
                block.clear();
            }
        } else {
            block.push(line.trim_end());
        }
    }
    if !block.is_empty() {
        each(&block);
    }
}

/// Calls `f` with the body of a `$$...$$` block: its lines joined, delimiters and outer space
/// removed.
pub(crate) fn with_display_math_body<R>(lines: &[&str], f: impl FnOnce(&str) -> R) -> R {
    match lines {
        [line] => f(strip_display(line)),
        _ => f(strip_display(&lines.join("\n"))),
    }
}

fn strip_display(text: &str) -> &str {
    text.trim()
        .trim_start_matches("$$")
        .trim_end_matches("$$")
        .trim()
}

/// Appends one block (paragraph, list, table or display math; lines trimmed at the end).
fn push_block(out: &mut String, lines: &[&str]) {
    match block_kind(lines) {
        BlockKind::DisplayMath => push_display_math(out, lines),
        BlockKind::Bullets => push_list(out, "itemize", lines.iter().map(|l| &l[2..])),
        BlockKind::Numbered => push_list(
            out,
            "enumerate",
            lines.iter().filter_map(|l| numbered_item(l)),
        ),
        BlockKind::Table => push_table(out, lines),
        BlockKind::Paragraph => {
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                push_inline(out, line);
            }
        }
    }
}

/// A `$$...$$` block as `\[ ... \]`, its math verbatim; a block that is one `aligned`
/// environment becomes `align*`, which may break across pages between its lines (the documents
/// say `\allowdisplaybreaks`): a long derivation no longer runs off the page.
fn push_display_math(out: &mut String, lines: &[&str]) {
    with_display_math_body(lines, |body| {
        if let Some(rows) = lone_aligned(body) {
            out.push_str("\\begin{align*}\n");
            out.push_str(rows);
            out.push_str("\n\\end{align*}");
            return;
        }
        out.push_str("\\[\n");
        out.push_str(body);
        out.push_str("\n\\]");
    });
}

/// The rows of display math that is exactly one `aligned` environment.
fn lone_aligned(body: &str) -> Option<&str> {
    let rows = body
        .strip_prefix("\\begin{aligned}")?
        .strip_suffix("\\end{aligned}")?;
    let nested = rows.contains("\\begin{aligned}") || rows.contains("\\end{aligned}");
    (!nested).then(|| rows.trim())
}

/// A list environment with one `\item` per item (inline markup).
fn push_list<'a>(out: &mut String, environment: &str, items: impl Iterator<Item = &'a str>) {
    out.push_str("\\begin{");
    out.push_str(environment);
    out.push('}');
    for item in items {
        out.push_str("\n  \\item ");
        push_inline(out, item);
    }
    out.push_str("\n\\end{");
    out.push_str(environment);
    out.push('}');
}

pub(crate) fn cells(line: &str) -> impl Iterator<Item = &str> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim)
}

/// Columns from which a table is set small with narrow column gaps: eight columns of
/// four-digit numbers at the normal size are wider than the page.
const WIDE_TABLE: usize = 6;

/// Most body rows in one `tabular`: a `tabular` is one box, which LaTeX cannot break across
/// pages, so a longer table is set as several (see [`push_table`]). Twelve rows take about a third
/// of a page.
const TABULAR_ROWS: usize = 12;

/// A pipe table as a centred `tabular` with one centred column per header cell; a wide one
/// (at least [`WIDE_TABLE`] columns) in `\small` with half the usual gap between columns. A table
/// of more than [`TABULAR_ROWS`] body rows becomes as few tables of about equal length as keep
/// each within that, every one under the header, so the page may break between them.
fn push_table(out: &mut String, lines: &[&str]) {
    let header = lines[0];
    let rows: Vec<&str> = lines[1..]
        .iter()
        .copied()
        .filter(|line| !line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')))
        .collect();
    if rows.is_empty() {
        return push_tabular(out, header, &[]);
    }
    let pieces = rows.len().div_ceil(TABULAR_ROWS);
    for (i, piece) in rows.chunks(rows.len().div_ceil(pieces)).enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        push_tabular(out, header, piece);
    }
}

/// One centred `tabular`: the header row between rules, then `rows`.
fn push_tabular(out: &mut String, header: &str, rows: &[&str]) {
    let columns = cells(header).count();
    out.push_str("\\begin{center}\n");
    if columns >= WIDE_TABLE {
        out.push_str("\\small\\setlength{\\tabcolsep}{3pt}\n");
    }
    out.push_str("\\begin{tabular}{");
    for _ in 0..columns {
        out.push('c');
    }
    out.push_str("}\n\\hline\n");
    push_row(out, header);
    out.push_str("\n\\hline");
    for row in rows {
        out.push('\n');
        push_row(out, row);
    }
    out.push_str("\n\\hline\n\\end{tabular}\n\\end{center}");
}

/// One table row: its cells (inline markup) joined by `&`, ended by `\\`.
fn push_row(out: &mut String, line: &str) {
    for (i, cell) in cells(line).enumerate() {
        if i > 0 {
            out.push_str(" & ");
        }
        push_inline(out, cell);
    }
    out.push_str(" \\\\");
}

/// Converts one line of inline markup: math kept verbatim, text escaped.
pub fn inline_to_latex(text: &str) -> String {
    let mut out = String::new();
    push_inline(&mut out, text);
    out
}

/// Appends one line of inline markup converted to LaTeX: math verbatim, text escaped.
fn push_inline(out: &mut String, text: &str) {
    for span in spans(text) {
        match span {
            Span::Text(text) => push_escaped_text(out, text),
            Span::StrayBacktick => out.push_str(r"\`{}"),
            Span::Math(math, MathStyle::Inline) => {
                out.push('$');
                out.push_str(math);
                out.push('$');
            }
            Span::Math(math, MathStyle::Display) => {
                out.push_str(r"\[");
                out.push_str(math);
                out.push_str(r"\]");
            }
            Span::Bold(inner) => {
                out.push_str(r"\textbf{");
                push_inline(out, inner);
                out.push('}');
            }
            Span::Italic(inner) => {
                out.push_str(r"\emph{");
                push_inline(out, inner);
                out.push('}');
            }
            Span::Code(code) => {
                out.push_str(r"\texttt{");
                push_escaped_text(out, code);
                out.push('}');
            }
        }
    }
}

/// Escapes plain text for LaTeX text mode (also used by the `tex_escape` template filter).
pub fn escape_text(text: &str) -> String {
    let mut out = String::new();
    push_escaped_text(&mut out, text);
    out
}

/// Appends plain text escaped for LaTeX text mode.
fn push_escaped_text(out: &mut String, text: &str) {
    let mut pos = 0;
    while pos < text.len() {
        pos += push_plain_run(out, &text[pos..]);
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        push_escaped(out, c);
        pos += c.len_utf8();
    }
}

/// Bytes that stand for themselves in escaped text: ASCII other than the markup delimiters and
/// LaTeX's special characters (see [`push_escaped`]).
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0;
    while b < 128 {
        plain[b] = !matches!(
            b as u8,
            b'\\'
                | b'$'
                | b'*'
                | b'`'
                | b'{'
                | b'}'
                | b'&'
                | b'%'
                | b'#'
                | b'_'
                | b'^'
                | b'~'
                | b'<'
                | b'>'
                | b'|'
        );
        b += 1;
    }
    plain
};

/// Copies the leading run of [`PLAIN`] bytes of `text` to `out` and returns its length. The run
/// ends before an ASCII special or a non-ASCII byte, so it ends on a character boundary.
fn push_plain_run(out: &mut String, text: &str) -> usize {
    let run = text
        .bytes()
        .position(|b| !PLAIN[usize::from(b)])
        .unwrap_or(text.len());
    out.push_str(&text[..run]);
    run
}

/// Appends one character of plain text, escaped for LaTeX text mode.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\textbackslash{}"),
        '{' | '}' | '$' | '&' | '%' | '#' | '_' => {
            out.push('\\');
            out.push(c);
        }
        '^' => out.push_str("\\textasciicircum{}"),
        '~' => out.push_str("\\textasciitilde{}"),
        '<' => out.push_str("\\textless{}"),
        '>' => out.push_str("\\textgreater{}"),
        '|' => out.push_str("\\textbar{}"),
        '\u{2013}' => out.push_str("--"),
        '\u{2014}' => out.push_str("---"),
        '\u{2018}' => out.push('`'),
        '\u{2019}' => out.push('\''),
        '\u{201c}' => out.push_str("``"),
        '\u{201d}' => out.push_str("''"),
        '\u{00d7}' => out.push_str("$\\times$"),
        '\u{2248}' => out.push_str("$\\approx$"),
        '\u{2212}' => out.push('-'),
        '\u{2192}' => out.push_str("$\\rightarrow$"),
        _ => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_keeps_math() {
        assert_eq!(
            inline_to_latex("50% of $x_1$ & `bias=False`"),
            "50\\% of $x_1$ \\& \\texttt{bias=False}"
        );
        assert_eq!(
            inline_to_latex("**Answer.** *why*"),
            "\\textbf{Answer.} \\emph{why}"
        );
        assert_eq!(inline_to_latex("costs \\$5"), "costs \\$5");
    }

    #[test]
    fn escapes_every_special_between_plain_runs() {
        assert_eq!(
            escape_text("a\\b{c}d$e&f%g#h_i^j~k<l>m|n*o`p"),
            "a\\textbackslash{}b\\{c\\}d\\$e\\&f\\%g\\#h\\_i\\textasciicircum{}j\\textasciitilde{}k\\textless{}l\\textgreater{}m\\textbar{}n*o`p"
        );
        assert_eq!(
            inline_to_latex("café – 3×4 → x−1 ≈ “q”"),
            "café -- 3$\\times$4 $\\rightarrow$ x-1 $\\approx$ ``q''"
        );
    }

    #[test]
    fn unmatched_delimiters_are_text() {
        assert_eq!(inline_to_latex("a $b"), "a \\$b");
        assert_eq!(inline_to_latex("$$x$$ and $$y"), "\\[x\\] and \\$\\$y");
        assert_eq!(inline_to_latex("**a *b* c"), "*\\emph{a }b* c");
        assert_eq!(inline_to_latex("** x"), "** x");
        assert_eq!(inline_to_latex("`x"), "\\`{}x");
        assert_eq!(
            inline_to_latex("`a_b` **$x$**"),
            "\\texttt{a\\_b} \\textbf{$x$}"
        );
    }

    #[test]
    fn a_long_table_becomes_tables_of_about_equal_length_under_the_header() {
        let table = |rows: usize| {
            let mut text = String::from("| layer | size |\n|---|---|");
            for i in 0..rows {
                text += &format!("\n| {i} | $x_{{{i}}}$ |");
            }
            to_latex(&text)
        };
        let body_rows = |tex: &str| -> Vec<usize> {
            tex.split("\\begin{tabular}")
                .skip(1)
                .map(|t| t.matches(" \\\\").count() - 1)
                .collect()
        };
        assert_eq!(body_rows(&table(0)), [0]);
        assert_eq!(body_rows(&table(TABULAR_ROWS)), [TABULAR_ROWS]);
        assert_eq!(body_rows(&table(TABULAR_ROWS + 1)), [7, 6]);
        assert_eq!(body_rows(&table(26)), [9, 9, 8]);
        let tex = table(26);
        assert_eq!(tex.matches("layer & size \\\\").count(), 3, "{tex}");
        // Every row once, in order.
        let rows: Vec<usize> = (0..26)
            .map(|i| tex.find(&format!("x_{{{i}}}")).expect("row written"))
            .collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{tex}");
        // A blank line between the tables: the page may break there.
        assert_eq!(
            tex.matches("\\end{center}\n\n\\begin{center}").count(),
            2,
            "{tex}"
        );
    }

    #[test]
    fn converts_blocks() {
        let tex = to_latex(
            "Intro line.\n\n$$a = b$$\n\n- one\n- two\n\n| t | m |\n|---|---|\n| 1 | $2$ |",
        );
        assert!(tex.contains("\\[\na = b\n\\]"), "{tex}");
        assert!(
            tex.contains("\\begin{itemize}\n  \\item one\n  \\item two\n\\end{itemize}"),
            "{tex}"
        );
        assert!(tex.contains("\\begin{tabular}{cc}"), "{tex}");
        assert!(tex.contains("1 & $2$ \\\\"), "{tex}");
    }

    #[test]
    fn writes_whole_documents_exactly() {
        let tex = to_latex(
            "  One\ntwo  \n \n$$\nx\n$$\n\n1. a\n2. b_c\n\n| t | m |\n|---|:-:|\n| 1 | 2 |\n\n",
        );
        assert_eq!(
            tex,
            "  One\ntwo\n\n\\[\nx\n\\]\n\n\\begin{enumerate}\n  \\item a\n  \\item b\\_c\n\\end{enumerate}\n\n\\begin{center}\n\\begin{tabular}{cc}\n\\hline\nt & m \\\\\n\\hline\n1 & 2 \\\\\n\\hline\n\\end{tabular}\n\\end{center}"
        );
        assert_eq!(to_latex(" \n\n"), "");
    }

    #[test]
    fn a_display_of_one_aligned_block_may_break_across_pages() {
        assert_eq!(
            to_latex("$$\\begin{aligned} a &= 1 \\\\ b &= 2 \\end{aligned}$$"),
            "\\begin{align*}\na &= 1 \\\\ b &= 2\n\\end{align*}"
        );
        // Anything around or beside the block keeps it inside one display.
        for kept in [
            "$$x = \\begin{aligned} a \\end{aligned}$$",
            "$$\\begin{aligned} a \\end{aligned}, \\quad \\begin{aligned} b \\end{aligned}$$",
        ] {
            assert!(to_latex(kept).starts_with("\\[\n"), "{kept}");
        }
    }
}
