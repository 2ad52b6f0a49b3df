//! The levels language (levels-spec.md) on a small fixture workspace,
//! `tests/fixtures/levels/`: 8 people in 3 teams in 2 departments.
//!
//! | 工号 | 姓名 | 班组 | 部门 | 底薪 | complaints (升级) | survey ratings | 缺勤 |
//! |---|---|---|---|---|---|---|---|
//! | 001 | 甲一 | T1 | 东区 | 4,000.00 | —            | 90, 80      | 0   |
//! | 002 | 乙二 | T1 | 东区 | 3,500.00 | 否           | —           | 0   |
//! | 003 | 丙三 | T2 | 东区 | 3,600.00 | 否           | 100, 90, 95 | 1.5 |
//! | 004 | 丁四 | T2 | 东区 | 3,000.00 | 是, 否       | 72          | 0   |
//! | 005 | 戊五 | T3 | 西区 | 3,200.00 | 是, 是       | —           | 0   |
//! | 006 | 己六 | T3 | 西区 | 4,200.00 | —            | 85, 85      | 0   |
//! | 007 | 庚七 | T3 | 西区 | 3,800.00 | 是           | 100         | 0   |
//! | 008 | 辛八 | T3 | 西区 | 3,000.50 | 否, 否, 否   | 77, 78, 80  | 2   |
//!
//! score = 100 − 10 × complaints − 10 × escalated (count-where over one row per complaint):
//! 001 100; 002 90; 003 90; 004 100 − 20 − 10 = 70; 005 100 − 20 − 20 = 60; 006 100;
//! 007 100 − 10 − 10 = 80; 008 100 − 30 = 70.
//! Department averages: 东区 (100 + 90 + 90 + 70) ÷ 4 = 87.5; 西区 (60 + 100 + 80 + 70) ÷ 4 = 77.5.
//! Month average: (350 + 310) ÷ 8 = 82.5. Best department average: max(87.5, 77.5) = 87.5.
//! Rank within the department, highest first, ties share (competition ranking):
//! 东区 100, 90, 90, 70 → 001 1, 002 2, 003 2, 004 4; 西区 006 100 → 1, 007 80 → 2, 008 70 → 3, 005 60 → 4.
//! Survey average without `none` (not given with no rows): 001 85; 002 —; 003 285 ÷ 3 = 95; 004 72;
//! 005 —; 006 85; 007 100; 008 235 ÷ 3 = 78.333…; with `none = 60`: 002 and 005 take 60.
//! Survey rank in the month, lowest first, people without rows have no rank and take no place:
//! 004 72 → 1; 008 78.33 → 2; 001 85, 006 85 → 3, 3; 003 95 → 5; 007 100 → 6.
//!
//! Items: score_pay = score × 10; rank_bonus = (5 − dept rank) × 100; above_dept =
//! max(score − dept avg, 0) × 10; survey_bonus = survey avg (none = 60) × 2; survey_rank_bonus =
//! max(6 − survey rank, 0) × 10 when given, else 0; below_month (deduction) = max(82.5 − score, 0) × 10;
//! absence (deduction) = 缺勤 × 100.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{copy_of, edit_file, json_month, person, refused_month, team};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MONTH: &str = "2024-05";

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = copy_of("tests/fixtures/levels");
    let ws = dir.path().to_path_buf();
    (dir, ws)
}

fn data(ws: &Path, file: &str) -> PathBuf {
    ws.join("data").join(MONTH).join(file)
}

/// Every item amount of a person, in scheme order, then bonus, deduction and net.
fn row(doc: &Value, id: &str) -> Vec<String> {
    let p = person(doc, id);
    let mut out: Vec<String> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["amount"].as_str().unwrap().to_string())
        .collect();
    for key in ["bonus", "deduction", "net"] {
        out.push(p[key].as_str().unwrap().to_string());
    }
    out
}

