//! Stopping the process from a watchdog (a user template over its time or memory limit): the
//! one-line message, exit code 2, and the folders a run made removed first, as a failed run
//! would remove them (see [`crate::exam`]). Paths are registered while they are this run's own.

use std::path::PathBuf;
use std::sync::Mutex;

/// What to remove on an abort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A folder and everything in it (this run's unpublished class).
    Tree,
    /// A folder, only if empty (an output folder this run made).
    EmptyFolder,
    /// A file.
    File,
}

static REGISTERED: Mutex<Vec<(u64, PathBuf, Kind)>> = Mutex::new(Vec::new());
static NEXT: Mutex<u64> = Mutex::new(0);

/// Removes `path` on an abort while this token lives.
pub struct Registered(u64);

/// Registers `path` to be removed if the process is stopped by [`exit_invalid`].
pub fn remove_on_abort(path: PathBuf, kind: Kind) -> Registered {
    let mut next = NEXT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *next += 1;
    let id = *next;
    REGISTERED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((id, path, kind));
    Registered(id)
}

impl Drop for Registered {
    fn drop(&mut self) {
        REGISTERED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|(id, _, _)| *id != self.0);
    }
}

/// Prints `error: <message>` (one line), removes what was registered (newest first) and exits
/// with code 2.
pub fn exit_invalid(message: &str) -> ! {
    eprintln!("error: {}", message.replace('\n', " "));
    let registered = REGISTERED.lock().map(|r| r.clone()).unwrap_or_default();
    for (_, path, kind) in registered.iter().rev() {
        let _ = match kind {
            Kind::Tree => std::fs::remove_dir_all(path),
            Kind::EmptyFolder => std::fs::remove_dir(path),
            Kind::File => std::fs::remove_file(path),
        };
    }
    std::process::exit(2)
}
