//! 车间主管 (schemes/workshop-supervisor.toml) on a copy of `examples/workshop-supervisor`:
//! every item and net, worked by hand.
//!
//! 业绩奖金 = 毛利润 ÷ 1.17 × 0.8% × (部门产值 ÷ 产值目标) × 成绩 ÷ 100, rounded once;
//! 养护提成 as given; 一次修复率 ≥ 90% → +100 else −100; 满意度 ≥ 96% → +300 else −200.
//!
//! - W01: 234,000 ÷ 1.17 = 200,000 × 0.8% = 1,600 × 100% × 0.95 = 1,520.00; 养护 350.50; 90% (edge)
//!   → +100; 96% (edge) → +300; net 6,000 + 1,520 + 350.50 + 100 + 300 = 8,270.50.
//! - W02: 100,000 ÷ 1.17 × 0.8% = 683.7606… × 90% × 0.88 = 541.5384… → 541.54; 89.99% → −100;
//!   95.99% → −200; net 6,000 + 541.54 − 100 − 200 = 6,241.54.
//! - W03: 117,000 ÷ 1.17 = 100,000 × 0.8% = 800 × 110% (attainment not capped) × 1 = 880.00;
//!   养护 120.00; +100; +300; net 5,500 + 880 + 120 + 100 + 300 = 6,900.00.
//! - W04: 毛利润 0 → 0.00; 50% → −100; 80% → −200; net 5,000 − 300 = 4,700.00.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{compute_in, copy_dir};
use serde_json::Value;
use std::path::Path;

#[test]
fn every_persons_items_and_net() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/workshop-supervisor"),
        dir.path(),
    );
    let out = compute_in(dir.path(), "2024-05", &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<Vec<&str>> = doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mut v = vec![p["id"].as_str().unwrap()];
            v.extend(
                p["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["amount"].as_str().unwrap()),
            );
            v.push(p["net"].as_str().unwrap());
            v
        })
        .collect();
    // (工号, 业绩奖金, 养护提成, 一次修复率奖励, 满意度奖励, 一次修复率罚款, 满意度罚款, net)
    #[rustfmt::skip]
    let expected = [
        ["W01", "1520.00", "350.50", "100.00", "300.00", "0.00", "0.00", "8270.50"],
        ["W02", "541.54", "0.00", "0.00", "0.00", "100.00", "200.00", "6241.54"],
        ["W03", "880.00", "120.00", "100.00", "300.00", "0.00", "0.00", "6900.00"],
        ["W04", "0.00", "0.00", "0.00", "0.00", "100.00", "200.00", "4700.00"],
    ];
    assert_eq!(got, expected);
}
