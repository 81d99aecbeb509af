//! `conv2d` on [`Tensor`]s: forward (zero padding, stride, dilation) and its gradients with
//! respect to input, weight and bias.

use super::{Scalar, Tensor, dims4, iter3, iter4};

/// Stride, zero padding and dilation of a square `conv2d` (the same along height and width).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvSpec {
    /// Stride.
    pub stride: usize,
    /// Zero padding on each side.
    pub padding: usize,
    /// Dilation of the kernel.
    pub dilation: usize,
}

impl ConvSpec {
    /// The output size along one axis: `floor((n + 2p - d(k-1) - 1) / s) + 1`, or `None` when
    /// the dilated kernel does not fit.
    pub fn out_size(&self, n: usize, k: usize) -> Option<usize> {
        let reach = self.dilation * (k - 1) + 1;
        let padded = n + 2 * self.padding;
        (padded >= reach).then(|| (padded - reach) / self.stride + 1)
    }

    /// The input position read by output `o` through kernel tap `t`, if inside the input.
    pub fn source(&self, o: usize, t: usize, n: usize) -> Option<usize> {
        let pos = (o * self.stride + t * self.dilation).checked_sub(self.padding)?;
        (pos < n).then_some(pos)
    }
}

impl<S: Scalar> Tensor<S> {
    /// `conv2d(x, w) + bias`: `x` `[N, C, H, W]`, `w` `[O, C, k, k]`, `bias` `[O]`.
    pub fn conv2d(x: &Self, w: &Self, bias: &Self, spec: ConvSpec) -> Self {
        let (n, c, h, wd) = dims4(x);
        let (o, c_w, k, _) = dims4(w);
        assert_eq!(c, c_w, "conv2d: channels");
        let (ho, wo) = (
            spec.out_size(h, k).expect("kernel fits"),
            spec.out_size(wd, k).expect("kernel fits"),
        );
        let mut out: Tensor<S> = Tensor::zeros(&[n, o, ho, wo]);
        for (b, oc, i, j) in iter4(n, o, ho, wo) {
            let mut acc = bias.data[oc].clone();
            for (ch, u, v) in iter3(c, k, k) {
                if let (Some(r), Some(s)) = (spec.source(i, u, h), spec.source(j, v, wd)) {
                    acc = acc.add(&x.at(&[b, ch, r, s]).mul(w.at(&[oc, ch, u, v])));
                }
            }
            let at = out.offset(&[b, oc, i, j]);
            out.data[at] = acc;
        }
        out
    }

    /// The gradient of `conv2d` with respect to its input, given the output gradient `g`.
    pub fn conv2d_grad_input(g: &Self, w: &Self, x_shape: &[usize], spec: ConvSpec) -> Self {
        let (n, o, ho, wo) = dims4(g);
        let (_, c, k, _) = dims4(w);
        let (h, wd) = (x_shape[2], x_shape[3]);
        let mut dx: Tensor<S> = Tensor::zeros(x_shape);
        for (b, oc, i, j) in iter4(n, o, ho, wo) {
            for (ch, u, v) in iter3(c, k, k) {
                if let (Some(r), Some(s)) = (spec.source(i, u, h), spec.source(j, v, wd)) {
                    let at = dx.offset(&[b, ch, r, s]);
                    dx.data[at] = dx.data[at].add(&g.at(&[b, oc, i, j]).mul(w.at(&[oc, ch, u, v])));
                }
            }
        }
        dx
    }

    /// The gradient of `conv2d` with respect to its weight.
    pub fn conv2d_grad_weight(g: &Self, x: &Self, w_shape: &[usize], spec: ConvSpec) -> Self {
        let (n, o, ho, wo) = dims4(g);
        let (_, c, h, wd) = dims4(x);
        let k = w_shape[2];
        let mut dw: Tensor<S> = Tensor::zeros(w_shape);
        for (b, oc, i, j) in iter4(n, o, ho, wo) {
            for (ch, u, v) in iter3(c, k, k) {
                if let (Some(r), Some(s)) = (spec.source(i, u, h), spec.source(j, v, wd)) {
                    let at = dw.offset(&[oc, ch, u, v]);
                    dw.data[at] = dw.data[at].add(&g.at(&[b, oc, i, j]).mul(x.at(&[b, ch, r, s])));
                }
            }
        }
        dw
    }

    /// The gradient of `conv2d` with respect to its bias: the output gradient summed per channel.
    pub fn conv2d_grad_bias(g: &Self) -> Self {
        let (n, o, ho, wo) = dims4(g);
        let mut db: Tensor<S> = Tensor::zeros(&[o]);
        for (b, oc, i, j) in iter4(n, o, ho, wo) {
            db.data[oc] = db.data[oc].add(g.at(&[b, oc, i, j]));
        }
        db
    }
}
