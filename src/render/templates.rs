//! The built-in templates, embedded in the binary, and `--templates DIR` overrides by name.

use std::path::Path;

use crate::error::{Error, Result};

/// Every built-in template: (name, source). A family's question lives at `<family>/question.md`
/// (snake_case family id).
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
    (
        "conv_params/question.md",
        include_str!("../../templates/conv_params/question.md"),
    ),
    (
        "conv_output/question.md",
        include_str!("../../templates/conv_output/question.md"),
    ),
    (
        "bce_backprop/question.md",
        include_str!("../../templates/bce_backprop/question.md"),
    ),
    (
        "resblock/question.md",
        include_str!("../../templates/resblock/question.md"),
    ),
    (
        "optimizer/question.md",
        include_str!("../../templates/optimizer/question.md"),
    ),
    (
        "conv_cost/question.md",
        include_str!("../../templates/conv_cost/question.md"),
    ),
    (
        "receptive_field/question.md",
        include_str!("../../templates/receptive_field/question.md"),
    ),
];

/// A template to register: its name, its source, and whether the user supplied it.
pub struct Source {
    /// Template name (`conv_params/question.md`).
    pub name: String,
    /// Template text.
    pub text: String,
    /// Whether it came from `--templates DIR` (its errors are the user's input errors).
    pub user: bool,
}

/// The templates to use: built-ins, each replaced by `user_dir/<name>` when that file exists.
pub fn load(user_dir: Option<&Path>) -> Result<Vec<Source>> {
    if let Some(dir) = user_dir {
        if !dir.is_dir() {
            return Err(Error::invalid(format!(
                "--templates {}: not a folder (expected a folder of templates named like the built-ins, e.g. conv_params/question.md)",
                dir.display()
            )));
        }
    }
    BUILT_IN
        .iter()
        .map(|(name, source)| {
            let custom = match user_dir {
                Some(dir) => super::guard::read_user_template(dir, name)?,
                None => None,
            };
            let (text, user) = match custom {
                Some(text) => (text, true),
                None => ((*source).to_string(), false),
            };
            Ok(Source {
                name: (*name).to_string(),
                text,
                user,
            })
        })
        .collect()
}