fn v(items: [&str; 10]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn team_values(doc: &Value, id: &str) -> Vec<(String, String)> {
    let t = team(doc, id);
    let names = [
        "team_avg",
        "team_rank",
        "team_complaints",
        "team_escalated",
        "seen_dept_avg",
        "seen_dept_escalated",
        "seen_month_avg",
        "seen_month_complaints",
        "seen_month_survey",
        "seen_best_dept",
    ];
    names
        .iter()
        .map(|n| {
            (
                n.to_string(),
                t["values"][*n]
                    .as_str()
                    .unwrap_or_else(|| panic!("{id}: no value {n}"))
                    .to_string(),
            )
        })
        .collect()
}

fn tv(values: [(&str, &str); 10]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn every_persons_items_in_the_fixture_month() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    let codes: Vec<&str> = person(&doc, "001")["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "score_pay",
            "rank_bonus",
            "above_dept",
            "survey_bonus",
            "survey_rank_bonus",
            "below_month",
            "absence"
        ]
    );
    // Columns: score_pay, rank_bonus, above_dept, survey_bonus, survey_rank_bonus | below_month,
    // absence | bonus, deduction, net.

    // 001 甲一 (东区, score 100, dept rank 1, survey 85, survey rank 3):
    // 100 × 10 = 1,000; (5 − 1) × 100 = 400; (100 − 87.5) × 10 = 125; 85 × 2 = 170; (6 − 3) × 10 = 30;
    // below 0 (100 > 82.5); absence 0. Bonus 1,725.00; net 4,000.00 + 1,725.00 = 5,725.00.
    assert_eq!(
        row(&doc, "001"),
        v([
            "1000.00", "400.00", "125.00", "170.00", "30.00", "0.00", "0.00", "1725.00", "0.00",
            "5725.00"
        ])
    );
    // 002 乙二 (score 90, dept rank 2 — tied with 003 of another team; no survey rows):
    // 900; (5 − 2) × 100 = 300; (90 − 87.5) × 10 = 25; none = 60 → 60 × 2 = 120; no survey rank → 0;
    // below 0. Bonus 1,345.00; net 3,500.00 + 1,345.00 = 4,845.00.
    assert_eq!(
        row(&doc, "002"),
        v([
            "900.00", "300.00", "25.00", "120.00", "0.00", "0.00", "0.00", "1345.00", "0.00",
            "4845.00"
        ])
    );
    // 003 丙三 (score 90, dept rank 2, survey 95, survey rank 5):
    // 900; 300; 25; 95 × 2 = 190; (6 − 5) × 10 = 10; below 0; absence 1.5 × 100 = 150.
    // Bonus 1,425.00; deduction 150.00; net 3,600.00 + 1,425.00 − 150.00 = 4,875.00.
    assert_eq!(
        row(&doc, "003"),
        v([
            "900.00", "300.00", "25.00", "190.00", "10.00", "0.00", "150.00", "1425.00", "150.00",
            "4875.00"
        ])
    );
    // 004 丁四 (score 70, dept rank 4 — after the tie at 2, rank 3 is skipped; survey 72, survey rank 1):
    // 700; (5 − 4) × 100 = 100; 70 < 87.5 → 0; 72 × 2 = 144; (6 − 1) × 10 = 50;
    // below (82.5 − 70) × 10 = 125. Bonus 994.00; deduction 125.00; net 3,000.00 + 994.00 − 125.00 = 3,869.00.
    assert_eq!(
        row(&doc, "004"),
        v([
            "700.00", "100.00", "0.00", "144.00", "50.00", "125.00", "0.00", "994.00", "125.00",
            "3869.00"
        ])
    );
    // 005 戊五 (西区, score 60, dept rank 4; no survey rows):
    // 600; 100; 60 < 77.5 → 0; 60 × 2 = 120; 0; below (82.5 − 60) × 10 = 225.
    // Bonus 820.00; deduction 225.00; net 3,200.00 + 820.00 − 225.00 = 3,795.00.
    assert_eq!(
        row(&doc, "005"),
        v([
            "600.00", "100.00", "0.00", "120.00", "0.00", "225.00", "0.00", "820.00", "225.00",
            "3795.00"
        ])
    );
    // 006 己六 (score 100, dept rank 1, survey 85, survey rank 3 — tied with 001 of the other dept):
    // 1,000; 400; (100 − 77.5) × 10 = 225; 170; 30; below 0.
    // Bonus 1,825.00; net 4,200.00 + 1,825.00 = 6,025.00.
    assert_eq!(
        row(&doc, "006"),
        v([
            "1000.00", "400.00", "225.00", "170.00", "30.00", "0.00", "0.00", "1825.00", "0.00",
            "6025.00"
        ])
    );
    // 007 庚七 (score 80, dept rank 2, survey 100, survey rank 6):
    // 800; 300; (80 − 77.5) × 10 = 25; 100 × 2 = 200; max(6 − 6, 0) = 0; below (82.5 − 80) × 10 = 25.
    // Bonus 1,325.00; deduction 25.00; net 3,800.00 + 1,325.00 − 25.00 = 5,100.00.
    assert_eq!(
        row(&doc, "007"),
        v([
            "800.00", "300.00", "25.00", "200.00", "0.00", "25.00", "0.00", "1325.00", "25.00",
            "5100.00"
        ])
    );
    // 008 辛八 (score 70, dept rank 3, survey 235 ÷ 3 = 78.333…, survey rank 2):
    // 700; (5 − 3) × 100 = 200; 70 < 77.5 → 0; 78.333… × 2 = 156.666… → 156.67; (6 − 2) × 10 = 40;
    // below (82.5 − 70) × 10 = 125; absence 2 × 100 = 200.
    // Bonus 700 + 200 + 0 + 156.67 + 40 = 1,096.67; deduction 325.00;
    // net 3,000.50 + 1,096.67 − 325.00 = 3,772.17.
    assert_eq!(
        row(&doc, "008"),
        v([
            "700.00", "200.00", "0.00", "156.67", "40.00", "125.00", "200.00", "1096.67", "325.00",
            "3772.17"
        ])
    );
}

