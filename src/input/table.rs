//! The raw table every export becomes, and the one entry point that reads it.
//!
//! A reader ([`super::csv`] or [`super::sheet`]) turns the file's bytes into
//! rows of [`Cell`]s numbered as a spreadsheet shows them. This module then
//! finds the header row (skipping title rows such as a merged
//! "2024年5月维修统计"), checks the headers, drops blank rows and, when asked,
//! a trailing 合计 row. Nothing here interprets a value: that is
//! [`super::value`]'s job, once the caller knows what a column should hold.

use crate::msg;
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::stream::{Streamed, stream_table, stream_table_bytes};
use crate::diagnostic::{Diagnostic, Location};

/// One cell as the file holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Empty,
    /// Trimmed, never empty. Every CSV cell is text.
    Text(String),
    /// A spreadsheet number as its shortest exact text: `1001`, `0.95`, `1234.5`.
    Number(String),
    Bool(bool),
    Date(NaiveDate),
    /// A spreadsheet error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// A cell read as plain text: what a header cell names, what a 合计
    /// marker says. Empty for [`Cell::Empty`].
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Number(s) | Cell::Error(s) => s.trim().to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// One data row. `row` is the row number the spreadsheet shows (the header
/// of a plain CSV file is row 1, its first data row 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRow {
    pub row: u32,
    /// As many cells as the table has headers.
    pub cells: Vec<Cell>,
}

static EMPTY: Cell = Cell::Empty;

impl RawRow {
    /// The cell in `column`, or an empty cell past the end.
    pub fn get(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&EMPTY)
    }
}

/// A table read from one file (or one sheet of a workbook).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawTable {
    /// The name used in messages, e.g. `repairs.csv`.
    pub file: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The row number of the header row.
    pub header_row: u32,
    /// Trimmed header names; a column with no header is `""`.
    pub headers: Vec<String>,
    /// Data rows, blank rows left out.
    pub rows: Vec<RawRow>,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// The text encoding a CSV file was read in (`UTF-8`, `GBK`, …).
    pub encoding: Option<String>,
    /// Errors in single rows (a row with more cells than the header row has
    /// columns). The table is still read whole, such a row cut to the header
    /// row's width, so that the problems of the other rows (and of the files
    /// joined to them) are found in the same run. A table with problems must
    /// not be computed: the caller adds them to its own errors.
    pub problems: Vec<Diagnostic>,
}

impl RawTable {
    /// The index of the column named `header` (exact match after trimming).
    pub fn column(&self, header: &str) -> Option<usize> {
        let header = header.trim();
        self.headers.iter().position(|h| h == header)
    }
}

/// The file formats appraise reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl FileKind {
    /// The kind for a file extension (without the dot, any case):
    /// `csv`/`tsv`/`txt` → CSV, `xlsx`/`xlsm` → XLSX, `xls`, `ods`.
    pub fn from_extension(ext: &str) -> Option<FileKind> {
        match ext.to_ascii_lowercase().as_str() {
            "csv" | "tsv" | "txt" => Some(FileKind::Csv),
            "xlsx" | "xlsm" => Some(FileKind::Xlsx),
            "xls" => Some(FileKind::Xls),
            "ods" => Some(FileKind::Ods),
            _ => None,
        }
    }
}

/// How to read a table.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions<'a> {
    /// A CSV encoding label (`GBK`, `UTF-8`, …) that overrides detection.
    pub encoding: Option<&'a str>,
    /// The sheet to read from a workbook; the first visible sheet otherwise.
    pub sheet: Option<&'a str>,
    /// Headers that must be present; the header row is the first row that
    /// holds all of them.
    pub required_headers: &'a [&'a str],
    /// Drop a last row labelled 合计, 总计, 小计 or Total.
    pub skip_total_row: bool,
}

/// Reads a file's bytes as a whole table. Pure: no file system. (The month
/// itself is read row by row, [`super::stream`]; this is for small files and tests.)
pub fn read_table_bytes(
    bytes: &[u8],
    kind: FileKind,
    display_name: &str,
    opts: &ReadOptions,
) -> Result<RawTable, Vec<Diagnostic>> {
    into_table(stream_table_bytes(
        bytes,
        kind,
        display_name,
        opts,
        |_, rows| rows.collect(),
    ))
}

/// Reads the file at `path` as a whole table, its kind chosen by its extension.
pub fn read_table(
    path: &Path,
    display_name: &str,
    opts: &ReadOptions,
) -> Result<RawTable, Vec<Diagnostic>> {
    into_table(stream_table(path, display_name, opts, |_, rows| {
        rows.collect()
    }))
}

fn into_table(
    streamed: Result<Streamed<Vec<RawRow>>, Vec<Diagnostic>>,
) -> Result<RawTable, Vec<Diagnostic>> {
    let s = streamed?;
    if s.failed {
        return Err(s.problems);
    }
    Ok(RawTable {
        file: s.info.file,
        sheet: s.info.sheet,
        header_row: s.info.header_row,
        headers: s.info.headers,
        rows: s.out,
        sha256: s.info.sha256,
        encoding: s.info.encoding,
        problems: s.problems,
    })
}

