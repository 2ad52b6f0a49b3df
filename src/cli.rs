//! The command line: subcommands and flags only.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    /// Explain how a person's or a team's figures of a month came about.
    #[command(
        group = clap::ArgGroup::new("who").required(true).args(["person", "team"]),
        after_help = "Example:\n  appraise explain --month 2024-05 --person 0101\n  appraise explain --month 2024-05 --team A1 --format json"
    )]
    Explain {
        /// The month, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// The person, by 工号.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        /// The team, by its ID.
        #[arg(long, value_name = "TEAM")]
        team: Option<String>,
        /// The scheme to use, by id, when several are in force.
        #[arg(long, value_name = "ID")]
        scheme: Option<String>,
        /// Text for a terminal, or JSON for scripts.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
    },
    /// Check schemes without reading any data (default: every scheme of the workspace).
    Check {
        /// Scheme files to check.
        schemes: Vec<PathBuf>,
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

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExplainFormat {
    /// Text for a terminal, wrapped to 80 columns.
    Text,
    /// One JSON document (README, "explain").
    Json,
}
