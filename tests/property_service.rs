//! 物业客服员 deductions per incident with caps (schemes/property-service.toml, a `[deductions.*]`
//! table) and its 2 元 variant (schemes/property-service-2yuan.toml) on a copy of
//! `examples/property-service`: every person's figures, worked by hand.
//!
//! Categories (N points, k per incident, all N from the 3rd): 仪容仪表 5/1, 工作纪律 12/2,
//! 工作态度 15/2, 公共设施维护率 12/1, 建筑风貌完好率 15/3. 收缴率 R: < 95% → 20, 95% ≤ R < 98% → 10,
//! else 0; R < 90% → 不胜任. 考勤 = 2 × (迟到 + 早退) + 1 × 请假天数. 违规扣款 = (违规 + 收缴率) points
//! × 10 元, 考勤扣款 = 考勤 points × 10 元 (2 元 in the variant); net = 岗位工资 − both.
//!
//! | 工号 | 岗位工资 | incidents → points | 收缴 → points | 迟/早/假 → points | 违规扣款 | 考勤扣款 | net | flags |
//! |---|---|---|---|---|---|---|---|---|
//! | P01 | 3,000 | none → 0 | 98/100 = 98% (not below) → 0 | 0/0/0 → 0 | 0.00 | 0.00 | 3,000.00 | |
//! | P02 | 3,000 | 仪容 1×1 = 1, 纪律 2×2 = 4, 态度 3 → all 15 (not 6) = 20 | 195/200 = 97.5% → 10 | 1/1/0.5 → 4 + 0.5 = 4.5 | 300.00 | 45.00 | 3,000 − 345 = 2,655.00 | |
//! | P03 | 2,800 | 仪容 4 → all 5, 设施 2×1 = 2, 建筑 1×3 = 3 = 10 | 95/100 = 95% (not below 95) → 10 | 0/2/1.5 → 4 + 1.5 = 5.5 | 200.00 | 55.00 | 2,800 − 255 = 2,545.00 | (旷工 2) |
//! | P04 | 2,800 | 3 in all five → 5+12+15+12+15 = 59 | 90/100 = 90% → 20, not below 90 | 0/0/0 → 0 | 790.00 | 0.00 | 2,010.00 | 辞退预警 (旷工 3) |
//! | P05 | 2,600 | 建筑 2×3 = 6, 纪律 1×2 = 2 = 8 | 899/1000 = 89.9% → 20 | 3/0/2 → 6 + 2 = 8 | 280.00 | 80.00 | 2,600 − 360 = 2,240.00 | 辞退预警 (旷工 4), 不胜任 |
//!
//! At 2 元 a point: P02 30 × 2 = 60.00, 4.5 × 2 = 9.00 → 2,931.00; P03 40.00, 11.00 → 2,749.00;
//! P04 158.00 → 2,642.00; P05 56.00, 16.00 → 2,528.00; P01 3,000.00.
//!
//! The same figures, re-checked, are the first case of schemes/property-service.tests.toml and of
//! schemes/property-service-2yuan.tests.toml (`appraise test`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{edit_data, example, flag_rows, item_rows, json_month, refused_month};

const MONTH: &str = "2024-05";

fn rows(doc: &serde_json::Value) -> Vec<Vec<String>> {
    item_rows(doc)
}

