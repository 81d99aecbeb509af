//! A sheet as a Moodle question bank: for each problem of the sheet, its category and
//! `--variants` questions.
//!
//! Problem `i` of a sheet with seed S is `generate_nth(family, S, i, ..)`; its category holds
//! the problems that `dlexam gen <family> --seed <its seed> --count N --variant <its variant>`
//! makes (the same variant and difficulty, other numbers, no two with the same params), so
//! variant 1 is the sheet's own problem.

use std::path::Path;

use crate::error::{Error, Result};
use crate::exam::slot_layout;
use crate::grade::weights::assign;
use crate::problems::{self, DistinctDraws};
use crate::render::moodle::Bank;
use crate::render::{Format, Renderer};
use crate::seed;
use crate::spec::{Slot, Spec};

/// The bank of a sheet as text: `variants` questions per slot, each slot at `difficulty` when
/// given (else its own).
pub fn bank(
    renderer: &Renderer,
    spec: &Spec,
    slots: &[Slot<'_>],
    base: u64,
    variants: u32,
    difficulty: Option<problems::Difficulty>,
) -> Result<String> {
    let titles = category_titles(slots);
    let mut bank = Bank::new(Vec::new(), Path::new("<memory>"))?;
    for (i, (slot, title)) in slots.iter().zip(&titles).enumerate() {
        let difficulty = difficulty.unwrap_or(slot.difficulty);
        let variant = problems::nth_variant(slot.family, base, i, difficulty, slot.variant);
        let mut draws =
            DistinctDraws::new(slot.family, seed::nth(base, i), difficulty, Some(variant));
        bank.category(&["dlexam", &spec.title, title])?;
        for v in 0..variants as usize {
            let mut problem = draws.draw(v)?;
            for answer in &mut problem.answers {
                answer.ask_places(slot.places);
            }
            if let Some(points) = slot.points {
                assign(&mut problem, points, slot.answer_points).map_err(|e| {
                    Error::invalid(format!(
                        "spec: problem {} ({}), variant {}: {e}",
                        i + 1,
                        problem.family,
                        v + 1
                    ))
                })?;
            }
            let placed = renderer.place(problem, slot_layout(slot), Format::Moodle)?;
            bank.question(&placed, slot.places)?;
        }
    }
    let bytes = bank.finish()?;
    Ok(String::from_utf8(bytes).expect("banks are written from UTF-8 text"))
}

/// Each slot's category name: its printed title (else its family's), with ` (2)`, ` (3)`, ...
/// after a title that an earlier slot already has, so every problem has its own category.
fn category_titles(slots: &[Slot<'_>]) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for slot in slots {
        let title = slot.title.unwrap_or(slot.family.title());
        let repeats = titles
            .iter()
            .filter(|t| *t == title || t.starts_with(&format!("{title} (")))
            .count();
        titles.push(if repeats == 0 {
            title.to_string()
        } else {
            format!("{title} ({})", repeats + 1)
        });
    }
    titles
}
