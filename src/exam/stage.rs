//! All-or-nothing batches of files: every target is checked first, the files are written into a
//! hidden staging folder inside the output folder, and only a run that succeeded moves them into
//! place: a staged folder whose target does not exist yet moves as a whole (one rename), every
//! other file with one rename or hard link (see [`output::move_into_place`]). A failed run
//! removes the staging folder, so it leaves neither half-written files nor half a class.
//!
//! Several threads may stage files at once (the exams and keys of different students).

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output;

/// Refuses (exit 2) when a target is a folder, or exists and `force` is off.
pub fn check_targets(targets: &[PathBuf], force: bool) -> Result<()> {
    // Nothing exists in a folder that does not exist: a new output folder needs one look per
    // folder rather than two per file (a class of 1,000 has 2,002 targets).
    let mut folders: HashMap<&Path, bool> = HashMap::new();
    let mut present: Vec<&PathBuf> = Vec::new();
    for target in targets {
        let folder = target.parent().unwrap_or(Path::new(""));
        let folder_exists = *folders
            .entry(folder)
            .or_insert_with(|| folder.as_os_str().is_empty() || folder.exists());
        if folder_exists {
            present.push(target);
        }
    }
    if let Some(dir) = present.iter().find(|t| t.is_dir()) {
        return Err(Error::invalid(format!(
            "{}: is a folder, expected a file path",
            dir.display()
        )));
    }
    if force {
        return Ok(());
    }
    let existing: Vec<&&PathBuf> = present.iter().filter(|t| t.exists()).collect();
    match existing.first() {
        None => Ok(()),
        Some(first) => {
            let more = match existing.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more of the files this run writes)"),
            };
            Err(Error::invalid(format!(
                "{} exists{more}; nothing was written: pass --force to replace them",
                first.display()
            )))
        }
    }
}

/// A staging folder inside the output folder.
pub struct Stage {
    out_dir: PathBuf,
    root: PathBuf,
    /// The output folder was made by this run (removed again if the run fails).
    created: bool,
    committed: bool,
}

impl Stage {
    /// Creates the output folder (if needed) and a fresh staging folder in it.
    pub fn create(out_dir: &Path) -> Result<Stage> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let created = !out_dir.exists();
        std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
        let root = out_dir.join(format!(".dlexam-staging-{}", std::process::id()));
        if root.exists() {
            std::fs::remove_dir_all(&root).map_err(io(&root))?;
        }
        std::fs::create_dir(&root).map_err(io(&root))?;
        Ok(Stage {
            out_dir: out_dir.to_path_buf(),
            root,
            created,
            committed: false,
        })
    }

    /// Where `relative` is staged.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Makes the folder `relative` (one level) in the staging folder, for files staged in it.
    pub fn folder(&self, relative: &str) -> Result<()> {
        let path = self.root.join(relative);
        std::fs::create_dir(&path).map_err(|source| Error::Io { path, source })
    }

    /// Stages a whole file (replacing one staged before under the same name). Its folder must
    /// have been made with [`Stage::folder`]. (The staging folder is this run's own, so a plain
    /// write is safe: the atomic step is [`Stage::commit`].)
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = self.root.join(relative);
        std::fs::write(&path, bytes).map_err(|source| Error::Io { path, source })
    }

    /// Stages a file written piece by piece.
    pub fn writer(&self, relative: &str) -> Result<BufWriter<File>> {
        let path = self.root.join(relative);
        File::create(&path)
            .map(BufWriter::new)
            .map_err(|source| Error::Io { path, source })
    }

    /// Moves everything staged (whatever put it there: this run's writes, pdflatex's PDFs) into
    /// place and removes the staging folder. Returns how many files were moved.
    pub fn commit(mut self, force: bool) -> Result<usize> {
        self.committed = true;
        let mut count = 0;
        for entry in entries(&self.root)? {
            let name = entry.file_name();
            let (staged, target) = (self.root.join(&name), self.out_dir.join(&name));
            if !staged.is_dir() {
                move_file(&staged, &target, force)?;
                count += 1;
                continue;
            }
            let files = entries(&staged)?;
            count += files
                .iter()
                .filter(|f| !f.file_name().to_string_lossy().starts_with('.'))
                .count();
            if target.exists() {
                for file in files {
                    let name = file.file_name();
                    if name.to_string_lossy().starts_with('.') {
                        continue; // pdflatex's build folders, if one was left behind
                    }
                    move_file(&staged.join(&name), &target.join(&name), force)?;
                }
            } else {
                // A folder new to the output folder moves whole, with one rename.
                std::fs::rename(&staged, &target).map_err(|source| Error::Io {
                    path: target,
                    source,
                })?;
            }
        }
        Ok(count)
    }
}

/// The entries of a folder.
fn entries(dir: &Path) -> Result<Vec<std::fs::DirEntry>> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(io)
}

/// Moves one staged file into place (see [`output::move_into_place`]).
fn move_file(staged: &Path, target: &Path, force: bool) -> Result<()> {
    output::move_into_place(staged, target, force).map_err(|source| {
        let hint = if source.kind() == std::io::ErrorKind::AlreadyExists {
            " (it appeared during the run)"
        } else {
            ""
        };
        Error::Io {
            path: target.to_path_buf(),
            source: std::io::Error::new(source.kind(), format!("{source}{hint}")),
        }
    })
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
        if self.created && !self.committed {
            // Only if empty: a failed run leaves the file system as it found it.
            let _ = std::fs::remove_dir(&self.out_dir);
        }
    }
}
