//! The typical mistakes of `conv-output`. Re-solved by the family's solver on the params with
//! the mistake put in: the padding ignored, the stride ignored (taken as 1), the dilation
//! ignored (taken as 1), floor and ceil swapped for a pool, a transposed convolution computed
//! as a convolution. Computed by the same formula without its last term, through every layer
//! of a chain: the `+1` forgotten, `floor((H + 2p - d(k-1) - 1) / s)` (for a transposed
//! convolution, `(H-1)s - 2p + d(k-1) + a` without its `+1`). For the size-keeping padding:
//! `d(k-1)` without the halving.

use super::ConvOutput;
use super::params::{Layer, Op, Params};
use crate::num::Q;
use crate::problems::Mistaken;
use crate::problems::choice::{numbers, resolved};
use crate::problems::params::{Int, Pair};
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(p: &Params, answers: &[Answer]) -> Vec<Mistaken> {
    if p.find.is_some() {
        return numbers(answers, "padding")
            .map(|pads| {
                Mistaken::new("d(k-1) without the halving")
                    .with("padding", pads.iter().map(|q| q * &Q::int(2)).collect())
            })
            .into_iter()
            .collect();
    }
    let Some((input, layers)) = as_chain(p) else {
        return Vec::new();
    };
    let mut out: Vec<Mistaken> = forgotten_plus_one(&input, &layers, p.layers.is_some())
        .into_iter()
        .collect();
    let variants: [(&'static str, Change); 5] = [
        ("padding ignored", |l| {
            l.padding.take().is_some_and(|p| p.h() != 0 || p.w() != 0)
        }),
        ("stride ignored (taken as 1)", |l| {
            let default_is_one = !matches!(l.op, Op::MaxPool2d | Op::AvgPool2d);
            let was = l.stride.replace(Pair::Same(1));
            match was {
                Some(s) => s.h() != 1 || s.w() != 1,
                None => !default_is_one,
            }
        }),
        ("dilation ignored", |l| {
            l.dilation.take().is_some_and(|d| d.h() != 1 || d.w() != 1)
        }),
        ("floor and ceil swapped", |l| {
            if matches!(l.op, Op::MaxPool2d | Op::AvgPool2d) {
                l.ceil_mode = Some(!l.ceil_mode.unwrap_or(false));
                true
            } else {
                false
            }
        }),
        ("a transposed convolution computed as a convolution", |l| {
            if l.op == Op::ConvTranspose2d {
                l.op = Op::Conv2d;
                l.output_padding = None;
                true
            } else {
                false
            }
        }),
    ];
    for (name, change) in variants {
        let mut changed = false;
        let layers: Vec<Layer> = layers
            .iter()
            .map(|l| {
                let mut l = l.clone();
                changed |= change(&mut l);
                l
            })
            .collect();
        if changed {
            out.extend(resolved::<ConvOutput>(name, &rebuild(p, &input, layers)));
        }
    }
    out
}

/// The input and the layers of any params (one layer is a chain of one).
fn as_chain(p: &Params) -> Option<([i64; 4], Vec<Layer>)> {
    let input: [i64; 4] = p
        .input
        .iter()
        .map(|i| i.0)
        .collect::<Vec<_>>()
        .try_into()
        .ok()?;
    let layers = match &p.layers {
        Some(layers) => layers.clone(),
        None => vec![Layer {
            op: p.op?,
            out_channels: p.out_channels,
            kernel: p.kernel?,
            stride: p.stride,
            padding: p.padding,
            dilation: p.dilation,
            output_padding: p.output_padding,
            ceil_mode: p.ceil_mode,
        }],
    };
    Some((input, layers))
}

/// Params of the same form as `p` with these layers.
fn rebuild(p: &Params, input: &[i64; 4], mut layers: Vec<Layer>) -> Params {
    if p.layers.is_some() {
        Params::chain(*input, layers)
    } else {
        Params::single(*input, layers.remove(0), None)
    }
}

/// Every shape of the params computed without the `+1` of the size formula (none when a pool
/// rounds up, whose rule has one more case, or when a size comes out below 1).
fn forgotten_plus_one(input: &[i64; 4], layers: &[Layer], chain: bool) -> Option<Mistaken> {
    let mut shape = *input;
    let mut m = Mistaken::new("the +1 of the size formula forgotten");
    for (i, l) in layers.iter().enumerate() {
        if l.ceil_mode == Some(true) {
            return None;
        }
        let pool = matches!(l.op, Op::MaxPool2d | Op::AvgPool2d);
        let pair = |v: Option<Pair>, default: Pair| v.unwrap_or(default);
        let (k, s, pad, d) = (
            l.kernel,
            pair(l.stride, if pool { l.kernel } else { Pair::Same(1) }),
            pair(l.padding, Pair::Same(0)),
            pair(l.dilation, Pair::Same(1)),
        );
        let a = pair(l.output_padding, Pair::Same(0));
        let size = |h: i64, k: i64, s: i64, p: i64, d: i64, a: i64| -> Option<i64> {
            if l.op == Op::ConvTranspose2d {
                Some((h - 1) * s - 2 * p + d * (k - 1) + a)
            } else {
                (s > 0).then(|| (h + 2 * p - d * (k - 1) - 1).div_euclid(s))
            }
        };
        let h = size(shape[2], k.h(), s.h(), pad.h(), d.h(), a.h())?;
        let w = size(shape[3], k.w(), s.w(), pad.w(), d.w(), a.w())?;
        if h < 1 || w < 1 {
            return None;
        }
        let c = if pool {
            shape[1]
        } else {
            l.out_channels.map_or(shape[1], |Int(c)| c)
        };
        shape = [shape[0], c, h, w];
        let values = shape.iter().map(|&v| Q::int(v)).collect::<Vec<_>>();
        if chain {
            m = m.with(format!("shape_{}", i + 1), values.clone());
        }
        if i + 1 == layers.len() {
            m = m.with("output_shape", values);
        }
    }
    Some(m)
}

/// A mistake put into a layer: changes it, and says whether anything changed.
type Change = fn(&mut Layer) -> bool;
