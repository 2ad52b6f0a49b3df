//! The workbook for the finance office, one sheet per question:
//!
//! - 汇总 — one row per person with every item and the totals (a 合计 row);
//! - 班组 — one row per team: its inputs, every team rule, the band chosen and
//!   how each team amount was split among the members;
//! - 工资条 — payslip strips (header row, value row, blank row) to print and cut;
//! - 明细 — the explanation of every figure ([`super::explain`]);
//! - 提示 — flags set by the scheme and warnings about the inputs;
//! - 输入 — each input file used, with its rows and SHA-256, and the scheme.
//!
//! Invariants:
//! - every number cell holds the exact value (the nearest double to the exact
//!   decimal) and is only *formatted* to two places; the 合计 row's formulas
//!   carry the exact decimal totals as their cached results;
//! - text from inputs is always written as text (`write_string`), so a name
//!   like `=1+1` never becomes a formula;
//! - deterministic: fixed document properties (created on the first day of
//!   the month), rows in roster / team order, no clock;
//! - every sheet is written strictly row by row, top to bottom, so it can use
//!   rust_xlsxwriter's constant-memory mode (see [`add_sheet`]).

use super::explain::{self, Explainer};
use super::summary::Summary;
use super::{Report, value_text};
use crate::expr::resolve::{Level, Value};
use crate::money::format_cents;
use crate::scheme::{self, SlotSource};
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use std::io::Write;

/// The sheets, in order. Each name is within Excel's 31 characters.
pub const SHEETS: [&str; 6] = ["汇总", "班组", "工资条", "明细", "提示", "输入"];

/// Widest a column is made, in character units.
const MAX_WIDTH: u16 = 60;

/// The number an exact decimal is stored as: the nearest double (parsing the
/// exact decimal text is correctly rounded), so 4385.00 reads back as 4385.
pub fn cell_number(d: Decimal) -> f64 {
    d.normalize().to_string().parse::<f64>().unwrap_or_default()
}

/// Display width of text: CJK and other wide characters count two.
fn text_width(s: &str) -> u16 {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1u16 } else { 2 })
        .fold(0u16, u16::saturating_add)
}

/// The cell formats of the workbook.
struct Styles {
    header: Format,
    money: Format,
    money_bold: Format,
    percent: Format,
    integer: Format,
    number: Format,
    text: Format,
    bold: Format,
    strip_header: Format,
    strip_text: Format,
    strip_money: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format("#,##0.00"),
            money_bold: Format::new().set_num_format("#,##0.00").set_bold(),
            percent: Format::new().set_num_format("0.00%"),
            integer: Format::new().set_num_format("0"),
            number: Format::new().set_num_format("0.####"),
            text: Format::new(),
            bold: Format::new().set_bold(),
            strip_header: border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xDDEBF7)),
            ),
            strip_text: border(Format::new()),
            strip_money: border(Format::new().set_num_format("#,##0.00")),
        }
    }

    fn for_value(&self, f: scheme::Format) -> &Format {
        match f {
            scheme::Format::Money => &self.money,
            scheme::Format::Percent => &self.percent,
            scheme::Format::Integer => &self.integer,
            scheme::Format::Number => &self.number,
            _ => &self.text,
        }
    }
}

/// Excel's rows per sheet.
const MAX_ROWS: u32 = 1_048_576;

/// How a sheet is laid out, applied when it is finished.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
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
fn add_sheet(wb: &mut Workbook, name: &str) -> Result<usize, XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    Ok(wb.worksheets().len() - 1)
}

/// Writes one sheet top to bottom, keeps track of column widths, and when a
/// sheet is full (Excel's 1,048,576 rows) goes on in a new sheet named
/// `明细2`, `明细3`, … with the header repeated.
struct Sheet<'w> {
    wb: &'w mut Workbook,
    index: usize,
    name: &'static str,
    part: u32,
    layout: Layout,
    header: Option<(Vec<String>, Format)>,
    row: u32,
    widths: Vec<u16>,
}

