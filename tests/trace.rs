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

/// The rows of sheet `sheet` (明细: people; 班组明细: teams), as text.
fn detail(ws: &Path, sheet: &str) -> Vec<Vec<String>> {
    let out = common::compute_in(ws, MONTH, &[]);
    assert!(
        out.status.success(),
        "compute failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb: Xlsx<_> = open_workbook(ws.join("out/2024-05/trace-test-2024-05.xlsx")).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

/// The 明细 row of `item` for person `id` (工号, 姓名, 班组, 项目, 说明, 事由, 结果).
fn row<'a>(rows: &'a [Vec<String>], id: &str, item: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == id && r[3] == item)
        .unwrap_or_else(|| panic!("no 明细 row {id} {item}"))
}

/// The 班组明细 row of team rule `item` of team `team` (层级, 编号, 项目, 说明, 结果).
fn team_row<'a>(rows: &'a [Vec<String>], team: &str, item: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == "班组" && r[1] == team && r[2] == item)
        .unwrap_or_else(|| panic!("no 班组明细 row {team} {item}"))
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
    // each in another row of the table (20 + 10 + 0 = 30); team U's 80 and 65 share one
    // row (10 + 10 = 20), named once.
    let ws = workspace();
    let rows = detail(ws.path(), "班组明细");
    let t = team_row(&rows, "T", "奖金池");
    assert_eq!(
        t[3],
        "奖金池 = 合计(组员，查档（得分档位，得分）.rate) = 30.00\n\
         得分 95 落在「90 <= S <= 100」档（得分档位）→ rate 20.00\n\
         得分 70 落在「60 <= S < 90」档（得分档位）→ rate 10.00\n\
         得分 50 落在「0 <= S < 60」档（得分档位）→ rate 0.00\n\
         合计(3 个员工) = 30.00"
    );
    assert_eq!(t[4], "30");
    let u = team_row(&rows, "U", "奖金池");
    assert_eq!(
        u[3],
        "奖金池 = 合计(组员，查档（得分档位，得分）.rate) = 20.00\n\
         得分 80 落在「60 <= S < 90」档（得分档位）→ rate 10.00\n\
         合计(2 个员工) = 20.00"
    );
    assert_eq!(u[4], "20");
}