#[test]
fn team_values_reach_the_department_and_the_month() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    // T1 (001, 002): (100 + 90) ÷ 2 = 95; rank among 东区's teams (95, 80) → 1; complaint rows 0 + 1 = 1,
    // escalated 0. 东区: average 87.5, escalated rows 1 (004's). Month: 82.5; complaint rows 10;
    // survey rows (90 + 80 + 100 + 90 + 95 + 72 + 85 + 85 + 100 + 77 + 78 + 80) ÷ 12 = 1,032 ÷ 12 = 86;
    // best department 87.5.
    assert_eq!(
        team_values(&doc, "T1"),
        tv([
            ("team_avg", "95"),
            ("team_rank", "1"),
            ("team_complaints", "1"),
            ("team_escalated", "0"),
            ("seen_dept_avg", "87.5"),
            ("seen_dept_escalated", "1"),
            ("seen_month_avg", "82.5"),
            ("seen_month_complaints", "10"),
            ("seen_month_survey", "86"),
            ("seen_best_dept", "87.5"),
        ])
    );
    // T2 (003, 004): (90 + 70) ÷ 2 = 80 → rank 2 in 东区; complaints 1 + 2 = 3; escalated 1.
    assert_eq!(
        team_values(&doc, "T2"),
        tv([
            ("team_avg", "80"),
            ("team_rank", "2"),
            ("team_complaints", "3"),
            ("team_escalated", "1"),
            ("seen_dept_avg", "87.5"),
            ("seen_dept_escalated", "1"),
            ("seen_month_avg", "82.5"),
            ("seen_month_complaints", "10"),
            ("seen_month_survey", "86"),
            ("seen_best_dept", "87.5"),
        ])
    );
    // T3 (005–008): 310 ÷ 4 = 77.5 → rank 1 in 西区 (alone); complaints 2 + 0 + 1 + 3 = 6;
    // escalated 2 + 1 = 3; 西区 average 77.5, escalated 3.
    assert_eq!(
        team_values(&doc, "T3"),
        tv([
            ("team_avg", "77.5"),
            ("team_rank", "1"),
            ("team_complaints", "6"),
            ("team_escalated", "3"),
            ("seen_dept_avg", "77.5"),
            ("seen_dept_escalated", "3"),
            ("seen_month_avg", "82.5"),
            ("seen_month_complaints", "10"),
            ("seen_month_survey", "86"),
            ("seen_best_dept", "87.5"),
        ])
    );
}