pub(crate) fn file_location(file: &str) -> Location {
    Location::File {
        file: file.to_string(),
    }
}

pub(crate) fn row_location(file: &str, row: u32) -> Location {
    Location::Cell {
        file: file.to_string(),
        row: Some(row),
        column: None,
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The column letter(s) of a 0-based column: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letter(index: u64) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The index of the header row among `rows` (blank rows already removed):
/// the first of the first [`HEADER_SEARCH_ROWS`] rows that holds every
/// required header. Without required headers, the first row with at least
/// two values (a merged title has one), else the first row. When no row
/// holds them all, the row holding the most (or, holding none, the first
/// row with two values), so that the missing ones are named against it.
pub(crate) fn find_header(rows: &[RawRow], required: &[&str]) -> usize {
    let candidates = rows.iter();
    let first_wide_row = || {
        candidates
            .clone()
            .enumerate()
            .find(|(_, r)| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2)
            .map_or(0, |(i, _)| i)
    };
    if required.is_empty() {
        return first_wide_row();
    }
    let mut best = (0, 0);
    for (i, row) in candidates.clone().enumerate() {
        let texts: Vec<String> = row.cells.iter().map(Cell::as_text).collect();
        let found = required
            .iter()
            .filter(|h| texts.iter().any(|t| t == h.trim()))
            .count();
        if found == required.len() {
            return i;
        }
        if found > best.1 {
            best = (i, found);
        }
    }
    if best.1 == 0 {
        first_wide_row()
    } else {
        best.0
    }
}

pub(crate) fn missing_headers(
    file: &str,
    headers: &[String],
    required: &[&str],
) -> Vec<Diagnostic> {
    let found: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty())
        .collect();
    required
        .iter()
        .map(|h| h.trim())
        .filter(|h| !headers.iter().any(|found| found == h))
        .map(|h| {
            let mut d = Diagnostic::error(file_location(file), msg!("missing-column", column = h));
            if let Some(near) = found.iter().find(|f| loose(f) == loose(h)) {
                d = d.with_hint(msg!("hint-near-column", column = *near));
            }
            d.with_hint(msg!("found-columns", columns = found.join(", ")))
        })
        .collect()
}

/// A header name compared loosely, for hints only: no spaces, ASCII width,
/// lower case.
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn duplicate_headers(
    file: &str,
    header_row: u32,
    headers: &[String],
    letter: &dyn Fn(usize) -> String,
) -> Vec<Diagnostic> {
    // One pass: each name's columns, in order of first appearance.
    let mut columns: indexmap::IndexMap<&str, Vec<usize>, foldhash::fast::RandomState> =
        indexmap::IndexMap::default();
    for (i, name) in headers.iter().enumerate() {
        if !name.is_empty() {
            columns.entry(name.as_str()).or_default().push(i);
        }
    }
    let mut diagnostics = Vec::new();
    for (name, at) in columns {
        if at.len() > 1 {
            // At most ten columns named; a header of 100,000 copies stays one line.
            let mut columns: Vec<String> = at.iter().take(10).map(|&i| letter(i)).collect();
            if at.len() > 10 {
                columns.push(msg!("n-more", count = at.len() - 10).to_string());
            }
            diagnostics.push(Diagnostic::error(
                row_location(file, header_row),
                msg!(
                    "column-repeated",
                    name = name,
                    times = at.len(),
                    columns = join_and(&columns)
                ),
            ));
        }
    }
    diagnostics
}

/// `A, B and C`.
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            msg!("list-and", rest = rest.join(", "), last = last).to_string()
        }
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A row whose first value is 合计, 总计, 小计 or Total (spaces and a
/// trailing colon ignored).
pub(crate) fn is_total_row(row: &RawRow) -> bool {
    let Some(first) = row.cells.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    let label: String = first
        .as_text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let label = label.trim_end_matches([':', '：']);
    matches!(label, "合计" | "总计" | "小计") || label.eq_ignore_ascii_case("total")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn total_rows() {
        let row = |s: &str| RawRow {
            row: 9,
            cells: vec![Cell::Empty, Cell::Text(s.into()), Cell::Number("5".into())],
        };
        for s in ["合计", "合 计", "总计", "小计：", "Total", "TOTAL:"] {
            assert!(is_total_row(&row(s)), "{s}");
        }
        for s in ["张伟", "合计金额", "subtotal"] {
            assert!(!is_total_row(&row(s)), "{s}");
        }
    }

    #[test]
    fn file_kinds() {
        assert_eq!(FileKind::from_extension("CSV"), Some(FileKind::Csv));
        assert_eq!(FileKind::from_extension("xlsx"), Some(FileKind::Xlsx));
        assert_eq!(FileKind::from_extension("xls"), Some(FileKind::Xls));
        assert_eq!(FileKind::from_extension("ods"), Some(FileKind::Ods));
        assert_eq!(FileKind::from_extension("pdf"), None);
    }
}