#[test]
fn a_split_part_shows_what_its_team_amount_read() {
    // share = split(by_role, if team.pool > 0 then team.pool else team.floor): the
    // amount is computed once per team, yet every member's part shows its reads
    // and, through team.pool, the band rows chosen for the members.
    let ws = workspace();
    let rows = detail(ws.path(), "明细");
    for (id, line, result) in [
        // T: 2 engineers + 1 assistant, 40% / 40% / 20% of 30.00 → 12, 12, 6.
        (
            "01",
            "分成 = （如果 奖金池 30.00 > 0 则 奖金池 30.00 否则 保底）× 工程师 40.00%（2 工程师 + 1 助理） = 12.00",
            "12",
        ),
        (
            "03",
            "分成 = （如果 奖金池 30.00 > 0 则 奖金池 30.00 否则 保底）× 助理 20.00%（2 工程师 + 1 助理） = 6.00",
            "6",
        ),
        // U: 1 + 1, 40% of 20.00 → 8.
        (
            "05",
            "分成 = （如果 奖金池 20.00 > 0 则 奖金池 20.00 否则 保底）× 助理 40.00%（1 工程师 + 1 助理） = 8.00",
            "8",
        ),
    ] {
        let r = row(&rows, id, "分成");
        // Only the branch taken: 保底 (team.floor) is not read, so has no value.
        assert_eq!(r[4].lines().next().unwrap(), line, "{id}");
        assert_eq!(r[6], result, "{id}");
    }
    let lines: Vec<&str> = row(&rows, "02", "分成")[4]
        .lines()
        .skip(1)
        .take(3)
        .collect();
    assert_eq!(
        lines,
        [
            "得分 95 落在「90 <= S <= 100」档（得分档位）→ rate 20.00",
            "得分 70 落在「60 <= S < 90」档（得分档位）→ rate 10.00",
            "得分 50 落在「0 <= S < 60」档（得分档位）→ rate 0.00",
        ]
    );

    // The other branch: the condition's read, then the floor (2 members × 5 = 10.00;
    // 60% → 6).
    edit(
        ws.path(),
        "if team.pool > 0 then",
        "if team.pool > 100元 then",
    );
    let rows = detail(ws.path(), "明细");
    let r = row(&rows, "04", "分成");
    assert_eq!(
        r[4].lines().next().unwrap(),
        "分成 = （如果 奖金池 20.00 > 100元 则 奖金池 20.00 否则 保底 10.00）× 工程师 60.00%（1 工程师 + 1 助理） = 6.00"
    );
    assert_eq!(r[6], "6");
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

/// What a sink asking for `traced` received: per team, the values and the
/// events of every person's and the team's figures.
struct Watch {
    traced: appraise::engine::Traced,
    values: Vec<appraise::model::Value>,
    person_events: Vec<Vec<appraise::engine::trace::Event>>,
    team_events: Vec<Vec<appraise::engine::trace::Event>>,
}

impl appraise::engine::Sink for Watch {
    type Error = std::convert::Infallible;

    fn team(&mut self, t: &appraise::engine::TeamView) -> Result<(), Self::Error> {
        use appraise::model::Level;
        for slot in 0..t.scheme.slots(Level::PERSON).len() as u32 {
            for p in 0..t.members() {
                self.values.push(t.person_value(p, slot).clone());
                self.person_events
                    .push(t.trace(Level::PERSON, p, slot).to_vec());
            }
        }
        for slot in 0..t.scheme.slots(Level::TEAM).len() as u32 {
            self.values.push(t.team_value(slot).clone());
            self.team_events
                .push(t.trace(Level::TEAM, 0, slot).to_vec());
        }
        Ok(())
    }

    fn finish(&mut self, _: &appraise::engine::MonthView) -> Result<(), Self::Error> {
        Ok(())
    }

    fn traced(&self) -> appraise::engine::Traced {
        self.traced
    }
}

#[test]
fn a_sink_gets_the_events_it_asks_for_and_the_same_figures() {
    use appraise::engine::Traced;
    use appraise::engine::trace::Event;
    // domain.md's worked example: team A1 looks up its rate in a band table
    // (a team event), each member's excess bonus splits the team's pool (a
    // person event): 张伟 315.00, 李娜 210.00 whatever is traced.
    let scheme = common::scheme();
    let data = common::month_data(
        &scheme,
        &format!(
            "{}0101,张伟,A1,维修工程师,4000.00\n0102,李娜,A1,助理维修员,3000.00\n",
            common::ROSTER_HEADER
        ),
        &format!("{}A1,150,3,190,182,否\n", common::REPAIRS_HEADER),
        Some(&format!("{}0101,2,客户书面表扬\n", common::POINTS_HEADER)),
    )
    .unwrap();
    let watch = |traced| {
        let mut w = Watch {
            traced,
            values: Vec::new(),
            person_events: Vec::new(),
            team_events: Vec::new(),
        };
        appraise::engine::compute(&scheme, MONTH.parse().unwrap(), &data, &mut w).unwrap();
        w
    };
    let (all, team, nothing) = (
        watch(Traced::All),
        watch(Traced::Team),
        watch(Traced::Nothing),
    );
    assert!(
        all.person_events
            .iter()
            .flatten()
            .any(|e| matches!(e, Event::Split { .. }))
    );
    assert!(
        all.team_events
            .iter()
            .flatten()
            .any(|e| matches!(e, Event::Band { .. }))
    );
    assert!(
        all.values
            .contains(&appraise::model::Value::Num("315.00".parse().unwrap()))
    );
    assert_eq!(team.values, all.values);
    assert_eq!(nothing.values, all.values);
    // Traced::Team records the band rows of the team's rules, the only
    // events its sinks read: All's team events, bands only, nothing more.
    let bands_only: Vec<Vec<Event>> = all
        .team_events
        .iter()
        .map(|evs| {
            evs.iter()
                .filter(|e| matches!(e, Event::Band { .. }))
                .cloned()
                .collect()
        })
        .collect();
    assert!(bands_only.iter().flatten().count() >= 2);
    assert_eq!(team.team_events, bands_only);
    assert!(team.person_events.iter().all(Vec::is_empty));
    assert!(nothing.person_events.iter().all(Vec::is_empty));
    assert!(nothing.team_events.iter().all(Vec::is_empty));
}
