//! Reading month exports: CSV in its encodings and separators, workbooks
//! with title rows, formulas and 合计 rows, and every error a reader reports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::diagnostic::Diagnostic;
use appraise::input::table::{Cell, FileKind, RawTable, ReadOptions, read_table, read_table_bytes};
use appraise::input::value::{BarePercent, Parsed, ValueKind, parse_cell};
use proptest::prelude::*;
use rust_decimal_macros::dec;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

// ---------------------------------------------------------------- helpers

fn read(bytes: &[u8], kind: FileKind, name: &str, opts: &ReadOptions) -> RawTable {
    match read_table_bytes(bytes, kind, name, opts) {
        Ok(table) if table.problems.is_empty() => table,
        Ok(table) => panic!("{}", rendered(&table.problems).join("\n")),
        Err(diagnostics) => panic!("{}", rendered(&diagnostics).join("\n")),
    }
}

fn csv(bytes: &[u8]) -> RawTable {
    read(bytes, FileKind::Csv, "repairs.csv", &ReadOptions::default())
}

/// The rendered diagnostics of a read that must fail: the file's errors, or
/// the rows it left out.
fn errors(bytes: &[u8], kind: FileKind, name: &str, opts: &ReadOptions) -> Vec<String> {
    match read_table_bytes(bytes, kind, name, opts) {
        Ok(table) if !table.problems.is_empty() => rendered(&table.problems),
        Ok(table) => panic!("expected errors, read {table:?}"),
        Err(diagnostics) => rendered(&diagnostics),
    }
}

fn rendered(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(ToString::to_string).collect()
}

/// Rows as one line each: `3: 1001 | 张伟 | #150 | @2020-03-01 | ·`, where
/// `#` marks a spreadsheet number, `@` a date, `·` an empty cell.
fn show(table: &RawTable) -> Vec<String> {
    table
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| match c {
                    Cell::Empty => "·".to_string(),
                    Cell::Text(s) => s.clone(),
                    Cell::Number(s) => format!("#{s}"),
                    Cell::Bool(b) => format!("?{b}"),
                    Cell::Date(d) => format!("@{d}"),
                    Cell::Error(e) => format!("!{e}"),
                })
                .collect();
            format!("{}: {}", r.row, cells.join(" | "))
        })
        .collect()
}

const REPAIRS_HEADERS: &[&str] = &["工号", "姓名", "维修台数", "品质不合格台数", "合格台数"];

