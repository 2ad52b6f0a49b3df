//! Writing one workbook sheet row by row, top to bottom, in rust_xlsxwriter's
//! constant-memory mode: the cell formats ([`Styles`]), a sheet's position,
//! column widths and continuation parts ([`Sheet`]), and a cursor that writes
//! cells ([`Cur`]) — text always as text (never a formula), numbers as the
//! nearest double to the exact decimal, and a text longer than a cell holds
//! refused as the user's problem (naming the sheet, row and column) rather
//! than as an internal error.

pub(super) use super::styles::{Style, Styles};
use super::{Error, value_text};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::Value;
#[cfg(doc)]
use crate::money::format_cents;
use crate::money::round_cents;
use crate::scheme;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Widest a column is made, in character units.
pub(super) const MAX_WIDTH: u16 = 60;

/// The number an exact decimal is stored as: the nearest double (parsing the
/// exact decimal text is correctly rounded), so 4385.00 reads back as 4385.
pub fn cell_number(d: Decimal) -> f64 {
    // Fast path, the same double: a mantissa below 2^53 and a power of ten up
    // to 10^22 are both exact doubles, and IEEE division is correctly rounded,
    // so m / 10^scale is the nearest double to the exact decimal — what
    // parsing its text gives, without a String per cell.
    let (m, scale) = (d.mantissa(), d.scale());
    if m == 0 {
        return 0.0;
    }
    if m.unsigned_abs() < (1u128 << 53)
        && let Some(&p) = POWERS_OF_TEN.get(scale as usize)
    {
        #[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
        return m as f64 / p;
    }
    d.normalize().to_string().parse::<f64>().unwrap_or_default()
}

/// 10^0 … 10^22, every one an exact double.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The width of [`format_cents`]'s text of `d` (two decimals, a sign), without building it.
fn cents_width(d: Decimal) -> u16 {
    let cents = round_cents(d);
    let whole = cents.abs().trunc().mantissa().unsigned_abs();
    let digits = whole.checked_ilog10().map_or(1, |l| l + 1) as u16;
    let sign = u16::from(cents.is_sign_negative() && !cents.is_zero());
    sign + digits + 3
}

/// Display width of text: CJK and other wide characters count two.
pub(super) fn text_width(s: &str) -> u16 {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1u16 } else { 2 })
        .fold(0u16, u16::saturating_add)
}

/// Excel's rows per sheet.
pub(super) const MAX_ROWS: u32 = 1_048_576;

/// Excel's characters per cell (UTF-16 units).
pub(super) const MAX_CELL_TEXT: usize = 32_767;

/// How a sheet is laid out, applied when it is finished.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// A header row, frozen, with an autofilter; printed with the header repeated.
    Table,
    /// Rows to print as they are (payslip strips).
    Print,
}

/// Adds a worksheet for writing row by row.
///
/// Every sheet is written in row order, as rust_xlsxwriter's constant-memory
/// mode requires: cell data goes to a temporary file row by row instead of
/// being held in memory, so a 100,000-person month does not need memory for
/// all cells of all sheets.
pub(super) fn add_sheet(wb: &mut Workbook, name: &str) -> Result<usize, XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    Ok(wb.worksheets().len() - 1)
}

/// One sheet being written top to bottom: its position, column widths, and
/// when a sheet is full (Excel's 1,048,576 rows) the part it is on — the
/// next part is a new sheet named `明细2`, `明细3`, … with the header repeated.
pub(super) struct Sheet {
    pub(super) index: usize,
    pub(super) name: &'static str,
    pub(super) part: u32,
    pub(super) layout: Layout,
    pub(super) header: Option<(Vec<String>, Style)>,
    /// The column names, for messages.
    pub(super) columns: Vec<String>,
    /// Who the current row is about, for messages.
    pub(super) who: String,
    pub(super) row: u32,
    pub(super) widths: Vec<u16>,
    /// The header row of the current part (below 汇总's title rows on its first).
    pub(super) head_row: u32,
    /// Rows a part holds before the next part starts: Excel's rows, or for
    /// 工资条 as many pages as Excel keeps manual page breaks for.
    pub(super) limit: u32,
    /// Manual page breaks of the current part (the rows that start a page).
    pub(super) breaks: Vec<u32>,
    /// The printed page header (already escaped for `&`).
    pub(super) page_header: String,
    /// The widest a column is made.
    pub(super) max_width: u16,
    /// The name of the Excel Table its header and rows make, when the sheet
    /// is held in memory ([`Sheet::in_memory`]); its last row when rows
    /// follow that are not part of it (汇总's 合计).
    pub(super) table: Option<&'static str>,
    pub(super) table_end: Option<u32>,
    /// The formats of the current row's cells, applied when the row ends ([`Cur::apply_formats`]).
    formats: Formats,
}

