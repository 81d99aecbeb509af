//! The typical mistakes of `receptive-field`. Re-solved by the family's solver on the params
//! with the mistake put in: the dilation ignored, every stride ignored (taken as 1), a
//! pooling's stride taken as 1 (PyTorch defaults it to the kernel). Computed by the recurrence
//! with the mistake: each layer's growth multiplied by the jump *after* it
//! (`r_l = r_{l-1} + d(k-1) j_l`). For a match: one layer too many (`(K-1)/(k-1) + 1`), and every
//! small layer counted with the input channels (`n k^2 C_in C_out`).

use super::ReceptiveField;
use super::params::{Checked, Op, Params, check};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::{numbers, resolved};
use crate::problems::params::Pair;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    let Ok(checked) = check(p) else {
        return Vec::new();
    };
    match checked {
        Checked::Match(_, k, c_in, c_out) => {
            let get = |id| numbers(answers, id).unwrap_or_default();
            let n = get("layers");
            let Some(n) = n.first() else {
                return Vec::new();
            };
            vec![
                Mistaken::new("one layer too many").with("layers", vec![n + &Q::one()]),
                Mistaken::new("every small layer counted with the input channels")
                    .with("stack_weights", vec![n * &Q::int(k * k * c_in * c_out)]),
            ]
        }
        Checked::Stack(layers) => {
            let mut out = Vec::new();
            // The jump after the layer instead of before it.
            let mut m = Mistaken::new("each layer's growth times the jump after it");
            let (mut r, mut j) = ([Q::one(), Q::one()], [Q::one(), Q::one()]);
            for (i, l) in layers.iter().enumerate() {
                for a in 0..2 {
                    j[a] = &j[a] * &Q::int(l.s[a]);
                    r[a] = &r[a] + &(Q::int(l.d[a] * (l.k[a] - 1)) * j[a].clone());
                }
                let id = format!("receptive_field_{}", i + 1);
                let len = numbers(answers, &id).map_or(1, |v| v.len());
                let value = r[..len].to_vec();
                m = m.with(id, value.clone());
                if i + 1 == layers.len() {
                    m = m.with("receptive_field", value);
                }
            }
            out.push(m);
            let Some(params) = &p.layers else {
                return out;
            };
            let changes: [(&'static str, Change); 3] = [
                ("dilation ignored", |l| {
                    l.dilation.take().is_some_and(|d| d != Pair::Same(1))
                }),
                ("stride ignored (taken as 1)", |l| {
                    let pool = l.op != Op::Conv2d;
                    let was = l.stride.replace(Pair::Same(1));
                    was.map_or(pool, |s| s != Pair::Same(1))
                }),
                ("a pooling's stride taken as 1", |l| {
                    if l.op != Op::Conv2d && l.stride.is_none() {
                        l.stride = Some(Pair::Same(1));
                        true
                    } else {
                        false
                    }
                }),
            ];
            for (name, change) in changes {
                let mut q = p.clone();
                let mut changed = false;
                let layers = params
                    .iter()
                    .map(|l| {
                        let mut l = l.clone();
                        changed |= change(&mut l);
                        l
                    })
                    .collect();
                q.layers = Some(layers);
                if changed {
                    out.extend(resolved::<ReceptiveField>(name, &q));
                }
            }
            out
        }
    }
}

/// A mistake put into a layer: changes it, and says whether anything changed.
type Change = fn(&mut super::params::LayerParams) -> bool;
