//! 封面, the workbook's first sheet: what a finance office files and signs.
//!
//! The department ([`Report::department`]), the month, the scheme and its version,
//! how many people and teams, the month's totals, the input files with their
//! rows and SHA-256, which appraise computed the figures, and lines for
//! 制表 / 审核 / 批准 to sign. No clock: the month stands for "when", so
//! reruns are byte-identical.
//!
//! The totals are known only when the month is finished, but the cover is the
//! first sheet: it is a small ordinary worksheet (not constant-memory) added
//! first ([`add`]) and filled at the end ([`write`]).

use super::sheet::{Styles, cell_number, header_text, page_setup, text_width};
use super::{Error, Report};
use crate::month::Month;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

/// The cover's name.
pub const NAME: &str = "封面";

/// The month as a clerk writes it: `2024年5月`.
pub fn month_text(month: Month) -> String {
    format!("{}年{}月", month.year(), month.month())
}

/// What the cover shows besides the report: counted while the teams stream past.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub people: u64,
    pub teams: u64,
    /// 奖金合计, 扣款合计, 应发合计 over the month, exact.
    pub totals: [Decimal; 3],
}

impl Counts {
    /// Adds a person's bonus, deduction and net; `false` if a sum overflows.
    pub fn add_person(&mut self, amounts: [Decimal; 3]) -> bool {
        self.people += 1;
        for (t, a) in self.totals.iter_mut().zip(amounts) {
            match t.checked_add(a) {
                Some(s) => *t = s,
                None => return false,
            }
        }
        true
    }
}

/// Adds the (still empty) cover; returns its worksheet index.
pub(super) fn add(wb: &mut Workbook) -> Result<usize, Error> {
    let ws = wb.add_worksheet();
    ws.set_name(NAME)?;
    Ok(wb.worksheets().len() - 1)
}

/// Fills the cover.
pub(super) fn write(
    wb: &mut Workbook,
    index: usize,
    r: &Report,
    month: Month,
    counts: &Counts,
    st: &Styles,
) -> Result<(), Error> {
    let s = r.scheme;
    let ws = wb.worksheet_from_index(index)?;
    let label = Format::new().set_bold();
    let boxed = Format::new().set_border(FormatBorder::Thin);
    let boxed_label = boxed.clone().set_bold();
    let boxed_money = boxed.clone().set_num_format("#,##0.00");
    let boxed_integer = boxed.clone().set_num_format("0");
    let sign = Format::new().set_align(FormatAlign::Bottom);
    let line = Format::new().set_border_bottom(FormatBorder::Thin);
    let mut widths = [10u16, 24, 8, 20];
    let mut fit = |col: usize, text: &str| {
        if let Some(w) = widths.get_mut(col) {
            *w = (*w).max(text_width(text).min(70));
        }
    };

    let department = r.department();
    let title = format!("{department} {} 绩效奖金表", month_text(month));
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, 3, &title, &st.title)?;

    // The month's facts, one a row: label | value.
    let facts: [(&str, String); 4] = [
        ("部门", department.clone()),
        ("月份", format!("{month}（{}）", month_text(month))),
        ("方案", format!("{}（{}）", s.name, s.id)),
        (
            "方案版本",
            format!("{}，自 {} 起执行", s.version, s.effective_from),
        ),
    ];
    let mut row: u32 = 2;
    for (l, v) in &facts {
        ws.write_string_with_format(row, 0, *l, &boxed_label)?;
        ws.merge_range(row, 1, row, 3, v, &boxed)?;
        row += 1;
    }
    for (l, n) in [("人数", counts.people), ("班组数", counts.teams)] {
        ws.write_string_with_format(row, 0, l, &boxed_label)?;
        ws.merge_range(row, 1, row, 3, "", &boxed)?;
        ws.write_number_with_format(row, 1, cell_number(Decimal::from(n)), &boxed_integer)?;
        row += 1;
    }
    for (l, t) in ["奖金合计（元）", "扣款合计（元）", "应发合计（元）"]
        .into_iter()
        .zip(counts.totals)
    {
        ws.write_string_with_format(row, 0, l, &boxed_label)?;
        fit(0, l);
        ws.merge_range(row, 1, row, 3, "", &boxed)?;
        ws.write_number_with_format(row, 1, cell_number(t), &boxed_money)?;
        row += 1;
    }

    // The inputs: what the figures were computed from.
    row += 1;
    ws.write_string_with_format(row, 0, "输入文件", &label)?;
    row += 1;
    for (c, h) in ["名称", "文件", "行数", "SHA-256"].iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &st.strip_header)?;
    }
    row += 1;
    for i in r.inputs {
        let name = format!("{}（{}）", i.label, i.input);
        ws.write_string_with_format(row, 0, &name, &boxed)?;
        ws.write_string_with_format(row, 1, &i.file, &boxed)?;
        ws.write_number_with_format(row, 2, cell_number(Decimal::from(i.rows)), &boxed_integer)?;
        ws.write_string_with_format(row, 3, &i.sha256, &boxed)?;
        fit(0, &name);
        fit(1, &i.file);
        fit(3, &i.sha256);
        row += 1;
    }
    ws.write_string_with_format(row, 0, "考核方案", &boxed)?;
    ws.write_string_with_format(row, 1, &s.file, &boxed)?;
    ws.write_blank(row, 2, &boxed)?;
    ws.write_string_with_format(row, 3, &s.sha256, &boxed)?;
    fit(1, &s.file);
    row += 2;

    let computed = format!(
        "本表由 appraise {} 按 {} 的输入计算生成；同样的输入与方案总是得到同样的文件。",
        env!("CARGO_PKG_VERSION"),
        month_text(month)
    );
    ws.write_string(row, 0, &computed)?;
    row += 3;

    // Lines to sign.
    for who in ["制表", "审核", "批准"] {
        ws.set_row_height(row, 28)?;
        ws.write_string_with_format(row, 0, format!("{who}："), &sign)?;
        ws.write_blank(row, 1, &line)?;
        ws.write_string_with_format(row, 2, "日期：", &sign)?;
        ws.write_blank(row, 3, &line)?;
        row += 1;
    }

    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w + 2)?;
    }
    page_setup(ws, &header_text(&department));
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_center_horizontally(true);
    Ok(())
}
