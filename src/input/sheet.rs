//! Workbooks (.xlsx, .xls, .ods) through calamine: bytes → one sheet's rows
//! of cells, numbered as the spreadsheet shows them.
//!
//! calamine's [`Range`] starts at the first used cell: its rows are relative
//! to [`Range::start`], so a sheet whose first used row is 3 yields row 3
//! first. Formulas are read by the values the file has cached. Numbers keep
//! the shortest text that round-trips their binary value (`1001`, `0.95`),
//! which [`super::value`] then reads exactly.

use std::collections::VecDeque;
use std::io::Cursor;

use calamine::{
    Data, DataRef, ExcelDateTime, Ods, Range, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsx,
    XlsxCellReader, open_workbook_auto_from_rs, open_workbook_from_rs,
};
use chrono::NaiveDate;

use super::table::{Cell, FileKind, RawRow, column_letter, file_location};
use crate::diagnostic::Diagnostic;
use crate::output::cleanup::catch_quietly;

/// The longest text a cell may hold: Excel's own limit (32,767 characters).
/// A longer one did not come from Excel and is refused before it is copied.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The last column Excel has (XFD), 0-based.
pub const MAX_COLUMN: u32 = 16_383;
/// How many cells (counting the empty ones inside each row) a sheet may span
/// in all: a bound on the work a file can ask for, far above any month's
/// export (100,000 people × 30 columns is 3,000,000).
pub const MAX_SPANNED_CELLS: u64 = 100_000_000;
/// How many non-blank rows are read ahead to find the table's first column.
const HEAD_ROWS: usize = 20;

/// Rows of a sheet as they are read, or the sheet's problem.
pub(crate) type RowSource<'a> = Box<dyn Iterator<Item = Result<RawRow, Diagnostic>> + 'a>;

/// A workbook opened and one of its sheets chosen.
pub(crate) struct OpenedSheet<'b> {
    workbook: Sheets<Cursor<&'b [u8]>>,
    name: String,
    range: Option<Range<Data>>,
}

/// Opens a workbook and chooses its sheet (`sheet`, or the first visible one).
pub(crate) fn open_sheet<'b>(
    bytes: &'b [u8],
    kind: FileKind,
    file: &str,
    sheet: Option<&str>,
) -> Result<OpenedSheet<'b>, Vec<Diagnostic>> {
    // A workbook calamine would lay out whole is measured first.
    super::legacy::check(bytes, file).map_err(|d| vec![d])?;
    // calamine parses untrusted bytes; a panic in it must not end the run.
    catch_quietly(|| {
        let workbook = open(bytes, kind).map_err(|e| vec![unreadable(file, &e, bytes)])?;
        let name = choose_sheet(&workbook, file, sheet).map_err(|d| vec![d])?;
        Ok(OpenedSheet {
            workbook,
            name,
            range: None,
        })
    })
    .unwrap_or_else(|_| Err(vec![reader_failed(file, bytes)]))
}

fn reader_failed(file: &str, bytes: &[u8]) -> Diagnostic {
    unreadable(file, &crate::msg!("reader-failed").to_string(), bytes)
}

