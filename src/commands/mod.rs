//! One file per subcommand: resolve options, call the library, write results.

pub mod check;
pub mod close;
pub mod compute;
pub mod reopen;
pub mod verify;

use crate::cli::{Cli, Command};
use crate::diagnostic::Diagnostics;
use crate::exit::Exit;
use std::fmt;

/// Why a command failed: the user's files (messages say where) or something else.
#[derive(Debug)]
pub enum Failure {
    User(Diagnostics),
    Internal(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::User(d) => write!(f, "{d}"),
            Failure::Internal(m) => write!(f, "error: {m}"),
        }
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Failure {
        Failure::User(d)
    }
}

impl Failure {
    pub fn exit(&self) -> Exit {
        match self {
            Failure::User(_) => Exit::BadInput,
            Failure::Internal(_) => Exit::Internal,
        }
    }
}

/// Runs a parsed command line. Messages for the user go to standard error.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let root = cli.workspace.clone().unwrap_or_else(|| ".".into());
    match cli.command {
        Command::Compute {
            month,
            scheme,
            format,
            output,
            encoding,
        } => compute::run(
            &root,
            &month,
            scheme.as_deref(),
            format,
            output.as_deref(),
            encoding,
        ),
        Command::Check { schemes } => check::run(&root, &schemes),
        Command::Verify { month, format } => verify::run(&root, &month, format),
        Command::Close { month, date, by } => {
            close::run(&root, &month, date.as_deref(), by.as_deref())
        }
        Command::Reopen {
            month,
            reason,
            date,
        } => reopen::run(&root, &month, &reason, date.as_deref()),
    }
}
