//! Deterministic randomness: the named generator and the documented sub-seed derivation.
//!
//! Every random choice in dlexam comes from a [`ChaCha8Rng`] seeded with a `u64`. Sub-seeds
//! (the i-th problem of a batch, a student of an exam) are derived by [`derive`]: FNV-1a (64-bit)
//! over the parent seed's 8 little-endian bytes followed by the label's UTF-8 bytes, then one
//! SplitMix64 finalisation round. The function is fixed forever for a given major version:
//! changing it changes every answer key.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// The generator for a seed.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// The sub-seed for `label` under `parent` (see the module docs for the exact function).
pub fn derive(parent: u64, label: &str) -> u64 {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = FNV_OFFSET;
    for byte in parent.to_le_bytes().iter().chain(label.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    splitmix64(hash)
}

/// The seed of the `index`-th problem of a batch made from `seed` (index 0 is `seed` itself,
/// so `--count 1` and the first of `--count 5` agree).
pub fn nth(seed: u64, index: usize) -> u64 {
    if index == 0 {
        seed
    } else {
        derive(seed, &format!("problem/{index}"))
    }
}

/// A seed when the user gave none: from the clock and the process id, below 1,000,000 so it
/// is easy to type (the caller reports it, so the output can be made again).
pub fn fresh() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    derive(nanos ^ u64::from(std::process::id()), "fresh") % 1_000_000
}

/// SplitMix64's finaliser: spreads the bits of a hash.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_is_pinned() {
        // These numbers are part of the answer-key contract: they must never change.
        assert_eq!(derive(42, "problem/1"), 13_087_079_975_353_531_702);
        assert_ne!(derive(1, "a"), derive(1, "b"));
        assert_ne!(derive(1, "a"), derive(2, "a"));
        assert_eq!(nth(42, 0), 42);
    }
}
