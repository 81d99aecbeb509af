//! The worked solution: the update rule, one block per step and parameter with the numbers put
//! in, the table of all steps, and the per-step answers.

use std::fmt::{self, Write};

use super::Algorithm;
use super::algorithms::{StepRecord, Trace};
use super::config::{Config, Source};
use super::display::{Shown, show, show_q, show_theta};
use crate::num::{Digits, Q, Real};
use crate::solution::Step;

/// `^{(i)}` when there is more than one parameter.
fn sup(i: usize, p: usize) -> String {
    if p == 1 {
        String::new()
    } else {
        format!("^{{({})}}", i + 1)
    }
}

/// The symbol of the gradient the optimizer uses: `\tilde{g}` with L2, else `g`.
pub fn g_sym(cfg: &Config) -> &'static str {
    if cfg.l2() { "\\tilde{g}" } else { "g" }
}

/// The update rule in LaTeX (an `aligned` block), in PyTorch's form.
pub fn rule_tex(cfg: &Config) -> String {
    let g = g_sym(cfg);
    let mut lines = Vec::new();
    if cfg.l2() {
        lines.push("\\tilde{g}_t &= g_t + \\lambda \\theta_{t-1}".to_string());
    }
    let prev = if cfg.algorithm == Algorithm::Adamw {
        "(1 - \\eta\\lambda)\\,\\theta_{t-1}"
    } else {
        "\\theta_{t-1}"
    };
    match cfg.algorithm {
        Algorithm::Sgd => lines.push(format!("\\theta_t &= \\theta_{{t-1}} - \\eta\\, {g}_t")),
        Algorithm::Momentum => {
            lines.push(format!("m_t &= \\mu\\, m_{{t-1}} + {g}_t"));
            lines.push("\\theta_t &= \\theta_{t-1} - \\eta\\, m_t".into());
        }
        Algorithm::Rmsprop => {
            lines.push(format!(
                "v_t &= \\beta_2 v_{{t-1}} + (1 - \\beta_2)\\, {g}_t^2"
            ));
            lines.push(format!(
                "\\theta_t &= \\theta_{{t-1}} - \\eta \\frac{{{g}_t}}{{\\sqrt{{v_t}} + \\epsilon}}"
            ));
        }
        Algorithm::Adam | Algorithm::Adamw => {
            lines.push(format!(
                "m_t &= \\beta_1 m_{{t-1}} + (1 - \\beta_1)\\, {g}_t, & v_t &= \\beta_2 v_{{t-1}} + (1 - \\beta_2)\\, {g}_t^2"
            ));
            if cfg.bias_correction {
                lines.push(
                    "\\hat{m}_t &= \\frac{m_t}{1 - \\beta_1^t}, & \\hat{v}_t &= \\frac{v_t}{1 - \\beta_2^t}".into(),
                );
                lines.push(format!(
                    "\\theta_t &= {prev} - \\eta \\frac{{\\hat{{m}}_t}}{{\\sqrt{{\\hat{{v}}_t}} + \\epsilon}}"
                ));
            } else {
                lines.push(format!(
                    "\\theta_t &= {prev} - \\eta \\frac{{m_t}}{{\\sqrt{{v_t}} + \\epsilon}}"
                ));
            }
        }
    }
    format!(
        "\\begin{{aligned}}\n{}\n\\end{{aligned}}",
        lines.join(" \\\\\n")
    )
}

/// The parameters as shown after each step, t = 0..=k (rounded so each step stays visible).
pub fn thetas_shown(trace: &Trace) -> Vec<Vec<Shown>> {
    let mut out = vec![trace.theta0.iter().map(show).collect::<Vec<_>>()];
    for t in 1..=trace.steps.len() {
        let (before, after) = (trace.theta(t - 1), trace.theta(t));
        out.push(
            after
                .iter()
                .zip(before)
                .map(|(a, b)| show_theta(a, &(a - b)))
                .collect(),
        );
    }
    out
}

/// `- c` or `+ |c|`.
pub fn minus(c: &Q) -> String {
    if c.is_negative() {
        format!("+ {}", show_q(&-c))
    } else {
        format!("- {}", show_q(c))
    }
}

