//! The language of issue 11: values shown (`show = true`), weighted
//! indicator lists (`[scores.NAME]`), adjustments that go either way,
//! scheme variants (`extends`), and the smaller fixes. Every figure below
//! is worked by hand in the comments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use appraise::scheme::load;
use common::compute_in;
use std::path::Path;

const MONTH: &str = "2024-05";

/// A workspace in a temporary folder: `appraise.toml` naming `schemes/s.toml`,
/// the scheme files given, and the month's data files.
fn workspace(schemes: &[(&str, &str)], data: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    std::fs::write(
        ws.join("appraise.toml"),
        "[workspace]\nname = \"t\"\nschemes = [\"schemes/s.toml\"]\ndata = \"data\"\nout = \"out\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(ws.join("schemes")).unwrap();
    for (name, text) in schemes {
        std::fs::write(ws.join("schemes").join(name), text).unwrap();
    }
    let month = ws.join("data").join(MONTH);
    std::fs::create_dir_all(&month).unwrap();
    for (name, text) in data {
        std::fs::write(month.join(name), text).unwrap();
    }
    dir
}

fn json(ws: &Path) -> serde_json::Value {
    let out = compute_in(ws, MONTH, &["--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn csv(ws: &Path) -> String {
    let file = ws.join("out.csv");
    let out = compute_in(
        ws,
        MONTH,
        &["--format", "csv", "--output", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(std::fs::read(file).unwrap())
        .unwrap()
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
}

fn failure(ws: &Path) -> String {
    let out = compute_in(ws, MONTH, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).unwrap()
}

fn check(text: &str) -> String {
    match load("s.toml", text) {
        Ok((_, warnings)) if warnings.is_empty() => "ok".to_string(),
        Ok((_, warnings)) => warnings
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        Err(d) => d.to_string(),
    }
}

const HEAD: &str = r#"[scheme]
id = "lang"
name = "语言测试"
version = "1"
effective_from = "2024-01"

[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id = { header = "工号", type = "id" }
name = { header = "姓名", type = "text" }
team = { header = "班组", type = "id" }
base_salary = { header = "底薪", type = "money" }
points = { header = "得分", type = "number", optional = true }
"#;

const PAY: &str = "\n[pay]\nbase = 'base_salary'\n";

const ROSTER: &str =
    "工号,姓名,班组,底薪,得分\n001,甲,T1,3000,95\n002,乙,T1,3000,\n003,丙,T2,3000,85.5\n";

// ---------------------------------------------------------------- 1. shown values

/// score = points (0 when not given); grade A from 90; good from 80; ratio = score ÷ 100.
/// 001: 95, A, true, 0.95, raw 95; perf = 95 × 2 = 190.00, net 3,190.00.
/// 002: 0, B, false, 0, raw not given (null); perf 0, net 3,000.00.
/// 003: 85.5, B, true, 0.855, raw 85.5; perf 171.00, net 3,171.00.
/// Team averages (not given left out): T1 95, T2 85.5.
const SHOWN: &str = r#"
[team]
team_avg = { label = "班组均分", type = "number", expr = 'avg(members, points)', show = true }

[person]
score = { label = "成绩", type = "number", expr = 'if given(points) then points else 0', show = true }
grade = { label = "等级", type = "text", expr = 'if score >= 90 then "A" else "B"', show = true }
good = { label = "达标", type = "yes/no", expr = 'score >= 80', show = true }
ratio = { label = "比例", type = "percent", expr = 'score / 100', show = true }
raw = { label = "原始", expr = 'points', show = true }
hidden = 'score + 1'

[[items]]
code = "perf"
label = "绩效奖"
kind = "bonus"
amount = 'score * 2元'
"#;

fn shown_ws() -> tempfile::TempDir {
    workspace(
        &[("s.toml", &format!("{HEAD}{SHOWN}{PAY}"))],
        &[("roster.csv", ROSTER)],
    )
}

#[test]
fn shown_values_are_in_the_json() {
    let ws = shown_ws();
    let j = json(ws.path());
    let people = j["people"].as_array().unwrap();
    let values: Vec<String> = people.iter().map(|p| p["values"].to_string()).collect();
    assert_eq!(
        values,
        [
            r#"{"score":"95","grade":"A","good":true,"ratio":"0.95","raw":"95"}"#,
            r#"{"score":"0","grade":"B","good":false,"ratio":"0","raw":null}"#,
            r#"{"score":"85.5","grade":"B","good":true,"ratio":"0.855","raw":"85.5"}"#,
        ]
    );
    let nets: Vec<&str> = people.iter().map(|p| p["net"].as_str().unwrap()).collect();
    assert_eq!(nets, ["3190.00", "3000.00", "3171.00"]);
    assert_eq!(j["teams"][0]["values"]["team_avg"], "95");
    assert_eq!(j["teams"][1]["values"]["team_avg"], "85.5");
}

#[test]
fn shown_values_are_columns_of_the_summary() {
    let ws = shown_ws();
    assert_eq!(
        csv(ws.path()),
        "工号,姓名,班组,成绩,等级,达标,比例,原始,班组均分,底薪,绩效奖,奖金合计,扣款合计,应发合计\n\
         001,甲,T1,95,A,是,0.95,95,95,3000.00,190.00,190.00,0.00,3190.00\n\
         002,乙,T1,0,B,否,0,未提供,95,3000.00,0.00,0.00,0.00,3000.00\n\
         003,丙,T2,85.5,B,是,0.855,85.5,85.5,3000.00,171.00,171.00,0.00,3171.00\n\
         合计,,,,,,,,,9000.00,361.00,361.00,0.00,9361.00\n"
    );
}

#[test]
fn the_workbook_is_written_with_shown_values() {
    let ws = shown_ws();
    let out = compute_in(ws.path(), MONTH, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ws.path().join("out/2024-05/lang-2024-05.xlsx").exists());
}

#[test]
fn a_scheme_showing_nothing_has_no_values_key() {
    let text = format!("{HEAD}{}{PAY}", SHOWN.replace(", show = true", ""));
    let ws = workspace(&[("s.toml", &text)], &[("roster.csv", ROSTER)]);
    let j = json(ws.path());
    assert!(j["people"][0].get("values").is_none());
}

#[test]
fn show_is_for_person_and_team_rules() {
    let text = format!("{HEAD}{SHOWN}{PAY}")
        .replace("show = true }\n\n[person]", "show = \"yes\" }\n\n[person]");
    assert_eq!(
        check(&text),
        "error: s.toml:17:85: \"show\" in team.team_avg must be true or false, found text\n1 error found"
    );
}

// ---------------------------------------------------------------- 2. weighted indicators

const KPI_INPUT: &str = r#"
[inputs.kpi]
kind = "person"
key = "id"
[inputs.kpi.columns]
id = { header = "工号", type = "id" }
qc = { header = "质量", type = "number", default = 0 }
conv = { header = "转化率", type = "percent", default = "0%" }

[bands.conversion_band]
domain = "0% <= X <= 100%"
outputs = { points = "number" }
better = "higher"
rows = [
  { when = "X < 50%", points = 0 },
  { when = "50% <= X < 65%", points = 60 },
  { when = "65% <= X < 75%", points = 80 },
  { when = "75% <= X", points = 100 },
]
"#;

/// kpi = 40% × quality + 60% × conversion band points; perf = 750 × kpi ÷ 100.
/// 001: 40% × 90 + 60% × 100 (75% is in 75%+) = 36 + 60 = 96 → 720.00, net 3,720.00.
/// 002: 40% × 100 + 60% × 80 (74.99% in 65–75%) = 40 + 48 = 88 → 660.00, net 3,660.00.
/// 003: 40% × 50 + 60% × 0 (49% below 50%) = 20 → 150.00, net 3,150.00.
const KPI: &str = r#"
[scores.kpi]
label = "KPI 得分"
show = true
indicators = [
  { name = "quality", label = "质量", weight = "40%", expr = 'qc' },
  { name = "conversion", label = "询单转化率", weight = "60%", band = "conversion_band", of = 'conv', show = true },
]

[[items]]
code = "perf"
label = "绩效工资"
kind = "bonus"
amount = '750元 * kpi / 100'
"#;

const KPI_DATA: &str = "工号,质量,转化率\n001,90,75%\n002,100,74.99%\n003,50,49%\n";

fn kpi_scheme(kpi: &str) -> String {
    format!("{HEAD}{KPI_INPUT}{kpi}{PAY}")
}

#[test]
fn a_weighted_score_is_the_sum_of_its_indicators() {
    let ws = workspace(
        &[("s.toml", &kpi_scheme(KPI))],
        &[("roster.csv", ROSTER), ("kpi.csv", KPI_DATA)],
    );
    let j = json(ws.path());
    let got: Vec<String> = j["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {} {}", p["id"], p["values"], p["net"]))
        .collect();
    assert_eq!(
        got,
        [
            r#""001" {"conversion":"100","kpi":"96"} "3720.00""#,
            r#""002" {"conversion":"80","kpi":"88"} "3660.00""#,
            r#""003" {"conversion":"0","kpi":"20"} "3150.00""#,
        ]
    );
}

#[test]
fn weights_not_adding_up_to_100_percent_are_an_error() {
    let text = kpi_scheme(&KPI.replace("\"60%\"", "\"50%\""));
    assert_eq!(
        check(&text),
        "error: s.toml:38:14: scores.kpi: the weights add up to 90%, not 100% (quality 40% + conversion 50%)\n  = correct the weights, or if the source really means 90%, say so: weights = \"acknowledged 90%\"\n1 error found"
    );
}

#[test]
fn weights_acknowledged_are_a_warning() {
    let text = kpi_scheme(&KPI.replace("\"60%\"", "\"50%\"").replace(
        "show = true\nindicators",
        "show = true\nweights = \"acknowledged 90%\"\nindicators",
    ));
    assert_eq!(
        check(&text),
        "warning: s.toml:38:11: scores.kpi: the weights add up to 90%, not 100% (quality 40% + conversion 50%); acknowledged by the scheme"
    );
    let wrong = text.replace("acknowledged 90%", "acknowledged 80%");
    assert_eq!(
        check(&wrong),
        "error: s.toml:38:11: scores.kpi: weights = \"acknowledged 80%\", but they add up to 90% (quality 40% + conversion 50%)\n1 error found"
    );
    let full = kpi_scheme(&KPI.replace(
        "show = true\nindicators",
        "show = true\nweights = \"acknowledged 100%\"\nindicators",
    ));
    assert_eq!(
        check(&full),
        "error: s.toml:38:11: scores.kpi: the weights add up to 100%: remove weights = \"acknowledged 100%\"\n1 error found"
    );
    let bad = text.replace("acknowledged 90%", "90%");
    assert_eq!(
        check(&bad),
        "error: s.toml:38:11: scores.kpi: weights = \"90%\": write weights = \"acknowledged 90%\" with the total the weights add up to\n1 error found"
    );
}

#[test]
fn indicator_mistakes_are_named() {
    assert_eq!(
        check(&kpi_scheme(&KPI.replace("\"40%\"", "40"))),
        "error: s.toml:39:46: the weight of scores.kpi.quality is 40: write it as a percentage (\"40%\")\n1 error found"
    );
    assert_eq!(
        check(&kpi_scheme(&KPI.replace(
            "band = \"conversion_band\"",
            "band = \"conv_band\""
        ))),
        "error: s.toml:40:66: scores.kpi.conversion: no band table \"conv_band\" (the scheme has: conversion_band)\n1 error found"
    );
    assert_eq!(
        check(&kpi_scheme(&KPI.replace(", expr = 'qc' }", " }"))),
        "error: s.toml:39:3: indicator scores.kpi.quality needs expr = '…' or band = \"TABLE\" with of = '…' (one of them)\n1 error found"
    );
    assert_eq!(
        check(&kpi_scheme(&KPI.replace("of = 'conv'", "of = 'conv +'"))),
        "error: s.toml:40:97: scores.kpi.conversion: expected a value, found the end\n1 error found"
    );
    assert_eq!(
        check(&kpi_scheme(
            &KPI.replace("expr = 'qc'", "expr = 'base_salary'")
        )),
        "error: s.toml:39:61: scores.kpi.quality must give a number, but its expression gives money\n1 error found"
    );
}

// ---------------------------------------------------------------- 3. adjustments

/// adj = +100 from a score of 90, −100 below 50, else 0 (one item, either way).
/// 001 (95): +100 → bonus 190 + 100 = 290, net 3,290.00.
/// 002 (0): −100 → deduction 100, net 3,000 − 100 = 2,900.00.
/// 003 (85.5): 0 → net 3,171.00.
const ADJ: &str = r#"
[[items]]
code = "adj"
label = "调整"
kind = "adjustment"
amount = 'if score >= 90 then 100元 else if score < 50 then -100元 else 0元'
"#;

#[test]
fn an_adjustment_goes_either_way() {
    let ws = workspace(
        &[("s.toml", &format!("{HEAD}{SHOWN}{ADJ}{PAY}"))],
        &[("roster.csv", ROSTER)],
    );
    let j = json(ws.path());
    let got: Vec<String> = j["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {} {} {}",
                p["items"][1], p["bonus"], p["deduction"], p["net"], p["id"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            r#"{"code":"adj","label":"调整","kind":"adjustment","amount":"100.00"} "290.00" "0.00" "3290.00" "001""#,
            r#"{"code":"adj","label":"调整","kind":"adjustment","amount":"-100.00"} "0.00" "100.00" "2900.00" "002""#,
            r#"{"code":"adj","label":"调整","kind":"adjustment","amount":"0.00"} "171.00" "0.00" "3171.00" "003""#,
        ]
    );
    let csv = csv(ws.path());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "工号,姓名,班组,成绩,等级,达标,比例,原始,班组均分,底薪,绩效奖,调整（奖）,调整（扣）,奖金合计,扣款合计,应发合计"
    );
    assert_eq!(
        lines[1],
        "001,甲,T1,95,A,是,0.95,95,95,3000.00,190.00,100.00,0.00,290.00,0.00,3290.00"
    );
    assert_eq!(
        lines[2],
        "002,乙,T1,0,B,否,0,未提供,95,3000.00,0.00,0.00,100.00,0.00,100.00,2900.00"
    );
    assert_eq!(
        lines[3],
        "003,丙,T2,85.5,B,是,0.855,85.5,85.5,3000.00,171.00,0.00,0.00,171.00,0.00,3171.00"
    );
    assert_eq!(
        lines[4],
        "合计,,,,,,,,,9000.00,361.00,100.00,100.00,461.00,100.00,9361.00"
    );
    // The workbook too.
    let out = compute_in(ws.path(), MONTH, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_bonus_item_is_never_negative() {
    let text = format!("{HEAD}{SHOWN}{}{PAY}", ADJ.replace("adjustment", "bonus"));
    let ws = workspace(&[("s.toml", &text)], &[("roster.csv", ROSTER)]);
    assert_eq!(
        failure(ws.path()),
        "error: schemes/s.toml:37: person 002 乙 (team T1): item adj (调整) is -100; a bonus item's amount must not be negative (write the opposite case as a deduction item, or make it kind = \"adjustment\", which goes either way)\n1 error found\n"
    );
    assert_eq!(
        check(&format!(
            "{HEAD}{SHOWN}{}{PAY}",
            ADJ.replace("adjustment", "both")
        )),
        "error: s.toml:36:8: item kind \"both\": use bonus, deduction or adjustment\n1 error found"
    );
}

// ---------------------------------------------------------------- 5. smaller fixes

fn with_person(rules: &str) -> String {
    format!("{HEAD}\n[person]\n{rules}\n{PAY}")
}

#[test]
fn a_name_taken_says_where_and_as_what() {
    let text = format!(
        "{HEAD}\n[parameters]\nfloor = 10\n\n[person]\nfloored = 'points < floor'\n\n[[flags]]\ncode = \"floored\"\nlabel = \"x\"\nwhen = 'true'\n{PAY}"
    );
    assert_eq!(
        check(&text),
        "error: s.toml:23:8: \"floored\" is already defined as a rule (person.floored) at line 20\n1 error found"
    );
    let text = with_person("floor = 'points'\n[parameters]\nfloor = 10");
    assert_eq!(
        check(&text),
        "error: s.toml:17:1: \"floor\" is already defined as a parameter at line 19\n1 error found"
    );
}

#[test]
fn pay_base_is_reserved() {
    assert_eq!(
        check(&with_person("pay_base = 'base_salary'")),
        "error: s.toml:17:1: rule \"pay_base\": the name pay_base is reserved for [pay] base (the base salary, which rules read as pay_base); choose another name\n1 error found"
    );
}

#[test]
fn an_input_file_stays_in_the_months_folder() {
    let up = HEAD.replace(
        "kind = \"roster\"",
        "kind = \"roster\"\nfile = \"../2024-04/roster\"",
    );
    assert_eq!(
        check(&format!("{up}{PAY}")),
        "error: s.toml:9:8: input roster: file \"../2024-04/roster\" is outside the month's folder: an input's file is read from data/<month>/ only\n  = to read an earlier month's results, use [history] keep = […] and past(k, …); an earlier month's inputs are that month's\n1 error found"
    );
    let abs = HEAD.replace(
        "kind = \"roster\"",
        "kind = \"roster\"\nfile = \"/data/roster\"",
    );
    assert_eq!(
        check(&format!("{abs}{PAY}")),
        "error: s.toml:9:8: input roster: file \"/data/roster\" is outside the month's folder: an input's file is read from data/<month>/ only\n  = to read an earlier month's results, use [history] keep = […] and past(k, …); an earlier month's inputs are that month's\n1 error found"
    );
    let inside = HEAD.replace(
        "kind = \"roster\"",
        "kind = \"roster\"\nfile = \"exports/roster\"",
    );
    assert_eq!(check(&format!("{inside}{PAY}")), "ok");
}

#[test]
fn one_of_lists_end_cleanly() {
    let text = format!(
        "{}{PAY}",
        HEAD.replace(
            "points = { header = \"得分\", type = \"number\", optional = true }",
            "points = { header = \"得分\", type = \"number\", optional = true }\ngrade = { header = \"等级\", type = \"text\", one_of = [\"A\", \"B\", \"\"], default = \"\" }"
        )
    );
    let ws = workspace(
        &[("s.toml", &text)],
        &[(
            "roster.csv",
            "工号,姓名,班组,底薪,得分,等级\n001,甲,T1,3000,95,C\n",
        )],
    );
    assert_eq!(
        failure(ws.path()),
        "error: roster.csv row 2, column 等级: \"C\" is not one of A, B, (blank)\n1 error found\n"
    );
}

/// Points lost fall as the rate rises: with better = "higher" for the rate and
/// better = "lower" on the output, a row losing more at a better rate is refused.
const LOST: &str = r#"
[bands.lost]
domain = "0% <= X <= 100%"
better = "higher"
outputs = { points_lost = { type = "number", better = "lower" } }
rows = [
  { when = "X < 90%", points_lost = 20 },
  { when = "90% <= X < 95%", points_lost = 10 },
  { when = "95% <= X", points_lost = 0 },
]
"#;

#[test]
fn a_points_lost_output_is_better_lower() {
    assert_eq!(check(&format!("{HEAD}{LOST}{PAY}")), "ok");
    let wrong = LOST.replace("points_lost = 0 }", "points_lost = 15 }");
    assert_eq!(
        check(&format!("{HEAD}{wrong}{PAY}")),
        "error: s.toml:23:3: band table lost: row 3 (95% <= X) gives more points_lost than row 2 (90% <= X < 95%), though higher is better and less points_lost is better\n1 error found"
    );
    let plain = LOST.replace(", better = \"lower\"", "");
    assert_eq!(
        check(&format!("{HEAD}{plain}{PAY}")),
        "error: s.toml:22:3: band table lost: row 2 (90% <= X < 95%) gives less points_lost than row 1 (X < 90%), though higher is better\nerror: s.toml:23:3: band table lost: row 3 (95% <= X) gives less points_lost than row 2 (90% <= X < 95%), though higher is better\n2 errors found"
    );
}

#[test]
fn yes_no_and_text_parameters() {
    let text = format!(
        "{HEAD}\n[parameters]\ncap = {{ value = true, type = \"yes/no\", label = \"封顶\" }}\nlevel = {{ value = \"A\", type = \"text\" }}\nstrict = false\n\n[person]\nfirst = {{ type = \"text\", expr = 'if cap and not strict then level else \"B\"', show = true }}\n{PAY}"
    );
    assert_eq!(check(&text), "ok");
    let ws = workspace(&[("s.toml", &text)], &[("roster.csv", ROSTER)]);
    assert_eq!(json(ws.path())["people"][0]["values"]["first"], "A");
    assert_eq!(
        check(&text.replace("value = true", "value = \"yes\"")),
        "error: s.toml:17:17: parameter cap is yes/no: write true or false, not \"yes\"\nerror: s.toml:22:37: person.first: unknown name \"cap\"\n2 errors found"
    );
    assert_eq!(
        check(&text.replace("value = \"A\"", "value = 1")),
        "error: s.toml:18:19: parameter level is text: write it in quotes, not 1\nerror: s.toml:22:61: person.first: unknown name \"level\"\n2 errors found"
    );
    assert_eq!(
        check(&text.replace("\"A\", type = \"text\"", "\"A\", type = \"words\"")),
        "error: s.toml:18:31: unknown parameter type \"words\"; use money, percent, number, integer, yes/no or text\nerror: s.toml:22:61: person.first: unknown name \"level\"\n2 errors found"
    );
}

// ---------------------------------------------------------------- 4. variants

/// The base pays rate × score with rate = 2 元 and a cap of 150 元 when `capped`.
/// Base: 001 min(190, 150) = 150.00; 002 0; 003 min(171, 150) = 150.00.
/// The variant (rate 3 元, capped = false, note text "B"): 001 95 × 3 = 285.00;
/// 002 0; 003 85.5 × 3 = 256.50.
const BASE: &str = r#"[scheme]
id = "base"
name = "基础"
version = "1"
effective_from = "2024-01"

[parameters]
rate = { value = 2, type = "money", label = "每分金额" }
capped = { value = true, type = "yes/no" }
note_text = { value = "A", type = "text" }

[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id = { header = "工号", type = "id" }
name = { header = "姓名", type = "text" }
team = { header = "班组", type = "id" }
base_salary = { header = "底薪", type = "money" }
points = { header = "得分", type = "number", optional = true }

[person]
score = 'if given(points) then points else 0'
tag = { type = "text", expr = 'note_text', show = true }

[[items]]
code = "perf"
label = "绩效奖"
kind = "bonus"
amount = 'if capped then min(score * rate, 150元) else score * rate'

[pay]
base = 'base_salary'
"#;

const VARIANT: &str = r#"[scheme]
extends = "base.toml"
id = "variant"
name = "变体"

[parameters]
rate = 3
capped = false
note_text = { value = "B" }
"#;

fn variant_ws(variant: &str, base: &str) -> tempfile::TempDir {
    workspace(
        &[("s.toml", variant), ("base.toml", base)],
        &[("roster.csv", ROSTER)],
    )
}

fn check_file(ws: &Path) -> String {
    match appraise::scheme::load_file(&ws.join("schemes/s.toml"), "schemes/s.toml") {
        Ok((s, w)) if w.is_empty() => format!("ok {} {} {}", s.id, s.name, s.version),
        Ok((_, w)) => w
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn a_variant_overrides_parameters_of_its_base() {
    let ws = variant_ws(VARIANT, BASE);
    assert_eq!(check_file(ws.path()), "ok variant 变体 1");
    let j = json(ws.path());
    assert_eq!(j["scheme"]["id"], "variant");
    assert_eq!(j["scheme"]["file"], "schemes/s.toml");
    let got: Vec<String> = j["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p["items"][0]["amount"], p["values"]["tag"], p["net"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            r#""285.00" "B" "3285.00""#,
            r#""0.00" "B" "3000.00""#,
            r#""256.50" "B" "3256.50""#
        ]
    );
    // The base alone, as a scheme of its own.
    let base_ws = workspace(&[("s.toml", BASE)], &[("roster.csv", ROSTER)]);
    let j = json(base_ws.path());
    let nets: Vec<&str> = j["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["net"].as_str().unwrap())
        .collect();
    assert_eq!(nets, ["3150.00", "3000.00", "3150.00"]);
}

#[test]
fn a_variants_mistakes_are_in_the_file_they_are_in() {
    let ws = variant_ws(
        &VARIANT.replace("rate = 3", "rate = 3\nbonus_rate = 4"),
        BASE,
    );
    assert_eq!(
        check_file(ws.path()),
        "error: schemes/s.toml:8:1: parameter bonus_rate is not a parameter of schemes/base.toml; a variant sets the values of its base's parameters only\n  = schemes/base.toml has: rate, capped, note_text\n1 error found"
    );
    let ws = variant_ws(&VARIANT.replace("capped = false", "capped = \"no\""), BASE);
    assert_eq!(
        check_file(ws.path()),
        "error: schemes/s.toml:8:10: parameter capped is yes/no: write true or false, not \"no\"\n1 error found"
    );
    let ws = variant_ws(&format!("{VARIANT}\n[person]\nx = '1'\n"), BASE);
    assert_eq!(
        check_file(ws.path()),
        "error: schemes/s.toml:11:2: unknown key \"person\" in the scheme\n  = allowed keys: scheme, parameters\n1 error found"
    );
    let ws = variant_ws(
        VARIANT,
        &BASE.replace("min(score * rate, 150元)", "min(score * rat, 150元)"),
    );
    assert_eq!(
        check_file(ws.path()),
        "error: schemes/base.toml:29:38: item perf: unknown name \"rat\"\n1 error found"
    );
    let ws = variant_ws(&VARIANT.replace("base.toml", "../base.toml"), BASE);
    assert_eq!(
        check_file(ws.path()),
        "error: schemes/s.toml:2:11: extends = \"../base.toml\": name a scheme file beside this one (a file name such as \"after-sales-repair.toml\", no folders)\n1 error found"
    );
    let ws = variant_ws(&VARIANT.replace("base.toml", "other.toml"), BASE);
    assert_eq!(
        check_file(ws.path()),
        "error: schemes/s.toml:2:11: extends = \"other.toml\": cannot read schemes/other.toml: No such file or directory (os error 2)\n1 error found"
    );
    let ws = variant_ws(
        VARIANT,
        &BASE.replace("id = \"base\"", "id = \"base\"\nextends = \"x.toml\""),
    );
    assert_eq!(
        check_file(ws.path()),
        "error: schemes/base.toml:3:11: extends = \"x.toml\": a scheme that a variant extends is a whole scheme and cannot extend another (extends works one level deep, for a scheme read from its file)\n1 error found"
    );
}
