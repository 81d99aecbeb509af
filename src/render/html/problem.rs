//! One problem of the practice page: its question, an input per checkable answer, the button
//! that checks them, its key and its worked solution, one step at a time.

use std::fmt::Write;

use serde_json::Value;

use super::key::{checkable, push_key};
use super::mathml::MathMl;
use crate::render::Placed;
use crate::render::markup::html::{MathStyle, inline_to_html, push_escaped, to_html};
use crate::solution::{Answer, Grading};

/// Appends problem `number` (1-based) as a `<section data-problem>`.
pub fn push_problem(out: &mut String, number: usize, placed: &Placed, math: &MathMl) {
    let problem = &placed.problem;
    let markup = |text: &str| to_html(text, &|tex, style, out| math.push(tex, style, out));
    let inline = |text: &str| inline_to_html(text, &|tex, style, out| math.push(tex, style, out));
    let title = placed.layout.title.as_deref().unwrap_or(&problem.title);
    let _ = write!(
        out,
        "<section class=\"problem\" id=\"problem-{number}\" data-problem=\"{number}\">\n\
         <h2>Problem {number}: {}",
        inline(title)
    );
    if let Some(points) = placed.layout.points {
        let unit = if points == 1 { "point" } else { "points" };
        let _ = write!(out, " <span class=\"points\">({points} {unit})</span>");
    }
    out.push_str("</h2>\n");
    out.push_str(&markup(&placed.text.intro));
    if !placed.text.parts.is_empty() {
        out.push_str("\n<ol class=\"parts\" type=\"a\">");
        for part in &placed.text.parts {
            let _ = write!(out, "\n<li>{}</li>", markup(part));
        }
        out.push_str("\n</ol>");
    }
    out.push_str("\n<div class=\"answers\">\n<h3>Your answers</h3>");
    for answer in &problem.answers {
        let label = inline(&answer.label);
        if !checkable(answer) {
            let _ = write!(
                out,
                "\n<p class=\"by-hand\">{label}: not checked here; compare yours with the worked solution.</p>"
            );
            continue;
        }
        let id = format!("p{number}-{}", answer.id);
        out.push_str("\n<div class=\"answer\"><label for=\"");
        push_escaped(out, &id);
        let _ = write!(out, "\">{label}</label> <input id=\"");
        push_escaped(out, &id);
        out.push_str("\" data-answer-id=\"");
        push_escaped(out, &answer.id);
        out.push_str(
            "\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" placeholder=\"",
        );
        push_escaped(out, &hint(answer));
        out.push_str("\"> <output id=\"");
        push_escaped(out, &id);
        out.push_str("-note\" aria-live=\"polite\"></output></div>");
    }
    if problem.answers.iter().any(checkable) {
        out.push_str(
            "\n<button type=\"button\" data-check>Check my answers</button> \
             <output data-summary aria-live=\"polite\"></output>",
        );
    }
    out.push_str("\n</div>\n");
    push_key(out, &problem.answers);
    out.push_str(
        "\n<div class=\"solution\">\n<h3>Worked solution</h3>\n\
         <button type=\"button\" data-next-step hidden>Show the next step</button>",
    );
    for (i, step) in problem.solution.steps.iter().enumerate() {
        let _ = write!(
            out,
            "\n<details class=\"step\"><summary>Step {}: {}</summary>\n{}\n</details>",
            i + 1,
            inline(&step.title),
            markup(&step.body)
        );
    }
    out.push_str("\n<details class=\"step\"><summary>Answers</summary>\n<ul>");
    for answer in &problem.answers {
        let _ = write!(out, "\n<li>{}: ", inline(&answer.label));
        math.push(&answer.latex, MathStyle::Inline, out);
        out.push_str("</li>");
    }
    out.push_str("\n</ul>\n</details>\n</div>\n</section>\n");
}

/// What to type, as the input's placeholder: the syntax `dlexam grade` reads, by the key's shape.
fn hint(answer: &Answer) -> String {
    if answer.grading == Grading::Set {
        return "names, separated by commas".into();
    }
    match &answer.value {
        Value::Number(_) => "number: 3/4, 0.75, ln 2 ...".into(),
        Value::Array(_) => {
            let mut shape = Vec::new();
            let mut v = &answer.value;
            while let Value::Array(items) = v {
                shape.push(items.len());
                let Some(first) = items.first() else { break };
                v = first;
            }
            let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
            match shape.as_slice() {
                [n] => format!("{n} numbers: [a, b, ...]"),
                [r, c] => format!("{r} rows of {c}: [[...], [...]]"),
                _ => format!("shape {}: nested [...]", dims.join("×")),
            }
        }
        Value::Object(map) => map
            .keys()
            .map(|k| format!("{k}=..."))
            .collect::<Vec<_>>()
            .join("; "),
        _ => "a word or name".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Q;

    #[test]
    fn hints_follow_the_shape_of_the_key() {
        let q = |n| Q::int(n);
        assert_eq!(
            hint(&Answer::scalar("a", "a", &q(1))),
            "number: 3/4, 0.75, ln 2 ..."
        );
        assert_eq!(
            hint(&Answer::vector("v", "v", &[q(1), q(2), q(3)], false)),
            "3 numbers: [a, b, ...]"
        );
        let rows = vec![vec![q(1), q(2), q(3)], vec![q(4), q(5), q(6)]];
        assert_eq!(
            hint(&Answer::matrix("m", "m", &rows)),
            "2 rows of 3: [[...], [...]]"
        );
        let object = serde_json::json!({"A": "x", "B": "y"});
        assert_eq!(hint(&Answer::text("o", "o", object, "")), "A=...; B=...");
        let set = Answer::text("s", "s", "X, y".into(), "").graded(Grading::Set);
        assert_eq!(hint(&set), "names, separated by commas");
    }
}