/// The formats of one row's cells, held back until the row ends so that a
/// run of cells with the same format costs one format lookup, not one a
/// cell: rust_xlsxwriter finds a [`Format`]'s index by hashing the whole
/// format (font, borders, fill, number format) with SipHash — at 100,000
/// people a third of the 汇总 workbook's instructions when done per cell.
/// The cells are written unformatted and a run gets its format with
/// [`Worksheet::set_range_format`] (one lookup), which sets the same index on
/// each cell, or makes a formatted blank where there is none: the sheet's
/// XML is byte for byte the one per-cell formats give.
#[derive(Default)]
struct Formats {
    /// The formats this sheet's cells have had, by [`Style::id`].
    seen: Vec<Option<Format>>,
    /// (column, [`Style::id`], whether a value is stored there) of the
    /// current row's formatted cells, in writing order.
    pending: Vec<(u16, usize, bool)>,
    /// The first failure to apply formats at the end of a row.
    failed: Option<XlsxError>,
}

impl Formats {
    fn hold(&mut self, col: u16, f: &Style, stored: bool) {
        if self.seen.len() <= f.id {
            self.seen.resize(f.id + 1, None);
        }
        if let Some(seen @ None) = self.seen.get_mut(f.id) {
            *seen = Some(f.format.clone());
        }
        self.pending.push((col, f.id, stored));
    }
}

impl Sheet {
    pub(super) fn new(
        wb: &mut Workbook,
        name: &'static str,
        layout: Layout,
    ) -> Result<Sheet, XlsxError> {
        Ok(Sheet {
            index: add_sheet(wb, name)?,
            ..Sheet::new_unadded(name, layout)
        })
    }

    /// A sheet held in memory until the workbook is saved, so that its
    /// header and rows can be made an Excel Table named `table` when it is
    /// finished: rust_xlsxwriter writes a table's header cells when it is
    /// added, which constant-memory mode cannot do for rows already
    /// written. For sheets of a small month only.
    pub(super) fn in_memory(
        wb: &mut Workbook,
        name: &'static str,
        layout: Layout,
        table: &'static str,
    ) -> Result<Sheet, XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        let index = wb.worksheets().len() - 1;
        Ok(Sheet {
            index,
            table: Some(table),
            ..Sheet::new_unadded(name, layout)
        })
    }

    fn new_unadded(name: &'static str, layout: Layout) -> Sheet {
        Sheet {
            index: 0,
            name,
            part: 1,
            layout,
            header: None,
            columns: Vec::new(),
            who: String::new(),
            row: 0,
            widths: Vec::new(),
            head_row: 0,
            limit: MAX_ROWS,
            breaks: Vec::new(),
            page_header: String::new(),
            max_width: MAX_WIDTH,
            table: None,
            table_end: None,
            formats: Formats::default(),
        }
    }
}

/// A sheet with the workbook it is in, to write cells.
pub(super) struct Cur<'a> {
    pub(super) wb: &'a mut Workbook,
    pub(super) sh: &'a mut Sheet,
}

