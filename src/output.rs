//! Writing output safely: stdout, or files written whole (a temporary file in the target's
//! folder, synced, then renamed) that never replace an existing file unless asked to.
//!
//! Outputs are compared as files, not as path strings: `./a.md`, `sub/../a.md`, an absolute
//! path and a path through a symlinked folder are the same file when they reach the same device
//! and inode (or, for a file that does not exist yet, the same canonical folder and name). Two
//! outputs of one command that are the same file, or an output that is one of its inputs, are
//! refused (exit 2) before anything is written.

use std::fs::File;
use std::io::{BufWriter, StdoutLock, Write};
use std::os::unix::fs::MetadataExt;
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
        Some(path) => write_files(&[("-o", path, text.as_bytes())], force),
    }
}

/// Checks that `path` may be written: its folder exists, and it is new (or `force`).
pub fn check_writable(path: &Path, force: bool) -> Result<()> {
    check_output("-o", path, force)
}

/// Checks that the output `path` of option `flag` may be written: not a folder, its folder
/// exists, and it is new (or `force`).
pub fn check_output(flag: &str, path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "{flag} {}: is a folder, expected a file path",
            path.display()
        )));
    }
    if path.exists() && !force {
        return Err(Error::invalid(format!(
            "{flag} {}: file exists; pass --force to replace it",
            path.display()
        )));
    }
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(Error::invalid(format!(
            "{flag} {}: folder {} does not exist",
            path.display(),
            parent.display()
        )));
    }
    Ok(())
}

/// What a path is as a file: its device and inode when it exists, else its canonical folder
/// and its name.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    Inode(u64, u64),
    Name(PathBuf),
}

fn identity(path: &Path) -> Identity {
    if let Ok(meta) = std::fs::metadata(path) {
        return Identity::Inode(meta.dev(), meta.ino());
    }
    let parent = parent_of(path);
    let folder = std::fs::canonicalize(&parent).unwrap_or(parent);
    Identity::Name(folder.join(path.file_name().unwrap_or_default()))
}

