//! `dlexam templates export DIR`: every built-in template written to a folder, to start a
//! `--templates DIR` override from (an installed binary has no `templates/` folder to copy).
//!
//! Each file starts with a comment (`<#- ... -#>`, which renders to nothing) on the facts the
//! template receives. For a family's question template the facts are read off real problems,
//! one per variant, so the list is always what the code passes: each fact with an example value
//! and the variants that have it, when not all do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{check_output, write_files};
use crate::problems::{self, Difficulty};
use crate::render::template_names;

/// What the document templates receive (the frame of a document, rendered once).
const DOCUMENT_FACTS: &str = "\
Receives:
  info.title, info.course, info.date     the spec's (or gen's) title, course and date lines
  info.student.id, .name, .version       on an individual exam only (else info.student is empty)
  info.score_table                       the spec asked for a score table on a sheet
  instructions                           the spec's instructions, already in this format
  solutions                              true for keys and --solutions
  graded, total_points                   some problem has points; their sum
  problems                               write << problems >> exactly once: the problems go
                                         there, each written by problem.md / problem.tex";

/// What the problem templates receive (once per problem).
const PROBLEM_FACTS: &str = "\
Receives info, solutions and graded as the document does, and the problem as p:
  p.number, p.title, p.family, p.variant, p.seed, p.points (may be empty)
  p.intro, p.parts (each: letter, text), p.steps (each: title, body)   already in this format
  p.answers (each: [label, value])
  p.space                               LaTeX answer space: none, page or a height (6.5cm)";

/// The comment at the top of the exported `name`.
pub fn comment(name: &str) -> Result<String> {
    let syntax = "Syntax: << value >> for a value, <% if ... %> / <% for ... %> for tags; comments like this one render to nothing.";
    let body = match name.split_once('/') {
        None if name.starts_with("problem.") => format!(
            "{name}: one problem of {}, where it writes << problems >>.\n{PROBLEM_FACTS}",
            if name == "problem.tex" {
                "questions.tex"
            } else {
                "document.md"
            }
        ),
        None => format!(
            "{name}: {}\n{DOCUMENT_FACTS}",
            match name {
                "document.tex" =>
                    "a whole LaTeX document on the exam class (sheets, exams, keys, PDFs).",
                "fragment.tex" => "the questions alone, for pasting (--fragment).",
                "questions.tex" =>
                    "the questions environment, included by document.tex and fragment.tex.",
                _ => "a whole Markdown document.",
            }
        ),
        Some((folder, _)) => {
            let family = problems::find(&folder.replace('_', "-"))?;
            format!(
                "{name}: the question of {} ({}), in neutral Markdown with $...$ math.\n\
                 Write the introduction, then a line %%part before each sub-question.\n{}",
                family.id(),
                family.title(),
                family_facts(family)?
            )
        }
    };
    let text = format!("{body}\n{syntax}").replace("#>", "# >");
    let indented: Vec<String> = text
        .lines()
        .map(|l| format!("   {l}").trim_end().to_string())
        .collect();
    Ok(format!("<#-\n{}\n-#>\n", indented.join("\n")))
}

/// The facts a family's question template receives: read off one problem per variant.
fn family_facts(family: &'static dyn problems::DynFamily) -> Result<String> {
    let variants = family.variants();
    // fact -> (example value, variants that have it)
    let mut facts: BTreeMap<String, (String, Vec<&str>)> = BTreeMap::new();
    for variant in variants {
        let problem = problems::generate(family, 1, Difficulty::Exam, Some(variant))?;
        let Some(map) = problem.question.facts.as_object() else {
            continue;
        };
        // A fact that is null (or false) in a variant is one that variant does not use.
        let used = map.iter().filter(|(k, v)| {
            !v.is_null()
                && **v != serde_json::Value::Bool(false)
                && !matches!(k.as_str(), "variant" | "difficulty")
        });
        for (key, value) in used {
            let entry = facts
                .entry(key.clone())
                .or_insert_with(|| (example(value), Vec::new()));
            entry.1.push(variant);
        }
    }
    let width = facts.keys().map(String::len).max().unwrap_or(0).max(10);
    let mut text = String::from("Receives (numbers already written as LaTeX math):\n");
    for (key, (value, has)) in &facts {
        let only = if has.len() == variants.len() {
            String::new()
        } else {
            format!("  (in {}; else empty)", has.join(", "))
        };
        text.push_str(&format!("  {key:<width$}  e.g. {value}{only}\n"));
    }
    text.push_str(&format!(
        "  {:<width$}  one of {}\n  {:<width$}  exam, practice or hard",
        "variant",
        variants.join(", "),
        "difficulty"
    ));
    Ok(text)
}

/// A short example of a fact's value, on one line.
fn example(value: &serde_json::Value) -> String {
    let text = match value {
        serde_json::Value::String(s) => s.replace('\n', " "),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(57).collect::<String>())
    } else {
        text
    }
}

/// Writes every built-in template under `dir` (created if missing), each with its comment;
/// refuses (exit 2) to replace existing files without `force`. Returns the files written.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::invalid(format!(
            "templates export {}: is a file, expected a folder (it is created if missing)",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    for (name, source) in template_names::built_in() {
        let path = dir.join(name);
        if path.exists() {
            check_output("templates export", &path, force)?;
        }
        files.push((path, format!("{}{source}", comment(name)?)));
    }
    for (path, _) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
    }
    let list: Vec<(&str, &Path, &[u8])> = files
        .iter()
        .map(|(p, t)| ("templates export", p.as_path(), t.as_bytes()))
        .collect();
    write_files(&list, force)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_comments_list_their_facts_and_render_to_nothing() {
        let c = comment("conv_params/question.md").unwrap();
        assert!(c.starts_with("<#-\n") && c.ends_with("\n-#>\n"), "{c}");
        assert!(c.contains("c_in") && c.contains("e.g."), "{c}");
        assert!(c.contains("%%part"));
        let d = comment("document.tex").unwrap();
        assert!(
            d.contains("info.student.id") && d.contains("<< problems >>"),
            "{d}"
        );
        let p = comment("problem.tex").unwrap();
        assert!(p.contains("questions.tex") && p.contains("p.space"), "{p}");
        assert_eq!(c.matches("#>").count(), 1, "{c}");
    }
}
