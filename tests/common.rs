//! Helpers: run the real `dlexam` binary, and pin outputs as snapshots in `snapshots/`.

use std::process::{Command, Output};

/// Runs `dlexam` with `args`; returns the process output.
pub fn dlexam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlexam"))
        .args(args)
        .output()
        .expect("dlexam runs")
}

/// Runs `dlexam` and returns stdout, asserting success.
pub fn stdout_of(args: &[&str]) -> String {
    let out = dlexam(args);
    assert!(
        out.status.success(),
        "dlexam {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs `dlexam` expecting exit code 2; returns stderr (asserted to be one line).
pub fn usage_error(args: &[&str]) -> String {
    let out = dlexam(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "dlexam {args:?} should exit 2; stderr: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "dlexam {args:?} printed to stdout on error"
    );
    assert!(!stderr.contains("panicked"), "panic for {args:?}: {stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "expected one line for {args:?}, got: {stderr}"
    );
    stderr
}

/// A fresh empty temporary folder for one test.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dlexam-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Asserts `value` against the snapshot `name` in the top-level `snapshots/` folder.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}