fn expect(rows_: &[[&str; 4]]) -> Vec<Vec<String>> {
    rows_
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn every_persons_deductions_and_net() {
    let dir = example("property-service");
    let doc = json_month(dir.path(), MONTH);
    // [工号, 违规扣款, 考勤扣款, net]
    assert_eq!(
        rows(&doc),
        expect(&[
            ["P01", "0.00", "0.00", "3000.00"],
            ["P02", "300.00", "45.00", "2655.00"],
            ["P03", "200.00", "55.00", "2545.00"],
            ["P04", "790.00", "0.00", "2010.00"],
            ["P05", "280.00", "80.00", "2240.00"],
        ])
    );
    assert_eq!(doc["people"][0]["items"][0]["label"], "违规扣款");
    assert_eq!(
        flag_rows(&doc),
        [
            ("P04".to_string(), "辞退预警".to_string()),
            ("P05".to_string(), "辞退预警".to_string()),
            ("P05".to_string(), "不胜任".to_string()),
        ]
    );
}

#[test]
fn the_2_yuan_variant_values_the_same_points_at_2_yuan() {
    let dir = example("property-service");
    std::fs::write(
        dir.path().join("appraise.toml"),
        "[workspace]\nschemes = [\"schemes/property-service-2yuan.toml\"]\n",
    )
    .unwrap();
    let doc = json_month(dir.path(), MONTH);
    assert_eq!(doc["scheme"]["id"], "property-service-2yuan");
    assert_eq!(
        rows(&doc),
        expect(&[
            ["P01", "0.00", "0.00", "3000.00"],
            ["P02", "60.00", "9.00", "2931.00"],
            ["P03", "40.00", "11.00", "2749.00"],
            ["P04", "158.00", "0.00", "2642.00"],
            ["P05", "56.00", "16.00", "2528.00"],
        ])
    );
}

/// (name, result, input rows, each band as "label: when → outputs") of person rules named in
/// `names`, from `explain --format json`.
fn explained(
    ws: &std::path::Path,
    person: &str,
    names: &[&str],
) -> Vec<(String, String, Vec<String>, Vec<String>)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
        .arg("-C")
        .arg(ws)
        .args([
            "explain", "--month", MONTH, "--person", person, "--format", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap().to_string())
            .collect()
    };
    names
        .iter()
        .map(|n| {
            let f = doc["person_rules"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == *n)
                .unwrap_or_else(|| panic!("no rule {n}"));
            let bands = f["bands"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    format!(
                        "{}: {} → {}",
                        b["label"].as_str().unwrap(),
                        b["when"].as_str().unwrap(),
                        b["outputs"]
                    )
                })
                .collect();
            (
                n.to_string(),
                f["result"].as_str().unwrap().to_string(),
                texts(&f["inputs"]),
                bands,
            )
        })
        .collect()
}

#[test]
fn each_category_is_traced_count_row_chosen_and_points_lost() {
    let dir = example("property-service");
    // P02: 工作态度 on incidents.csv rows 9, 16, 21 (WG008, WG015, WG020) → the row n >= 3 takes all 15;
    // 工作纪律 on rows 5 and 12 → the row n = 2, 2 × 2 = 4.
    let rows = |r: &[u32]| -> Vec<String> {
        r.iter().map(|r| format!("incidents.csv 第{r}行")).collect()
    };
    let s = |x: &str| x.to_string();
    let attitude = s("工作态度（15分，每起扣2分，3起以上全扣）: n >= 3 → {\"扣分\":\"15\"}");
    let discipline = s("工作纪律（12分，每起扣2分，3起以上全扣）: n = 2 → {\"扣分\":\"4\"}");
    let appearance = s("仪容仪表（5分，每起扣1分，3起以上全扣）: n = 1 → {\"扣分\":\"1\"}");
    let facilities = s("公共设施维护率（12分，每起扣1分，3起以上全扣）: n = 0 → {\"扣分\":\"0\"}");
    let building = s("建筑风貌完好率（15分，每起扣3分，3起以上全扣）: n = 0 → {\"扣分\":\"0\"}");
    assert_eq!(
        explained(
            dir.path(),
            "P02",
            &[
                "attitude_count",
                "attitude_lost",
                "discipline_count",
                "discipline_lost",
                "conduct_points",
            ]
        ),
        [
            (s("attitude_count"), s("3"), rows(&[9, 16, 21]), vec![]),
            (
                s("attitude_lost"),
                s("15"),
                rows(&[9, 16, 21]),
                vec![attitude.clone()]
            ),
            (s("discipline_count"), s("2"), rows(&[5, 12]), vec![]),
            (
                s("discipline_lost"),
                s("4"),
                rows(&[5, 12]),
                vec![discipline.clone()]
            ),
            // 1 (仪容仪表, row 3) + 4 + 15 + 0 + 0
            (
                s("conduct_points"),
                s("20"),
                rows(&[3, 5, 9, 12, 16, 21]),
                vec![appearance, discipline, attitude, facilities, building]
            ),
        ]
    );
}

#[test]
fn an_unknown_category_is_an_input_error_naming_the_allowed_ones() {
    let dir = example("property-service");
    edit_data(
        dir.path(),
        MONTH,
        "incidents.csv",
        "WG016,P05,工作纪律",
        "WG016,P05,服务态度",
    );
    let err = refused_month(dir.path(), MONTH);
    assert_eq!(
        err.lines().next().unwrap(),
        "error: incidents.csv row 17, column 类别: \"服务态度\" is not one of 仪容仪表, 工作纪律, 工作态度, 公共设施维护率, 建筑风貌完好率"
    );
}
