//! Solving `receptive-field`: the recurrence r_l = r_{l-1} + d_l (k_l - 1) j_{l-1},
//! j_l = j_{l-1} s_l from r_0 = j_0 = 1, per axis; or the match of one large kernel by a stack of
//! small ones.

use super::params::{Checked, Layer, Params, check, variant_of};
use super::question::Facts;
use super::text;
use crate::error::Result;
use crate::num::Q;
use crate::problems::Solved;
use crate::solution::{Answer, Question, Solution};

/// Receptive field and jump after each layer, along axis `a` (0 height, 1 width).
pub fn recurrence(layers: &[Layer], a: usize) -> Vec<(Q, Q)> {
    let mut r = Q::one();
    let mut j = Q::one();
    let mut out = Vec::with_capacity(layers.len());
    for l in layers {
        r = &r + &(Q::int(l.d[a]) * Q::int(l.k[a] - 1) * j.clone());
        j = &j * &Q::int(l.s[a]);
        out.push((r.clone(), j.clone()));
    }
    out
}

/// Whether both axes follow the same numbers.
pub fn square(layers: &[Layer]) -> bool {
    layers
        .iter()
        .all(|l| l.k[0] == l.k[1] && l.s[0] == l.s[1] && l.d[0] == l.d[1])
}

/// An answer: a number when both axes agree, else the pair [height, width].
fn per_axis(id: &str, label: &str, h: &Q, w: &Q, square: bool) -> Answer {
    if square {
        Answer::scalar(id, label, h)
    } else {
        Answer::vector(id, label, &[h.clone(), w.clone()], false)
    }
}

/// Checks and solves the params.
pub fn solve(p: &Params) -> Result<Solved> {
    let checked = check(p)?;
    let variant = variant_of(&checked);
    let (answers, steps) = match &checked {
        Checked::Stack(layers) => {
            let sq = square(layers);
            let h = recurrence(layers, 0);
            let w = recurrence(layers, 1);
            let mut answers = Vec::new();
            for (i, (hh, ww)) in h.iter().zip(&w).enumerate() {
                let n = i + 1;
                answers.push(per_axis(
                    &format!("receptive_field_{n}"),
                    &format!("receptive field after layer {n}"),
                    &hh.0,
                    &ww.0,
                    sq,
                ));
                answers.push(per_axis(
                    &format!("jump_{n}"),
                    &format!("jump after layer {n}"),
                    &hh.1,
                    &ww.1,
                    sq,
                ));
            }
            let (hl, wl) = (
                h.last().expect("at least one layer"),
                w.last().expect("at least one layer"),
            );
            answers.push(per_axis(
                "receptive_field",
                "receptive field",
                &hl.0,
                &wl.0,
                sq,
            ));
            answers.push(per_axis(
                "jump",
                "jump (product of the strides)",
                &hl.1,
                &wl.1,
                sq,
            ));
            (answers, text::stack_steps(layers, &h, &w, sq))
        }
        Checked::Match(big, small, c_in, c_out) => {
            let n = (big - 1) / (small - 1);
            let single = Q::int(*big) * Q::int(*big) * Q::int(*c_in) * Q::int(*c_out);
            let k2 = Q::int(*small) * Q::int(*small);
            let stack = &k2 * &(Q::int(*c_in) * Q::int(*c_out))
                + &k2 * &(Q::int(n - 1) * Q::int(*c_out) * Q::int(*c_out));
            let answers = vec![
                Answer::scalar("layers", "small layers needed", &Q::int(n)),
                Answer::scalar("receptive_field", "their receptive field", &Q::int(*big)),
                Answer::scalar("single_weights", "weights of the single layer", &single),
                Answer::scalar("stack_weights", "weights of the stack", &stack),
            ];
            (
                answers,
                text::match_steps(*big, *small, *c_in, *c_out, n, &single, &stack),
            )
        }
    };
    Ok(Solved {
        variant: variant.to_string(),
        question: Question::new(Facts::new(&checked, variant)),
        answers,
        solution: Solution::new(steps).with_figure(super::figure::figure(&checked)),
    })
}
