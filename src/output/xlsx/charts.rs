//! 图表: native Excel charts drawn from small tables on the same sheet, so a
//! clerk can read (and re-chart) the numbers behind each picture:
//!
//! - 各班组奖金与扣款 — each team's 奖金合计 and 扣款合计 (its members' sums);
//!   with more than [`TOP_TEAMS`] teams, the [`TOP_TEAMS`] with the largest
//!   奖金合计 (ties in roster order), and a line saying how many are left out;
//! - 应发合计分布 — people per band of net pay, at most [`BUCKETS`] bands of a
//!   round width (10, 20, 50, 100, … 元);
//! - 近十二个月合计 — when earlier months are archived (`out/<月份>/manifest.json`),
//!   奖金合计, 扣款合计 and 应发合计 of up to twelve months ending with this one.
//!
//! Like 封面 the sheet is small and ordinary (not constant-memory): added
//! first ([`add`]), filled when the month is finished ([`write`]). What it
//! charts is kept as the teams stream past ([`ChartData`]): the top teams
//! and a count of people per 10 元 of net pay, never a row per person.

use super::super::sheet::{Styles, cell_number, header_text, page_setup, text_width};
use super::super::{Error, MonthTotals, Report};
use super::month_text;
use crate::engine::TeamView;
use crate::month::Month;
use crate::scheme::Scheme;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Chart, ChartType, Format, FormatBorder, Workbook, Worksheet};
use std::collections::BTreeMap;

/// The sheet's name.
pub const NAME: &str = "图表";

/// Teams charted by 奖金合计 at most.
pub const TOP_TEAMS: usize = 20;

/// Bands of net pay at most.
pub const BUCKETS: i128 = 10;

/// Months charted at most (this one and eleven before).
pub const MONTHS: usize = 12;

/// What 图表 shows, kept as the teams stream past.
#[derive(Clone, Debug, Default)]
pub struct ChartData {
    /// The top teams by 奖金合计: (bonus, deduction, order of arrival, team ID).
    top: Vec<(Decimal, Decimal, u64, String)>,
    teams: u64,
    /// People per 10 元 of net pay (the key: net ÷ 10, rounded down).
    nets: BTreeMap<i128, u64>,
    /// Earlier months' totals, oldest first.
    trend: Vec<MonthTotals>,
}

impl ChartData {
    pub fn new(trend: Vec<MonthTotals>) -> ChartData {
        ChartData {
            trend,
            ..ChartData::default()
        }
    }

    /// Adds a team: its sums, and its members' net pay.
    pub fn team(&mut self, _s: &Scheme, v: &TeamView) {
        let (mut bonus, mut deduction) = (Decimal::ZERO, Decimal::ZERO);
        for t in v.totals {
            bonus = bonus.saturating_add(t.bonus);
            deduction = deduction.saturating_add(t.deduction);
            let key =
                (t.net / Decimal::TEN)
                    .floor()
                    .to_i128()
                    .unwrap_or(if t.net.is_sign_negative() {
                        i128::MIN / 1000
                    } else {
                        i128::MAX / 1000
                    });
            *self.nets.entry(key).or_default() += 1;
        }
        let order = self.teams;
        self.teams += 1;
        let better = |a: &(Decimal, Decimal, u64, String)| a.0 < bonus;
        if self.top.len() < TOP_TEAMS {
            self.top.push((bonus, deduction, order, v.id().to_string()));
        } else if self.top.last().is_some_and(better) {
            self.top.pop();
            self.top.push((bonus, deduction, order, v.id().to_string()));
        } else {
            return;
        }
        // Largest first; ties in order of arrival.
        self.top.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    }

