//! A class being built: every target is checked first, then the files are written into a new
//! class folder (see [`publish`](super::publish)), which a run that succeeded publishes whole.
//! A failed run removes it, so it leaves neither half-written files nor half a class.
//!
//! Several threads may stage files at once (the exams and keys of different students).

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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

/// A class folder being built (see [`ClassDir::new_class`](super::publish::ClassDir)).
/// Dropped without [`Stage::done`], it is removed.
pub struct Stage {
    root: PathBuf,
    done: bool,
    _on_abort: crate::abort::Registered,
}

impl Stage {
    /// Builds in `root`, an empty folder of this run's own.
    pub fn new(root: PathBuf) -> Stage {
        let on_abort = crate::abort::remove_on_abort(root.clone(), crate::abort::Kind::Tree);
        Stage {
            root,
            done: false,
            _on_abort: on_abort,
        }
    }

    /// The class folder.
    pub fn root(&self) -> &Path {
        &self.root
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
    /// have been made with [`Stage::folder`]. (The class folder is this run's own and is synced
    /// to disk before it is published, so a plain write is safe.)
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = self.root.join(relative);
        std::fs::write(&path, bytes).map_err(|source| Error::Io { path, source })
    }

    /// Stages a file written piece by piece, in writes of a megabyte (keys.json runs to about
    /// 80 kB per student).
    pub fn writer(&self, relative: &str) -> Result<BufWriter<File>> {
        let path = self.root.join(relative);
        File::create(&path)
            .map(|file| BufWriter::with_capacity(1 << 20, file))
            .map_err(|source| Error::Io { path, source })
    }

    /// Takes over every file of the published class `old` that this run did not write (with
    /// `--only`: the other students' exams and keys), as hard links (copies where the file
    /// system has none). Hidden entries are left out.
    pub fn carry_over(&self, old: &Path) -> Result<()> {
        carry_folder(old, &self.root)
    }

    /// The files staged (not counting hidden ones).
    pub fn file_count(&self) -> Result<usize> {
        let mut count = 0;
        for entry in entries(&self.root)? {
            if hidden(&entry) {
                continue;
            }
            if entry.path().is_dir() {
                count += entries(&entry.path())?
                    .iter()
                    .filter(|e| !hidden(e))
                    .count();
            } else {
                count += 1;
            }
        }
        Ok(count)
    }

    /// Keeps the folder: it has been published.
    pub fn done(mut self) {
        self.done = true;
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

fn hidden(entry: &std::fs::DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// Links every file of `from` missing in `to` into it, one level of folders deep.
fn carry_folder(from: &Path, to: &Path) -> Result<()> {
    for entry in entries(from)? {
        if hidden(&entry) {
            continue;
        }
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            if !target.exists() {
                std::fs::create_dir(&target).map_err(|e| io_at(&target, e))?;
            }
            carry_folder(&source, &target)?;
        } else if !target.exists() {
            std::fs::hard_link(&source, &target)
                .or_else(|_| std::fs::copy(&source, &target).map(|_| ()))
                .map_err(|e| io_at(&target, e))?;
        }
    }
    Ok(())
}

fn io_at(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
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
