//! Problem families: one folder each (`mod.rs` with the [`Family`] impl, `params.rs`,
//! `sample.rs`, `solve.rs`, `question.rs`, `text.rs`, `tests.rs`), and the one registry
//! ([`FAMILIES`]) that `list`, `gen`, `solve`, sheets, templates and tests walk.

mod attention;
mod batch_norm;
mod bce_backprop;
pub mod choice;
mod conv_cost;
mod conv_output;
mod conv_params;
mod dropout;
#[cfg(test)]
mod figures;
mod format;
pub mod layer_size;
mod log_num;
pub mod nested;
mod network;
mod optimizer;
pub mod params;
mod receptive_field;
mod regularization;
mod resblock;
#[cfg(test)]
mod robustness;
pub mod sample;
mod softmax_ce;
#[cfg(test)]
mod varied;

use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use crate::choices::build::Mistaken;
use crate::error::{Error, Result};
use crate::seed;
use crate::solution::{Answer, Problem, Question, Solution};

/// Families sample at a difficulty; the model ([`crate::solution`]) owns the type.
pub use crate::solution::Difficulty;

/// What a family's solver returns: everything of a [`Problem`] but its identity.
#[derive(Clone, Debug)]
pub struct Solved {
    /// The variant the params describe.
    pub variant: String,
    /// The statement.
    pub question: Question,
    /// The answers.
    pub answers: Vec<Answer>,
    /// The worked solution.
    pub solution: Solution,
}

#[cfg(test)]
impl Solved {
    /// The value of answer `id` as compact JSON text (tests compare it with a literal).
    pub fn answer_text(&self, id: &str) -> String {
        self.answers
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("no answer {id}"))
            .value
            .to_string()
    }
}

/// A problem family, written with typed params. Implement this; the registry sees it
/// through [`DynFamily`].
pub trait Family: Sync {
    /// The params: the JSON contract of `dlexam solve` (serde, unknown fields refused).
    type Params: Serialize + DeserializeOwned;
    /// Kebab-case id used on the command line (`conv-params`).
    const ID: &'static str;
    /// One-line title.
    const TITLE: &'static str;
    /// Variant names, for `--variant`.
    const VARIANTS: &'static [&'static str];
    /// The source of the question template, `include_str!` of
    /// `templates/<snake_id>/question.md`; `--templates DIR` overrides it by that name.
    const QUESTION_TEMPLATE: &'static str;
    /// Answer ids that are few-valued by nature (`skip_input`, a bias count): exempt from the
    /// rule that no answer is shared by more than 10% of a class (see [`crate::variety`]). An
    /// entry ending in `*` names every id with that prefix (`macs_*`). The family's doc says why.
    const FEW_VALUED: &'static [&'static str] = &[];
    /// Variants whose space is too small for 150 distinct answer sets in 200 draws at some
    /// difficulty; the family's doc says why. `exam` warns before a class repeats one.
    const SMALL_VARIANTS: &'static [&'static str] = &[];
    /// Variants that cannot be calculator-free: not offered at `exam` (asking for one there is
    /// refused; `practice` and `hard` have them). The family's doc says why.
    const PRACTICE_ONLY: &'static [&'static str] = &[];

    /// Draws a valid variant (redrawing until the family's rules hold). `variant` is one of
    /// [`Family::VARIANTS`] or `None` for any.
    fn sample(rng: &mut ChaCha8Rng, difficulty: Difficulty, variant: Option<&str>) -> Self::Params;

    /// Checks and solves the params.
    fn solve(params: &Self::Params) -> Result<Solved>;

    /// The family's typical mistakes on these params (its `mistakes.rs`, listed in its docs):
    /// each what a solver making that mistake computes for the answers it changes, given the
    /// right `answers`. They are the distractors of `--choices` ([`crate::choices`]).
    fn mistakes(params: &Self::Params, answers: &[Answer]) -> Vec<Mistaken>;

    /// Draws params as [`Family::sample`] does (the same params from the same `rng`) and solves
    /// them. A family whose sampler already solves its candidates to check them overrides this
    /// to hand that solution back instead of solving the same params twice.
    fn sample_solved(
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> (Self::Params, Result<Solved>) {
        let params = Self::sample(rng, difficulty, variant);
        let solved = Self::solve(&params);
        (params, solved)
    }
}

