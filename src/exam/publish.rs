//! Publishing a class whole or not at all, one run at a time.
//!
//! The class a user sees in `DIR` (`exams/`, `keys/`, `keys.json`, `manifest.csv`) lives in a
//! hidden folder, `DIR/.dlexam/class-<token>/`, and is reached through links:
//!
//! ```text
//! DIR/exams        -> .dlexam/current/exams
//! DIR/keys         -> .dlexam/current/keys
//! DIR/keys.json    -> .dlexam/current/keys.json
//! DIR/manifest.csv -> .dlexam/current/manifest.csv
//! DIR/class.pdf    -> .dlexam/current/class.pdf   (with --pdf; keys.pdf likewise)
//! DIR/.dlexam/current -> class-<token>
//! DIR/.dlexam/lock    (held by the run that is writing: its pid)
//! ```
//!
//! A run builds its complete class in a new `class-<token>/` folder, syncs it to disk, and then
//! publishes it with one rename: a fresh `current` link replaces the old one. Killed at any
//! moment, the folder shows either the complete old class or the complete new one (in a fresh
//! folder: none at all, the links then lead nowhere). The lock (`flock` on `.dlexam/lock`, which
//! the kernel releases when a process dies) keeps two runs apart; the second one stops (exit 2)
//! naming the first. Under the lock, every `class-*` folder that `current` does not point to,
//! and every half-made link, is what a killed run left behind: the next run removes them, and
//! nothing else.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::abort;
use crate::error::{Error, Result};

/// The hidden folder that holds the classes, the `current` link and the lock.
pub const META: &str = ".dlexam";
/// The entries of `DIR` that lead into the published class.
pub const PUBLISHED: [&str; 4] = ["exams", "keys", "keys.json", "manifest.csv"];
/// Entries linked only while the published class has them (`--pdf`: class.pdf, keys.pdf).
pub const OPTIONAL: [&str; 2] = ["class.pdf", "keys.pdf"];

/// Every entry of `DIR` that may be dlexam's link.
fn linked() -> impl Iterator<Item = &'static str> {
    PUBLISHED.into_iter().chain(OPTIONAL)
}

/// An output folder, locked by this run.
pub struct ClassDir {
    out_dir: PathBuf,
    meta: PathBuf,
    /// Held open: the lock lasts as long as this file is open.
    _lock: File,
    /// What this run made that a run which publishes nothing removes again.
    made_out_dir: bool,
    made_meta: bool,
    /// The same, for a run stopped by a watchdog (see [`crate::abort`]).
    _on_abort: Vec<abort::Registered>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl ClassDir {
    /// Creates `out_dir` if needed, takes its lock (exit 2 naming the run that holds it),
    /// removes what killed runs left behind, and checks that every entry of [`PUBLISHED`] in
    /// `out_dir` is absent or dlexam's own link (a symlink elsewhere is refused, exit 2).
    pub fn open(out_dir: &Path) -> Result<ClassDir> {
        let made_out_dir = !out_dir.exists();
        std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
        let meta = out_dir.join(META);
        let made_meta = match std::fs::symlink_metadata(&meta) {
            Ok(m) if m.file_type().is_dir() => false,
            Ok(_) => {
                return Err(Error::invalid(format!(
                    "--out-dir {}: {} is not a folder (dlexam keeps its classes there); remove it",
                    out_dir.display(),
                    meta.display()
                )));
            }
            Err(_) => {
                std::fs::create_dir(&meta).map_err(io(&meta))?;
                true
            }
        };
        let lock = lock(out_dir, &meta.join("lock"))?;
        let mut on_abort = Vec::new();
        if made_out_dir {
            on_abort.push(abort::remove_on_abort(
                out_dir.to_path_buf(),
                abort::Kind::EmptyFolder,
            ));
        }
        if made_meta {
            on_abort.push(abort::remove_on_abort(
                meta.clone(),
                abort::Kind::EmptyFolder,
            ));
            on_abort.push(abort::remove_on_abort(meta.join("lock"), abort::Kind::File));
        }
        let dir = ClassDir {
            out_dir: out_dir.to_path_buf(),
            meta,
            _lock: lock,
            made_out_dir,
            made_meta,
            _on_abort: on_abort,
        };
        dir.check_entries()?;
        dir.remove_leftovers()?;
        Ok(dir)
    }

    /// The published class folder, if there is one.
    pub fn current(&self) -> Option<PathBuf> {
        let target = std::fs::read_link(self.meta.join("current")).ok()?;
        let class = self.meta.join(target);
        class.is_dir().then_some(class)
    }

    /// A new, empty class folder to build in (not published until [`ClassDir::publish`]).
    pub fn new_class(&self) -> Result<PathBuf> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let class = self
            .meta
            .join(format!("class-{}-{nanos:09}", std::process::id()));
        std::fs::create_dir(&class).map_err(io(&class))?;
        Ok(class)
    }

