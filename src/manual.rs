//! `dlexam completions SHELL` and `dlexam man [COMMAND]`: shell completion scripts
//! (clap_complete) and roff manual pages (clap_mangen), both made from the clap definitions in
//! [`crate::cli`], so they always match the options the binary takes.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::write_output;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "dlexam", &mut script);
    write_output(None, &String::from_utf8_lossy(&script), false)
}

/// Prints the manual page of dlexam, or of one of its commands (`dlexam-sheet(1)`), on stdout.
pub fn man_page(name: Option<&str>) -> Result<()> {
    let mut top = Cli::command();
    top.build();
    let command = match name {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .filter(|n| n != "help")
                .collect();
            let found = top
                .find_subcommand(name)
                .filter(|_| name != "help")
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "man: `{name}` is not a dlexam command: expected one of {}",
                        names.join(", ")
                    ))
                })?;
            found.clone().display_name(format!("dlexam-{name}"))
        }
    };
    let mut page = Vec::new();
    let title = command
        .get_display_name()
        .unwrap_or(command.get_name())
        .to_string();
    clap_mangen::Man::new(command)
        .title(title)
        .render(&mut page)
        .map_err(|source| Error::Io {
            path: "<stdout>".into(),
            source,
        })?;
    write_output(None, &String::from_utf8_lossy(&page), false)
}
