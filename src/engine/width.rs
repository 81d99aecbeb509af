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
        ended: CellEnd::Environment,
    }
    .run(Until::End)
}

/// Where [`Reader::run`] stops.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    /// At the end of the text.
    End,
    /// After the `}` that closes the group it reads.
    Brace,
    /// After the end of an environment's cell: a top-level `&`, `\\` or `\end{...}`.
    Cell,
}

/// How a cell of an environment ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellEnd {
    /// At `&`: the next cell of the row follows.
    Column,
    /// At `\\`: a new row follows.
    Row,
    /// At `\end{...}` (or the end of the text).
    Environment,
}

/// How an environment's cells make its width.
enum Layout {
    /// `aligned`: its widest row.
    Rows,
    /// A matrix in brackets: its columns, the gaps between them and the brackets.
    Delimited,
    /// Anything else: its columns and the gaps between them.
    Columns,
}

struct Reader<'a> {
    s: &'a [u8],
    at: usize,
    /// How the last cell read with [`Until::Cell`] ended.
    ended: CellEnd,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    /// The width up to where `until` says; an environment's cells are read in the same pass.
    fn run(&mut self, until: Until) -> f64 {
        let mut w = 0.0;
        let mut last: Option<u8> = None;
        while let Some(c) = self.peek() {
            if until == Until::Brace && c == b'}' {
                self.at += 1;
                return w;
            }
            if until == Until::Cell
                && let Some(end) = self.cell_end()
            {
                self.ended = end;
                return w;
            }
            self.at += 1;
            let before = last;
            if !c.is_ascii_whitespace() {
                last = Some(c);
            }
            w += match c {
                b' ' | b'\n' | b'\t' | b'&' => 0.0,
                b'{' => self.run(Until::Brace),
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
        self.ended = CellEnd::Environment;
        w
    }

    /// At the end of a cell (`&`, `\\`, `\end{...}`): reads past it and says which it was.
    fn cell_end(&mut self) -> Option<CellEnd> {
        let rest = &self.s[self.at..];
        if rest.starts_with(b"&") {
            self.at += 1;
            Some(CellEnd::Column)
        } else if rest.starts_with(br"\\") {
            self.at += 2;
            Some(CellEnd::Row)
        } else if rest.starts_with(br"\end") && !rest.get(4).is_some_and(u8::is_ascii_alphabetic) {
            self.at += 4;
            self.raw_group();
            Some(CellEnd::Environment)
        } else {
            None
        }
    }

    /// One argument: a `{group}`, a command or a single character.
    fn argument(&mut self) -> f64 {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.at += 1;
        }
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                self.run(Until::Brace)
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

    /// A `\begin{env} ... \end{env}` block, read cell by cell: matrices as the sum of their
    /// columns' widest cells plus the gaps between them, `aligned` as its widest row.
    fn environment(&mut self) -> f64 {
        let layout = match self.raw_group() {
            "aligned" | "align" | "align*" | "gathered" => Layout::Rows,
            "bmatrix" | "pmatrix" | "vmatrix" => Layout::Delimited,
            _ => Layout::Columns,
        };
        let mut widest: Vec<f64> = Vec::new();
        let mut column = 0;
        loop {
            let w = self.run(Until::Cell);
            match widest.get_mut(column) {
                Some(widest) => *widest = widest.max(w),
                None => widest.push(w.max(0.0)),
            }
            match self.ended {
                CellEnd::Column => column += 1,
                CellEnd::Row => column = 0,
                CellEnd::Environment => break,
            }
        }
        let cells: f64 = widest.iter().sum();
        let gaps = 1.8 * (widest.len().max(1) - 1) as f64;
        match layout {
            Layout::Rows => cells,
            Layout::Delimited => cells + gaps + 1.6,
            Layout::Columns => cells + gaps,
        }
    }
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

    /// A matrix is as wide as its columns' widest cells, each measured on its own, plus the gaps
    /// and brackets; nested matrices, groups and escaped `\&` stay inside their cell.
    #[test]
    fn a_matrix_is_its_widest_cells() {
        let cells = [
            "1",
            "-2",
            r"\frac{1}{2}",
            r"-\frac{13}{8}",
            r"\begin{bmatrix} 1 & -2 \\ 3 & 4 \end{bmatrix}",
            r"{a & b}",
            r"\text{a \& b}",
            r"x_{1}^{2} \cdot 3",
            "",
        ];
        for rows in 1..=3 {
            for cols in 1..=3 {
                let grid: Vec<Vec<&str>> = (0..rows)
                    .map(|i| {
                        (0..cols)
                            .map(|j| cells[(i * 5 + j * 3 + rows + cols) % cells.len()])
                            .collect()
                    })
                    .collect();
                let body: Vec<String> = grid.iter().map(|r| r.join(" & ")).collect();
                let widest: f64 = (0..cols)
                    .map(|j| grid.iter().map(|r| units(r[j])).fold(0.0, f64::max))
                    .sum();
                let gaps = 1.8 * (cols - 1) as f64;
                for (env, extra) in [("bmatrix", gaps + 1.6), ("matrix", gaps), ("aligned", 0.0)] {
                    let m = format!(r"\begin{{{env}}} {} \end{{{env}}}", body.join(r" \\ "));
                    assert!((units(&m) - (widest + extra)).abs() < 1e-9, "{m}");
                }
            }
        }
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