#[test]
fn department_and_month_flags() {
    let (_dir, ws) = workspace();
    let doc = json_month(&ws, MONTH);
    let codes: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "flag")
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    // dept_low: 西区 77.5 < 80 (东区 87.5 is not); month_complaints: 10 ≥ 10 (the edge).
    assert_eq!(codes.iter().filter(|c| **c == "dept_low").count(), 1);
    assert_eq!(
        codes.iter().filter(|c| **c == "month_complaints").count(),
        1
    );
    assert_eq!(codes.len(), 2, "{codes:?}");
}

#[test]
fn an_average_of_no_rows_without_none_refuses_the_month() {
    // Without `none = 60`, 002 乙二 (T1) and 005 戊五 (T3) have no survey rows: survey_avg is not
    // given, and survey_pay = survey_avg × survey_rate cannot be computed for them.
    let (_dir, ws) = workspace();
    let scheme = ws.join("schemes/levels.toml");
    let text = std::fs::read_to_string(&scheme).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("survey_pay "))
        .unwrap()
        + 1;
    edit_file(
        &scheme,
        "avg(survey, rating, none = 60)",
        "avg(survey, rating)",
    );
    let err = refused_month(&ws, MONTH);
    for part in [
        format!("schemes/levels.toml:{line}"),
        "person 002 乙二 (team T1): cannot compute survey_pay".to_string(),
        "person 005 戊五 (team T3): cannot compute survey_pay".to_string(),
        "survey_avg is not given (avg of no survey rows); write given(…) to test it, or say what an empty aggregate gives with none = …"
            .to_string(),
    ] {
        assert!(err.contains(&part), "{part:?} not in:\n{err}");
    }
    // People with survey rows compute; 2 problems in all.
    for id in ["001", "003", "004", "006", "007", "008"] {
        assert!(!err.contains(&format!("person {id} ")), "{id} in:\n{err}");
    }
    assert!(err.ends_with("2 errors found\n"), "{err}");
}

#[test]
fn a_required_input_with_a_missing_row() {
    // checkin has rows = "one": 006 己六 (roster.csv row 7) has no row.
    let (_dir, ws) = workspace();
    edit_file(&data(&ws, "checkin.csv"), "006,0\n", "");
    let err = refused_month(&ws, MONTH);
    for part in ["error: checkin.csv", "006", "己六", "roster.csv", "row 7"] {
        assert!(err.contains(part), "{part:?} not in:\n{err}");
    }
    assert!(err.ends_with("1 error found\n"), "{err}");
}

#[test]
fn a_team_across_two_departments_is_refused() {
    // 002 乙二 moves to 西区 while 001 甲一 of the same team T1 stays in 东区.
    let (_dir, ws) = workspace();
    edit_file(
        &data(&ws, "roster.csv"),
        "002,乙二,T1,东区,",
        "002,乙二,T1,西区,",
    );
    let err = refused_month(&ws, MONTH);
    assert!(err.contains("team T1"), "{err}");
    assert!(!err.contains("team T2"), "{err}");
    assert!(!err.contains("team T3"), "{err}");
}
