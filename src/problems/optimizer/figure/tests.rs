use super::super::{Optimizer, Params};
use super::place::clip;
use super::plane::ticks;
use super::steps::{PANEL_H, bounds_labels};
use crate::figure::{Figure, Item, check, sub};
use crate::num::Q;
use crate::problems::{Difficulty, Family, Solved};

/// The solution's figure of `variant` at `difficulty`, seed `seed`.
fn drawn(seed: u64, d: Difficulty, variant: &str) -> (Params, Figure) {
    let mut rng = crate::seed::rng(crate::seed::derive(seed, &format!("fig/{variant}/{d}")));
    let (p, solved) = Optimizer::sample_solved(&mut rng, d, Some(variant));
    let solved: Solved = solved.unwrap();
    (p, solved.solution.figures[0].clone())
}

/// Which picture a caption names.
fn kind(f: &Figure) -> &'static str {
    match f.caption.as_str() {
        c if c.starts_with("The θ-plane") => "plane",
        c if c.starts_with("The loss") => "parabola",
        _ => "steps",
    }
}

#[test]
fn every_figure_of_a_large_sample_is_laid_out_parses_and_repeats() {
    let mut kinds = std::collections::BTreeMap::new();
    for d in Difficulty::ALL {
        for variant in Optimizer::VARIANTS {
            for seed in 0..80 {
                let (p, f) = drawn(seed, d, variant);
                let svg = f.drawing.svg().to_string();
                if let Err(e) = check(&f.drawing) {
                    panic!("{d} {variant} seed {seed}: {e}\n{p:?}\n{svg}");
                }
                roxmltree::Document::parse(&svg)
                    .unwrap_or_else(|e| panic!("{d} {variant} seed {seed}: {e}\n{svg}"));
                assert_eq!(
                    drawn(seed, d, variant).1,
                    f,
                    "{d} {variant} seed {seed}: not deterministic"
                );
                let quadratic = variant.ends_with("-quadratic");
                let dim = p.theta.len();
                let k = kind(&f);
                let steps = p.steps.as_ref().map_or(0, |s| s.0 as usize);
                let steps = p.grads.as_ref().map_or(steps, Vec::len);
                shows_every_step(&f, k, dim, steps, &format!("{d} {variant} seed {seed}"));
                // A plane only for a quadratic in two parameters, a parabola in one.
                match k {
                    "plane" => assert!(quadratic && dim == 2, "{d} {variant} seed {seed}"),
                    "parabola" => assert!(quadratic && dim == 1, "{d} {variant} seed {seed}"),
                    _ => {}
                }
                *kinds.entry((d.to_string(), quadratic, dim, k)).or_insert(0) += 1;
            }
        }
    }
    for (key, n) in &kinds {
        eprintln!("{key:?}: {n}");
    }
}

/// The dots of a drawing (centre, radius), in drawing order.
fn dots(f: &Figure) -> Vec<(i32, i32)> {
    f.drawing
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Circle {
                at, label: None, ..
            } => Some((at.0, at.1)),
            _ => None,
        })
        .collect()
}

/// The texts of a drawing.
fn texts(f: &Figure) -> Vec<String> {
    f.drawing
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { label, .. } => Some(label.text.clone()),
            _ => None,
        })
        .collect()
}

/// A plane or a parabola shows a dot and a label for every iterate and the minimiser; panels
/// show each parameter's dots spread over at least a third of its panel (no flat line).
fn shows_every_step(f: &Figure, kind: &str, dim: usize, k: usize, what: &str) {
    let dots = dots(f);
    if kind == "steps" {
        let shown = dim.min(3);
        assert_eq!(dots.len(), shown * (k + 1), "{what}");
        for panel in dots.chunks(k + 1) {
            let (lo, hi) = panel
                .iter()
                .fold((i32::MAX, i32::MIN), |(l, h), d| (l.min(d.1), h.max(d.1)));
            assert!(hi - lo >= PANEL_H / 3, "{what}: a flat line ({lo}..{hi})");
        }
    } else {
        assert_eq!(dots.len(), k + 1, "{what}");
        let texts = texts(f);
        for t in 0..=k {
            let name = sub("θ", &t.to_string());
            assert!(texts.contains(&name), "{what}: no label {name}");
        }
        assert!(texts.iter().any(|t| t == "c"), "{what}: no minimiser");
    }
}

#[test]
fn clipping_keeps_the_part_of_a_segment_inside_the_box() {
    let unit = ((0.0, 1.0), (0.0, 1.0));
    assert_eq!(
        clip((-1.0, 0.5), (3.0, 0.5), unit.0, unit.1),
        Some((0.25, 0.5))
    );
    assert_eq!(
        clip((0.2, 0.2), (0.4, 0.8), unit.0, unit.1),
        Some((0.0, 1.0))
    );
    assert_eq!(clip((2.0, 0.0), (2.0, 1.0), unit.0, unit.1), None);
    assert_eq!(
        clip((-1.0, 1.5), (1.5, -1.0), unit.0, unit.1).map(|t| t.0),
        Some(0.4)
    );
}

