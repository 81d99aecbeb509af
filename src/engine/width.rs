//! How wide a line of LaTeX math prints, roughly, and breaking a line that would run into the
//! margin: a display never breaks by itself, so a long sum is cut at its top-level `+`, `-` and
//! `=` signs into the lines of an `aligned` block.
//!
//! Widths are in units of one digit (about 5.5 pt at 11 pt). The estimate reads the macros the
//! engine writes (`\frac`, `\left( \right)`, `bmatrix`, `\cdot`, subscripts ...); it errs on the
//! wide side, and [`LINE`] leaves room for the indent of an exam part and a solution's frame.

/// The width a display line may take (a solution's frame inside an exam part is about 420 pt;
/// the estimate runs a little narrow, so this leaves room).
pub const LINE: f64 = 66.0;

/// The width of LaTeX math, in digits.
pub fn units(math: &str) -> f64 {
    Reader {
        s: math.as_bytes(),
        at: 0,
    }
    .run(None)
}

struct Reader<'a> {
    s: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    /// The width up to the end, or up to the closing `}` of a group (`until = Some(b'}')`).
    fn run(&mut self, until: Option<u8>) -> f64 {
        let mut w = 0.0;
        let mut last: Option<u8> = None;
        while let Some(c) = self.peek() {
            if Some(c) == until {
                self.at += 1;
                return w;
            }
            self.at += 1;
            let before = last;
            if !c.is_ascii_whitespace() {
                last = Some(c);
            }
            w += match c {
                b' ' | b'\n' | b'\t' | b'&' => 0.0,
                b'{' => self.run(Some(b'}')),
                b'\\' => self.command(),
                b'^' | b'_' => 0.7 * self.argument(),
                b'+' => 2.4,
                b'-' => match before {
                    None | Some(b'(' | b'{' | b'&' | b'=' | b',') => 1.4,
                    _ => 2.4,
                },
                b'=' | b'<' | b'>' => 2.6,
                b'.' | b'|' | b'!' | b'\'' => 0.5,
                b',' | b';' | b':' => 0.8,
                b'(' | b')' | b'[' | b']' => 0.8,
                b'0'..=b'9' => 1.0,
                _ => 1.05,
            };
        }
        w
    }

    /// One argument: a `{group}`, a command or a single character.
    fn argument(&mut self) -> f64 {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.at += 1;
        }
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                self.run(Some(b'}'))
            }
            Some(b'\\') => {
                self.at += 1;
                self.command()
            }
            Some(_) => {
                self.at += 1;
                1.0
            }
            None => 0.0,
        }
    }

    /// The raw text of a `{group}` argument (for names and `\text`).
    fn raw_group(&mut self) -> &str {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.at += 1;
        }
        if self.peek() != Some(b'{') {
            return "";
        }
        let start = self.at + 1;
        let mut depth = 0;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        std::str::from_utf8(&self.s[start..self.at.saturating_sub(1).max(start)]).unwrap_or("")
    }

    fn command(&mut self) -> f64 {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        if self.at == start {
            // A one-character command: `\;`, `\,`, `\{`, `\\`.
            let c = self.peek();
            self.at += 1;
            return match c {
                Some(b';') => 0.5,
                Some(b',') => 0.3,
                Some(b'!') => -0.3,
                Some(b'\\') => 0.0,
                _ => 1.0,
            };
        }
        let name = std::str::from_utf8(&self.s[start..self.at]).unwrap_or("");
        match name {
            "frac" | "dfrac" => 0.85 * self.argument().max(self.argument()) + 0.4,
            "tfrac" => 0.7 * self.argument().max(self.argument()) + 0.4,
            "left" | "right" | "bigl" | "bigr" | "Bigl" | "Bigr" => {
                let d = self.argument();
                if d > 0.0 { 0.8 } else { 0.0 }
            }
            "begin" => self.environment(),
            "end" => {
                self.raw_group();
                0.0
            }
            "text" | "mathrm" | "texttt" | "textbf" | "operatorname" | "textit" => {
                0.95 * self.raw_group().chars().count() as f64
            }
            "hat" | "tilde" | "bar" | "mathbf" | "boldsymbol" | "vec" | "mathit" => self.argument(),
            "sqrt" => 1.6 + self.argument(),
            "cdot" => 1.5,
            "odot" | "times" | "otimes" | "pm" => 2.4,
            "approx" | "le" | "ge" | "leq" | "geq" | "neq" | "to" | "rightarrow" | "mapsto"
            | "in" | "equiv" | "sim" => 2.6,
            "Longrightarrow" | "Rightarrow" | "longrightarrow" => 3.6,
            "quad" => 2.0,
            "qquad" => 4.0,
            "lvert" | "rvert" | "vert" | "mid" => 0.6,
            "ln" | "log" => 1.8,
            "max" | "min" | "exp" => 2.6,
            "sum" | "prod" => 2.0,
            "displaystyle" | "textstyle" | "scriptstyle" | "limits" | "nolimits" => 0.0,
            _ => 1.0,
        }
    }

    /// A `\begin{env} ... \end{env}` block: matrices as their columns, `aligned` as its widest row.
    fn environment(&mut self) -> f64 {
        let env = self.raw_group().to_string();
        let body_start = self.at;
        let (open, close) = (format!(r"\begin{{{env}}}"), format!(r"\end{{{env}}}"));
        let mut depth = 1;
        let mut body_end = self.s.len();
        while self.at < self.s.len() {
            let rest = &self.s[self.at..];
            if rest.starts_with(open.as_bytes()) {
                depth += 1;
                self.at += open.len();
            } else if rest.starts_with(close.as_bytes()) {
                depth -= 1;
                if depth == 0 {
                    body_end = self.at;
                    self.at += close.len();
                    break;
                }
                self.at += close.len();
            } else {
                self.at += 1;
            }
        }
        let body = std::str::from_utf8(&self.s[body_start..body_end]).unwrap_or("");
        let rows: Vec<Vec<f64>> = split_top(body, r"\\")
            .iter()
            .map(|row| split_top(row, "&").iter().map(|c| units(c)).collect())
            .collect();
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widest: Vec<f64> = (0..cols)
            .map(|j| {
                rows.iter()
                    .filter_map(|r| r.get(j))
                    .fold(0.0, |a: f64, b| a.max(*b))
            })
            .collect();
        let cells: f64 = widest.iter().sum();
        match env.as_str() {
            "aligned" | "align" | "align*" | "gathered" => cells,
            "bmatrix" | "pmatrix" | "vmatrix" => cells + 1.8 * (cols.max(1) - 1) as f64 + 1.6,
            _ => cells + 1.8 * (cols.max(1) - 1) as f64,
        }
    }
}

