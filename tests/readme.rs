//! The README's ```console blocks are real: each `$ dlexam ...` line is run (in a fresh folder
//! holding a copy of `examples/`, one folder for the whole README, so a later example may use an
//! earlier one's files) and its stdout, then stderr, are compared with the lines that follow it.
//! A line `...` stands for any number of lines; a line ending in `...` for any line that starts
//! with the text before it. A `#` that starts a word starts a comment, as in a shell.

use std::path::Path;
use std::process::Command;

use crate::common::temp_dir;

/// Splits a shell command line into words: spaces separate, '...' and "..." quote.
fn words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quote, mut started) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, '#') if !started => break,
            (None, ' ') => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Whether `actual` lines match the `expected` lines (with `...` elisions).
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((line, rest)) => match actual.split_first() {
            None => false,
            Some((got, more)) => {
                let same = match line.strip_suffix("...") {
                    Some(prefix) => got.starts_with(prefix),
                    None => got.trim_end() == line.trim_end(),
                };
                same && matches(rest, more)
            }
        },
    }
}

/// The console examples: (command line, expected output lines).
fn examples(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut examples: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_console = false;
    for line in readme.lines() {
        if !in_console {
            in_console = line.trim() == "```console";
            continue;
        }
        if line.trim() == "```" {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            examples.push((command.to_string(), Vec::new()));
        } else if let Some((_, expected)) = examples.last_mut() {
            expected.push(line.to_string());
        }
    }
    examples
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn the_readme_console_examples_print_what_they_show() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 4, "the README lost its examples");
    let dir = temp_dir("readme");
    copy_dir(&root.join("examples"), &dir.join("examples"));
    for (command, expected) in examples {
        let words = words(&command);
        assert_eq!(
            words[0], "dlexam",
            "README example not of dlexam: {command}"
        );
        if command.contains("pdf") && !crate::workflow::have_pdflatex() {
            continue;
        }
        let out = Command::new(env!("CARGO_BIN_EXE_dlexam"))
            .args(&words[1..])
            .current_dir(&dir)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let actual: Vec<&str> = text.trim_end().lines().collect();
        let mut expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        while expected.last().is_some_and(|l| l.trim().is_empty()) {
            expected.pop();
        }
        assert!(
            matches(&expected, &actual),
            "README example `$ {command}` shows:\n{}\nbut prints:\n{text}",
            expected.join("\n")
        );
    }
}

#[test]
fn the_matcher_elides_and_splits_like_a_shell() {
    assert_eq!(
        words(r#"dlexam solve x --params '{"a": [1, 2]}' -o "a b"   # note"#),
        [
            "dlexam",
            "solve",
            "x",
            "--params",
            r#"{"a": [1, 2]}"#,
            "-o",
            "a b"
        ]
    );
    assert!(matches(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "...", "d"], &["a", "d"]));
    assert!(matches(&["ab..."], &["abc"]));
    assert!(!matches(&["a", "d"], &["a", "b", "d"]));
    assert!(!matches(&["a"], &["a", "b"]));
}

/// Every spec in `examples/` (the README points readers at them) makes a sheet and its key.
#[test]
fn every_example_spec_makes_a_sheet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = 0;
    for entry in std::fs::read_dir(root.join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        specs += 1;
        let out = Command::new(env!("CARGO_BIN_EXE_dlexam"))
            .args(["sheet", "--spec"])
            .arg(&path)
            .arg("--solutions")
            .output()
            .unwrap();
        assert!(
            out.status.success() && !out.stdout.is_empty(),
            "dlexam sheet --spec {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(specs >= 1, "examples/ lost its specs");
}
