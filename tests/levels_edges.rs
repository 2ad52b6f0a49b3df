//! Edges of the levels found in review: a level with entities but no values
//! of its own, groups nested in groups, and group columns that cannot group.
//! Each month is written to a temporary workspace and run through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::compute_in;

const SCHEME: &str = r#"
[scheme]
id = "s"
name = "s"
version = "1"
effective_from = "2024-01"

[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id     = { header = "工号", type = "id" }
name   = { header = "姓名", type = "text" }
team   = { header = "班组", type = "id" }
dept   = { header = "部门", type = "id" }
region = { header = "片区", type = "id" }
sc     = { header = "得分", type = "number" }
base   = { header = "底薪", type = "money" }

[levels]
dept   = { column = "dept", label = "部门" }
region = { column = "region", label = "片区" }

[dept]
teams_in_dept = 'count(teams)'
[month]
teams_in_month = 'count(teams)'
best_sum = 'sum(teams, max(members, sc))'

[pay]
base = 'base'
"#;

const ROSTER: &str = "工号,姓名,班组,部门,片区,得分,底薪\n\
    1,a,T1,E,R1,10,100\n2,b,T1,E,R1,20,100\n3,c,T2,E,R1,30,100\n\
    4,d,T3,W,R2,5,100\n5,e,T4,W,R2,1,100\n";

fn workspace(scheme: &str, roster: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("schemes")).unwrap();
    std::fs::create_dir_all(p.join("data/2024-05")).unwrap();
    std::fs::write(
        p.join("appraise.toml"),
        "[workspace]\nschemes = [\"schemes/s.toml\"]\n",
    )
    .unwrap();
    std::fs::write(p.join("schemes/s.toml"), scheme).unwrap();
    std::fs::write(p.join("data/2024-05/roster.csv"), roster).unwrap();
    dir
}

#[test]
fn teams_are_counted_when_the_scheme_has_no_team_values() {
    // No [team] rules and no team input: the team level has entities but no slots.
    // 部门 E has T1, T2; W has T3, T4 → 2 and 2; the month 4 teams.
    // best_sum = max per team summed: T1 max(10, 20) = 20, T2 30, T3 5, T4 1 → 56.
    let ws = workspace(SCHEME, ROSTER);
    let out = compute_in(ws.path(), "2024-05", &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = doc["groups"].as_array().unwrap();
    let value = |level: &str, id: &str, name: &str| {
        groups
            .iter()
            .find(|g| g["level"] == level && g["id"] == id)
            .map(|g| g["values"][name].clone())
            .unwrap()
    };
    assert_eq!(value("dept", "E", "teams_in_dept"), "2");
    assert_eq!(value("dept", "W", "teams_in_dept"), "2");
    assert_eq!(value("month", "2024-05", "teams_in_month"), "4");
    assert_eq!(value("month", "2024-05", "best_sum"), "56");
}

#[test]
fn a_group_inside_two_larger_groups_is_refused_naming_both() {
    // T4 moves W into 片区 R1 while T3 keeps it in R2.
    let ws = workspace(SCHEME, &ROSTER.replace("5,e,T4,W,R2", "5,e,T4,W,R1"));
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: roster.csv: 部门 W lies in two 片区: R2 (team T3) and R1 (team T4)\n  \
         = each 部门 lies inside one 片区: correct the roster\n1 error found\n"
    );
    assert!(!ws.path().join("out").exists());
}

#[test]
fn a_group_column_must_be_a_required_id_or_text_column() {
    // An integer 部门 would make every department the same "" group.
    let scheme = SCHEME.replace(
        r#"dept   = { header = "部门", type = "id" }"#,
        r#"dept   = { header = "部门", type = "integer" }"#,
    );
    let ws = workspace(&scheme, ROSTER);
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "level dept: column \"dept\" must be a required id or text column: every person belongs to one 部门"
        ),
        "{err}"
    );
}

#[test]
fn a_level_named_like_a_rows_input_is_one_error_at_the_level() {
    let scheme = SCHEME.replace(
        "[levels]",
        "[inputs.dept2]\nkind = \"person\"\nkey = \"id\"\nrows = \"many\"\n[inputs.dept2.columns]\nid = { header = \"工号\", type = \"id\" }\n\n[levels]\ndept2 = { column = \"dept\" }",
    );
    let ws = workspace(&scheme, ROSTER);
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("level dept2 has the name of an input kept as rows"),
        "{err}"
    );
}
