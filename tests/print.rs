//! The workbook as paper a finance office files and signs (issue 13): 封面,
//! 汇总's title and print setup, 工资条's page breaks. Read back with calamine,
//! and where calamine does not look (page breaks, headers and footers, print
//! titles) from the sheet XML in the zip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::io::Read;
use std::path::Path;

const MONTH: &str = "2024-05";
const WORKBOOK: &str = "out/2024-05/after-sales-repair-2024-05.xlsx";

fn computed(args: &[&str]) -> tempfile::TempDir {
    let ws = common::example_workspace();
    let out = common::compute_in(ws.path(), MONTH, args);
    assert!(
        out.status.success(),
        "compute failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    ws
}

fn range(ws: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(ws.join(WORKBOOK)).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The cells of the row whose first cell is `label`.
fn row_of(r: &Range<Data>, label: &str) -> Vec<Data> {
    r.rows()
        .find(|row| row.first().map(text).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no row {label}"))
        .to_vec()
}

/// A part of the zip, as text.
fn part(ws: &Path, name: &str) -> String {
    let f = std::fs::File::open(ws.join(WORKBOOK)).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_cover_says_what_the_month_is_and_has_lines_to_sign() {
    let ws = computed(&[]);
    let cover = range(ws.path(), "封面");
    assert_eq!(
        text(&cover.rows().next().unwrap()[0]),
        "售后服务部技术人员绩效考核方案 2024年5月 绩效奖金表"
    );
    let value = |label: &str| row_of(&cover, label)[1].clone();
    assert_eq!(text(&value("部门")), "售后服务部技术人员绩效考核方案");
    assert_eq!(text(&value("月份")), "2024-05（2024年5月）");
    assert_eq!(
        text(&value("方案")),
        "售后服务部技术人员绩效考核方案（after-sales-repair）"
    );
    assert_eq!(text(&value("方案版本")), "2024.1，自 2024-01 起执行");
    assert_eq!(value("人数"), Data::Float(14.0));
    assert_eq!(value("班组数"), Data::Float(6.0));
    assert_eq!(value("奖金合计（元）"), Data::Float(2655.54));
    assert_eq!(value("扣款合计（元）"), Data::Float(380.0));
    assert_eq!(value("应发合计（元）"), Data::Float(51876.04));

    let repairs = row_of(&cover, "班组维修统计（repairs）");
    assert_eq!(text(&repairs[1]), "repairs.csv");
    assert_eq!(repairs[2], Data::Float(6.0));
    let bytes = std::fs::read(ws.path().join("data/2024-05/repairs.csv")).unwrap();
    assert_eq!(text(&repairs[3]), appraise::digest::sha256_hex(&bytes));
    let scheme = row_of(&cover, "考核方案");
    assert_eq!(text(&scheme[1]), "schemes/after-sales-repair.toml");

    let all: Vec<String> = cover.rows().flat_map(|r| r.iter().map(text)).collect();
    let version = format!("appraise {}", env!("CARGO_PKG_VERSION"));
    assert!(all.iter().any(|t| t.contains(&version)), "{all:?}");
    for who in ["制表：", "审核：", "批准："] {
        assert!(all.iter().any(|t| t == who), "no {who}");
    }
    // The cover comes first and fits one page.
    let sheet1 = part(ws.path(), "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("fitToPage"), "{sheet1}");
    assert!(sheet1.contains("第 &amp;P 页 共 &amp;N 页"));
}

#[test]
fn summary_has_a_title_a_unit_and_prints_with_page_numbers() {
    let ws = computed(&[]);
    let summary = range(ws.path(), "汇总");
    let rows: Vec<&[Data]> = summary.rows().collect();
    assert_eq!(
        text(&rows[0][0]),
        "售后服务部技术人员绩效考核方案 2024年5月 绩效奖金汇总表"
    );
    assert_eq!(text(&rows[1][12]), "单位：元");
    assert_eq!(text(&rows[2][0]), "工号");

    let sheet = part(ws.path(), "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains("第 &amp;P 页 共 &amp;N 页"),
        "no page numbers"
    );
    assert!(sheet.contains(r#"orientation="landscape""#));
    assert!(sheet.contains(r#"fitToWidth="1""#) || sheet.contains("fitToPage"));
    let book = part(ws.path(), "xl/workbook.xml");
    assert!(
        book.contains("'汇总'!$1:$3") || book.contains("汇总!$1:$3"),
        "title and header rows repeated on each page: {book}"
    );
    // The 合计 row sums the people below the header.
    let formulas = {
        let mut wb: Xlsx<_> = open_workbook(ws.path().join(WORKBOOK)).unwrap();
        wb.worksheet_formula("汇总").unwrap()
    };
    assert_eq!(formulas.get_value((17, 12)).unwrap(), "SUM(M4:M17)");
}

#[test]
fn strips_break_between_pages_never_inside_a_strip() {
    let ws = computed(&[]);
    let sheet = part(ws.path(), "xl/worksheets/sheet4.xml");
    // 14 people, 6 strips of 4 rows a page: breaks before rows 24 and 48 (0-based).
    assert!(
        sheet.contains(r#"<rowBreaks count="2" manualBreakCount="2">"#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<brk id="24""#) && sheet.contains(r#"<brk id="48""#));
    let strips = range(ws.path(), "工资条");
    let rows: Vec<&[Data]> = strips.rows().collect();
    // Each page starts with a strip's month row.
    for start in [0, 24, 48] {
        assert_eq!(text(&rows[start][0]), "2024年5月 工资条", "row {start}");
        assert_eq!(text(&rows[start + 1][0]), "工号");
    }
}

#[test]
fn the_cover_is_a_sheet_to_choose() {
    let ws = computed(&["--sheets", "汇总"]);
    let wb: Xlsx<_> = open_workbook(ws.path().join(WORKBOOK)).unwrap();
    assert_eq!(wb.sheet_names(), ["汇总"]);
    let ws = computed(&["--sheets", "封面,工资条"]);
    let wb: Xlsx<_> = open_workbook(ws.path().join(WORKBOOK)).unwrap();
    assert_eq!(wb.sheet_names(), ["封面", "工资条"]);
    let cover = range(ws.path(), "封面");
    assert_eq!(row_of(&cover, "应发合计（元）")[1], Data::Float(51876.04));
}

#[test]
fn warnings_say_their_kind_in_chinese_and_name_the_place() {
    let ws = common::example_workspace();
    std::fs::remove_file(ws.path().join("data/2024-05/points.csv")).unwrap();
    let out = common::compute_in(ws.path(), MONTH, &[]);
    assert!(out.status.success());
    let warnings = range(ws.path(), "提示");
    let row = row_of(&warnings, "输入警告");
    assert_eq!(text(&row[2]), "data/2024-05");
    assert!(text(&row[3]).contains("points"), "{row:?}");
}
