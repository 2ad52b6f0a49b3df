//! `[scores.NAME] level = "team"`: a weighted scorecard above the person — a team's score from
//! its own figures, read by every member as `team.NAME` and shown in `teams[].values`.
//!
//! Scheme below: team score = 60% × 及时率 band (< 90% → 60, ≥ 90% → 100) + 40% × 满意度;
//! 绩效工资 = 绩效基数 × team score ÷ 100.
//! - T1: 19/20 = 95% → 100; 满意度 80 → 60 + 32 = 92. 0001 1,000 × 92% = 920.00; 0002 1,500 × 92% = 1,380.00.
//! - T2: 179/200 = 89.5% → 60; 满意度 95 → 36 + 38 = 74. 0003 2,000 × 74% = 1,480.00.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::json_month;

const SCHEME: &str = r#"[scheme]
id = "team-kpi"
name = "班组考核"
effective_from = "2024-01"

[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id        = { header = "工号", type = "id" }
name      = { header = "姓名", type = "text" }
team      = { header = "班组", type = "id" }
perf_base = { header = "绩效基数", type = "money", min = 0 }

[inputs.teams]
kind = "team"
key = "team_id"
[inputs.teams.columns]
team_id      = { header = "班组", type = "id" }
delivered    = { header = "交付台数", type = "integer", min = 1 }
on_time      = { header = "及时交付台数", type = "integer", min = 0 }
satisfaction = { header = "满意度", type = "number", min = 0, max = 100 }

[bands.on_time_bands]
domain = "0% <= X <= 100%"
better = "higher"
outputs = { score = { type = "number", min = 0, max = 100 } }
rows = [
  { when = "X < 90%",  score = 60 },
  { when = "X >= 90%", score = 100 },
]

[team]
on_time_rate = { label = "交付及时率", type = "percent", expr = 'on_time / delivered' }

[scores.team_score]
label = "班组得分"
level = "team"
show = true
indicators = [
  { name = "punctuality", label = "交付及时", weight = "60%", band = "on_time_bands", of = 'on_time_rate' },
  { name = "satisfied",   label = "满意度",   weight = "40%", expr = 'satisfaction' },
]

[[items]]
code = "perf_pay"
label = "绩效工资"
kind = "bonus"
amount = 'perf_base * team.team_score / 100'

[pay]
base = '0元'
"#;

fn workspace(scheme: &str) -> tempfile::TempDir {
    common::scheme_workspace(
        scheme,
        "2024-05",
        &[
            (
                "roster.csv",
                "工号,姓名,班组,绩效基数\n0001,甲,T1,1000\n0002,乙,T1,1500\n0003,丙,T2,2000\n",
            ),
            (
                "teams.csv",
                "班组,交付台数,及时交付台数,满意度\nT1,20,19,80\nT2,200,179,95\n",
            ),
        ],
    )
}

#[test]
fn a_team_score_is_computed_once_per_team_and_read_by_its_members() {
    let dir = workspace(SCHEME);
    let doc = json_month(dir.path(), "2024-05");
    let pay: Vec<(&str, &str)> = doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["items"][0]["amount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pay,
        [("0001", "920.00"), ("0002", "1380.00"), ("0003", "1480.00")]
    );
    let team_values: Vec<(&str, &str, &str, &str)> = doc["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap(),
                t["values"]["punctuality"].as_str().unwrap(),
                t["values"]["satisfied"].as_str().unwrap(),
                t["values"]["team_score"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        team_values,
        [("T1", "100", "80", "92"), ("T2", "60", "95", "74")]
    );
}

#[test]
fn a_score_level_must_be_one_rules_live_at() {
    let text = SCHEME.replace("level = \"team\"", "level = \"dept\"");
    let shown = common::check_scheme("t.toml", &text);
    assert!(
        shown.starts_with("error: t.toml:37:9: scores.team_score: level \"dept\": use person, team, a group of [levels] or month\n"),
        "{shown}"
    );
}