/// A workbook as a finance office sends it: a merged title on row 1, the
/// headers on row 2, a number stored as text, an ID stored as a number, a
/// formula with its cached value, dates, and a 合计 row; a second sheet.
fn repairs_workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let title = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    sheet.set_name("维修统计").unwrap();
    sheet
        .merge_range(0, 0, 0, 6, "2024年5月维修统计", &title)
        .unwrap();
    let headers = [
        "工号",
        "姓名",
        "维修台数",
        "品质不合格台数",
        "合格台数",
        "交付及时率",
        "入职日期",
    ];
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string(1, col as u16, *h).unwrap();
    }
    // Row 3: ID as a number, units as numbers, QC failures as text.
    sheet.write_number(2, 0, 1001).unwrap();
    sheet.write_string(2, 1, "张伟").unwrap();
    sheet.write_number(2, 2, 150).unwrap();
    sheet.write_string(2, 3, "3").unwrap();
    sheet
        .write_formula(2, 4, Formula::new("=C3-D3").set_result("147"))
        .unwrap();
    sheet.write_number(2, 5, 0.9579).unwrap();
    sheet
        .write_datetime_with_format(2, 6, ExcelDateTime::from_ymd(2020, 3, 1).unwrap(), &date)
        .unwrap();
    // Row 4: an ID with a leading zero, stored as text.
    sheet.write_string(3, 0, " 0102 ").unwrap();
    sheet.write_string(3, 1, "李娜").unwrap();
    sheet.write_number(3, 2, 80).unwrap();
    sheet.write_number(3, 3, 0).unwrap();
    sheet
        .write_formula(3, 4, Formula::new("=C4-D4").set_result("80"))
        .unwrap();
    sheet.write_number(3, 5, 1).unwrap();
    sheet
        .write_datetime_with_format(3, 6, ExcelDateTime::from_ymd(2023, 7, 15).unwrap(), &date)
        .unwrap();
    // Row 5: the total.
    sheet.write_string(4, 0, "合计").unwrap();
    sheet.write_number(4, 2, 230).unwrap();
    sheet
        .write_formula(4, 4, Formula::new("=SUM(E3:E4)").set_result("227"))
        .unwrap();
    let notes = workbook.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "数据来源：售后服务部").unwrap();
    workbook.save_to_buffer().unwrap()
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/input")
        .join(name)
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_utf8() {
    let table = csv("工号,姓名,维修台数\n1001,张伟,150\n0102,李娜,80\n".as_bytes());
    assert_eq!(table.file, "repairs.csv");
    assert_eq!(table.sheet, None);
    assert_eq!(table.header_row, 1);
    assert_eq!(table.headers, ["工号", "姓名", "维修台数"]);
    assert_eq!(
        show(&table),
        ["2: 1001 | 张伟 | 150", "3: 0102 | 李娜 | 80"]
    );
    assert_eq!(table.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(table.column("维修台数"), Some(2));
    assert_eq!(table.column("底薪"), None);
}

#[test]
fn csv_utf8_with_bom() {
    let table = csv("\u{feff}工号,姓名\n1001,张伟\n".as_bytes());
    assert_eq!(table.headers, ["工号", "姓名"]);
    assert_eq!(table.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(show(&table), ["2: 1001 | 张伟"]);
}

#[test]
fn csv_gbk_is_detected() {
    let text = "工号,姓名,班组,维修台数\n1001,张伟,售后一组,150\n1002,李娜,售后一组,80\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let table = csv(&bytes);
    assert_eq!(table.encoding.as_deref(), Some("GBK"));
    assert_eq!(table.headers, ["工号", "姓名", "班组", "维修台数"]);
    assert_eq!(
        show(&table),
        [
            "2: 1001 | 张伟 | 售后一组 | 150",
            "3: 1002 | 李娜 | 售后一组 | 80"
        ]
    );
}

#[test]
fn csv_explicit_encoding_overrides_detection() {
    let (bytes, _, _) = encoding_rs::GB18030.encode("姓名\n张伟\n");
    let opts = ReadOptions {
        encoding: Some("gb18030"),
        ..ReadOptions::default()
    };
    let table = read(&bytes, FileKind::Csv, "names.csv", &opts);
    assert_eq!(table.encoding.as_deref(), Some("gb18030"));
    assert_eq!(show(&table), ["2: 张伟"]);
}

#[test]
fn csv_utf16_unicode_text_from_excel() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "工号\t姓名\r\n1001\t张伟\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let table = read(&bytes, FileKind::Csv, "roster.txt", &ReadOptions::default());
    assert_eq!(table.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(table.headers, ["工号", "姓名"]);
    assert_eq!(show(&table), ["2: 1001 | 张伟"]);
}

#[test]
fn csv_tab_separated() {
    let table = csv("工号\t姓名\t备注\n1001\t张伟\t好, 很好\n".as_bytes());
    assert_eq!(table.headers, ["工号", "姓名", "备注"]);
    assert_eq!(show(&table), ["2: 1001 | 张伟 | 好, 很好"]);
}

#[test]
fn csv_crlf_and_quoted_fields() {
    let text =
        "工号,姓名,备注\r\n1001,\"张伟\",\"返修, 加急\"\r\n1002, 李娜 ,\"说 \"\"好\"\"\"\r\n";
    let table = csv(text.as_bytes());
    assert_eq!(
        show(&table),
        ["2: 1001 | 张伟 | 返修, 加急", "3: 1002 | 李娜 | 说 \"好\""]
    );
}

#[test]
fn csv_blank_lines_are_skipped_but_keep_their_row_numbers() {
    let text = "工号,姓名\n\n1001,张伟\n0102,\"李, 娜\"\n\n,\n1003,\"王\n五\"\n1004,赵六\n\n";
    let table = csv(text.as_bytes());
    assert_eq!(
        show(&table),
        [
            "3: 1001 | 张伟",
            "4: 0102 | 李, 娜",
            "7: 1003 | 王\n五",
            "8: 1004 | 赵六"
        ]
    );
}

#[test]
fn csv_short_rows_are_padded_and_excel_text_formulas_unwrapped() {
    let table = csv("工号,姓名,备注\n=\"0101\",张伟\n".as_bytes());
    assert_eq!(show(&table), ["2: 0101 | 张伟 | ·"]);
}

#[test]
fn csv_title_row_above_the_headers() {
    let opts = ReadOptions {
        required_headers: &["工号", "维修台数"],
        ..ReadOptions::default()
    };
    let text = "2024年5月维修统计,,\n工号,姓名,维修台数\n1001,张伟,150\n";
    let table = read(text.as_bytes(), FileKind::Csv, "repairs.csv", &opts);
    assert_eq!(table.header_row, 2);
    assert_eq!(show(&table), ["3: 1001 | 张伟 | 150"]);
}

#[test]
fn csv_total_row_skipped_only_when_asked() {
    let text = "班组,维修台数\n一组,150\n二组,200\n合  计,350\n";
    assert_eq!(csv(text.as_bytes()).rows.len(), 3);
    let opts = ReadOptions {
        skip_total_row: true,
        ..ReadOptions::default()
    };
    let table = read(text.as_bytes(), FileKind::Csv, "repairs.csv", &opts);
    assert_eq!(show(&table), ["2: 一组 | 150", "3: 二组 | 200"]);
}

#[test]
fn sha256_of_the_file_bytes() {
    let table = csv(b"a,b\n1,2\n");
    // printf 'a,b\n1,2\n' | sha256sum
    assert_eq!(
        table.sha256,
        "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470"
    );
}

// ---------------------------------------------------------------- workbooks

#[test]
fn xlsx_with_title_row_formulas_and_total() {
    let bytes = repairs_workbook();
    let opts = ReadOptions {
        required_headers: REPAIRS_HEADERS,
        skip_total_row: true,
        ..ReadOptions::default()
    };
    let table = read(&bytes, FileKind::Xlsx, "repairs.xlsx", &opts);
    assert_eq!(table.sheet.as_deref(), Some("维修统计"));
    assert_eq!(table.header_row, 2);
    assert_eq!(
        table.headers,
        [
            "工号",
            "姓名",
            "维修台数",
            "品质不合格台数",
            "合格台数",
            "交付及时率",
            "入职日期"
        ]
    );
    assert_eq!(
        show(&table),
        [
            "3: #1001 | 张伟 | #150 | 3 | #147 | #0.9579 | @2020-03-01",
            "4: 0102 | 李娜 | #80 | #0 | #80 | #1 | @2023-07-15",
        ]
    );
    assert_eq!(table.encoding, None);
}

#[test]
fn xlsx_total_row_kept_unless_asked() {
    let opts = ReadOptions {
        required_headers: REPAIRS_HEADERS,
        ..ReadOptions::default()
    };
    let table = read(&repairs_workbook(), FileKind::Xlsx, "repairs.xlsx", &opts);
    assert_eq!(
        show(&table).last().map(String::as_str),
        Some("5: 合计 | · | #230 | · | #227 | · | ·")
    );
}

#[test]
fn xlsx_without_required_headers_skips_a_one_cell_title() {
    let table = read(
        &repairs_workbook(),
        FileKind::Xlsx,
        "repairs.xlsx",
        &ReadOptions::default(),
    );
    assert_eq!(table.header_row, 2);
}

#[test]
fn xlsx_cells_parse_to_typed_values() {
    let opts = ReadOptions {
        required_headers: REPAIRS_HEADERS,
        skip_total_row: true,
        ..ReadOptions::default()
    };
    let table = read(&repairs_workbook(), FileKind::Xlsx, "repairs.xlsx", &opts);
    let first = &table.rows[0];
    let cell = |name: &str| first.get(table.column(name).unwrap());
    let f = BarePercent::Fraction;
    assert_eq!(
        parse_cell(cell("工号"), ValueKind::Id, f),
        Ok(Parsed::Text("1001".into()))
    );
    assert_eq!(
        parse_cell(cell("品质不合格台数"), ValueKind::Integer, f),
        Ok(Parsed::Number(dec!(3)))
    );
    assert_eq!(
        parse_cell(cell("交付及时率"), ValueKind::Percent, f),
        Ok(Parsed::Number(dec!(0.9579)))
    );
    assert_eq!(
        parse_cell(cell("入职日期"), ValueKind::Date, f),
        Ok(Parsed::Date(
            chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap()
        ))
    );
    assert_eq!(
        parse_cell(table.rows[1].get(0), ValueKind::Id, f),
        Ok(Parsed::Text("0102".into()))
    );
}

#[test]
fn xlsx_sheet_by_name() {
    let opts = ReadOptions {
        sheet: Some("说明"),
        ..ReadOptions::default()
    };
    let table = read(&repairs_workbook(), FileKind::Xlsx, "repairs.xlsx", &opts);
    assert_eq!(table.sheet.as_deref(), Some("说明"));
    assert_eq!(table.headers, ["数据来源：售后服务部"]);
    assert!(table.rows.is_empty());
}

#[test]
fn xlsx_used_range_not_starting_at_a1() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(2, 2, "工号").unwrap();
    sheet.write_string(2, 3, "姓名").unwrap();
    sheet.write_string(2, 3, "姓名").unwrap();
    sheet.write_number(4, 2, 7).unwrap();
    sheet.write_string(4, 3, "张伟").unwrap();
    sheet.write_string(5, 2, "8").unwrap();
    sheet.write_string(5, 5, "多余").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(
        errors(&bytes, FileKind::Xlsx, "ids.xlsx", &ReadOptions::default()),
        [
            "error: ids.xlsx row 6: has 4 cells but the header row has 2 columns\n  = unexpected value \"多余\" in column F"
        ]
    );
    sheet_without_extra_value();
}

fn sheet_without_extra_value() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(2, 2, "工号").unwrap();
    sheet.write_number(4, 2, 7).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let table = read(&bytes, FileKind::Xlsx, "ids.xlsx", &ReadOptions::default());
    assert_eq!(table.header_row, 3);
    assert_eq!(show(&table), ["5: #7"]);
}

