//! Figures end to end: SVG files beside a Markdown file (never replacing one without --force),
//! inline SVG on stdout, SVG text in JSON, TikZ loaded only by documents that show a figure, and
//! `--no-figures` leaving every trace out.

use crate::common::{dlexam, stdout_of, temp_dir, usage_error};

fn svg_parses(text: &str) {
    let doc = roxmltree::Document::parse(text).expect("SVG parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
}

#[test]
fn markdown_files_get_numbered_svg_files_beside_them_and_never_replace_one_silently() {
    let dir = temp_dir("figures-md");
    let md = dir.join("p.md");
    let md_arg = md.to_str().unwrap();
    let args = [
        "gen",
        "resblock",
        "--seed",
        "4",
        "--count",
        "2",
        "--solutions",
        "-o",
        md_arg,
    ];
    stdout_of(&args);
    let text = std::fs::read_to_string(&md).unwrap();
    // Two problems, each with a figure in the question and one in the solution.
    for n in 1..=4 {
        let name = format!("p-fig-{n}.svg");
        assert!(text.contains(&format!("]({name})")), "{name} referenced");
        svg_parses(&std::fs::read_to_string(dir.join(&name)).unwrap());
    }
    assert!(!dir.join("p-fig-5.svg").exists() && !text.contains("<svg"));
    // The same run again: the document exists (refused before any work).
    assert!(usage_error(&args).contains("file exists"));
    // Without the document but with a figure of it: refused, and no document written.
    std::fs::remove_file(&md).unwrap();
    let err = usage_error(&args);
    assert!(
        err.contains("p-fig-1.svg") && err.contains("--force"),
        "{err}"
    );
    assert!(!md.exists());
    // --force replaces them all, with the same bytes (deterministic).
    let before = std::fs::read(dir.join("p-fig-3.svg")).unwrap();
    stdout_of(&[&args[..], &["--force"]].concat());
    assert_eq!(std::fs::read(dir.join("p-fig-3.svg")).unwrap(), before);
}

#[test]
fn stdout_markdown_has_inline_svg_and_json_carries_the_svg_text() {
    let md = stdout_of(&["gen", "bce-backprop", "--seed", "9", "--solutions"]);
    let svgs: Vec<&str> = md
        .split("<svg ")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap())
        .collect();
    assert_eq!(svgs.len(), 2, "the question's figure and the solution's");
    for s in svgs {
        svg_parses(&format!("<svg {s}</svg>"));
    }
    let json = stdout_of(&["gen", "bce-backprop", "--seed", "9", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let p = &doc["problems"][0];
    for figures in [&p["question"]["figures"], &p["solution"]["figures"]] {
        let f = &figures.as_array().expect("figures")[0];
        assert!(!f["caption"].as_str().unwrap().is_empty());
        svg_parses(f["svg"].as_str().unwrap());
    }
}

#[test]
fn tikz_is_loaded_only_by_documents_that_show_a_figure() {
    let tex = |args: &[&str]| stdout_of(&[&["gen", "--format", "tex"][..], args].concat());
    let with = tex(&["resblock", "--seed", "1"]);
    assert!(with.contains(r"\usepackage{tikz}") && with.contains(r"\begin{tikzpicture}"));
    let none = tex(&["conv-params", "--seed", "1", "--solutions"]);
    assert!(!none.contains("tikz"));
    let off = tex(&["resblock", "--seed", "1", "--solutions", "--no-figures"]);
    assert!(!off.contains("tikz"));
    let fragment = tex(&["resblock", "--seed", "1", "--fragment"]);
    assert!(fragment.starts_with(r"% The figures are TikZ pictures"));
}

#[test]
fn no_figures_leaves_no_trace_in_any_format_or_file() {
    let dir = temp_dir("figures-off");
    let md = dir.join("s.md");
    let out = dlexam(&[
        "sheet",
        "--seed",
        "3",
        "--no-figures",
        "-o",
        md.to_str().unwrap(),
        "--key",
        dir.join("k.md").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 2, "the sheet and the key only");
    let json = stdout_of(&[
        "gen",
        "resblock",
        "--seed",
        "2",
        "--format",
        "json",
        "--no-figures",
    ]);
    assert!(!json.contains("figures") && !json.contains("svg"));
    // With figures, the sheet and its key number their figures each for itself.
    let out = dlexam(&[
        "sheet",
        "--seed",
        "3",
        "-o",
        dir.join("f.md").to_str().unwrap(),
        "--key",
        dir.join("fk.md").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(dir.join("f-fig-1.svg").exists() && dir.join("fk-fig-1.svg").exists());
}
