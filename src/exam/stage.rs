//! All-or-nothing batches of files: every target is checked first, the files are written into a
//! hidden staging folder inside the output folder, and only a run that succeeded moves them into
//! place (one rename or hard link each, see [`output::move_into_place`]). A failed run removes the
//! staging folder, so it leaves neither half-written files nor half a class.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output;

/// Refuses (exit 2) when a target is a folder, or exists and `force` is off.
pub fn check_targets(targets: &[PathBuf], force: bool) -> Result<()> {
    if let Some(dir) = targets.iter().find(|t| t.is_dir()) {
        return Err(Error::invalid(format!(
            "{}: is a folder, expected a file path",
            dir.display()
        )));
    }
    if force {
        return Ok(());
    }
    let existing: Vec<&PathBuf> = targets.iter().filter(|t| t.exists()).collect();
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
    files: Vec<PathBuf>,
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
            files: Vec::new(),
            created,
            committed: false,
        })
    }

    /// Where `relative` is staged.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Stages a whole file. (The staging folder is this run's own, so a plain write is safe:
    /// the atomic step is [`Stage::commit`].)
    pub fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = self.prepare(relative)?;
        std::fs::write(&path, bytes).map_err(|source| Error::Io { path, source })
    }

    /// Stages a file written piece by piece.
    pub fn writer(&mut self, relative: &str) -> Result<BufWriter<File>> {
        let path = self.prepare(relative)?;
        File::create(&path)
            .map(BufWriter::new)
            .map_err(|source| Error::Io { path, source })
    }

    /// Registers a file that something else (pdflatex) put at [`Stage::path`].
    pub fn adopt(&mut self, relative: &str) {
        self.files.push(PathBuf::from(relative));
    }

    fn prepare(&mut self, relative: &str) -> Result<PathBuf> {
        let path = self.root.join(relative);
        if let Some(parent) = path.parent().filter(|p| !p.is_dir()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        self.files.push(PathBuf::from(relative));
        Ok(path)
    }

    /// Moves every staged file into place and removes the staging folder.
    pub fn commit(mut self, force: bool) -> Result<usize> {
        self.committed = true;
        let mut made: Option<PathBuf> = None;
        for relative in &self.files {
            let target = self.out_dir.join(relative);
            if let Some(parent) = target.parent().filter(|p| made.as_deref() != Some(*p)) {
                made = Some(parent.to_path_buf());
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            output::move_into_place(&self.root.join(relative), &target, force).map_err(
                |source| {
                    let hint = if source.kind() == std::io::ErrorKind::AlreadyExists {
                        " (it appeared during the run)"
                    } else {
                        ""
                    };
                    Error::Io {
                        path: target.clone(),
                        source: std::io::Error::new(source.kind(), format!("{source}{hint}")),
                    }
                },
            )?;
        }
        Ok(self.files.len())
    }
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
