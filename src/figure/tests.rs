use super::*;

fn sample() -> Drawing {
    let mut d = Drawing::new(600, 300);
    d.rect(
        Pt(100, 50),
        120,
        80,
        Fill::Light,
        Some(Label::new("$A$", "A")),
    );
    d.line(vec![Pt(220, 90), Pt(400, 90)], true, Stroke::Accent);
    d.text(
        Pt(310, 60),
        Anchor::Center,
        Label::new(r"$G_1$ & <", "G₁ & <"),
    );
    d.items.push(Item::Circle {
        at: Pt(450, 90),
        r: 40,
        label: Some(Label::plain("+")),
    });
    d
}

#[test]
fn millimetres_print_with_one_fixed_decimal() {
    let shown: Vec<String> = [0, 5, -5, 120, -1234, 7]
        .iter()
        .map(|v| Mm(*v).to_string())
        .collect();
    assert_eq!(shown, ["0", "0.5", "-0.5", "12", "-123.4", "0.7"]);
}

#[test]
fn svg_is_xml_with_escaped_text_and_the_drawing_size() {
    let svg = sample().svg().to_string();
    let doc = roxmltree::Document::parse(&svg).expect("SVG parses");
    let root = doc.root_element();
    assert_eq!(root.attribute("viewBox"), Some("0 0 60 30"));
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(texts, ["A", "G₁ & <", "+"]);
    assert!(
        !svg.contains("\n\n"),
        "no blank line: a Markdown HTML block ends at one"
    );
    assert_eq!(svg, sample().svg().to_string(), "deterministic");
}

#[test]
fn tikz_is_one_balanced_picture_scaled_only_when_too_wide() {
    let tikz = sample().tikz().to_string();
    assert!(tikz.starts_with(r"\begin{tikzpicture}") && tikz.ends_with(r"\end{tikzpicture}"));
    assert_eq!(tikz.matches('{').count(), tikz.matches('}').count());
    assert!(tikz.contains(r"\node at (16,9) {$A$};"), "{tikz}");
    let mut wide = sample();
    wide.width = 1500;
    assert!(
        wide.tikz()
            .to_string()
            .starts_with(r"\resizebox{\linewidth}{!}{%")
    );
}

#[test]
fn the_check_finds_overlaps_escapes_and_labels_too_big_for_their_box() {
    assert_eq!(check(&sample()), Ok(()));
    let mut over = sample();
    over.text(Pt(300, 62), Anchor::Left, Label::plain("x"));
    assert!(check(&over).unwrap_err().contains("overlap"));
    let mut out = sample();
    out.text(Pt(590, 200), Anchor::Left, Label::plain("far"));
    assert!(check(&out).unwrap_err().contains("leaves the drawing"));
    let mut tight = sample();
    tight.rect(
        Pt(200, 200),
        30,
        50,
        Fill::None,
        Some(Label::plain("Conv2")),
    );
    assert!(check(&tight).unwrap_err().contains("does not fit"));
    let mut covered = sample();
    covered.text(Pt(160, 140), Anchor::Center, Label::plain("on A"));
    assert!(check(&covered).unwrap_err().contains("over a shape"));
}

#[test]
fn a_picture_too_tall_or_too_wide_is_scaled_by_the_limit_it_exceeds_most() {
    let tikz = |w, h| Drawing::new(w, h).tikz().to_string();
    let natural = Drawing::new(600, 900);
    assert!(!tikz(600, 900).contains(r"\resizebox"));
    assert_eq!(natural.printed_height(), 900);
    // Too tall: to 100 mm high.
    assert!(tikz(600, 1500).starts_with("\\resizebox{!}{100mm}{%\n\\begin{tikzpicture}"));
    assert!(tikz(600, 1500).ends_with(r"\end{tikzpicture}}"));
    assert_eq!(Drawing::new(600, 1500).printed_height(), 1000);
    // Too wide: to the line's width, its height in proportion.
    assert!(tikz(2000, 500).starts_with("\\resizebox{\\linewidth}{!}{%\n"));
    assert_eq!(Drawing::new(2000, 500).printed_height(), 415);
    // Both: the larger excess decides (15/10 > 1500/1400 here, 1600/1400 > 11/10 there).
    assert!(tikz(1500, 1500).starts_with(r"\resizebox{!}{100mm}"));
    assert!(tikz(1600, 1100).starts_with(r"\resizebox{\linewidth}"));
    let figure = |h| Figure {
        caption: String::new(),
        drawing: Drawing::new(600, h),
    };
    assert!((printed_cm(&[figure(900), figure(1500)]) - 20.0).abs() < 1e-9);
    assert_eq!(printed_cm(&[]), 0.0);
}

#[test]
fn a_grounded_text_hides_the_lines_beneath_it_in_both_back_ends() {
    let mut d = sample();
    d.grounded_text(Pt(300, 90), Anchor::Left, Label::new(r"$\theta_1$", "θ₁"));
    let svg = d.svg().to_string();
    let doc = roxmltree::Document::parse(&svg).expect("SVG parses");
    let grounded: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("paint-order") == Some("stroke"))
        .filter(|n| n.attribute("stroke") == Some("white"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        grounded,
        ["θ₁"],
        "only the grounded text has a white outline"
    );
    let tikz = d.tikz().to_string();
    assert_eq!(tikz.matches("fill=white,inner sep").count(), 1, "{tikz}");
    assert!(
        tikz.contains(r"\node[anchor=west,fill=white,inner sep=0.3mm] at (30,9) {$\theta_1$};"),
        "{tikz}"
    );
}
