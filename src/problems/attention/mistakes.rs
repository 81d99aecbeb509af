//! The typical mistakes of this family (TODO).

use super::Params;
use crate::problems::Mistaken;
use crate::solution::Answer;

/// The mistakes on `p`, in the order distractors are taken.
pub fn all(_p: &Params, _answers: &[Answer]) -> Vec<Mistaken> {
    Vec::new()
}
