//! `.xls` and `.ods` workbooks are read whole by calamine, which lays every
//! sheet out as a grid of cells when it opens the file: memory follows the
//! area the cells span, not how many there are. Before calamine sees such a
//! file, it is measured by content, here: its size, and for an `.ods` the
//! area its rows and cells span, counted from `content.xml` as it is
//! unzipped (nothing kept). What exceeds the limits is refused naming the
//! file, with the way out: `.xlsx` and `.csv` are read cell by cell.
//!
//! An `.xls` (BIFF8) cannot span more than 65,536 rows × 256 columns; its
//! size is the bound checked, and the sector chains of its container (a
//! compound file) must end: calamine follows a chain that loops back on
//! itself for ever, copying sectors until memory runs out.

use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::table::file_location;
use crate::diagnostic::Diagnostic;

/// The largest `.xls` or `.ods` file read (a month's export of 100,000
/// people as `.xls` is about 20 MB).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// The most cells the sheets of an `.ods` may span in all (rows down to the
/// last row holding something, times columns out to the last cell holding
/// something): calamine keeps each as about 32 bytes, so 160 MB.
pub const MAX_CELLS: u64 = 5_000_000;
/// The most bytes `content.xml` may unzip to: a zip bomb is stopped here.
const MAX_CONTENT_BYTES: u64 = 1024 * 1024 * 1024;

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Refuses an `.xls` or `.ods` (whatever its name says, as calamine would
/// open it) that is larger, or spans more cells, than appraise reads.
/// Other files pass.
pub(crate) fn check(bytes: &[u8], file: &str) -> Result<(), Diagnostic> {
    let kind = if bytes.starts_with(OLE) {
        ".xls"
    } else if bytes.starts_with(b"PK") && is_ods(bytes) {
        ".ods"
    } else {
        return Ok(());
    };
    let refuse = |what: crate::i18n::Msg| {
        Diagnostic::error(file_location(file), what)
            .with_hint(crate::msg!("hint-save-as-xlsx-or-csv"))
    };
    if bytes.len() > MAX_BYTES {
        return Err(refuse(crate::msg!(
            "workbook-too-large",
            kind = kind,
            size = bytes.len() / (1024 * 1024),
            max = MAX_BYTES / (1024 * 1024)
        )));
    }
    if kind == ".xls" && chains_loop(bytes) {
        return Err(
            Diagnostic::error(file_location(file), crate::msg!("xls-sector-loop"))
                .with_hint(crate::msg!("hint-save-again-xlsx")),
        );
    }
    if kind == ".ods" {
        match spanned_cells(bytes) {
            Ok(cells) if cells > MAX_CELLS => {
                return Err(refuse(crate::msg!(
                    "ods-too-many-cells",
                    cells = cells.to_string(),
                    max = MAX_CELLS.to_string()
                )));
            }
            Ok(_) => {}
            Err(Why::TooLarge) => {
                return Err(refuse(crate::msg!(
                    "ods-unzips-too-large",
                    max = MAX_CONTENT_BYTES / (1024 * 1024)
                )));
            }
            // Unreadable: calamine says why.
            Err(Why::Unreadable) => {}
        }
    }
    Ok(())
}

/// A zip whose `mimetype` says OpenDocument spreadsheet.
fn is_ods(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(entry) = zip.by_name("mimetype") else {
        return false;
    };
    let mut mime = Vec::new();
    entry.take(128).read_to_end(&mut mime).is_ok()
        && mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
}

enum Why {
    TooLarge,
    Unreadable,
}

/// A repeat count as an ODS attribute gives it (absent: 1).
fn repeats(e: &BytesStart, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// The cells the sheets of an `.ods` span, summed over its sheets: per
/// sheet, rows down to the last row holding something times columns out
/// to the last cell holding something (repeats counted), as calamine lays
/// them out.
fn spanned_cells(bytes: &[u8]) -> Result<u64, Why> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Why::Unreadable)?;
    let content = zip.by_name("content.xml").map_err(|_| Why::Unreadable)?;
    let mut limited = content.take(MAX_CONTENT_BYTES + 1);
    let mut reader = Reader::from_reader(BufReader::new(&mut limited));
    let mut buf = Vec::new();
    let (mut total, mut rows, mut last_row, mut width) = (0u64, 0u64, 0u64, 0u64);
    // Within a row: its repeat count, the columns so far, the last one used.
    let (mut row_repeats, mut column, mut last_column) = (1u64, 0u64, 0u64);
    loop {
        let event = reader.read_event_into(&mut buf);
        let (e, open) = match &event {
            Ok(Event::Start(e)) => (e, true),
            Ok(Event::Empty(e)) => (e, false),
            Ok(Event::End(e)) if e.name().as_ref() == "table:table" => {
                total = total.saturating_add(last_row.saturating_mul(width));
                (rows, last_row, width) = (0, 0, 0);
                buf.clear();
                continue;
            }
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => {
                if last_column > 0 {
                    width = width.max(last_column);
                    last_row = rows.saturating_add(row_repeats);
                }
                rows = rows.saturating_add(row_repeats);
                buf.clear();
                continue;
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(Why::Unreadable),
            Ok(_) => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table-row" => {
                row_repeats = repeats(e, "table:number-rows-repeated");
                (column, last_column) = (0, 0);
                if !open {
                    rows = rows.saturating_add(row_repeats);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                column = column.saturating_add(repeats(e, "table:number-columns-repeated"));
                let holds = open
                    || e.attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == "office:value-type");
                if holds {
                    last_column = column;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    if limited.limit() == 0 {
        return Err(Why::TooLarge);
    }
    Ok(total)
}

/// Whether a sector chain of a compound file (the container of an `.xls`)
/// loops: in its FAT (the next sector of each sector) or its mini FAT.
/// A file too damaged to tell is left to calamine, which reports it.
fn chains_loop(bytes: &[u8]) -> bool {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let Some(shift @ 7..=16) = u16_at(0x1E) else {
        return false;
    };
    let size = 1usize << shift;
    let sector = |id: u32| {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    let entries = |s: &[u8]| -> Vec<u32> {
        s.chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    };
    // The FAT's sectors: 109 listed in the header, then the DIFAT chain
    // (its last entry in each sector is the next DIFAT sector).
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(0x4C + 4 * i)).collect();
    let mut difat = u32_at(0x44).unwrap_or(END);
    let mut steps = 0;
    while difat < RESERVED {
        steps += 1;
        let Some(s) = sector(difat).filter(|_| steps <= bytes.len() / size) else {
            return false;
        };
        let mut ids = entries(s);
        difat = ids.pop().unwrap_or(END);
        fat_sectors.extend(ids);
    }
    let fat: Vec<u32> = fat_sectors
        .into_iter()
        .filter(|&id| id < RESERVED)
        .filter_map(sector)
        .flat_map(entries)
        .collect();
    if loops(&fat) {
        return true;
    }
    // The mini FAT is itself a chain of sectors (checked above not to loop).
    let mut mini = Vec::new();
    let mut id = u32_at(0x3C).unwrap_or(END);
    while id < RESERVED {
        let Some(s) = sector(id) else {
            return false;
        };
        mini.extend(entries(s));
        id = fat.get(id as usize).copied().unwrap_or(END);
    }
    loops(&mini)
}

/// Sector ids from here up mark free sectors and chain ends.
const RESERVED: u32 = 0xFFFF_FFFA;
const END: u32 = 0xFFFF_FFFE;

/// Whether following `next` from some entry comes back to an entry already
/// on the way (each entry has one successor, so one pass suffices).
fn loops(next: &[u32]) -> bool {
    // 0: not seen; 1: on the current path; 2: known to end.
    let mut state = vec![0u8; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        while let (Some(seen @ 0), Some(&to)) = (state.get_mut(at), next.get(at)) {
            *seen = 1;
            path.push(at);
            at = to as usize;
        }
        if state.get(at) == Some(&1) {
            return true;
        }
        for p in path.drain(..) {
            if let Some(seen) = state.get_mut(p) {
                *seen = 2;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_that_end_or_leave_the_table_do_not_loop() {
        // 0 → 1 → 2 → end; 3 → free; 4 → 9 (past the table).
        assert!(!loops(&[1, 2, END, 0xFFFF_FFFF, 9]));
        // Two chains joining: 0 → 2, 1 → 2 → end.
        assert!(!loops(&[2, 2, END]));
        assert!(!loops(&[]));
    }

    #[test]
    fn a_chain_coming_back_loops() {
        assert!(loops(&[0])); // a sector that is its own next
        assert!(loops(&[1, 0]));
        // 0 → 1 → 2 → 3 → 1: the loop does not pass through the start.
        assert!(loops(&[1, 2, 3, 1]));
        // Found from a later start, after a chain that ends.
        assert!(loops(&[END, 2, 3, 2]));
    }
}
