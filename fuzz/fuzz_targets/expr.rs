//! An expression → a rule of a minimal scheme (a band table, a split, a
//! parameter, one roster of three people in two teams) → loaded, and when it
//! loads, evaluated on that tiny month. Input `T:<expr>` is a team rule,
//! anything else a person rule. Any panic is a bug.
#![no_main]

use appraise::engine::collect::Collected;
use appraise::engine::{Failure, compute};
use appraise::input::records::join;
use appraise::input::table::{FileKind, ReadOptions, read_table_bytes};
use libfuzzer_sys::fuzz_target;

const ROSTER: &str = "工号,姓名,班组,岗位,底薪,得分\n\
01,甲,T,维修工程师,4000,95\n02,乙,T,助理维修员,3000,70\n03,丙,U,维修工程师,2500.50,59.5\n";

const SCHEME: &str = r#"[scheme]
id = "x"
name = "x"
effective_from = "2024-01"
[parameters]
target = { value = "80%" }
step = { value = 25, type = "money" }
[inputs.roster]
kind = "roster"
[inputs.roster.columns]
id = { header = "工号", type = "id" }
name = { header = "姓名", type = "text" }
team = { header = "班组", type = "id" }
role = { header = "岗位", type = "text" }
base_salary = { header = "底薪", type = "money" }
score = { header = "得分", type = "number" }
[bands.grade]
domain = "0 <= S <= 100"
outputs = { pay = "money", ratio = "percent" }
rows = [
  { when = "0 <= S < 60", pay = 0, ratio = "0%" },
  { when = "60 <= S < 90", pay = 100, ratio = "50%" },
  { when = "90 <= S <= 100", pay = 200, ratio = "100%" },
]
[splits.by_role]
by = "role"
cases = [
  { members = { "维修工程师" = 1, "助理维修员" = 1 }, shares = { "维修工程师" = "60%", "助理维修员" = "40%" } },
  { members = { "维修工程师" = 1 }, shares = { "维修工程师" = "100%" } },
]
[team]
n = 'count(members)'
pool = { type = "money", expr = 'sum(members, base_salary) / 100' }
"#;

/// `s` as a TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (team_rule, person_rule) = match input.strip_prefix("T:") {
        Some(e) => (format!("v = {}", quoted(e)), String::new()),
        None => (String::new(), format!("v = {}", quoted(input))),
    };
    let text = format!("{SCHEME}{team_rule}\n[person]\n{person_rule}\n[pay]\nbase = 'base_salary'\n");
    let scheme = match appraise::scheme::load("x.toml", &text) {
        Ok((s, _)) => s,
        Err(d) => {
            let _ = d.to_string();
            return;
        }
    };
    let Some(spec) = scheme.inputs.first() else {
        return;
    };
    let headers: Vec<&str> = spec.columns.iter().map(|c| c.header.as_str()).collect();
    let opts = ReadOptions {
        required_headers: &headers,
        ..ReadOptions::default()
    };
    let Ok(table) = read_table_bytes(ROSTER.as_bytes(), FileKind::Csv, "roster.csv", &opts) else {
        return;
    };
    let Ok((month_data, _)) = join(&scheme, &[Some(table)]) else {
        return;
    };
    let Ok(month) = "2024-05".parse() else {
        return;
    };
    let mut sink = Collected::default();
    if let Err(Failure::Problems(d)) = compute(&scheme, month, &month_data, &mut sink) {
        for d in d {
            let _ = d.to_string();
        }
    }
});
