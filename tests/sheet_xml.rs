//! The sheets' XML as a strict reader takes it: in every example's default
//! workbook each sheet's `<row r="N">` elements are strictly ascending, no
//! row twice. rust_xlsxwriter 0.102.0 wrote a sheet's last row a second time
//! (an empty `<row r="28" ht="33.75" customHeight="1"/>` after the row with
//! its cells) when that row had a height of its own — 34 sheets of the
//! examples' workbooks — which the OOXML schema does not allow and Excel
//! repairs; the vendored patch (vendor/README.md) forgets a row's height once
//! the row is written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::io::Read;

/// The numbers of the `<row r="N"` elements of a sheet's XML, in order.
fn row_numbers(xml: &str) -> Vec<u32> {
    xml.match_indices("<row r=\"")
        .map(|(i, m)| {
            let rest = &xml[i + m.len()..];
            let end = rest.find('"').unwrap();
            rest[..end].parse().unwrap()
        })
        .collect()
}

#[test]
fn row_numbers_are_read_from_the_xml() {
    let xml = r#"<sheetData><row r="1"><c r="A1"/></row><row r="3" ht="33.75" customHeight="1"/></sheetData>"#;
    assert_eq!(row_numbers(xml), vec![1, 3]);
}

#[test]
fn every_sheet_of_every_example_lists_each_row_once_in_order() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut sheets = 0;
    for name in names {
        let ws = common::example(&name);
        let mut months: Vec<String> = std::fs::read_dir(ws.path().join("data"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        months.sort(); // history reads the months before
        for month in &months {
            let out = common::compute_in(ws.path(), month, &[]);
            assert!(
                out.status.success(),
                "{name} {month}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let dir = ws.path().join("out").join(month);
            let book = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
                .unwrap();
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
            let parts: Vec<String> = zip
                .file_names()
                .map(|n| n.unwrap().into_owned())
                .filter(|n| n.starts_with("xl/worksheets/sheet"))
                .collect();
            for part in parts {
                let mut xml = String::new();
                zip.by_name(&part)
                    .unwrap()
                    .read_to_string(&mut xml)
                    .unwrap();
                let rows = row_numbers(&xml);
                for pair in rows.windows(2) {
                    assert!(
                        pair[0] < pair[1],
                        "{name} {month} {part}: row {} after row {}",
                        pair[1],
                        pair[0]
                    );
                }
                sheets += 1;
            }
        }
    }
    // 12 examples, history with four months: 15 workbooks of at least 8 sheets.
    assert!(sheets >= 15 * 8, "only {sheets} sheets checked");
}
