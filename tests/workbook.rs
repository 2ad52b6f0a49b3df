//! The workbook and CSV a finance office is handed, read back as a user would:
//! the binary runs on a copy of `examples/after-sales` and calamine reads the
//! file it wrote. Figures are the hand-worked ones of shared/domain.md §1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::NETS;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::str::FromStr;

// ---------------------------------------------------------------- helpers

const MONTH: &str = "2024-05";
const WORKBOOK: &str = "out/2024-05/after-sales-repair-2024-05.xlsx";
const CSV: &str = "out/2024-05/after-sales-repair-2024-05.csv";

/// A fresh copy of the example workspace.
fn workspace() -> tempfile::TempDir {
    common::example_workspace()
}

fn run(ws: &Path, args: &[&str]) -> Output {
    common::compute_in(ws, MONTH, args)
}

fn compute(ws: &Path, args: &[&str]) {
    let out = run(ws, args);
    assert!(
        out.status.success(),
        "compute failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn open(path: PathBuf) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// A number cell shown with two decimals, as the `#,##0.00` format shows it.
fn cents(d: &Data) -> String {
    match d {
        Data::Float(f) => format!("{f:.2}"),
        other => panic!("expected a number, found {other:?}"),
    }
}

fn row_of(range: &Range<Data>, first: &str) -> Vec<Data> {
    range
        .rows()
        .find(|r| r.first().map(text).as_deref() == Some(first))
        .unwrap_or_else(|| panic!("no row starting with {first}"))
        .to_vec()
}

fn headers(range: &Range<Data>) -> Vec<String> {
    range.rows().next().unwrap().iter().map(text).collect()
}

/// 汇总's title rows above its header: the title, then 单位：元.
const SUMMARY_TITLE_ROWS: usize = 2;

fn summary_headers(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .nth(SUMMARY_TITLE_ROWS)
        .unwrap()
        .iter()
        .map(text)
        .collect()
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

// ---------------------------------------------------------------- the workbook

#[test]
fn sheets_are_the_cover_and_the_six_named_ones() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let wb = open(ws.path().join(WORKBOOK));
    assert_eq!(
        wb.sheet_names(),
        ["封面", "汇总", "班组", "工资条", "明细", "提示", "输入"]
    );
}

#[test]
fn summary_has_every_net_and_exact_totals() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let summary = sheet(&mut wb, "汇总");
    assert_eq!(
        summary_headers(&summary),
        [
            "工号",
            "姓名",
            "班组",
            "岗位",
            "底薪",
            "超额奖金",
            "返修机不足绩效奖",
            "绩效分奖励",
            "未达保底扣款",
            "绩效分扣款",
            "奖金合计",
            "扣款合计",
            "应发合计"
        ]
    );
    let net_col = 12;
    let mut total = Decimal::ZERO;
    for (id, net) in NETS {
        let row = row_of(&summary, id);
        assert_eq!(row[0], Data::String(id.into()), "IDs keep leading zeros");
        assert_eq!(cents(&row[net_col]), net, "net of {id}");
        total += Decimal::from_str(net).unwrap();
    }
    assert_eq!(summary.height(), SUMMARY_TITLE_ROWS + 1 + 14 + 1);
    // 张伟: base 4000, excess bonus 315, points 70.
    let zhang = row_of(&summary, "0101");
    assert_eq!(text(&zhang[1]), "张伟");
    assert_eq!(
        [4, 5, 7, 10].map(|c| cents(&zhang[c])),
        ["4000.00", "315.00", "70.00", "385.00"]
    );
    assert_eq!(cents(&row_of(&summary, "0402")[6]), "213.54");

    // 合计: formulas whose cached results are the exact totals.
    let totals = row_of(&summary, "合计");
    assert_eq!(total.to_string(), "51876.04");
    assert_eq!(cents(&totals[net_col]), "51876.04");
    let formulas = wb.worksheet_formula("汇总").unwrap();
    let f = formulas.get_value((17, net_col as u32)).unwrap();
    assert_eq!(f, "SUM(M4:M17)");
}

#[test]
fn number_formats_are_money_and_percent() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let code = |wb: &mut Xlsx<_>, sheet: &str, pos: (u32, u32)| {
        let styles = wb.worksheet_style(sheet).unwrap();
        styles
            .get(pos)
            .and_then(|s| s.number_format.clone())
            .map(|n| n.format_code)
            .unwrap_or_default()
    };
    for col in 4..=12 {
        assert_eq!(
            code(&mut wb, "汇总", (3, col)),
            "#,##0.00",
            "汇总 column {col}"
        );
        assert_eq!(
            code(&mut wb, "汇总", (17, col)),
            "#,##0.00",
            "合计 column {col}"
        );
    }
    let teams = sheet(&mut wb, "班组");
    let h = headers(&teams);
    let x1 = h.iter().position(|h| h == "交付及时率").unwrap() as u32;
    let pool = h.iter().position(|h| h == "超额奖金总额").unwrap() as u32;
    assert_eq!(code(&mut wb, "班组", (1, x1)), "0.00%");
    assert_eq!(code(&mut wb, "班组", (1, pool)), "#,##0.00");
    assert_eq!(code(&mut wb, "工资条", (2, 12)), "#,##0.00");
}