/// A family as the registry sees it: params as JSON.
pub trait DynFamily: Sync {
    /// Kebab-case id.
    fn id(&self) -> &'static str;
    /// One-line title.
    fn title(&self) -> &'static str;
    /// Variant names.
    fn variants(&self) -> &'static [&'static str];
    /// The source of the question template.
    fn question_template(&self) -> &'static str;
    /// Answer ids few-valued by nature (see [`Family::FEW_VALUED`]).
    fn few_valued(&self) -> &'static [&'static str];
    /// Variants too small for 150 distinct answer sets in 200 draws (see
    /// [`Family::SMALL_VARIANTS`]).
    fn small_variants(&self) -> &'static [&'static str];
    /// Variants not offered at `exam` (see [`Family::PRACTICE_ONLY`]).
    fn practice_only(&self) -> &'static [&'static str];
    /// Samples params as JSON.
    fn sample_json(
        &self,
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> Value;
    /// Parses (strictly) and solves JSON params.
    fn solve_json(&self, params: &Value) -> Result<Solved>;
    /// Samples params as JSON, as [`DynFamily::sample_json`] does, together with their
    /// solution (as [`DynFamily::solve_json`] gives it for those params).
    fn sample_solved_json(
        &self,
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> (Value, Result<Solved>);
    /// The typical mistakes (see [`Family::mistakes`]) on JSON params; none when they do not
    /// parse.
    fn mistakes_json(&self, params: &Value, answers: &[Answer]) -> Vec<Mistaken>;
}

/// Adapter from a typed [`Family`] to [`DynFamily`].
pub struct Registered<F>(std::marker::PhantomData<F>);

impl<F: Family> DynFamily for Registered<F> {
    fn id(&self) -> &'static str {
        F::ID
    }
    fn title(&self) -> &'static str {
        F::TITLE
    }
    fn variants(&self) -> &'static [&'static str] {
        F::VARIANTS
    }
    fn question_template(&self) -> &'static str {
        F::QUESTION_TEMPLATE
    }
    fn few_valued(&self) -> &'static [&'static str] {
        F::FEW_VALUED
    }
    fn small_variants(&self) -> &'static [&'static str] {
        F::SMALL_VARIANTS
    }
    fn practice_only(&self) -> &'static [&'static str] {
        F::PRACTICE_ONLY
    }
    fn sample_json(
        &self,
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> Value {
        let params = F::sample(rng, difficulty, variant);
        serde_json::to_value(&params).expect("params serialize to JSON")
    }
    fn solve_json(&self, params: &Value) -> Result<Solved> {
        let typed: F::Params = params::from_json(F::ID, params)?;
        F::solve(&typed)
    }
    fn sample_solved_json(
        &self,
        rng: &mut ChaCha8Rng,
        difficulty: Difficulty,
        variant: Option<&str>,
    ) -> (Value, Result<Solved>) {
        let (params, solved) = F::sample_solved(rng, difficulty, variant);
        let json = serde_json::to_value(&params).expect("params serialize to JSON");
        (json, solved)
    }
    fn mistakes_json(&self, params: &Value, answers: &[Answer]) -> Vec<Mistaken> {
        params::from_json::<F::Params>(F::ID, params)
            .map(|p| F::mistakes(&p, answers))
            .unwrap_or_default()
    }
}

const fn register<F: Family>() -> Registered<F> {
    Registered(std::marker::PhantomData)
}

/// Every family, in the order of the seed exam. Adding a family = its folder, its template
/// folder, its oracle file, one line here and its snapshots (CONTRIBUTING.md, "Adding a family").
pub static FAMILIES: &[&dyn DynFamily] = &[
    &register::<conv_params::ConvParams>(),
    &register::<conv_output::ConvOutput>(),
    &register::<bce_backprop::BceBackprop>(),
    &register::<optimizer::Optimizer>(),
    &register::<resblock::Resblock>(),
    &register::<conv_cost::ConvCost>(),
    &register::<receptive_field::ReceptiveField>(),
    &register::<network::Network>(),
    &register::<batch_norm::BatchNorm>(),
    &register::<softmax_ce::SoftmaxCe>(),
    &register::<regularization::Regularization>(),
    &register::<dropout::Dropout>(),
    &register::<attention::Attention>(),
];

