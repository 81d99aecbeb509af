//! The size rule of PyTorch's sliding-window layers (`Conv2d`, `MaxPool2d`, `AvgPool2d`,
//! `ConvTranspose2d`) along one spatial axis, in integers: shared by the families that walk
//! layers (`conv-cost`, `receptive-field`, `network`).

use crate::problems::params::Pair;

/// The largest size, kernel, stride, padding or dilation the layer-walking families accept, so
/// that integer size arithmetic never overflows (their products are computed exactly in `Q`).
pub const MAX_SIZE: i64 = 1_000_000;

/// Both values of a layer argument (kernel, stride, padding, dilation) as `[h, w]`, when each is
/// in `min..=MAX_SIZE`.
pub fn pair_within(v: Pair, min: i64) -> Option<[i64; 2]> {
    let both = [v.h(), v.w()];
    both.iter()
        .all(|x| (min..=MAX_SIZE).contains(x))
        .then_some(both)
}

/// Output length of a convolution or pooling window along one axis:
/// floor((n + 2p - d(k-1) - 1) / s) + 1, or `None` when the window does not fit the padded input.
/// Arguments must be in `1..=MAX_SIZE` (padding `0..=MAX_SIZE`).
pub fn window(n: i64, k: i64, s: i64, p: i64, d: i64) -> Option<i64> {
    let numer = n + 2 * p - d * (k - 1) - 1;
    (numer >= 0).then(|| numer / s + 1)
}

/// Whether [`window`] divides exactly (no floor drops a remainder).
pub fn window_exact(n: i64, k: i64, s: i64, p: i64, d: i64) -> bool {
    let numer = n + 2 * p - d * (k - 1) - 1;
    numer >= 0 && numer % s == 0
}

/// Output length of a transposed convolution along one axis:
/// (n - 1)s - 2p + d(k-1) + output_padding + 1, or `None` when below 1.
pub fn transposed(n: i64, k: i64, s: i64, p: i64, d: i64, output_padding: i64) -> Option<i64> {
    let o = (n - 1) * s - 2 * p + d * (k - 1) + output_padding + 1;
    (o >= 1).then_some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_within_bounds() {
        assert_eq!(pair_within(Pair::Two(2, 3), 1), Some([2, 3]));
        assert_eq!(pair_within(Pair::Same(0), 0), Some([0, 0]));
        assert_eq!(pair_within(Pair::Two(1, 0), 1), None);
        assert_eq!(pair_within(Pair::Same(MAX_SIZE + 1), 0), None);
    }

    #[test]
    fn alexnet_and_same_padding() {
        assert_eq!(window(227, 11, 4, 0, 1), Some(55));
        assert_eq!(window(224, 11, 4, 2, 1), Some(55));
        assert!(!window_exact(224, 11, 4, 2, 1));
        assert_eq!(window(32, 3, 1, 1, 1), Some(32));
        assert_eq!(window(2, 5, 1, 0, 1), None);
        assert_eq!(transposed(4, 4, 2, 1, 1, 0), Some(8));
    }
}
