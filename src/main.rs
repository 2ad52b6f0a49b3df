//! The `appraise` binary: parse the command line, run, report, exit.

use appraise::cli::Cli;
use appraise::exit::Exit;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match appraise::commands::run(cli) {
        Ok(()) => Exit::Ok.into(),
        Err(failure) => {
            eprintln!("{failure}");
            failure.exit().into()
        }
    }
}