impl<'b> OpenedSheet<'b> {
    /// The sheet's rows, numbered as the spreadsheet shows them, each
    /// starting at the table's first column (also returned, 0-based), and
    /// the sheet's name.
    ///
    /// An `.xlsx` sheet is read cell by cell as the file holds them: memory
    /// follows what the file holds, never the dimension it claims or the
    /// address of a far cell, and a shared string is copied only into the
    /// cell that uses it — once it is known to be no longer than a cell can
    /// be. `.xls` and `.ods` sheets are read whole by calamine, once
    /// [`super::legacy`] has measured them.
    pub(crate) fn rows<'a>(
        &'a mut self,
        file: &str,
        bytes: &'a [u8],
    ) -> Result<(RowSource<'a>, u32, String), Vec<Diagnostic>> {
        let name = self.name.clone();
        if matches!(self.workbook, Sheets::Xlsx(_)) {
            let Sheets::Xlsx(workbook) = &mut self.workbook else {
                return Err(vec![reader_failed(file, bytes)]);
            };
            let sheet = name.clone();
            let reader = catch_quietly(move || {
                let workbook = workbook; // moved in: the reader borrows it for 'a
                workbook.worksheet_cells_reader(&sheet)
            })
            .map_err(|_| vec![reader_failed(file, bytes)])?
            .map_err(|e| vec![unreadable(file, &e.to_string(), bytes)])?;
            let mut rows = XlsxRows {
                reader,
                file: file.to_string(),
                sheet: name.clone(),
                bytes,
                next: None,
                ahead: VecDeque::new(),
                first_column: 0,
                spanned: 0,
                done: false,
            };
            let first_column = rows.read_head();
            return Ok((Box::new(rows), first_column, name));
        }
        let range = catch_quietly(|| self.workbook.worksheet_range(&name))
            .map_err(|_| vec![reader_failed(file, bytes)])?
            .map_err(|e| vec![unreadable(file, &e.to_string(), bytes)])?;
        let range = self.range.insert(range);
        let (rows, first_column) = sheet_rows(range);
        Ok((Box::new(rows.map(Ok)), first_column, name))
    }
}

/// An `.xlsx` sheet's rows, assembled from its cells as they are parsed.
struct XlsxRows<'a, 'b> {
    reader: XlsxCellReader<'a, Cursor<&'b [u8]>>,
    file: String,
    sheet: String,
    bytes: &'a [u8],
    /// The first cell of the next row, read with the row before.
    next: Option<(u32, u32, Cell)>,
    /// Rows read ahead to find the first column, already shifted.
    ahead: VecDeque<Result<RawRow, Diagnostic>>,
    first_column: u32,
    spanned: u64,
    done: bool,
}

impl XlsxRows<'_, '_> {
    /// Reads the first rows, so that the table's first column is known, and
    /// returns it.
    fn read_head(&mut self) -> u32 {
        let mut head = Vec::new();
        while head.len() < HEAD_ROWS {
            match self.sparse_row() {
                Some(Ok(row)) => head.push(row),
                Some(Err(d)) => {
                    self.ahead.push_back(Err(d));
                    break;
                }
                None => break,
            }
        }
        self.first_column = head
            .iter()
            .filter_map(|(_, cells)| cells.first().map(|(c, _)| *c))
            .min()
            .unwrap_or(0);
        let rows: Vec<_> = head
            .into_iter()
            .map(|(row, cells)| self.dense(row, cells))
            .collect();
        let problem = self.ahead.pop_front();
        self.ahead.extend(rows);
        self.ahead.extend(problem);
        self.first_column
    }

    fn problem(&self, row: u32, column: u32, message: crate::i18n::Msg) -> Diagnostic {
        Diagnostic::error(
            file_location(&self.file),
            crate::msg!(
                "sheet-cell",
                sheet = &self.sheet,
                cell = format!("{}{}", column_letter(u64::from(column)), u64::from(row) + 1),
                message = message
            ),
        )
    }

