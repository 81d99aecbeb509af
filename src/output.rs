//! Writing output safely: stdout, or a file written whole (temp file + rename) that never
//! replaces an existing file unless asked to. [`Sink`] does the same for output written piece by
//! piece.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `text` to `path` (or stdout when `None`). Refuses to replace an existing file
/// unless `force`; a failed write leaves no partial file behind.
pub fn write_output(path: Option<&Path>, text: &str, force: bool) -> Result<()> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|source| Error::Io {
                    path: PathBuf::from("<stdout>"),
                    source,
                })
        }
        Some(path) => write_file(path, text.as_bytes(), force),
    }
}

/// Where a document written piece by piece goes: stdout, or a temporary file beside the target
/// that [`Sink::finish`] moves into place (dropped unfinished, it is removed: no half-written
/// file). Errors name the target (`<stdout>` for stdout).
pub struct Sink {
    out: BufWriter<Box<dyn Write>>,
    path: PathBuf,
    /// The temporary file, for a file target.
    temp: Option<PathBuf>,
    force: bool,
}

impl Sink {
    /// Stdout (`None`) or a new temporary file for `path`, after checking that `path` may be
    /// written (see [`check_writable`]).
    pub fn create(path: Option<&Path>, force: bool) -> Result<Sink> {
        let Some(path) = path else {
            return Ok(Sink {
                out: BufWriter::new(Box::new(std::io::stdout().lock())),
                path: PathBuf::from("<stdout>"),
                temp: None,
                force,
            });
        };
        check_writable(path, force)?;
        let temp = temp_path(path);
        let file = File::create(&temp).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Sink {
            out: BufWriter::new(Box::new(file)),
            path: path.to_path_buf(),
            temp: Some(temp),
            force,
        })
    }

    /// Writes text.
    pub fn write_str(&mut self, text: &str) -> Result<()> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|source| self.error(source))
    }

    /// The target, as errors name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The error for a failed write to this sink.
    pub fn error(&self, source: std::io::Error) -> Error {
        Error::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Flushes, and moves a file into place.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|source| self.error(source))?;
        if let Some(temp) = self.temp.take() {
            let moved = move_into_place(&temp, &self.path, self.force);
            if let Err(source) = moved {
                let _ = std::fs::remove_file(&temp);
                return Err(self.error(source));
            }
        }
        Ok(())
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.out.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some(temp) = &self.temp {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Checks that `path` may be written: its folder exists, and it is new (or `force`).
pub fn check_writable(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "-o {}: is a folder, expected a file path",
            path.display()
        )));
    }
    if path.exists() && !force {
        return Err(Error::invalid(format!(
            "-o {}: file exists; pass --force to replace it",
            path.display()
        )));
    }
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(Error::invalid(format!(
            "-o {}: folder {} does not exist",
            path.display(),
            parent.display()
        )));
    }
    Ok(())
}

/// Writes bytes to `path` atomically (a temporary file in the same folder, then a rename).
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    check_writable(path, force)?;
    let temp = temp_path(path);
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let result = std::fs::write(&temp, bytes).and_then(|()| move_into_place(&temp, path, force));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(io)
}

/// Moves a finished file `from` to `path` in one step (both on the same file system). Without
/// `force` it never replaces an existing `path`, even one that appeared since it was checked.
pub fn move_into_place(from: &Path, path: &Path, force: bool) -> std::io::Result<()> {
    if force {
        std::fs::rename(from, path)
    } else {
        // hard_link fails if the target appeared meanwhile: never overwrite silently.
        std::fs::hard_link(from, path).and_then(|()| std::fs::remove_file(from))
    }
}

/// The temporary file a file target is written to before it moves into place: in the same folder.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_of(path).join(format!(".{name}.dlexam-{}.tmp", std::process::id()))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
