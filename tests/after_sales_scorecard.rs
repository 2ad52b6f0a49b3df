//! 售后服务人员 weighted KPI scorecard (schemes/after-sales-scorecard.toml, `[scores.score]` with the
//! source's 90% acknowledged) on a copy of `examples/after-sales-scorecard`: every person's score,
//! 绩效工资 and net, worked by hand; and the same weights without the acknowledgement refused.
//!
//! Weights: 有效性 10, 规范性 10, 准确性 10, 反馈 15, 时效 10, 调查 5, 完成率 10, 工时 5, 响应 5,
//! 培训 5, 知识 5 (= 90). Bands (100/80/60/0): 一次解决率 ≥95/≥90/≥80%; 返修率 ≤2/≤5/≤10%;
//! 解决时长 ≤24/≤48/≤72 h; 任务完成率 ≥100/≥90/≥80%; 工时利用率 ≥85/≥75/≥60%; 响应 ≤15/≤30/≤60 min;
//! 培训 ≥4/≥2/≥1. 绩效工资 = 绩效基数 × score ÷ 100; net = 底薪 + 绩效工资.
//!
//! S01 (every top boundary): 19/20 = 95% → 100; 规范 90; 1/50 = 2% → 100; 反馈 88; 24 h → 100;
//!   调查 95; 20/20 = 100% → 100; 170/200 = 85% → 100; 15 min → 100; 4 → 100; 知识 80.
//!   score = 10 + 9 + 10 + 13.2 + 10 + 4.75 + 10 + 5 + 5 + 5 + 4 = 85.95;
//!   2,000 × 85.95% = 1,719.00; net 4,000 + 1,719.00 = 5,719.00.
//! S02 (every second-band boundary): 18/20 = 90% → 80; 规范 100; 5/100 = 5% → 80; 反馈 100; 48 h → 80;
//!   调查 100; 18/20 = 90% → 80; 150/200 = 75% → 80; 30 → 80; 2 → 80; 知识 100.
//!   score = 8 + 10 + 8 + 15 + 8 + 5 + 8 + 4 + 4 + 4 + 5 = 79; 1,500 × 79% = 1,185.00; net 4,685.00.
//! S03 (every third-band boundary): 16/20 = 80% → 60; 规范 70; 10/100 = 10% → 60; 反馈 75.5; 72 h → 60;
//!   调查 60; 16/20 = 80% → 60; 120/200 = 60% → 60; 60 → 60; 1 → 60; 知识 65.
//!   score = 6 + 7 + 6 + 11.325 + 6 + 3 + 6 + 3 + 3 + 3 + 3.25 = 57.575;
//!   1,800 × 57.575% = 1,036.35; net 3,000 + 1,036.35 = 4,036.35.
//! S04 (just past each last boundary): 7,999/10,000 = 79.99% → 0; 规范 50; 101/1,000 = 10.1% → 0;
//!   反馈 40; 72.5 h → 0; 调查 30; 79/100 → 0; 119/200 = 59.5% → 0; 60.5 → 0; 0 → 0; 知识 20.
//!   score = 0 + 5 + 0 + 6 + 0 + 1.5 + 0 + 0 + 0 + 0 + 1 = 13.5; 1,000 × 13.5% = 135.00; net 2,935.00.
//! S05 (full marks; nothing repaired → 准确性 100; 22/20 = 110% → 100): score 90 (the source's 90%);
//!   1,333.33 × 90% = 1,199.997 → 1,200.00; net 3,000 + 1,200.00 = 4,200.00.
//!
//! The same figures, re-checked, are the first case of schemes/after-sales-scorecard.tests.toml (`appraise test`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{example, item_rows, json_month};

#[test]
fn every_persons_score_pay_and_net() {
    let dir = example("after-sales-scorecard");
    let doc = json_month(dir.path(), "2024-05");
    let got: Vec<(String, String, String, String)> = item_rows(&doc)
        .into_iter()
        .zip(doc["people"].as_array().unwrap())
        .map(|(r, p)| {
            (
                r[0].clone(),
                p["values"]["score"].as_str().unwrap().to_string(),
                r[1].clone(),
                r[2].clone(),
            )
        })
        .collect();
    let want = [
        ("S01", "85.95", "1719.00", "5719.00"),
        ("S02", "79", "1185.00", "4685.00"),
        ("S03", "57.575", "1036.35", "4036.35"),
        ("S04", "13.5", "135.00", "2935.00"),
        ("S05", "90", "1200.00", "4200.00"),
    ]
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()));
    assert_eq!(got, want);
    assert_eq!(doc["people"][0]["items"][0]["label"], "绩效工资");
}

#[test]
fn the_acknowledged_90_percent_is_a_warning_of_every_compute() {
    let dir = example("after-sales-scorecard");
    let out = common::compute_in(dir.path(), "2024-05", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: schemes/after-sales-scorecard.toml:165:11: scores.score: the weights add up to 90%, not 100% (effectiveness 10% + conformance 10% + accuracy 10% + feedback 15% + timeliness 10% + survey 5% + completion 10% + utilization 5% + response 5% + training 5% + knowledge 5%); acknowledged by the scheme\n"
    );
}

#[test]
fn the_sources_90_percent_without_the_acknowledgement_is_refused() {
    // tests/fixtures/flawed/scorecard-90.toml: the same eleven weights, no weights = "…" line.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
        .current_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/flawed"))
        .args(["check", "scorecard-90.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: scorecard-90.toml:31:14: scores.score: the weights add up to 90%, not 100% (effectiveness 10% + conformance 10% + accuracy 10% + feedback 15% + timeliness 10% + survey 5% + completion 10% + utilization 5% + response 5% + training 5% + knowledge 5%)\n  = correct the weights, or if the source really means 90%, say so: weights = \"acknowledged 90%\"\n1 error found\n"
    );
}
