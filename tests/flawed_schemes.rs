//! The sources' mistakes (shared/domain.md §2, "More flaws in the sources") as schemes in
//! `tests/fixtures/flawed/`, each refused by `appraise check` with its exact messages.
//!
//! Weights summing to 90% (售后服务人员绩效考核标准, `scorecard-90.toml`) are asserted in
//! tests/after_sales_scorecard.rs, beside the shipped scheme that acknowledges them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// `appraise check FILE` run in the fixtures folder: (exit code, standard error).
fn check(file: &str) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/flawed"))
        .args(["check", file])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn refused(file: &str, messages: &[&str]) {
    let (code, err) = check(file);
    assert_eq!(code, Some(1), "{err}");
    let mut expected: Vec<String> = messages.iter().map(|m| format!("error: {m}")).collect();
    expected.push(match messages.len() {
        1 => "1 error found".to_string(),
        n => format!("{n} errors found"),
    });
    assert_eq!(err.lines().collect::<Vec<_>>(), expected, "{err}");
}

#[test]
fn a_band_worth_800_in_a_0_to_100_table() {
    // 客服部客服指标绩效考核表, 旺旺回复率: "99%>Z≥97% 800". The output's declared range catches the
    // 800; `better = "higher"` then also blames the (correct) 100 row for paying less than it.
    refused(
        "reply-800.toml",
        &[
            "reply-800.toml:27:3: band table reply_bands: row 3 gives score = 800, outside 0 to 100",
            "reply-800.toml:28:3: band table reply_bands: row 4 (Z >= 99%) gives less score than row 3 (97% <= Z < 99%), though higher is better",
        ],
    );
}

#[test]
fn grade_bands_overlapping_at_60_to_64() {
    refused(
        "grades-overlap.toml",
        &[
            "grades-overlap.toml:25:3: band table grade_bands: rows 1 and 2 overlap: both hold 60 <= s < 65",
        ],
    );
}

#[test]
fn grade_bands_sharing_the_boundary_80() {
    // 客服部考核标准 二、8: B 80~90 and C 70~80 both hold 80.
    refused(
        "grades-shared-80.toml",
        &[
            "grades-shared-80.toml:26:3: band table grade_bands: rows 2 and 3 overlap: both hold s = 80",
        ],
    );
}

#[test]
fn the_97_to_98_percent_gap() {
    // 索赔员 一次通过率: R ≥ 98%, 93% ≤ R ≤ 97%, R < 93%.
    refused(
        "first-pass-gap.toml",
        &["first-pass-gap.toml:26:3: band table first_pass_bands: gap: no row holds 97% < R < 98%"],
    );
}

#[test]
fn ninety_six_percent_in_two_bands() {
    // 车间主管: 满意度 ≥ 96% 奖 300, ≤ 96% 罚 200.
    refused(
        "satisfaction-96.toml",
        &[
            "satisfaction-96.toml:25:3: band table satisfaction_bands: rows 1 and 2 overlap: both hold S = 96%",
        ],
    );
}

#[test]
fn payout_bands_written_for_whole_scores() {
    // 客服部月度绩效考核表: 100 in both 足额 and 95–100; 84–85 and 94–95 in no band.
    refused(
        "payout-whole-scores.toml",
        &[
            "payout-whole-scores.toml:27:3: band table ratio_bands: gap: no row holds 84 < s < 85",
            "payout-whole-scores.toml:28:3: band table ratio_bands: gap: no row holds 94 < s < 95",
            "payout-whole-scores.toml:29:3: band table ratio_bands: rows 4 and 5 overlap: both hold s = 100",
        ],
    );
}
