//! A table read one row at a time: the reader ([`super::csv`] or
//! [`super::sheet`]) yields rows as it parses; the header row is found among
//! the first rows; then each data row is handed on — blank rows left out,
//! cut to the header row's width, a trailing 合计 row dropped when asked —
//! and nothing else is kept, so a file of ten million rows takes the memory
//! of one row (plus the file's bytes) to read.

use std::collections::VecDeque;
use std::path::Path;

use super::table::{
    Cell, FileKind, RawRow, ReadOptions, column_letter, duplicate_headers, file_location,
    find_header, is_total_row, missing_headers, row_location, sha256_hex,
};
use super::{csv, sheet};
use crate::diagnostic::Diagnostic;

/// How many non-blank rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 20;

/// What is known of a table before its data rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableInfo {
    /// The name used in messages, e.g. `repairs.csv`.
    pub file: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The row number of the header row.
    pub header_row: u32,
    /// Trimmed header names; a column with no header is `""`.
    pub headers: Vec<String>,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// The text encoding a CSV file was read in (`UTF-8`, `GBK`, …).
    pub encoding: Option<String>,
}

impl TableInfo {
    /// The index of the column named `header` (exact match after trimming).
    pub fn column(&self, header: &str) -> Option<usize> {
        let header = header.trim();
        self.headers.iter().position(|h| h == header)
    }
}

type Source<'r> = Box<dyn Iterator<Item = Result<RawRow, Diagnostic>> + 'r>;

/// A table's data rows, one at a time.
pub struct Rows<'r> {
    source: Source<'r>,
    /// Rows read while looking for the header row, not handed on yet.
    ahead: VecDeque<RawRow>,
    width: usize,
    first_column: u32,
    file: String,
    skip_total: bool,
    /// The row held back while it may be the last (a 合计 row is dropped).
    pending: Option<RawRow>,
    /// Rows wider than the header row, and a file that stopped being readable.
    pub problems: Vec<Diagnostic>,
    /// The file stopped being readable part way (its problem is in `problems`).
    pub failed: bool,
    /// Data rows handed on so far.
    pub count: usize,
}

impl Rows<'_> {
    /// The next non-blank row as the reader gives it.
    fn raw(&mut self) -> Option<RawRow> {
        loop {
            let row = match self.ahead.pop_front() {
                Some(r) => r,
                None => match self.source.next()? {
                    Ok(r) => r,
                    Err(d) => {
                        self.failed = true;
                        self.problems.push(d);
                        return None;
                    }
                },
            };
            if !row.cells.iter().all(Cell::is_empty) {
                return Some(row);
            }
        }
    }

    /// The next row cut to the header's width; a wider row is a problem (the
    /// row is kept, so its ID still joins and other files are checked).
    fn shaped(&mut self) -> Option<RawRow> {
        let mut row = self.raw()?;
        if self.width == usize::MAX {
            // Rows already shaped (from a RawTable).
            return Some(row);
        }
        let width = row
            .cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        if width > self.width {
            let extra = row.cells.get(self.width..).unwrap_or(&[]);
            let (offset, value) = extra
                .iter()
                .enumerate()
                .find(|(_, c)| !c.is_empty())
                .map_or((0, String::new()), |(i, c)| {
                    (i, super::value::shown(c).to_string())
                });
            // Often an unquoted `4,500.00`.
            self.problems.push(
                Diagnostic::error(
                    row_location(&self.file, row.row),
                    crate::msg!("row-too-wide", width = width, columns = self.width),
                )
                .with_hint(crate::msg!(
                    "hint-unexpected-value",
                    value = value,
                    column =
                        column_letter(u64::from(self.first_column) + (self.width + offset) as u64)
                )),
            );
        }
        row.cells.resize(self.width, Cell::Empty);
        Some(row)
    }

    /// The next data row.
    pub fn next_row(&mut self) -> Option<RawRow> {
        if !self.skip_total {
            let r = self.shaped();
            self.count += usize::from(r.is_some());
            return r;
        }
        if self.pending.is_none() {
            self.pending = self.shaped();
        }
        let current = self.pending.take()?;
        match self.shaped() {
            Some(next) => self.pending = Some(next),
            None if is_total_row(&current) => return None,
            None => {}
        }
        self.count += 1;
        Some(current)
    }
}

impl Iterator for Rows<'_> {
    type Item = RawRow;
    fn next(&mut self) -> Option<RawRow> {
        self.next_row()
    }

    /// At most as many rows as the reader may still give (blank rows and a
    /// 合计 row count, though they are not handed on).
    fn size_hint(&self) -> (usize, Option<usize>) {
        let held = self.ahead.len() + usize::from(self.pending.is_some());
        let (_, most) = self.source.size_hint();
        (0, most.and_then(|m| m.checked_add(held)))
    }
}

/// A table streamed through `f`: its header, what `f` made of its rows,
/// the rows' problems, and whether the file stopped being readable part way.
pub struct Streamed<T> {
    pub info: TableInfo,
    pub out: T,
    pub problems: Vec<Diagnostic>,
    pub failed: bool,
    pub rows: usize,
}

