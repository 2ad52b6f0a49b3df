//! Golden tests of the shipped after-sales scheme (domain.md §1), one branch
//! each. Every expected figure is worked out by hand in the comment above it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

#[test]
fn worked_example_of_domain_md() {
    // 张伟 engineer 4,000.00, 李娜 assistant 3,000.00; repaired 150, QC failed 3 → counted 147;
    // quota 6 × 22 = 132; excess 15; X1 = 182/190 = 95.79% → 35 元/台; pool 15 × 35 = 525.00;
    // 60/40 → 315.00 / 210.00; 张伟 +2 points × 35 = 70.00.
    // Net: 4000 + 315 + 70 = 4385.00; 3000 + 210 = 3210.00.
    let m = month(
        &format!(
            "{ROSTER_HEADER}0101,张伟,A1,维修工程师,4000.00\n0102,李娜,A1,助理维修员,3000.00\n"
        ),
        &format!("{REPAIRS_HEADER}A1,150,3,190,182,否\n"),
        Some(&format!("{POINTS_HEADER}0101,2,客户书面表扬\n")),
    );
    assert_eq!(m.team_value("A1", "counted"), "147");
    assert_eq!(m.team_value("A1", "quota"), "132");
    assert_eq!(m.team_value("A1", "rate"), "35");
    assert_eq!(m.team_value("A1", "pool"), "525");
    assert_eq!(m.item("0101", "excess_bonus"), "315.00");
    assert_eq!(m.item("0102", "excess_bonus"), "210.00");
    assert_eq!(m.item("0101", "points_bonus"), "70.00");
    assert_eq!(m.bonus("0101"), "385.00");
    assert_eq!(m.deduction("0101"), "0.00");
    assert_eq!(m.net("0101"), "4385.00");
    assert_eq!(m.net("0102"), "3210.00");
}

/// Rate per excess unit for a pair with 133 counted (quota 132, excess 1) and X1 = on_time / 10,000.
fn rate_at(on_time: u32) -> String {
    let m = pair(&format!("T,133,0,10000,{on_time},否"));
    m.item("E1", "excess_bonus"); // computed without error
    m.team_value("T", "rate")
}

#[test]
fn band_boundaries_of_x1() {
    // Bands: X1 < 90% → 25; 90% ≤ X1 < 95% → 30; 95% ≤ X1 < 100% → 35; X1 = 100% → 40.
    assert_eq!(rate_at(8999), "25"); // 89.99%
    assert_eq!(rate_at(9000), "30"); // 90% exactly: lower bound inclusive
    assert_eq!(rate_at(9499), "30"); // 94.99%
    assert_eq!(rate_at(9500), "35"); // 95% exactly
    assert_eq!(rate_at(9999), "35"); // 99.99%
    assert_eq!(rate_at(10000), "40"); // 100%: its own band
}

#[test]
fn x1_is_compared_exactly_not_after_rounding() {
    // 189,999 of 200,000 is 94.9995%: shown as 95.00% but in the 90–95% band → 30 元.
    let m = pair("T,133,0,200000,189999,否");
    assert_eq!(m.team_value("T", "X1"), "0.949995");
    assert_eq!(m.team_value("T", "rate"), "30");
    // Excess 1 × 30 = 30.00 → 18.00 / 12.00.
    assert_eq!(m.item("E1", "excess_bonus"), "18.00");
    assert_eq!(m.item("E2", "excess_bonus"), "12.00");
}

#[test]
fn two_engineers_and_one_assistant_split_35_35_30() {
    // Quota 9 × 22 = 198; counted 230 − 2 = 228; excess 30; X1 = 100% → 40; pool 1,200.00;
    // 35% = 420.00 each engineer, 30% = 360.00 the assistant.
    let m = month(
        &format!(
            "{ROSTER_HEADER}0201,王强,A2,维修工程师,4500\n0202,赵敏,A2,维修工程师,4200\n0203,孙丽,A2,助理维修员,3100\n"
        ),
        &format!("{REPAIRS_HEADER}A2,230,2,200,200,否\n"),
        None,
    );
    assert_eq!(m.team_value("A2", "quota"), "198");
    assert_eq!(m.item("0201", "excess_bonus"), "420.00");
    assert_eq!(m.item("0202", "excess_bonus"), "420.00");
    assert_eq!(m.item("0203", "excess_bonus"), "360.00");
    assert_eq!(m.net("0203"), "3460.00");
}

