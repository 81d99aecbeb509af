//! The table of all steps and the per-step answers.

use super::algorithms::Trace;
use super::config::Config;
use super::display::{Shown, show, vector_answer};
use super::text::g_sym;

use crate::solution::{Answer, Step};

/// The table of every step: t, (i), g, m, v, m_hat, v_hat, theta (the columns the algorithm has).
/// `thetas` is [`thetas_shown`](super::text::thetas_shown) of the trace.
pub fn table(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>]) -> Step {
    let p = cfg.dim();
    let first = &trace.steps[0];
    let gs = g_sym(cfg);
    let columns: [(&str, bool); 4] = [
        ("m_t", first.m.is_some()),
        ("v_t", first.v.is_some()),
        (r"\hat{m}_t", first.m_hat.is_some()),
        (r"\hat{v}_t", first.v_hat.is_some()),
    ];
    let shown_columns = columns.iter().filter(|c| c.1).count();
    let mut text = String::new();
    // A sentence first: a table that starts on the line of the step's bold title is a paragraph
    // of pipes in GitHub-flavoured Markdown.
    text.push_str("Every value of the steps above, one row per step");
    text.push_str(if p > 1 {
        " and parameter:\n\n|"
    } else {
        ":\n\n|"
    });
    math_cell(&mut text, "t");
    if p > 1 {
        math_cell(&mut text, "i");
    }
    math_cell(&mut text, &format!("{gs}_t"));
    for (name, _) in columns.iter().filter(|c| c.1) {
        math_cell(&mut text, name);
    }
    math_cell(&mut text, r"\theta_t");
    let header_len = 3 + usize::from(p > 1) + shown_columns;
    text.push_str("\n|");
    text.push_str(&"---|".repeat(header_len));
    for (t, shown) in thetas.iter().enumerate() {
        for i in 0..p {
            text.push_str("\n|");
            cell(
                &mut text,
                &if i == 0 { t.to_string() } else { String::new() },
            );
            if p > 1 {
                cell(&mut text, &(i + 1).to_string());
            }
            if t == 0 {
                for _ in 0..1 + shown_columns {
                    cell(&mut text, "");
                }
            } else {
                let rec = &trace.steps[t - 1];
                math_cell(&mut text, &show(&rec.grad_used[i]).tex);
                for field in [&rec.m, &rec.v, &rec.m_hat, &rec.v_hat]
                    .into_iter()
                    .flatten()
                {
                    math_cell(&mut text, &show(&field[i]).tex);
                }
            }
            math_cell(&mut text, &shown[i].tex);
        }
    }
    let rounded = thetas.iter().flatten().any(|s| s.unit.is_some())
        || trace
            .steps
            .iter()
            .any(|r| r.update.iter().any(|u| show(u).unit.is_some()));
    if rounded {
        text.push_str("\n\nRounded values carry four significant digits; parameters keep three digits of their last step.");
    }
    Step::new("All steps at a glance", text)
}

/// Appends a table cell ` content |` (the row starts with `|`).
fn cell(text: &mut String, content: &str) {
    text.push(' ');
    text.push_str(content);
    text.push_str(" |");
}

/// Appends a table cell of math, ` $tex$ |`.
fn math_cell(text: &mut String, tex: &str) {
    text.push_str(" $");
    text.push_str(tex);
    text.push_str("$ |");
}

/// The per-step answers: `m_t`, `v_t`, `m_hat_t`, `v_hat_t`, `theta_t` (those the algorithm has).
/// `thetas` is [`thetas_shown`](super::text::thetas_shown) of the trace.
pub fn answers(trace: &Trace, thetas: &[Vec<Shown>]) -> Vec<Answer> {
    let mut out = Vec::new();
    for rec in &trace.steps {
        let t = rec.t;
        let named = [
            ("m", "m", &rec.m),
            ("v", "v", &rec.v),
            ("m_hat", r"\hat{m}", &rec.m_hat),
            ("v_hat", r"\hat{v}", &rec.v_hat),
        ];
        for (id, tex, field) in named {
            if let Some(values) = field {
                let shown: Vec<Shown> = values.iter().map(show).collect();
                out.push(vector_answer(
                    &format!("{id}_{t}"),
                    &format!("${tex}_{{{t}}}$"),
                    values,
                    &shown,
                ));
            }
        }
        out.push(vector_answer(
            &format!("theta_{t}"),
            &format!(r"$\theta_{{{t}}}$"),
            &rec.theta,
            &thetas[t],
        ));
    }
    out
}