    /// The next cell holding something: (0-based row, column, cell).
    fn cell(&mut self) -> Option<Result<(u32, u32, Cell), Diagnostic>> {
        loop {
            let next = catch_quietly(|| self.reader.next_cell());
            let found = match next {
                Err(_) => return Some(Err(reader_failed(&self.file, self.bytes))),
                Ok(Err(e)) => return Some(Err(unreadable(&self.file, &e.to_string(), self.bytes))),
                Ok(Ok(None)) => return None,
                Ok(Ok(Some(found))) => found,
            };
            let (row, column) = found.get_position();
            let value = found.get_value();
            if matches!(value, DataRef::Empty) {
                continue;
            }
            if column > MAX_COLUMN {
                return Some(Err(self.problem(row, column, crate::msg!("cell-past-xfd"))));
            }
            let text = match value {
                DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                    Some(s.as_str())
                }
                DataRef::SharedString(s) => Some(*s),
                _ => None,
            };
            if let Some(text) = text
                && text.len() > MAX_CELL_CHARS
                && text.chars().count() > MAX_CELL_CHARS
            {
                return Some(Err(self.problem(
                    row,
                    column,
                    crate::msg!(
                        "cell-too-long",
                        chars = text.chars().count(),
                        max = MAX_CELL_CHARS
                    ),
                )));
            }
            let cell = cell_ref(value);
            if !cell.is_empty() {
                return Some(Ok((row, column, cell)));
            }
        }
    }

    /// The next row that holds something, as its cells in column order.
    #[allow(clippy::type_complexity)]
    fn sparse_row(&mut self) -> Option<Result<(u32, Vec<(u32, Cell)>), Diagnostic>> {
        if self.done {
            return None;
        }
        let (row, column, cell) = match self.next.take() {
            Some(first) => first,
            None => match self.cell() {
                Some(Ok(first)) => first,
                Some(Err(d)) => {
                    self.done = true;
                    return Some(Err(d));
                }
                None => {
                    self.done = true;
                    return None;
                }
            },
        };
        let mut cells = vec![(column, cell)];
        loop {
            match self.cell() {
                Some(Ok((r, c, cell))) if r == row => cells.push((c, cell)),
                Some(Ok((r, c, cell))) if r > row => {
                    self.next = Some((r, c, cell));
                    break;
                }
                Some(Ok((r, c, _))) => {
                    self.done = true;
                    return Some(Err(self
                        .problem(
                            r,
                            c,
                            crate::msg!("rows-out-of-order", row = u64::from(row) + 1),
                        )
                        .with_hint(crate::msg!("hint-save-again"))));
                }
                Some(Err(d)) => {
                    self.done = true;
                    return Some(Err(d));
                }
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        // Cells of a row are in column order in any file Excel writes; a
        // cell given twice keeps its last value.
        cells.reverse();
        cells.sort_by_key(|(c, _)| *c);
        cells.dedup_by_key(|(c, _)| *c);
        Some(Ok((row, cells)))
    }

    /// A row's cells laid out from the first column; cells left of the
    /// table's first column (found in the first rows) are left out.
    fn dense(&mut self, row: u32, cells: Vec<(u32, Cell)>) -> Result<RawRow, Diagnostic> {
        let first = self.first_column;
        let (last, _) = cells.last().map_or((first, &Cell::Empty), |(c, v)| (*c, v));
        let width = u64::from(last.saturating_add(1).saturating_sub(first));
        self.spanned = self.spanned.saturating_add(width);
        if self.spanned > MAX_SPANNED_CELLS {
            self.done = true;
            return Err(self.problem(
                row,
                last,
                crate::msg!("sheet-spans-too-much", max = MAX_SPANNED_CELLS.to_string()),
            ));
        }
        let mut dense = vec![Cell::Empty; usize::try_from(width).unwrap_or(0)];
        for (column, cell) in cells {
            if let Some(slot) = column
                .checked_sub(first)
                .and_then(|i| dense.get_mut(i as usize))
            {
                *slot = cell;
            }
        }
        Ok(RawRow {
            row: row.saturating_add(1),
            cells: dense,
        })
    }
}

impl Iterator for XlsxRows<'_, '_> {
    type Item = Result<RawRow, Diagnostic>;
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(row) = self.ahead.pop_front() {
            return Some(row);
        }
        match self.sparse_row()? {
            Ok((row, cells)) => Some(self.dense(row, cells)),
            Err(d) => Some(Err(d)),
        }
    }
}

/// Opens the workbook as the format its name says, then as any format
/// (a `.xls` export is often really an `.xlsx`).
fn open(bytes: &[u8], kind: FileKind) -> Result<Sheets<Cursor<&[u8]>>, String> {
    let cursor = Cursor::new(bytes);
    let as_named = match kind {
        FileKind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor.clone())
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        FileKind::Xls => open_workbook_from_rs::<Xls<_>, _>(cursor.clone())
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        FileKind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor.clone())
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        FileKind::Csv => Err("a CSV file is not a workbook".to_string()),
    };
    as_named.or_else(|e| open_workbook_auto_from_rs(cursor).map_err(|_| e))
}