impl Cur<'_> {
    /// The worksheet, for writing directly: the row's held formats are
    /// applied first, so that formats are looked up in the order the cells
    /// were written (a format's index is its first use in the workbook).
    pub(super) fn ws(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.apply_formats()?;
        self.wb.worksheet_from_index(self.sh.index)
    }

    /// Gives the held cells of the current row their formats: one
    /// [`Worksheet::set_range_format`] per run of adjacent columns with the
    /// same format (see [`Formats`]).
    fn apply_formats(&mut self) -> Result<(), XlsxError> {
        let Sheet {
            formats,
            row,
            index,
            ..
        } = &mut *self.sh;
        if formats.pending.is_empty() {
            return Ok(());
        }
        let ws = self.wb.worksheet_from_index(*index)?;
        let row = *row;
        let mut k = 0;
        while let Some(&(first, i, first_stored)) = formats.pending.get(k) {
            let (mut last, mut last_stored) = (first, first_stored);
            k += 1;
            while let Some(&(col, j, stored)) = formats.pending.get(k) {
                if j != i || Some(col) != last.checked_add(1) {
                    break;
                }
                (last, last_stored) = (col, stored);
                k += 1;
            }
            let Some(Some(f)) = formats.seen.get(i) else {
                continue;
            };
            // A blank at either end of a run is written as a formatted blank
            // itself: that stores the row if nothing in it is yet (a format
            // may only be set on a stored row), and it counts in the
            // sheet's dimension as a per-cell blank does (a range format
            // does not).
            let (mut from, mut to) = (first, last);
            if !first_stored {
                ws.write_blank(row, first, f)?;
                from += 1;
            }
            if !last_stored && last > first {
                ws.write_blank(row, last, f)?;
                to -= 1;
            }
            if from <= to {
                ws.set_range_format(row, from, row, to, f)?;
            }
        }
        formats.pending.clear();
        Ok(())
    }

    pub(super) fn fit(&mut self, col: u16, width: u16) {
        let c = col as usize;
        let widths = &mut self.sh.widths;
        if widths.len() <= c {
            widths.resize(c + 1, 0);
        }
        if let Some(w) = widths.get_mut(c) {
            *w = (*w).max(width.min(self.sh.max_width));
        }
    }

    /// Makes sure `rows` more rows fit on the current sheet, else starts the next part.
    pub(super) fn room(&mut self, rows: u32) -> Result<(), Error> {
        if self.sh.row + rows <= self.sh.limit {
            return Ok(());
        }
        self.finish_part()?;
        self.sh.part += 1;
        self.sh.index = add_sheet(self.wb, &format!("{}{}", self.sh.name, self.sh.part))?;
        self.sh.row = 0;
        self.sh.breaks.clear();
        if let Some((h, f)) = self.sh.header.take() {
            self.headers(&h, &f)?;
        }
        Ok(())
    }

    /// Who the current row is about, for messages (the buffer is reused).
    pub(super) fn about(&mut self, who: &str) {
        self.sh.who.clear();
        self.sh.who.push_str(who);
    }

    /// Text without a format: no per-cell format lookup (rust_xlsxwriter
    /// hashes a cell's whole [`Format`] to find its index).
    pub(super) fn plain(&mut self, col: u16, s: &str) -> Result<(), Error> {
        self.text_with(col, s, None)
    }

    /// Text, always as a string cell (never a formula).
    pub(super) fn text(&mut self, col: u16, s: &str, f: &Style) -> Result<(), Error> {
        self.text_with(col, s, Some(f))
    }

    fn text_with(&mut self, col: u16, s: &str, f: Option<&Style>) -> Result<(), Error> {
        // A UTF-8 text of at most 32,767 bytes has at most as many UTF-16 units.
        let len = if s.len() <= MAX_CELL_TEXT {
            0
        } else {
            s.encode_utf16().count()
        };
        if len > MAX_CELL_TEXT {
            let column = self
                .sh
                .columns
                .get(col as usize)
                .map_or("?", String::as_str);
            let who = if self.sh.who.is_empty() {
                String::new()
            } else {
                format!(" of {}", self.sh.who)
            };
            return Err(Error::User(
                Diagnostic::error(
                    Location::None,
                    format!(
                        "cannot write the workbook: sheet {}, column {column}{who}: the text has {len} characters, more than the {MAX_CELL_TEXT} an Excel cell holds",
                        self.sh.name
                    ),
                )
                .with_hint("use --format json, which has no such limit"),
            ));
        }
        self.fit(col, text_width(s));
        let row = self.sh.row;
        // A blank cell without a format is not stored at all; with one, it
        // is a formatted blank (made when the formats are applied).
        if !s.is_empty() {
            self.wb
                .worksheet_from_index(self.sh.index)?
                .write_string(row, col, s)?;
        }
        if let Some(f) = f {
            self.sh.formats.hold(col, f, !s.is_empty());
        }
        Ok(())
    }

    pub(super) fn number(&mut self, col: u16, d: Decimal, f: &Style) -> Result<(), Error> {
        self.fit(col, cents_width(d) + 3);
        let row = self.sh.row;
        self.wb
            .worksheet_from_index(self.sh.index)?
            .write_number(row, col, cell_number(d))?;
        self.sh.formats.hold(col, f, true);
        Ok(())
    }

    /// A computed or input value, formatted by its slot's format.
    pub(super) fn value(
        &mut self,
        col: u16,
        v: &Value,
        format: scheme::Format,
        st: &Styles,
    ) -> Result<(), Error> {
        match v {
            Value::Num(d) if format != scheme::Format::Text => {
                self.number(col, *d, st.for_value(format))
            }
            other => self.plain(col, &value_text(other, format)),
        }
    }

    /// The header row; in a [`Layout::Table`] it is repeated on continuation sheets.
    pub(super) fn headers(&mut self, headers: &[String], f: &Style) -> Result<(), Error> {
        self.sh.columns = headers.to_vec();
        self.sh.who = String::new();
        for (c, h) in headers.iter().enumerate() {
            self.text(c as u16, h, f)?;
        }
        if self.sh.layout == Layout::Table {
            self.sh.header = Some((headers.to_vec(), f.clone()));
            self.sh.head_row = self.sh.row;
        }
        self.next();
        Ok(())
    }

    /// Makes the current row tall enough for `texts` wrapped in columns at
    /// most [`Sheet::max_width`] wide (not every client grows a row to its
    /// wrapped text: LibreOffice keeps the stored height).
    pub(super) fn wrap_height(&mut self, texts: &[&str]) -> Result<(), Error> {
        let width = self.sh.max_width.max(1);
        let lines = texts
            .iter()
            .map(|t| text_width(t).div_ceil(width))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            let row = self.sh.row;
            self.ws()?
                .set_row_height(row, 15 * u32::from(lines.min(400)))?;
        }
        Ok(())
    }

    /// Ends the row: its cells get their formats, the next row begins. A
    /// failure to set a format (not expected: the row and columns were
    /// written already) is kept and returned by [`Cur::finish_part`].
    pub(super) fn next(&mut self) {
        if let Err(e) = self.apply_formats() {
            self.sh.formats.failed.get_or_insert(e);
        }
        self.sh.row += 1;
    }

    /// Column widths (CJK counted double) and the layout of the current part.
    pub(super) fn finish_part(&mut self) -> Result<(), XlsxError> {
        self.apply_formats()?;
        if let Some(e) = self.sh.formats.failed.take() {
            return Err(e);
        }
        let widths = self.sh.widths.clone();
        let (last_row, layout, head) = (
            self.sh.row.saturating_sub(1),
            self.sh.layout,
            self.sh.head_row,
        );
        let breaks = std::mem::take(&mut self.sh.breaks);
        let (table, table_end) = (
            self.sh.table.filter(|_| self.sh.part == 1),
            self.sh.table_end,
        );
        let columns = self.sh.columns.clone();
        let header_format = self.sh.header.as_ref().map(|(_, f)| f.clone());
        let page_header = self.sh.page_header.clone();
        let last_col = (widths.len() as u16).saturating_sub(1);
        let ws = self.ws()?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).max(6) + 2)?;
        }
        page_setup(ws, &page_header);
        ws.set_landscape();
        // A payslip strip is never cut: printed sheets stay one page wide.
        let pages = if layout == Layout::Table {
            super::print::pages_wide(&widths)
        } else {
            1
        };
        ws.set_print_fit_to_pages(pages, 0);
        if pages > 1 {
            // The first column (who a row is about) on every page across.
            ws.set_repeat_columns(0, 0)?;
        }
        if layout == Layout::Table {
            ws.set_freeze_panes(head + 1, 0)?;
            let end = table_end.unwrap_or(last_row);
            match table {
                // A Table filters by itself (a sheet's autofilter may not overlap it).
                Some(name) if end > head => {
                    super::print::add_table(
                        ws,
                        name,
                        (head, end),
                        &columns,
                        header_format.as_deref(),
                    )?;
                }
                _ => {
                    ws.autofilter(head, 0, last_row.max(head + 1), last_col)?;
                }
            }
            // The header, and the title rows above it, on every page.
            ws.set_repeat_rows(0, head)?;
        }
        ws.set_page_breaks(&breaks)?;
        Ok(())
    }
}

