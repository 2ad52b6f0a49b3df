//! The command line: subcommands and flags only.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use crate::commands::verify::VerifyFormat;
pub use crate::output::csv::Encoding;

#[derive(Parser, Debug)]
#[command(
    name = "appraise",
    version,
    about = "Monthly performance bonuses and deductions from declarative schemes"
)]
pub struct Cli {
    /// The workspace folder (holding appraise.toml); default: the current folder.
    #[arg(short = 'C', long = "workspace", global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compute a month: read data/<month>/, write out/<month>/.
    Compute {
        /// The month to compute, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// The scheme to use, by id, when several are in force.
        #[arg(long, value_name = "ID")]
        scheme: Option<String>,
        /// What to write.
        #[arg(long, value_enum, default_value_t = OutputFormat::Xlsx)]
        format: OutputFormat,
        /// Where to write (default: out/<month>/<scheme>-<month>.xlsx or .csv; JSON goes to standard output).
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// The character encoding of a CSV file.
        #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
        encoding: Encoding,
    },
    /// Check schemes without reading any data (default: every scheme of the workspace).
    Check {
        /// Scheme files to check.
        schemes: Vec<PathBuf>,
    },
    /// Recompute a month in memory and compare it with out/<month>/manifest.json; writes nothing.
    Verify {
        /// The month to verify, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// What to print.
        #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
        format: VerifyFormat,
    },
    /// Mark a computed month final: compute then refuses it until it is reopened.
    Close {
        /// The month to close, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// The date recorded (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Who closes it, recorded in the manifest.
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// Reopen a closed month; its outputs and manifest are kept in out/<month>/history/<n>/.
    Reopen {
        /// The month to reopen, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// Why it is reopened, kept in the manifest's history.
        #[arg(long)]
        reason: String,
        /// The date recorded (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// The workbook: 汇总, 班组, 工资条, 明细, 提示, 输入.
    Xlsx,
    /// The summary table as CSV.
    Csv,
    /// Everything, for scripts.
    Json,
}