#[test]
fn one_engineer_and_two_assistants_split_40_30_30() {
    // Counted 190 − 5 = 185 < 198, no short returns: shortfall 13 × 25 = 325.00 penalty;
    // 40% = 130.00, 30% = 97.50 each. 吴倩 also −1 point × 30 (X1 = 170/180 = 94.4% → 30) = 30.00.
    let m = month(
        &format!(
            "{ROSTER_HEADER}0301,周杰,A3,维修工程师,4300\n0302,吴倩,A3,助理维修员,3000\n0303,郑浩,A3,助理维修员,2900\n"
        ),
        &format!("{REPAIRS_HEADER}A3,190,5,180,170,否\n"),
        Some(&format!("{POINTS_HEADER}0302,-1,未按规定填写维修单\n")),
    );
    assert_eq!(m.item("0301", "shortfall_deduction"), "130.00");
    assert_eq!(m.item("0302", "shortfall_deduction"), "97.50");
    assert_eq!(m.item("0303", "shortfall_deduction"), "97.50");
    assert_eq!(m.item("0302", "points_deduction"), "30.00");
    assert_eq!(m.item("0302", "points_bonus"), "0.00");
    assert_eq!(m.net("0301"), "4170.00");
    assert_eq!(m.net("0302"), "2872.50"); // 3000 − 97.50 − 30
    assert_eq!(m.net("0303"), "2802.50");
}

#[test]
fn qc_failures_push_a_team_under_quota() {
    // Repaired 135 ≥ 132, but 4 failed QC: counted 131, shortfall 1 × 25 = 25.00 → 15.00 / 10.00.
    let m = pair("T,135,4,120,120,否");
    assert_eq!(m.team_value("T", "counted"), "131");
    assert_eq!(m.item("E1", "shortfall_deduction"), "15.00");
    assert_eq!(m.item("E2", "shortfall_deduction"), "10.00");
    assert_eq!(m.item("E1", "excess_bonus"), "0.00");
    assert_eq!(m.net("E1"), "3985.00");
}

#[test]
fn exactly_at_quota_no_pool_no_penalty() {
    // Counted 132 = quota: nothing either way.
    let m = pair("T,134,2,100,100,否");
    assert_eq!(m.bonus("E1"), "0.00");
    assert_eq!(m.deduction("E1"), "0.00");
    assert_eq!(m.net("E1"), "4000.00");
    assert_eq!(m.net("E2"), "3000.00");
}

#[test]
fn short_returns_under_quota_pay_a_share_of_own_base_rounded_half_up() {
    // Counted 119 < 132 because of too few returns: no penalty; X1 = 85/100 = 85% → 7% of own base.
    // 4,100.00 × 7% = 287.00; 3,050.50 × 7% = 213.535 → 213.54 (half a 分 rounds away from zero).
    let m = month(
        &format!("{ROSTER_HEADER}0401,冯磊,A4,维修工程师,4100\n0402,陈静,A4,助理维修员,3050.50\n"),
        &format!("{REPAIRS_HEADER}A4,120,1,100,85,是\n"),
        None,
    );
    assert_eq!(m.item("0401", "short_returns_bonus"), "287.00");
    assert_eq!(m.item("0402", "short_returns_bonus"), "213.54");
    assert_eq!(m.item("0401", "shortfall_deduction"), "0.00");
    assert_eq!(m.net("0402"), "3264.04");
}

#[test]
fn short_returns_flag_without_a_shortfall_changes_nothing() {
    // Counted 140 > 132 although 返修机不足 = 是: the normal pool applies.
    // X1 = 145/150 = 96.67% → 35; excess 8 × 35 = 280.00 → 168.00 / 112.00; no base share.
    let m = pair("T,140,0,150,145,是");
    assert_eq!(m.item("E1", "excess_bonus"), "168.00");
    assert_eq!(m.item("E2", "excess_bonus"), "112.00");
    assert_eq!(m.item("E1", "short_returns_bonus"), "0.00");
}

#[test]
fn points_on_several_rows_add_up_before_valuing() {
    // +1 and +1.5 and −0.5 = +2 points × 40 (X1 = 100%) = 80.00.
    let m = month(
        &format!("{ROSTER_HEADER}E1,甲,T,维修工程师,4000\nE2,乙,T,助理维修员,3000\n"),
        &format!("{REPAIRS_HEADER}T,132,0,50,50,否\n"),
        Some(&format!("{POINTS_HEADER}E1,1,a\nE1,1.5,b\nE1,-0.5,c\n")),
    );
    assert_eq!(m.item("E1", "points_bonus"), "80.00");
    assert_eq!(m.item("E2", "points_bonus"), "0.00");
}

#[test]
fn a_team_that_delivered_nothing_has_no_x1() {
    let err = try_month(
        &format!("{ROSTER_HEADER}E1,甲,T,维修工程师,4000\nE2,乙,T,助理维修员,3000\n"),
        &format!("{REPAIRS_HEADER}T,132,0,0,0,否\n"),
        None,
    )
    .err();
    assert_eq!(
        err.as_deref(),
        Some(
            // The rule's line in the scheme, and the input row the team's figures came from.
            "error: schemes/after-sales-repair.toml:80: team T: cannot compute X1 (交付及时率) = on_time / delivered: division by zero (0 / 0)\n  \
             = input rows: repairs.csv row 2"
        )
    );
}

