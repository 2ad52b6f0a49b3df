//! The customer-service department (shared/customer-service.md) run end to end through the
//! binary on a copy of `examples/customer-service`: every person's items, net and flags, and
//! the person values (score, grade, ratio, points: today in `explain` and 明细 only, read here
//! in process), each worked by hand.
//!
//! R1 points = weight × band score ÷ 100 (X 35, F 20, Y 10, Z 5, T 5); R4 score = R1 + 工作任务 +
//! 工作态度 + 考勤 (max(0, 10 − 2 × (迟到 + 早退) − 请假)); R5 ratio from the score (100 → 100%,
//! 95–<100 → 95%, 85–<95 → 90%, 75–<85 → 80%, < 75 → 70%, lifted to 75% for 营运部门基层工作人员),
//! 绩效工资 = 500 (主管) / 300 (专员) × ratio; R6 incident points per category (k each, all N from
//! the 3rd: 仪容仪表 5/1, 工作纪律 12/2, 工作态度 15/2, 公共设施维护率 12/1, 建筑风貌完好率 15/3);
//! R7 collection < 98% → 10, < 95% → 20, < 90% → 不胜任; R8 考核扣款 = (R6 + R7) × 10;
//! net = 绩效工资 − 考核扣款; R9 grade A > 90, B 80–90, C 70–<80, D < 70; R10 旷工 ≥ 3 → 辞退预警.
//!
//! | 工号 | X F Y Z T + 任务 + 态度 + 考勤 | score | grade | ratio | 绩效工资 | incidents | collection | 考核扣款 | net | flags |
//! |---|---|---|---|---|---|---|---|---|---|---|
//! | 000001 张伟 主管 | 75% 92% 1.12 99% 30 → 35+20+10+5+5, +10+5+5 (1/1/1) | 95 | A | 95% | 475.00 | 0 | 98/100 → 0 | 0.00 | 475.00 | |
//! | 000002 李娜 专员 营运 | 65% 92% 1.12 99% 45 → 28+20+10+5+4, +8+5+5 (2/0/1) | 85 | B | 90% | 270.00 | 工作态度 ×3 → 15 | 95% → 10 | 250.00 | 20.00 | |
//! | 000003 王芳 专员 营运 | 50% 85% 1.08 97% 55 → 21+16+8+4+3, +8+5+9.5 (0/0/0.5) | 74.5 | C | 70% → 75% floor | 225.00 | 仪容仪表 ×4 → 5, 建筑 ×2 → 6 = 11 | 179/200 = 89.5% → 20 | 310.00 | −85.00 | 辞退预警, 不胜任 |
//! | 000004 赵敏 主管 | 80% 93.3% 1.15 100% 20 → 35+20+10+5+5, +10+5+10 | 100 | A | 100% | 500.00 | 0 | 100% → 0 | 0.00 | 500.00 | |
//! | 000005 钱进 专员 营运 | 75% 92% 1.12 99% 30.1 → 35+20+10+5+4, +8+4+4 (2/1/0) | 90 | B | 90% | 270.00 | 3 in all five → 5+12+15+12+15 = 59 | 98% → 0 | 590.00 | −320.00 | |
//! | 000006 孙丽 专员 职能 | 300/400 46/50 224/200 198/200 30 → 75, +10+5+4.5 (2/0/1.5) | 94.5 | A | 90% | 270.00 | 仪容仪表 ×3 → 5 | 979/1000 = 97.9% → 10 | 150.00 | 120.00 | |
//! | 000007 周洋 专员 营运 | 13/20 85% 1.08 97% 45 → 28+16+8+4+4, +10+5+9.5 | 84.5 | B | 80% | 240.00 | 0 | 190/200 = 95% → 10 | 100.00 | 140.00 | |
//! | 000008 吴昊 专员 营运 | 49.5% 70% 1.0599 94% 55.1 → 0, +0+0+0 (10 − 12 − 2 → 0) | 0 | D | 70% → 75% floor | 225.00 | 工作纪律 ×4 → 12 | 0/50 → 20 | 320.00 | −95.00 | 不胜任 (旷工 2: none) |
//! | 000009 郑爽 主管 营运 | 75% 72% 1.06 95% 55 → 35+12+6+3+3, +8+5+2.5 (3/0/1.5) | 74.5 | C | 70% → 75% floor | 375.00 | 建筑 ×1 → 3, 公共设施 ×2 → 2 = 5 | 90% → 20 | 250.00 | 125.00 | 辞退预警 (旷工 4) |
//! | 000010 冯磊 专员 职能 | 65% 85% 1.08 97% 45 → 60, +7.5+3+4 (3/0/0) | 74.5 | C | 70% (no floor) | 210.00 | 0 | 8999/10000 = 89.99% → 20 | 200.00 | 10.00 | 不胜任 |
//! | 000011 陈晨 专员 营运 | 1/2 46/50 56/50 99% 30 → 21+20+10+5+5, +6+3+5 | 75 | C | 80% | 240.00 | 工作态度 ×2 → 4, 仪容仪表 ×1 → 1 = 5 | 49/50 = 98% → 0 | 50.00 | 190.00 | 辞退预警 (旷工 3) |
//! | 000012 褚红 专员 营运 | 65% 72% 1.06 95% 55 → 52, +5+3+10 | 70 | C | 70% → 75% floor | 225.00 | 工作纪律 ×1 → 2, 工作态度 ×4 → 15 = 17 | 96% → 10 | 270.00 | −45.00 | |
//! | 000013 卫东 主管 | 149,999/200,000 (< 75%) 92% 1.12 99% 30 → 28+20+10+5+5, +6+2+4 (0/3/0) | 80 | B | 80% | 400.00 | 0 | 100% → 0 | 0.00 | 400.00 | |
//! | 000014 蒋琴 专员 职能 | 75% 85% 1.08 97% 45 → 67, +8+5+5 (请假 5) | 85 | B | 90% | 270.00 | 公共设施 ×3 → 12 | 95% → 10 | 220.00 | 50.00 | |
//! | 000015 沈月 专员 营运 | 75% 92% 1.12 99% 30 → 75, +10+5+5 (2/0/1) | 95 | A | 95% | 285.00 | 建筑 ×3 → 15 | 100% → 0 | 150.00 | 135.00 | |
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use appraise::commands::load::load;
use appraise::engine::collect::Collected;
use appraise::engine::compute;
use appraise::model::{Level, Value as AValue};
use appraise::workspace::Workspace;
use common::{edit_data, example, flag_rows, json_month, refused_month};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MONTH: &str = "2024-05";

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = example("customer-service");
    let ws = dir.path().to_path_buf();
    (dir, ws)
}