/// Every family's question template as (family id, source), for [`crate::render::Renderer::new`].
pub fn question_templates() -> Vec<(&'static str, &'static str)> {
    FAMILIES
        .iter()
        .map(|f| (f.id(), f.question_template()))
        .collect()
}

/// Whether answer `id` is among `few_valued` (see [`Family::FEW_VALUED`]; `macs_*` matches
/// `macs_3`).
pub fn is_few_valued(few_valued: &[&str], id: &str) -> bool {
    few_valued.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix),
        None => *p == id,
    })
}

/// Looks a family up by its id.
pub fn find(id: &str) -> Result<&'static dyn DynFamily> {
    FAMILIES
        .iter()
        .copied()
        .find(|f| f.id() == id)
        .ok_or_else(|| {
            let known: Vec<&str> = FAMILIES.iter().map(|f| f.id()).collect();
            Error::invalid(format!(
                "unknown family `{id}`: expected one of {}",
                known.join(", ")
            ))
        })
}

/// Checks that `variant` is one of the family's variants.
pub fn check_variant(family: &dyn DynFamily, variant: &str) -> Result<()> {
    if family.variants().contains(&variant) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "--variant `{variant}` is not a variant of {}: expected one of {}",
            family.id(),
            family.variants().join(", ")
        )))
    }
}

/// The variants offered at `difficulty`: all but the practice-only ones at `exam`.
pub fn offered(
    variants: &[&'static str],
    practice_only: &[&str],
    difficulty: Difficulty,
) -> Vec<&'static str> {
    variants
        .iter()
        .copied()
        .filter(|v| difficulty != Difficulty::Exam || !practice_only.contains(v))
        .collect()
}

/// The variants of `family` offered at `difficulty` (see [`offered`]).
pub fn variants_at(family: &dyn DynFamily, difficulty: Difficulty) -> Vec<&'static str> {
    offered(family.variants(), family.practice_only(), difficulty)
}

/// Checks that `variant` is offered at `difficulty` (a practice-only variant is not
/// calculator-free, so not at `exam`).
pub fn check_offered(family: &dyn DynFamily, variant: &str, difficulty: Difficulty) -> Result<()> {
    if difficulty == Difficulty::Exam && family.practice_only().contains(&variant) {
        return Err(Error::invalid(format!(
            "variant `{variant}` of {} at difficulty exam: it cannot be solved without a calculator, \
             so it is offered at practice and hard only",
            family.id()
        )));
    }
    Ok(())
}

/// The error for sampled params that do not solve: a bug in the sampler, not bad input.
pub fn sampler_bug(family: &dyn DynFamily, seed: u64, params: &Value, error: &Error) -> Error {
    Error::Tool(format!(
        "internal error: {} seed {seed} sampled invalid params {params}: {error}",
        family.id()
    ))
}

/// Samples and solves one problem from a seed.
pub fn generate(
    family: &dyn DynFamily,
    problem_seed: u64,
    difficulty: Difficulty,
    variant: Option<&str>,
) -> Result<Problem> {
    let mut rng = seed::rng(problem_seed);
    let (params, solved) = family.sample_solved_json(&mut rng, difficulty, variant);
    let solved = solved.map_err(|e| sampler_bug(family, problem_seed, &params, &e))?;
    Ok(sampled(family, problem_seed, difficulty, params, solved))
}

/// The problem of params sampled from `problem_seed` and their solution: what [`generate`]
/// gives for that seed.
pub fn sampled(
    family: &dyn DynFamily,
    problem_seed: u64,
    difficulty: Difficulty,
    params: Value,
    solved: Solved,
) -> Problem {
    assemble(family, Some(problem_seed), difficulty, params, solved)
}

/// The `index`-th problem of a batch made from `base` (`gen --count`, sheets): seed
/// [`seed::nth`]`(base, index)`, and the variant [`nth_variant`] picks.
pub fn generate_nth(
    family: &dyn DynFamily,
    base: u64,
    index: usize,
    difficulty: Difficulty,
    variant: Option<&str>,
) -> Result<Problem> {
    let chosen = nth_variant(family, base, index, difficulty, variant);
    generate(family, seed::nth(base, index), difficulty, Some(chosen))
}