impl<'w> Sheet<'w> {
    fn new(wb: &'w mut Workbook, name: &'static str, layout: Layout) -> Result<Self, XlsxError> {
        let index = add_sheet(wb, name)?;
        Ok(Sheet {
            wb,
            index,
            name,
            part: 1,
            layout,
            header: None,
            row: 0,
            widths: Vec::new(),
        })
    }

    fn ws(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.wb.worksheet_from_index(self.index)
    }

    fn fit(&mut self, col: u16, width: u16) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        if let Some(w) = self.widths.get_mut(c) {
            *w = (*w).max(width.min(MAX_WIDTH));
        }
    }

    /// Makes sure `rows` more rows fit on the current sheet, else starts the next part.
    fn room(&mut self, rows: u32) -> Result<(), XlsxError> {
        if self.row + rows <= MAX_ROWS {
            return Ok(());
        }
        self.finish_part()?;
        self.part += 1;
        self.index = add_sheet(self.wb, &format!("{}{}", self.name, self.part))?;
        self.row = 0;
        if let Some((h, f)) = self.header.take() {
            self.headers(&h, &f)?;
        }
        Ok(())
    }

    /// Text, always as a string cell (never a formula).
    fn text(&mut self, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.fit(col, text_width(s));
        let row = self.row;
        if s.is_empty() {
            self.ws()?.write_blank(row, col, f)?;
        } else {
            self.ws()?.write_string_with_format(row, col, s, f)?;
        }
        Ok(())
    }

    fn number(&mut self, col: u16, d: Decimal, f: &Format) -> Result<(), XlsxError> {
        self.fit(col, text_width(&format_cents(d)) + 3);
        let row = self.row;
        self.ws()?
            .write_number_with_format(row, col, cell_number(d), f)?;
        Ok(())
    }

    /// A computed or input value, formatted by its slot's format.
    fn value(
        &mut self,
        col: u16,
        v: &Value,
        format: scheme::Format,
        st: &Styles,
    ) -> Result<(), XlsxError> {
        match v {
            Value::Num(d) if format != scheme::Format::Text => {
                self.number(col, *d, st.for_value(format))
            }
            other => self.text(col, &value_text(other, format), &st.text),
        }
    }

    /// The header row; in a [`Layout::Table`] it is repeated on continuation sheets.
    fn headers(&mut self, headers: &[String], f: &Format) -> Result<(), XlsxError> {
        for (c, h) in headers.iter().enumerate() {
            self.text(c as u16, h, f)?;
        }
        if self.layout == Layout::Table {
            self.header = Some((headers.to_vec(), f.clone()));
        }
        self.next();
        Ok(())
    }

    fn next(&mut self) {
        self.row += 1;
    }

    /// Column widths (CJK counted double) and the layout of the current part.
    fn finish_part(&mut self) -> Result<(), XlsxError> {
        let widths = self.widths.clone();
        let (last_row, layout) = (self.row.saturating_sub(1), self.layout);
        let last_col = (widths.len() as u16).saturating_sub(1);
        let ws = self.ws()?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).max(6) + 2)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        if layout == Layout::Table {
            ws.set_freeze_panes(1, 0)?;
            ws.autofilter(0, 0, last_row.max(1), last_col)?;
            ws.set_repeat_rows(0, 0)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), XlsxError> {
        self.finish_part()
    }
}

/// Renders the workbook into memory.
pub fn render(r: &Report) -> Result<Vec<u8>, XlsxError> {
    build(r)?.save_to_buffer()
}

/// Renders the workbook straight into `w` (e.g. the temporary file of an
/// atomic write), without holding the zipped file in memory.
pub fn render_to<W: Write + Send>(r: &Report, w: W) -> Result<(), XlsxError> {
    build(r)?.save_to_writer(w)
}

