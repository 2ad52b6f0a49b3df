//! 备件部门 profit pool (schemes/parts-pool.toml) on a copy of `examples/parts-pool`: every
//! person's items and net, worked by hand, and the refusals the scheme adds.
//!
//! pool = (总产值 − 总工时) ÷ 1.17 × 20% (exact, never rounded before use); each person's
//! 部门绩效奖金 = pool × share (36 / 27 / 27 / 10%) × 成绩 ÷ 100 × 准确率系数 (≥ 90% → 1, else 0.8),
//! rounded once; 索赔员 一次通过率 ≥ 98% → +500, 93% ≤ R < 98% → +300, < 93% → −500 (a deduction).
//!
//! 备件一部: (70,200 − 11,700) ÷ 1.17 = 50,000 × 20% = 10,000.
//! - P101 经理 95, 90% (edge → 1): 10,000 × 36% × 0.95 = 3,420.00; net 5,000 + 3,420 = 8,420.00
//! - P102 计划员 88, 89.99% (→ 0.8): 10,000 × 27% × 0.88 × 0.8 = 1,900.80; net 5,900.80
//! - P103 仓库 100, 100%: 2,700.00; net 6,200.00
//! - P104 索赔员 90, 95%: 10,000 × 10% × 0.9 = 900.00; R 98% (edge) → +500; net 3,500 + 900 + 500 = 4,900.00
//!
//! 备件二部: 80,000 ÷ 1.17 × 20% = 13,675.213675… (not rounded).
//! - P201 91.5, 89.5% → 0.8: × 0.36 × 0.915 × 0.8 = × 0.26352 = 3,603.6855… → 3,603.69; net 8,603.69
//! - P202 80, 90% → 1: × 0.27 × 0.8 = × 0.216 = 2,953.8461… → 2,953.85; net 6,953.85
//! - P203 77.25, 92% → 1: × 0.27 × 0.7725 = × 0.208575 = 2,852.3102… → 2,852.31; net 6,352.31
//! - P204 85, 88% → 0.8: × 0.1 × 0.85 × 0.8 = × 0.068 = 929.9145… → 929.91; R 92.99% → −500;
//!   net 3,500 + 929.91 − 500 = 3,929.91
//!
//! 备件三部: 总产值 = 总工时 → pool 0: every share 0.00; P304 R 93% (edge) → +300, net 3,800.00.
//! 备件四部: 11,700 ÷ 1.17 × 20% = 2,000; all 100 and 90%: 720.00, 540.00, 540.00, 200.00;
//! P404 R 97.5% (the source's gap, read as +300) → net 3,500 + 200 + 300 = 4,000.00.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{compute_in, example, item_rows, json_month};

fn workspace() -> tempfile::TempDir {
    example("parts-pool")
}

#[test]
fn every_persons_items_and_net() {
    let dir = workspace();
    let doc = json_month(dir.path(), "2024-05");
    let got = item_rows(&doc);
    // (工号, 部门绩效奖金, 一次通过率奖励, 一次通过率罚款, net)
    let expected = [
        ["P101", "3420.00", "0.00", "0.00", "8420.00"],
        ["P102", "1900.80", "0.00", "0.00", "5900.80"],
        ["P103", "2700.00", "0.00", "0.00", "6200.00"],
        ["P104", "900.00", "500.00", "0.00", "4900.00"],
        ["P201", "3603.69", "0.00", "0.00", "8603.69"],
        ["P202", "2953.85", "0.00", "0.00", "6953.85"],
        ["P203", "2852.31", "0.00", "0.00", "6352.31"],
        ["P204", "929.91", "0.00", "500.00", "3929.91"],
        ["P301", "0.00", "0.00", "0.00", "5000.00"],
        ["P302", "0.00", "0.00", "0.00", "4000.00"],
        ["P303", "0.00", "0.00", "0.00", "3500.00"],
        ["P304", "0.00", "300.00", "0.00", "3800.00"],
        ["P401", "720.00", "0.00", "0.00", "5720.00"],
        ["P402", "540.00", "0.00", "0.00", "4540.00"],
        ["P403", "540.00", "0.00", "0.00", "4040.00"],
        ["P404", "200.00", "300.00", "0.00", "4000.00"],
    ];
    assert_eq!(got, expected);
    let team = |id: &str| {
        doc["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()["values"]["pool"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(team("备件一部"), "10000.00");
    assert_eq!(team("备件二部"), "13675.21");
    assert_eq!(team("备件三部"), "0.00");
    assert_eq!(team("备件四部"), "2000.00");
}

#[test]
fn a_second_keeper_or_a_missing_first_pass_rate_is_refused() {
    let dir = workspace();
    let data = dir.path().join("data/2024-05");
    let roster = std::fs::read_to_string(data.join("roster.csv")).unwrap();
    std::fs::write(
        data.join("roster.csv"),
        roster.replace(
            "P402,武松,备件四部,备件计划员",
            "P402,武松,备件四部,仓库管理员",
        ),
    )
    .unwrap();
    let scores = std::fs::read_to_string(data.join("scores.csv")).unwrap();
    std::fs::write(
        data.join("scores.csv"),
        scores.replace("P104,90,95%,98%", "P104,90,95%,"),
    )
    .unwrap();
    let out = compute_in(dir.path(), "2024-05", &["--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("team 备件四部: 部门须有备件经理、备件计划员、仓库管理员、索赔员各一名"),
        "{err}"
    );
    assert!(
        err.contains("person P104 花荣 (team 备件一部): 索赔员缺少一次通过率"),
        "{err}"
    );
}
