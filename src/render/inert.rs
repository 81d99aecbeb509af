//! User text made inert in Markdown: titles, course, date, instructions and names are the
//! user's, and a Markdown file is often shown as HTML. `<`, `>` and an `&` that starts an entity
//! become entities (no `<script>`, no `<a href=...>`), and `](` becomes `]\(` (no inline link,
//! so no `javascript:` URL). Math between `$` keeps working: only these characters change.

/// `text` with HTML and inline links neutralised (see the module docs).
pub fn md_text(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            ']' if chars.peek() == Some(&'(') => out.push_str("]\\"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_links_are_inert() {
        assert_eq!(
            md_text("<script>alert(1)</script> [x](javascript:alert(1)) &amp; a & b $x_{[i]}$"),
            "&lt;script&gt;alert(1)&lt;/script&gt; [x]\\(javascript:alert(1)) &amp;amp; a & b $x_{[i]}$"
        );
    }
}
