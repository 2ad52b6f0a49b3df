//! `check`-time errors: each problem of a scheme reported with file, line and
//! column, all at once, before any data is read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::scheme::load;

/// A small valid scheme; tests replace one part of it.
const BASE: &str = r#"[scheme]
id = "t"
name = "测试"
effective_from = "2024-01"

[parameters]
penalty = { value = 25, type = "money" }

[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id = { header = "工号", type = "id" }
name = { header = "姓名", type = "text" }
team = { header = "班组", type = "id" }
role = { header = "岗位", type = "text" }
base_salary = { header = "底薪", type = "money" }
ok = { header = "合格", type = "yes/no" }

[bands.b]
domain = "0% <= X <= 100%"
outputs = { rate = "money" }
rows = [
  { when = "X < 90%", rate = 25 },
  { when = "90% <= X <= 100%", rate = 30 },
]

[team]
size = 'count(members)'

[person]
extra = 'base_salary * 10%'

[[items]]
code = "bonus"
label = "奖金"
kind = "bonus"
amount = 'extra'

[pay]
base = 'base_salary'
"#;

fn check(text: &str) -> String {
    match load("s.toml", text) {
        Ok(_) => "ok".to_string(),
        Err(d) => d.to_string(),
    }
}

fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    check(&BASE.replacen(from, to, 1))
}

#[test]
fn the_base_scheme_and_the_shipped_scheme_pass() {
    assert_eq!(check(BASE), "ok");
    let shipped = std::fs::read_to_string("schemes/after-sales-repair.toml").unwrap();
    assert_eq!(check(&shipped), "ok");
    let example =
        std::fs::read_to_string("examples/after-sales/schemes/after-sales-repair.toml").unwrap();
    assert_eq!(
        example, shipped,
        "the example workspace carries a copy of the shipped scheme"
    );
}

#[test]
fn unknown_name_points_at_it() {
    // Line 31 is `extra = '…'`; the expression starts at column 10, `bonus_rate` at 24.
    assert_eq!(
        with("base_salary * 10%", "base_salary * bonus_rate"),
        "error: s.toml:31:24: person.extra: unknown name \"bonus_rate\"\n1 error found"
    );
}

#[test]
fn money_plus_yes_no_is_a_type_error() {
    assert_eq!(
        with("base_salary * 10%", "base_salary + ok"),
        "error: s.toml:31:10: person.extra: cannot add money and yes/no\n1 error found"
    );
}

#[test]
fn money_times_money_and_money_plus_number_are_unit_errors() {
    assert_eq!(
        with("base_salary * 10%", "base_salary * penalty"),
        "error: s.toml:31:10: person.extra: cannot multiply money by money\n1 error found"
    );
    assert_eq!(
        with("base_salary * 10%", "base_salary + size_of_team"),
        "error: s.toml:31:24: person.extra: unknown name \"size_of_team\"\n1 error found"
    );
    assert_eq!(
        with("base_salary * 10%", "base_salary + 10%"),
        "error: s.toml:31:10: person.extra: cannot add money and a number; both sides must be money or both plain numbers\n1 error found"
    );
}

#[test]
fn an_item_must_be_money() {
    assert_eq!(
        with("amount = 'extra'", "amount = 'extra / base_salary'"),
        "error: s.toml:37:11: item bonus must give money, but its expression gives a number (multiply by a money parameter or write the amount with 元, e.g. 25元)\n1 error found"
    );
}

#[test]
fn a_cycle_is_reported_with_its_path() {
    let text = BASE
        .replace(
            "size = 'count(members)'",
            "size = 'count(members)'\ntotal = 'sum(members, share)'",
        )
        .replace(
            "extra = 'base_salary * 10%'",
            "extra = 'base_salary * 10%'\nshare = 'team.total / 2'",
        );
    assert_eq!(
        check(&text),
        "error: s.toml:29:10: these rules depend on each other in a cycle: team.total → person.share → team.total\n1 error found"
    );
}

#[test]
fn band_gap_and_overlap_point_at_the_row() {
    assert_eq!(
        with(
            "{ when = \"90% <= X <= 100%\", rate = 30 }",
            "{ when = \"91% <= X <= 100%\", rate = 30 }"
        ),
        "error: s.toml:24:3: band table b: gap: no row holds 90% <= X < 91%\n1 error found"
    );
    assert_eq!(
        with(
            "{ when = \"90% <= X <= 100%\", rate = 30 }",
            "{ when = \"89% <= X <= 100%\", rate = 30 }"
        ),
        "error: s.toml:24:3: band table b: rows 1 and 2 overlap: both hold 89% <= X < 90%\n1 error found"
    );
}

#[test]
fn unknown_keys_are_refused_all_of_them() {
    let text = BASE
        .replace(
            "name = \"测试\"",
            "name = \"测试\"\nefective_from = \"2024-02\"",
        )
        .replace("kind = \"bonus\"", "kind = \"bonus\"\nwhen = 'true'");
    assert_eq!(
        check(&text),
        "error: s.toml:4:1: unknown key \"efective_from\" in [scheme]\n  = allowed keys: id, name, version, effective_from, effective_until, rounding, note, extends\n\
         error: s.toml:38:1: unknown key \"when\" in item 1\n  = allowed keys: code, label, kind, amount, note\n2 errors found"
    );
}