    /// Publishes a finished class folder (from [`ClassDir::new_class`]): syncs it to disk,
    /// makes the links of [`PUBLISHED`] that are missing, points `current` at it with one
    /// rename, and removes the class it replaced.
    pub fn publish(&self, class: &Path) -> Result<()> {
        pause("sync");
        sync_tree(class)?;
        pause("links");
        let has = |name: &str| PUBLISHED.contains(&name) || class.join(name).exists();
        for name in linked().filter(|n| has(n)) {
            let link = self.out_dir.join(name);
            if std::fs::symlink_metadata(&link).is_err() {
                replace_with_link(&link, &own_link_target(name))?;
            }
        }
        sync_dir(&self.out_dir)?;
        let old = self.current();
        pause("switch");
        let name = class
            .file_name()
            .map(PathBuf::from)
            .ok_or_else(|| Error::Tool(format!("{}: not a class folder", class.display())))?;
        replace_with_link(&self.meta.join("current"), &name)?;
        sync_dir(&self.meta)?;
        pause("clean");
        if let Some(old) = old.filter(|o| o.as_path() != class) {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        // A class without PDFs leaves no link to the PDFs of the class it replaced.
        for name in OPTIONAL.into_iter().filter(|n| !has(n)) {
            let link = self.out_dir.join(name);
            if std::fs::read_link(&link).is_ok_and(|t| t == own_link_target(name)) {
                std::fs::remove_file(&link).map_err(io(&link))?;
            }
        }
        Ok(())
    }

    /// Refuses entries of [`PUBLISHED`] that are not dlexam's links: a folder or file of an
    /// older layout, or a link that leads elsewhere (the class would be written to its target).
    fn check_entries(&self) -> Result<()> {
        for name in linked() {
            let path = self.out_dir.join(name);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let own = own_link_target(name);
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).map_err(io(&path))?;
                if target == own {
                    continue;
                }
                return Err(Error::invalid(format!(
                    "--out-dir {}: {name} is a symbolic link to {}; dlexam does not write through links it did not make: remove it",
                    self.out_dir.display(),
                    target.display()
                )));
            }
            return Err(Error::invalid(format!(
                "--out-dir {}: {name} is a {} dlexam did not publish (dlexam publishes a class as links into {META}/): move it away or choose another folder",
                self.out_dir.display(),
                if meta.is_dir() { "folder" } else { "file" }
            )));
        }
        Ok(())
    }

    /// Removes what killed runs left: class folders that are not published, half-made links,
    /// and the staging folders of dlexam versions before this layout whose process is gone.
    fn remove_leftovers(&self) -> Result<()> {
        let current = self.current();
        for entry in std::fs::read_dir(&self.meta).map_err(io(&self.meta))? {
            let entry = entry.map_err(io(&self.meta))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with("class-") && Some(&path) != current.as_ref() {
                std::fs::remove_dir_all(&path).map_err(io(&path))?;
            } else if name.starts_with(".link-") {
                std::fs::remove_file(&path).map_err(io(&path))?;
            }
        }
        for entry in std::fs::read_dir(&self.out_dir).map_err(io(&self.out_dir))? {
            let entry = entry.map_err(io(&self.out_dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with(".link-") && name.contains(".dlexam-") {
                std::fs::remove_file(&path).map_err(io(&path))?;
            } else if name
                .strip_prefix(".dlexam-staging-")
                .and_then(|pid| pid.parse::<u32>().ok())
                .is_some_and(|pid| !alive(pid))
            {
                std::fs::remove_dir_all(&path).map_err(io(&path))?;
            }
        }
        Ok(())
    }
}

impl Drop for ClassDir {
    /// A run that published nothing into a folder it made leaves the file system as it found it.
    fn drop(&mut self) {
        if self.current().is_some() || !self.made_meta {
            return;
        }
        for name in linked() {
            let link = self.out_dir.join(name);
            if std::fs::read_link(&link).is_ok_and(|t| t == own_link_target(name)) {
                let _ = std::fs::remove_file(&link);
            }
        }
        let _ = std::fs::remove_file(self.meta.join("lock"));
        let _ = std::fs::remove_dir(&self.meta);
        if self.made_out_dir {
            let _ = std::fs::remove_dir(&self.out_dir);
        }
    }
}

/// The target of dlexam's link `DIR/<name>`.
fn own_link_target(name: &str) -> PathBuf {
    Path::new(META).join("current").join(name)
}

/// Makes `link` a symbolic link to `target` in one step: a link made under a temporary name
/// beside it, renamed over whatever `link` was (a rename replaces a link atomically).
fn replace_with_link(link: &Path, target: &Path) -> Result<()> {
    let folder = link.parent().unwrap_or(Path::new("."));
    let name = link.file_name().unwrap_or_default().to_string_lossy();
    let temp = folder.join(format!(".link-{name}.dlexam-{}", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    std::os::unix::fs::symlink(target, &temp).map_err(io(&temp))?;
    std::fs::rename(&temp, link).map_err(|source| {
        let _ = std::fs::remove_file(&temp);
        Error::Io {
            path: link.to_path_buf(),
            source,
        }
    })
}

/// Takes the lock of an output folder, or says who holds it (exit 2).
fn lock(out_dir: &Path, path: &Path) -> Result<File> {
    loop {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io(path))?;
        match try_lock(&file) {
            Ok(true) => {}
            Ok(false) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let who = if holder.is_empty() {
                    "another dlexam run".to_string()
                } else {
                    format!("another dlexam run ({holder})")
                };
                return Err(Error::invalid(format!(
                    "--out-dir {}: {who} is writing a class there (lock {}); wait for it to end, or stop it, and run again",
                    out_dir.display(),
                    path.display()
                )));
            }
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
        // A run that gave up on a folder it made removes the lock file: if ours was removed
        // between opening and locking it, lock the new one.
        let same = std::fs::metadata(path).ok().zip(file.metadata().ok());
        if !same.is_some_and(|(on_disk, held)| {
            on_disk.dev() == held.dev() && on_disk.ino() == held.ino()
        }) {
            continue;
        }
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| writeln!(file, "pid {}", std::process::id()))
            .map_err(io(path))?;
        return Ok(file);
    }
}

/// Takes an exclusive `flock` on `file` without waiting: false when another process holds it.
fn try_lock(file: &File) -> std::io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Whether a process with this id runs (Linux: `/proc/<pid>`; elsewhere assumed alive).
fn alive(pid: u32) -> bool {
    !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Writes everything under `root` to disk: on Linux the whole file system at once (`syncfs`,
/// one journal commit instead of one per file), elsewhere file by file; then the folders.
fn sync_tree(root: &Path) -> Result<()> {
    let mut folders = vec![root.to_path_buf()];
    let mut i = 0;
    while let Some(folder) = folders.get(i).cloned() {
        i += 1;
        for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
            let entry = entry.map_err(io(&folder))?;
            let path = entry.path();
            if entry.file_type().map_err(io(&path))?.is_dir() {
                folders.push(path);
            } else if !cfg!(target_os = "linux") {
                File::open(&path)
                    .and_then(|f| f.sync_all())
                    .map_err(io(&path))?;
            }
        }
    }
    #[cfg(target_os = "linux")]
    {
        let handle = File::open(root).map_err(io(root))?;
        rustix::fs::syncfs(&handle).map_err(|e| Error::Io {
            path: root.to_path_buf(),
            source: e.into(),
        })?;
    }
    for folder in &folders {
        sync_dir(folder)?;
    }
    Ok(())
}

/// Writes a folder's entries (names, links) to disk.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|f| f.sync_all()).map_err(io(dir))
}

/// Fault tests only: with `DLEXAM_TEST_PUBLISH_PAUSE_MS` set, says each step of publishing on
/// stderr (`dlexam-test: publish <step>`) and waits that long before it, so that a test can
/// kill a run in the middle of publishing. Without it, nothing happens.
fn pause(step: &str) {
    let Some(ms) = std::env::var("DLEXAM_TEST_PUBLISH_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "dlexam-test: publish {step}");
    let _ = stderr.flush();
    drop(stderr);
    std::thread::sleep(Duration::from_millis(ms));
}
