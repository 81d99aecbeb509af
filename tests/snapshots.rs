//! Answer keys pinned as snapshots. A changed snapshot is a changed answer key: read the diff
//! and know why before accepting it (`cargo insta review`).

use crate::common::stdout_of;
use crate::snapshot;

/// Every family in every format, for a few fixed seeds, with solutions, without figures (their
/// own snapshots are below): with `--no-figures` the documents are those of a dlexam without
/// figures, byte for byte.
#[test]
fn every_family_in_every_format() {
    let families = stdout_of(&["list", "--format", "json"]);
    let families: serde_json::Value = serde_json::from_str(&families).unwrap();
    for family in families.as_array().unwrap() {
        let id = family["id"].as_str().unwrap();
        let snake = id.replace('-', "_");
        for difficulty in ["exam", "practice", "hard"] {
            for (format, ext) in [("md", "md"), ("tex", "tex"), ("json", "json")] {
                let out = stdout_of(&[
                    "gen",
                    id,
                    "--seed",
                    "2024",
                    "--count",
                    "3",
                    "--difficulty",
                    difficulty,
                    "--format",
                    format,
                    "--solutions",
                    "--no-figures",
                ]);
                snapshot!(format!("{snake}__{difficulty}__{ext}"), out);
            }
        }
    }
}

/// The figures: one problem of every family that draws any, with solutions, as LaTeX (TikZ) and
/// Markdown (inline SVG on stdout); a family without figures writes the same bytes with and
/// without `--no-figures`.
#[test]
fn figures_of_every_family() {
    let families = stdout_of(&["list", "--format", "json"]);
    let families: serde_json::Value = serde_json::from_str(&families).unwrap();
    for family in families.as_array().unwrap() {
        let id = family["id"].as_str().unwrap();
        let snake = id.replace('-', "_");
        for format in ["tex", "md"] {
            let args = [
                "gen",
                id,
                "--seed",
                "2024",
                "--format",
                format,
                "--solutions",
            ];
            let with = stdout_of(&args);
            let without = stdout_of(&[&args[..], &["--no-figures"]].concat());
            if with != without {
                snapshot!(format!("{snake}__figures__{format}"), with);
            } else {
                assert!(!with.contains("<svg") && !with.contains("tikz"), "{id}");
            }
        }
    }
}

/// `--choices` for a few families (the seed exam's kinds of answer: counts, shapes, decimals,
/// vectors, matrices): the options, the right letter and the mistake behind each distractor.
#[test]
fn choices_of_a_few_families() {
    for (id, variant, format, ext) in [
        ("conv-params", "layer", "md", "md"),
        ("conv-output", "chain", "json", "json"),
        ("bce-backprop", "single", "tex", "tex"),
        ("resblock", "standard", "md", "md"),
        ("softmax-ce", "single", "json", "json"),
    ] {
        let out = stdout_of(&[
            "gen",
            id,
            "--seed",
            "2024",
            "--variant",
            variant,
            "--format",
            format,
            "--solutions",
            "--choices",
            "--no-figures",
        ]);
        snapshot!(format!("choices__{}__{ext}", id.replace('-', "_")), out);
    }
}
