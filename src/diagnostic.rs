//! Problems found in a scheme or in the month's inputs, as data.
//!
//! A [`Diagnostic`] says what is wrong and where; rendering it is separate so
//! that the same problem can go to the terminal, to JSON or to the 提示 sheet.
//! Everything that checks user input collects diagnostics and keeps going, so
//! that a run reports all problems at once rather than the first.

use std::fmt;

/// How bad a problem is: errors stop the run before anything is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Information about the report itself ("stopped after 200 problems"); not counted.
    Note,
}

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Nowhere in particular (a whole run, a missing folder).
    None,
    /// A file as a whole.
    File { file: String },
    /// A text position: scheme files, workspace files. Line and column are 1-based.
    Source {
        file: String,
        line: u32,
        column: u32,
    },
    /// A line of a file (a scheme's rule).
    Line { file: String, line: u32 },
    /// A spreadsheet cell, row or column. `row` is the row number the
    /// spreadsheet shows (the header row of a CSV file is row 1).
    Cell {
        file: String,
        row: Option<u32>,
        column: Option<String>,
    },
}

/// One problem: what is wrong, where, and optional hints on how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    /// Adds a hint line ("expected one of …", "found headers: …").
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(Location::None, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A cell location: `file row R, column C`.
    pub fn at_cell(file: &str, row: u32, column: &str, message: impl Into<String>) -> Self {
        Diagnostic::error(
            Location::Cell {
                file: file.to_string(),
                row: Some(row),
                column: Some(column.to_string()),
            },
            message,
        )
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::None => Ok(()),
            Location::File { file } => write!(f, "{file}"),
            Location::Source { file, line, column } => write!(f, "{file}:{line}:{column}"),
            Location::Line { file, line } => write!(f, "{file}:{line}"),
            Location::Cell { file, row, column } => {
                write!(f, "{file}")?;
                if let Some(row) = row {
                    write!(f, " row {row}")?;
                }
                if let Some(column) = column {
                    let sep = if row.is_some() { "," } else { "" };
                    write!(f, "{sep} column {column}")?;
                }
                Ok(())
            }
        }
    }
}

/// Renders as `error: repairs.csv row 4, column 维修台数: "十二" is not a whole number`,
/// hints on the following lines, indented.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        match &self.location {
            Location::None => write!(f, "{level}: {}", self.message)?,
            location => write!(f, "{level}: {location}: {}", self.message)?,
        }
        for hint in &self.hints {
            write!(f, "\n  = {hint}")?;
        }
        Ok(())
    }
}

/// A list of problems, at least one of them an error: what a failed check returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            write!(
                f,
                "\n{errors} error{} found",
                if errors == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// 1-based line and column of a byte offset in `text` (column counts characters).
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line as u32, column as u32)
}