/// `repairs.ods` and `repairs.xls` were converted from [`repairs_workbook`]
/// by LibreOffice (`soffice --headless --convert-to ods repairs.xlsx`).
#[test]
fn ods_and_xls_read_like_the_xlsx() {
    let opts = ReadOptions {
        required_headers: REPAIRS_HEADERS,
        skip_total_row: true,
        ..ReadOptions::default()
    };
    let want = [
        "3: #1001 | 张伟 | #150 | 3 | #147 | #0.9579 | @2020-03-01",
        "4: 0102 | 李娜 | #80 | #0 | #80 | #1 | @2023-07-15",
    ];
    for name in ["repairs.ods", "repairs.xls"] {
        let table = read_table(&fixture(name), name, &opts).unwrap();
        assert_eq!(table.header_row, 2, "{name}");
        assert_eq!(table.sheet.as_deref(), Some("维修统计"), "{name}");
        assert_eq!(show(&table), want, "{name}");
    }
}

#[test]
fn read_table_picks_the_reader_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repairs.xlsx");
    std::fs::write(&path, repairs_workbook()).unwrap();
    let table = read_table(&path, "repairs.xlsx", &ReadOptions::default()).unwrap();
    assert_eq!(table.header_row, 2);
    let path = dir.path().join("repairs.CSV");
    std::fs::write(&path, "a,b\n1,2\n").unwrap();
    let table = read_table(&path, "repairs.CSV", &ReadOptions::default()).unwrap();
    assert_eq!(show(&table), ["2: 1 | 2"]);
}