    /// The bands of net pay: (from, to, people), `to` excluded; the width
    /// is the smallest of 10, 20, 50, 100, … 元 that needs at most [`BUCKETS`].
    pub fn buckets(&self) -> Vec<(i128, i128, u64)> {
        let (Some((&lo, _)), Some((&hi, _))) =
            (self.nets.first_key_value(), self.nets.last_key_value())
        else {
            return Vec::new();
        };
        // Keys are tens of 元.
        let mut width: i128 = 1;
        let mut k = 0usize;
        while (hi.div_euclid(width) - lo.div_euclid(width)) >= BUCKETS {
            width = width.saturating_mul([2, 5, 10][k % 3]) / [1, 2, 5][k % 3];
            k += 1;
        }
        let mut out: Vec<(i128, i128, u64)> = Vec::new();
        for (&key, &n) in &self.nets {
            let from = key.div_euclid(width) * width;
            match out.last_mut() {
                Some(last) if last.0 == from * 10 => last.2 += n,
                _ => out.push((from * 10, (from + width) * 10, n)),
            }
        }
        out
    }
}

/// Adds the (still empty) sheet; returns its worksheet index.
pub(super) fn add(wb: &mut Workbook) -> Result<usize, Error> {
    let ws = wb.add_worksheet();
    ws.set_name(NAME)?;
    Ok(wb.worksheets().len() - 1)
}

/// The sheet's tables, each as (title, headers, rows of cells).
enum Cell {
    Text(String),
    Money(Decimal),
    Count(u64),
}

/// Writes a table at `row`: a bold title, headers, rows; returns the first
/// and last data rows.
fn table(
    ws: &mut Worksheet,
    row: u32,
    title: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
    st: &Styles,
    widths: &mut [u16; 4],
) -> Result<(u32, u32), Error> {
    let boxed = Format::new().set_border(FormatBorder::Thin);
    let money = boxed.clone().set_num_format("#,##0.00");
    let count = boxed.clone().set_num_format("0");
    ws.write_string_with_format(row, 0, title, &st.strip_title)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row + 1, c as u16, *h, &st.strip_header)?;
        if let Some(w) = widths.get_mut(c) {
            *w = (*w).max(text_width(h));
        }
    }
    for (i, cells) in rows.iter().enumerate() {
        let r = row + 2 + i as u32;
        for (c, cell) in cells.iter().enumerate() {
            let c16 = c as u16;
            let w = match cell {
                Cell::Text(t) => {
                    ws.write_string_with_format(r, c16, t, &boxed)?;
                    text_width(t)
                }
                Cell::Money(d) => {
                    ws.write_number_with_format(r, c16, cell_number(*d), &money)?;
                    text_width(&crate::money::format_cents(*d)) + 2
                }
                Cell::Count(n) => {
                    ws.write_number_with_format(r, c16, cell_number(Decimal::from(*n)), &count)?;
                    text_width(&n.to_string())
                }
            };
            if let Some(x) = widths.get_mut(c) {
                *x = (*x).max(w.min(30));
            }
        }
    }
    Ok((row + 2, row + 1 + rows.len() as u32))
}

/// A chart of `kind` with one series per value column `cols`, categories in
/// column 0, rows `first..=last`.
fn chart(kind: ChartType, title: &str, (first, last): (u32, u32), cols: &[(u16, &str)]) -> Chart {
    let mut chart = Chart::new(kind);
    chart.title().set_name(title);
    for &(col, name) in cols {
        chart
            .add_series()
            .set_name(name)
            .set_categories((NAME, first, 0, last, 0))
            .set_values((NAME, first, col, last, col));
    }
    chart.set_width(560).set_height(300);
    chart
}

