//! The service department (domain.md §4) run end to end through the binary on a
//! copy of `examples/service-dept`: every person's figures worked by hand, the
//! flags, the team values, and the input errors the clerk will meet.
//!
//! Needs the levels language (levels-spec.md: rows = "one"/"many", given(),
//! aggregates over rows levels).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{example, flag_fields, item_amount, json_month, person, refused_month, team};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MONTH: &str = "2024-05";

/// A fresh copy of the example workspace: (the temporary folder, the workspace in it).
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = example("service-dept");
    let ws = dir.path().to_path_buf();
    (dir, ws)
}

fn data(ws: &Path, file: &str) -> PathBuf {
    ws.join("data").join(MONTH).join(file)
}

fn read(ws: &Path, file: &str) -> String {
    std::fs::read_to_string(data(ws, file)).unwrap()
}

fn write(ws: &Path, file: &str, text: &str) {
    std::fs::write(data(ws, file), text).unwrap();
}

/// Replaces exactly one line of a data file (it must be there).
fn replace_line(ws: &Path, file: &str, from: &str, to: &str) {
    let text = read(ws, file);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| **l == from).count(),
        1,
        "{file}: {from}"
    );
    let out: Vec<&str> = lines
        .into_iter()
        .filter_map(|l| {
            if l == from {
                (!to.is_empty()).then_some(to)
            } else {
                Some(l)
            }
        })
        .collect();
    write(ws, file, &(out.join("\n") + "\n"));
}

/// (出勤工资, 绩效工资, 考勤扣款, 实发) of one person.
fn figures(doc: &Value, id: &str) -> (String, String, String, String) {
    let p = person(doc, id);
    (
        p["base"].as_str().unwrap().to_string(),
        item_amount(p, "perf_pay"),
        item_amount(p, "attendance_deduction"),
        p["net"].as_str().unwrap().to_string(),
    )
}

fn f(base: &str, perf: &str, ded: &str, net: &str) -> (String, String, String, String) {
    (base.into(), perf.into(), ded.into(), net.into())
}

/// (code, person) of every flag raised, in output order.
fn flags(doc: &Value) -> Vec<(String, String)> {
    flag_fields(doc, "code", "person")
}

