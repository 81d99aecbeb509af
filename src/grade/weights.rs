//! Points per answer: each family's default shares, and how a graded problem's points are split.
//!
//! A problem's points are split over its automatically graded answers in proportion to their
//! shares ([`share`]): 2 for the answer a part builds up to (conv-output's `output_shape`, the
//! weight gradient `dL_dW`, each step's `theta_t`, the ResBlock's `dL_dF2`), 1 for every other
//! answer, 0 for answers graded by hand (`dL_dF2_symbolic`). A spec may state an answer's points
//! (`answer_points = { theta_3 = 2, dL_dF2_symbolic = 1 }` in a `[[problem]]` table): stated
//! points are kept as they are, hand answers included, and the rest of the problem's points is
//! split over the other answers by share. keys.json writes every answer's `points`: an integer,
//! a decimal of at most four places, or else an exact fraction string (`"4/19"`).

use serde_json::Value;

use crate::num::Q;
use crate::solution::{Grading, Problem, json_number};
use crate::spec::Slot;

/// The default share of answer `id` of `family` (see the module docs).
pub fn share(family: &str, id: &str, grading: Grading) -> u32 {
    if grading == Grading::Hand {
        return 0;
    }
    let builds_up = match family {
        "conv-output" => id == "output_shape",
        "bce-backprop" => id == "dL_dW",
        "optimizer" => id
            .strip_prefix("theta_")
            .is_some_and(|t| t.parse::<u32>().is_ok()),
        "resblock" => id == "dL_dF2",
        _ => false,
    };
    if builds_up { 2 } else { 1 }
}

/// Writes each answer's `points` for a problem worth `total`, with the spec's stated points
/// (`stated`: answer id, points). The error names an id the problem does not have, or stated
/// points above the total.
pub fn assign(problem: &mut Problem, total: u32, stated: &[(String, Q)]) -> Result<(), String> {
    if let Some((id, _)) = stated
        .iter()
        .find(|(id, _)| !problem.answers.iter().any(|a| &a.id == id))
    {
        return Err(format!(
            "answer_points names `{id}`, which this {} problem does not have (it has: {})",
            problem.family,
            problem
                .answers
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let of = |id: &str| stated.iter().find(|(s, _)| s == id).map(|(_, q)| q.clone());
    let stated_sum = stated.iter().fold(Q::zero(), |sum, (_, q)| sum + q.clone());
    let rest = Q::from(u64::from(total)) - stated_sum;
    if rest.is_negative() {
        return Err(format!(
            "answer_points add up to more than the problem's {total} points"
        ));
    }
    let shares: Vec<u32> = problem
        .answers
        .iter()
        .map(|a| match of(&a.id) {
            Some(_) => 0,
            None => share(&problem.family, &a.id, a.grading),
        })
        .collect();
    let all: u32 = shares.iter().sum();
    for (answer, share) in problem.answers.iter_mut().zip(shares) {
        let points = of(&answer.id).unwrap_or_else(|| {
            if all == 0 {
                Q::zero()
            } else {
                &rest * &Q::frac(i64::from(share), i64::from(all))
            }
        });
        answer.points = Some(points_json(&points));
    }
    Ok(())
}

/// Prepares a graded document's problems for its key: each answer's points (for slots with
/// points), the tolerances of the places the spec asks for, and the options of slots asked as
/// single choice.
pub fn prepare(problems: &mut [Problem], slots: &[Slot<'_>]) -> crate::error::Result<()> {
    for (n, (problem, slot)) in problems.iter_mut().zip(slots).enumerate() {
        for answer in &mut problem.answers {
            answer.ask_places(slot.places);
        }
        if let Some(points) = slot.points {
            assign(problem, points, slot.answer_points).map_err(|e| {
                crate::error::Error::invalid(format!(
                    "spec: problem {} ({}): {e}",
                    n + 1,
                    problem.family
                ))
            })?;
        }
        if slot.choices {
            crate::problems::choice::with_choices(problem);
        }
    }
    Ok(())
}

/// Points as keys.json writes them: a number when it has at most four decimal places, else an
/// exact fraction string.
pub fn points_json(q: &Q) -> Value {
    if q.decimal_places(4).is_some() {
        json_number(q)
    } else {
        Value::String(q.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems;

    fn adam() -> Problem {
        let family = problems::find("optimizer").unwrap();
        problems::generate(family, 3, problems::Difficulty::Exam, Some("adam")).unwrap()
    }

    fn sum(p: &Problem) -> Q {
        p.answers.iter().fold(Q::zero(), |s, a| {
            s + crate::grade::key::points_of(a.points.as_ref().unwrap()).unwrap()
        })
    }

    #[test]
    fn shares_split_the_points_exactly_and_stated_points_stay() {
        let mut p = adam();
        assign(&mut p, 4, &[]).unwrap();
        assert_eq!(sum(&p), Q::int(4));
        let points = |p: &Problem, id: &str| {
            crate::grade::key::points_of(
                p.answers
                    .iter()
                    .find(|a| a.id == id)
                    .unwrap()
                    .points
                    .as_ref()
                    .unwrap(),
            )
            .unwrap()
        };
        assert_eq!(points(&p, "theta_1"), points(&p, "m_1") * Q::int(2));
        assign(&mut p, 4, &[("theta_1".into(), Q::int(1))]).unwrap();
        assert_eq!(points(&p, "theta_1"), Q::int(1));
        assert_eq!(sum(&p), Q::int(4));
        assert!(
            assign(&mut p, 4, &[("theta_9".into(), Q::int(1))])
                .unwrap_err()
                .contains("`theta_9`")
        );
        assert!(
            assign(&mut p, 4, &[("theta_1".into(), Q::int(5))])
                .unwrap_err()
                .contains("more than")
        );
        assert_eq!(points_json(&Q::frac(4, 19)), Value::String("4/19".into()));
        assert_eq!(points_json(&Q::frac(1, 4)).to_string(), "0.25");
    }
}
