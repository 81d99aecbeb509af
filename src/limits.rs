//! Documented limits on every input, checked before the work (docs/limits.md lists them).
//!
//! A file is read through [`read_limited`], which stops after the limit (so `--params
//! @/dev/zero` or 100 MB on stdin costs at most the limit in memory); every refusal is one line
//! naming the limit and exits 2.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Params JSON (`solve --params`, inline or `@FILE`): bytes.
pub const MAX_PARAMS_BYTES: usize = 64 * 1024;
/// Layers in a `conv-output` chain.
pub const MAX_CHAIN_LAYERS: usize = 64;
/// A spec file: bytes.
pub const MAX_SPEC_BYTES: usize = 256 * 1024;
/// Problems in one document (sheet or exam), after `count` is expanded.
pub const MAX_PROBLEMS: usize = 200;
/// A roster file: bytes.
pub const MAX_ROSTER_BYTES: usize = 16 * 1024 * 1024;
/// Students in a roster.
pub const MAX_STUDENTS: usize = 20_000;
/// A student's name: characters.
pub const MAX_NAME_CHARS: usize = 200;
/// An answers CSV (`grade --answers`): bytes.
pub const MAX_ANSWERS_BYTES: usize = 256 * 1024 * 1024;
/// One template file under `--templates`: bytes.
pub const MAX_TEMPLATE_BYTES: usize = 64 * 1024;
/// What one user template may write for one document: bytes.
pub const MAX_RENDER_BYTES: usize = 16 * 1024 * 1024;
/// How long one render of a user template may take: seconds.
pub const MAX_RENDER_SECONDS: u64 = 10;
/// Memory (resident) the process may reach while a user template renders: bytes.
pub const MAX_RENDER_MEMORY: u64 = 80 * 1024 * 1024;
/// Items `range(...)` may make in a user template.
pub const MAX_RANGE_ITEMS: i128 = 10_000;

/// Reads at most `limit` bytes of `path` (a file, a FIFO, `/dev/stdin`): more is refused (exit
/// 2, `what` names the input and the limit) without reading it. A folder or an unreadable file is
/// refused too.
pub fn read_limited(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>> {
    let cannot = |e: std::io::Error| Error::invalid(format!("{what}: cannot read the file: {e}"));
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "{what}: is a folder, expected a file"
        )));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > limit {
        return Err(too_big(what, limit));
    }
    Ok(bytes)
}

/// The refusal for an input over its size limit.
pub fn too_big(what: &str, limit: usize) -> Error {
    Error::invalid(format!(
        "{what}: larger than the limit of {} (see docs/limits.md)",
        size(limit)
    ))
}

/// Bytes for people: `64 KiB`, `16 MiB`.
pub fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_at_the_limit() {
        let e = read_limited(Path::new("/dev/zero"), 1024, "--params @/dev/zero")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "--params @/dev/zero: larger than the limit of 1 KiB (see docs/limits.md)"
        );
        assert!(read_limited(Path::new("/"), 10, "x").is_err());
        assert_eq!(size(MAX_ROSTER_BYTES), "16 MiB");
    }
}
