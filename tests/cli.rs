//! The binary as a clerk and a script use it: the shipped example, the JSON
//! contract, `check`, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{NETS, copy_dir};
use std::path::Path;
use std::process::{Command, Output};

/// `compute --month MONTH --format json` in workspace `ws`; asserts success.
fn json_month(ws: &Path, month: &str) -> serde_json::Value {
    let out = common::compute_in(ws, month, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn appraise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appraise"))
        .args(args)
        .output()
        .expect("run appraise")
}

/// The example workspace, copied somewhere else entirely.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/after-sales"), &dir.path().join("ws"));
    dir
}

#[test]
fn json_contract_on_the_example_month() {
    let dir = example_copy();
    let ws = dir.path().join("ws");
    // Standard output is one JSON document and nothing else.
    let doc = json_month(&ws, "2024-05");
    assert_eq!(doc["month"], "2024-05");
    assert_eq!(doc["scheme"]["id"], "after-sales-repair");
    let people = doc["people"].as_array().unwrap();
    assert_eq!(people.len(), 14);
    let zhang = &people[0];
    assert_eq!(zhang["id"], "0101", "leading zeros kept");
    assert_eq!(zhang["name"], "张伟");
    assert_eq!(zhang["team"], "A1");
    assert_eq!(zhang["bonus"], "385.00");
    assert_eq!(zhang["deduction"], "0.00");
    assert_eq!(zhang["net"], "4385.00");
    let excess = &zhang["items"][0];
    assert_eq!(excess["code"], "excess_bonus");
    assert_eq!(excess["label"], "超额奖金");
    assert_eq!(excess["kind"], "bonus");
    assert_eq!(excess["amount"], "315.00");
    // Every net, worked by hand in tests/engine.rs and the example's README table.
    let nets: Vec<(&str, &str)> = people
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["net"].as_str().unwrap()))
        .collect();
    assert_eq!(nets, NETS.to_vec());
    let a1 = &doc["teams"][0];
    assert_eq!(a1["id"], "A1");
    assert_eq!(a1["values"]["pool"], "525.00");
    assert_eq!(a1["bands"][0]["rule"], "rate");
    assert_eq!(a1["bands"][0]["table"], "timeliness");
    assert_eq!(a1["bands"][0]["band"], "95% <= X1 < 100%");
    // Amounts are always strings with exactly two decimals.
    for p in people {
        for key in ["base", "bonus", "deduction", "net"] {
            let s = p[key].as_str().unwrap();
            assert_eq!(s.split('.').nth(1).map(str::len), Some(2), "{key} = {s}");
        }
    }
}