#[test]
fn every_persons_figures_in_the_example_month() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    assert_eq!(doc["scheme"]["id"], "service-dept");
    let people = doc["people"].as_array().unwrap();
    let ids: Vec<&str> = people.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "00001", "00002", "00003", "00004", "00005", "00006", "00007", "00008", "00009",
            "00010", "00011", "00012", "00013"
        ],
        "roster order, leading zeros kept"
    );
    // Items in scheme order, both listed for everyone.
    let codes: Vec<&str> = people[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["perf_pay", "attendance_deduction"]);
    assert_eq!(people[0]["items"][0]["label"], "绩效工资");
    assert_eq!(people[0]["items"][0]["kind"], "bonus");
    assert_eq!(people[0]["items"][1]["label"], "考勤扣款");
    assert_eq!(people[0]["items"][1]["kind"], "deduction");

    // ---- Team S001: the worked example of domain.md §4 ----
    // Technicians' scores: 00002 95, 00003 65 → average (95 + 65) ÷ 2 = 80 exactly → 90% (band edge);
    // complaints 1 + 2 = 3 < 5.
    // 00001 周海, manager: 5,000.00 × 26 ÷ 26 = 5,000.00; 2,000.00 × 90% = 1,800.00; no deduction;
    // net 5,000.00 + 1,800.00 = 6,800.00.
    assert_eq!(
        figures(&doc, "00001"),
        f("5000.00", "1800.00", "0.00", "6800.00")
    );
    // 00002 吴磊: survey 100, 90, 85 → 275 ÷ 3 = 91.67 ≥ 90 → +5; 1 complaint (否) → 100 − 10 + 5 = 95;
    // 1,000.00 × 95 ÷ 100 = 950.00; 3,800.50 × 24.5 ÷ 26 = 93,112.25 ÷ 26 = 3,581.2404 → 3,581.24;
    // deduction ((1 + 0) × 2 + 0.5 × 1) × 10 = 25.00; net 3,581.24 + 950.00 − 25.00 = 4,506.24.
    assert_eq!(
        figures(&doc, "00002"),
        f("3581.24", "950.00", "25.00", "4506.24")
    );
    // 00003 郑斌: survey 75, 80 → 77.5 < 80 → −5; complaints 是 (−20), 否 (−10) → 100 − 30 − 5 = 65;
    // 2 complaints < 3 → 800.00 × 65 ÷ 100 = 520.00; 3,200.33 × 13 ÷ 26 = 1,600.165 → 1,600.17 (half up);
    // deduction ((0 + 1) × 2 + 2 × 1) × 10 = 40.00; net 1,600.17 + 520.00 − 40.00 = 2,080.17; 旷工 3 → 辞退预警.
    assert_eq!(
        figures(&doc, "00003"),
        f("1600.17", "520.00", "40.00", "2080.17")
    );

    // ---- Team S002: technicians' average exactly 90 ----
    // 00004 钱七: NO survey rows → adjustment 0; 1 complaint (否) → 100 − 10 + 0 = 90;
    // 1,000.00 × 90% = 900.00; 3,600.00 × 26 ÷ 26 = 3,600.00; no deduction; net 4,500.00.
    assert_eq!(
        figures(&doc, "00004"),
        f("3600.00", "900.00", "0.00", "4500.00")
    );
    // 00006 孙莉: survey 95, 85 → 90 exactly → +5 (band edge); no complaint → 105, clamped to 100;
    // 888.88 × 100 ÷ 100 = 888.88; 3,120.26 × 12.5 ÷ 26 = 39,003.25 ÷ 26 = 1,500.125 → 1,500.13 (half up);
    // deduction (0 × 2 + 1.5 × 1) × 10 = 15.00; net 1,500.13 + 888.88 − 15.00 = 2,374.01.
    assert_eq!(
        figures(&doc, "00006"),
        f("1500.13", "888.88", "15.00", "2374.01")
    );
    // 00007 李强: survey 70, 90 (rows interleaved with others) → 80 exactly → 0 (band edge);
    // 2 complaints (否, 否) → 100 − 20 + 0 = 80; 900.00 × 80 ÷ 100 = 720.00;
    // 3,000.00 × 22 ÷ 26 = 66,000 ÷ 26 = 2,538.4615… → 2,538.46; no deduction (旷工 costs no points);
    // net 2,538.46 + 720.00 = 3,258.46; 旷工 4 → 辞退预警.
    assert_eq!(
        figures(&doc, "00007"),
        f("2538.46", "720.00", "0.00", "3258.46")
    );
    // 00005 王芳, manager: technicians (90 + 100 + 80) ÷ 3 = 90 exactly → 100%; complaints 1 + 0 + 2 = 3 < 5;
    // 1,234.55 × 100% = 1,234.55; 5,500.00 × 25 ÷ 26 = 137,500 ÷ 26 = 5,288.4615… → 5,288.46;
    // deduction ((2 + 1) × 2 + 1 × 1) × 10 = 70.00; net 5,288.46 + 1,234.55 − 70.00 = 6,453.01.
    assert_eq!(
        figures(&doc, "00005"),
        f("5288.46", "1234.55", "70.00", "6453.01")
    );

    // ---- Team S003: a technician with 3 complaints is paid 0 but his score counts ----
    // 00009 赵刚: survey 95, 92, 88 → 275 ÷ 3 = 91.67 → +5; complaints 是, 否, 否 → 100 − 20 − 10 − 10 + 5 = 65;
    // 3 complaints ≥ 3 → 绩效工资 0.00; 3,400.00 × 26 ÷ 26 = 3,400.00; deduction ((1 + 1) × 2) × 10 = 40.00;
    // net 3,400.00 + 0.00 − 40.00 = 3,360.00.
    assert_eq!(
        figures(&doc, "00009"),
        f("3400.00", "0.00", "40.00", "3360.00")
    );
    // 00010 黄敏: survey 85 → 0; no complaint → 100; 1,000.00 × 100% = 1,000.00;
    // 3,300.00 × 25.5 ÷ 26 = 84,150 ÷ 26 = 3,236.5384… → 3,236.54; deduction 0.5 × 1 × 10 = 5.00;
    // net 3,236.54 + 1,000.00 − 5.00 = 4,231.54.
    assert_eq!(
        figures(&doc, "00010"),
        f("3236.54", "1000.00", "5.00", "4231.54")
    );
    // 00008 陈静, manager: (65 + 100) ÷ 2 = 82.5 → 90% (leaving 赵刚 out would give 100 → 100%; counting
    // his 0 pay as a score would give 50 → 80%); complaints 3 + 0 = 3 < 5;
    // 1,500.05 × 90% = 1,350.045 → 1,350.05 (half up); 4,800.00; net 6,150.05.
    // Her own survey row (Q240513, 60) enters no rule: a manager_rows warning, no money.
    assert_eq!(
        figures(&doc, "00008"),
        f("4800.00", "1350.05", "0.00", "6150.05")
    );

    // ---- Team S004: technicians with 5 complaints together → manager 0 ----
    // 00012 杨帆: survey 60, 70 → 65 → −5; complaints 是, 是, 是 → 100 − 60 − 5 = 35; 3 complaints → 0.00;
    // 3,500.00 × 20 ÷ 26 = 70,000 ÷ 26 = 2,692.3076… → 2,692.31; deduction ((3 + 0) × 2 + 2 × 1) × 10 = 80.00;
    // net 2,692.31 − 80.00 = 2,612.31.
    assert_eq!(
        figures(&doc, "00012"),
        f("2692.31", "0.00", "80.00", "2612.31")
    );
    // 00013 何静: survey 100, 90, 80 → 90 exactly → +5; complaints 否, 否 → 100 − 20 + 5 = 85;
    // 1,111.11 × 85 ÷ 100 = 944.4435 → 944.44; 3,300.00; no deduction; net 4,244.44.
    assert_eq!(
        figures(&doc, "00013"),
        f("3300.00", "944.44", "0.00", "4244.44")
    );
    // 00011 刘洋, manager: technicians' complaints 3 + 2 = 5 ≥ 5 → 0.00 (their average (35 + 85) ÷ 2 = 60
    // would otherwise give 80%); 5,200.00; net 5,200.00.
    assert_eq!(
        figures(&doc, "00011"),
        f("5200.00", "0.00", "0.00", "5200.00")
    );

    // bonus/deduction totals follow the items.
    let p3 = person(&doc, "00003");
    assert_eq!(p3["bonus"], "520.00");
    assert_eq!(p3["deduction"], "40.00");
}

