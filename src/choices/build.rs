//! Building the options of a problem's numeric answers (the rules are in the module docs of
//! [`crate::choices`]).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::write::{self, Layout, entry};
use super::{ChoiceOption, Choices, letter};
use crate::grade::compare::Numbers;
use crate::grade::tolerance::accepts;
use crate::num::{DECIMAL_PLACES, Q, Real};
use crate::seed;
use crate::solution::{Answer, Grading, Problem, Tolerance};

/// One typical mistake and what a solver that makes it computes.
#[derive(Clone, Debug)]
pub struct Mistaken {
    /// The mistake in a few words (`no bias term`).
    pub mistake: &'static str,
    /// (answer id, its entries in reading order) for the answers the mistake computes.
    pub answers: Vec<(String, Vec<Q>)>,
}

impl Mistaken {
    /// A mistake with no answers yet.
    pub fn new(mistake: &'static str) -> Self {
        Mistaken {
            mistake,
            answers: Vec::new(),
        }
    }

    /// The same, with answer `id` computed as `values` (reading order).
    pub fn with(mut self, id: impl Into<String>, values: Vec<Q>) -> Self {
        self.answers.push((id.into(), values));
        self
    }

    /// The mistake's value of answer `id`, if it computes one.
    pub fn get(&self, id: &str) -> Option<&[Q]> {
        self.answers
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, v)| v.as_slice())
    }

    /// The mistake as every numeric answer of `answers` (a solution computed with it).
    pub fn from_answers(mistake: &'static str, answers: &[Answer]) -> Self {
        let mut m = Mistaken::new(mistake);
        for a in answers {
            if let Some(values) = entries(a) {
                m = m.with(a.id.clone(), values);
            }
        }
        m
    }
}

/// The numbers of an answer graded by value (exact where the key has them), in reading order.
pub fn entries(answer: &Answer) -> Option<Vec<Q>> {
    if answer.grading != Grading::Auto {
        return None;
    }
    Layout::of(answer)?;
    Numbers::of_key(&answer.value, answer.exact.as_ref()).map(|n| n.entries)
}

/// Gives every numeric answer of `problem` [`super::OPTIONS`] options from `mistakes`; the
/// right positions come from the problem's seed (see [`position`]).
pub fn attach(problem: &mut Problem, mistakes: &[Mistaken]) {
    let problem_seed = problem
        .seed
        .unwrap_or_else(|| seed::derive(0, &problem.params.to_string()));
    let mut rng = seed::rng(seed::derive(problem_seed, "choices"));
    let start = position(&mut rng, super::OPTIONS);
    let mut k = 0;
    for answer in &mut problem.answers {
        let at = (start + k) % super::OPTIONS;
        if let Some(choices) = options(answer, mistakes, super::OPTIONS, at, &mut rng) {
            answer.choices = Some(choices);
            k += 1;
        }
    }
}

/// The right option's position for a problem's first choice answer: uniform in `0..n`.
pub fn position(rng: &mut ChaCha8Rng, n: usize) -> usize {
    rng.random_range(0..n)
}

/// Whether every entry of `given` lies within the answer's tolerance of `key`.
fn within(tolerance: &Tolerance, key: &[Q], given: &[Q]) -> bool {
    key.len() == given.len()
        && key
            .iter()
            .zip(given)
            .enumerate()
            .all(|(i, (k, g))| accepts(tolerance.entry(i), k, &Real::Exact(g.clone())))
}

/// An option on its way: its LaTeX, the values it shows, and the mistake behind it.
struct Candidate {
    latex: String,
    shown: Vec<Q>,
    mistake: Option<&'static str>,
}

