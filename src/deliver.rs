//! Writes rendered documents to their [`Destination`]s: stdout, text files, and PDFs compiled
//! from the LaTeX in a private build folder beside the PDF.
//!
//! Every target is checked before anything is rendered ([`check`]); [`deliver`] compiles every
//! PDF first and then writes all files or none ([`write_files`]), so a LaTeX error leaves
//! nothing behind.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{check_distinct, check_output, write_files, write_output};
use crate::pdf;
use crate::render::FigureFile;
use crate::target::Destination;

/// A rendered document and where it goes.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The option that named its file, for messages (`-o`, `--key`).
    pub option: &'static str,
    /// Where it goes.
    pub destination: Destination,
    /// Its text (LaTeX for a PDF).
    pub text: String,
    /// What it is, for messages: "the sheet", "the key".
    pub label: String,
    /// The SVG files of its figures (a Markdown document in a file), written with it.
    pub figures: Vec<FigureFile>,
}

/// Checks the destinations (option, destination) before any work: every file may be written
/// (`force` to replace), no two are the same file and none is one of the `inputs` (see
/// [`check_distinct`]), and pdflatex is there when a PDF is asked for.
pub fn check(
    destinations: &[(&str, &Destination)],
    inputs: &[(&str, &Path)],
    force: bool,
) -> Result<()> {
    let mut outputs: Vec<(&str, &Path)> = Vec::new();
    for (option, destination) in destinations {
        for path in destination.files() {
            check_output(option, path, force)?;
            outputs.push((option, path));
        }
    }
    check_distinct(&outputs, inputs)?;
    if destinations.iter().any(|(_, d)| d.is_pdf()) {
        pdf::check_tools()?;
    }
    Ok(())
}

/// A folder for one pdflatex run, removed when dropped.
struct BuildFolder(PathBuf);

impl Drop for BuildFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles the PDFs, then writes every file all or nothing ([`write_files`]), then stdout.
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
            engine: "pdflatex",
        });
    }
    if !jobs.is_empty() {
        pdf::compile_all(&jobs)?;
    }
    let mut compiled = jobs.iter();
    let mut files: Vec<(&str, &Path, Vec<u8>)> = Vec::new();
    for doc in documents {
        match &doc.destination {
            Destination::Stdout(_) => {}
            Destination::File(path, _) => {
                files.push((doc.option, path, doc.text.clone().into_bytes()));
                for figure in &doc.figures {
                    files.push(("figure", &figure.path, figure.svg.clone().into_bytes()));
                }
            }
            Destination::Pdf { pdf, tex } => {
                let job = compiled.next().expect("one job per PDF");
                if let Some(tex) = tex {
                    files.push((doc.option, tex, doc.text.clone().into_bytes()));
                }
                let built = job.tex.with_extension("pdf");
                let bytes = std::fs::read(&built).map_err(|source| Error::Io {
                    path: built.clone(),
                    source,
                })?;
                files.push((doc.option, pdf, bytes));
            }
        }
    }
    drop(folders);
    let borrowed: Vec<(&str, &Path, &[u8])> = files
        .iter()
        .map(|(o, p, b)| (*o, *p, b.as_slice()))
        .collect();
    write_files(&borrowed, force)?;
    for doc in documents {
        if let Destination::Stdout(_) = doc.destination {
            write_output(None, &doc.text, force)?;
        }
    }
    Ok(())
}
