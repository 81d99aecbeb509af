//! Small sampling helpers over the named generator (all draws go through `random_range`).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// A uniformly chosen element of a non-empty slice.
pub fn pick<T: Clone>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())].clone()
}

/// A uniform integer in `lo..=hi`.
pub fn int(rng: &mut ChaCha8Rng, lo: i64, hi: i64) -> i64 {
    rng.random_range(lo..=hi)
}

/// `true` with probability `num/den`.
pub fn chance(rng: &mut ChaCha8Rng, num: u32, den: u32) -> bool {
    rng.random_range(0..den) < num
}

/// A non-zero integer in `-m..=m`.
pub fn nonzero(rng: &mut ChaCha8Rng, m: i64) -> i64 {
    loop {
        let v = rng.random_range(-m..=m);
        if v != 0 {
            return v;
        }
    }
}

/// The first params from `draw` that pass `check` and whose checked form `keep` accepts.
pub fn redraw<P, C, E>(
    mut draw: impl FnMut() -> P,
    check: impl Fn(&P) -> Result<C, E>,
    keep: impl Fn(&C) -> bool,
) -> P {
    loop {
        let p = draw();
        if check(&p).is_ok_and(|c| keep(&c)) {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redraws_until_checked_and_kept() {
        let mut next = 0;
        let drawn = redraw(
            || {
                next += 1;
                next
            },
            |&n| if n % 2 == 0 { Ok(n * 10) } else { Err(()) },
            |&c| c > 30,
        );
        assert_eq!(
            (drawn, next),
            (4, 4),
            "2 checks but is not kept, 3 fails its check"
        );
    }
}