/// The variant of the `index`-th problem of a batch made from `base`: `variant` when one is
/// asked for, else the family's variants offered at `difficulty` taken round-robin in an order shuffled by `base`, so a
/// batch of n problems covers min(n, #variants) different variants.
pub fn nth_variant<'v>(
    family: &dyn DynFamily,
    base: u64,
    index: usize,
    difficulty: Difficulty,
    variant: Option<&'v str>,
) -> &'v str {
    match variant {
        Some(v) => v,
        None => {
            let mut order: Vec<&'static str> = variants_at(family, difficulty);
            let mut rng = seed::rng(seed::derive(base, &format!("variants/{}", family.id())));
            for i in (1..order.len()).rev() {
                let j = sample::int(&mut rng, 0, i as i64) as usize;
                order.swap(i, j);
            }
            order[index % order.len()]
        }
    }
}

/// Most redraws [`generate_distinct`] tries for one problem before it accepts a repeat.
pub const MAX_BATCH_REDRAWS: u32 = 64;

/// `count` problems from `base`, as `gen --count` makes them: problem `index` is
/// [`generate_nth`]'s, unless its params equal those of an earlier problem of the batch; then
/// it is redrawn (same variant, seed `seed::derive(seed::nth(base, index), "redraw/<r>")` for
/// r = 1, 2, ...) until the params are new. Only when [`MAX_BATCH_REDRAWS`] redraws all repeat
/// (the variant has run out of new problems) is the first draw kept.
pub fn generate_distinct(
    family: &dyn DynFamily,
    base: u64,
    count: usize,
    difficulty: Difficulty,
    variant: Option<&str>,
) -> Result<Vec<Problem>> {
    let mut draws = DistinctDraws::new(family, base, difficulty, variant);
    (0..count).map(|index| draws.draw(index)).collect()
}

/// The problems of [`generate_distinct`], one at a time (so `gen` can write each as it comes):
/// it keeps only the params of the problems drawn so far.
pub struct DistinctDraws<'a> {
    family: &'a dyn DynFamily,
    base: u64,
    difficulty: Difficulty,
    variant: Option<&'a str>,
    seen: std::collections::HashSet<String>,
}

impl<'a> DistinctDraws<'a> {
    /// Draws of `family` from `base`, as `gen --seed base` makes them.
    pub fn new(
        family: &'a dyn DynFamily,
        base: u64,
        difficulty: Difficulty,
        variant: Option<&'a str>,
    ) -> Self {
        DistinctDraws {
            family,
            base,
            difficulty,
            variant,
            seen: std::collections::HashSet::new(),
        }
    }

    /// Problem `index` of the batch (call with 0, 1, 2, ... in order).
    pub fn draw(&mut self, index: usize) -> Result<Problem> {
        let chosen = nth_variant(self.family, self.base, index, self.difficulty, self.variant);
        let first_seed = seed::nth(self.base, index);
        let mut kept = None;
        for r in 0..=MAX_BATCH_REDRAWS {
            let problem_seed = if r == 0 {
                first_seed
            } else {
                seed::derive(first_seed, &format!("redraw/{r}"))
            };
            let problem = generate(self.family, problem_seed, self.difficulty, Some(chosen))?;
            let fresh = !self.seen.contains(&problem.params.to_string());
            if fresh || kept.is_none() {
                kept = Some(problem);
            }
            if fresh {
                break;
            }
        }
        let problem = kept.expect("at least one draw");
        self.seen.insert(problem.params.to_string());
        Ok(problem)
    }
}

/// Solves user-given params.
pub fn solve(family: &dyn DynFamily, params: &Value, difficulty: Difficulty) -> Result<Problem> {
    let solved = family.solve_json(params)?;
    let canonical = params.clone();
    Ok(assemble(family, None, difficulty, canonical, solved))
}

fn assemble(
    family: &dyn DynFamily,
    seed: Option<u64>,
    difficulty: Difficulty,
    params: Value,
    solved: Solved,
) -> Problem {
    Problem {
        family: family.id().to_string(),
        title: family.title().to_string(),
        seed,
        variant: solved.variant,
        difficulty,
        params,
        question: solved.question,
        answers: solved.answers,
        solution: solved.solution,
    }
}

