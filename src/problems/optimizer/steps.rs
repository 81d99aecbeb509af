//! The worked solution: the update rule, one block per step and parameter with the numbers put
//! in, the table of all steps, and the per-step answers.

use super::Algorithm;
use super::algorithms::{StepRecord, Trace};
use super::config::{Config, Source};
use super::display::{Shown, show, show_q, show_theta};
use crate::num::{Q, Real};
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
    let mut n = 0;
    let mut rest = tex;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '\\' => {
                // A command's name: the ASCII letters after the backslash (sliced, not copied:
                // this runs on every segment of every worked line).
                let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
                let name = &rest[..len];
                rest = &rest[len..];
                if !matches!(name, "left" | "right" | "frac" | "") {
                    n += 1;
                }
            }
            '{' | '}' | '^' | '_' | '&' => {}
            ' ' => n += usize::from(rest.starts_with(['=', '-', '+'])),
            _ => n += 1,
        }
    }
    n
}

/// Characters of a row right of the alignment point before it wraps (A4, 11pt, ~15 cm).
const ROW: usize = 62;

/// One equation `lhs = seg_1 seg_2 ...` (each segment starts with its relation), wrapped onto
/// aligned continuation rows when it would run past the line.
fn chain(lhs: &str, segments: &[String]) -> String {
    let mut out = format!("{lhs} &{}", segments[0]);
    let mut used = width(lhs) + width(&segments[0]);
    for seg in &segments[1..] {
        let w = width(seg);
        if used + w > ROW {
            out.push_str(" \\\\\n&");
            used = 0;
        } else {
            out.push(' ');
        }
        out.push_str(seg);
        used += w;
    }
    out
}

/// `= value` or `\approx value`.
fn result(s: &Shown) -> String {
    format!("{} {}", s.eq(), s.tex)
}

