//! The names of the built-in templates, and the check that a `--templates DIR` holds nothing
//! else: a misspelled file or folder (`conv_param/`) would otherwise be silently ignored.

use std::path::Path;

use crate::error::{Error, Result};

/// Every built-in template: (name, source).
pub fn built_in() -> impl Iterator<Item = (&'static str, &'static str)> {
    super::templates::BUILT_IN.iter().copied()
}

/// Refuses (exit 2) a file or folder in `dir` that matches no template name, listing the
/// names. Hidden entries (`.git`, editor files) are left alone.
pub fn check_user_dir(dir: &Path) -> Result<()> {
    let names: Vec<&str> = built_in().map(|(n, _)| n).collect();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = stack.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| Error::Io {
            path: folder.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let relative = format!("{prefix}{name}");
            let is_dir = entry.path().is_dir();
            let known = if is_dir {
                names.iter().any(|n| n.starts_with(&format!("{relative}/")))
            } else {
                names.contains(&relative.as_str())
            };
            if !known {
                return Err(Error::invalid(format!(
                    "--templates {}: {relative}{} matches no template name: expected {} (dlexam templates export DIR writes them all)",
                    dir.display(),
                    if is_dir { "/" } else { "" },
                    names.join(", ")
                )));
            }
            if is_dir {
                stack.push((entry.path(), format!("{relative}/")));
            }
        }
    }
    Ok(())
}

/// One line for a Tera error: `template NAME line L, column C: MESSAGE` (Tera's own text puts
/// the location and a code excerpt on lines of their own).
pub fn describe(name: Option<&str>, error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push('\n');
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    let mut message = Vec::new();
    let mut location = None;
    for line in text.lines().map(str::trim) {
        if let Some(at) = line.strip_prefix("--> ") {
            location = location.or(Some(at.to_string()));
        } else if !line.is_empty()
            && !line.starts_with('|')
            && !line.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            let line = line.strip_prefix("error: ").unwrap_or(line);
            if !message.contains(&line) {
                message.push(line);
            }
        }
    }
    let message = message.join(": ");
    match location.as_deref().and_then(split_location) {
        Some((file, line, column)) => {
            format!("template {file} line {line}, column {column}: {message}")
        }
        None => match name {
            Some(name) => format!("template {name}: {message}"),
            None => format!("template error: {message}"),
        },
    }
}

/// `conv_params/question.md:3:10` -> (name, line, column).
fn split_location(at: &str) -> Option<(&str, &str, &str)> {
    let mut parts = at.rsplitn(3, ':');
    let column = parts.next()?;
    let line = parts.next()?;
    let file = parts.next()?;
    Some((file, line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_split_from_the_right() {
        assert_eq!(
            split_location("conv_params/question.md:3:10"),
            Some(("conv_params/question.md", "3", "10"))
        );
        assert_eq!(split_location("nowhere"), None);
    }
}