/// Rough printed width of LaTeX math, in characters: commands count one, braces and
/// scripts markers nothing, `\frac` both its parts (so the estimate errs long).
fn width(tex: &str) -> usize {
    let bytes = tex.as_bytes();
    let (mut n, mut k) = (0, 0);
    while k < bytes.len() {
        let b = bytes[k];
        k += 1;
        match b {
            b'\\' => {
                // A command's name: the ASCII letters after the backslash.
                let len = bytes[k..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                let name = &tex[k..k + len];
                k += len;
                if !matches!(name, "left" | "right" | "frac" | "") {
                    n += 1;
                }
            }
            b'{' | b'}' | b'^' | b'_' | b'&' => {}
            b' ' => n += usize::from(matches!(bytes.get(k), Some(b'=' | b'-' | b'+'))),
            // The continuation bytes of a character of several bytes: it counts once.
            _ if b & 0xC0 == 0x80 => {}
            _ => n += 1,
        }
    }
    n
}

/// Characters of a row right of the alignment point before it wraps (A4, 11pt, ~15 cm).
const ROW: usize = 62;

/// A part of a worked line, written straight into the block's buffer.
type Segment<'a> = &'a dyn Fn(&mut String);

/// Appends one equation `lhs = seg_1 seg_2 ...` (each segment starts with its relation),
/// wrapped onto aligned continuation rows when it would run past the line.
fn chain(out: &mut String, lhs: impl fmt::Display, segments: &[Segment]) {
    let start = out.len();
    let _ = write!(out, "{lhs}");
    let mut used = width(&out[start..]);
    out.push_str(" &");
    for (k, segment) in segments.iter().enumerate() {
        // Each segment is written first, then the break or space before it that its width asks for.
        let at = out.len();
        segment(out);
        let w = width(&out[at..]);
        if k > 0 {
            if used + w > ROW {
                out.insert_str(at, " \\\\\n&");
                used = 0;
            } else {
                out.insert(at, ' ');
            }
        }
        used += w;
    }
}

/// Appends `= value` or `\approx value`.
fn result(out: &mut String, s: &Shown) {
    out.push_str(s.eq());
    out.push(' ');
    out.push_str(&s.tex);
}

/// `name_{at}` with the parameter's superscript (see [`sup`]): the symbol of a value in a block.
struct Sym<'a> {
    name: &'a str,
    at: usize,
    sup: &'a str,
}

impl fmt::Display for Sym<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Piece by piece: symbols are written in every line of every block.
        f.write_str(self.name)?;
        f.write_str("_{")?;
        f.write_str(Digits::of(self.at as u128).as_str())?;
        f.write_str("}")?;
        f.write_str(self.sup)
    }
}

/// The aligned lines of a worked block, written into one buffer as display math.
struct Lines {
    text: String,
    count: usize,
}

impl Lines {
    fn new() -> Lines {
        let mut text = String::with_capacity(1024);
        text.push_str("$$\n\\begin{aligned}\n");
        Lines { text, count: 0 }
    }

    /// Adds the line `lhs = seg_1 seg_2 ...` (see [`chain`]).
    fn line(&mut self, lhs: impl fmt::Display, segments: &[Segment]) {
        if self.count > 0 {
            self.text.push_str(" \\\\\n");
        }
        self.count += 1;
        chain(&mut self.text, lhs, segments);
    }

    fn finish(mut self) -> String {
        self.text.push_str("\n\\end{aligned}\n$$");
        self.text
    }
}