#[test]
fn team_sheet_shows_inputs_rules_band_and_split() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let teams = sheet(&mut wb, "班组");
    let h = headers(&teams);
    let a1 = row_of(&teams, "A1");
    let cell = |name: &str| {
        let c = h
            .iter()
            .position(|x| x == name)
            .unwrap_or_else(|| panic!("no {name} in {h:?}"));
        a1[c].clone()
    };
    assert_eq!(text(&cell("成员")), "张伟、李娜");
    assert_eq!(text(&cell("维修台数")), "150");
    assert_eq!(text(&cell("合格维修台数")), "147");
    assert_eq!(text(&cell("月保底维修量")), "132");
    // The exact ratio 182/190 is stored; the cell only shows 95.79%.
    assert_eq!(cell("交付及时率"), Data::Float(182.0 / 190.0));
    assert_eq!(text(&cell("档位：交付及时率档位")), "95% <= X1 < 100%");
    assert_eq!(cents(&cell("超额奖金总额")), "525.00");
    assert_eq!(text(&cell("超额奖金分配")), "张伟 315.00 / 李娜 210.00");
    assert_eq!(text(&cell("返修机不足")), "否");
    assert_eq!(teams.height(), 1 + 6);
}

#[test]
fn payslip_strips_are_month_header_value_cut_line() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let strips = sheet(&mut wb, "工资条");
    let rows: Vec<Vec<Data>> = strips.rows().map(<[Data]>::to_vec).collect();
    for (i, (id, net)) in NETS.iter().enumerate() {
        let month = &rows[i * 4];
        let header = &rows[i * 4 + 1];
        let value = &rows[i * 4 + 2];
        assert_eq!(text(&month[0]), "2024年5月 工资条");
        assert_eq!(text(&header[0]), "工号");
        assert_eq!(text(&header[12]), "应发合计");
        assert_eq!(text(&value[0]), *id);
        assert_eq!(cents(&value[12]), *net);
        // The cut line: blank cells with a dashed bottom border.
        if let Some(cut) = rows.get(i * 4 + 3) {
            assert!(cut.iter().all(|d| *d == Data::Empty), "row {}", i * 4 + 3);
        }
    }
}

