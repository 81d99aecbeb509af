//! The figures of every family, on many draws: each drawing passes the layout check
//! ([`crate::figure::check`]: labels inside, none overlapping), its SVG parses as XML with the
//! drawing's size, and every problem of a family shows the same kinds of figure (so `gen`, which
//! streams, may load TikZ from its first problem).

use super::{Difficulty, FAMILIES, generate_nth, variants_at};
use crate::figure::{Figure, check};

fn checked(family: &str, what: &str, figure: &Figure) {
    let d = &figure.drawing;
    if let Err(e) = check(d) {
        panic!("{family} {what}: {e}\n{}", d.svg());
    }
    let svg = d.svg().to_string();
    let doc = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|e| panic!("{family} {what}: SVG does not parse: {e}\n{svg}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(!svg.contains("\n\n"), "{family} {what}: blank line in SVG");
    assert_eq!(
        svg,
        d.svg().to_string(),
        "{family} {what}: not deterministic"
    );
    let tikz = d.tikz().to_string();
    assert_eq!(
        tikz.matches('{').count(),
        tikz.matches('}').count(),
        "{family} {what}: unbalanced TikZ\n{tikz}"
    );
    assert!(!figure.caption.is_empty());
}

#[test]
fn every_figure_is_laid_out_parses_and_every_problem_of_a_family_draws_the_same_kinds() {
    for family in FAMILIES {
        let mut kinds = None;
        for difficulty in Difficulty::ALL {
            for variant in variants_at(*family, difficulty) {
                for i in 0..12 {
                    let p = generate_nth(*family, 19, i, difficulty, Some(variant)).unwrap();
                    let what = format!("{difficulty} {variant} #{i}");
                    for f in p.question.figures.iter().chain(&p.solution.figures) {
                        checked(family.id(), &what, f);
                    }
                    let these = (p.question.figures.len(), p.solution.figures.len());
                    assert_eq!(
                        *kinds.get_or_insert(these),
                        these,
                        "{} {what}: (question, solution) figures differ from the family's first",
                        family.id()
                    );
                }
            }
        }
    }
}
