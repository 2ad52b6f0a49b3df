//! Shared test helpers: compute a month of the shipped after-sales scheme from
//! CSV text, and read figures back by person ID and item code.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use appraise::engine::collect::Collected;
use appraise::engine::{Failure, compute};
use appraise::input::records::join;
use appraise::input::table::{FileKind, ReadOptions, read_table_bytes};
use appraise::model::{Level, MonthData, Value};
use appraise::money::format_cents;
use appraise::scheme::{Scheme, load};

pub const SCHEME: &str = "schemes/after-sales-repair.toml";

pub fn scheme() -> Scheme {
    let text = std::fs::read_to_string(SCHEME).expect("scheme file");
    match load(SCHEME, &text) {
        Ok((s, _)) => s,
        Err(d) => panic!("{d}"),
    }
}

pub struct Month {
    pub scheme: Scheme,
    pub outcome: Collected,
}

/// Computes a month from CSV texts (header line included). Panics with the
/// rendered problems if the month does not compute.
pub fn month(roster: &str, repairs: &str, points: Option<&str>) -> Month {
    match try_month(roster, repairs, points) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

/// Computes a month; `Err` holds the rendered problems, one per line.
pub fn try_month(roster: &str, repairs: &str, points: Option<&str>) -> Result<Month, String> {
    try_month_with(scheme(), roster, repairs, points)
}

/// The shipped scheme with `from` replaced by `to` (once; the text must be there).
pub fn scheme_variant(from: &str, to: &str) -> Scheme {
    let text = std::fs::read_to_string(SCHEME).expect("scheme file");
    assert!(text.contains(from), "{from}");
    match load(SCHEME, &text.replacen(from, to, 1)) {
        Ok((s, _)) => s,
        Err(d) => panic!("{d}"),
    }
}

/// Computes a month with the given scheme; `Err` holds the rendered problems.
pub fn try_month_with(
    scheme: Scheme,
    roster: &str,
    repairs: &str,
    points: Option<&str>,
) -> Result<Month, String> {
    let data = month_data(&scheme, roster, repairs, points)?;
    let mut outcome = Collected::default();
    match compute(
        &scheme,
        "2024-05".parse().expect("month"),
        &data,
        &mut outcome,
    ) {
        Ok(()) => Ok(Month { scheme, outcome }),
        Err(Failure::Problems(d)) => Err(render(&d)),
        Err(Failure::Sink(never)) => match never {},
    }
}

impl Month {
    fn person(&self, id: &str) -> &appraise::engine::collect::Person {
        self.outcome
            .people
            .iter()
            .flatten()
            .find(|p| {
                p.values
                    .get(self.scheme.roster.id as usize)
                    .and_then(Value::text)
                    == Some(id)
            })
            .unwrap_or_else(|| panic!("no person {id}"))
    }

    fn team(&self, id: &str) -> u32 {
        self.outcome
            .team_ids
            .iter()
            .position(|t| t == id)
            .unwrap_or_else(|| panic!("no team {id}")) as u32
    }

    /// An item's amount, two decimals.
    pub fn item(&self, id: &str, code: &str) -> String {
        let p = self.person(id);
        let item = self
            .scheme
            .items
            .iter()
            .find(|i| i.code == code)
            .unwrap_or_else(|| panic!("no item {code}"));
        match &p.values[item.slot as usize] {
            Value::Num(d) => format_cents(*d),
            other => panic!("{other:?}"),
        }
    }

    pub fn net(&self, id: &str) -> String {
        format_cents(self.person(id).totals.net)
    }

    pub fn bonus(&self, id: &str) -> String {
        format_cents(self.person(id).totals.bonus)
    }

    pub fn deduction(&self, id: &str) -> String {
        format_cents(self.person(id).totals.deduction)
    }

    /// A team rule's value, as exact text.
    pub fn team_value(&self, team: &str, name: &str) -> String {
        let slot = self
            .scheme
            .slot_named(Level::TEAM, name)
            .unwrap_or_else(|| panic!("no team value {name}"));
        match &self.outcome.teams[self.team(team) as usize][slot as usize] {
            Value::Num(d) => d.normalize().to_string(),
            Value::Bool(b) => b.to_string(),
            other => format!("{other:?}"),
        }
    }
}

pub const ROSTER_HEADER: &str = "工号,姓名,班组,岗位,底薪\n";
pub const REPAIRS_HEADER: &str = "班组,维修台数,品质不合格台数,交付台数,及时交付台数,返修机不足\n";
pub const POINTS_HEADER: &str = "工号,绩效分,事由\n";

/// A two-person team T (engineer E1 base 4000, assistant E2 base 3000) with one repairs row.
pub fn pair(repairs_row: &str) -> Month {
    month(
        &format!("{ROSTER_HEADER}E1,甲,T,维修工程师,4000\nE2,乙,T,助理维修员,3000\n"),
        &format!("{REPAIRS_HEADER}{repairs_row}\n"),
        None,
    )
}

/// Copies a folder tree, leaving out `out/` (results of an earlier run are not part of an example).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "out" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every person's net pay in the example month, worked by hand (README table).
pub const NETS: [(&str, &str); 14] = [
    ("0101", "4385.00"),
    ("0102", "3210.00"),
    ("0201", "5000.00"),
    ("0202", "4620.00"),
    ("0203", "3460.00"),
    ("0301", "4170.00"),
    ("0302", "2872.50"),
    ("0303", "2802.50"),
    ("0401", "4387.00"),
    ("0402", "3264.04"),
    ("0501", "3968.00"),
    ("0502", "2912.00"),
    ("0601", "3885.00"),
    ("0602", "2940.00"),
];

/// A fresh copy of the after-sales example workspace in a temporary folder (its root is the workspace).
pub fn example_workspace() -> tempfile::TempDir {
    example("after-sales")
}

/// A fresh copy of `examples/<name>` in a temporary folder (its root is the workspace).
pub fn example(name: &str) -> tempfile::TempDir {
    copy_of(&format!("examples/{name}"))
}

/// A fresh copy of a folder of the repository (`tests/fixtures/levels`) in a temporary folder.
pub fn copy_of(folder: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
        dir.path(),
    );
    dir
}