#[test]
fn detail_sheet_answers_why_the_bonus_is_315() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let detail = sheet(&mut wb, "明细");
    assert_eq!(
        headers(&detail),
        [
            "工号",
            "姓名",
            "班组",
            "项目",
            "规则",
            "输入",
            "中间值",
            "档位",
            "结果"
        ]
    );
    let find = |id: &str, item: &str| {
        detail
            .rows()
            .find(|r| text(&r[0]) == id && text(&r[3]) == item)
            .unwrap_or_else(|| panic!("no {id} {item}"))
            .iter()
            .map(text)
            .collect::<Vec<_>>()
    };
    let r = find("0101", "超额奖金");
    assert_eq!(r[1], "张伟");
    assert_eq!(r[4], "excess_bonus = split(by_role, team.pool)");
    assert_eq!(r[5], "roster.csv 第2行; repairs.csv 第2行");
    assert_eq!(
        r[6],
        "by_role = 维修工程师 60.00% (1 维修工程师 + 1 助理维修员); team.pool = 525.00"
    );
    assert_eq!(r[7], "交付及时率档位: 95% <= X1 < 100%");
    assert_eq!(r[8], "315");

    let r = find("0101", "绩效分奖励");
    assert_eq!(r[5], "repairs.csv 第2行; points.csv 第2行");
    assert_eq!(r[6], "points = 2; team.rate = 35.00");
    assert_eq!(r[8], "70");

    // 王强's points come on two rows; both are named.
    assert_eq!(
        find("0201", "绩效分奖励")[5],
        "repairs.csv 第3行; points.csv 第3行; points.csv 第4行"
    );

    let r = find("0402", "返修机不足绩效奖");
    assert_eq!(
        r[6],
        "team.protected = 是; base_salary = 3050.50; team.short_share = 7.00%"
    );
    assert_eq!(r[7], "交付及时率档位: 0% <= X1 < 90%");
    assert_eq!(r[8], "213.54");

    let r = find("0101", "应发合计");
    assert_eq!(r[6], "底薪 = 4000.00; 奖金合计 = 385.00; 扣款合计 = 0.00");
    assert_eq!(r[8], "4385");

    // Team rules follow the people.
    let pool = detail
        .rows()
        .find(|r| text(&r[2]) == "A1" && text(&r[3]) == "超额奖金总额")
        .unwrap()
        .iter()
        .map(text)
        .collect::<Vec<_>>();
    assert_eq!(pool[0], "");
    assert_eq!(pool[4], "pool = excess * rate");
    assert_eq!(pool[5], "repairs.csv 第2行");
    assert_eq!(pool[6], "excess = 15; rate = 35.00");
    assert_eq!(pool[8], "525");
}

#[test]
fn inputs_sheet_lists_files_with_digests_and_the_scheme() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let inputs = sheet(&mut wb, "输入");
    let repairs = inputs
        .rows()
        .find(|r| text(&r[2]) == "repairs.csv")
        .unwrap()
        .to_vec();
    assert_eq!(text(&repairs[3]), "6");
    let bytes = std::fs::read(ws.path().join("data/2024-05/repairs.csv")).unwrap();
    assert_eq!(text(&repairs[5]), appraise::digest::sha256_hex(&bytes));
    let scheme = row_of(&inputs, "方案");
    assert_eq!(text(&scheme[2]), "schemes/after-sales-repair.toml");
    assert_eq!(text(&scheme[4]), "2024.1");
    let bytes = std::fs::read(ws.path().join("schemes/after-sales-repair.toml")).unwrap();
    assert_eq!(text(&scheme[5]), appraise::digest::sha256_hex(&bytes));
    let warnings = sheet(&mut wb, "提示");
    assert!(text(&row_of(&warnings, "说明")[3]).starts_with("无"));
}

#[test]
fn names_that_look_like_formulas_stay_text() {
    let ws = workspace();
    let roster = ws.path().join("data/2024-05/roster.csv");
    replace_in(&roster, "张伟", "=1+1");
    replace_in(&roster, "李娜", "@SUM(A1)");
    replace_in(&roster, "王强", "+cmd|' /C calc'!A0");
    replace_in(&roster, "赵敏", "-2+3");
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    for name in ["汇总", "工资条", "明细", "班组"] {
        let formulas = wb.worksheet_formula(name).unwrap();
        let (top, _) = formulas.start().unwrap_or_default();
        let cells: Vec<(usize, usize, &String)> = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(r, c, f)| (r + top as usize, c, f))
            .collect();
        if name == "汇总" {
            assert_eq!(cells.len(), 9);
            assert!(
                cells
                    .iter()
                    .all(|(r, _, f)| *r == 17 && f.starts_with("SUM(")),
                "{cells:?}"
            );
        } else {
            assert!(cells.is_empty(), "{name} has formulas: {cells:?}");
        }
    }
    let summary = sheet(&mut wb, "汇总");
    let names: Vec<Data> = ["0101", "0102", "0201", "0202"]
        .iter()
        .map(|id| row_of(&summary, id)[1].clone())
        .collect();
    assert_eq!(
        names,
        ["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"].map(|s| Data::String(s.into()))
    );
    let teams = sheet(&mut wb, "班组");
    assert_eq!(text(&row_of(&teams, "A1")[1]), "=1+1、@SUM(A1)");
}

