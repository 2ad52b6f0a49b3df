//! The expression functions, each checked on a figure worked by hand, through a
//! minimal scheme (roster only) so the whole pipeline is exercised.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::engine::collect::Collected;
use appraise::engine::{Failure, compute};
use appraise::input::records::join;
use appraise::input::table::{FileKind, ReadOptions, read_table_bytes};
use appraise::model::{Level, Value};
use appraise::scheme::load;

const ROSTER: &str =
    "工号,姓名,班组,底薪,得分\n01,甲,T,4000,95\n02,乙,T,3000,70\n03,丙,U,2500.50,59.5\n";

/// Computes `rules` (TOML lines for [team] and [person]) and returns person `who`'s (or team's) value.
fn run(team_rules: &str, person_rules: &str) -> (Vec<String>, Vec<String>) {
    let scheme_text = format!(
        r#"[scheme]
id = "x"
name = "x"
effective_from = "2024-01"
[parameters]
target = {{ value = "80%" }}
[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id = {{ header = "工号", type = "id" }}
name = {{ header = "姓名", type = "text" }}
team = {{ header = "班组", type = "id" }}
base_salary = {{ header = "底薪", type = "money" }}
score = {{ header = "得分", type = "number" }}
[team]
{team_rules}
[person]
{person_rules}
[pay]
base = 'base_salary'
"#
    );
    let (scheme, _) = load("x.toml", &scheme_text).unwrap_or_else(|d| panic!("{d}"));
    let spec = &scheme.inputs[0];
    let headers: Vec<&str> = spec.columns.iter().map(|c| c.header.as_str()).collect();
    let opts = ReadOptions {
        required_headers: &headers,
        ..ReadOptions::default()
    };
    let table = read_table_bytes(ROSTER.as_bytes(), FileKind::Csv, "roster.csv", &opts).unwrap();
    let (data, _) = join(&scheme, &[Some(table)]).unwrap();
    let mut o = Collected::default();
    match compute(&scheme, "2024-05".parse().unwrap(), &data, &mut o) {
        Ok(()) => {}
        Err(Failure::Problems(d)) => panic!("{d:?}"),
        Err(Failure::Sink(never)) => match never {},
    }
    let show = |v: &Value| match v {
        Value::Num(d) => d.normalize().to_string(),
        other => format!("{other:?}"),
    };
    let last_team = scheme.slots(Level::TEAM).len() - 1;
    let last_person = scheme.slot_named(Level::PERSON, "pay_base").unwrap() as usize - 1;
    let teams = o.teams.iter().map(|t| show(&t[last_team])).collect();
    let people = o
        .people
        .iter()
        .flatten()
        .map(|p| show(&p.values[last_person]))
        .collect();
    (teams, people)
}

fn person(rule: &str) -> Vec<String> {
    run("n = 'count(members)'", &format!("v = '{rule}'")).1
}

fn team(rule: &str) -> Vec<String> {
    run(&format!("v = '{rule}'"), "").0
}

#[test]
fn aggregates_over_members() {
    // Team T: scores 95 and 70; team U: 59.5.
    assert_eq!(team("count(members)"), ["2", "1"]);
    assert_eq!(team("count(members, score >= 70)"), ["2", "0"]);
    assert_eq!(team("sum(members, score)"), ["165", "59.5"]);
    assert_eq!(team("avg(members, score)"), ["82.5", "59.5"]);
    assert_eq!(team("min(members, score)"), ["70", "59.5"]);
    assert_eq!(team("max(members, base_salary)"), ["4000", "2500.5"]);
    assert_eq!(team("sum(members, base_salary, score > 80)"), ["4000", "0"]);
}

#[test]
fn person_reads_its_team() {
    // 甲 and 乙 are in a team of 2, 丙 alone.
    let (_, people) = run("n = 'count(members)'", "v = 'team.n * 10'");
    assert_eq!(people, ["20", "20", "10"]);
}

#[test]
fn arithmetic_functions() {
    assert_eq!(person("min(score, 80)"), ["80", "70", "59.5"]);
    assert_eq!(person("max(score, 60, 65)"), ["95", "70", "65"]);
    assert_eq!(person("clamp(score, 60, 90)"), ["90", "70", "60"]);
    assert_eq!(person("abs(score - 80)"), ["15", "10", "20.5"]);
    // round half away from zero: 59.5 → 60; 2500.50 × 1.5% = 37.5075 → 37.51
    assert_eq!(person("round(score, 0)"), ["95", "70", "60"]);
    assert_eq!(person("round(base_salary * 1.5%)"), ["60", "45", "37.51"]);
    assert_eq!(
        person("if score >= 90 then 1 else if score >= 60 then 2 else 3"),
        ["1", "2", "3"]
    );
    assert_eq!(
        person("if not (score < 60) and score != 70 then 1 else 0"),
        ["1", "0", "0"]
    );
}

#[test]
fn interpolation_between_two_points() {
    // 服务顾问: between 60% and 100% of target the points rise linearly 0 → 100;
    // held at 0 below 60% and at 100 above 100%. score/100 = 95% → (0.95 − 0.6)/0.4 × 100 = 87.5;
    // 70% → 25; 59.5% → 0.
    assert_eq!(
        person("interpolate(score / 100, 60%, 0, 100%, 100)"),
        ["87.5", "25", "0"]
    );
}

#[test]
fn parameters_as_percentages() {
    // target = "80%" is 0.8: 95 ≥ 80 → 1.
    assert_eq!(
        person("if score / 100 >= target then 1 else 0"),
        ["1", "0", "0"]
    );
}

#[test]
fn division_is_done_last_so_halves_round_the_right_way() {
    // 售后维修人员: standard ÷ 26 × days. 3000.13 ÷ 26 × 13 = 1500.065 exactly → 1500.07 (四舍五入);
    // dividing first would give 1500.0649999… → 1500.06.
    let (_, people) = run("n = 'count(members)'", "v = 'round(3000.13 / 26 * 13)'");
    assert_eq!(people[0], "1500.07");
    let (_, people) = run("n = 'count(members)'", "v = '1 / 3 * 3'");
    assert_eq!(people[0], "1");
    // (a / b) / c = a / (b × c): 1 / 3 / 3 × 9 = 1.
    let (_, people) = run("n = 'count(members)'", "v = '1 / 3 / 3 * 9'");
    assert_eq!(people[0], "1");
}