/// The worked block of step `t` for parameter `i`: aligned lines with the numbers put in.
/// `thetas` is [`thetas_shown`] of the trace.
pub fn block(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>], t: usize, i: usize) -> String {
    let s = sup(i, cfg.dim());
    let sym = |name, at| Sym { name, at, sup: &s };
    let rec = &trace.steps[t - 1];
    let before = (t >= 2).then(|| &trace.steps[t - 2]);
    let prev_of =
        |pick: fn(&StepRecord) -> &Option<Vec<Real>>| match before.and_then(|r| pick(r).as_ref()) {
            Some(values) => show(&values[i]),
            None => Shown {
                tex: "0".into(),
                unit: None,
            },
        };
    let (th_prev, th_new) = (&thetas[t - 1][i], &thetas[t][i]);
    let gs = g_sym(cfg);
    let g_raw = show(&rec.grad[i]);
    let g = show(&rec.grad_used[i]);
    let mut lines = Lines::new();
    if let Source::Quadratic { a, c } = &cfg.source {
        let a_tex = Shown {
            tex: show_q(&a[i]),
            unit: None,
        }
        .factor();
        let c_tex = minus(&c[i]);
        lines.line(
            sym("g", t),
            &[
                &|o| {
                    let _ = write!(
                        o,
                        "= 2 \\cdot {a_tex} \\cdot \\left({} {c_tex}\\right)",
                        sym("\\theta", t - 1)
                    );
                },
                &|o| {
                    let _ = write!(
                        o,
                        "= 2 \\cdot {a_tex} \\cdot \\left({} {c_tex}\\right)",
                        th_prev.tex
                    );
                },
                &|o| result(o, &g_raw),
            ],
        );
    }
    if cfg.l2() {
        let wd = show_q(&cfg.weight_decay);
        lines.line(
            sym(gs, t),
            &[
                &|o| {
                    let _ = write!(o, "= {} + \\lambda {}", sym("g", t), sym("\\theta", t - 1));
                },
                &|o| {
                    let _ = write!(o, "= {} + {wd} \\cdot {}", g_raw.tex, th_prev.factor());
                },
                &|o| result(o, &g),
            ],
        );
    }
    // What the update is subtracted from: theta_{t-1}, or AdamW's decayed theta.
    let (base_sym, base_tex) = match &rec.decayed {
        Some(decayed) => {
            let d = show(&decayed[i]);
            let factor = show_q(&(Q::one() - &cfg.lr * &cfg.weight_decay));
            lines.line(
                sym("\\tilde{\\theta}", t - 1),
                &[
                    &|o| {
                        let _ = write!(o, "= (1 - \\eta\\lambda)\\, {}", sym("\\theta", t - 1));
                    },
                    &|o| {
                        let _ = write!(o, "= {factor} \\cdot {}", th_prev.factor());
                    },
                    &|o| result(o, &d),
                ],
            );
            (sym("\\tilde{\\theta}", t - 1), d.tex)
        }
        None => (sym("\\theta", t - 1), th_prev.tex.clone()),
    };
    if let Some(m) = &rec.m {
        let mv = show(&m[i]);
        if cfg.algorithm == Algorithm::Momentum && t == 1 {
            lines.line(
                sym("m", t),
                &[
                    &|o| {
                        let _ = write!(o, "= {}", sym(gs, 1));
                    },
                    &|o| {
                        let _ = write!(o, "= {}", mv.tex);
                    },
                ],
            );
        } else if cfg.algorithm == Algorithm::Momentum {
            let (mu, prev) = (show_q(&cfg.momentum), prev_of(|r| &r.m));
            lines.line(
                sym("m", t),
                &[
                    &|o| {
                        let _ = write!(o, "= \\mu\\, {} + {}", sym("m", t - 1), sym(gs, t));
                    },
                    &|o| {
                        let _ = write!(o, "= {mu} \\cdot {} + {}", prev.factor(), g.factor());
                    },
                    &|o| result(o, &mv),
                ],
            );
        } else {
            let (beta, rest, prev) = (
                show_q(&cfg.beta1),
                show_q(&(Q::one() - &cfg.beta1)),
                prev_of(|r| &r.m),
            );
            lines.line(
                sym("m", t),
                &[
                    &|o| {
                        let _ = write!(
                            o,
                            "= \\beta_1 {} + (1 - \\beta_1)\\, {}",
                            sym("m", t - 1),
                            sym(gs, t)
                        );
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            "= {beta} \\cdot {} + {rest} \\cdot {}",
                            prev.factor(),
                            g.factor()
                        );
                    },
                    &|o| result(o, &mv),
                ],
            );
        }
    }
    if let Some(v) = &rec.v {
        let (beta, rest, prev) = (
            show_q(&cfg.beta2),
            show_q(&(Q::one() - &cfg.beta2)),
            prev_of(|r| &r.v),
        );
        lines.line(
            sym("v", t),
            &[
                &|o| {
                    let _ = write!(
                        o,
                        "= \\beta_2 {} + (1 - \\beta_2) \\left({}\\right)^2",
                        sym("v", t - 1),
                        sym(gs, t)
                    );
                },
                &|o| {
                    let _ = write!(
                        o,
                        "= {beta} \\cdot {} + {rest} \\cdot {}^2",
                        prev.factor(),
                        g.base()
                    );
                },
                &|o| result(o, &show(&v[i])),
            ],
        );
    }
    if let (Some(m_hat), Some(v_hat), Some(m), Some(v)) = (&rec.m_hat, &rec.v_hat, &rec.m, &rec.v) {
        let power = if t == 1 {
            String::new()
        } else {
            format!("^{{{t}}}")
        };
        for (hat, raw, beta, k, letter, hat_name) in [
            (m_hat, m, &cfg.beta1, 1, "m", "\\hat{m}"),
            (v_hat, v, &cfg.beta2, 2, "v", "\\hat{v}"),
        ] {
            let beta_base = Shown {
                tex: show_q(beta),
                unit: None,
            }
            .base();
            lines.line(
                sym(hat_name, t),
                &[
                    &|o| {
                        let _ =
                            write!(o, "= \\frac{{{}}}{{1 - \\beta_{k}{power}}}", sym(letter, t));
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            "= \\frac{{{}}}{{1 - {beta_base}{power}}}",
                            show(&raw[i]).tex
                        );
                    },
                    &|o| result(o, &show(&hat[i])),
                ],
            );
        }
    }
    let fraction = match (cfg.algorithm, &rec.m, &rec.v) {
        (Algorithm::Rmsprop, _, Some(v)) => Some((sym(gs, t), g.clone(), sym("v", t), show(&v[i]))),
        (Algorithm::Adam | Algorithm::Adamw, Some(m), Some(v)) => {
            Some(match (&rec.m_hat, &rec.v_hat) {
                (Some(mh), Some(vh)) => (
                    sym("\\hat{m}", t),
                    show(&mh[i]),
                    sym("\\hat{v}", t),
                    show(&vh[i]),
                ),
                _ => (sym("m", t), show(&m[i]), sym("v", t), show(&v[i])),
            })
        }
        _ => None,
    };
    let eta = show_q(&cfg.lr);
    match (fraction, &rec.root) {
        (Some((num_sym, num, den_sym, den)), Some(root)) => {
            let r = show(&root[i]);
            let u = show(&rec.update[i]);
            let plus_eps = if cfg.eps.is_zero() {
                String::new()
            } else {
                format!(" + {}", show_q(&cfg.eps))
            };
            lines.line(
                sym("u", t),
                &[
                    &|o| {
                        let _ = write!(
                            o,
                            "= \\eta \\frac{{{num_sym}}}{{\\sqrt{{{den_sym}}} + \\epsilon}}"
                        );
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            "= {eta} \\cdot \\frac{{{}}}{{\\sqrt{{{}}}{plus_eps}}}",
                            num.tex, den.tex
                        );
                    },
                    &|o| {
                        let _ = write!(
                            o,
                            "{} {eta} \\cdot \\frac{{{}}}{{{}{plus_eps}}}",
                            r.eq(),
                            num.tex,
                            r.tex
                        );
                    },
                    &|o| result(o, &u),
                ],
            );
            lines.line(
                sym("\\theta", t),
                &[
                    &|o| {
                        let _ = write!(o, "= {base_sym} - {}", sym("u", t));
                    },
                    &|o| {
                        let _ = write!(o, "= {base_tex} - {}", u.factor());
                    },
                    &|o| result(o, th_new),
                ],
            );
        }
        _ => {
            let (term_sym, term) = match &rec.m {
                Some(m) => (sym("m", t), show(&m[i])),
                None => (sym(gs, t), g.clone()),
            };
            lines.line(
                sym("\\theta", t),
                &[
                    &|o| {
                        let _ = write!(o, "= {base_sym} - \\eta\\, {term_sym}");
                    },
                    &|o| {
                        let _ = write!(o, "= {base_tex} - {eta} \\cdot {}", term.factor());
                    },
                    &|o| result(o, th_new),
                ],
            );
        }
    }
    lines.finish()
}