#[test]
fn flags_of_the_example_month() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    let mut got = flags(&doc);
    got.sort();
    // 辞退预警: 旷工 00003 3 days (≥ 3, the edge), 00007 4 days; nobody else has any.
    // manager_rows: 00008 陈静 (a manager) has one survey row.
    assert_eq!(
        got,
        [
            ("dismissal_warning".to_string(), "00003".to_string()),
            ("dismissal_warning".to_string(), "00007".to_string()),
            ("manager_rows".to_string(), "00008".to_string()),
        ]
    );
    let w = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "dismissal_warning" && w["person"] == "00003")
        .unwrap();
    assert_eq!(w["label"], "辞退预警");
    assert_eq!(w["name"], "郑斌");
}

#[test]
fn team_values_of_the_example_month() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    let v = |t: &str, name: &str| team(&doc, t)["values"][name].as_str().unwrap().to_string();
    // S001: (95 + 65) ÷ 2 = 80 → 90%; complaint rows 1 + 2 = 3.
    assert_eq!(v("S001", "tech_avg"), "80");
    assert_eq!(v("S001", "manager_ratio"), "0.9");
    assert_eq!(v("S001", "tech_complaints"), "3");
    assert_eq!(v("S001", "managers"), "1");
    assert_eq!(v("S001", "technicians"), "2");
    // S002: (90 + 100 + 80) ÷ 3 = 90 → 100%; 1 + 0 + 2 = 3.
    assert_eq!(v("S002", "tech_avg"), "90");
    assert_eq!(v("S002", "manager_ratio"), "1");
    assert_eq!(v("S002", "tech_complaints"), "3");
    assert_eq!(v("S002", "technicians"), "3");
    // S003: (65 + 100) ÷ 2 = 82.5 → 90%; 3 + 0 = 3 (the manager's survey row is not a complaint anyway).
    assert_eq!(v("S003", "tech_avg"), "82.5");
    assert_eq!(v("S003", "manager_ratio"), "0.9");
    assert_eq!(v("S003", "tech_complaints"), "3");
    // S004: (35 + 85) ÷ 2 = 60, but 3 + 2 = 5 complaints → 0.
    assert_eq!(v("S004", "tech_avg"), "60");
    assert_eq!(v("S004", "tech_complaints"), "5");
    assert_eq!(v("S004", "manager_ratio"), "0");
    // The band chosen at each edge.
    let band = |t: &str| {
        team(&doc, t)["bands"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["table"] == "manager_bands")
            .map(|b| b["band"].as_str().unwrap().to_string())
    };
    assert_eq!(band("S001").as_deref(), Some("80 <= tech_avg < 90"));
    assert_eq!(band("S002").as_deref(), Some("tech_avg >= 90"));
    assert_eq!(band("S003").as_deref(), Some("80 <= tech_avg < 90"));
}

