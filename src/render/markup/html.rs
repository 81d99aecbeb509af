//! The HTML view of dlexam's neutral markup.
//!
//! Blocks become `<p>`, `<ul>`/`<ol>`, `<table>`; `**bold**`, `*emphasis*` and `` `code` ``
//! become `<strong>`, `<em>`, `<code>`; text is escaped for HTML. Math is not converted here: the
//! caller passes a function that writes it, so one converter serves every HTML output
//! ([`mathjax`] for pages that typeset with MathJax, such as Moodle; MathML for a page that must
//! work offline).

pub use super::MathStyle;
use super::inline::{Span, spans};
use super::{BlockKind, block_kind, cells, for_each_block, numbered_item, with_display_math_body};

/// Converts neutral markup to HTML; `math(tex, style, out)` appends each piece of math (its LaTeX
/// verbatim, without the dollars).
pub fn to_html(markup: &str, math: &impl Fn(&str, MathStyle, &mut String)) -> String {
    let mut out = String::new();
    for_each_block(markup, |block| {
        if !out.is_empty() {
            out.push('\n');
        }
        push_block(&mut out, block, math);
    });
    out
}

/// Converts one line of inline markup to HTML (no enclosing element).
pub fn inline_to_html(text: &str, math: &impl Fn(&str, MathStyle, &mut String)) -> String {
    let mut out = String::new();
    push_inline(&mut out, text, math);
    out
}

/// Writes math for MathJax: `\(...\)` inline, `\[...\]` on its own, the LaTeX escaped for HTML.
pub fn mathjax(tex: &str, style: MathStyle, out: &mut String) {
    let (open, close) = match style {
        MathStyle::Inline => (r"\(", r"\)"),
        MathStyle::Display => (r"\[", r"\]"),
    };
    out.push_str(open);
    push_escaped(out, tex);
    out.push_str(close);
}

/// Escapes text for HTML (element content and double- or single-quoted attributes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends text escaped for HTML.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

fn push_block(out: &mut String, lines: &[&str], math: &impl Fn(&str, MathStyle, &mut String)) {
    match block_kind(lines) {
        BlockKind::DisplayMath => with_display_math_body(lines, |body| {
            out.push_str(r#"<div class="math-display">"#);
            math(body, MathStyle::Display, out);
            out.push_str("</div>");
        }),
        BlockKind::Bullets => push_list(out, "ul", lines.iter().map(|l| &l[2..]), math),
        BlockKind::Numbered => push_list(
            out,
            "ol",
            lines.iter().filter_map(|l| numbered_item(l)),
            math,
        ),
        BlockKind::Table => push_table(out, lines, math),
        BlockKind::Paragraph => {
            out.push_str("<p>");
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                push_inline(out, line, math);
            }
            out.push_str("</p>");
        }
    }
}

fn push_list<'a>(
    out: &mut String,
    element: &str,
    items: impl Iterator<Item = &'a str>,
    math: &impl Fn(&str, MathStyle, &mut String),
) {
    out.push('<');
    out.push_str(element);
    out.push('>');
    for item in items {
        out.push_str("\n<li>");
        push_inline(out, item, math);
        out.push_str("</li>");
    }
    out.push_str("\n</");
    out.push_str(element);
    out.push('>');
}

/// A pipe table: the first line is the header, rule lines (`|---|:-:|`) are skipped.
fn push_table(out: &mut String, lines: &[&str], math: &impl Fn(&str, MathStyle, &mut String)) {
    out.push_str("<table>\n<thead>\n");
    push_row(out, lines[0], "th", math);
    out.push_str("</thead>\n<tbody>\n");
    for line in &lines[1..] {
        if line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        push_row(out, line, "td", math);
    }
    out.push_str("</tbody>\n</table>");
}

fn push_row(
    out: &mut String,
    line: &str,
    cell: &str,
    math: &impl Fn(&str, MathStyle, &mut String),
) {
    out.push_str("<tr>");
    for text in cells(line) {
        out.push('<');
        out.push_str(cell);
        out.push('>');
        push_inline(out, text, math);
        out.push_str("</");
        out.push_str(cell);
        out.push('>');
    }
    out.push_str("</tr>\n");
}

/// Appends one line of inline markup as HTML.
fn push_inline(out: &mut String, text: &str, math: &impl Fn(&str, MathStyle, &mut String)) {
    for span in spans(text) {
        match span {
            Span::Text(text) => push_escaped(out, text),
            Span::StrayBacktick => out.push('`'),
            Span::Math(tex, style) => math(tex, style, out),
            Span::Bold(inner) => {
                out.push_str("<strong>");
                push_inline(out, inner, math);
                out.push_str("</strong>");
            }
            Span::Italic(inner) => {
                out.push_str("<em>");
                push_inline(out, inner, math);
                out.push_str("</em>");
            }
            Span::Code(code) => {
                out.push_str("<code>");
                push_escaped(out, code);
                out.push_str("</code>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markup: &str) -> String {
        to_html(markup, &mathjax)
    }

    #[test]
    fn escapes_text_and_passes_math_to_the_writer() {
        assert_eq!(
            inline_to_html("50% of $x<1$ & `a<b` **Answer.** *why*", &mathjax),
            r"50% of \(x&lt;1\) &amp; <code>a&lt;b</code> <strong>Answer.</strong> <em>why</em>"
        );
        assert_eq!(inline_to_html(r"costs \$5", &mathjax), "costs $5");
        assert_eq!(
            inline_to_html("$$x$$ and $y$", &|tex: &str, style, out: &mut String| {
                out.push_str(&format!("[{style:?}:{tex}]"));
            }),
            "[Display:x] and [Inline:y]"
        );
    }

    #[test]
    fn unmatched_delimiters_are_text() {
        assert_eq!(inline_to_html("a $b", &mathjax), "a $b");
        assert_eq!(inline_to_html("**a *b* c", &mathjax), "*<em>a </em>b* c");
        assert_eq!(inline_to_html("`x", &mathjax), "`x");
        assert_eq!(
            inline_to_html("\"q\" 'r'", &mathjax),
            "&quot;q&quot; &#39;r&#39;"
        );
    }

    #[test]
    fn writes_whole_documents_exactly() {
        assert_eq!(
            html(
                "  One\ntwo  \n \n$$\nx\n$$\n\n1. a\n2. b_c\n\n- $p$\n\n| t | m |\n|---|:-:|\n| 1 | 2 |\n\n"
            ),
            "<p>  One\ntwo</p>\n<div class=\"math-display\">\\[x\\]</div>\n<ol>\n<li>a</li>\n<li>b_c</li>\n</ol>\n<ul>\n<li>\\(p\\)</li>\n</ul>\n<table>\n<thead>\n<tr><th>t</th><th>m</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody>\n</table>"
        );
        assert_eq!(html(" \n\n"), "");
    }
}