/// The worked blocks of step `t` of a run, all parameters. `thetas` is [`thetas_shown`] of
/// the trace.
pub fn blocks(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>], t: usize) -> String {
    let blocks: Vec<String> = (0..cfg.dim())
        .map(|i| block(cfg, trace, thetas, t, i))
        .collect();
    blocks.join("\n\n")
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Step `t` of the main run: what it starts from, then the blocks. `thetas` is
/// [`thetas_shown`] of the trace.
pub fn step(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>], t: usize) -> Step {
    let prev = t - 1;
    let mut items = vec![format!("$\\theta_{{{prev}}}$")];
    if cfg.algorithm != Algorithm::Sgd && cfg.algorithm != Algorithm::Rmsprop {
        items.push(format!("$m_{{{prev}}}$"));
    }
    if cfg.algorithm.is_adam() || cfg.algorithm == Algorithm::Rmsprop {
        items.push(format!("$v_{{{prev}}}$"));
    }
    let tail = if cfg.quadratic() {
        format!(", with the gradient taken at $\\theta_{{{prev}}}$")
    } else {
        items.push(format!("$g_{{{t}}}$"));
        String::new()
    };
    let intro = format!("From {}{tail}:", join_and(&items));
    Step::new(
        format!("Step $t = {t}$"),
        format!("{intro}\n\n{}", blocks(cfg, trace, thetas, t)),
    )
}

#[cfg(test)]
mod tests {
    use super::width;

    #[test]
    fn width_counts_what_is_printed() {
        // a, b, " =", (, x, ), 2, " +", \alpha: \frac, \left, \right, braces and ^ are free.
        assert_eq!(width("\\frac{a}{b} = \\left(x\\right)^2 + \\alpha"), 11);
        assert_eq!(width("\\theta_{1}^{(2)} &= -0.5"), 11);
        assert_eq!(width("é \\, \\\\"), 2);
    }
}
