//! 售后维修人员 quarterly settlement (schemes/service-quarterly.toml; 售后服务部绩效考核办法 五、3:
//! "季度考核不合格时(不满59分)…只发50%绩效工资") on a copy of `examples/service-quarterly`, the
//! quarter 2024 Q2 computed as its last month 2024-06. Worked by hand:
//!
//! | 工号 | scores Apr/May/Jun | quarterly score (exact average) | 绩效工资 Apr + May + Jun | paid |
//! |---|---|---|---|---|
//! | Q01 | 90, 85, 80 | 255 ÷ 3 = 85 | 1,000 + 950 + 900 = 2,850.00 | 100% → 2,850.00 |
//! | Q02 | 59, 59, 59 | 59 (not below 59) | 590 × 3 = 1,770.00 | 100% → 1,770.00 |
//! | Q03 | 58, 59, 59 | 176 ÷ 3 = 58.666… < 59 | 580 + 590 + 590 = 1,760.00 | 50% → 880.00, flagged |
//! | Q04 | 40, 70, 66 | 176 ÷ 3 = 58.666… < 59 | 400.25 + 700 + 660 = 1,760.25 | 50% → 880.125 → 880.13, flagged |
//! | Q05 | 100, 0, 77 | 177 ÷ 3 = 59 | 1,000 + 0 + 770 = 1,770.00 | 100% → 1,770.00 |
//!
//! The same figures, re-checked, are the first case of schemes/service-quarterly.tests.toml (`appraise test`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{edit_data, example, flag_rows, item_rows, json_month, refused_month};

const MONTH: &str = "2024-06";

#[test]
fn a_quarterly_score_below_59_pays_half_the_quarters_performance_pay() {
    let dir = example("service-quarterly");
    let doc = json_month(dir.path(), MONTH);
    let got: Vec<(String, String, bool, String)> = item_rows(&doc)
        .into_iter()
        .zip(doc["people"].as_array().unwrap())
        .map(|(r, p)| {
            (
                r[0].clone(),
                p["values"]["quarter_score"].as_str().unwrap().to_string(),
                p["values"]["failed"].as_bool().unwrap(),
                r[1].clone(),
            )
        })
        .collect();
    let third = "58.666666666666666666666666667"; // 176 ÷ 3, exact to 28 digits
    let want = [
        ("Q01", "85", false, "2850.00"),
        ("Q02", "59", false, "1770.00"),
        ("Q03", third, true, "880.00"),
        ("Q04", third, true, "880.13"),
        ("Q05", "59", false, "1770.00"),
    ]
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c, d.to_string()));
    assert_eq!(got, want);
    let label = "季度考核不合格（只发50%绩效工资）".to_string();
    assert_eq!(
        flag_rows(&doc),
        [
            ("Q03".to_string(), label.clone()),
            ("Q04".to_string(), label)
        ]
    );
}

#[test]
fn a_person_without_three_months_is_refused() {
    let dir = example("service-quarterly");
    edit_data(dir.path(), MONTH, "months.csv", "Q05,2024-05,0,0.00\n", "");
    let err = refused_month(dir.path(), MONTH);
    assert_eq!(
        err,
        "error: schemes/service-quarterly.toml:68: person Q05 冯五 (team W2): 季度须有三个月的考核结果 (check three_months)\n  = input rows: roster.csv row 6\n1 error found\n"
    );
}
