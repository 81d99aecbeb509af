//! Progress bars on stderr for long batches, only when stderr is a terminal (quiet in scripts,
//! pipes, CI and tests).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Batches shorter than this get no bar.
pub const MIN_LEN: u64 = 10;

/// A bar for `len` steps labelled `message`, or a hidden one.
pub fn bar(len: u64, message: &'static str) -> ProgressBar {
    if len < MIN_LEN || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}
