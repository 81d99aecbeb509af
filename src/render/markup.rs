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

/// Converts neutral markup to LaTeX (text mode).
pub fn to_latex(markup: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for block in blocks(markup) {
        out.push(block_to_latex(&block));
    }
    out.join("\n\n")
}

/// Splits markup into blocks (paragraph, list, table, display math).
fn blocks(markup: &str) -> Vec<Vec<&str>> {
    let mut result = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in markup.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                result.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        result.push(current);
    }
    result
}

fn is_bullet(line: &str) -> bool {
    line.starts_with("- ")
}

fn numbered_item(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        Some(&line[digits + 2..])
    } else {
        None
    }
}

fn block_to_latex(lines: &[&str]) -> String {
    let first = lines[0].trim_start();
    if first.starts_with("$$") {
        let joined = lines.join("\n");
        let body = joined
            .trim()
            .trim_start_matches("$$")
            .trim_end_matches("$$")
            .trim();
        return format!("\\[\n{body}\n\\]");
    }
    if lines.iter().all(|l| is_bullet(l)) {
        let items: Vec<String> = lines
            .iter()
            .map(|l| format!("  \\item {}", inline_to_latex(&l[2..])))
            .collect();
        return format!("\\begin{{itemize}}\n{}\n\\end{{itemize}}", items.join("\n"));
    }
    if lines.iter().all(|l| numbered_item(l).is_some()) {
        let items: Vec<String> = lines
            .iter()
            .filter_map(|l| numbered_item(l))
            .map(|l| format!("  \\item {}", inline_to_latex(l)))
            .collect();
        return format!(
            "\\begin{{enumerate}}\n{}\n\\end{{enumerate}}",
            items.join("\n")
        );
    }
    if lines.len() >= 2 && lines.iter().all(|l| l.starts_with('|')) {
        return table_to_latex(lines);
    }
    lines
        .iter()
        .map(|l| inline_to_latex(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

fn table_to_latex(lines: &[&str]) -> String {
    let header = cells(lines[0]);
    let columns = "c".repeat(header.len());
    let row = |cs: Vec<&str>| {
        cs.iter()
            .map(|c| inline_to_latex(c))
            .collect::<Vec<_>>()
            .join(" & ")
            + " \\\\"
    };
    let mut out = vec![
        "\\begin{center}".to_string(),
        format!("\\begin{{tabular}}{{{columns}}}"),
        "\\hline".to_string(),
        row(header),
        "\\hline".to_string(),
    ];
    for line in &lines[1..] {
        if line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        out.push(row(cells(line)));
    }
    out.push("\\hline".into());
    out.push("\\end{tabular}".into());
    out.push("\\end{center}".into());
    out.join("\n")
}

/// Converts one line of inline markup: math kept verbatim, text escaped.
///
/// One pass over the text without copying it: every delimiter is ASCII, so byte offsets advance
/// exactly as characters do.
pub fn inline_to_latex(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let after = &text[pos + c.len_utf8()..];
        match c {
            '\\' if after.starts_with('$') => {
                out.push_str("\\$");
                pos += 2;
            }
            '$' => {
                let display = after.starts_with('$');
                let close = if display { "$$" } else { "$" };
                let rest = &text[pos + close.len()..];
                match rest.find(close) {
                    Some(end) => {
                        let math = &rest[..end];
                        if display {
                            out.push_str("\\[");
                            out.push_str(math);
                            out.push_str("\\]");
                        } else {
                            out.push('$');
                            out.push_str(math);
                            out.push('$');
                        }
                        pos += 2 * close.len() + end;
                    }
                    None => {
                        out.push_str("\\$");
                        pos += 1;
                    }
                }
            }
            '*' if after.starts_with('*') => match after[1..].find("**") {
                Some(end) => {
                    out.push_str("\\textbf{");
                    out.push_str(&inline_to_latex(&after[1..1 + end]));
                    out.push('}');
                    pos += 4 + end;
                }
                None => {
                    out.push('*');
                    pos += 1;
                }
            },
            '*' => match after.find('*') {
                Some(end) if end > 0 => {
                    out.push_str("\\emph{");
                    out.push_str(&inline_to_latex(&after[..end]));
                    out.push('}');
                    pos += 2 + end;
                }
                _ => {
                    out.push('*');
                    pos += 1;
                }
            },
            '`' => match after.find('`') {
                Some(end) => {
                    out.push_str("\\texttt{");
                    out.push_str(&escape_text(&after[..end]));
                    out.push('}');
                    pos += 2 + end;
                }
                None => {
                    out.push_str("\\`{}");
                    pos += 1;
                }
            },
            _ => {
                push_escaped(&mut out, c);
                pos += c.len_utf8();
            }
        }
    }
    out
}

/// Escapes plain text for LaTeX text mode (also used by the `tex_escape` template filter).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
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
}