#[cfg(test)]
mod tests {
    use super::is_few_valued;

    #[test]
    fn few_valued_ids_match_exactly_or_by_prefix() {
        let few = ["biases", "macs_*"];
        assert!(is_few_valued(&few, "biases"));
        assert!(is_few_valued(&few, "macs_3"));
        assert!(!is_few_valued(&few, "macs"));
        assert!(!is_few_valued(&few, "biases_1"));
    }

    use super::*;

    /// Every family, difficulty and variant samples params that solve, that name their own
    /// variant, and that survive a JSON round trip (`solve --params` reproduces the problem).
    #[test]
    fn every_sampled_variant_solves_and_round_trips() {
        for family in FAMILIES {
            for difficulty in Difficulty::ALL {
                for variant in variants_at(*family, difficulty) {
                    for i in 0..15 {
                        let problem_seed = seed::derive(i, &format!("{}/{variant}", family.id()));
                        let p = generate(*family, problem_seed, difficulty, Some(variant))
                            .unwrap_or_else(|e| {
                                panic!("{} {difficulty} {variant}: {e}", family.id())
                            });
                        assert_eq!(&p.variant, variant, "{} params {}", family.id(), p.params);
                        let text = p.params.to_string();
                        let reparsed: Value = serde_json::from_str(&text).unwrap();
                        let again = solve(*family, &reparsed, difficulty).unwrap();
                        let answers = |q: &Problem| serde_json::to_string(&q.answers).unwrap();
                        assert_eq!(answers(&p), answers(&again), "{} {text}", family.id());
                    }
                }
            }
        }
    }

    /// `sample_solved_json` draws the same params as `sample_json` and hands back exactly what
    /// solving them after a JSON round trip gives (the text `solve --params` would read), so
    /// `generate` may take its solution instead of solving again.
    #[test]
    fn sample_solved_matches_sample_then_solve() {
        let text = |s: &Solved| {
            serde_json::to_string(&(&s.variant, &s.question, &s.answers, &s.solution)).unwrap()
        };
        for family in FAMILIES {
            for difficulty in Difficulty::ALL {
                let variants = variants_at(*family, difficulty).into_iter().map(Some);
                for variant in variants.chain([None]) {
                    for i in 0..40 {
                        let name = format!("{}/{variant:?}/{difficulty}", family.id());
                        let problem_seed = seed::derive(i, &name);
                        let (params, solved) = family.sample_solved_json(
                            &mut seed::rng(problem_seed),
                            difficulty,
                            variant,
                        );
                        let alone =
                            family.sample_json(&mut seed::rng(problem_seed), difficulty, variant);
                        assert_eq!(params, alone, "{name} seed {i}");
                        let reparsed: Value = serde_json::from_str(&params.to_string()).unwrap();
                        let again = family.solve_json(&reparsed).unwrap();
                        let solved = solved.unwrap_or_else(|e| panic!("{name} {params}: {e}"));
                        assert_eq!(text(&solved), text(&again), "{name} {params}");
                    }
                }
            }
        }
    }

    /// `gen --count` never repeats a problem while the variant has new ones: 200 problems of
    /// every family and variant are 200 different params (where the variant has that many).
    #[test]
    fn a_batch_never_repeats_params() {
        for family in FAMILIES {
            for variant in variants_at(*family, Difficulty::Exam) {
                let batch =
                    generate_distinct(*family, 5, 200, Difficulty::Exam, Some(variant)).unwrap();
                let distinct: std::collections::HashSet<String> =
                    batch.iter().map(|p| p.params.to_string()).collect();
                let first = generate_nth(*family, 5, 0, Difficulty::Exam, Some(variant)).unwrap();
                assert_eq!(batch[0].params, first.params, "{} {variant}", family.id());
                if !family.small_variants().contains(&variant) {
                    assert_eq!(distinct.len(), 200, "{} {variant}", family.id());
                }
            }
        }
    }

    #[test]
    fn unknown_family_is_named() {
        let e = find("conv-parameters").err().unwrap().to_string();
        assert!(
            e.contains("conv-parameters") && e.contains("conv-params"),
            "{e}"
        );
    }
}
