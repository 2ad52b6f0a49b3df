//! One file per subcommand: resolve options, call the library, write results.

pub mod batch;
pub mod check;
pub mod close;
pub mod compute;
pub mod explain;
pub mod generate;
pub mod init;
pub mod load;
pub mod reopen;
pub mod test;
pub mod verify;

use crate::cli::{Cli, Command, Verbosity};
use crate::diagnostic::Diagnostics;
use crate::exit::Exit;
use std::fmt;

/// Why a command failed: the user's files (messages say where) or something else.
#[derive(Debug)]
pub enum Failure {
    User(Diagnostics),
    Internal(String),
    /// The messages are printed already (a batch's lines); exit with this code.
    Reported(Exit),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::User(d) if f.alternate() => write!(f, "{d:#}"),
            Failure::User(d) => write!(f, "{d}"),
            Failure::Internal(m) => {
                let d = crate::diagnostic::Diagnostic::error(
                    crate::diagnostic::Location::None,
                    m.as_str(),
                );
                if f.alternate() {
                    write!(f, "{d:#}")
                } else {
                    write!(f, "{d}")
                }
            }
            Failure::Reported(_) => Ok(()),
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
            Failure::Reported(exit) => *exit,
        }
    }
}

/// Runs a parsed command line. Messages for the user go to standard error.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let root = cli.workspace.clone().unwrap_or_else(|| ".".into());
    let verbosity = cli.verbosity();
    match cli.command {
        Command::Compute {
            months: crate::cli::Months { month, from, to },
            scheme,
            format,
            output,
            encoding,
            sheets,
        } => {
            let opts = compute::Options {
                month: month.as_deref().unwrap_or_default(),
                scheme: scheme.as_deref(),
                format,
                output: output.as_deref(),
                encoding: encoding.unwrap_or(crate::cli::Encoding::Utf8),
                json_to_file: false,
                sheets: sheets.as_deref(),
                // A batch shows its own bar of months.
                progress: from.is_none() && verbosity > Verbosity::Quiet,
            };
            match (from, to) {
                (Some(from), Some(to)) => batch::compute(&root, from, to, &opts, verbosity),
                _ => compute::run(&root, &opts, &mut |note| say(note, verbosity)),
            }
        }
        Command::Check { schemes } => check::run(&root, &schemes),
        Command::Test { paths, junit } => test::run(&root, &paths, junit.as_deref(), verbosity),
        Command::Init { dir } => init::run(dir.as_deref().unwrap_or(&root), verbosity),
        Command::Completions { shell } => generate::completions(shell),
        Command::Man { command } => generate::man(command.as_deref()),
        Command::Explain {
            month,
            person,
            team,
            scheme,
            format,
        } => {
            let target = match (&person, &team) {
                (Some(p), _) => explain::Target::Person(p),
                (None, Some(t)) => explain::Target::Team(t),
                // clap requires one of them.
                (None, None) => return Err(Failure::Internal("--person or --team".into())),
            };
            explain::run(&root, &month, scheme.as_deref(), target, format)
        }
        Command::Verify {
            months: crate::cli::Months { month, from, to },
            format,
        } => match (from, to) {
            (Some(from), Some(to)) => batch::verify(&root, from, to, format, verbosity),
            _ => verify::run(&root, month.as_deref().unwrap_or_default(), format),
        },
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

/// A month's notes on standard error, as `-q`/`-v` ask: warnings always,
/// `wrote …` unless quiet, details when verbose.
pub fn say(note: compute::Note, verbosity: Verbosity) {
    match note {
        compute::Note::Warning(w) => anstream::eprintln!("{w:#}"),
        compute::Note::Wrote(line) if verbosity > Verbosity::Quiet => eprintln!("{line}"),
        compute::Note::Detail(line) if verbosity == Verbosity::Verbose => eprintln!("{line}"),
        _ => {}
    }
}
