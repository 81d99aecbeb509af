//! The inline delimiter walk shared by the LaTeX and HTML views: a line of inline markup as a
//! sequence of [`Span`]s.
//!
//! A delimiter without its closing partner is text, and `\$` is a literal dollar sign; every
//! delimiter is ASCII, so spans start and end on character boundaries.

/// Whether a piece of math stands in a line of text or on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathStyle {
    /// `$...$`.
    Inline,
    /// `$$...$$`, as a block or inside a line.
    Display,
}

/// One piece of a line of inline markup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Span<'a> {
    /// Plain text for the view to escape: a run without delimiters, or one unmatched `$` or
    /// `*`, or the `$` of `\$`.
    Text(&'a str),
    /// A backtick without a closing one (the LaTeX view writes it as an accent, not as an
    /// opening quote).
    StrayBacktick,
    /// Math between `$` or `$$`, verbatim.
    Math(&'a str, MathStyle),
    /// Inline markup between `**`.
    Bold(&'a str),
    /// Inline markup between single `*` (not empty).
    Italic(&'a str),
    /// Plain text between backticks.
    Code(&'a str),
}

/// The spans of one line of inline markup, in order.
pub(crate) fn spans(text: &str) -> impl Iterator<Item = Span<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (span, len) = first_span(rest);
        rest = &rest[len..];
        Some(span)
    })
}

/// Bytes where a plain run ends: a span may start there.
fn is_delimiter(b: u8) -> bool {
    matches!(b, b'\\' | b'$' | b'*' | b'`')
}

/// The span at the start of `text` (not empty) and its length in bytes.
fn first_span(text: &str) -> (Span<'_>, usize) {
    let bytes = text.as_bytes();
    let second = bytes.get(1).copied();
    match bytes[0] {
        b'\\' if second == Some(b'$') => (Span::Text(&text[1..2]), 2),
        b'$' => {
            let (close, style) = if second == Some(b'$') {
                ("$$", MathStyle::Display)
            } else {
                ("$", MathStyle::Inline)
            };
            let open = close.len();
            match find_delimiter(&text[open..], close) {
                Some(end) => (Span::Math(&text[open..open + end], style), 2 * open + end),
                None => (Span::Text(&text[..1]), 1),
            }
        }
        b'*' if second == Some(b'*') => match find_delimiter(&text[2..], "**") {
            Some(end) => (Span::Bold(&text[2..2 + end]), 4 + end),
            None => (Span::Text(&text[..1]), 1),
        },
        b'*' => match text[1..].find('*') {
            Some(end) if end > 0 => (Span::Italic(&text[1..1 + end]), 2 + end),
            _ => (Span::Text(&text[..1]), 1),
        },
        b'`' => match text[1..].find('`') {
            Some(end) => (Span::Code(&text[1..1 + end]), 2 + end),
            None => (Span::StrayBacktick, 1),
        },
        _ => {
            let run = bytes[1..]
                .iter()
                .position(|&b| is_delimiter(b))
                .map_or(text.len(), |i| i + 1);
            (Span::Text(&text[..run]), run)
        }
    }
}

/// `text.find(delimiter)` for an ASCII delimiter (`$`, `$$`, `**`), by looking for its first
/// byte and checking the rest there: lines are short and searched often, and a general
/// substring search spends more on its setup than on the search.
pub(crate) fn find_delimiter(text: &str, delimiter: &str) -> Option<usize> {
    let Some(&first) = delimiter.as_bytes().first() else {
        return Some(0);
    };
    let mut from = 0;
    while let Some(i) = text[from..].find(char::from(first)) {
        let at = from + i;
        if text[at..].starts_with(delimiter) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use Span::*;

    fn all(text: &str) -> Vec<Span<'_>> {
        spans(text).collect()
    }

    #[test]
    fn splits_a_line_into_spans() {
        assert_eq!(
            all("é $x$ **b *i* c** `c*` $$y$$"),
            [
                Text("é "),
                Math("x", MathStyle::Inline),
                Text(" "),
                Bold("b *i* c"),
                Text(" "),
                Code("c*"),
                Text(" "),
                Math("y", MathStyle::Display),
            ]
        );
    }

    #[test]
    fn unmatched_delimiters_and_escaped_dollars_are_text() {
        assert_eq!(
            all(r"a\b \$ $$y"),
            [
                Text(r"a"),
                Text(r"\b "),
                Text("$"),
                Text(" "),
                Text("$"),
                Text("$"),
                Text("y")
            ]
        );
        assert_eq!(all("** x"), [Text("*"), Text("*"), Text(" x")]);
        assert_eq!(all("** *"), [Text("*"), Italic(" ")]);
        assert_eq!(all("`x"), [StrayBacktick, Text("x")]);
        assert_eq!(all(""), []);
    }

    #[test]
    fn finds_ascii_delimiters() {
        assert_eq!(find_delimiter("a*b**c", "**"), Some(3));
        assert_eq!(find_delimiter("a$b", "$$"), None);
        assert_eq!(find_delimiter("x", ""), Some(0));
    }
}
