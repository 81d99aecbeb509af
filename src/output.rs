//! Writing output safely: stdout, or a file written whole (temp file + rename) that never
//! replaces an existing file unless asked to.

use std::io::Write;
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
    let parent = parent_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{name}.dlexam-{}.tmp", std::process::id()));
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

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
