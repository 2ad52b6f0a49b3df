//! 服务顾问 linear scoring (schemes/service-advisor.toml) on a copy of `examples/service-advisor`:
//! every person's 绩效奖金 and net, worked by hand.
//!
//! points = interpolate(产值达成率, 60%, 0, 100%, 70) + interpolate(接车达成率, 60%, 0, 100%, 30);
//! 绩效奖金 = 绩效基数 × points ÷ 100 when 综合考核 ≥ 80%, else 0; net = 底薪 + 绩效奖金.
//!
//! | 工号 | 产值 | 接车 | 综合 | points | 绩效奖金 | net |
//! |---|---|---|---|---|---|---|
//! | A01 | 100% → 70 | 100% → 30 | 95% | 100 | 2,000 × 100% = 2,000.00 | 5,000.00 |
//! | A02 | 60% exactly → 0 | 80% → 30 × 20/40 = 15 | 90% | 15 | 1,800 × 15% = 270.00 | 3,270.00 |
//! | A03 | 120% → held at 70 | 59% → 0 | 85% | 70 | 1,500 × 70% = 1,050.00 | 3,850.00 |
//! | A04 | 85% → 70 × 25/40 = 43.75 | 70/90 = 7/9 → 30 × (7/9 − 3/5) ÷ 2/5 = 30 × 4/9 = 13.333… | 80% (the edge: takes part) | 57.0833… | 2,000 × 57.0833…% = 1,141.666… → 1,141.67 | 4,341.67 |
//! | A05 | 100% | 100% | 79.99% (gated) | 100 | 0.00 | 2,600.00 |
//! | A06 | 59,990 ÷ 100,000 = 59.99% → 0 | 100% → 30 | 100% | 30 | 1,000 × 30% = 300.00 | 2,800.00 |
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{example, item_rows, json_month};

#[test]
fn every_persons_pay_in_the_example_month() {
    let dir = example("service-advisor");
    let doc = json_month(dir.path(), "2024-05");
    let rows = item_rows(&doc);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[r.len() - 1].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("A01", "2000.00", "5000.00"),
            ("A02", "270.00", "3270.00"),
            ("A03", "1050.00", "3850.00"),
            ("A04", "1141.67", "4341.67"),
            ("A05", "0.00", "2600.00"),
            ("A06", "300.00", "2800.00"),
        ]
    );
    assert_eq!(doc["people"][0]["items"][0]["label"], "绩效奖金");
}
