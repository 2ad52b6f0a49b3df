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

fn compute_month(ws: &Path, month: &str) {
    let out = common::compute_in(ws, month, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A part of the workbook's zip, as text.
fn zip_part(ws: &Path, name: &str) -> String {
    use std::io::Read;
    let f = std::fs::File::open(ws.join(WORKBOOK)).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The names in the workbook's zip.
fn zip_entries(ws: &Path) -> Vec<String> {
    let f = std::fs::File::open(ws.join(WORKBOOK)).unwrap();
    let zip = zip::ZipArchive::new(f).unwrap();
    zip.file_names().map(|n| n.unwrap().into_owned()).collect()
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
fn sheets_are_the_cover_and_the_eight_named_ones() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let wb = open(ws.path().join(WORKBOOK));
    assert_eq!(
        wb.sheet_names(),
        [
            "封面",
            "汇总",
            "班组",
            "工资条",
            "明细",
            "班组明细",
            "图表",
            "提示",
            "输入"
        ]
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
        ["工号", "姓名", "班组", "项目", "说明", "事由", "结果"]
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
    // The README's hand-worked table. A1: 150 − 3 = 147 counted, quota 22 × 6 = 132,
    // excess 15; X1 = 182 ÷ 190 = 95.7895% → 35 元 a unit; pool 15 × 35 = 525;
    // 1 engineer + 1 assistant: 60% → 315.00.
    let r = find("0101", "超额奖金");
    assert_eq!(r[1], "张伟");
    assert_eq!(
        r[4],
        "超额奖金 = 超额奖金总额 525.00 × 维修工程师 60.00%（1 维修工程师 + 1 助理维修员） = 315.00\n\
         交付及时率 95.7895% 落在「95% <= X1 < 100%」档（交付及时率档位）→ per_unit 35.00，short_share 9.00%\n\
         依据：roster.csv 第2行；repairs.csv 第2行"
    );
    assert_eq!(r[5], "");
    assert_eq!(r[6], "315");

    // 2 points × 35 = 70.00, with the reason on points.csv row 2.
    let r = find("0101", "绩效分奖励");
    assert_eq!(
        r[4].lines().next().unwrap(),
        "绩效分奖励 = 取大(绩效分 2，0) × 超额奖金单价(元/台) 35.00 = 70.00"
    );
    assert!(
        r[4].ends_with("依据：repairs.csv 第2行；points.csv 第2行"),
        "{}",
        r[4]
    );
    assert_eq!(r[5], "客户书面表扬");
    assert_eq!(r[6], "70");
    // No reason beside a zero: 张伟's points deduction is 0.
    assert_eq!(find("0101", "绩效分扣款")[5], "");

    // 王强's points come on two rows; both are cited, both reasons given.
    let r = find("0201", "绩效分奖励");
    assert!(
        r[4].ends_with("依据：repairs.csv 第3行；points.csv 第3行；points.csv 第4行"),
        "{}",
        r[4]
    );
    assert_eq!(r[5], "协助其他班组抢修；提出维修工艺改进建议");

    // A3: X1 = 170 ÷ 180 = 94.4444% → 30 元; 吴倩 −1 point → max(1, 0) × 30 = 30.00.
    let r = find("0302", "绩效分扣款");
    assert_eq!(
        r[4],
        "绩效分扣款 = 取大(-（绩效分 -1），0) × 超额奖金单价(元/台) 30.00 = 30.00\n\
         交付及时率 94.4444% 落在「90% <= X1 < 95%」档（交付及时率档位）→ per_unit 30.00，short_share 8.00%\n\
         依据：repairs.csv 第4行；points.csv 第5行"
    );
    assert_eq!(r[5], "未按规定填写维修单");

    // A4: short because of short returns; X1 = 85 ÷ 100 = 85% → 7% of her own base:
    // 3050.50 × 7% = 213.535 → 213.54.
    let r = find("0402", "返修机不足绩效奖");
    assert_eq!(
        r[4],
        "返修机不足绩效奖 = 如果 因返修机不足未达保底（是） 则 底薪 3050.50 × 返修机不足底薪比例 7.00% 否则 0 = 213.54\n\
         交付及时率 85.00% 落在「0% <= X1 < 90%」档（交付及时率档位）→ per_unit 25.00，short_share 7.00%\n\
         依据：roster.csv 第11行；repairs.csv 第5行"
    );
    assert_eq!(r[6], "213.54");

    // A3's penalty: 13 short × 25 = 325; 1 engineer + 2 assistants: 40% → 130.00.
    assert_eq!(
        find("0301", "未达保底扣款")[4].lines().next().unwrap(),
        "未达保底扣款 = 未达保底扣款总额 325.00 × 维修工程师 40.00%（1 维修工程师 + 2 助理维修员） = 130.00"
    );

    let r = find("0101", "应发合计");
    assert_eq!(
        r[4],
        "应发合计 = 底薪 4000.00 + 奖金合计 385.00 − 扣款合计 0.00 = 4385.00"
    );
    assert_eq!(r[6], "4385");

    // Team figures on their own sheet, none among the people.
    assert!(detail.rows().all(|r| !text(&r[0]).is_empty()));
    let teams = sheet(&mut wb, "班组明细");
    assert_eq!(headers(&teams), ["层级", "编号", "项目", "说明", "结果"]);
    let team = |id: &str, item: &str| {
        teams
            .rows()
            .find(|r| text(&r[1]) == id && text(&r[2]) == item)
            .unwrap_or_else(|| panic!("no {id} {item}"))
            .iter()
            .map(text)
            .collect::<Vec<_>>()
    };
    let pool = team("A1", "超额奖金总额");
    assert_eq!(pool[0], "班组");
    // Only the bands a team figure's own rule chose: the rate's row shows the band.
    assert_eq!(
        pool[3],
        "超额奖金总额 = 超额台数 15 × 超额奖金单价(元/台) 35.00 = 525.00\n依据：repairs.csv 第2行"
    );
    assert_eq!(
        team("A1", "超额奖金单价(元/台)")[3],
        "超额奖金单价(元/台) = 查档（交付及时率档位，交付及时率 95.7895%）.per_unit = 35.00\n\
         交付及时率 95.7895% 落在「95% <= X1 < 100%」档（交付及时率档位）→ per_unit 35.00，short_share 9.00%\n\
         依据：repairs.csv 第2行"
    );
    // Checks that passed (品质不合格台数大于维修台数 …) are not listed.
    assert!(
        teams
            .rows()
            .all(|r| text(&r[2]) != "品质不合格台数大于维修台数")
    );
    assert_eq!(pool[4], "525");
    // A2 has three members: 22 × 9 = 198.
    assert_eq!(
        team("A2", "月保底维修量")[3],
        "月保底维修量 = 每月工作日数 22 × (如果 人数 3 = 3 则 三人组每日保底维修量(台) 9 否则 两人组每日保底维修量(台)) = 198"
    );
    assert_eq!(
        team("A1", "人数")[3],
        "人数 = 计数(组员) = 2\n计数(2 个员工) = 2"
    );
}

#[test]
fn summary_ids_link_to_their_detail_rows() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let sheet2 = zip_part(ws.path(), "xl/worksheets/sheet2.xml");
    let links: Vec<&str> = sheet2
        .match_indices("<hyperlink ")
        .map(|(i, _)| {
            let end = sheet2[i..].find("/>").unwrap();
            &sheet2[i..i + end]
        })
        .collect();
    // 汇总: title, 单位, header, then 0101 on row 4. 明细: header, then 7 rows a person
    // (底薪, five items, 应发合计): 0101 from row 2, 0102 from 9, 0201 from 16.
    assert_eq!(links.len(), 14);
    for (link, (cell, target, id)) in links.iter().zip([
        ("A4", "A2", "0101"),
        ("A5", "A9", "0102"),
        ("A6", "A16", "0201"),
    ]) {
        assert!(
            link.contains(&format!("ref=\"{cell}\" location=\"'明细'!{target}\"")),
            "{link}"
        );
        assert!(link.contains(&format!("display=\"{id}\"")), "{link}");
    }
    assert!(
        links[13].contains("ref=\"A17\" location=\"'明细'!A93\""),
        "{}",
        links[13]
    );
    // The rows linked to are those people's first figures.
    let mut wb = open(ws.path().join(WORKBOOK));
    let detail = sheet(&mut wb, "明细");
    for (row, id) in [(1, "0101"), (8, "0102"), (15, "0201"), (92, "0602")] {
        let r = &detail.rows().nth(row).unwrap();
        assert_eq!((text(&r[0]).as_str(), text(&r[3]).as_str()), (id, "底薪"));
    }
    // Without 明细, nothing to link to.
    compute(ws.path(), &["--sheets", "汇总"]);
    assert!(!zip_part(ws.path(), "xl/worksheets/sheet1.xml").contains("<hyperlink"));
}

#[test]
fn data_blocks_are_excel_tables() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let table = |n: usize| zip_part(ws.path(), &format!("xl/tables/table{n}.xml"));
    // 汇总: header on row 3, 14 people on rows 4–17, the 合计 row (18) outside.
    let t = table(1);
    assert!(
        t.contains("name=\"汇总表\"") && t.contains("ref=\"A3:M17\""),
        "{t}"
    );
    // 班组: header and 6 teams.
    let t = table(2);
    assert!(
        t.contains("name=\"班组表\"") && t.contains("ref=\"A1:"),
        "{t}"
    );
    assert!(t.contains("7\""), "{t}");
    // 提示: header and the one line saying there is nothing; 输入: header, 3 inputs, 方案, 考核周期.
    let t = table(3);
    assert!(
        t.contains("name=\"提示表\"") && t.contains("ref=\"A1:D2\""),
        "{t}"
    );
    let t = table(4);
    assert!(
        t.contains("name=\"输入表\"") && t.contains("ref=\"A1:F6\""),
        "{t}"
    );
}

#[test]
fn chart_sheet_charts_its_own_tables() {
    let ws = workspace();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let charts = sheet(&mut wb, "图表");
    let rows: Vec<Vec<String>> = charts
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    // Teams by 奖金合计 (sums of members' bonuses, README table): A2 420 + 420 + 360 + 2 points
    // × 40 = 1,280; A1 315 + 210 + 70 = 595; A4 287 + 213.54 = 500.54; A5 168 + 112 = 280;
    // A3 and A6 none (roster order), with deductions 130 + 97.50 + 97.50 + 30 = 355 and 25.
    let teams: Vec<(&str, &str, &str)> = rows[4..10]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        teams,
        [
            ("A2", "1280", "0"),
            ("A1", "595", "0"),
            ("A4", "500.54", "0"),
            ("A5", "280", "0"),
            ("A3", "0", "355"),
            ("A6", "0", "25")
        ]
    );
    // Net pay from 2,802.50 to 5,000.00: bands of 500 元 (200 would need 12: 2,800–5,200),
    // people per band
    // (README nets): 2,500–3,000: 2,872.50 2,802.50 2,912 2,940; 3,000–3,500: 3,210 3,460
    // 3,264.04; 3,500–4,000: 3,968 3,885; 4,000–4,500: 4,385 4,170 4,387; 4,500–5,000:
    // 4,620; 5,000–5,500: 5,000.
    let bands: Vec<(&str, &str)> = rows[21..27]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        bands,
        [
            ("2500～3000", "4"),
            ("3000～3500", "3"),
            ("3500～4000", "2"),
            ("4000～4500", "3"),
            ("4500～5000", "1"),
            ("5000～5500", "1")
        ]
    );
    // The charts read those cells (1-based rows 5–10 and 22–27: each table 17 rows below
    // the last, room for its chart); no earlier months, no third.
    let series = |n: usize| {
        let xml = zip_part(ws.path(), &format!("xl/charts/chart{n}.xml"));
        xml.match_indices("<c:f>")
            .map(|(i, _)| xml[i + 5..i + xml[i..].find("</c:f>").unwrap()].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        series(1),
        [
            "图表!$A$5:$A$10",
            "图表!$B$5:$B$10",
            "图表!$A$5:$A$10",
            "图表!$C$5:$C$10"
        ]
    );
    assert_eq!(series(2), ["图表!$A$22:$A$27", "图表!$B$22:$B$27"]);
    assert!(
        zip_entries(ws.path())
            .iter()
            .all(|n| n != "xl/charts/chart3.xml")
    );
}

#[test]
fn chart_sheet_shows_the_archived_months() {
    let ws = workspace();
    // Closed earlier months: April as computed from May's data (same totals), and
    // a hand-made closed March manifest with only its totals; February is
    // computed but not closed, so not charted (its figures may still change).
    let data = ws.path().join("data");
    for m in ["2024-04", "2024-02"] {
        common::copy_dir(&data.join("2024-05"), &data.join(m));
        compute_month(ws.path(), m);
    }
    let close = std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
        .args(["-C"])
        .arg(ws.path())
        .args(["close", "--month", "2024-04", "--date", "2024-05-03"])
        .output()
        .unwrap();
    assert!(
        close.status.success(),
        "{}",
        String::from_utf8_lossy(&close.stderr)
    );
    let march = ws.path().join("out/2024-03");
    std::fs::create_dir_all(&march).unwrap();
    std::fs::write(
        march.join("manifest.json"),
        "{\n  \"manifest\": 1,\n  \"totals\": {\n    \"people\": 1,\n    \"teams\": 1,\n    \"base\": \"1.00\",\n    \"bonus\": \"10.50\",\n    \"deduction\": \"2.25\",\n    \"net\": \"9.25\"\n  },\n  \"people\": [],\n  \"closed\": {\"date\": \"2024-04-02\", \"by\": null}\n}\n",
    )
    .unwrap();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let rows: Vec<Vec<String>> = sheet(&mut wb, "图表")
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    let at = rows.iter().position(|r| r[0] == "近十二个月合计").unwrap();
    // The month's totals (README): bonus 2,655.54, deduction 380.00, net 51,876.04.
    assert_eq!(
        rows[at + 2..at + 5]
            .iter()
            .map(|r| r[..4].join(" "))
            .collect::<Vec<_>>(),
        [
            "2024-03 10.5 2.25 9.25",
            "2024-04 2655.54 380 51876.04",
            "2024-05 2655.54 380 51876.04"
        ]
    );
    let first = at as u32 + 3; // 1-based
    let xml = zip_part(ws.path(), "xl/charts/chart3.xml");
    assert!(xml.contains("<c:lineChart>"), "{xml}");
    assert!(
        xml.contains(&format!("图表!$D${first}:$D${}", first + 2)),
        "{xml}"
    );
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

#[test]
fn the_department_is_the_rosters_column_when_the_scheme_reads_one() {
    let ws = workspace();
    replace_in(
        &ws.path().join("schemes/after-sales-repair.toml"),
        "base_salary = { header = \"底薪\", type = \"money\", min = 0 }",
        "base_salary = { header = \"底薪\", type = \"money\", min = 0 }\ndept = { header = \"部门\", type = \"text\" }",
    );
    let roster = ws.path().join("data/2024-05/roster.csv");
    let text_of = std::fs::read_to_string(&roster).unwrap();
    let with_dept: String = text_of
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => format!("{l},部门\n"),
            // 0101–0302 in 售后一部, the rest in 售后二部 (roster order: 一部 first).
            1..=7 => format!("{l},售后一部\n"),
            _ => format!("{l},售后二部\n"),
        })
        .collect();
    std::fs::write(&roster, with_dept).unwrap();
    compute(ws.path(), &[]);
    let mut wb = open(ws.path().join(WORKBOOK));
    let summary = sheet(&mut wb, "汇总");
    assert_eq!(
        text(&summary.rows().next().unwrap()[0]),
        "售后一部、售后二部 2024年5月 绩效奖金汇总表"
    );
}
