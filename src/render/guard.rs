//! Limits on user templates (`--templates DIR`), which are code the user runs.
//!
//! - Loading ([`read_user_template`]): a regular file inside the folder (no symlink or folder
//!   link out of it, no device or FIFO), at most [`MAX_TEMPLATE_BYTES`], UTF-8, and none of the
//!   constructs that grow without bound: `set_global`, `set` inside a `for` loop (string
//!   doubling), component or macro definitions (recursion).
//! - Rendering ([`render_limited`]): at most [`MAX_RENDER_BYTES`] of output per document, and a
//!   watchdog that stops the process (exit 2, see [`crate::abort`]) when one render takes longer
//!   than [`MAX_RENDER_SECONDS`] or the process's memory passes [`MAX_RENDER_MEMORY`]
//!   (Tera cannot be interrupted: nested `range` loops would otherwise run for hours).

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::limits::{
    MAX_RENDER_BYTES, MAX_RENDER_MEMORY, MAX_RENDER_SECONDS, MAX_TEMPLATE_BYTES, read_limited, size,
};

/// Reads `dir/name` as a user template, or None when the folder has no such file.
pub fn read_user_template(dir: &Path, name: &str) -> Result<Option<String>> {
    let path = dir.join(name);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Ok(None);
    };
    let what = format!("--templates {}: {name}", dir.display());
    let inside = std::fs::canonicalize(&path)
        .ok()
        .zip(std::fs::canonicalize(dir).ok())
        .is_some_and(|(file, folder)| file.starts_with(folder));
    if !inside {
        return Err(Error::invalid(format!(
            "{what}: leads out of the folder through a symbolic link; templates must be files inside it"
        )));
    }
    if meta.is_dir() || (!meta.is_file() && !std::fs::metadata(&path).is_ok_and(|m| m.is_file())) {
        return Err(Error::invalid(format!(
            "{what}: is not a regular file; templates must be files"
        )));
    }
    let bytes = read_limited(&path, MAX_TEMPLATE_BYTES, &what)?;
    let text =
        String::from_utf8(bytes).map_err(|_| Error::invalid(format!("{what}: not UTF-8 text")))?;
    check_constructs(&text).map_err(|rule| Error::invalid(format!("{what}: {rule}")))?;
    Ok(Some(text))
}

/// Refuses the constructs that let a template grow without bound; the error is the rule.
fn check_constructs(text: &str) -> std::result::Result<(), String> {
    let mut loops = 0usize;
    let mut rest = text;
    let mut line = 1;
    while let Some(start) = rest.find("<%") {
        line += rest[..start].matches('\n').count();
        let after = &rest[start + 2..];
        let end = after.find("%>").unwrap_or(after.len());
        let tag = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = tag.split_whitespace().next().unwrap_or("");
        match word {
            "for" => loops += 1,
            "endfor" => loops = loops.saturating_sub(1),
            "set_global" => {
                return Err(format!(
                    "line {line}: `set_global` is not allowed in user templates (it can grow a value without bound)"
                ));
            }
            "set" if loops > 0 => {
                return Err(format!(
                    "line {line}: `set` inside a `for` loop is not allowed in user templates (it can grow a value without bound)"
                ));
            }
            "component" | "macro" => {
                return Err(format!(
                    "line {line}: `{word}` definitions are not allowed in user templates (they can recurse without end)"
                ));
            }
            _ => {}
        }
        line += after[..end].matches('\n').count();
        rest = &after[end..];
    }
    Ok(())
}

/// Output that refuses to grow past [`MAX_RENDER_BYTES`].
struct Limited {
    bytes: Vec<u8>,
    over: bool,
}

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_RENDER_BYTES {
            self.over = true;
            return Err(std::io::Error::other("output limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders with `render` (which writes into the given writer) under the output limit and the
/// watchdog. `Err(None)`: the output passed the limit; `Err(Some(e))`: the template's error.
pub fn render_limited<E>(
    name: &str,
    render: impl FnOnce(&mut dyn Write) -> std::result::Result<(), E>,
) -> std::result::Result<String, Option<E>> {
    let _watch = Watch::start(name);
    let mut out = Limited {
        bytes: Vec::new(),
        over: false,
    };
    match render(&mut out) {
        Ok(()) => Ok(String::from_utf8_lossy(&out.bytes).into_owned()),
        Err(_) if out.over => Err(None),
        Err(e) => Err(Some(e)),
    }
}

/// The refusal for a render whose output passed the limit.
pub fn too_much_output(name: &str) -> Error {
    Error::invalid(format!(
        "template {name}: writes more than the limit of {} for one document (see docs/limits.md)",
        size(MAX_RENDER_BYTES)
    ))
}

/// Renders in progress: (id, template, start).
static ACTIVE: Mutex<Vec<(u64, String, Instant)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static WATCHDOG: std::sync::Once = std::sync::Once::new();

/// One render under watch (removed from [`ACTIVE`] when dropped).
struct Watch(u64);

impl Watch {
    fn start(name: &str) -> Watch {
        WATCHDOG.call_once(|| {
            std::thread::Builder::new()
                .name("dlexam-template-watchdog".into())
                .spawn(watchdog)
                .ok();
        });
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        ACTIVE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((id, name.to_string(), Instant::now()));
        Watch(id)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        ACTIVE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|(id, _, _)| *id != self.0);
    }
}

/// Every few milliseconds while a user template renders: stops the process when a render runs
/// too long or memory passes the limit.
fn watchdog() {
    loop {
        std::thread::sleep(Duration::from_millis(4));
        let oldest = ACTIVE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .min_by_key(|(_, _, start)| *start)
            .map(|(_, name, start)| (name.clone(), start.elapsed()));
        let Some((name, elapsed)) = oldest else {
            continue;
        };
        if elapsed > Duration::from_secs(MAX_RENDER_SECONDS) {
            crate::abort::exit_invalid(&format!(
                "template {name}: rendering one document took longer than the limit of {MAX_RENDER_SECONDS} s (a loop that runs too long?); nothing was written"
            ));
        }
        if resident_bytes().is_some_and(|b| b > MAX_RENDER_MEMORY) {
            crate::abort::exit_invalid(&format!(
                "template {name}: rendering used more than the limit of {} of memory; nothing was written",
                size(MAX_RENDER_MEMORY as usize)
            ));
        }
    }
}

/// The process's resident memory (Linux: `/proc/self/status`), if known.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs_that_grow_without_bound_are_refused() {
        for (text, needle) in [
            ("<% set_global s = s ~ s %>", "line 1: `set_global`"),
            (
                "a\n<% for i in range(end=9) %>\n<%- set s = s ~ s -%><% endfor %>",
                "line 3: `set` inside",
            ),
            ("<% component f() %><% endcomponent %>", "`component`"),
        ] {
            let e = check_constructs(text).unwrap_err();
            assert!(e.contains(needle), "{text}: {e}");
        }
        assert!(
            check_constructs("<% set x = 1 %><% for i in xs %><< i >><% endfor %><% set y = 2 %>")
                .is_ok()
        );
    }
}
