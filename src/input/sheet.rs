//! Workbooks (.xlsx, .xls, .ods) through calamine: bytes → one sheet's rows
//! of cells, numbered as the spreadsheet shows them.
//!
//! calamine's [`Range`] starts at the first used cell: its rows are relative
//! to [`Range::start`], so a sheet whose first used row is 3 yields row 3
//! first. Formulas are read by the values the file has cached. Numbers keep
//! the shortest text that round-trips their binary value (`1001`, `0.95`),
//! which [`super::value`] then reads exactly.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{
    Data, ExcelDateTime, Ods, Range, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsx,
    open_workbook_auto_from_rs, open_workbook_from_rs,
};
use chrono::NaiveDate;

use super::table::{Cell, FileKind, RawRow, file_location};
use crate::diagnostic::Diagnostic;

/// Reads one sheet (`sheet`, or the first visible one) of a workbook; also
/// returns the sheet's name.
pub(crate) fn read_sheet(
    bytes: &[u8],
    kind: FileKind,
    file: &str,
    sheet: Option<&str>,
) -> Result<(Range<Data>, String), Vec<Diagnostic>> {
    // calamine parses untrusted bytes; a panic in it must not end the run.
    catch_unwind(AssertUnwindSafe(|| read(bytes, kind, file, sheet))).unwrap_or_else(|_| {
        Err(vec![unreadable(
            file,
            "the spreadsheet reader failed on it",
            bytes,
        )])
    })
}

fn read(
    bytes: &[u8],
    kind: FileKind,
    file: &str,
    sheet: Option<&str>,
) -> Result<(Range<Data>, String), Vec<Diagnostic>> {
    let mut workbook = open(bytes, kind).map_err(|e| vec![unreadable(file, &e, bytes)])?;
    let name = choose_sheet(&workbook, file, sheet).map_err(|d| vec![d])?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| vec![unreadable(file, &e.to_string(), bytes)])?;
    Ok((range, name))
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
        return Diagnostic::error(
            file_location(file),
            "is not a readable spreadsheet: it holds text (CSV or HTML), not a workbook",
        )
        .with_hint("open it in Excel and save it as .xlsx, or name it .csv if it is CSV");
    }
    Diagnostic::error(
        file_location(file),
        format!("is not a readable spreadsheet: {why}"),
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
                    format!("has no sheet named \"{wanted}\""),
                )
                .with_hint(format!("sheets: {}", names.join(", ")))
            });
    }
    workbook
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .or_else(|| names.first().cloned())
        .ok_or_else(|| Diagnostic::error(file_location(file), "has no sheets"))
}

/// The rows of a sheet, numbered as the spreadsheet shows them, and the
/// 0-based column of the first cell of each row.
pub(crate) fn sheet_rows(range: &Range<Data>) -> (impl Iterator<Item = RawRow> + '_, u32) {
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
        Data::String(s) | Data::DurationIso(s) => {
            let s = s.trim();
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.to_string())
            }
        }
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) => number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map_or_else(|| Cell::Text(s.trim().to_string()), Cell::Date),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The shortest text that reads back as `f`: `1001.0` → `1001`, `0.95`.
fn number(f: f64) -> Cell {
    if !f.is_finite() {
        Cell::Error(f.to_string())
    } else if f == 0.0 {
        Cell::Number("0".to_string()) // not "-0"
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
        assert_eq!(number(f64::NAN), Cell::Error("NaN".into()));
    }
}