#[test]
fn ticks_are_round_apart_and_inside_the_range() {
    let shown = |t: Vec<(f64, crate::figure::Label)>| -> Vec<String> {
        t.into_iter().map(|(_, l)| l.text).collect()
    };
    // 5 mm to a unit: a tick every 2 (10 mm).
    assert_eq!(
        shown(ticks((-4.3, 5.7), 50.0, 60, true)),
        ["-4", "-2", "0", "2", "4"]
    );
    // 40 mm to a unit: up, every 0.2; across, 8 mm cannot hold "0.2" with room: every 0.5.
    assert_eq!(
        shown(ticks((0.0, 1.0), 400.0, 60, false)),
        ["0", "0.2", "0.4", "0.6", "0.8", "1"]
    );
    assert_eq!(shown(ticks((0.0, 1.0), 400.0, 60, true)), ["0", "0.5", "1"]);
    let fine = ticks((1.23, 1.31), 10_000.0, 70, false);
    assert!(fine.len() >= 5 && fine.iter().all(|(v, _)| (1.23..=1.31).contains(v)));
}

#[test]
fn the_ends_of_a_panel_are_told_apart_with_the_same_places() {
    let q = |s: &str| s.parse::<Q>().unwrap();
    assert_eq!(bounds_labels(&q("1"), &q("2")), ("1".into(), "2".into()));
    assert_eq!(
        bounds_labels(&q("1"), &q("3/2")),
        ("1.0".into(), "1.5".into())
    );
    assert_eq!(
        bounds_labels(&q("5/12"), &q("1/2")),
        ("0.42".into(), "0.50".into())
    );
    assert_eq!(
        bounds_labels(&q("-1.9"), &q("-1.8")),
        ("-1.9".into(), "-1.8".into())
    );
    // 1.4999 against 1.5: 1.50 twice at two places, so three.
    let (lo, hi) = bounds_labels(&q("14999/10000"), &q("3/2"));
    assert_eq!((lo.as_str(), hi.as_str()), ("1.4999", "1.5000"));
    assert_eq!(
        bounds_labels(&q("-19/10"), &q("-1899/1000")),
        ("-1.900".into(), "-1.899".into())
    );
}

/// The accent lines (the steps) of a plane of `thetas` on f = (x - 0)^2 + (y - 1)^2.
fn step_lines(thetas: &[[&str; 2]]) -> Vec<Vec<crate::figure::Pt>> {
    let q = |s: &str| s.parse::<Q>().unwrap();
    let one = [Q::one(), Q::one()];
    let c = [Q::zero(), Q::one()];
    let thetas: Vec<Vec<Q>> = thetas.iter().map(|t| vec![q(t[0]), q(t[1])]).collect();
    let plot = super::curves::level(&one, &c, &thetas);
    check(&plot.d).unwrap();
    plot.d
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Line {
                points,
                stroke: crate::figure::Stroke::Accent,
                ..
            } => Some(points.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_step_back_along_an_earlier_one_is_bent_inside_the_plot() {
    // RMSProp, lr 1, beta2 0.96 from (2.5, -1.5): out to (-2.5, 3.5), back to (15/14, -1/14),
    // which lies on the first step.
    let lines = step_lines(&[["2.5", "-1.5"], ["-2.5", "3.5"], ["15/14", "-1/14"]]);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].len(), 2, "the first step is straight");
    let bent = &lines[1];
    assert!(bent.len() > 2, "the step back is bent: {bent:?}");
    // Its middle is well off the first step's line.
    let (a, b) = (lines[0][0], lines[0][1]);
    let m = bent[bent.len() / 2];
    let (ux, uy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let off = (f64::from(m.0 - a.0) * uy - f64::from(m.1 - a.1) * ux).abs() / ux.hypot(uy);
    assert!(off >= 20.0, "{off}");
    // Steps that turn stay straight.
    let turning = step_lines(&[["2", "-1"], ["1", "1"], ["0", "2"]]);
    assert!(turning.iter().all(|l| l.len() == 2), "{turning:?}");
}

#[test]
fn a_label_with_no_place_off_every_line_sits_over_one_and_says_so() {
    use super::place::Placer;
    use crate::figure::check::Bounds;
    use crate::figure::{Label, Pt};
    let label = Label::new(r"$\theta_1$", "θ₁");
    let dot = Pt(500, 500);
    let away = (1.0, 0.0);
    let mut open = Placer::new(Bounds(0, 0, 1000, 1000));
    let place = open.place(dot, 8, away, &label).expect("a place");
    assert!(!place.over_line);
    // Horizontal lines every 2 mm across the whole area: no place is clear of them.
    let mut ruled = Placer::new(Bounds(0, 0, 1000, 1000));
    for y in (0..=1000).step_by(20) {
        ruled.lines(&[Pt(0, y), Pt(1000, y)]);
    }
    let over = ruled.place(dot, 8, away, &label).expect("a place");
    assert!(over.over_line);
    assert_eq!(
        (over.at, over.anchor),
        (place.at, place.anchor),
        "the first free place"
    );
}
