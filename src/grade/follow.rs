//! Follow-through credit: a later answer that is right given the student's own earlier answers.

use super::key::KeyProblem;
use super::value::Given;

/// Whether answer `i` of `problem`, wrong against the key, is right given the student's own
/// earlier answers (`given`, by answer index).
pub fn credits(
    _problem: &KeyProblem,
    _i: usize,
    _answer: &Given,
    _given: &[Option<Given>],
) -> bool {
    false
}
