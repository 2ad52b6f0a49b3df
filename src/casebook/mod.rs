//! Scheme tests (`appraise test`): hand-worked cases kept beside each
//! scheme in `<scheme>.tests.toml`, run through the engine in memory and
//! compared figure by figure, exactly.
//!
//! One job per file: [`load`] reads a tests file (every problem at its line,
//! names resolved against the scheme; `expect` reads what a case expects), [`run`] computes each case's months
//! in order (inline CSV tables or a data folder; earlier months feed history
//! rules), [`compare`] is the sink that checks the expectations as each team
//! is computed and explains a differing figure with the explanation rows of
//! [`crate::output::explain`], [`report`] renders the results as text and
//! [`junit`] as a JUnit XML report.

pub mod compare;
mod expect;
pub mod junit;
pub mod load;
pub mod report;
pub mod run;

use crate::month::Month;
use crate::scheme::Scheme;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// A tests file, read and resolved against its scheme.
pub struct TestsFile {
    /// The file as messages name it.
    pub display: String,
    pub scheme: Scheme,
    /// The scheme's own warnings (`check` prints them), first line of each.
    pub scheme_warnings: Vec<String>,
    pub cases: Vec<Case>,
}

/// One case: a name and its months, computed in month order; the last is
/// the case's own month, the others are earlier months for history rules.
pub struct Case {
    pub name: String,
    /// The line of the case in the tests file.
    pub line: u32,
    pub months: Vec<MonthCase>,
}

/// One month of a case: its inputs and what is expected of it.
pub struct MonthCase {
    pub month: Month,
    /// The line of the case (or of the earlier month) in the tests file.
    pub line: u32,
    pub inputs: Inputs,
    pub people: Vec<PersonCheck>,
    pub teams: Vec<TeamCheck>,
    /// The errors expected instead of figures (first line of each, in order).
    pub errors: Option<Vec<String>>,
    /// The warnings expected of a month that computes: the scheme's, then
    /// the inputs' (first line of each, in order); not checked when absent.
    pub warnings: Option<Vec<String>>,
}

/// Where a month's input tables come from.
pub enum Inputs {
    /// CSV text per scheme input, named `<file>.csv` in messages.
    Inline(Vec<InlineTable>),
    /// A data folder, as `data/<month>/` of a workspace.
    Folder { path: PathBuf, display: String },
}

pub struct InlineTable {
    /// Index of the input in the scheme.
    pub input: usize,
    pub text: String,
}

/// What a figure is expected to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Want {
    /// An amount, written with two decimals and compared as text (`"315.00"`).
    Amount(String),
    /// An exact number: `0.95`, `"95%"`, or a fraction `"182/190"` (the
    /// quotient as the engine computes it, to 28 digits).
    Number(Decimal, String),
    Text(String),
    Bool(bool),
}

impl Want {
    /// As written in the tests file.
    pub fn text(&self) -> String {
        match self {
            Want::Amount(t) | Want::Number(_, t) | Want::Text(t) => t.clone(),
            Want::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

/// A figure of a person or a team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    Base,
    Bonus,
    Deduction,
    Net,
    /// An item, by its index in the scheme.
    Item(usize),
    /// A value (input column or rule) of the entity's level, by slot.
    Slot(u32),
    /// The row chosen in a band table, by its index: compared with the row's condition.
    Band(usize),
}

/// One expected figure, with where the tests file says it.
#[derive(Clone, Debug)]
pub struct Check {
    pub figure: Figure,
    pub want: Want,
    pub line: u32,
}

/// What is expected of one person.
pub struct PersonCheck {
    pub id: String,
    pub line: u32,
    pub name: Option<String>,
    pub checks: Vec<Check>,
    /// The flags raised for the person, exactly (scheme flag indexes, sorted).
    pub flags: Vec<usize>,
}

/// What is expected of one team.
pub struct TeamCheck {
    pub id: String,
    pub line: u32,
    pub checks: Vec<Check>,
    pub flags: Vec<usize>,
}

/// One figure that came out other than expected (or a person or team
/// expected but absent, or errors other than those expected).
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// The tests file's line that expects it.
    pub line: u32,
    pub month: Month,
    /// `person 0101 张伟 (team A1)`, `team A1`, or empty for the month.
    pub subject: String,
    /// `超额奖金 (excess_bonus)`, `应发合计`, `flags`.
    pub figure: String,
    /// The bands chosen on the way to the figure.
    pub bands: Vec<String>,
    pub expected: String,
    pub actual: String,
    /// The trace of the differing figure, as `appraise explain` prints it.
    pub trace: Vec<String>,
}

/// How a case came out.
pub struct Outcome {
    pub name: String,
    pub mismatches: Vec<Mismatch>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}
