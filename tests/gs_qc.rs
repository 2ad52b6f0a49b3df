//! GS 组员 QC factor (schemes/gs-qc.toml) on a copy of `examples/gs-qc`: every person's
//! 工作量奖金 and net, worked by hand.
//!
//! factor = 1 − (70% − QC) × 5 below 70%; 1 + (QC − 80%) × 5 above 80%; else 1;
//! 工作量奖金 = clamp(基准奖金 × factor, 0, 500); net = 底薪 + 工作量奖金.
//!
//! | 工号 | 基准奖金 | QC | factor | 基准奖金 × factor | 工作量奖金 | net |
//! |---|---|---|---|---|---|---|
//! | G01 | 400.00 | 50% | 1 − 0.20 × 5 = 0 | 0 | 0.00 | 2,500.00 |
//! | G02 | 400.00 | 30% | 1 − 0.40 × 5 = −1 | −400 → clamped to 0 | 0.00 | 2,500.00 |
//! | G03 | 400.00 | 69.99% | 1 − 0.0001 × 5 = 0.9995 | 399.80 | 399.80 | 2,899.80 |
//! | G04 | 400.00 | 70% (edge) | 1 | 400 | 400.00 | 2,900.00 |
//! | G05 | 400.00 | 80% (edge) | 1 | 400 | 400.00 | 3,000.00 |
//! | G06 | 300.00 | 80.01% | 1.0005 | 300.15 | 300.15 | 2,900.15 |
//! | G07 | 400.00 | 90% | 1.5 | 600 → clamped to 500 | 500.00 | 3,100.00 |
//! | G08 | 200.00 | 100% | 2 | 400 | 400.00 | 3,000.00 |
//! | G09 | 333.33 | 81.11% | 1.0555 | 351.829815 → 351.83 | 351.83 | 2,951.83 |
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{example, item_rows, json_month};

#[test]
fn every_persons_pay_in_the_example_month() {
    let dir = example("gs-qc");
    let doc = json_month(dir.path(), "2024-05");
    let rows = item_rows(&doc);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[r.len() - 1].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("G01", "0.00", "2500.00"),
            ("G02", "0.00", "2500.00"),
            ("G03", "399.80", "2899.80"),
            ("G04", "400.00", "2900.00"),
            ("G05", "400.00", "3000.00"),
            ("G06", "300.15", "2900.15"),
            ("G07", "500.00", "3100.00"),
            ("G08", "400.00", "3000.00"),
            ("G09", "351.83", "2951.83"),
        ]
    );
    assert_eq!(doc["people"][0]["items"][0]["label"], "工作量奖金");
}
