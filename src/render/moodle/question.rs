//! One problem as a cloze question: the statement and a blank per gradable entry (the question
//! text), and the worked solution (the general feedback), both HTML with math for MathJax.

use std::fmt::Write;

use num_integer::Integer;

use super::blanks::{Blanks, weight};
use super::cloze::{Blank, Guarded, SubQuestion};
use super::files::Embedded;
use crate::num::Q;
use crate::render::markup::html::{MathStyle, inline_to_html, mathjax, push_escaped, to_html};
use crate::render::placed::Placed;
use crate::render::view::part_letter;
use crate::solution::Answer;

/// A problem as Moodle shows it.
pub struct Cloze {
    /// The question text: the statement, then the answers with their sub-questions.
    pub text: String,
    /// The general feedback: the worked solution and the answers.
    pub feedback: String,
    /// How many sub-questions the text holds (0: Moodle cannot grade any answer of it).
    pub blanks: usize,
}

/// Markup to HTML with math for MathJax.
fn html(markup: &str) -> String {
    to_html(markup, &mathjax)
}

/// One line of markup to HTML with math for MathJax.
fn inline(markup: &str) -> String {
    inline_to_html(markup, &mathjax)
}

/// The cloze question of a placed problem whose numbers are graded to `places` decimals.
pub fn cloze(placed: &Placed, places: u32) -> Cloze {
    let problem = &placed.problem;
    let text = &placed.text;
    let mut statement = html(&text.intro);
    statement.push_str(&Embedded::question(&problem.question.figures).html());
    for (i, part) in text.parts.iter().enumerate() {
        let lettered = format!("**({})** {part}", part_letter(i));
        statement.push('\n');
        statement.push_str(&html(&lettered));
    }
    let blanks: Vec<Blanks> = problem.answers.iter().map(Blanks::of).collect();
    let weights = integer_weights(&problem.family, &problem.answers, &blanks);
    let mut out = Guarded(&statement).to_string();
    let numbers = blanks.iter().any(|b| match b {
        Blanks::Scalar(blank) => matches!(blank, Blank::Numerical { .. }),
        Blanks::Grid { .. } => true,
        Blanks::Named(_) | Blanks::ByHand => false,
    });
    out.push_str("\n<p><strong>Your answers.</strong>");
    if numbers {
        let _ = write!(
            out,
            " Type each number as a decimal (0.75, -1.5, 2e-4): a fraction such as 3/4 is not \
             read, type 0.75. A number that is not a whole number or a short decimal is right \
             rounded to {places} decimal places."
        );
    }
    out.push_str("</p>");
    for ((answer, blanks), weight) in problem.answers.iter().zip(&blanks).zip(weights) {
        out.push('\n');
        push_answer(&mut out, answer, blanks, &weight);
    }
    Cloze {
        text: out,
        feedback: solution(placed),
        blanks: blanks.iter().map(Blanks::len).sum(),
    }
}

/// The weight of every blank of every answer, as integers in the proportions of the answers'
/// weights (each split evenly over its blanks): scaled by the least common multiple of the
/// denominators. Moodle's weights are whole numbers; the question is worth their sum.
fn integer_weights(family: &str, answers: &[Answer], blanks: &[Blanks]) -> Vec<Q> {
    let shares: Vec<Q> = answers
        .iter()
        .zip(blanks)
        .map(|(a, b)| match b.len() {
            0 => Q::zero(),
            n => weight(family, a) / Q::from(n as u64),
        })
        .collect();
    let scale = shares
        .iter()
        .fold(num_bigint::BigInt::from(1), |l, w| l.lcm(&w.denom()));
    let scale = Q::from_big(num_rational::BigRational::from_integer(scale));
    shares.iter().map(|w| w * &scale).collect()
}