/// Computes `month` of `ws` as JSON, which must succeed, and returns the document.
pub fn json_month(ws: &std::path::Path, month: &str) -> serde_json::Value {
    let out = compute_in(ws, month, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Each person of a JSON document as [工号, every item's amount…, net].
pub fn item_rows(doc: &serde_json::Value) -> Vec<Vec<String>> {
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mut row = vec![text(&p["id"])];
            row.extend(
                p["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| text(&i["amount"])),
            );
            row.push(text(&p["net"]));
            row
        })
        .collect()
}

/// Runs `appraise -C ws compute --month MONTH ARGS…`.
pub fn compute_in(ws: &std::path::Path, month: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
        .arg("-C")
        .arg(ws)
        .args(["compute", "--month", month])
        .args(args)
        .output()
        .expect("run appraise")
}

/// Replaces `from` (once; it must be there) by `to` in `data/<month>/<file>` of workspace `ws`.
pub fn edit_data(ws: &std::path::Path, month: &str, file: &str, from: &str, to: &str) {
    edit_file(&ws.join("data").join(month).join(file), from, to);
}

/// Replaces `from` (once; it must be there) by `to` in a file.
pub fn edit_file(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{}: {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Computes `month` of `ws`, which must be refused (exit 1, nothing on standard output); gives standard error.
pub fn refused_month(ws: &std::path::Path, month: &str) -> String {
    let out = compute_in(ws, month, &["--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty(), "{err}");
    err
}

/// Each warning of a JSON document that is a flag, as (工号, label), in order.
pub fn flag_rows(doc: &serde_json::Value) -> Vec<(String, String)> {
    flag_fields(doc, "person", "label")
}

/// Each flag warning of a JSON document as the texts of two of its fields ("" when absent), in order.
pub fn flag_fields(doc: &serde_json::Value, a: &str, b: &str) -> Vec<(String, String)> {
    let text = |w: &serde_json::Value, k: &str| w[k].as_str().unwrap_or("").to_string();
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "flag")
        .map(|w| (text(w, a), text(w, b)))
        .collect()
}

/// The person `id` of a JSON document.
pub fn person<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    entry(doc, "people", id)
}

/// The team `id` of a JSON document.
pub fn team<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    entry(doc, "teams", id)
}

fn entry<'a>(doc: &'a serde_json::Value, list: &str, id: &str) -> &'a serde_json::Value {
    doc[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no {list} entry {id}"))
}

/// The amount of item `code` of a person of a JSON document.
pub fn item_amount(p: &serde_json::Value, code: &str) -> String {
    p["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no item {code}"))["amount"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `appraise::scheme::load` of scheme text named `file`: "ok", or the problems as `check` prints them.
pub fn check_scheme(file: &str, text: &str) -> String {
    match load(file, text) {
        Ok(_) => "ok".to_string(),
        Err(d) => d.to_string(),
    }
}

/// A workspace in a temporary folder: `appraise.toml` naming `schemes/s.toml` (the scheme
/// text given) and the files of `data/<month>/`.
pub fn scheme_workspace(scheme: &str, month: &str, data: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    std::fs::write(
        ws.join("appraise.toml"),
        "[workspace]\nschemes = [\"schemes/s.toml\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(ws.join("schemes")).unwrap();
    std::fs::write(ws.join("schemes/s.toml"), scheme).unwrap();
    let folder = ws.join("data").join(month);
    std::fs::create_dir_all(&folder).unwrap();
    for (name, text) in data {
        std::fs::write(folder.join(name), text).unwrap();
    }
    dir
}

/// The month's data (read and joined) for the given inputs; `Err` holds the rendered problems.
pub fn month_data(
    scheme: &Scheme,
    roster: &str,
    repairs: &str,
    points: Option<&str>,
) -> Result<MonthData, String> {
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    for spec in &scheme.inputs {
        let text = match spec.name.as_str() {
            "roster" => Some(roster),
            "repairs" => Some(repairs),
            "points" => points,
            other => panic!("unexpected input {other}"),
        };
        let Some(text) = text else {
            tables.push(None);
            continue;
        };
        let headers: Vec<&str> = spec.columns.iter().map(|c| c.header.as_str()).collect();
        let opts = ReadOptions {
            required_headers: &headers,
            skip_total_row: spec.total_row,
            ..ReadOptions::default()
        };
        match read_table_bytes(
            text.as_bytes(),
            FileKind::Csv,
            &format!("{}.csv", spec.file),
            &opts,
        ) {
            Ok(t) => {
                problems.extend(t.problems.iter().cloned());
                tables.push(Some(t));
            }
            Err(d) => {
                problems.extend(d);
                tables.push(None);
            }
        }
    }
    if !problems.is_empty() {
        return Err(render(&problems));
    }
    let (data, _) = join(scheme, &tables).map_err(|d| render(&d))?;
    Ok(data)
}

/// Problems rendered one per line.
fn render(d: &[appraise::diagnostic::Diagnostic]) -> String {
    d.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
