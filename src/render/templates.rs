//! The built-in templates, embedded in the binary, and `--templates DIR` overrides by name.
//!
//! The document templates are listed here; each family declares its own question template
//! (`Family::QUESTION_TEMPLATE`), which the renderer is given under [`question_name`].

use std::path::Path;

use crate::error::{Error, Result};

/// The built-in document templates: (name, source).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("document.md", include_str!("../../templates/document.md")),
    ("document.tex", include_str!("../../templates/document.tex")),
    ("fragment.tex", include_str!("../../templates/fragment.tex")),
    (
        "questions.tex",
        include_str!("../../templates/questions.tex"),
    ),
    ("problem.md", include_str!("../../templates/problem.md")),
    ("problem.tex", include_str!("../../templates/problem.tex")),
];

/// The name of a family's question template, `<snake_id>/question.md` (`conv-params` ->
/// `conv_params/question.md`): the name a `--templates DIR` file overrides.
pub fn question_name(family_id: &str) -> String {
    format!("{}/question.md", family_id.replace('-', "_"))
}

/// A template to register: its name, its source, and whether the user supplied it.
pub struct Source {
    /// Template name (`conv_params/question.md`).
    pub name: String,
    /// Template text.
    pub text: String,
    /// Whether it came from `--templates DIR` (its errors are the user's input errors).
    pub user: bool,
}

/// The templates to use: the document templates and the question templates of `questions`
/// ((family id, source) pairs), each replaced by `user_dir/<name>` when that file exists.
pub fn load(user_dir: Option<&Path>, questions: &[(&str, &'static str)]) -> Result<Vec<Source>> {
    if let Some(dir) = user_dir {
        if !dir.is_dir() {
            return Err(Error::invalid(format!(
                "--templates {}: not a folder (expected a folder of templates named like the built-ins, e.g. conv_params/question.md)",
                dir.display()
            )));
        }
    }
    let documents = BUILT_IN
        .iter()
        .map(|(name, source)| ((*name).to_string(), *source));
    let families = questions
        .iter()
        .map(|(id, source)| (question_name(id), *source));
    documents
        .chain(families)
        .map(|(name, source)| {
            let custom = match user_dir {
                Some(dir) => super::guard::read_user_template(dir, &name)?,
                None => None,
            };
            let (text, user) = match custom {
                Some(text) => (text, true),
                None => (source.to_string(), false),
            };
            Ok(Source { name, text, user })
        })
        .collect()
}
