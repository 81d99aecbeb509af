//! The fault suite: real runs killed at random moments, two runs on one folder, a full and a
//! read-only file system, outputs that are the same file, and hostile inputs (sizes, names,
//! templates). Each test checks what a user would see afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Full and read-only file systems, aliased outputs, symlinked folders.
mod files;
/// Inputs over their limits, runaway templates, names, user text in Markdown and CSV.
mod inputs;
/// `exam` killed at random moments, publishing included; two runs on one folder.
mod kill;

/// The built `dlexam` binary.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_dlexam")
}

/// A roster of `n` students.
pub fn roster(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from("id,name\n");
    for i in 0..n {
        text.push_str(&format!("s{i:04},Student {i}\n"));
    }
    let path = dir.join(format!("roster{n}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `dlexam` inside a small tmpfs mounted at `mount` in a private mount namespace
/// (`unshare -rm`), `options` as for `mount -o` (`size=64k`, `ro`); `args` may name paths under
/// `mount`. None when this machine cannot mount one (the caller skips loudly).
pub fn in_tmpfs(mount: &Path, options: &str, setup: &str, args: &[&str]) -> Option<Output> {
    std::fs::create_dir_all(mount).unwrap();
    let script =
        format!("mount -t tmpfs -o {options} tmpfs \"$0\" || exit 97\n{setup}\nexec \"$@\"");
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .arg(mount)
        .arg(binary())
        .args(args)
        .output()
        .ok()?;
    if out.status.code() == Some(97)
        || (out.status.code() == Some(1) && out.stderr.starts_with(b"unshare"))
    {
        return None;
    }
    Some(out)
}

/// Says loudly that a check could not run here.
pub fn skipped(what: &str) {
    eprintln!(
        "SKIPPED: {what}: this machine cannot mount a tmpfs in a private mount namespace (unshare -rm)"
    );
}

/// Asserts a run failed with `code` and one line on stderr, no panic; returns the line.
pub fn fails(out: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    stderr
}