/// The worked block of step `t` for parameter `i`: aligned lines with the numbers put in.
/// `thetas` is [`thetas_shown`] of the trace.
pub fn block(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>], t: usize, i: usize) -> String {
    let s = sup(i, cfg.dim());
    let sym = |name: &str, at: usize| format!("{name}_{{{at}}}{s}");
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
    let (eta, eps) = (show_q(&cfg.lr), show_q(&cfg.eps));
    let gs = g_sym(cfg);
    let g_raw = show(&rec.grad[i]);
    let g = show(&rec.grad_used[i]);
    let mut lines: Vec<String> = Vec::new();
    if let Source::Quadratic { a, c } = &cfg.source {
        let a_tex = Shown {
            tex: show_q(&a[i]),
            unit: None,
        }
        .factor();
        let c_tex = minus(&c[i]);
        lines.push(chain(
            &sym("g", t),
            &[
                format!(
                    "= 2 \\cdot {a_tex} \\cdot \\left({} {c_tex}\\right)",
                    sym("\\theta", t - 1)
                ),
                format!(
                    "= 2 \\cdot {a_tex} \\cdot \\left({} {c_tex}\\right)",
                    th_prev.tex
                ),
                result(&g_raw),
            ],
        ));
    }
    if cfg.l2() {
        lines.push(chain(
            &sym(gs, t),
            &[
                format!("= {} + \\lambda {}", sym("g", t), sym("\\theta", t - 1)),
                format!(
                    "= {} + {} \\cdot {}",
                    g_raw.tex,
                    show_q(&cfg.weight_decay),
                    th_prev.factor()
                ),
                result(&g),
            ],
        ));
    }
    let mut base = (sym("\\theta", t - 1), th_prev.tex.clone());
    if let Some(decayed) = &rec.decayed {
        let d = show(&decayed[i]);
        let factor = show_q(&(Q::one() - &cfg.lr * &cfg.weight_decay));
        lines.push(chain(
            &sym("\\tilde{\\theta}", t - 1),
            &[
                format!("= (1 - \\eta\\lambda)\\, {}", sym("\\theta", t - 1)),
                format!("= {factor} \\cdot {}", th_prev.factor()),
                result(&d),
            ],
        ));
        base = (sym("\\tilde{\\theta}", t - 1), d.tex);
    }
    if let Some(m) = &rec.m {
        let mv = show(&m[i]);
        let segments = if cfg.algorithm == Algorithm::Momentum && t == 1 {
            vec![format!("= {}", sym(gs, 1)), format!("= {}", mv.tex)]
        } else if cfg.algorithm == Algorithm::Momentum {
            vec![
                format!("= \\mu\\, {} + {}", sym("m", t - 1), sym(gs, t)),
                format!(
                    "= {} \\cdot {} + {}",
                    show_q(&cfg.momentum),
                    prev_of(|r| &r.m).factor(),
                    g.factor()
                ),
                result(&mv),
            ]
        } else {
            vec![
                format!(
                    "= \\beta_1 {} + (1 - \\beta_1)\\, {}",
                    sym("m", t - 1),
                    sym(gs, t)
                ),
                format!(
                    "= {} \\cdot {} + {} \\cdot {}",
                    show_q(&cfg.beta1),
                    prev_of(|r| &r.m).factor(),
                    show_q(&(Q::one() - &cfg.beta1)),
                    g.factor()
                ),
                result(&mv),
            ]
        };
        lines.push(chain(&sym("m", t), &segments));
    }
    if let Some(v) = &rec.v {
        lines.push(chain(
            &sym("v", t),
            &[
                format!(
                    "= \\beta_2 {} + (1 - \\beta_2) \\left({}\\right)^2",
                    sym("v", t - 1),
                    sym(gs, t)
                ),
                format!(
                    "= {} \\cdot {} + {} \\cdot {}^2",
                    show_q(&cfg.beta2),
                    prev_of(|r| &r.v).factor(),
                    show_q(&(Q::one() - &cfg.beta2)),
                    g.base()
                ),
                result(&show(&v[i])),
            ],
        ));
    }
    if let (Some(m_hat), Some(v_hat), Some(m), Some(v)) = (&rec.m_hat, &rec.v_hat, &rec.m, &rec.v) {
        let power = if t == 1 {
            String::new()
        } else {
            format!("^{{{t}}}")
        };
        for (hat, raw, beta, k, letter) in [
            (m_hat, m, &cfg.beta1, 1, "m"),
            (v_hat, v, &cfg.beta2, 2, "v"),
        ] {
            let beta_base = Shown {
                tex: show_q(beta),
                unit: None,
            }
            .base();
            lines.push(chain(
                &sym(&format!("\\hat{{{letter}}}"), t),
                &[
                    format!("= \\frac{{{}}}{{1 - \\beta_{k}{power}}}", sym(letter, t)),
                    format!(
                        "= \\frac{{{}}}{{1 - {beta_base}{power}}}",
                        show(&raw[i]).tex
                    ),
                    result(&show(&hat[i])),
                ],
            ));
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
    match (fraction, &rec.root) {
        (Some((num_sym, num, den_sym, den)), Some(root)) => {
            let r = show(&root[i]);
            let u = show(&rec.update[i]);
            let plus_eps = if cfg.eps.is_zero() {
                String::new()
            } else {
                format!(" + {eps}")
            };
            lines.push(chain(
                &sym("u", t),
                &[
                    format!("= \\eta \\frac{{{num_sym}}}{{\\sqrt{{{den_sym}}} + \\epsilon}}"),
                    format!(
                        "= {eta} \\cdot \\frac{{{}}}{{\\sqrt{{{}}}{plus_eps}}}",
                        num.tex, den.tex
                    ),
                    format!(
                        "{} {eta} \\cdot \\frac{{{}}}{{{}{plus_eps}}}",
                        r.eq(),
                        num.tex,
                        r.tex
                    ),
                    result(&u),
                ],
            ));
            lines.push(chain(
                &sym("\\theta", t),
                &[
                    format!("= {} - {}", base.0, sym("u", t)),
                    format!("= {} - {}", base.1, u.factor()),
                    result(th_new),
                ],
            ));
        }
        _ => {
            let (term_sym, term) = match &rec.m {
                Some(m) => (sym("m", t), show(&m[i])),
                None => (sym(gs, t), g.clone()),
            };
            lines.push(chain(
                &sym("\\theta", t),
                &[
                    format!("= {} - \\eta\\, {term_sym}", base.0),
                    format!("= {} - {eta} \\cdot {}", base.1, term.factor()),
                    result(th_new),
                ],
            ));
        }
    }
    format!(
        "$$\n\\begin{{aligned}}\n{}\n\\end{{aligned}}\n$$",
        lines.join(" \\\\\n")
    )
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