#[test]
fn a_month_with_no_survey_answers_and_no_complaints() {
    // Both files hold their header only: every technician scores 100 (no complaint, adjustment 0),
    // every team average is 100 → 100%; attendance figures are unchanged.
    let (_dir, ws) = workspace();
    write(&ws, "survey.csv", "问卷编号,工号,评分\n");
    write(&ws, "complaints.csv", "投诉编号,工号,升级至总经理\n");
    let doc = json_month(&ws, MONTH);
    // 00001: 5,000.00 + 2,000.00 × 100% = 7,000.00.
    assert_eq!(
        figures(&doc, "00001"),
        f("5000.00", "2000.00", "0.00", "7000.00")
    );
    // 00002: 3,581.24 + 1,000.00 − 25.00 = 4,556.24.
    assert_eq!(
        figures(&doc, "00002"),
        f("3581.24", "1000.00", "25.00", "4556.24")
    );
    // 00003: 1,600.17 + 800.00 − 40.00 = 2,360.17.
    assert_eq!(
        figures(&doc, "00003"),
        f("1600.17", "800.00", "40.00", "2360.17")
    );
    // 00004: 3,600.00 + 1,000.00 = 4,600.00.
    assert_eq!(
        figures(&doc, "00004"),
        f("3600.00", "1000.00", "0.00", "4600.00")
    );
    // 00005: 5,288.46 + 1,234.55 − 70.00 = 6,453.01.
    assert_eq!(
        figures(&doc, "00005"),
        f("5288.46", "1234.55", "70.00", "6453.01")
    );
    // 00006: 1,500.13 + 888.88 − 15.00 = 2,374.01.
    assert_eq!(
        figures(&doc, "00006"),
        f("1500.13", "888.88", "15.00", "2374.01")
    );
    // 00007: 2,538.46 + 900.00 = 3,438.46.
    assert_eq!(
        figures(&doc, "00007"),
        f("2538.46", "900.00", "0.00", "3438.46")
    );
    // 00008: 4,800.00 + 1,500.05 × 100% = 6,300.05.
    assert_eq!(
        figures(&doc, "00008"),
        f("4800.00", "1500.05", "0.00", "6300.05")
    );
    // 00009: 3,400.00 + 950.00 − 40.00 = 4,310.00.
    assert_eq!(
        figures(&doc, "00009"),
        f("3400.00", "950.00", "40.00", "4310.00")
    );
    // 00010: 3,236.54 + 1,000.00 − 5.00 = 4,231.54.
    assert_eq!(
        figures(&doc, "00010"),
        f("3236.54", "1000.00", "5.00", "4231.54")
    );
    // 00011: 5,200.00 + 1,800.00 = 7,000.00.
    assert_eq!(
        figures(&doc, "00011"),
        f("5200.00", "1800.00", "0.00", "7000.00")
    );
    // 00012: 2,692.31 + 1,000.00 − 80.00 = 3,612.31.
    assert_eq!(
        figures(&doc, "00012"),
        f("2692.31", "1000.00", "80.00", "3612.31")
    );
    // 00013: 3,300.00 + 1,111.11 = 4,411.11.
    assert_eq!(
        figures(&doc, "00013"),
        f("3300.00", "1111.11", "0.00", "4411.11")
    );
    let mut got = flags(&doc);
    got.sort();
    assert_eq!(
        got,
        [
            ("dismissal_warning".to_string(), "00003".to_string()),
            ("dismissal_warning".to_string(), "00007".to_string()),
        ]
    );
}

