//! The `appraise` binary: parse the command line, run, report, exit.

use appraise::cli::Cli;
use appraise::commands::Failure;
use appraise::exit::Exit;
use clap::Parser;
use std::process::ExitCode;

/// mimalloc: glibc's malloc was a third of the time of 班组明细 at 100,000
/// people (its explanations allocate many small strings); see BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The locale's language for clap's checks of values (`--from 2024-5`);
    // `--lang` takes over once parsed.
    appraise::i18n::set_lang(appraise::i18n::detect(None, |k| std::env::var(k).ok()));
    let cli = Cli::parse();
    appraise::i18n::set_lang(appraise::i18n::detect(cli.lang, |k| std::env::var(k).ok()));
    cli.color.choice().write_global();
    appraise::output::cleanup::install();
    if let Err(e) = cli.validate() {
        e.exit();
    }
    match appraise::commands::run(cli) {
        Ok(()) => Exit::Ok.into(),
        Err(Failure::Reported(exit)) => exit.into(),
        Err(failure) => {
            anstream::eprintln!("{failure:#}");
            failure.exit().into()
        }
    }
}