/// Checks a command's outputs (option, path) against each other and against its inputs:
/// refuses (exit 2) two outputs that are the same file and an output that is an input.
pub fn check_distinct(outputs: &[(&str, &Path)], inputs: &[(&str, &Path)]) -> Result<()> {
    let ids: Vec<Identity> = outputs.iter().map(|(_, p)| identity(p)).collect();
    for (i, (flag, path)) in outputs.iter().enumerate() {
        if let Some(j) = ids[..i].iter().position(|id| *id == ids[i]) {
            let (first_flag, first) = outputs[j];
            return Err(Error::invalid(format!(
                "{flag} {}: is the same file as {first_flag} {}; give each output its own file",
                path.display(),
                first.display()
            )));
        }
        for (input_flag, input) in inputs {
            if identity(input) == ids[i] {
                return Err(Error::invalid(format!(
                    "{flag} {}: is the same file as the input {input_flag} {}; write the output to another file",
                    path.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// Writes several files (option, path, bytes) all or nothing: each is checked
/// ([`check_output`], [`check_distinct`]), written to a temporary file in its folder and synced;
/// only when all of them are written are they renamed into place. A failure removes the
/// temporary files, so it leaves no new file.
pub fn write_files(files: &[(&str, &Path, &[u8])], force: bool) -> Result<()> {
    for (flag, path, _) in files {
        check_output(flag, path, force)?;
    }
    let outputs: Vec<(&str, &Path)> = files.iter().map(|(f, p, _)| (*f, *p)).collect();
    check_distinct(&outputs, &[])?;
    let mut temps: Vec<PathBuf> = Vec::new();
    let remove_all = |temps: &[PathBuf]| {
        for temp in temps {
            let _ = std::fs::remove_file(temp);
        }
    };
    for (_, path, bytes) in files {
        remove_stale_temps(path);
        let temp = temp_path(path);
        temps.push(temp.clone());
        let written = std::fs::File::create(&temp)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
        if let Err(source) = written {
            remove_all(&temps);
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    let mut placed: Vec<&Path> = Vec::new();
    for ((_, path, _), temp) in files.iter().zip(&temps) {
        if let Err(source) = move_into_place(temp, path, force) {
            remove_all(&temps);
            for done in placed {
                // Only files this run made are taken back; a replaced file cannot be.
                if !force {
                    let _ = std::fs::remove_file(done);
                }
            }
            let hint = if source.kind() == std::io::ErrorKind::AlreadyExists {
                " (it appeared while dlexam was writing; nothing was replaced)"
            } else {
                ""
            };
            return Err(Error::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(source.kind(), format!("{source}{hint}")),
            });
        }
        placed.push(path);
    }
    Ok(())
}

/// Where a document written piece by piece goes: stdout, or a temporary file beside the target
/// that [`Sink::finish`] syncs and moves into place (dropped unfinished, it is removed: no
/// half-written file). Errors name the target (`<stdout>` for stdout).
pub struct Sink {
    /// None once finished.
    out: Option<SinkTarget>,
    path: PathBuf,
    force: bool,
}

enum SinkTarget {
    Stdout(BufWriter<StdoutLock<'static>>),
    /// The temporary file and its path.
    File(BufWriter<File>, PathBuf),
}

impl Sink {
    /// Stdout (`None`), or a new temporary file for `path` after checking that `path` may be
    /// written (see [`check_writable`]).
    pub fn create(path: Option<&Path>, force: bool) -> Result<Sink> {
        let Some(path) = path else {
            return Ok(Sink {
                out: Some(SinkTarget::Stdout(BufWriter::new(std::io::stdout().lock()))),
                path: PathBuf::from("<stdout>"),
                force,
            });
        };
        check_writable(path, force)?;
        remove_stale_temps(path);
        let temp = temp_path(path);
        let file = File::create(&temp).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Sink {
            out: Some(SinkTarget::File(BufWriter::new(file), temp)),
            path: path.to_path_buf(),
            force,
        })
    }

    /// The target, as errors name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes stdout, or syncs the file and moves it into place.
    pub fn finish(mut self) -> Result<()> {
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        match self.out.take() {
            Some(SinkTarget::Stdout(mut out)) => out.flush().map_err(io),
            Some(SinkTarget::File(mut out, temp)) => {
                let moved = out
                    .flush()
                    .and_then(|()| out.get_ref().sync_all())
                    .and_then(|()| move_into_place(&temp, &self.path, self.force));
                if moved.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                moved.map_err(io)
            }
            None => Ok(()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.out {
            Some(SinkTarget::Stdout(out)) => out.write(bytes),
            Some(SinkTarget::File(out, _)) => out.write(bytes),
            None => Ok(bytes.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Some(SinkTarget::Stdout(out)) => out.flush(),
            Some(SinkTarget::File(out, _)) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Sink {
    /// An unfinished sink (the command failed) keeps what it has not passed on yet: stdout gets
    /// no more text (at most what went out before, a buffer's worth at a time), a temporary
    /// file is removed.
    fn drop(&mut self) {
        match self.out.take() {
            Some(SinkTarget::Stdout(out)) => drop(out.into_parts()),
            Some(SinkTarget::File(_, temp)) => {
                let _ = std::fs::remove_file(temp);
            }
            None => {}
        }
    }
}

/// Writes bytes to `path` atomically (a temporary file in the same folder, then a rename).
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_files(&[("-o", path, bytes)], force)
}

/// The temporary file `path` is written to first: hidden, beside it, named after this process.
fn temp_path(path: &Path) -> PathBuf {
    parent_of(path).join(format!("{}{}.tmp", temp_prefix(path), std::process::id()))
}

/// `.<name>.dlexam-`: how the temporary files for `path` start.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.dlexam-")
}

/// Removes the temporary files a killed run left for `path` (their process is gone).
fn remove_stale_temps(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(parent_of(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid {
            let gone =
                Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists();
            if gone {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
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

/// A CSV cell a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'` (OWASP's rule against formula injection). Ids never need
/// it (the roster refuses those characters at their start).
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dlexam-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        dir
    }

    #[test]
    fn the_same_file_by_any_path_is_refused() {
        let dir = temp("alias");
        let a = dir.join("a.md");
        for other in [
            dir.join("sub/../a.md"),
            dir.join("./a.md"),
            dir.join("sub/..").join("a.md"),
        ] {
            // Not existing yet: the canonical folder and the name.
            assert!(check_distinct(&[("-o", &a), ("--key", &other)], &[]).is_err());
            std::fs::write(&a, "x").unwrap();
            // Existing: device and inode.
            assert!(check_distinct(&[("-o", &a), ("--key", &other)], &[]).is_err());
            std::fs::remove_file(&a).unwrap();
        }
        let link = dir.join("link");
        std::os::unix::fs::symlink(dir.join("sub"), &link).unwrap();
        let e = check_distinct(
            &[("-o", &dir.join("sub/k.md")), ("--key", &link.join("k.md"))],
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("same file"), "{e}");
        assert!(check_distinct(&[("-o", &a), ("--key", &dir.join("b.md"))], &[]).is_ok());
        std::fs::write(&a, "x").unwrap();
        assert!(check_distinct(&[("-o", &dir.join("sub/../a.md"))], &[("--answers", &a)]).is_err());
    }

    #[test]
    fn formulas_in_csv_cells_are_neutralised() {
        for (cell, safe) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("Ada Lovelace", "Ada Lovelace"),
        ] {
            assert_eq!(csv_cell(cell), safe);
        }
    }

    #[test]
    fn a_refused_write_leaves_no_file() {
        let dir = temp("refused");
        let (a, b) = (dir.join("a.md"), dir.join("b.md"));
        std::fs::write(&b, "old").unwrap();
        assert!(write_files(&[("-o", &a, b"new a"), ("--key", &b, b"new b")], false).is_err());
        assert!(!a.exists());
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old");
        write_files(&[("-o", &a, b"new a"), ("--key", &b, b"new b")], true).unwrap();
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 3, "no temporary files left: {names:?}");
    }
}