/// Fills the sheet.
pub(super) fn write(
    wb: &mut Workbook,
    index: usize,
    r: &Report,
    month: Month,
    data: &ChartData,
    totals: [Decimal; 3],
    st: &Styles,
) -> Result<(), Error> {
    let ws = wb.worksheet_from_index(index)?;
    let department = r.department();
    ws.set_row_height(0, 28)?;
    ws.merge_range(
        0,
        0,
        0,
        8,
        &format!("{department} {} 图表", month_text(month)),
        &st.title,
    )?;
    let mut widths = [10u16, 12, 12, 12];
    let mut row: u32 = 2;
    // Each chart beside its table, 16 rows apart at least.
    const CHART_ROWS: u32 = 17;

    let teams_title = if data.teams as usize > TOP_TEAMS {
        format!(
            "各班组奖金与扣款（奖金合计前 {TOP_TEAMS} 个班组，共 {} 个）",
            data.teams
        )
    } else {
        "各班组奖金与扣款".to_string()
    };
    let rows: Vec<Vec<Cell>> = data
        .top
        .iter()
        .map(|(b, d, _, id)| vec![Cell::Text(id.clone()), Cell::Money(*b), Cell::Money(*d)])
        .collect();
    if !rows.is_empty() {
        let range = table(
            ws,
            row,
            &teams_title,
            &["班组", "奖金合计", "扣款合计"],
            &rows,
            st,
            &mut widths,
        )?;
        let c = chart(
            ChartType::Column,
            &teams_title,
            range,
            &[(1, "奖金合计"), (2, "扣款合计")],
        );
        ws.insert_chart(row, 5, &c)?;
        row = (range.1 + 2).max(row + CHART_ROWS);
    }

    let buckets = data.buckets();
    if !buckets.is_empty() {
        let rows: Vec<Vec<Cell>> = buckets
            .iter()
            .map(|&(from, to, n)| vec![Cell::Text(format!("{from}～{to}")), Cell::Count(n)])
            .collect();
        let title = "应发合计分布（人数，区间含下限不含上限）";
        let range = table(
            ws,
            row,
            title,
            &["应发合计（元）", "人数"],
            &rows,
            st,
            &mut widths,
        )?;
        let mut c = chart(ChartType::Column, "应发合计分布", range, &[(1, "人数")]);
        c.legend().set_hidden();
        // Whole people on the axis: a step of 1, 2, 5, 10, … for about five lines.
        let most = buckets.iter().map(|b| b.2).max().unwrap_or(1);
        let step = [1u64, 2, 5]
            .iter()
            .flat_map(|&m| (0..19).map(move |k| m * 10u64.pow(k)))
            .filter(|s| most.div_ceil(*s) <= 6)
            .min()
            .unwrap_or(1);
        c.y_axis().set_min(0).set_major_unit(step as f64);
        ws.insert_chart(row, 5, &c)?;
        row = (range.1 + 2).max(row + CHART_ROWS);
    }

    if !data.trend.is_empty() {
        let earlier = data.trend.len().min(MONTHS - 1);
        let mut rows: Vec<Vec<Cell>> = data.trend[data.trend.len() - earlier..]
            .iter()
            .map(|m| {
                vec![
                    Cell::Text(m.month.clone()),
                    Cell::Money(m.bonus),
                    Cell::Money(m.deduction),
                    Cell::Money(m.net),
                ]
            })
            .collect();
        rows.push(vec![
            Cell::Text(month.to_string()),
            Cell::Money(totals[0]),
            Cell::Money(totals[1]),
            Cell::Money(totals[2]),
        ]);
        let title = "近十二个月合计";
        let range = table(
            ws,
            row,
            title,
            &["月份", "奖金合计", "扣款合计", "应发合计"],
            &rows,
            st,
            &mut widths,
        )?;
        let c = chart(
            ChartType::Line,
            title,
            range,
            &[(1, "奖金合计"), (2, "扣款合计"), (3, "应发合计")],
        );
        ws.insert_chart(row, 5, &c)?;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w + 2)?;
    }
    page_setup(
        ws,
        &format!("&L{}&R{} &A", header_text(&department), month_text(month)),
    );
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ChartData;

    #[test]
    fn net_pay_bands_are_round_and_at_most_ten() {
        let mut d = ChartData::default();
        // Nets 3,005 / 3,210 / 4,385 / 4,506 元 as tens of 元.
        for key in [300, 321, 438, 450] {
            *d.nets.entry(key).or_default() += 1;
        }
        // Range 3,000–4,509: width 100 needs 16 bands, 200 needs 8.
        assert_eq!(
            d.buckets(),
            vec![
                (3000, 3200, 1),
                (3200, 3400, 1),
                (4200, 4400, 1),
                (4400, 4600, 1)
            ]
        );
        let mut one = ChartData::default();
        one.nets.insert(-3, 2); // −30 … −21 元
        assert_eq!(one.buckets(), vec![(-30, -20, 2)]);
    }
}
