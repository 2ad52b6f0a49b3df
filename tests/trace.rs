//! What the trace records, read back from the workbook's 明细 sheet of a small
//! fixture workspace (tests/fixtures/trace): band rows chosen inside an
//! aggregate, a split's team amount (only the branch of its `if` taken), and
//! why a value is not given.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use calamine::{Data, Reader, Xlsx, open_workbook};
use std::path::Path;

const MONTH: &str = "2024-05";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trace"),
        dir.path(),
    );
    dir
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The 明细 rows, as text.
fn detail(ws: &Path) -> Vec<Vec<String>> {
    let out = common::compute_in(ws, MONTH, &[]);
    assert!(
        out.status.success(),
        "compute failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb: Xlsx<_> = open_workbook(ws.join("out/2024-05/trace-test-2024-05.xlsx")).unwrap();
    let range = wb.worksheet_range("明细").unwrap();
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

/// The 明细 row of `item` for person `id`, or of team rule `item` of team `team` (id "").
fn row<'a>(rows: &'a [Vec<String>], id: &str, team: &str, item: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == id && r[2] == team && r[3] == item)
        .unwrap_or_else(|| panic!("no 明细 row {id} {team} {item}"))
}

/// Replaces `from` by `to` in the fixture's scheme (the text must be there).
fn edit(ws: &Path, from: &str, to: &str) {
    let path = ws.join("schemes/t.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// Runs a month that must be refused; its error text.
fn refused(ws: &Path) -> String {
    let out = common::compute_in(ws, MONTH, &[]);
    assert!(!out.status.success(), "computed, but should not have");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn band_rows_chosen_inside_an_aggregate_are_recorded() {
    // pool = sum(members, band(grade, score).rate): team T's members score 95, 70 and 50,
    // each in another row of the table (20 + 10 + 0); team U's 80 and 65 share one row.
    let ws = workspace();
    let rows = detail(ws.path());
    let t = row(&rows, "", "T", "奖金池");
    assert_eq!(t[4], "pool = sum(members, band(grade, score).rate)");
    assert_eq!(
        t[7],
        "得分档位: 90 <= S <= 100; 得分档位: 60 <= S < 90; 得分档位: 0 <= S < 60"
    );
    assert_eq!(t[8], "30");
    let u = row(&rows, "", "U", "奖金池");
    assert_eq!(u[7], "得分档位: 60 <= S < 90");
    assert_eq!(u[8], "20");
}

#[test]
fn a_split_part_shows_what_its_team_amount_read() {
    // share = split(by_role, if team.pool > 0 then team.pool else team.floor): the
    // amount is computed once per team, yet every member's part shows its reads
    // and, through team.pool, the band rows chosen for the members.
    let ws = workspace();
    let rows = detail(ws.path());
    for (id, team, values, result) in [
        (
            "01",
            "T",
            "by_role = 工程师 40.00% (2 工程师 + 1 助理); team.pool = 30.00",
            "12",
        ),
        (
            "03",
            "T",
            "by_role = 助理 20.00% (2 工程师 + 1 助理); team.pool = 30.00",
            "6",
        ),
        (
            "05",
            "U",
            "by_role = 助理 40.00% (1 工程师 + 1 助理); team.pool = 20.00",
            "8",
        ),
    ] {
        let r = row(&rows, id, team, "分成");
        // Only the branch taken: team.floor is not read.
        assert_eq!(r[6], values, "{id}");
        assert_eq!(r[8], result, "{id}");
    }
    assert_eq!(
        row(&rows, "02", "T", "分成")[7],
        "得分档位: 90 <= S <= 100; 得分档位: 60 <= S < 90; 得分档位: 0 <= S < 60"
    );

    // The other branch: the condition's read, then the floor.
    edit(
        ws.path(),
        "if team.pool > 0 then",
        "if team.pool > 100元 then",
    );
    let rows = detail(ws.path());
    let r = row(&rows, "04", "U", "分成");
    assert_eq!(
        r[6],
        "by_role = 工程师 60.00% (1 工程师 + 1 助理); team.pool = 20.00; team.floor = 10.00"
    );
    assert_eq!(r[8], "6");
}

#[test]
fn a_value_not_given_names_its_blank_cell_or_missing_row() {
    // extra.csv: 01 has 加分 3, 02's cell is blank, 03–05 have no row.
    let ws = workspace();
    edit(
        ws.path(),
        "'if given(bonus) then bonus else 0'",
        "'bonus_copy + 1'",
    );
    let err = refused(ws.path());
    let hint = "; write given(…) to test it, or say what an empty aggregate gives with none = …";
    for part in [
        format!(
            "person 02 乙 (team T): cannot compute extra_n (加分(有则计)) = bonus_copy + 1: bonus_copy is not given (blank cell in extra.csv row 3){hint}"
        ),
        format!(
            "person 03 丙 (team T): cannot compute extra_n (加分(有则计)) = bonus_copy + 1: bonus_copy is not given (no row in extra.csv){hint}"
        ),
    ] {
        assert!(err.contains(&part), "{part:?} not in:\n{err}");
    }
    assert!(!err.contains("person 01 "), "{err}");
}

#[test]
fn a_value_not_given_names_its_empty_aggregate_or_blank_row_cell() {
    // visits.csv: 01 has a row of 30 minutes and a row with a blank cell (row 3);
    // 04 has one row; 02, 03 and 05 have none. An error inside the aggregate names
    // the person; the cause names the row.
    let ws = workspace();
    edit(
        ws.path(),
        "'if given(bonus) then bonus else 0'",
        "'visit_max * 2'",
    );
    let err = refused(ws.path());
    assert!(
        err.contains("person 02 乙 (team T): cannot compute extra_n (加分(有则计)) = visit_max * 2: visit_max is not given (max of no visits rows); write given(…)"),
        "{err}"
    );
    assert!(!err.contains("person 01 "), "{err}");
    assert!(!err.contains("person 04 "), "{err}");

    let ws = workspace();
    edit(
        ws.path(),
        "'max(visits, minutes)'",
        "'sum(visits, minutes * 60)'",
    );
    let err = refused(ws.path());
    assert!(
        err.contains("person 01 甲 (team T): cannot compute visit_max (最长回访) = sum(visits, minutes * 60): minutes is not given (blank cell in visits.csv row 3); write given(…)"),
        "{err}"
    );
}
