//! floor DIR/data/2024-05 OUT.xlsx [--ranges] — reads roster.csv, repairs.csv
//! and points.csv (serde rows), joins them by team and 工号 in hash maps, and
//! writes one 汇总 sheet of 13 columns (4 texts, 9 amounts, one row a person)
//! in constant-memory mode at the zip level appraise uses (1), with the
//! cell formats appraise's 汇总 has (thin borders on every cell, amounts as
//! #,##0.00), each cell written with its format as a bare program does.
//! With `--ranges`, each row's cells are written unformatted and get their
//! formats with one `set_range_format` per run of columns, as appraise does
//! (one format lookup a run instead of one a cell). The amounts are
//! placeholders derived from the inputs in f64: the floor measures I/O, not
//! the scheme.
use rust_xlsxwriter::{Format, FormatBorder, Workbook};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Person {
    #[serde(rename = "工号")]
    id: String,
    #[serde(rename = "姓名")]
    name: String,
    #[serde(rename = "班组")]
    team: String,
    #[serde(rename = "岗位")]
    role: String,
    #[serde(rename = "底薪")]
    base: f64,
}

#[derive(Deserialize)]
struct Repairs {
    #[serde(rename = "班组")]
    team: String,
    #[serde(rename = "维修台数")]
    repaired: f64,
    #[serde(rename = "品质不合格台数")]
    _bad: f64,
    #[serde(rename = "交付台数")]
    delivered: f64,
    #[serde(rename = "及时交付台数")]
    on_time: f64,
    #[serde(rename = "返修机不足")]
    _short: String,
}

#[derive(Deserialize)]
struct Points {
    #[serde(rename = "工号")]
    id: String,
    #[serde(rename = "绩效分")]
    points: f64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (dir, out) = (&args[1], &args[2]);
    let ranges = args.iter().any(|a| a == "--ranges");
    let mut teams = HashMap::new();
    for r in csv::Reader::from_path(format!("{dir}/repairs.csv"))?.deserialize() {
        let r: Repairs = r?;
        teams.insert(r.team.clone(), r);
    }
    let mut points: HashMap<String, f64> = HashMap::new();
    for p in csv::Reader::from_path(format!("{dir}/points.csv"))?.deserialize() {
        let p: Points = p?;
        *points.entry(p.id).or_default() += p.points;
    }
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("汇总")?;
    let money = Format::new()
        .set_num_format("#,##0.00")
        .set_border(FormatBorder::Thin);
    let text = Format::new().set_border(FormatBorder::Thin);
    let headers = [
        "工号", "姓名", "班组", "岗位", "底薪", "超额奖金", "返修机不足绩效奖", "绩效分奖励",
        "未达保底扣款", "绩效分扣款", "奖金合计", "扣款合计", "应发合计",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let mut row = 1;
    for p in csv::Reader::from_path(format!("{dir}/roster.csv"))?.deserialize() {
        let p: Person = p?;
        let t = teams.get(&p.team);
        let excess = t.map_or(0.0, |t| (t.repaired - 100.0).max(0.0) * 3.5);
        let timely = t.map_or(0.0, |t| if t.on_time / t.delivered >= 0.95 { 300.0 } else { 0.0 });
        let pts = points.get(&p.id).copied().unwrap_or_default();
        let (reward, deduct) = (pts.max(0.0) * 50.0, (-pts).max(0.0) * 40.0);
        let bonus = excess + timely + reward;
        let cuts = deduct;
        let amounts = [p.base, excess, timely, reward, 0.0, deduct, bonus, cuts, p.base + bonus - cuts];
        if ranges {
            for (c, t) in [&p.id, &p.name, &p.team, &p.role].into_iter().enumerate() {
                ws.write_string(row, c as u16, t)?;
            }
            for (c, v) in amounts.into_iter().enumerate() {
                ws.write_number(row, 4 + c as u16, v)?;
            }
            ws.set_range_format(row, 0, row, 3, &text)?;
            ws.set_range_format(row, 4, row, 12, &money)?;
        } else {
            for (c, t) in [&p.id, &p.name, &p.team, &p.role].into_iter().enumerate() {
                ws.write_string_with_format(row, c as u16, t, &text)?;
            }
            for (c, v) in amounts.into_iter().enumerate() {
                ws.write_number_with_format(row, 4 + c as u16, v, &money)?;
            }
        }
        row += 1;
    }
    wb.save(out)?;
    Ok(())
}