#[test]
fn a_score_below_zero_is_clamped_to_zero() {
    // Six more escalated complaints for 00010 黄敏: 100 − 6 × 20 + 0 (survey 85) = −20 → 0.
    // S003: (65 + 0) ÷ 2 = 32.5 (unclamped it would be 22.5); complaints 3 + 6 = 9 ≥ 5 → manager 0.
    let (_dir, ws) = workspace();
    let mut text = read(&ws, "complaints.csv");
    for i in 1..=6 {
        text.push_str(&format!("C24059{i},00010,是\n"));
    }
    write(&ws, "complaints.csv", &text);
    let doc = json_month(&ws, MONTH);
    assert_eq!(team(&doc, "S003")["values"]["tech_avg"], "32.5");
    assert_eq!(team(&doc, "S003")["values"]["tech_complaints"], "9");
    assert_eq!(team(&doc, "S003")["values"]["manager_ratio"], "0");
    // 00010: 6 complaints → 0.00; 3,236.54 − 5.00 = 3,231.54.
    assert_eq!(
        figures(&doc, "00010"),
        f("3236.54", "0.00", "5.00", "3231.54")
    );
    // 00008: 0.00; net 4,800.00.
    assert_eq!(
        figures(&doc, "00008"),
        f("4800.00", "0.00", "0.00", "4800.00")
    );
    // Other teams unchanged: 00001 6,800.00.
    assert_eq!(
        figures(&doc, "00001"),
        f("5000.00", "1800.00", "0.00", "6800.00")
    );
}

#[test]
fn a_missing_attendance_row_names_the_person() {
    // 00006 孙莉 is on roster.csv row 7 (header on row 1) and has no attendance row.
    let (_dir, ws) = workspace();
    replace_line(&ws, "attendance.csv", "00006,12.5,0,0,1.5,0", "");
    let err = refused_month(&ws, MONTH);
    for part in [
        "error: attendance.csv",
        "00006",
        "孙莉",
        "roster.csv",
        "row 7",
    ] {
        assert!(err.contains(part), "{part:?} not in:\n{err}");
    }
    assert!(err.ends_with("1 error found\n"), "{err}");
}

#[test]
fn a_duplicate_attendance_row_names_both_rows() {
    // rows = "one": 00004's row is row 5; a second one appended is row 15.
    let (_dir, ws) = workspace();
    let mut text = read(&ws, "attendance.csv");
    text.push_str("00004,20,0,0,0,0\n");
    write(&ws, "attendance.csv", &text);
    let err = refused_month(&ws, MONTH);
    for part in ["error: attendance.csv row 15", "00004", "row 5"] {
        assert!(err.contains(part), "{part:?} not in:\n{err}");
    }
}

