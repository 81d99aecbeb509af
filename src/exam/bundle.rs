//! `class.pdf` and `keys.pdf`: every student's exam (or key) in roster order in one PDF, to send
//! to a printer in one go. Each document starts on an odd page, so a duplex printer never prints
//! two students on one sheet: a document with an odd number of pages is followed by a blank one.
//!
//! The bundles are made by pdflatex with the pdfpages package from the PDFs already compiled in
//! the staging folder; pdfTeX's `\pdfximage` counts each document's pages.

use super::stage::Stage;
use crate::error::{Error, Result};
use crate::pdf::Job;
use crate::roster::Entry;

/// The bundles: (file stem, folder of the per-student PDFs, what a document is).
pub const BUNDLES: &[(&str, &str, &str)] = &[("class", "exams", "exam"), ("keys", "keys", "key")];

/// The LaTeX of a bundle of `folder/<id>.pdf` for every student, in order.
pub fn latex(folder: &str, students: &[Entry]) -> String {
    let mut tex = String::from(
        "% Every student's document in roster order, each starting on an odd page.\n\
         \\documentclass[a4paper]{article}\n\
         \\usepackage{pdfpages}\n\
         \\newcommand{\\student}[1]{\\pdfximage{#1}%\n\
         \x20 \\ifodd\\pdflastximagepages\\includepdf[pages={-,{}}]{#1}\\else\\includepdf[pages=-]{#1}\\fi}\n\
         \\begin{document}\n",
    );
    for student in students {
        tex.push_str(&format!("\\student{{{folder}/{}.pdf}}\n", student.id));
    }
    tex.push_str("\\end{document}\n");
    tex
}

/// Stages the bundles' LaTeX (`class.tex`, `keys.tex`) and returns the jobs that compile them.
pub fn stage_jobs(stage: &Stage, students: &[Entry]) -> Result<Vec<Job>> {
    BUNDLES
        .iter()
        .map(|(stem, folder, what)| {
            let name = format!("{stem}.tex");
            stage.write(&name, latex(folder, students).as_bytes())?;
            Ok(Job {
                label: format!("{stem}.pdf (every {what})"),
                tex: stage.path(&name),
                // pdfTeX's \pdfximage counts pages (the students' PDFs may come from xelatex).
                engine: "pdflatex",
            })
        })
        .collect()
}

/// Removes the bundles' LaTeX from the staging folder: only their PDFs are published.
pub fn remove_sources(jobs: &[Job]) -> Result<()> {
    for job in jobs {
        std::fs::remove_file(&job.tex).map_err(|source| Error::Io {
            path: job.tex.clone(),
            source,
        })?;
    }
    Ok(())
}