/// One answer: its label, then its blanks (a table for a vector or matrix), or a note that the
/// teacher checks it.
fn push_answer(out: &mut String, answer: &Answer, blanks: &Blanks, weight: &Q) {
    let label = Guarded(&inline(&answer.label)).to_string();
    let feedback = |i: usize| right_feedback(answer, i);
    match blanks {
        Blanks::Scalar(blank) => {
            let _ = write!(out, "<p>{label}: {}</p>", sub(weight, blank, &feedback(0)));
        }
        Blanks::Named(parts) => {
            let _ = write!(out, "<p>{label}:</p>\n<ul>");
            for (name, blank) in parts {
                out.push_str("\n<li>");
                let _ = write!(
                    out,
                    "{}",
                    Guarded(&crate::render::markup::html::escape(name))
                );
                let _ = write!(out, ": {}</li>", sub(weight, blank, "Right."));
            }
            out.push_str("\n</ul>");
        }
        Blanks::Grid { shape, entries } if shape.len() <= 2 => {
            let (rows, cols) = match shape.as_slice() {
                [n] => (1, *n),
                [r, c] => (*r, *c),
                _ => (1, entries.len()),
            };
            let _ = write!(
                out,
                "<p>{label} (entry by entry):</p>\n<table class=\"dlexam-entries\">\n<tr><th></th>"
            );
            for c in 1..=cols {
                let _ = write!(out, "<th>{c}</th>");
            }
            out.push_str("</tr>");
            for r in 0..rows {
                let _ = write!(out, "\n<tr><th>{}</th>", r + 1);
                for c in 0..cols {
                    let i = r * cols + c;
                    let _ = write!(out, "<td>{}</td>", sub(weight, &entries[i], &feedback(i)));
                }
                out.push_str("</tr>");
            }
            out.push_str("\n</table>");
        }
        Blanks::Grid { shape, entries } => {
            let _ = write!(out, "<p>{label} (entry by entry):</p>\n<ul>");
            for (i, blank) in entries.iter().enumerate() {
                let index = multi_index(i, shape);
                let _ = write!(
                    out,
                    "\n<li>entry ({index}): {}</li>",
                    sub(weight, blank, &feedback(i))
                );
            }
            out.push_str("\n</ul>");
        }
        Blanks::ByHand => {
            let _ = write!(
                out,
                "<p>{label}: write it down; it is not graded here (your teacher checks it, and the \
                 worked solution shows it).</p>"
            );
        }
    }
}

fn sub(weight: &Q, blank: &Blank, feedback: &str) -> String {
    SubQuestion {
        weight,
        blank,
        feedback,
    }
    .to_string()
}

/// The 1-based index `i, j, k` of entry `flat` of a tensor of `shape` (reading order).
fn multi_index(flat: usize, shape: &[usize]) -> String {
    let mut rest = flat;
    let mut index = vec![0; shape.len()];
    for (d, size) in shape.iter().enumerate().rev() {
        index[d] = rest % size + 1;
        rest /= size;
    }
    index
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The feedback of a right entry: the exact value, where the answer has exact values.
fn right_feedback(answer: &Answer, i: usize) -> String {
    fn flat(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Array(items) => items.iter().for_each(|x| flat(x, out)),
            serde_json::Value::String(s) => out.push(s.clone()),
            other => out.push(other.to_string()),
        }
    }
    let mut exact = Vec::new();
    if let Some(e) = &answer.exact {
        flat(e, &mut exact);
    }
    match exact.get(i).and_then(|s| s.parse::<Q>().ok()) {
        Some(q) if !q.is_integer() => {
            let mut out = String::from("Right: ");
            mathjax(&q.tex().to_string(), MathStyle::Inline, &mut out);
            out
        }
        _ => "Right.".into(),
    }
}

/// The worked solution, step by step, then the answers.
fn solution(placed: &Placed) -> String {
    let problem = &placed.problem;
    let mut out = String::from("<p><strong>Worked solution</strong></p>");
    out.push_str(&Embedded::solution(&problem.solution.figures).html());
    for step in &problem.solution.steps {
        let gap = if step.body.starts_with("$$") {
            "\n\n"
        } else {
            " "
        };
        out.push('\n');
        out.push_str(&html(&format!("**{}.**{gap}{}", step.title, step.body)));
    }
    out.push_str("\n<p><strong>Answers</strong></p>\n<ul>");
    for answer in &problem.answers {
        let _ = write!(out, "\n<li>{} (<code>", inline(&answer.label));
        push_escaped(&mut out, &answer.id);
        out.push_str("</code>): ");
        mathjax(&answer.latex, MathStyle::Inline, &mut out);
        out.push_str("</li>");
    }
    out.push_str("\n</ul>");
    out
}