fn build(r: &Report) -> Result<Workbook, XlsxError> {
    let s = r.scheme;
    let o = r.outcome;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(o.month.year(), o.month.month(), 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", s.name, o.month))
            .set_subject(format!("{} {} {}", s.id, s.version, o.month))
            .set_author("appraise")
            .set_creation_datetime(&created),
    );
    let st = Styles::new();
    let summary = Summary::new(s);
    summary_sheet(&mut wb, r, &summary, &st)?;
    team_sheet(&mut wb, r, &st)?;
    strips_sheet(&mut wb, r, &summary, &st)?;
    detail_sheet(&mut wb, r, &st)?;
    warnings_sheet(&mut wb, r, &st)?;
    inputs_sheet(&mut wb, r, &st)?;
    Ok(wb)
}

/// 汇总: one row per person, then 合计 with SUM formulas whose cached results
/// are the exact decimal totals.
fn summary_sheet(
    wb: &mut Workbook,
    r: &Report,
    summary: &Summary,
    st: &Styles,
) -> Result<(), XlsxError> {
    let o = r.outcome;
    let mut sh = Sheet::new(wb, SHEETS[0], Layout::Table)?;
    sh.headers(&summary.headers, &st.header)?;
    let text_cols = summary.text_columns() as u16;
    for p in 0..o.person_count() as u32 {
        sh.room(2)?; // a person, and room for the 合计 row below the last one
        for (c, t) in summary.texts(o, p).iter().enumerate() {
            sh.text(c as u16, t, &st.text)?;
        }
        for (c, a) in summary.amounts(o, p).into_iter().enumerate() {
            sh.number(text_cols + c as u16, a, &st.money)?;
        }
        sh.next();
    }
    let last_person_row = sh.row; // 1-based row number of the last person
    sh.text(0, "合计", &st.bold)?;
    let totals = summary.totals(o).map_err(XlsxError::CustomError)?;
    for (c, total) in totals.into_iter().enumerate() {
        let col = text_cols + c as u16;
        if sh.part > 1 {
            // People span several sheets: the exact total, not a one-sheet SUM.
            sh.number(col, total, &st.money_bold)?;
            continue;
        }
        let name = column_number_to_name(col);
        let formula = Formula::new(format!("SUM({name}2:{name}{last_person_row})"))
            .set_result(format_cents(total));
        sh.fit(col, text_width(&format_cents(total)) + 3);
        let row = sh.row;
        sh.ws()?
            .write_formula_with_format(row, col, formula, &st.money_bold)?;
    }
    sh.finish()
}