#[test]
fn split_shares_must_add_up_to_100_percent() {
    let text = BASE.replace(
        "[team]",
        "[splits.s]\nby = \"role\"\ncases = [ { members = { \"工程师\" = 2, \"助理\" = 1 }, shares = { \"工程师\" = \"35%\", \"助理\" = \"35%\" } } ]\n\n[team]",
    );
    assert_eq!(
        check(&text),
        "error: s.toml:29:11: the shares of case 1 of split s (2 工程师 + 1 助理) add up to 105%, not 100%\n1 error found"
    );
}

#[test]
fn syntax_errors_in_expressions_and_toml() {
    assert_eq!(
        with("base_salary * 10%", "base_salary * (10% "),
        "error: s.toml:31:29: person.extra: expected \")\", found the end\n1 error found"
    );
    assert_eq!(
        with("[pay]", "[pay"),
        "error: s.toml:39:5: TOML syntax: unclosed table, expected `]`\n1 error found"
    );
}

#[test]
fn several_problems_are_reported_together() {
    let text = BASE
        .replace("base_salary * 10%", "base_salary * nope")
        .replace("amount = 'extra'", "amount = 'ok'");
    assert_eq!(
        check(&text),
        "error: s.toml:31:24: person.extra: unknown name \"nope\"\n\
         error: s.toml:37:11: item bonus must give money, but its expression gives yes/no\n2 errors found"
    );
}

/// The 客服部 response-time indicator, lower is better with upper-inclusive bounds:
/// T ≤ 30 s → 100; 30 < T ≤ 45 → 80; 45 < T ≤ 55 → 60; > 55 → 0.
const RESPONSE_TIME: &str = r#"
[bands.response]
domain = "T >= 0"
better = "lower"
outputs = { score = { type = "number", min = 0, max = 100 } }
rows = [
  { when = "T <= 30", score = 100 },
  { when = "30 < T <= 45", score = 80 },
  { when = "45 < T <= 55", score = 60 },
  { when = "T > 55", score = 0 },
]
"#;

#[test]
fn lower_is_better_bands_with_upper_inclusive_bounds_pass() {
    let text = BASE.replace("[team]", &format!("{RESPONSE_TIME}\n[team]"));
    assert_eq!(check(&text), "ok");
}

#[test]
fn band_values_out_of_range_or_against_the_direction_are_refused() {
    // The source's typo: a band worth "800" in a 0–100 score.
    let typo = RESPONSE_TIME.replace("score = 80 }", "score = 800 }");
    let text = BASE.replace("[team]", &format!("{typo}\n[team]"));
    assert_eq!(
        check(&text),
        "error: s.toml:34:3: band table response: row 2 gives score = 800, outside 0 to 100\n\
         error: s.toml:33:3: band table response: row 1 (T <= 30) gives less score than row 2 (30 < T <= 45), though lower is better\n2 errors found"
    );
}

#[test]
fn rounding_is_0_1_or_2_places() {
    assert_eq!(
        with(
            "effective_from = \"2024-01\"",
            "effective_from = \"2024-01\"\nrounding = 2.0"
        ),
        "ok"
    );
    assert_eq!(
        with(
            "effective_from = \"2024-01\"",
            "effective_from = \"2024-01\"\nrounding = 3"
        ),
        "error: s.toml:5:12: rounding is the number of decimal places amounts are rounded to: 0, 1 or 2 (分)\n1 error found"
    );
}

#[test]
fn a_name_means_one_thing_across_teams_and_persons() {
    assert_eq!(
        with(
            "extra = 'base_salary * 10%'",
            "extra = 'base_salary * 10%'\nsize = 'base_salary'"
        ),
        "error: s.toml:32:1: \"size\" is already defined as a rule (team.size) at line 28\n1 error found"
    );
}

#[test]
fn summed_rows_need_numbers_and_the_roster_is_never_optional() {
    let points = "[inputs.points]\nkind = \"person\"\nkey = \"id\"\nrows = \"sum\"\n[inputs.points.columns]\nid = { header = \"工号\", type = \"id\" }\nescalated = { header = \"上报\", type = \"yes/no\", default = false }\n\n[bands.b]";
    assert_eq!(
        with("[bands.b]", points),
        "error: s.toml:25:1: column points.escalated is yes/no, which rows = \"sum\" cannot add up; use a number column (e.g. 1/0) or rows = \"one\"\n1 error found"
    );
    assert_eq!(
        with("kind = \"roster\"", "kind = \"roster\"\noptional = true"),
        "error: s.toml:9:9: the roster cannot be optional: it defines the people of the month\n1 error found"
    );
}

#[test]
fn thousands_separators_only_in_groups_of_three() {
    assert_eq!(with("value = 25,", "value = \"2,500\","), "ok");
    assert_eq!(
        with("value = 25,", "value = \"2,5\","),
        "error: s.toml:7:21: parameter penalty: \"2,5\" is not a number (write 25, 0.95 or \"95%\")\n1 error found"
    );
}