#[test]
fn a_composition_without_a_split_is_refused_naming_the_team() {
    let err = try_month(
        &format!("{ROSTER_HEADER}E1,甲,T,维修工程师,4000\nE2,乙,T,维修工程师,3000\n"),
        &format!("{REPAIRS_HEADER}T,140,0,10,10,否\n"),
        None,
    )
    .err();
    assert_eq!(
        err.as_deref(),
        Some(
            // Once for the team, at the first rule that splits (excess_bonus, line 93).
            "error: schemes/after-sales-repair.toml:93: team T: split by_role has no case for a team of 2 维修工程师 \
             (it has 1 维修工程师 + 1 助理维修员; 2 维修工程师 + 1 助理维修员; 1 维修工程师 + 2 助理维修员); add a case to the scheme"
        )
    );
}

#[test]
fn the_other_reading_of_short_returns_splits_a_team_amount() {
    // domain.md §1 rule 6, alternative reading: the band's share of the team's total base,
    // split 60/40. A4: (4,100.00 + 3,050.50) × 7% = 500.535 → 500.54 (rounded before splitting);
    // 60% = 300.324, 40% = 200.216: truncated 300.32 + 200.21 = 500.53, the odd 分 goes to the
    // larger remainder (0.6 分 > 0.4 分) → 300.32 / 200.22, adding up to 500.54.
    let scheme = scheme_variant(
        "amount = 'if team.protected then base_salary * team.short_share else 0'",
        "amount = 'split(by_role, if team.protected then round(team.short_share * sum(members, base_salary)) else 0)'",
    );
    let m = try_month_with(
        scheme,
        &format!("{ROSTER_HEADER}0401,冯磊,A4,维修工程师,4100\n0402,陈静,A4,助理维修员,3050.50\n"),
        &format!("{REPAIRS_HEADER}A4,120,1,100,85,是\n"),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.item("0401", "short_returns_bonus"), "300.32");
    assert_eq!(m.item("0402", "short_returns_bonus"), "200.22");
}

#[test]
fn inconsistent_team_data_is_refused_by_the_schemes_checks() {
    // 104 QC failures out of 35 repaired would make counted −69 and a 5,025 penalty.
    let err = try_month(
        &format!("{ROSTER_HEADER}E1,甲,T,维修工程师,4000\nE2,乙,T,助理维修员,3000\n"),
        &format!("{REPAIRS_HEADER}T,35,104,100,90,否\n"),
        None,
    )
    .err();
    assert_eq!(
        err.as_deref(),
        Some(
            "error: schemes/after-sales-repair.toml:128: team T: 品质不合格台数大于维修台数 (check qc_within_repaired)\n  \
             = input rows: repairs.csv row 2"
        )
    );
    // 105 on time of 100 delivered: X1 = 105% is outside the band table, and the check says why.
    let err = try_month(
        &format!("{ROSTER_HEADER}E1,甲,T,维修工程师,4000\nE2,乙,T,助理维修员,3000\n"),
        &format!("{REPAIRS_HEADER}T,140,0,100,105,否\n"),
        None,
    )
    .err();
    assert_eq!(
        err.as_deref(),
        Some(
            "error: schemes/after-sales-repair.toml:81: team T: cannot compute rate (超额奖金单价(元/台)) = band(timeliness, X1).per_unit: \
             X1 = 105% is outside band table timeliness, which covers 0% <= X1 <= 100%\n  \
             = input rows: repairs.csv row 2\n\
             error: schemes/after-sales-repair.toml:82: team T: cannot compute short_share (返修机不足底薪比例) = band(timeliness, X1).short_share: \
             X1 = 105% is outside band table timeliness, which covers 0% <= X1 <= 100%\n  \
             = input rows: repairs.csv row 2\n\
             error: schemes/after-sales-repair.toml:135: team T: 及时交付台数大于交付台数 (check on_time_within_delivered)\n  \
             = input rows: repairs.csv row 2"
        )
    );
}

#[test]
fn team_values_inside_an_aggregate_inside_a_split_keep_their_meaning() {
    // sum(members, team.pool) over A1's two members = 2 × 525.00 = 1,050.00 → 630.00 / 420.00.
    let scheme = scheme_variant(
        "amount = 'split(by_role, team.pool)'",
        "amount = 'split(by_role, sum(members, team.pool))'",
    );
    let m = try_month_with(
        scheme,
        &format!(
            "{ROSTER_HEADER}0101,张伟,A1,维修工程师,4000.00\n0102,李娜,A1,助理维修员,3000.00\n"
        ),
        &format!("{REPAIRS_HEADER}A1,150,3,190,182,否\n"),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.item("0101", "excess_bonus"), "630.00");
    assert_eq!(m.item("0102", "excess_bonus"), "420.00");
}
