//! The command line: subcommands and flags only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use crate::commands::verify::VerifyFormat;
pub use crate::month::Month;
pub use crate::output::csv::Encoding;

#[derive(Parser, Debug)]
#[command(
    name = "appraise",
    version,
    about = "Monthly performance bonuses and deductions from declarative schemes",
    after_help = "Examples:\n  appraise init bonuses                                      a workspace with an example month\n  appraise -C bonuses compute --month 2024-05                compute it\n  appraise -C bonuses compute --from 2024-01 --to 2024-12    a batch of months"
)]
pub struct Cli {
    /// The workspace folder (holding appraise.toml); default: the current folder.
    #[arg(short = 'C', long = "workspace", global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Print only problems: no progress bar, no `wrote …` lines.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: the scheme chosen, each input read with its rows, a batch's warnings.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The language of messages: zh (中文) or en; default: the locale's
    /// (LC_ALL, LC_MESSAGES, LANG: zh_* is Chinese), else English.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
    /// Colour `error:` and `warning:`: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(subcommand)]
    pub command: Command,
}

/// One month (`--month`) or a range (`--from … --to …`, both included).
#[derive(Args, Debug)]
pub struct Months {
    /// The month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", required_unless_present = "from", conflicts_with_all = ["from", "to"])]
    pub month: Option<String>,
    /// The first month of a range, YYYY-MM (with --to).
    #[arg(long, value_name = "YYYY-MM", requires = "to")]
    pub from: Option<Month>,
    /// The last month of a range, YYYY-MM (with --from).
    #[arg(long, value_name = "YYYY-MM", requires = "from")]
    pub to: Option<Month>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compute a month: read data/<month>/, write out/<month>/.
    #[command(
        after_help = "Examples:\n  appraise compute --month 2024-05\n  appraise compute --month 2024-05 --format json > 2024-05.json\n  appraise compute --from 2024-01 --to 2024-12    (a batch: each month to out/<month>/)"
    )]
    Compute {
        #[command(flatten)]
        months: Months,
        /// The scheme to use, by id, when several are in force.
        #[arg(long, value_name = "ID")]
        scheme: Option<String>,
        /// What to write.
        #[arg(long, value_enum, default_value_t = OutputFormat::Xlsx)]
        format: OutputFormat,
        /// Where to write (default: out/<month>/<scheme>-<month>.xlsx or .csv; JSON goes to standard output,
        /// or for a batch to out/<month>/<scheme>-<month>.json). Not with a batch.
        #[arg(long, value_name = "PATH", conflicts_with = "from")]
        output: Option<PathBuf>,
        /// The character encoding of a CSV file (default: utf-8 with BOM); only with --format csv.
        #[arg(long, value_enum)]
        encoding: Option<Encoding>,
        /// The workbook's sheets to write, by name (封面,汇总,班组,工资条,明细,班组明细,图表,提示,输入); default: all
        /// (above 10,000 people, 明细 without each person's figures unless named here).
        #[arg(long, value_name = "NAMES", value_delimiter = ',', num_args = 1..)]
        sheets: Option<Vec<String>>,
    },
    /// Explain how a person's or a team's figures of a month came about.
    #[command(
        group = clap::ArgGroup::new("who").required(true).args(["person", "team"]),
        after_help = "Examples:\n  appraise explain --month 2024-05 --person 0101\n  appraise explain --month 2024-05 --team A1 --format json"
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
    #[command(
        after_help = "Examples:\n  appraise check\n  appraise check schemes/after-sales-repair.toml"
    )]
    Check {
        /// Scheme files to check.
        schemes: Vec<PathBuf>,
    },
    /// Run the hand-worked cases beside schemes (<scheme>.tests.toml), in memory; writes nothing but --junit.
    #[command(
        after_help = "Examples:\n  appraise test                                   the cases of the workspace's schemes\n  appraise test schemes/after-sales-repair.toml   the cases beside one scheme\n  appraise test schemes/ --junit report.xml       every tests file of a folder, and a JUnit report"
    )]
    Test {
        /// Schemes (their <scheme>.tests.toml beside them), tests files, or folders of tests files;
        /// default: the workspace's schemes.
        #[arg(value_name = "SCHEME_OR_TESTS_FILE")]
        paths: Vec<PathBuf>,
        /// Also write a JUnit XML report there (a testsuite per tests file, a testcase per case).
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Write a new workspace: the after-sales scheme, an example month, a README.
    #[command(
        after_help = "Examples:\n  appraise init bonuses\n  appraise -C bonuses compute --month 2024-05"
    )]
    Init {
        /// The folder to create (must be empty or absent); default: -C DIR or the current folder.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script to standard output.
    #[command(
        after_help = "Examples:\n  appraise completions bash > ~/.local/share/bash-completion/completions/appraise\n  appraise completions zsh > ~/.zfunc/_appraise\n  appraise completions fish > ~/.config/fish/completions/appraise.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    #[command(
        after_help = "Examples:\n  appraise man > appraise.1 && man ./appraise.1\n  appraise man compute > appraise-compute.1\n  appraise man | gzip > /usr/local/share/man/man1/appraise.1.gz"
    )]
    Man {
        /// A subcommand's page instead (`compute` → appraise-compute).
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
    /// Recompute a month in memory and compare it with out/<month>/manifest.json; writes nothing.
    #[command(
        after_help = "Examples:\n  appraise verify --month 2024-05\n  appraise verify --month 2024-05 --format json\n  appraise verify --from 2024-01 --to 2024-12"
    )]
    Verify {
        #[command(flatten)]
        months: Months,
        /// What to print.
        #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
        format: VerifyFormat,
    },
    /// Mark a computed month final: compute then refuses it until it is reopened.
    #[command(
        after_help = "Examples:\n  appraise close --month 2024-05\n  appraise close --month 2024-05 --date 2024-06-05 --by 王会计"
    )]
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
    #[command(
        after_help = "Examples:\n  appraise reopen --month 2024-05 --reason \"补录 A3 组返修数据\""
    )]
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

