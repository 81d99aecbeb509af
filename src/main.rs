//! The `dlexam` binary: parse, run, print the error, exit with its code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: solving, rendering and the JSON allocate many small
/// short-lived values (big integers, strings, JSON trees); `docs/exams.md` has the measurement.
/// It builds with the C compiler that links Rust programs anyway.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    if std::env::args_os().len() <= 1 {
        eprint!("{}", dlexam::cli::short_usage());
        return ExitCode::from(2);
    }
    let cli = match dlexam::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // One line, like every other input error.
            let text = e.to_string();
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty()
                        && !l.starts_with("Usage:")
                        && !l.starts_with("For more information")
                })
                .collect();
            eprintln!("{} (see dlexam --help)", lines.join(" "));
            return ExitCode::from(2);
        }
    };
    match dlexam::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // One line whatever the message holds (an OS error, a template's report).
            eprintln!("error: {}", e.to_string().replace(['\n', '\r'], " "));
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