/// The printed page: A4, the page header given, "第 n 页 共 m 页" in the footer.
pub(super) fn page_setup(ws: &mut Worksheet, page_header: &str) {
    ws.set_paper_size(9); // A4
    if !page_header.is_empty() {
        ws.set_header(page_header);
    }
    ws.set_footer("&C第 &P 页 共 &N 页");
}

/// Text for a page header or footer: `&` doubled (Excel's escape), at most
/// 60 characters (Excel refuses more than 255 in all).
pub(super) fn header_text(s: &str) -> String {
    s.chars().take(60).collect::<String>().replace('&', "&&")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use rust_decimal_macros::dec;
    use rust_xlsxwriter::{DocProperties, ExcelDateTime};

    fn workbook() -> Workbook {
        let mut wb = Workbook::new();
        let day = ExcelDateTime::from_ymd(2024, 5, 1).unwrap();
        wb.set_properties(&DocProperties::new().set_creation_datetime(&day));
        wb
    }

    /// Formats held per row and applied per run give the same file, byte for
    /// byte, as a format given with every cell: runs broken by another
    /// format or a plain cell, a formatted blank first in its row (nothing
    /// stored yet), a row of blanks only, a direct worksheet call mid-row.
    #[test]
    fn held_formats_write_the_same_file_as_formats_per_cell() {
        let st = Styles::new();
        let mut wb = workbook();
        let mut sh = Sheet::new(&mut wb, "汇总", Layout::Print).unwrap();
        let mut c = Cur {
            wb: &mut wb,
            sh: &mut sh,
        };
        c.text(0, "", &st.strip_text).unwrap();
        c.text(1, "张伟", &st.strip_text).unwrap();
        c.number(2, dec!(4385.00), &st.strip_money).unwrap();
        c.number(3, dec!(-1.5), &st.strip_money).unwrap();
        c.plain(4, "plain").unwrap();
        c.number(5, dec!(7), &st.strip_money).unwrap();
        c.text(6, "", &st.strip_text).unwrap();
        c.next();
        for col in 0..4 {
            c.text(col, "", &st.cut).unwrap();
        }
        c.next();
        c.text(0, "合计", &st.bold).unwrap();
        c.ws()
            .unwrap()
            .write_string_with_format(2, 1, "x", &st.unit)
            .unwrap();
        c.number(2, dec!(0.10), &st.money_bold).unwrap();
        c.next();
        c.finish_part().unwrap();
        let held = wb.save_to_buffer().unwrap();

        let mut wb = workbook();
        let index = add_sheet(&mut wb, "汇总").unwrap();
        let ws = wb.worksheet_from_index(index).unwrap();
        ws.write_blank(0, 0, &st.strip_text).unwrap();
        ws.write_string_with_format(0, 1, "张伟", &st.strip_text)
            .unwrap();
        ws.write_number_with_format(0, 2, 4385.0, &st.strip_money)
            .unwrap();
        ws.write_number_with_format(0, 3, -1.5, &st.strip_money)
            .unwrap();
        ws.write_string(0, 4, "plain").unwrap();
        ws.write_number_with_format(0, 5, 7.0, &st.strip_money)
            .unwrap();
        ws.write_blank(0, 6, &st.strip_text).unwrap();
        for col in 0..4 {
            ws.write_blank(1, col, &st.cut).unwrap();
        }
        ws.write_string_with_format(2, 0, "合计", &st.bold).unwrap();
        ws.write_string_with_format(2, 1, "x", &st.unit).unwrap();
        ws.write_number_with_format(2, 2, 0.1, &st.money_bold)
            .unwrap();
        // The same layout as finish_part gives (widths as Cur measured them).
        for (col, w) in sh.widths.iter().enumerate() {
            ws.set_column_width(col as u16, (*w).max(6) + 2).unwrap();
        }
        page_setup(ws, "");
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_page_breaks(&[]).unwrap();
        let per_cell = wb.save_to_buffer().unwrap();
        assert!(held == per_cell, "the workbooks differ");
    }
}