/// How much a command prints besides problems (`-q`, `-v`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Cli {
    pub fn verbosity(&self) -> Verbosity {
        if self.quiet {
            Verbosity::Quiet
        } else if self.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }

    /// Checks what clap cannot express: a batch's months in order,
    /// `--encoding` only for CSV.
    pub fn validate(&self) -> Result<(), clap::Error> {
        if let Command::Compute {
            format,
            encoding: Some(encoding),
            ..
        } = &self.command
            && *format != OutputFormat::Csv
        {
            let name = |v: &dyn Fn() -> Option<clap::builder::PossibleValue>| {
                v().map(|p| p.get_name().to_string()).unwrap_or_default()
            };
            return Err(compute_error(crate::msg!(
                "encoding-not-csv",
                encoding = name(&|| encoding.to_possible_value()),
                format = name(&|| format.to_possible_value())
            )));
        }
        let range = match &self.command {
            Command::Compute { months, .. } | Command::Verify { months, .. } => {
                months.from.as_ref().zip(months.to.as_ref())
            }
            _ => None,
        };
        if let Some((from, to)) = range
            && from > to
        {
            return Err(compute_error(crate::msg!(
                "from-after-to",
                from = from.to_string(),
                to = to.to_string()
            )));
        }
        Ok(())
    }
}

/// A usage error (exit 2) with `compute`'s usage line.
fn compute_error(message: impl std::fmt::Display) -> clap::Error {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    let mut compute = cli.find_subcommand("compute").cloned().unwrap_or(cli);
    compute.error(clap::error::ErrorKind::ArgumentConflict, message)
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// `anstream`'s choice for standard error: `auto` leaves it to the
    /// terminal check and `NO_COLOR`/`CLICOLOR_FORCE`.
    pub fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// The workbook: 封面, 汇总, 班组, 工资条, 明细, 班组明细, 图表, 提示, 输入.
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
