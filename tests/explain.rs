//! `appraise explain`, end to end on a temporary copy of the example
//! workspace: the worked example of domain.md §1 explained for 张伟 (0101)
//! as a reviewed snapshot (`tests/snapshots/explain__person_0101.snap`;
//! review a change by reading it, checking every figure against the hand
//! working below), team A1, the JSON shape, and unknown people and teams.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::path::Path;
use std::process::{Command, Output};

fn explain(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appraise"))
        .arg("-C")
        .arg(ws)
        .args(["explain", "--month", "2024-05"])
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run appraise")
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Terminal columns: East Asian wide characters take two.
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

fn assert_fits(text: &str) {
    for line in text.lines() {
        assert!(columns(line) <= 80, "wider than 80 columns: {line}");
        assert!(!line.contains('\u{1b}'), "no colour codes: {line}");
    }
}

/// domain.md §1 worked example, by hand (team A1 of examples/after-sales, May 2024):
///   roster.csv row 2: 0101 张伟, 维修工程师, base 4,000.00; row 3: 0102 李娜, 助理维修员, 3,000.00
///   repairs.csv row 2: repaired 150, QC failed 3 → counted 147
///   two-person team: quota 22 × 6 = 132; excess 147 − 132 = 15; shortfall 0 → penalty 0
///   X1 = 182 ÷ 190 = 0.957894… = 95.7895% → band 95% <= X1 < 100% → 35 元/台 (short share 9%)
///   pool 15 × 35 = 525.00; 1 engineer + 1 assistant → 60% / 40%: 张伟 315.00, 李娜 210.00
///   points.csv row 2: 张伟 +2 points → 2 × 35 = 70.00
///   张伟: bonuses 315.00 + 70.00 = 385.00, deductions 0.00, net 4,000.00 + 385.00 = 4,385.00
#[test]
fn person_0101_is_the_worked_example() {
    let ws = common::example_workspace();
    let text = ok(&explain(ws.path(), &["--person", "0101"]));
    // The figures of the hand working, each where it belongs.
    for needle in [
        "0101 张伟 · 班组 A1 · 维修工程师 · 2024-05",
        "roster.csv 第2行 (人员名单)",
        "底薪 4000.00",
        "points.csv 第2行",
        "绩效分 2 · 事由 客户书面表扬",
        "repairs.csv 第2行 (班组维修统计)",
        "维修台数 150 · 品质不合格台数 3 · 交付台数 190 · 及时交付台数 182",
        "取值  repaired = 150; qc_failed = 3\n    结果  147",
        "取值  work_days = 22; size = 2; daily_quota_two = 6\n    结果  132",
        "取值  on_time = 182; delivered = 190\n    结果  95.7895%",
        "档位  交付及时率档位: X1 = 95.7895%，落在 95% <= X1 < 100%\n          → per_unit = 35.00, short_share = 9.00%\n    结果  35.00",
        "取值  counted = 147; quota = 132\n    结果  15",
        "取值  excess = 15; rate = 35.00",
        "结果  525.00",
        "规则  excess_bonus = split(by_role, team.pool)",
        "取值  team.pool = 525.00",
        "分配  班组内分配比例 by_role: 1 维修工程师 + 1 助理维修员 → 维修工程师",
        "60.00%",
        "结果  315.00",
        "取值  points = 2; team.rate = 35.00\n",
        "结果  70.00",
        "取值  底薪 = 4000.00; 奖金合计 = 385.00; 扣款合计 = 0.00\n    结果  4385.00",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert_fits(&text);
    // Nothing is written: no out/ folder appears.
    assert!(!ws.path().join("out").exists());
    insta::assert_snapshot!("person_0101", text);
}

#[test]
fn team_a1_explains_its_rules_and_splits() {
    let ws = common::example_workspace();
    let text = ok(&explain(ws.path(), &["--team", "A1"]));
    for needle in [
        "班组 A1 · 2024-05",
        "成员",
        "0101 张伟 · 维修工程师 · 应发合计 4385.00",
        "0102 李娜 · 助理维修员 · 应发合计 3210.00",
        "repairs.csv 第2行 (班组维修统计)",
        "超额奖金总额 (pool)",
        "取值  excess = 15; rate = 35.00",
        "结果  525.00",
        // The band rule the items did not read is there too.
        "返修机不足底薪比例 (short_share)",
        "结果  9.00%",
        "分配",
        "超额奖金: 0101 张伟 315.00 / 0102 李娜 210.00",
        "未达保底扣款: 0101 张伟 0.00 / 0102 李娜 0.00",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(!text.contains("项目\n"), "a team has no items of its own");
    assert_fits(&text);
}

#[test]
fn json_shape_with_exact_figures() {
    let ws = common::example_workspace();
    let out = explain(ws.path(), &["--person", "0101", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "month",
            "scheme",
            "subject",
            "members",
            "inputs",
            "team_rules",
            "person_rules",
            "items",
            "splits"
        ]
    );
    assert_eq!(doc["month"], "2024-05");
    assert_eq!(doc["scheme"]["id"], "after-sales-repair");
    assert_eq!(
        doc["subject"],
        serde_json::json!({"kind": "person", "id": "0101", "name": "张伟", "team": "A1",
                           "role": "维修工程师", "net": "4385.00"})
    );
    // Inputs: file, rows, values.
    let inputs = doc["inputs"].as_array().unwrap();
    let names: Vec<&str> = inputs
        .iter()
        .map(|i| i["input"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["roster", "points", "repairs"]);
    assert_eq!(inputs[0]["file"], "roster.csv");
    assert_eq!(inputs[0]["rows"], serde_json::json!([2]));
    assert_eq!(
        inputs[0]["values"][4],
        serde_json::json!({"name": "base_salary", "header": "底薪", "value": "4000.00"})
    );
    assert_eq!(inputs[2]["rows"], serde_json::json!([2]));
    // Team rules: exact values and the band with why.
    let rule = |name: &str| {
        doc["team_rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no team rule {name}"))
            .clone()
    };
    assert_eq!(rule("counted")["value"], "147");
    assert_eq!(rule("quota")["value"], "132");
    assert_eq!(rule("X1")["value"], "0.9578947368421052631578947368");
    assert_eq!(rule("X1")["result"], "95.7895%");
    assert_eq!(rule("excess")["value"], "15");
    let rate = rule("rate");
    assert_eq!(rate["level"], "team");
    assert_eq!(rate["rule"], "rate = band(timeliness, X1).per_unit");
    assert_eq!(rate["inputs"], serde_json::json!(["repairs.csv 第2行"]));
    assert_eq!(
        rate["bands"],
        serde_json::json!([{
            "table": "timeliness",
            "label": "交付及时率档位",
            "when": "95% <= X1 < 100%",
            "looked_up": {"name": "X1", "value": "95.7895%"},
            "outputs": {"per_unit": "35.00", "short_share": "9.00%"},
        }])
    );
    assert_eq!(rate["value"], "35.00");
    assert_eq!(rule("pool")["value"], "525.00");
    assert_eq!(rule("penalty")["value"], "0.00");
    // Items: base, every item in scheme order, net.
    let items = doc["items"].as_array().unwrap();
    let got: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("pay_base", "4000.00"),
            ("excess_bonus", "315.00"),
            ("short_returns_bonus", "0.00"),
            ("points_bonus", "70.00"),
            ("shortfall_deduction", "0.00"),
            ("points_deduction", "0.00"),
            ("net", "4385.00"),
        ]
    );
    let excess = &items[1];
    assert_eq!(excess["label"], "超额奖金");
    assert_eq!(
        excess["inputs"],
        serde_json::json!(["roster.csv 第2行", "repairs.csv 第2行"])
    );
    assert_eq!(
        excess["split"],
        serde_json::json!({"split": "by_role", "label": "班组内分配比例",
                           "case": "1 维修工程师 + 1 助理维修员", "category": "维修工程师",
                           "share": "0.6"})
    );
    assert_eq!(
        excess["values"],
        serde_json::json!([
            {"name": "by_role", "value": "维修工程师 60.00% (1 维修工程师 + 1 助理维修员)"},
            {"name": "team.pool", "value": "525.00"},
        ])
    );
    assert_eq!(excess["bands"][0]["when"], "95% <= X1 < 100%");
    assert_eq!(
        items[3]["values"],
        serde_json::json!([
            {"name": "points", "value": "2"},
            {"name": "team.rate", "value": "35.00"},
        ])
    );
    assert_eq!(doc["splits"], serde_json::json!([]));

    // A team's JSON: members and how each split came out.
    let out = explain(ws.path(), &["--team", "A1", "--format", "json"]);
    let team: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(
        team["subject"],
        serde_json::json!({"kind": "team", "id": "A1"})
    );
    assert_eq!(team["members"][1]["net"], "3210.00");
    assert_eq!(
        team["splits"][0],
        serde_json::json!({"item": "excess_bonus", "label": "超额奖金", "parts": [
            {"id": "0101", "name": "张伟", "amount": "315.00"},
            {"id": "0102", "name": "李娜", "amount": "210.00"},
        ]})
    );
    assert_eq!(team["items"], serde_json::json!([]));
}

#[test]
fn unknown_person_is_named_with_what_is_close() {
    let ws = common::example_workspace();
    let out = explain(ws.path(), &["--person", "0110"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no person with 工号 \"0110\" in 2024-05 (roster.csv)"),
        "{err}"
    );
    assert!(err.contains("did you mean 0101 张伟?"), "{err}");

    // The name typed instead of the 工号.
    let out = explain(ws.path(), &["--person", "李娜"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("did you mean 0102 李娜?"), "{err}");

    // Nothing close: how many people there are.
    let out = explain(ws.path(), &["--person", "9999"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("2024-05 has 14 people on roster.csv"), "{err}");
}

#[test]
fn unknown_team_is_named_with_the_teams_there_are() {
    let ws = common::example_workspace();
    let out = explain(ws.path(), &["--team", "B9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no team \"B9\" in 2024-05 (roster.csv)"),
        "{err}"
    );
    assert!(
        err.contains("the teams of 2024-05: A1, A2, A3, A4, A5, A6"),
        "{err}"
    );

    let out = explain(ws.path(), &["--team", "a1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("did you mean A1?"), "{err}");

    // Neither --person nor --team: a usage error.
    let out = explain(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
}