// ---------------------------------------------------------------- errors

#[test]
fn error_empty_file() {
    assert_eq!(
        errors(b"", FileKind::Csv, "repairs.csv", &ReadOptions::default()),
        ["error: repairs.csv: the file is empty"]
    );
    assert_eq!(
        errors(b"", FileKind::Xlsx, "repairs.xlsx", &ReadOptions::default()),
        ["error: repairs.xlsx: the file is empty"]
    );
    assert_eq!(
        errors(
            b"\n\r\n,,\n",
            FileKind::Csv,
            "repairs.csv",
            &ReadOptions::default()
        ),
        ["error: repairs.csv: the file holds only blank lines"]
    );
}

#[test]
fn error_binary_file_named_csv() {
    let garbage = [0x00, 0x9c, 0x80, 0x13, 0xff, 0x00, 0x42, 0xd3];
    assert_eq!(
        errors(
            &garbage,
            FileKind::Csv,
            "repairs.csv",
            &ReadOptions::default()
        ),
        ["error: repairs.csv: is not a text file (it contains the control character U+0000)"]
    );
    assert_eq!(
        errors(
            &repairs_workbook(),
            FileKind::Csv,
            "repairs.csv",
            &ReadOptions::default()
        ),
        [
            "error: repairs.csv: is not a text file (it looks like an .xlsx or .ods workbook; name it accordingly)"
        ]
    );
}

