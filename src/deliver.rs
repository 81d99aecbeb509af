//! Writes rendered documents to their [`Destination`]s: stdout, text files, and PDFs compiled
//! from the LaTeX in a private build folder beside the PDF.
//!
//! Every target is checked before anything is rendered ([`check`]); [`deliver`] compiles every
//! PDF first and writes files only when all compiled, so a LaTeX error leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{check_writable, move_into_place, write_file, write_output};
use crate::pdf;
use crate::target::Destination;

/// A rendered document and where it goes.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// Where it goes.
    pub destination: Destination,
    /// Its text (LaTeX for a PDF).
    pub text: String,
    /// What it is, for messages: "the sheet", "the key".
    pub label: String,
}

/// Checks the destinations before any work: every file may be written (`force` to replace),
/// no two destinations share a file, and pdflatex is there when a PDF is asked for.
/// `options[i]` names the option of `destinations[i]` in messages (`-o`, `--key`).
pub fn check(destinations: &[(&str, &Destination)], force: bool) -> Result<()> {
    let mut seen: Vec<(&str, &Path)> = Vec::new();
    for (option, destination) in destinations {
        for path in destination.files() {
            check_writable(path, force).map_err(|e| renamed(e, option))?;
            if let Some((other, _)) = seen.iter().find(|(_, p)| *p == path) {
                return Err(Error::invalid(format!(
                    "{option} {}: is also the {other} file; give each document its own file",
                    path.display()
                )));
            }
            seen.push((option, path));
        }
    }
    if destinations.iter().any(|(_, d)| d.is_pdf()) {
        pdf::check_tools()?;
    }
    Ok(())
}

/// `check_writable` names the file as `-o FILE`; say which option gave it.
fn renamed(error: Error, option: &str) -> Error {
    match error {
        Error::Invalid(m) if option != "-o" => {
            Error::Invalid(m.replacen("-o ", &format!("{option} "), 1))
        }
        other => other,
    }
}

/// A folder for one pdflatex run, removed when dropped.
struct BuildFolder(PathBuf);

impl Drop for BuildFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles the PDFs, then writes every document (see the module doc).
pub fn deliver(documents: &[Rendered], force: bool) -> Result<()> {
    let mut folders = Vec::new();
    let mut jobs = Vec::new();
    for (i, doc) in documents.iter().enumerate() {
        let Destination::Pdf { pdf, .. } = &doc.destination else {
            continue;
        };
        let parent = match pdf.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let folder = parent.join(format!(".dlexam-pdf-{}-{i}", std::process::id()));
        std::fs::create_dir_all(&folder).map_err(|source| Error::Io {
            path: folder.clone(),
            source,
        })?;
        folders.push(BuildFolder(folder.clone()));
        let stem = pdf.file_stem().unwrap_or_default().to_string_lossy();
        let tex = folder.join(format!("{stem}.tex"));
        std::fs::write(&tex, &doc.text).map_err(|source| Error::Io {
            path: tex.clone(),
            source,
        })?;
        jobs.push(pdf::Job {
            label: doc.label.clone(),
            tex,
        });
    }
    if !jobs.is_empty() {
        pdf::compile_all(&jobs)?;
    }
    let mut compiled = jobs.iter();
    for doc in documents {
        match &doc.destination {
            Destination::Stdout(_) => write_output(None, &doc.text, force)?,
            Destination::File(path, _) => write_output(Some(path), &doc.text, force)?,
            Destination::Pdf { pdf, tex } => {
                let job = compiled.next().expect("one job per PDF");
                if let Some(tex) = tex {
                    write_file(tex, doc.text.as_bytes(), force)?;
                }
                let built = job.tex.with_extension("pdf");
                move_into_place(&built, pdf, force).map_err(|source| Error::Io {
                    path: pdf.clone(),
                    source,
                })?;
            }
        }
    }
    drop(folders);
    Ok(())
}
