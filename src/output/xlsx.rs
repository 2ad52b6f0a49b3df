//! The workbook for the finance office. This first version holds one sheet,
//! 汇总 (summary): one row per person with every item and the totals.
//!
//! Deterministic: document properties are fixed (creation time = the first day
//! of the month computed), rows follow the roster's order. Text from inputs is
//! always written as text, never as a formula.

use super::Report;
use crate::money::format_cents;
use crate::scheme::ItemKind;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

/// The number an exact amount is stored as in a cell (Excel holds IEEE doubles;
/// the nearest double to an amount in 分 reads back as the same two decimals).
fn cell_number(d: Decimal) -> f64 {
    format_cents(d)
        .parse::<f64>()
        .unwrap_or_else(|_| d.to_f64().unwrap_or_default())
}

pub fn render(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let s = r.scheme;
    let o = r.outcome;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(o.month.year(), o.month.month(), 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", s.name, o.month))
            .set_author("appraise")
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("汇总")?;
    let mut headers: Vec<String> = vec!["工号".into(), "姓名".into(), "班组".into()];
    if s.roster.role.is_some() {
        headers.push("岗位".into());
    }
    headers.push(s.base_label.clone());
    let bonus_items = s.items.iter().filter(|i| i.kind == ItemKind::Bonus);
    let deduction_items = s.items.iter().filter(|i| i.kind == ItemKind::Deduction);
    let ordered: Vec<_> = bonus_items.chain(deduction_items).collect();
    headers.extend(ordered.iter().map(|i| i.label.clone()));
    headers.extend(["奖金合计".to_string(), "扣款合计".into(), "应发合计".into()]);
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &header)?;
        let width: u16 = h
            .chars()
            .map(|ch| if ch.is_ascii() { 1 } else { 2 })
            .sum::<u16>()
            .max(10)
            + 2;
        ws.set_column_width(c as u16, width)?;
    }
    let mut sums = vec![Decimal::ZERO; headers.len()];
    let first_money_col = if s.roster.role.is_some() { 4 } else { 3 };
    for p in 0..o.person_count() as u32 {
        let row = p + 1;
        let Some(t) = o.totals.get(p as usize) else {
            continue;
        };
        let mut col: u16 = 0;
        for slot in [
            Some(s.roster.id),
            Some(s.roster.name),
            Some(s.roster.team),
            s.roster.role,
        ]
        .into_iter()
        .flatten()
        {
            ws.write_string(row, col, o.person_text(p, slot))?;
            col += 1;
        }
        let mut amounts = vec![t.base];
        for item in &ordered {
            amounts.push(match o.person_value(p, item.slot) {
                crate::expr::resolve::Value::Num(d) => *d,
                _ => Decimal::ZERO,
            });
        }
        amounts.extend([t.bonus, t.deduction, t.net]);
        for a in amounts {
            ws.write_number_with_format(row, col, cell_number(a), &money)?;
            if let Some(sum) = sums.get_mut(col as usize) {
                *sum += a;
            }
            col += 1;
        }
    }
    let total_row = o.person_count() as u32 + 1;
    ws.write_string_with_format(total_row, 0, "合计", &header)?;
    for c in first_money_col..headers.len() {
        let v = sums.get(c).copied().unwrap_or_default();
        ws.write_number_with_format(total_row, c as u16, cell_number(v), &money_bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        total_row.saturating_sub(1).max(1),
        headers.len().saturating_sub(1) as u16,
    )?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    wb.save_to_buffer()
}