/// Splits at `sep` where no `{group}` or `\begin ... \end` block is open.
fn split_top<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let (mut depth, mut env, mut start, mut i) = (0i32, 0i32, 0, 0);
    let b = s.as_bytes();
    while i < b.len() {
        if s[i..].starts_with(r"\begin{") {
            env += 1;
        } else if s[i..].starts_with(r"\end{") {
            env -= 1;
        }
        if depth == 0 && env == 0 && s[i..].starts_with(sep) {
            parts.push(&s[start..i]);
            i += sep.len();
            start = i;
            continue;
        }
        match b[i] {
            b'\\' => {
                // Skip the escaped character (`\{`, `\\`) with the backslash.
                i += 2;
                continue;
            }
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    parts.push(&s[start..]);
    parts
}

/// The byte offsets of the top-level ` + `, ` - `, ` = ` and ` \approx ` of a line, where it
/// may break: outside every `{group}`, `\left ... \right` pair and environment.
fn break_points(line: &str) -> Vec<usize> {
    let b = line.as_bytes();
    let (mut depth, mut lr, mut env) = (0i32, 0i32, 0i32);
    let mut points = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &line[i..];
        if rest.starts_with(r"\left") && !rest[5..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            lr += 1;
            i += 5;
            continue;
        }
        if rest.starts_with(r"\right") && !rest[6..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            lr -= 1;
            i += 6;
            continue;
        }
        if rest.starts_with(r"\begin{") {
            env += 1;
        } else if rest.starts_with(r"\end{") {
            env -= 1;
        }
        if depth == 0
            && lr == 0
            && env == 0
            && [" + ", " - ", " = ", r" \approx "]
                .iter()
                .any(|op| rest.starts_with(op))
        {
            points.push(i);
        }
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    points
}

/// One line of an `aligned` block (`lhs &= rhs`), cut into several when wider than `budget`:
/// the continuation lines start at the alignment point, indented by a `\quad`, with the sign
/// they were cut at. A line that cannot be cut is returned as it is.
pub fn wrap_aligned_line(line: &str, budget: f64) -> String {
    if units(line) <= budget {
        return line.to_string();
    }
    let align = line.find('&').map_or(0.0, |at| units(&line[..at]));
    let mut cuts = break_points(line);
    // Never cut before the alignment point: that would leave a line of the left-hand side.
    if let Some(at) = line.find('&') {
        cuts.retain(|c| *c > at + 2);
    }
    if cuts.is_empty() {
        return line.to_string();
    }
    let mut pieces = Vec::new();
    let mut from = 0;
    for &c in &cuts {
        pieces.push(&line[from..c]);
        from = c;
    }
    pieces.push(&line[from..]);
    let mut out = String::from(pieces[0]);
    let mut width = units(pieces[0]);
    for piece in &pieces[1..] {
        let w = units(piece);
        if width + w > budget {
            out.push_str(r" \\ &\quad");
            out.push_str(piece);
            width = align + 2.0 + w;
        } else {
            out.push_str(piece);
            width += w;
        }
    }
    out
}

/// A display equation (`lhs = rhs`, no `aligned`), as an `aligned` block of several lines when
/// wider than `budget` (see [`wrap_aligned_line`]); else as it is.
pub fn wrap_equation(eq: &str, budget: f64) -> String {
    if units(eq) <= budget || break_points(eq).len() < 2 {
        return eq.to_string();
    }
    let Some(at) = eq.find(" = ") else {
        return eq.to_string();
    };
    let aligned = format!("{} &= {}", &eq[..at], &eq[at + 3..]);
    let wrapped = wrap_aligned_line(&aligned, budget);
    if wrapped.contains(r"\\") {
        format!(r"\begin{{aligned}} {wrapped} \end{{aligned}}")
    } else {
        eq.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_what_prints() {
        assert!((units("12") - 2.0).abs() < 1e-9);
        assert!(
            units(r"\frac{1}{2}") < 2.0,
            "a fraction is as wide as its wider part"
        );
        let m = r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}";
        assert!(units(m) > 4.0 && units(m) < 8.0, "{}", units(m));
        assert!(units(&format!("{m} + {m}")) > 2.0 * units(m));
        assert!(units(r"\left(-2\right) \cdot 3") < 8.0);
    }

    #[test]
    fn a_long_sum_is_cut_at_its_plus_signs() {
        let terms: Vec<String> = (1..=30)
            .map(|k| format!(r"{k} \cdot \left(-{k}\right)"))
            .collect();
        let line = format!("C[1,1] &= {} = 5", terms.join(" + "));
        let wrapped = wrap_aligned_line(&line, LINE);
        let lines: Vec<&str> = wrapped.split(r" \\ ").collect();
        assert!(lines.len() > 1, "{wrapped}");
        for l in &lines {
            assert!(units(l) <= LINE + 1e-9, "{l}");
        }
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with(r"&\quad + ") || l.starts_with(r"&\quad = "))
        );
        assert_eq!(wrapped.replace(r" \\ &\quad", ""), line);
        let short = "x &= 1 + 2";
        assert_eq!(wrap_aligned_line(short, LINE), short);
    }

    #[test]
    fn a_long_equation_becomes_an_aligned_block() {
        let terms: Vec<String> = (1..=30).map(|k| format!(r"{k} \cdot {k}")).collect();
        let eq = format!("z = {}", terms.join(" + "));
        let wrapped = wrap_equation(&eq, LINE);
        assert!(
            wrapped.starts_with(r"\begin{aligned} z &= 1 \cdot 1 + "),
            "{wrapped}"
        );
        assert!(wrapped.ends_with(r"\end{aligned}"));
        // Nothing inside a group or \left( \right) is cut.
        let inner = format!(r"z = \left({}\right)", terms.join(" + "));
        assert_eq!(wrap_equation(&inner, LINE), inner);
    }
}
