//! `[deductions.NAME]` checked at load, before any data: each mistake reported at its scheme
//! line with the exact message (the shipped use is tests/property_service.rs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use appraise::scheme::load;
use common::check_scheme;

/// A small valid scheme with one deduction table; tests replace one part of it.
const BASE: &str = r#"[scheme]
id = "d"
name = "扣分"
effective_from = "2024-01"

[parameters]
point_value = { value = 10, type = "money" }

[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id = { header = "工号", type = "id" }
name = { header = "姓名", type = "text" }
team = { header = "班组", type = "id" }

[inputs.incidents]
kind = "person"
key = "id"
rows = "many"
[inputs.incidents.columns]
id = { header = "工号", type = "id" }
category = { header = "类别", type = "text" }
points = { header = "分", type = "number", default = 0 }

[deductions.lost]
incidents = "incidents"
by = "category"
total = 17
categories = [
  { name = "仪容仪表", code = "look", points = 5, per_incident = 1, all_from = 3 },
  { name = "工作纪律", code = "rules", points = 12, per_incident = 2, all_from = 3 },
]

[[items]]
code = "fine"
label = "扣款"
kind = "deduction"
amount = 'lost * point_value'

[pay]
base = '0元'
"#;

/// `check` of the base scheme with `from` replaced by `to` (once; it must be there).
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    check_scheme("d.toml", &BASE.replacen(from, to, 1))
}

#[test]
fn the_base_scheme_passes_and_fills_the_category_column_one_of() {
    let (s, warnings) = load("d.toml", BASE).unwrap();
    assert!(warnings.is_empty());
    let incidents = s.inputs.iter().find(|i| i.name == "incidents").unwrap();
    let category = incidents
        .columns
        .iter()
        .find(|c| c.name == "category")
        .unwrap();
    assert_eq!(category.one_of, ["仪容仪表", "工作纪律"]);
}

#[test]
fn per_incident_above_the_categorys_points() {
    // Line 31 is the 工作纪律 category; per_incident 13 starts at column 64.
    assert_eq!(
        with(
            "points = 12, per_incident = 2",
            "points = 12, per_incident = 13"
        ),
        "error: d.toml:31:64: deductions.lost: category 工作纪律: per_incident 13 is more than the category's points 12\n1 error found"
    );
}

#[test]
fn all_from_below_1_above_100_or_not_whole() {
    assert_eq!(
        with(
            "per_incident = 1, all_from = 3",
            "per_incident = 1, all_from = 0"
        ),
        "error: d.toml:30:76: deductions.lost: category 仪容仪表: all_from = 0: the incident from which all points are lost is a whole number from 1 to 100\n1 error found"
    );
    assert_eq!(
        with(
            "per_incident = 1, all_from = 3",
            "per_incident = 1, all_from = 2.5"
        ),
        "error: d.toml:30:76: deductions.lost: category 仪容仪表: all_from = 2.5: the incident from which all points are lost is a whole number from 1 to 100\n1 error found"
    );
    assert_eq!(
        with(
            "per_incident = 1, all_from = 3",
            "per_incident = 1, all_from = 101"
        ),
        "error: d.toml:30:76: deductions.lost: category 仪容仪表: all_from = 101: the incident from which all points are lost is a whole number from 1 to 100\n1 error found"
    );
}

#[test]
fn incidents_before_all_from_losing_more_than_the_category() {
    // 5 points, 3 per incident: the 2nd incident already loses 6 > 5 before the 3rd takes all 5.
    assert_eq!(
        with(
            "points = 5, per_incident = 1",
            "points = 5, per_incident = 3"
        ),
        "error: d.toml:30:76: deductions.lost: category 仪容仪表: 2 incidents lose 2 × 3 = 6 points, more than the category's 5 before all_from = 3 is reached\n  = check points, per_incident and all_from against the source\n1 error found"
    );
}

#[test]
fn points_that_do_not_add_up_to_the_total() {
    assert_eq!(
        with("total = 17", "total = 20"),
        "error: d.toml:28:9: deductions.lost: the categories' points add up to 17, not total = 20 (仪容仪表 5 + 工作纪律 12)\n1 error found"
    );
}