fn data(ws: &Path, file: &str) -> PathBuf {
    ws.join("data").join(MONTH).join(file)
}

/// (绩效工资, 考核扣款, net) of every person, in output order.
fn figures(doc: &Value) -> Vec<(String, String, String, String)> {
    doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let item = |code: &str| {
                p["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["code"] == code)
                    .unwrap()["amount"]
                    .as_str()
                    .unwrap()
                    .to_string()
            };
            (
                p["id"].as_str().unwrap().to_string(),
                item("perf_pay"),
                item("fine"),
                p["net"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every person's values named `names` (exact text; yes/no as true/false), computed in
/// process from the example workspace exactly as `compute` does: (工号, values) in roster order.
fn person_values(ws: &Path, names: &[&str]) -> Vec<(String, Vec<String>)> {
    let month: appraise::month::Month = MONTH.parse().unwrap();
    let w = Workspace::open(ws).unwrap_or_else(|d| panic!("{d}"));
    let loaded = match load(&w, month, None) {
        Ok(l) => l,
        Err(_) => panic!("the example month does not load"),
    };
    let mut out = Collected::default();
    if compute(&loaded.scheme, month, &loaded.data, &mut out).is_err() {
        panic!("the example month does not compute");
    }
    let scheme = &loaded.scheme;
    let slot = |n: &str| {
        scheme
            .slot_named(Level::PERSON, n)
            .unwrap_or_else(|| panic!("no person value {n}")) as usize
    };
    let id = scheme.roster.id as usize;
    out.people
        .iter()
        .flatten()
        .map(|p| {
            let vals = names
                .iter()
                .map(|n| match &p.values[slot(n)] {
                    AValue::Num(d) => d.normalize().to_string(),
                    AValue::Bool(b) => b.to_string(),
                    AValue::Text(t) => t.to_string(),
                    other => format!("{other:?}"),
                })
                .collect();
            (p.values[id].text().unwrap().to_string(), vals)
        })
        .collect()
}

fn row(id: &str, pay: &str, fine: &str, net: &str) -> (String, String, String, String) {
    (id.into(), pay.into(), fine.into(), net.into())
}

#[test]
fn every_persons_items_and_net() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    assert_eq!(doc["scheme"]["id"], "customer-service");
    let p0 = &doc["people"][0];
    assert_eq!(p0["items"][0]["label"], "绩效工资");
    assert_eq!(p0["items"][0]["kind"], "bonus");
    assert_eq!(p0["items"][1]["label"], "考核扣款");
    assert_eq!(p0["items"][1]["kind"], "deduction");
    assert_eq!(p0["base"], "0.00");
    // Worked by hand in the table at the top of this file.
    assert_eq!(
        figures(&doc),
        [
            // KF00001: customer-service.md §4, the worked example.
            row("000001", "475.00", "0.00", "475.00"),
            row("000002", "270.00", "250.00", "20.00"),
            row("000003", "225.00", "310.00", "-85.00"),
            // KF00002
            row("000004", "500.00", "0.00", "500.00"),
            row("000005", "270.00", "590.00", "-320.00"),
            row("000006", "270.00", "150.00", "120.00"),
            row("000007", "240.00", "100.00", "140.00"),
            row("000008", "225.00", "320.00", "-95.00"),
            // KF00003
            row("000009", "375.00", "250.00", "125.00"),
            row("000010", "210.00", "200.00", "10.00"),
            row("000011", "240.00", "50.00", "190.00"),
            row("000012", "225.00", "270.00", "-45.00"),
            // KF00004
            row("000013", "400.00", "0.00", "400.00"),
            row("000014", "270.00", "220.00", "50.00"),
            row("000015", "285.00", "150.00", "135.00"),
        ]
    );
}

#[test]
fn flags_of_the_month_in_order() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    let f = |p: &str, l: &str| (p.to_string(), l.to_string());
    // 辞退预警: 旷工 3 (000003, 000011), 4 (000009); 2 (000008) raises none.
    // 不胜任: 89.5% (000003), 0% (000008), 89.99% (000010); exactly 90% (000009) raises none.
    // Flags come team by team and, inside a team, flag by flag in scheme order (辞退预警, then
    // 不胜任), so each person's flags are in the contract's order: 000003 辞退预警, 不胜任.
    assert_eq!(
        flag_rows(&doc),
        [
            f("000003", "辞退预警"),
            f("000003", "不胜任"),
            f("000008", "不胜任"),
            f("000009", "辞退预警"),
            f("000011", "辞退预警"),
            f("000010", "不胜任"),
        ]
    );
}

#[test]
fn every_persons_score_grade_ratio_and_points() {
    let (_dir, ws) = workspace();
    let names = [
        "score",
        "grade",
        "attendance_points",
        "band_ratio",
        "ratio",
        "raised_by_floor",
        "incident_points",
        "collection_rate",
        "collection_points",
    ];
    // (工号, score, grade, 考勤, band ratio, ratio, floor raised it, incident points, rate, rate points)
    #[rustfmt::skip]
    let expected: [[&str; 10]; 15] = [
        ["000001", "95", "A", "5", "0.95", "0.95", "false", "0", "0.98", "0"],
        ["000002", "85", "B", "5", "0.9", "0.9", "false", "15", "0.95", "10"],
        ["000003", "74.5", "C", "9.5", "0.7", "0.75", "true", "11", "0.895", "20"],
        ["000004", "100", "A", "10", "1", "1", "false", "0", "1", "0"],
        ["000005", "90", "B", "4", "0.9", "0.9", "false", "59", "0.98", "0"],
        ["000006", "94.5", "A", "4.5", "0.9", "0.9", "false", "5", "0.979", "10"],
        ["000007", "84.5", "B", "9.5", "0.8", "0.8", "false", "0", "0.95", "10"],
        ["000008", "0", "D", "0", "0.7", "0.75", "true", "12", "0", "20"],
        ["000009", "74.5", "C", "2.5", "0.7", "0.75", "true", "5", "0.9", "20"],
        ["000010", "74.5", "C", "4", "0.7", "0.7", "false", "0", "0.8999", "20"],
        ["000011", "75", "C", "5", "0.8", "0.8", "false", "5", "0.98", "0"],
        ["000012", "70", "C", "10", "0.7", "0.75", "true", "17", "0.96", "10"],
        ["000013", "80", "B", "4", "0.8", "0.8", "false", "0", "1", "0"],
        ["000014", "85", "B", "5", "0.9", "0.9", "false", "12", "0.95", "10"],
        ["000015", "95", "A", "5", "0.95", "0.95", "false", "15", "1", "0"],
    ];
    let got = person_values(&ws, &names);
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(expected) {
        assert_eq!(g.0, e[0]);
        assert_eq!(g.1, e[1..], "{}", e[0]);
    }
}

#[test]
fn score_grade_and_ratio_are_shown_in_the_json() {
    // show = true on score, grade and ratio: people[].values, from the binary. The
    // figures are those of every_persons_score_grade_ratio_and_points (worked there):
    // 000003 74.5 → C, 70% raised to the 75% floor; 000008 0 → D, floor 75%;
    // 000010 74.5 → C, no floor for its category: 70%.
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    let shown = |id: &str| {
        let p = doc["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap();
        let v = &p["values"];
        [v["score"].clone(), v["grade"].clone(), v["ratio"].clone()]
    };
    assert_eq!(shown("000003"), ["74.5", "C", "0.75"]);
    assert_eq!(shown("000008"), ["0", "D", "0.75"]);
    assert_eq!(shown("000010"), ["74.5", "C", "0.7"]);
    assert_eq!(shown("000004"), ["100", "A", "1"]);
}

#[test]
fn a_bad_cell_is_refused_naming_file_row_and_column() {
    let (_dir, ws) = workspace();
    edit_data(&ws, MONTH, "kpi.csv", "000002,200,130,", "000002,十二,130,");
    let err = refused_month(&ws, MONTH);
    assert!(
        err.contains("kpi.csv row 3, column 询单人数: \"十二\" is not a whole number"),
        "{err}"
    );
}

#[test]
fn an_incident_for_a_person_not_on_the_roster_is_refused() {
    let (_dir, ws) = workspace();
    edit_data(
        &ws,
        MONTH,
        "incidents.csv",
        "J0000004,000002,工作态度",
        "J0000004,000099,工作态度",
    );
    let err = refused_month(&ws, MONTH);
    assert!(err.contains("incidents.csv row 5"), "{err}");
    assert!(err.contains("000099"), "{err}");
}

#[test]
fn other_refusals_of_the_contract() {
    // An unknown incident 类别, a zero denominator, 实收户数 above 应收户数, a missing kpi row,
    // three decimals: each refuses the month, all reported together.
    let (_dir, ws) = workspace();
    edit_data(
        &ws,
        MONTH,
        "incidents.csv",
        "J0000001,000002,工作态度",
        "J0000001,000002,服务态度",
    );
    let err = refused_month(&ws, MONTH);
    assert!(err.contains("incidents.csv row 2, column 类别"), "{err}");

    let (_dir, ws) = workspace();
    edit_data(&ws, MONTH, "kpi.csv", "000004,200,160,", "000004,0,160,");
    edit_data(
        &ws,
        MONTH,
        "collection.csv",
        "000002,100,95",
        "000002,100,101",
    );
    edit_data(
        &ws,
        MONTH,
        "kpi.csv",
        "000007,20,13,100,85,108.00,",
        "000007,20,13,100,85,108.001,",
    );
    let err = refused_month(&ws, MONTH);
    assert!(err.contains("division by zero"), "{err}");
    assert!(err.contains("实收户数大于应收户数"), "{err}");
    assert!(err.contains("超过两位小数"), "{err}");

    let (_dir, ws) = workspace();
    edit_data(&ws, MONTH, "attendance.csv", "000015,2,0,1,0\n", "");
    let err = refused_month(&ws, MONTH);
    assert!(err.contains("000015"), "{err}");
    assert!(err.contains("沈月"), "{err}");
}

#[test]
fn gb18030_and_xlsx_exports_give_the_same_figures() {
    let (_dir, ws) = workspace();
    let expected = figures(&json_month(&ws, MONTH));
    // Every CSV re-encoded as GB18030 (no BOM), as an office export arrives.
    for file in [
        "roster.csv",
        "kpi.csv",
        "attendance.csv",
        "collection.csv",
        "incidents.csv",
    ] {
        let text = std::fs::read_to_string(data(&ws, file)).unwrap();
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        std::fs::write(data(&ws, file), &bytes).unwrap();
    }
    assert_eq!(figures(&json_month(&ws, MONTH)), expected);
    // The roster as a workbook, 工号 as text cells (leading zeros kept).
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/customer-service/data")
            .join(MONTH)
            .join("roster.csv"),
    )
    .unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(data(&ws, "roster.xlsx")).unwrap();
    std::fs::remove_file(data(&ws, "roster.csv")).unwrap();
    let doc = json_month(&ws, MONTH);
    assert_eq!(figures(&doc), expected);
    assert_eq!(doc["people"][0]["id"], "000001");
}
