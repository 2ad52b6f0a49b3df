//! `appraise completions SHELL` and `appraise man [COMMAND]`: generated from
//! the same clap definitions as the command line itself (`crate::cli`).

use super::Failure;
use crate::cli::Cli;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use clap::CommandFactory;
use std::io::Write;

/// A completion script for `shell` on standard output.
pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "appraise", &mut buf);
    to_stdout(&buf)
}

/// The man page (roff) on standard output: `appraise(1)`, or a subcommand's
/// `appraise-compute(1)`.
pub fn man(command: Option<&str>) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone().version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                return Err(Failure::User(Diagnostics(vec![Diagnostic::error(
                    Location::None,
                    format!(
                        "no command \"{name}\"; the commands are {}",
                        names.join(", ")
                    ),
                )])));
            }
        },
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf)?;
    to_stdout(&buf)
}

/// Writes `bytes` to standard output; a reader that stops early (`| head`) is not a failure.
fn to_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Internal(
            super::compute::cannot_write_stdout(&e.to_string()),
        )),
        _ => Ok(()),
    }
}
