//! Problems found in a scheme or in the month's inputs, as data.
//!
//! A [`Diagnostic`] says what is wrong and where; rendering it is separate so
//! that the same problem can go to the terminal, to JSON or to the 提示 sheet.
//! Everything that checks user input collects diagnostics and keeps going, so
//! that a run reports all problems at once rather than the first.

use crate::i18n::{self, Lang, Text};
use crate::msg;
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
    pub message: Text,
    pub hints: Vec<Text>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn warning(location: Location, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    /// Adds a hint line ("expected one of …", "found headers: …").
    pub fn with_hint(mut self, hint: impl Into<Text>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn note(message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(Location::None, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A cell location: `file row R, column C`.
    pub fn at_cell(file: &str, row: u32, column: &str, message: impl Into<Text>) -> Self {
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

impl Location {
    /// The location in `lang`: file names, lines, columns and rows are the
    /// same in every language, only the words around them change.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Location::None => String::new(),
            Location::File { file } => file.clone(),
            Location::Source { file, line, column } => format!("{file}:{line}:{column}"),
            Location::Line { file, line } => format!("{file}:{line}"),
            Location::Cell { file, row, column } => match (row, column) {
                (Some(row), Some(column)) => {
                    msg!("loc-row-column", file = file, row = *row, column = column).render(lang)
                }
                (Some(row), None) => msg!("loc-row", file = file, row = *row).render(lang),
                (None, Some(column)) => {
                    msg!("loc-column", file = file, column = column).render(lang)
                }
                (None, None) => file.clone(),
            },
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(i18n::lang()))
    }
}

impl Severity {
    /// `error`, `warning`, `note` (错误, 警告, 注意).
    pub fn word(self, lang: Lang) -> String {
        match self {
            Severity::Error => msg!("level-error"),
            Severity::Warning => msg!("level-warning"),
            Severity::Note => msg!("level-note"),
        }
        .render(lang)
    }

    /// The style of the level's word on a colour terminal.
    fn style(self) -> anstyle::Style {
        let colour = match self {
            Severity::Error => anstyle::AnsiColor::Red,
            Severity::Warning => anstyle::AnsiColor::Yellow,
            Severity::Note => anstyle::AnsiColor::Cyan,
        };
        anstyle::Style::new().bold().fg_color(Some(colour.into()))
    }
}

impl Diagnostic {
    /// The diagnostic in `lang`; with `colour`, the level's word is styled
    /// (ANSI escapes: print it through `anstream`, which removes them when
    /// the terminal should not get them).
    pub fn render(&self, lang: Lang, colour: bool) -> String {
        let word = self.severity.word(lang);
        let level = if colour {
            let style = self.severity.style();
            format!("{style}{word}{style:#}")
        } else {
            word
        };
        let message = self.message.render(lang);
        let mut out = match &self.location {
            Location::None => msg!("frame", level = level, message = message).render(lang),
            location => msg!(
                "frame-located",
                level = level,
                location = location.render(lang),
                message = message
            )
            .render(lang),
        };
        for hint in &self.hints {
            out.push('\n');
            out.push_str(&msg!("frame-hint", hint = hint.render(lang)).render(lang));
        }
        out
    }
}

/// Renders as `error: repairs.csv row 4, column 维修台数: "十二" is not a whole number`,
/// hints on the following lines, indented; in the terminal's language
/// ([`i18n::lang`]). The alternate form (`{:#}`) colours the level's word.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(i18n::lang(), f.alternate()))
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
            if f.alternate() {
                write!(f, "{d:#}")?;
            } else {
                write!(f, "{d}")?;
            }
        }
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            write!(f, "\n{}", msg!("errors-found", count = errors))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Where each line of a text starts, so that many offsets of one text (a
/// scheme's every rule) are turned into lines in time linear in the text.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// [`line_col`] of `offset` in `text`, the text this index was made of.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line as u32, column as u32)
    }
}

/// 1-based line and column of a byte offset in `text` (column counts characters).
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line as u32, column as u32)
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn the_index_gives_what_the_scan_gives() {
        let text = "a = 1\n\n名称 = \"x\"\nlast";
        let index = LineIndex::new(text);
        for offset in (0..=text.len() + 2).filter(|&o| text.is_char_boundary(o.min(text.len()))) {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "at {offset}"
            );
        }
        // "名称" is line 3; the `=` after it is column 4 (two characters, a space).
        assert_eq!(
            text.find(" = \"").map(|at| index.line_col(text, at + 1)),
            Some((3, 4))
        );
    }
}