/// The options of one answer (`None` for an answer that is not numeric): `n` options, the
/// right one at `at`.
pub fn options(
    answer: &Answer,
    mistakes: &[Mistaken],
    n: usize,
    at: usize,
    rng: &mut ChaCha8Rng,
) -> Option<Choices> {
    let layout = Layout::of(answer)?;
    let right = entries(answer)?;
    if right.is_empty() {
        return None;
    }
    let tol = &answer.tolerance;
    // The places decimals are written to: four, or more when the tolerance asks for them.
    let places = (DECIMAL_PLACES..=12).find(|&p| {
        let shown: Vec<Q> = right.iter().map(|q| entry(q, p).1).collect();
        within(tol, &right, &shown)
    })?;
    let write = |values: &[Q], mistake| {
        let (texts, shown): (Vec<String>, Vec<Q>) = values.iter().map(|q| entry(q, places)).unzip();
        Candidate {
            latex: layout.latex(&texts),
            shown,
            mistake,
        }
    };
    let mut kept = vec![write(&right, None)];
    let offer = |values: &[Q], mistake: Option<&'static str>, kept: &mut Vec<Candidate>| {
        if kept.len() >= n || values.len() != right.len() {
            return;
        }
        let c = write(values, mistake);
        let close = |a: &[Q], b: &[Q]| within(tol, a, b) || within(tol, b, a);
        if close(&right, values)
            || close(&right, &c.shown)
            || kept
                .iter()
                .any(|k| k.latex == c.latex || close(&k.shown, &c.shown))
        {
            return;
        }
        kept.push(c);
    };
    for m in mistakes {
        if let Some(values) = m.get(&answer.id) {
            offer(values, Some(m.mistake), &mut kept);
        }
    }
    let integer = right.iter().all(Q::is_integer);
    let non_negative = right.iter().all(|q| !q.is_negative());
    for values in near(&right, integer, rng) {
        let fits = (!integer || values.iter().all(Q::is_integer))
            && (!non_negative || values.iter().all(|q| !q.is_negative()));
        if fits {
            offer(&values, None, &mut kept);
        }
    }
    // Last resort (never needed in the tests): ever larger steps on one entry.
    for k in 1..=400usize {
        let mut values = right.clone();
        let i = k % values.len();
        let step = if integer {
            Q::int(k as i64)
        } else {
            Q::frac(k as i64, 10) * (values[i].abs() + Q::one())
        };
        values[i] = &values[i] + &step;
        offer(&values, None, &mut kept);
    }
    let right_option = kept.remove(0);
    let at = at.min(kept.len());
    kept.insert(at, right_option);
    let options = kept
        .into_iter()
        .enumerate()
        .map(|(i, c)| ChoiceOption {
            letter: letter(i),
            value: write::numbers(&answer.value, &c.shown),
            exact: write::fractions(&answer.value, &c.shown),
            latex: c.latex,
            mistake: c.mistake.map(str::to_string),
        })
        .collect();
    Some(Choices {
        correct: letter(at),
        options,
    })
}

/// Plausible near values of `right`, in an order drawn by `rng`: the whole value doubled,
/// halved and negated; one entry moved one step up or down (the side drawn), another entry
/// moved a step (or, for a single number, the first entry two steps the same way), two entries
/// swapped; last, the first entry one step the other way. A step is 1 for integers, one unit of
/// the denominator for a fraction, 10% for a decimal. Moving one side first keeps the right
/// value from sitting in the middle of its options.
pub fn near(right: &[Q], integer: bool, rng: &mut ChaCha8Rng) -> Vec<Vec<Q>> {
    let map = |f: &dyn Fn(&Q) -> Q| right.iter().map(f).collect::<Vec<Q>>();
    let step = |x: &Q| -> Q {
        if integer {
            return Q::one();
        }
        match x.small_parts() {
            Some((_, d)) if d < 1000 && x.decimal_places(DECIMAL_PLACES).is_none() => Q::frac(1, d),
            _ if x.is_zero() => Q::frac(1, 10),
            _ => x.abs() * Q::frac(1, 10),
        }
    };
    let moved = |i: usize, by: Q| {
        let mut v = right.to_vec();
        v[i] = &v[i] + &by;
        v
    };
    let sign = |rng: &mut ChaCha8Rng| {
        if rng.random_range(0..2) == 0 {
            Q::one()
        } else {
            -Q::one()
        }
    };
    let mut out = vec![
        map(&|q| q * &Q::int(2)),
        map(&|q| q * &Q::frac(1, 2)),
        map(&|q| -q),
    ];
    let j = rng.random_range(0..right.len());
    let sj = sign(rng);
    out.push(moved(j, &sj * &step(&right[j])));
    if right.len() > 1 {
        let k = (j + 1 + rng.random_range(0..right.len() - 1)) % right.len();
        let sk = sign(rng);
        out.push(moved(k, &sk * &step(&right[k])));
        let mut v = right.to_vec();
        v.swap(j, k);
        out.push(v);
    } else {
        out.push(moved(j, &(&sj * &Q::int(2)) * &step(&right[j])));
    }
    for i in (1..out.len()).rev() {
        let r = rng.random_range(0..=i);
        out.swap(i, r);
    }
    out.push(moved(j, -(&sj * &step(&right[j]))));
    out
}