/// Reads a file's bytes as a table, handing its data rows to `f` one at a
/// time. Pure: no file system. A file whose header cannot be found or
/// checked fails before `f` is called.
pub fn stream_table_bytes<T>(
    bytes: &[u8],
    kind: FileKind,
    display_name: &str,
    opts: &ReadOptions,
    f: impl FnOnce(&TableInfo, &mut Rows) -> T,
) -> Result<Streamed<T>, Vec<Diagnostic>> {
    if bytes.is_empty() {
        return Err(vec![Diagnostic::error(
            file_location(display_name),
            crate::msg!("file-empty"),
        )]);
    }
    match kind {
        FileKind::Csv => {
            let text = csv::decode_text(bytes, display_name, opts.encoding)?;
            let encoding = Some(text.encoding.name().to_string());
            let rows = csv::CsvRows::new(&text, display_name);
            run(
                Box::new(rows),
                0,
                None,
                encoding,
                bytes,
                display_name,
                opts,
                f,
            )
        }
        FileKind::Xlsx | FileKind::Xls | FileKind::Ods => {
            let mut opened = sheet::open_sheet(bytes, kind, display_name, opts.sheet)?;
            let (rows, first_column, name) = opened.rows(display_name, bytes)?;
            run(
                rows,
                first_column,
                Some(name),
                None,
                bytes,
                display_name,
                opts,
                f,
            )
        }
    }
}

/// Reads the file at `path` (its kind chosen by its extension) through `f`.
pub fn stream_table<T>(
    path: &Path,
    display_name: &str,
    opts: &ReadOptions,
    f: impl FnOnce(&TableInfo, &mut Rows) -> T,
) -> Result<Streamed<T>, Vec<Diagnostic>> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let Some(kind) = FileKind::from_extension(ext) else {
        return Err(vec![
            Diagnostic::error(
                file_location(display_name),
                crate::msg!("file-type-unknown"),
            )
            .with_hint(crate::msg!("hint-file-types")),
        ]);
    };
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(
            file_location(display_name),
            crate::msg!("file-unreadable", problem = e.to_string()),
        )]
    })?;
    stream_table_bytes(&bytes, kind, display_name, opts, f)
}

#[allow(clippy::too_many_arguments)]
fn run<T>(
    source: Source<'_>,
    first_column: u32,
    sheet: Option<String>,
    encoding: Option<String>,
    bytes: &[u8],
    file: &str,
    opts: &ReadOptions,
    f: impl FnOnce(&TableInfo, &mut Rows) -> T,
) -> Result<Streamed<T>, Vec<Diagnostic>> {
    let mut rows = Rows {
        source,
        ahead: VecDeque::new(),
        width: 0,
        first_column,
        file: file.to_string(),
        skip_total: opts.skip_total_row,
        pending: None,
        problems: Vec::new(),
        failed: false,
        count: 0,
    };
    let mut head = Vec::new();
    while head.len() < HEADER_SEARCH_ROWS {
        match rows.raw() {
            Some(r) => head.push(r),
            None => break,
        }
    }
    if rows.failed {
        return Err(rows.problems);
    }
    if head.is_empty() {
        return Err(vec![Diagnostic::error(
            file_location(file),
            match &sheet {
                Some(name) => crate::msg!("sheet-empty", sheet = name.as_str()),
                None => crate::msg!("file-blank-lines"),
            },
        )]);
    }
    let at = find_header(&head, opts.required_headers);
    let mut head = head.into_iter().skip(at);
    let Some(header) = head.next() else {
        return Err(vec![Diagnostic::error(
            file_location(file),
            crate::msg!("no-header-row"),
        )]);
    };
    rows.ahead = head.collect();
    let mut headers: Vec<String> = header.cells.iter().map(Cell::as_text).collect();
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    let letter = |i: usize| column_letter(u64::from(first_column) + i as u64);
    let mut diagnostics = missing_headers(file, &headers, opts.required_headers);
    diagnostics.extend(duplicate_headers(file, header.row, &headers, &letter));
    rows.width = headers.len();
    if !diagnostics.is_empty() {
        // Still read the rows: their width problems belong to the same report.
        while rows.next_row().is_some() {}
        diagnostics.append(&mut rows.problems);
        return Err(diagnostics);
    }
    let info = TableInfo {
        file: file.to_string(),
        sheet,
        header_row: header.row,
        headers,
        sha256: sha256_hex(bytes),
        encoding,
    };
    let out = f(&info, &mut rows);
    // Whatever `f` left unread is still read, for its problems.
    while rows.next_row().is_some() {}
    Ok(Streamed {
        info,
        out,
        problems: rows.problems,
        failed: rows.failed,
        rows: rows.count,
    })
}

impl Rows<'static> {
    /// Rows already read (a [`super::table::RawTable`]'s), handed on as they are.
    pub fn from_rows(file: &str, rows: Vec<RawRow>) -> Rows<'static> {
        Rows {
            source: Box::new(rows.into_iter().map(Ok)),
            ahead: VecDeque::new(),
            width: usize::MAX,
            first_column: 0,
            file: file.to_string(),
            skip_total: false,
            pending: None,
            problems: Vec::new(),
            failed: false,
            count: 0,
        }
    }
}
