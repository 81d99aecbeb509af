//! The table of all steps and the per-step answers.

use super::algorithms::Trace;
use super::config::Config;
use super::display::{Shown, show, vector_answer};
use super::steps::g_sym;
use crate::num::Real;
use crate::solution::{Answer, Step};

/// The table of every step: t, (i), g, m, v, m_hat, v_hat, theta (the columns the algorithm has).
/// `thetas` is [`thetas_shown`](super::steps::thetas_shown) of the trace.
pub fn table(cfg: &Config, trace: &Trace, thetas: &[Vec<Shown>]) -> Step {
    let p = cfg.dim();
    let first = &trace.steps[0];
    let mut header = vec!["$t$".to_string()];
    if p > 1 {
        header.push("$i$".into());
    }
    let gs = g_sym(cfg);
    header.push(format!("${gs}_t$"));
    let columns: [(&str, bool); 4] = [
        ("m_t", first.m.is_some()),
        ("v_t", first.v.is_some()),
        ("\\hat{m}_t", first.m_hat.is_some()),
        ("\\hat{v}_t", first.v_hat.is_some()),
    ];
    header.extend(columns.iter().filter(|c| c.1).map(|c| format!("${}$", c.0)));
    header.push("$\\theta_t$".into());
    let mut rows = vec![
        format!("| {} |", header.join(" | ")),
        format!("|{}", "---|".repeat(header.len())),
    ];
    let cell = |r: &Real| format!("${}$", show(r).tex);
    for (t, shown) in thetas.iter().enumerate() {
        for i in 0..p {
            let mut row = vec![if i == 0 { t.to_string() } else { String::new() }];
            if p > 1 {
                row.push((i + 1).to_string());
            }
            if t == 0 {
                row.extend(std::iter::repeat_n(
                    String::new(),
                    1 + columns.iter().filter(|c| c.1).count(),
                ));
            } else {
                let rec = &trace.steps[t - 1];
                row.push(cell(&rec.grad_used[i]));
                for field in [&rec.m, &rec.v, &rec.m_hat, &rec.v_hat]
                    .into_iter()
                    .flatten()
                {
                    row.push(cell(&field[i]));
                }
            }
            row.push(format!("${}$", shown[i].tex));
            rows.push(format!("| {} |", row.join(" | ")));
        }
    }
    let rounded = thetas.iter().flatten().any(|s| s.unit.is_some())
        || trace
            .steps
            .iter()
            .any(|r| r.update.iter().any(|u| show(u).unit.is_some()));
    let note = if rounded {
        "\n\nRounded values carry four significant digits; parameters keep three digits of their last step."
    } else {
        ""
    };
    Step::new(
        "All steps at a glance",
        format!("{}{note}", rows.join("\n")),
    )
}

/// The per-step answers: `m_t`, `v_t`, `m_hat_t`, `v_hat_t`, `theta_t` (those the algorithm has).
/// `thetas` is [`thetas_shown`](super::steps::thetas_shown) of the trace.
pub fn answers(trace: &Trace, thetas: &[Vec<Shown>]) -> Vec<Answer> {
    let mut out = Vec::new();
    for rec in &trace.steps {
        let t = rec.t;
        let named = [
            ("m", "m", &rec.m),
            ("v", "v", &rec.v),
            ("m_hat", "\\hat{m}", &rec.m_hat),
            ("v_hat", "\\hat{v}", &rec.v_hat),
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
            &format!("$\\theta_{{{t}}}$"),
            &rec.theta,
            &thetas[t],
        ));
    }
    out
}
