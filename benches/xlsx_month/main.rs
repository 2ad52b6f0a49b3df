//! A workspace's months with every CSV input written as an `.xlsx` file, for
//! timing appraise's spreadsheet reader on the same data:
//!
//!     python3 benches/big_month.py /tmp/big 100000
//!     cargo run --release --example xlsx_month -- /tmp/big /tmp/big-xlsx
//!
//! Cells of the scheme's id, text and yes/no columns are written as text (IDs
//! keep their leading zeros, as an export with a text column has them); any
//! other cell that reads as a number is written as a number, the rest as
//! text. The sheet is named as the file. Deterministic: rust_xlsxwriter with
//! fixed document properties.

#[path = "../tile_month/tile.rs"]
#[allow(dead_code)]
mod tile;

use appraise::scheme::ColumnType;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(from), Some(to)) = (args.first(), args.get(1)) else {
        eprintln!("usage: xlsx_month FROM_WORKSPACE TO_WORKSPACE");
        std::process::exit(2);
    };
    if let Err(e) = convert(Path::new(from), Path::new(to)) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}

fn convert(from: &Path, to: &Path) -> Result<(), String> {
    let (texts, _) = tile::scheme_facts(from, |t| {
        matches!(t, ColumnType::Id | ColumnType::Text | ColumnType::Bool)
    })?;
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in tile::sorted_entries(from)? {
        let name = entry.file_name().unwrap_or_default();
        if name != "data" && name != "out" {
            tile::copy_tree(&entry, &to.join(name))?;
        }
    }
    for month in tile::sorted_entries(&from.join("data"))? {
        let target = to.join("data").join(month.file_name().unwrap_or_default());
        std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        for file in tile::sorted_entries(&month)? {
            let stem = file
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if file.extension().is_some_and(|e| e == "csv") {
                let out = target.join(format!("{stem}.xlsx"));
                write_xlsx(&file, &out, &stem, &texts)
                    .map_err(|e| format!("{}: {e}", out.display()))?;
            } else {
                let dest = target.join(file.file_name().unwrap_or_default());
                std::fs::copy(&file, &dest).map_err(|e| format!("{}: {e}", file.display()))?;
            }
        }
        println!("{}", target.display());
    }
    Ok(())
}

fn write_xlsx(
    csv: &Path,
    out: &Path,
    sheet: &str,
    texts: &std::collections::BTreeSet<String>,
) -> Result<(), String> {
    let (header, rows) = tile::data_rows(csv)?;
    let text_cols: Vec<bool> = header
        .iter()
        .map(|h| texts.contains(h.trim_start_matches('\u{feff}')))
        .collect();
    let fail = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1).map_err(fail)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet_with_constant_memory().map_err(fail)?;
    ws.set_name(sheet).map_err(fail)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h.trim_start_matches('\u{feff}'))
            .map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let text = text_cols.get(c).copied().unwrap_or(true);
            match cell.parse::<f64>() {
                Ok(n) if !text && n.is_finite() => ws.write_number(r, c as u16, n),
                _ => ws.write_string(r, c as u16, cell),
            }
            .map_err(fail)?;
        }
    }
    wb.save(out).map_err(fail)
}