fn unreadable(file: &str, why: &str, bytes: &[u8]) -> Diagnostic {
    if looks_like_text(bytes) {
        return Diagnostic::error(file_location(file), crate::msg!("sheet-holds-text"))
            .with_hint(crate::msg!("hint-save-as-xlsx"));
    }
    Diagnostic::error(
        file_location(file),
        crate::msg!("sheet-unreadable", problem = why),
    )
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = bytes.get(..512).unwrap_or(bytes);
    !head.is_empty()
        && head
            .iter()
            .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'))
}

fn choose_sheet(
    workbook: &Sheets<Cursor<&[u8]>>,
    file: &str,
    wanted: Option<&str>,
) -> Result<String, Diagnostic> {
    let names = workbook.sheet_names();
    if let Some(wanted) = wanted {
        return names
            .iter()
            .find(|n| n.as_str() == wanted.trim())
            .cloned()
            .ok_or_else(|| {
                Diagnostic::error(
                    file_location(file),
                    crate::msg!("no-such-sheet", sheet = wanted),
                )
                .with_hint(crate::msg!("hint-sheets", sheets = names.join(", ")))
            });
    }
    workbook
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .or_else(|| names.first().cloned())
        .ok_or_else(|| Diagnostic::error(file_location(file), crate::msg!("no-sheets")))
}

/// The rows of a sheet, numbered as the spreadsheet shows them, and the
/// 0-based column of the first cell of each row.
fn sheet_rows(range: &Range<Data>) -> (impl Iterator<Item = RawRow> + '_, u32) {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = range.rows().enumerate().map(move |(i, cells)| RawRow {
        // calamine's rows are 0-based and relative to the range start.
        row: u32::try_from(i)
            .unwrap_or(u32::MAX)
            .saturating_add(first_row)
            .saturating_add(1),
        cells: cells.iter().map(cell).collect(),
    });
    (rows, first_column)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DurationIso(s) => text_cell(s),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) => number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => date_time_iso(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn text_cell(s: &str) -> Cell {
    let s = s.trim();
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn date_time_iso(s: &str) -> Cell {
    s.get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .map_or_else(|| Cell::Text(s.trim().to_string()), Cell::Date)
}

fn cell_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::SharedString(s) => text_cell(s),
        DataRef::String(s) | DataRef::DurationIso(s) => text_cell(s),
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(i.to_string()),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => date_time_iso(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The shortest text that reads back as `f`: `1001.0` → `1001`, `0.95`.
fn number(f: f64) -> Cell {
    if !f.is_finite() {
        Cell::Error(f.to_string())
    } else if f == 0.0 {
        Cell::Number("0".to_string()) // not "-0"
    } else if f.trunc() == f && f.abs() < 9_007_199_254_740_992.0 {
        // A whole number below 2^53 (most cells of an export): the same
        // text through the integer, without the float's shortest-digits search.
        #[allow(clippy::cast_possible_truncation)]
        Cell::Number((f as i64).to_string())
    } else {
        Cell::Number(f.to_string())
    }
}

/// A date-formatted cell as its day (the time of day is dropped); a
/// duration as its number of days.
fn date_time(dt: &ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return number(dt.as_f64());
    }
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day)).map_or_else(
        // Excel's 1900-02-29, which never was: left as text for the date
        // parser to reject.
        || Cell::Text(format!("{year:04}-{month:02}-{day:02}")),
        Cell::Date,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_shortest_text() {
        assert_eq!(number(1001.0), Cell::Number("1001".into()));
        assert_eq!(number(0.95), Cell::Number("0.95".into()));
        assert_eq!(number(1234.5), Cell::Number("1234.5".into()));
        assert_eq!(number(-0.0), Cell::Number("0".into()));
        assert_eq!(
            number(0.300_000_000_000_000_04),
            Cell::Number("0.30000000000000004".into())
        );
        assert_eq!(number(1e21), Cell::Number("1000000000000000000000".into()));
        assert_eq!(number(-42.0), Cell::Number("-42".into()));
        assert_eq!(
            number(9_007_199_254_740_991.0),
            Cell::Number("9007199254740991".into())
        );
        assert_eq!(
            number(9_007_199_254_740_992.0),
            Cell::Number("9007199254740992".into())
        );
        assert_eq!(number(f64::NAN), Cell::Error("NaN".into()));
    }
}