/// 班组: the team, its members, every team slot (inputs, then rules, in the
/// scheme's order), the band chosen per band table, and each split item.
fn team_sheet(wb: &mut Workbook, r: &Report, st: &Styles) -> Result<(), XlsxError> {
    let s = r.scheme;
    let o = r.outcome;
    let slots: Vec<usize> = s
        .team_slots
        .iter()
        .enumerate()
        .filter(|(_, d)| match d.source {
            // The team key is the 班组 column already.
            SlotSource::Input { input, column } => {
                s.inputs.get(input).is_none_or(|i| i.key != column)
            }
            SlotSource::Rule { .. } => true,
        })
        .map(|(i, _)| i)
        .collect();
    // One band column per band table consulted by team rules.
    let mut band_tables: Vec<u32> = Vec::new();
    for info in &s.band_record_info[0] {
        if !band_tables.contains(&info.table) {
            band_tables.push(info.table);
        }
    }
    let split_items = explain::split_items(s);
    let mut headers = vec!["班组".to_string(), "成员".into()];
    headers.extend(
        slots
            .iter()
            .filter_map(|&i| s.team_slots.get(i))
            .map(|d| d.label.clone()),
    );
    headers.extend(
        band_tables
            .iter()
            .filter_map(|&t| s.bands.get(t as usize))
            .map(|b| {
                format!(
                    "档位：{}",
                    if b.label.is_empty() {
                        &b.name
                    } else {
                        &b.label
                    }
                )
            }),
    );
    headers.extend(
        split_items
            .iter()
            .filter_map(|&i| s.items.get(i))
            .map(|item| format!("{}分配", item.label)),
    );
    let mut sh = Sheet::new(wb, SHEETS[1], Layout::Table)?;
    sh.headers(&headers, &st.header)?;
    for (t, id) in o.team_ids.iter().enumerate() {
        let t = t as u32;
        sh.room(1)?;
        sh.text(0, id, &st.text)?;
        let names = o
            .members
            .get(t as usize)
            .map(|m| {
                m.iter()
                    .map(|&p| o.person_text(p, s.roster.name))
                    .collect::<Vec<_>>()
                    .join("、")
            })
            .unwrap_or_default();
        sh.text(1, &names, &st.text)?;
        let mut col: u16 = 2;
        for &i in &slots {
            let format = s
                .team_slots
                .get(i)
                .map_or(scheme::Format::Number, |d| d.format);
            sh.value(col, o.team_value(t, i as u32), format, st)?;
            col += 1;
        }
        for &table in &band_tables {
            let mut whens: Vec<&str> = Vec::new();
            for (rec, info) in s.band_record_info[0].iter().enumerate() {
                if info.table != table {
                    continue;
                }
                if let Some((_, when)) = explain::band_choice(s, o, Level::Team, t, 0, rec)
                    && !whens.contains(&when)
                {
                    whens.push(when);
                }
            }
            sh.text(col, &whens.join(" / "), &st.text)?;
            col += 1;
        }
        for &item in &split_items {
            sh.text(col, &explain::split_text(s, o, t, item), &st.text)?;
            col += 1;
        }
        sh.next();
    }
    sh.finish()
}

/// 工资条: for each person a header row and a value row, then a blank row.
fn strips_sheet(
    wb: &mut Workbook,
    r: &Report,
    summary: &Summary,
    st: &Styles,
) -> Result<(), XlsxError> {
    let o = r.outcome;
    let mut sh = Sheet::new(wb, SHEETS[2], Layout::Print)?;
    let text_cols = summary.text_columns() as u16;
    for p in 0..o.person_count() as u32 {
        sh.room(3)?;
        sh.headers(&summary.headers, &st.strip_header)?;
        for (c, t) in summary.texts(o, p).iter().enumerate() {
            sh.text(c as u16, t, &st.strip_text)?;
        }
        for (c, a) in summary.amounts(o, p).into_iter().enumerate() {
            sh.number(text_cols + c as u16, a, &st.strip_money)?;
        }
        sh.next();
        sh.next(); // the blank row to cut along
    }
    sh.finish()
}

/// 明细: every person's figures, then every team's rule figures, explained.
fn detail_sheet(wb: &mut Workbook, r: &Report, st: &Styles) -> Result<(), XlsxError> {
    let s = r.scheme;
    let o = r.outcome;
    let headers: Vec<String> = [
        "工号",
        "姓名",
        "班组",
        "项目",
        "规则",
        "输入",
        "中间值",
        "档位",
        "结果",
    ]
    .map(String::from)
    .to_vec();
    let files = s
        .inputs
        .iter()
        .map(|spec| {
            r.inputs
                .iter()
                .find(|u| u.input == spec.name)
                .map(|u| u.file.clone())
        })
        .collect();
    let ex = Explainer::new(s, o, files);
    let mut sh = Sheet::new(wb, SHEETS[3], Layout::Table)?;
    sh.headers(&headers, &st.header)?;
    let write = |sh: &mut Sheet, who: [String; 3], e: &explain::Explanation| {
        sh.room(1)?;
        for (c, w) in who.iter().enumerate() {
            sh.text(c as u16, w, &st.text)?;
        }
        sh.text(3, &e.subject, &st.text)?;
        sh.text(4, &e.rule, &st.text)?;
        sh.text(5, &e.inputs_text(), &st.text)?;
        sh.text(6, &e.values_text(), &st.text)?;
        sh.text(7, &e.bands_text(), &st.text)?;
        sh.value(8, &e.result, e.format, st)?;
        sh.next();
        Ok::<(), XlsxError>(())
    };
    for p in 0..o.person_count() as u32 {
        let who = [
            o.person_text(p, s.roster.id),
            o.person_text(p, s.roster.name),
            o.person_text(p, s.roster.team),
        ];
        for e in ex.person(p) {
            write(&mut sh, who.clone(), &e)?;
        }
    }
    for (t, id) in o.team_ids.iter().enumerate() {
        for e in ex.team(t as u32) {
            write(&mut sh, [String::new(), String::new(), id.clone()], &e)?;
        }
    }
    sh.finish()
}

