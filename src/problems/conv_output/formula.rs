//! The output-size arithmetic per op: a checked layer ([`Spec`]) applied to an input shape,
//! one spatial dimension at a time, exactly as PyTorch computes it.

use super::Op;
use super::plan::{axis_note, fld};
use crate::ensure;
use crate::error::{Error, Result};
use crate::num::Q;

/// A layer whose arguments passed PyTorch's checks that do not depend on the input size.
#[derive(Clone, Debug)]
pub(super) struct Spec {
    pub(super) op: Op,
    pub(super) c_out: Option<Q>,
    pub(super) k: [Q; 2],
    pub(super) s: [Q; 2],
    pub(super) p: [Q; 2],
    pub(super) d: [Q; 2],
    pub(super) a: [Q; 2],
    pub(super) ceil: bool,
    pub(super) stride_default: bool,
}

impl Spec {
    pub(super) fn effective(&self, i: usize) -> Q {
        &(&self.d[i] * &(&self.k[i] - &Q::one())) + &Q::one()
    }

    pub(super) fn is_square(&self) -> bool {
        [&self.k, &self.s, &self.p, &self.d, &self.a]
            .iter()
            .all(|v| v[0] == v[1])
    }
}

/// How one spatial dimension came out.
#[derive(Clone, Debug)]
pub(super) enum DimCalc {
    /// conv2d and pools: `numer = H + 2p - d(k-1) - 1`, `quotient = numer / s`,
    /// `rounded` its floor (or ceil), `dropped` when ceil mode's last window was removed.
    Window {
        numer: Q,
        quotient: Q,
        rounded: Q,
        dropped: bool,
    },
    /// conv_transpose2d.
    Transposed,
}

/// One layer applied to its input.
#[derive(Clone, Debug)]
pub(super) struct Applied {
    pub(super) spec: Spec,
    pub(super) input: [Q; 4],
    pub(super) dims: [DimCalc; 2],
    pub(super) output: [Q; 4],
}

impl Applied {
    pub(super) fn square(&self) -> bool {
        self.input[2] == self.input[3] && self.spec.is_square()
    }
}

/// Applies a checked layer to an input shape; refuses what PyTorch refuses for that size.
pub(super) fn apply(spec: &Spec, input: &[Q; 4], at: &str) -> Result<Applied> {
    let square = spec.is_square() && input[2] == input[3];
    let (h_dim, h_out) = apply_dim(spec, 0, &input[2], at, square)?;
    let (w_dim, w_out) = apply_dim(spec, 1, &input[3], at, square)?;
    let c = spec.c_out.clone().unwrap_or_else(|| input[1].clone());
    Ok(Applied {
        spec: spec.clone(),
        input: input.clone(),
        dims: [h_dim, w_dim],
        output: [input[0].clone(), c, h_out, w_out],
    })
}

/// One spatial dimension (`i` = 0 for the height, 1 for the width) of [`apply`].
fn apply_dim(spec: &Spec, i: usize, size: &Q, at: &str, square: bool) -> Result<(DimCalc, Q)> {
    let axis = axis_note(square, i);
    let (k, s, p, d, a) = (&spec.k[i], &spec.s[i], &spec.p[i], &spec.d[i], &spec.a[i]);
    let one = Q::one();
    let two_p = &Q::int(2) * p;
    if spec.op == Op::ConvTranspose2d {
        let o = &(&(&(&(&(size - &one) * s) - &two_p) + &(d * &(k - &one))) + a) + &one;
        ensure!(
            o >= one,
            "{}: {p} crops the transposed output to {o}{axis}; the output size must be at least 1 (rule: (H-1)s - 2p + d(k-1) + output_padding + 1 >= 1)",
            fld(at, "padding")
        );
        return Ok((DimCalc::Transposed, o));
    }
    let eff = spec.effective(i);
    let padded = size + &two_p;
    if !spec.ceil {
        ensure!(
            eff <= padded,
            "{}: the effective kernel d(k-1)+1 = {eff}{axis} is larger than the padded input H + 2p = {size} + 2*{p} = {padded}; {} needs it to fit",
            fld(at, "kernel"),
            spec.op.name()
        );
    }
    let numer = &padded - &eff;
    let Some(quotient) = numer.checked_div(s) else {
        return Err(Error::invalid(format!(
            "{}: must be at least 1",
            fld(at, "stride")
        )));
    };
    let rounded = if spec.ceil {
        quotient.ceil()
    } else {
        quotient.floor()
    };
    let mut o = &rounded + &one;
    let mut dropped = false;
    if spec.ceil && &(&o - &one) * s >= size + p {
        o = &o - &one;
        dropped = true;
    }
    ensure!(
        o >= one,
        "{}: the effective window d(k-1)+1 = {eff}{axis} does not fit the padded input {size} + 2*{p} = {padded} even in ceil mode (output size {o}, must be at least 1)",
        fld(at, "kernel")
    );
    Ok((
        DimCalc::Window {
            numer,
            quotient,
            rounded,
            dropped,
        },
        o,
    ))
}