#[test]
fn reruns_are_byte_identical() {
    let a = workspace();
    let b = workspace();
    compute(a.path(), &[]);
    let first = std::fs::read(a.path().join(WORKBOOK)).unwrap();
    compute(a.path(), &[]);
    let again = std::fs::read(a.path().join(WORKBOOK)).unwrap();
    assert!(first == again, "a rerun changed the workbook");
    compute(b.path(), &[]);
    let elsewhere = std::fs::read(b.path().join(WORKBOOK)).unwrap();
    assert!(
        first == elsewhere,
        "the same month elsewhere gave another workbook"
    );
    compute(a.path(), &["--format", "csv"]);
    compute(b.path(), &["--format", "csv"]);
    assert_eq!(
        std::fs::read(a.path().join(CSV)).unwrap(),
        std::fs::read(b.path().join(CSV)).unwrap()
    );
}

#[test]
fn a_failed_run_leaves_the_earlier_workbook_untouched() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let good = std::fs::read(ws.path().join(WORKBOOK)).unwrap();
    replace_in(
        &ws.path().join("data/2024-05/repairs.csv"),
        "A1,150,",
        "A1,15O,",
    );
    let out = run(ws.path(), &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("repairs.csv"), "{stderr}");
    assert!(std::fs::read(ws.path().join(WORKBOOK)).unwrap() == good);
    let mut left: Vec<_> = std::fs::read_dir(ws.path().join("out/2024-05"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["after-sales-repair-2024-05.xlsx", "manifest.json"],
        "no temporary files left"
    );
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_is_utf8_with_bom_and_two_decimals() {
    let ws = workspace();
    compute(ws.path(), &["--format", "csv"]);
    let bytes = std::fs::read(ws.path().join(CSV)).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "工号,姓名,班组,岗位,底薪,超额奖金,返修机不足绩效奖,绩效分奖励,未达保底扣款,绩效分扣款,奖金合计,扣款合计,应发合计"
    );
    assert_eq!(
        lines[1],
        "0101,张伟,A1,维修工程师,4000.00,315.00,0.00,70.00,0.00,0.00,385.00,0.00,4385.00"
    );
    for (line, (id, net)) in lines[1..].iter().zip(NETS) {
        assert!(line.starts_with(&format!("{id},")), "{line}");
        assert!(line.ends_with(&format!(",{net}")), "{line}");
    }
    assert!(lines[15].starts_with("合计,,,,"));
    assert!(lines[15].ends_with(",51876.04"));
    assert_eq!(lines.len(), 16);
}

#[test]
fn csv_in_gbk_for_old_systems() {
    let ws = workspace();
    compute(ws.path(), &["--format", "csv"]);
    let utf8 = std::fs::read(ws.path().join(CSV)).unwrap();
    let out = ws.path().join("summary-gbk.csv");
    compute(
        ws.path(),
        &[
            "--format",
            "csv",
            "--encoding",
            "gbk",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    let gbk = std::fs::read(&out).unwrap();
    assert_ne!(&gbk[..3], b"\xEF\xBB\xBF", "no BOM in GBK");
    assert_eq!(&gbk[..4], [0xB9, 0xA4, 0xBA, 0xC5], "工号 in GBK");
    let (decoded, _, lossy) = encoding_rs::GBK.decode(&gbk);
    assert!(!lossy);
    assert_eq!(decoded.as_bytes(), &utf8[3..]);
}

#[test]
fn gbk_refuses_characters_it_cannot_hold() {
    let ws = workspace();
    replace_in(&ws.path().join("data/2024-05/roster.csv"), "李娜", "李娜😀");
    let out = run(ws.path(), &["--format", "csv", "--encoding", "gbk"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("GBK") && stderr.contains("0102"),
        "{stderr}"
    );
    assert!(!ws.path().join(CSV).exists());
}

#[test]
fn a_text_too_long_for_a_cell_is_the_users_problem() {
    let ws = workspace();
    let long = "长".repeat(40_000);
    replace_in(&ws.path().join("data/2024-05/roster.csv"), "李娜", &long);
    let out = run(ws.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for part in [
        "sheet 汇总",
        "column 姓名",
        "0102",
        "32767",
        "--format json",
    ] {
        assert!(stderr.contains(part), "{part:?} not in {stderr}");
    }
    assert!(!ws.path().join(WORKBOOK).exists());
    // JSON has no such limit.
    let out = run(ws.path(), &["--format", "json"]);
    assert!(out.status.success());
}