#[test]
fn default_format_writes_the_workbook_under_out_month() {
    let dir = example_copy();
    let ws = dir.path().join("ws");
    let out = appraise(&["-C", ws.to_str().unwrap(), "compute", "--month", "2024-05"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(
        ws.join("out/2024-05/after-sales-repair-2024-05.xlsx")
            .is_file()
    );
}

#[test]
fn check_validates_a_scheme_without_data() {
    let out = appraise(&["check", "schemes/after-sales-repair.toml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ok: schemes/after-sales-repair.toml: after-sales-repair 2024.1 (售后服务部技术人员绩效考核方案), in force 2024-01 to no end: \
         3 inputs, 1 band tables, 1 splits, 19 rules, 5 items\n"
    );
}

#[test]
fn a_later_month_computes_with_the_open_ended_scheme() {
    let dir = example_copy();
    let ws = dir.path().join("ws");
    copy_dir(&ws.join("data/2024-05"), &ws.join("data/2026-11"));
    let out = common::compute_in(&ws, "2026-11", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let before = appraise(&["-C", ws.to_str().unwrap(), "compute", "--month", "2023-12"]);
    assert_eq!(before.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&before.stderr),
        "error: appraise.toml: no scheme is in force for 2023-12\n1 error found\n"
    );
}

#[test]
fn exit_codes() {
    let usage = appraise(&["compute"]);
    assert_eq!(usage.status.code(), Some(2));
    let bad_month = appraise(&[
        "-C",
        "examples/after-sales",
        "compute",
        "--month",
        "2024-5",
        "--format",
        "json",
    ]);
    assert_eq!(bad_month.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&bad_month.stderr),
        "error: \"2024-5\" is not a month; expected YYYY-MM, e.g. 2024-05\n1 error found\n"
    );
    assert!(bad_month.stdout.is_empty());
}

#[test]
fn the_workspace_encoding_overrides_detection() {
    // A GBK roster is detected as GBK; once the workspace says utf-8 it is read as UTF-8 and refused.
    let dir = example_copy();
    let ws = dir.path().join("ws");
    let roster = std::fs::read_to_string(ws.join("data/2024-05/roster.csv")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&roster);
    std::fs::write(ws.join("data/2024-05/roster.csv"), &gbk).unwrap();
    json_month(&ws, "2024-05");
    let config = std::fs::read_to_string(ws.join("appraise.toml")).unwrap();
    std::fs::write(
        ws.join("appraise.toml"),
        config.replace("out = \"out\"", "out = \"out\"\nencoding = \"utf-8\""),
    )
    .unwrap();
    let forced = common::compute_in(&ws, "2024-05", &["--format", "json"]);
    assert_eq!(forced.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&forced.stderr),
        "error: roster.csv: is not valid UTF-8 text\n  = leave the encoding out to have it detected\n1 error found\n"
    );
}

#[test]
fn a_later_version_of_a_scheme_takes_over_from_its_month() {
    // v2 raises the penalty per missing unit from 25 to 30 元 from 2024-06; May keeps v1.
    let dir = example_copy();
    let ws = dir.path().join("ws");
    let v1 = std::fs::read_to_string(ws.join("schemes/after-sales-repair.toml")).unwrap();
    let v2 = v1
        .replace("version = \"2024.1\"", "version = \"2024.6\"")
        .replace(
            "effective_from = \"2024-01\"",
            "effective_from = \"2024-06\"",
        )
        .replace(
            "shortfall_penalty = { value = 25,",
            "shortfall_penalty = { value = 30,",
        );
    std::fs::write(ws.join("schemes/after-sales-repair-2024-06.toml"), v2).unwrap();
    let config = std::fs::read_to_string(ws.join("appraise.toml")).unwrap();
    std::fs::write(
        ws.join("appraise.toml"),
        config.replace(
            "schemes = [\"schemes/after-sales-repair.toml\"]",
            "schemes = [\"schemes/after-sales-repair.toml\", \"schemes/after-sales-repair-2024-06.toml\"]",
        ),
    )
    .unwrap();
    copy_dir(&ws.join("data/2024-05"), &ws.join("data/2024-06"));
    let net = |month: &str, id: &str| {
        let doc = json_month(&ws, month);
        let p = doc["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone();
        (
            doc["scheme"]["version"].as_str().unwrap().to_string(),
            p["net"].as_str().unwrap().to_string(),
        )
    };
    // 周杰 (A3, 13 short, 40%): May 13 × 25 × 40% = 130.00 → 4170.00; June 13 × 30 × 40% = 156.00 → 4144.00.
    assert_eq!(
        net("2024-05", "0301"),
        ("2024.1".to_string(), "4170.00".to_string())
    );
    assert_eq!(
        net("2024-06", "0301"),
        ("2024.6".to_string(), "4144.00".to_string())
    );
}

#[test]
fn a_misnamed_optional_input_is_not_silently_ignored() {
    let dir = example_copy();
    let ws = dir.path().join("ws");
    std::fs::rename(
        ws.join("data/2024-05/points.csv"),
        ws.join("data/2024-05/Points.csv"),
    )
    .unwrap();
    let out = common::compute_in(&ws, "2024-05", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: data/2024-05: no file for optional input points (额外通报奖惩绩效分): everyone takes its defaults\n  \
         = found Points.csv: the file must be named points.csv, .xlsx, .xls or .ods\n"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["warnings"][0]["kind"], "input");
}