#[test]
fn a_survey_row_for_someone_not_on_the_roster() {
    // 19 survey rows on rows 2–20; the one appended is row 21.
    let (_dir, ws) = workspace();
    let mut text = read(&ws, "survey.csv");
    text.push_str("Q240520,00099,88\n");
    write(&ws, "survey.csv", &text);
    let err = refused_month(&ws, MONTH);
    assert!(
        err.starts_with(
            "error: survey.csv row 21, column 工号: \"00099\" is not a 工号 on roster.csv\n"
        ),
        "{err}"
    );
    assert!(err.ends_with("1 error found\n"), "{err}");
}

#[test]
fn a_survey_score_above_100() {
    // Q240505 is on row 6.
    let (_dir, ws) = workspace();
    replace_line(&ws, "survey.csv", "Q240505,00002,90", "Q240505,00002,101");
    let err = refused_month(&ws, MONTH);
    assert_eq!(
        err,
        "error: survey.csv row 6, column 评分: \"101\" is above the maximum: the largest allowed is 100\n\
         1 error found\n"
    );
}

#[test]
fn an_escalation_that_is_neither_yes_nor_no() {
    // C240506 is on row 7.
    let (_dir, ws) = workspace();
    replace_line(
        &ws,
        "complaints.csv",
        "C240506,00007,否",
        "C240506,00007,maybe",
    );
    let err = refused_month(&ws, MONTH);
    assert_eq!(
        err,
        "error: complaints.csv row 7, column 升级至总经理: \"maybe\" is not yes/no \
         (expected 是/否, Y/N, √/×, true/false or 1/0)\n\
         1 error found\n"
    );
}

#[test]
fn a_team_without_exactly_one_manager_and_a_technician_is_refused() {
    // S002 gets a second manager (00004 钱七); S004 loses its manager (00011 刘洋 becomes a technician).
    let (_dir, ws) = workspace();
    replace_line(
        &ws,
        "roster.csv",
        "00004,钱七,S002,维修技师,3600.00,1000.00",
        "00004,钱七,S002,服务经理,3600.00,1000.00",
    );
    replace_line(
        &ws,
        "roster.csv",
        "00011,刘洋,S004,服务经理,5200.00,1800.00",
        "00011,刘洋,S004,维修技师,5200.00,1800.00",
    );
    let err = refused_month(&ws, MONTH);
    for part in [
        "team S002: 班组须有且仅有一名服务经理、至少一名维修技师 (check team_composition)",
        "team S004: 班组须有且仅有一名服务经理、至少一名维修技师 (check team_composition)",
    ] {
        assert!(err.contains(part), "{part:?} not in:\n{err}");
    }
    assert!(!err.contains("team S001"), "{err}");
    assert!(!err.contains("team S003"), "{err}");
}

#[test]
fn without_given_a_technician_with_no_survey_rows_refuses_the_month() {
    // The scheme without its given(survey_avg) guard: 00004 钱七 has no survey rows, so
    // band(…, survey_avg) reads a value that is not given (levels-spec.md, "Not given").
    let (_dir, ws) = workspace();
    let path = ws.join("schemes/service-dept.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let guarded = "'if given(survey_avg) then band(survey_bands, survey_avg).adj else 0'";
    assert!(text.contains(guarded));
    let line = text.lines().position(|l| l.contains(guarded)).unwrap() + 1;
    std::fs::write(
        &path,
        text.replace(guarded, "'band(survey_bands, survey_avg).adj'"),
    )
    .unwrap();
    let err = refused_month(&ws, MONTH);
    for part in [
        format!("schemes/service-dept.toml:{line}"),
        "person 00004 钱七 (team S002): cannot compute survey_adj".to_string(),
        "survey_avg is not given (avg of no survey rows meeting its condition); write given(…) to test it, or say what an empty aggregate gives with none = …"
            .to_string(),
    ] {
        assert!(err.contains(&part), "{part:?} not in:\n{err}");
    }
    // Technicians with survey rows compute.
    assert!(!err.contains("person 00002"), "{err}");
}