/// 提示: flags the scheme set, then warnings about the inputs.
fn warnings_sheet(wb: &mut Workbook, r: &Report, st: &Styles) -> Result<(), XlsxError> {
    let s = r.scheme;
    let o = r.outcome;
    let headers: Vec<String> = ["类型", "代码", "对象", "说明"].map(String::from).to_vec();
    let mut sh = Sheet::new(wb, SHEETS[4], Layout::Table)?;
    sh.headers(&headers, &st.header)?;
    for hit in &o.flags {
        sh.room(1)?;
        let Some(flag) = s.flags.get(hit.flag) else {
            continue;
        };
        let who = match hit.level {
            Level::Team => format!(
                "班组 {}",
                o.team_ids
                    .get(hit.entity as usize)
                    .map_or("?", String::as_str)
            ),
            Level::Person => format!(
                "{} {}",
                o.person_text(hit.entity, s.roster.id),
                o.person_text(hit.entity, s.roster.name)
            ),
        };
        for (c, text) in ["标记", &flag.code, &who, &flag.label].iter().enumerate() {
            sh.text(c as u16, text, &st.text)?;
        }
        sh.next();
    }
    for w in r.warnings {
        sh.room(1)?;
        sh.text(0, "输入", &st.text)?;
        sh.text(3, &w.to_string(), &st.text)?;
        sh.next();
    }
    if o.flags.is_empty() && r.warnings.is_empty() {
        sh.text(3, "无", &st.text)?;
        sh.next();
    }
    sh.finish()
}

/// 输入: the month, each input file with its rows and SHA-256, and the scheme.
fn inputs_sheet(wb: &mut Workbook, r: &Report, st: &Styles) -> Result<(), XlsxError> {
    let s = r.scheme;
    let headers: Vec<String> = ["类别", "名称", "文件", "行数", "版本", "SHA-256"]
        .map(String::from)
        .to_vec();
    let mut sh = Sheet::new(wb, SHEETS[5], Layout::Table)?;
    sh.headers(&headers, &st.header)?;
    for i in r.inputs {
        sh.text(0, "输入", &st.text)?;
        sh.text(1, &format!("{} ({})", i.label, i.input), &st.text)?;
        sh.text(2, &i.file, &st.text)?;
        sh.number(3, Decimal::from(i.rows), &st.integer)?;
        sh.text(5, &i.sha256, &st.text)?;
        sh.next();
    }
    sh.text(0, "方案", &st.text)?;
    sh.text(1, &format!("{} ({})", s.name, s.id), &st.text)?;
    sh.text(2, &s.file, &st.text)?;
    sh.text(4, &s.version, &st.text)?;
    sh.text(5, &s.sha256, &st.text)?;
    sh.next();
    sh.text(0, "考核周期", &st.text)?;
    sh.text(1, &r.outcome.month.to_string(), &st.text)?;
    sh.next();
    sh.finish()
}