#[test]
fn error_broken_workbook() {
    let mut bytes = repairs_workbook();
    bytes.truncate(bytes.len() / 2);
    assert_eq!(
        errors(
            &bytes,
            FileKind::Xlsx,
            "repairs.xlsx",
            &ReadOptions::default()
        ),
        [
            "error: repairs.xlsx: is not a readable spreadsheet: Zip error: invalid Zip archive: Could not find EOCD"
        ]
    );
    assert_eq!(
        errors(
            "工号,姓名\n1001,张伟\n".as_bytes(),
            FileKind::Xls,
            "roster.xls",
            &ReadOptions::default()
        ),
        [
            "error: roster.xls: is not a readable spreadsheet: it holds text (CSV or HTML), not a workbook\n  = open it in Excel and save it as .xlsx, or name it .csv if it is CSV"
        ]
    );
}

#[test]
fn error_missing_columns_name_what_was_found() {
    let opts = ReadOptions {
        required_headers: &["班组", "维修台数", "品质不合格台数", "交付台数"],
        ..ReadOptions::default()
    };
    let text = "班组,品质不合格台数,维修 台数\n一组,3,150\n";
    assert_eq!(
        errors(text.as_bytes(), FileKind::Csv, "repairs.csv", &opts),
        [
            "error: repairs.csv: missing column 维修台数\n  = column \"维修 台数\" differs only in spaces, case or character width\n  = found columns: 班组, 品质不合格台数, 维修 台数",
            "error: repairs.csv: missing column 交付台数\n  = found columns: 班组, 品质不合格台数, 维修 台数",
        ]
    );
}

#[test]
fn error_missing_columns_in_a_workbook() {
    let opts = ReadOptions {
        required_headers: &["工号", "底薪"],
        ..ReadOptions::default()
    };
    assert_eq!(
        errors(&repairs_workbook(), FileKind::Xlsx, "repairs.xlsx", &opts),
        [
            "error: repairs.xlsx: missing column 底薪\n  = found columns: 工号, 姓名, 维修台数, 品质不合格台数, 合格台数, 交付及时率, 入职日期"
        ]
    );
}

#[test]
fn error_no_required_column_found_lists_the_header_row_not_the_title() {
    let opts = ReadOptions {
        required_headers: &["底薪"],
        ..ReadOptions::default()
    };
    assert_eq!(
        errors(&repairs_workbook(), FileKind::Xlsx, "repairs.xlsx", &opts),
        [
            "error: repairs.xlsx: missing column 底薪\n  = found columns: 工号, 姓名, 维修台数, 品质不合格台数, 合格台数, 交付及时率, 入职日期"
        ]
    );
}

#[test]
fn error_duplicate_headers() {
    let text = "工号,班组,姓名,班组,备注,班组\n1001,一组,张伟,一组,,一组\n";
    assert_eq!(
        errors(
            text.as_bytes(),
            FileKind::Csv,
            "roster.csv",
            &ReadOptions::default()
        ),
        ["error: roster.csv row 1: column 班组 appears 3 times (columns B, D and F)"]
    );
}

#[test]
fn error_row_with_more_cells_than_headers() {
    let text = "工号,姓名\n1001,张伟\n\n1002,李娜,,多余\n1003,王五,,\n";
    assert_eq!(
        errors(
            text.as_bytes(),
            FileKind::Csv,
            "roster.csv",
            &ReadOptions::default()
        ),
        [
            "error: roster.csv row 4: has 4 cells but the header row has 2 columns\n  = unexpected value \"多余\" in column D"
        ]
    );
}

/// A row wider than the header row (an unquoted `4,500.00`) is reported, and
/// the file is still read whole (that row cut to the header's width), so that
/// the problems of the other rows are found in the same run.
#[test]
fn a_wide_row_is_reported_and_the_others_read() {
    let text = "工号,姓名,底薪\n1001,张伟,4,500.00\n1002,李娜,3000.00\n1003,王五,1,200.00\n1004,,2800.00\n";
    let table = read_table_bytes(
        text.as_bytes(),
        FileKind::Csv,
        "roster.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        rendered(&table.problems),
        [
            "error: roster.csv row 2: has 4 cells but the header row has 3 columns\n  = unexpected value \"500.00\" in column D",
            "error: roster.csv row 4: has 4 cells but the header row has 3 columns\n  = unexpected value \"200.00\" in column D",
        ]
    );
    assert_eq!(
        show(&table),
        [
            "2: 1001 | 张伟 | 4",
            "3: 1002 | 李娜 | 3000.00",
            "4: 1003 | 王五 | 1",
            "5: 1004 | · | 2800.00"
        ]
    );
}

