//! How a sheet of rows prints and reads: how many pages across it is
//! printed on ([`pages_wide`]), row heights for wrapped text (the first
//! [`TALL_ROWS`] rows), a link to another sheet, and a sheet's header and
//! rows made an Excel Table ([`add_table`]). Beside [`super::sheet`]'s cell
//! writing, which it leaves as it is.

use super::Error;
use super::sheet::{Cur, Style, text_width};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Printable width of an A4 landscape page in pixels (297 mm less Excel's
/// default 0.7-inch margins, at 96 dpi).
const A4_LANDSCAPE_PX: u32 = 987;

/// How many A4 landscape pages wide a sheet with these column widths (as
/// set: [`Cur::finish_part`] adds 2, at least 8) is printed on: the fewest
/// that keep it at 75% of its size or more (11-point text stays at 8.25
/// points or more), rather than one page wide at any scale.
pub(super) fn pages_wide(widths: &[u16]) -> u16 {
    // Excel's column width w is 7w + 5 pixels in the default font.
    let px: u32 = widths
        .iter()
        .map(|w| 7 * u32::from((*w).max(6) + 2) + 5)
        .sum();
    // At scale k a page holds 987 ÷ k pixels of columns: at 75%, 1,316.
    let page = A4_LANDSCAPE_PX * 4 / 3;
    px.div_ceil(page).clamp(1, 50) as u16
}

/// Rows of a sheet given a height for their wrapped text, and their cells
/// formats aligned to the top. Rows below keep the default height, which
/// clients that fit rows to wrapped text (Excel) grow when showing them, and
/// plain cells: the top-aligned formats are two or three more format lookups
/// a row (rust_xlsxwriter hashes the whole `Format` for each, ≈ 3,400
/// instructions), by that count about a fifth
/// more time for 班组明细's 471,000 rows at 100,000 people. (Memory is no
/// longer the reason: the vendored rust_xlsxwriter forgets a row's height
/// once the row is written, vendor/README.md.)
pub(super) const TALL_ROWS: u32 = 20_000;

impl Cur<'_> {
    /// Whether the current row is one of the first [`TALL_ROWS`] of its
    /// sheet, which get heights for their wrapped text.
    pub(super) fn tall(&self) -> bool {
        self.sh.row < TALL_ROWS
    }

    /// Makes the current row tall enough for texts with line breaks, each
    /// wrapped in a column `width` characters wide: (text, width); rows
    /// past [`TALL_ROWS`] are left as they are.
    pub(super) fn wrap_lines(&mut self, texts: &[(&str, u16)]) -> Result<(), Error> {
        if !self.tall() {
            return Ok(());
        }
        let lines = texts
            .iter()
            .map(|(t, width)| {
                // A tenth more than the text's width: words wrap whole.
                t.split('\n')
                    .map(|line| {
                        let w = u32::from(text_width(line)) * 11 / 10;
                        w.div_ceil(u32::from((*width).max(1))).max(1)
                    })
                    .sum::<u32>()
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            let row = self.sh.row;
            // 16 points a line (CJK fonts are taller than 15); Excel's
            // tallest row is 409 points.
            self.ws()?.set_row_height(row, (16 * lines + 2).min(409))?;
        }
        Ok(())
    }

    /// Text in a column at most `cap` wide (narrower than the sheet's widest).
    pub(super) fn text_capped(
        &mut self,
        col: u16,
        s: &str,
        f: &Style,
        cap: u16,
    ) -> Result<(), Error> {
        let widest = std::mem::replace(&mut self.sh.max_width, cap);
        let done = self.text(col, s, f);
        self.sh.max_width = widest;
        done
    }

    /// `text` as a link to `url` (a place in the workbook), still a string
    /// cell: never a formula.
    pub(super) fn link(
        &mut self,
        col: u16,
        text: &str,
        url: &rust_xlsxwriter::Url,
        f: &Style,
    ) -> Result<(), Error> {
        if text.is_empty() || text.len() > 255 {
            return self.text(col, text, f);
        }
        self.fit(col, text_width(text));
        let row = self.sh.row;
        self.ws()?
            .write_url_with_options(row, col, url.clone(), text, "查看明细", Some(f))?;
        Ok(())
    }
}

/// Makes rows `head..=end` (the header and the rows below it) an Excel
/// Table named `name`, in a light style; duplicate column names (a Table
/// refuses them) get a number.
pub(super) fn add_table(
    ws: &mut Worksheet,
    name: &str,
    (head, end): (u32, u32),
    columns: &[String],
    header: Option<&Format>,
) -> Result<(), XlsxError> {
    // Excel wants a Table's column names distinct, ignoring case: a repeated
    // name gets 2, 3, … (a set of the names taken: linear in the columns).
    let mut names: Vec<String> = Vec::with_capacity(columns.len());
    let mut taken = foldhash::HashSet::default();
    for c in columns {
        let mut n = if c.is_empty() {
            "列".to_string()
        } else {
            c.clone()
        };
        let mut k = 2;
        while !taken.insert(n.to_lowercase()) {
            n = format!("{c}{k}");
            k += 1;
        }
        names.push(n);
    }
    let table = rust_xlsxwriter::Table::new()
        .set_name(name)
        .set_style(rust_xlsxwriter::TableStyle::Light1)
        .set_columns(
            &names
                .iter()
                .map(|n| {
                    let c = rust_xlsxwriter::TableColumn::new().set_header(n);
                    match header {
                        Some(f) => c.set_header_format(f),
                        None => c,
                    }
                })
                .collect::<Vec<_>>(),
        );
    let last_col = (columns.len() as u16).saturating_sub(1);
    ws.add_table(head, 0, end, last_col, &table)?;
    Ok(())
}