#[test]
fn points_written_as_money_or_a_percentage() {
    assert_eq!(
        with("points = 5,", "points = \"5元\","),
        "error: d.toml:30:44: deductions.lost: category 仪容仪表: points is \"5元\": points are a plain number (write 10, not \"10元\" or \"10%\")\n1 error found"
    );
    assert_eq!(
        with("per_incident = 2,", "per_incident = \"2%\","),
        "error: d.toml:31:64: deductions.lost: category 工作纪律: per_incident is \"2%\": points are a plain number (write 10, not \"10元\" or \"10%\")\n1 error found"
    );
}

#[test]
fn incidents_must_be_an_input_kept_as_rows() {
    assert_eq!(
        with("rows = \"many\"", "rows = \"one\""),
        "error: d.toml:26:13: deductions.lost: incidents = \"incidents\": input incidents is not kept as rows: give it rows = \"many\" (one row per incident); incidents come from a person input with rows = \"many\" (the scheme has none)\n1 error found"
    );
    assert_eq!(
        with("by = \"category\"", "by = \"kind\""),
        "error: d.toml:27:6: deductions.lost: input incidents has no column \"kind\" (it has: id, category, points)\n1 error found"
    );
    assert_eq!(
        with("by = \"category\"", "by = \"points\""),
        "error: d.toml:27:6: deductions.lost: column incidents.points names the category, so it must be text\n1 error found"
    );
}

#[test]
fn a_category_the_columns_one_of_does_not_allow() {
    assert_eq!(
        with(
            "category = { header = \"类别\", type = \"text\" }",
            "category = { header = \"类别\", type = \"text\", one_of = [\"仪容仪表\", \"其他\"] }"
        ),
        "error: d.toml:31:3: deductions.lost: category \"工作纪律\" is not a value column 类别 allows (one_of: 仪容仪表, 其他); leave one_of out and the categories are the values allowed\n1 error found"
    );
}

#[test]
fn a_category_listed_twice_and_a_name_rules_cannot_use() {
    assert_eq!(
        with(
            "name = \"工作纪律\", code = \"rules\"",
            "name = \"仪容仪表\", code = \"rules\""
        ),
        "error: d.toml:31:3: deductions.lost: category \"仪容仪表\" is listed twice\n1 error found"
    );
    assert_eq!(
        with(
            "name = \"仪容仪表\", code = \"look\", ",
            "name = \"仪容 仪表\", "
        ),
        "error: d.toml:30:12: deductions.lost: category 仪容 仪表: the name is not a name rules can use; give it code = \"…\" (letters, digits and _)\n1 error found"
    );
}

/// The three kinds of category computed: all N from the n-th (band), capped at N
/// (no all_from), and k per incident (no points).
#[test]
fn each_kind_of_category_computed_by_hand() {
    let scheme = BASE.replacen("total = 17\n", "", 1).replacen(
        "  { name = \"工作纪律\", code = \"rules\", points = 12, per_incident = 2, all_from = 3 },\n",
        "  { name = \"工作纪律\", code = \"rules\", points = 12, per_incident = 2, all_from = 3 },\n  { name = \"迟到\", code = \"late\", per_incident = 2 },\n  { name = \"卫生\", code = \"tidy\", points = 5, per_incident = 2 },\n",
        1,
    );
    let mut incidents = String::from("工号,类别,分\n");
    for (id, category, times) in [
        ("A", "仪容仪表", 2),
        ("A", "工作纪律", 4),
        ("A", "迟到", 3),
        ("A", "卫生", 3),
        ("C", "卫生", 2),
        ("C", "迟到", 1),
    ] {
        for _ in 0..times {
            incidents.push_str(&format!("{id},{category},0\n"));
        }
    }
    let dir = common::scheme_workspace(
        &scheme,
        "2024-05",
        &[
            ("roster.csv", "工号,姓名,班组\nA,甲,T\nB,乙,T\nC,丙,T\n"),
            ("incidents.csv", &incidents),
        ],
    );
    let doc = common::json_month(dir.path(), "2024-05");
    // A: 仪容仪表 2 × 1 = 2 (below 3); 工作纪律 4 ≥ 3 → all 12; 迟到 3 × 2 = 6 (no cap);
    //    卫生 3 × 2 = 6 capped at 5 → 2 + 12 + 6 + 5 = 25 points × 10 元 = 250.00.
    // B: nothing → 0.00. C: 卫生 2 × 2 = 4 (under 5); 迟到 1 × 2 = 2 → 6 × 10 = 60.00.
    let fines: Vec<(String, String)> = common::item_rows(&doc)
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let want = [("A", "250.00"), ("B", "0.00"), ("C", "60.00")]
        .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(fines, want);
}
