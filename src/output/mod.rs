//! Rendering results: each renderer is a [`crate::engine::Sink`] fed one team
//! at a time, then the month. [`Report`] is what every renderer is given at
//! construction (the scheme, the inputs used, the input warnings);
//! [`write_atomic`] / [`write_atomic_with`] are the one place that writes a
//! result file, so a failed run never leaves a partial or changed output behind.

pub mod cleanup;
pub mod cover;
pub mod csv;
pub mod explain;
pub mod json;
pub mod print;
pub mod sheet;
pub mod styles;
pub mod summary;
pub mod tee;
pub mod terminal;
pub mod trend;
pub mod write_atomic;
pub mod xlsx;

pub use write_atomic::{
    FirstError, NewDirs, create_dirs, file_in_the_way, output_dir, spool_error, spool_file,
    write_atomic, write_atomic_with,
};

use crate::diagnostic::Diagnostic;
use crate::engine::{FlagHit, MonthView, TeamView};
use crate::model::{Level, Value};
use crate::money::format_cents;
use crate::scheme::{Format, Scheme};
use std::fmt;

/// One input file used by a run, for the audit trail.
#[derive(Clone, Debug)]
pub struct InputUsed {
    pub input: String,
    pub label: String,
    pub file: String,
    pub rows: usize,
    pub sha256: String,
}

/// What a renderer needs besides the computed teams.
pub struct Report<'a> {
    pub scheme: &'a Scheme,
    pub inputs: &'a [InputUsed],
    pub warnings: &'a [Diagnostic],
    /// Per input of the scheme, the file it was read from (`None`: not read).
    pub files: Vec<Option<String>>,
    /// The department the results are for ([`department`]); `None`: the scheme's name.
    pub department: Option<String>,
    /// Earlier months' totals, oldest first (图表's twelve months; [`trend::earlier`]).
    pub trend: Vec<MonthTotals>,
}

/// One month's totals as its manifest records them.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthTotals {
    pub month: String,
    pub bonus: rust_decimal::Decimal,
    pub deduction: rust_decimal::Decimal,
    pub net: rust_decimal::Decimal,
}

impl<'a> Report<'a> {
    pub fn new(scheme: &'a Scheme, inputs: &'a [InputUsed], warnings: &'a [Diagnostic]) -> Self {
        let files = scheme
            .inputs
            .iter()
            .map(|spec| {
                inputs
                    .iter()
                    .find(|u| u.input == spec.name)
                    .map(|u| u.file.clone())
            })
            .collect();
        Report {
            scheme,
            inputs,
            warnings,
            files,
            department: None,
            trend: Vec::new(),
        }
    }

    /// The department titles name: [`Report::department`], else the scheme's name.
    pub fn department(&self) -> String {
        self.department
            .clone()
            .unwrap_or_else(|| self.scheme.name.clone())
    }

    /// `repairs.csv 第2行`
    pub fn cite(&self, input: u32, row: u32) -> String {
        let file = self.files.get(input as usize).and_then(Option::as_deref);
        format!("{} 第{row}行", file.unwrap_or("?"))
    }
}

/// Why a renderer failed: a problem the user can fix (exit 1) or I/O (exit 3).
#[derive(Debug)]
pub enum Error {
    User(Diagnostic),
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::User(d) => write!(f, "{d}"),
            Error::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}

impl From<rust_xlsxwriter::XlsxError> for Error {
    fn from(e: rust_xlsxwriter::XlsxError) -> Error {
        match e {
            rust_xlsxwriter::XlsxError::IoError(e) => Error::Io(e),
            // A sheet's temporary file (beside the result) cannot be made.
            rust_xlsxwriter::XlsxError::TempFileError(dir, e) => Error::Io(std::io::Error::new(
                e.kind(),
                format!(
                    "cannot write the workbook's temporary files in the folder {}: {e}",
                    dir.display()
                ),
            )),
            other => Error::Io(std::io::Error::other(other)),
        }
    }
}

/// A value as text: money with two decimals, other numbers exactly, yes/no
/// as 是/否, not given as 未提供.
pub fn value_text(v: &Value, format: Format) -> String {
    match v {
        Value::Num(d) if format == Format::Money => format_cents(*d),
        Value::Num(d) => d.normalize().to_string(),
        Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Value::Text(t) => t.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::NotGiven => "未提供".to_string(),
        Value::Unset | Value::Failed => String::new(),
    }
}

/// The department a month's results are for: the roster's 部门 column
/// (its values in roster order, at most three, then `等 N 个部门`), else
/// `None` (the scheme's name: [`Report::department`]). Not the workspace
/// folder's name: a workspace copied elsewhere gives the same files.
pub fn department(s: &Scheme, data: &crate::model::MonthData) -> Option<String> {
    let slot = s.slots(Level::PERSON).iter().position(|d| {
        matches!(d.source, crate::scheme::SlotSource::Input { input, column }
        if s.inputs.get(input).is_some_and(|i| {
            matches!(i.kind, crate::scheme::InputKind::Roster)
                && i.columns.get(column).is_some_and(|c| c.header == "部门")
        }))
    });
    let mut names: Vec<&str> = Vec::new();
    let mut more = 0usize;
    if let Some(slot) = slot {
        for e in 0..data.people.len() {
            if let Some(Value::Text(t)) = data.people.row(e).get(slot)
                && !t.is_empty()
                && !names.contains(&&**t)
            {
                if names.len() < 3 {
                    names.push(t);
                } else {
                    more += 1;
                    if more > 1000 {
                        break;
                    }
                }
            }
        }
    }
    if names.is_empty() {
        return None;
    }
    let mut text = names.join("、");
    if more > 0 {
        text.push_str(&format!(" 等 {} 个部门", names.len() + more));
    }
    Some(text)
}

/// Who a flag of a team is about: (team ID, person ID, person name); the
/// person fields are empty for a team flag.
pub fn flag_subject(s: &Scheme, v: &TeamView, hit: &FlagHit) -> (String, String, String) {
    let team = v.id().to_string();
    if hit.level == Level::PERSON {
        let id = v.person_text(hit.entity, s.roster.id).to_string();
        let name = v.person_text(hit.entity, s.roster.name).to_string();
        (team, id, name)
    } else {
        (team, String::new(), String::new())
    }
}

/// A global entity as sheets show it: `部门 东区`, `全月 2024-05`.
pub fn global_subject(s: &Scheme, m: &MonthView, level: Level, e: u32) -> String {
    let label = s.levels.get(level).map_or("?", |d| d.label.as_str());
    let id = m.ids(level).get(e as usize).map_or("?", String::as_str);
    format!("{label} {id}")
}
