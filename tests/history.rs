//! History rules over four months (examples/history, schemes/history.toml):
//! each month's manifest keeps score, first_run and last_run; the next month
//! reads them with past(1, …). Every figure below is worked by hand from the
//! example's scores; a month is computed only after the one before it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{compute_in, example};

fn workspace() -> tempfile::TempDir {
    example("history")
}

/// Computes `month` (writing its workbook and manifest) and returns its JSON.
fn month(ws: &std::path::Path, month: &str) -> serde_json::Value {
    let out = compute_in(ws, month, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = compute_in(ws, month, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Asserts that `text` holds `needle`, showing `text` when it does not.
fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "{needle}\nnot in:\n{text}");
}

fn person<'d>(doc: &'d serde_json::Value, id: &str) -> &'d serde_json::Value {
    doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
}

fn item(doc: &serde_json::Value, id: &str, code: &str) -> String {
    let p = doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap();
    let i = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap();
    i["amount"].as_str().unwrap().to_string()
}

/// (flag code, person ID) of every flag raised.
fn flags(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "flag")
        .map(|w| {
            (
                w["code"].as_str().unwrap().to_string(),
                w["person"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn four_months_of_runs_bonuses_and_flags() {
    let ws = workspace();
    let ws = ws.path();
    // 2024-01 (no earlier results: none = 0 / no). D1: A 90 (1st), B 80, C 30 (last);
    // D2: D alone (1st and last). Runs: A first 1, C last 1, D first 1 and last 1.
    // C is below 35 but was not last month (none = no): no warning.
    let jan = month(ws, "2024-01");
    assert_eq!(item(&jan, "A", "run_bonus"), "0.00");
    assert_eq!(flags(&jan), pairs(&[]));
    // 2024-02. D1: A 95 (1st, run 2), C 20 (last, run 2; below 35 twice → warning);
    // D alone again: first run 2, last run 2.
    let feb = month(ws, "2024-02");
    assert_eq!(item(&feb, "A", "run_bonus"), "0.00");
    assert_eq!(flags(&feb), pairs(&[("dismissal_warning", "C")]));
    // 2024-03. D1: A 92 and B 92 tie for 1st (both rank 1): A's run 3 → 3 mod 3 = 0 →
    // 300.00 bonus; B's run 1. C 40 last → run 3 → 淘汰. D2: E joins (not in February:
    // none = 0) with 88 > D's 50: E first run 1; D last → run 3 → 淘汰.
    let mar = month(ws, "2024-03");
    assert_eq!(item(&mar, "A", "run_bonus"), "300.00");
    assert_eq!(item(&mar, "B", "run_bonus"), "0.00");
    assert_eq!(item(&mar, "E", "run_bonus"), "0.00");
    let a = person(&mar, "A");
    assert_eq!(a["net"], "3300.00");
    assert_eq!(
        flags(&mar),
        pairs(&[("eliminated", "C"), ("eliminated", "D")])
    );
    // 2024-04. A 99 1st → run 4 (4 mod 3 = 1: no bonus); B 70 second → 0.
    // C 10 last → run 4 → 淘汰 again; below 35 but March's 40 was not → no warning.
    // E 90 1st → run 2; D 30 last → run 4 → 淘汰 (D's 30 is below 35 but March's 50 was not).
    let apr = month(ws, "2024-04");
    assert_eq!(item(&apr, "A", "run_bonus"), "0.00");
    assert_eq!(
        flags(&apr),
        pairs(&[("eliminated", "C"), ("eliminated", "D")])
    );
}

#[test]
fn a_missing_earlier_month_takes_the_declared_none() {
    // February is never computed: March reads no results for it and takes none = 0:
    // A's first run restarts at 1 (no bonus), C's last run at 1 (no 淘汰).
    let ws = workspace();
    let ws = ws.path();
    month(ws, "2024-01");
    let mar = month(ws, "2024-03");
    assert_eq!(item(&mar, "A", "run_bonus"), "0.00");
    assert_eq!(flags(&mar), pairs(&[]));
}

#[test]
fn a_missing_earlier_month_without_none_is_an_error_naming_it() {
    let ws = workspace();
    let ws = ws.path();
    let scheme = ws.join("schemes/history.toml");
    let text = std::fs::read_to_string(&scheme).unwrap();
    std::fs::write(
        &scheme,
        text.replace("past(1, first_run, none = 0) + 1", "past(1, first_run) + 1"),
    )
    .unwrap();
    let out = compute_in(ws, "2024-03", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    has(
        &err,
        "month 2024-02 has no archived results (out/2024-02/manifest.json): compute it first, or say what past(…) gives then with none = …",
    );
    has(&err, "person A 甲 (team T1): cannot compute first_run");
}

#[test]
fn a_batch_computes_history_months_in_order_and_verify_notices_an_earlier_month_changing() {
    let ws = workspace();
    let ws = ws.path();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
            .arg("-C")
            .arg(ws)
            .args(args)
            .output()
            .unwrap()
    };
    // One worker, month after month: each month reads the one before.
    let out = run(&["compute", "--from", "2024-01", "--to", "2024-04"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest = |m: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(ws.join(format!("out/{m}/manifest.json"))).unwrap())
            .unwrap()
    };
    // March's manifest keeps A's run of 3 and records February's manifest as read.
    let mar = manifest("2024-03");
    let a = person(&mar, "A");
    assert_eq!(a["kept"]["first_run"], "3");
    assert_eq!(a["kept"]["score"], "92");
    assert_eq!(mar["earlier_months"][0]["month"], "2024-02");
    assert!(mar["earlier_months"][0]["sha256"].is_string());
    // February recomputed with B first (A 80, B 95): February's manifest changes,
    // so March — whose own inputs did not change — no longer agrees.
    let scores = ws.join("data/2024-02/scores.csv");
    std::fs::write(&scores, "工号,绩效分\nA,80\nB,95\nC,20\nD,60\n").unwrap();
    assert_eq!(
        run(&["compute", "--month", "2024-02"]).status.code(),
        Some(0)
    );
    let out = run(&["verify", "--month", "2024-03"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    has(
        &text,
        "earlier month 2024-02 read by history rules changed: manifest ",
    );
    // A's run restarts in March (February no longer first): 1, no bonus.
    has(&text, "person A 甲 (T1): run_bonus 300.00 → 0.00");
}