/// With a bad header row the file is not read, and its wide rows are
/// reported along with the header's problem.
#[test]
fn a_header_problem_and_wide_rows_are_reported_together() {
    let text = "工号,姓名,姓名\n1001,张伟,张伟,多余\n1002,李娜,李娜\n";
    assert_eq!(
        errors(
            text.as_bytes(),
            FileKind::Csv,
            "roster.csv",
            &ReadOptions::default()
        ),
        [
            "error: roster.csv row 1: column 姓名 appears twice (columns B and C)",
            "error: roster.csv row 2: has 4 cells but the header row has 3 columns\n  = unexpected value \"多余\" in column D",
        ]
    );
}

#[test]
fn error_encodings() {
    let opts = ReadOptions {
        encoding: Some("klingon"),
        ..ReadOptions::default()
    };
    assert_eq!(
        errors(b"a\n1\n", FileKind::Csv, "repairs.csv", &opts),
        [
            "error: repairs.csv: unknown encoding \"klingon\"\n  = known encodings include UTF-8, GBK, GB18030, Big5 and UTF-16LE"
        ]
    );
    let (gbk, _, _) = encoding_rs::GBK.encode("姓名\n张伟\n");
    let opts = ReadOptions {
        encoding: Some("utf-8"),
        ..ReadOptions::default()
    };
    assert_eq!(
        errors(&gbk, FileKind::Csv, "repairs.csv", &opts),
        [
            "error: repairs.csv: is not valid UTF-8 text\n  = leave the encoding out to have it detected"
        ]
    );
}

#[test]
fn error_missing_sheet_lists_the_sheets() {
    let opts = ReadOptions {
        sheet: Some("六月"),
        ..ReadOptions::default()
    };
    assert_eq!(
        errors(&repairs_workbook(), FileKind::Xlsx, "repairs.xlsx", &opts),
        ["error: repairs.xlsx: has no sheet named \"六月\"\n  = sheets: 维修统计, 说明"]
    );
}

#[test]
fn error_unknown_extension() {
    let got = read_table(
        std::path::Path::new("repairs.pdf"),
        "repairs.pdf",
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        rendered(&got),
        [
            "error: repairs.pdf: is not a file type appraise reads\n  = expected .csv, .tsv, .txt, .xlsx, .xlsm, .xls or .ods"
        ]
    );
}

#[test]
fn cell_messages_compose_with_their_location() {
    let table = csv("班组,维修台数\n一组,150\n二组,十二\n".as_bytes());
    let column = table.column("维修台数").unwrap();
    let row = &table.rows[1];
    let message =
        parse_cell(row.get(column), ValueKind::Integer, BarePercent::Fraction).unwrap_err();
    let d = Diagnostic::at_cell(&table.file, row.row, &table.headers[column], message);
    assert_eq!(
        d.to_string(),
        "error: repairs.csv row 3, column 维修台数: \"十二\" is not a whole number"
    );
}

// ---------------------------------------------------------------- never panic

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for kind in [FileKind::Csv, FileKind::Xlsx, FileKind::Xls, FileKind::Ods] {
            let opts = ReadOptions { required_headers: &["工号"], skip_total_row: true, ..ReadOptions::default() };
            let _ = read_table_bytes(&bytes, kind, "any", &opts);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[工号,姓名\t\"\r\n 0-9a-z合计=]{0,200}") {
        let opts = ReadOptions { required_headers: &["工号"], skip_total_row: true, ..ReadOptions::default() };
        let _ = read_table_bytes(text.as_bytes(), FileKind::Csv, "any.csv", &opts);
    }

    #[test]
    fn damaged_workbooks_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let mut bytes = repairs_workbook();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = read_table_bytes(&bytes, FileKind::Xlsx, "any.xlsx", &ReadOptions::default());
    }
}
