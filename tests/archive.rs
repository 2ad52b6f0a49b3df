//! The archive of a month, end to end on copies of examples/after-sales:
//! out/<month>/manifest.json, `verify`, `close`, `reopen`, and `compute`
//! refusing a closed month.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use appraise::digest::sha256_hex;
use common::{NETS, compute_in, example_workspace};
use std::path::{Path, PathBuf};
use std::process::Output;

const MANIFEST: &str = "out/2024-05/manifest.json";
const WORKBOOK: &str = "out/2024-05/after-sales-repair-2024-05.xlsx";
const REPAIRS: &str = "data/2024-05/repairs.csv";
const SCHEME: &str = "schemes/after-sales-repair.toml";

fn appraise(ws: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
        .arg("-C")
        .arg(ws)
        .args(args)
        .output()
        .expect("run appraise")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Computes the example month (the workbook), which must succeed.
fn computed() -> tempfile::TempDir {
    let ws = example_workspace();
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    ws
}

fn read(ws: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(ws.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn manifest(ws: &Path) -> serde_json::Value {
    serde_json::from_slice(&read(ws, MANIFEST)).unwrap()
}

fn sha(ws: &Path, rel: &str) -> String {
    sha256_hex(&read(ws, rel))
}

fn short(sha: &str) -> &str {
    &sha[..12]
}

fn replace_in(ws: &Path, rel: &str, from: &str, to: &str) {
    let path = ws.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel}: {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p: PathBuf = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// Whether `text` holds something shaped like a date, YYYY-MM-DD.
fn has_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
    })
}

// ------------------------------------------------------------- manifest

#[test]
fn the_manifest_is_identical_on_two_runs_and_holds_no_date() {
    let ws = computed();
    let first = read(ws.path(), MANIFEST);
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        read(ws.path(), MANIFEST),
        first,
        "a second run changed the manifest"
    );
    let other = computed();
    assert_eq!(
        read(other.path(), MANIFEST),
        first,
        "another copy gives another manifest"
    );

    let text = String::from_utf8(first).unwrap();
    assert!(!has_date(&text), "{text}");
    assert!(text.ends_with("}\n"));
    let m = manifest(ws.path());
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "manifest", "appraise", "month", "scheme", "options", "inputs", "outputs", "totals",
            "people", "closed", "history"
        ]
    );
    assert_eq!(m["manifest"], 1);
    assert_eq!(m["appraise"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["month"], "2024-05");
    assert_eq!(
        m["scheme"],
        serde_json::json!({"id": "after-sales-repair", "version": "2024.1", "file": SCHEME,
                           "sha256": sha(ws.path(), SCHEME)})
    );
    assert_eq!(
        m["options"],
        serde_json::json!({"scheme": null, "format": "xlsx", "encoding": "utf-8"})
    );
    let inputs: Vec<(String, u64, u64, String)> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["size"].as_u64().unwrap(),
                i["rows"].as_u64().unwrap(),
                i["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect: Vec<(String, u64, u64, String)> =
        [("roster.csv", 14), ("repairs.csv", 6), ("points.csv", 4)]
            .iter()
            .map(|(f, rows)| {
                let rel = format!("data/2024-05/{f}");
                (
                    f.to_string(),
                    read(ws.path(), &rel).len() as u64,
                    *rows,
                    sha(ws.path(), &rel),
                )
            })
            .collect();
    assert_eq!(inputs, expect);
    assert_eq!(
        m["outputs"],
        serde_json::json!([{"file": "after-sales-repair-2024-05.xlsx", "sha256": sha(ws.path(), WORKBOOK)}])
    );
    assert_eq!(
        m["totals"],
        serde_json::json!({"people": 14, "teams": 6, "base": "49600.50", "bonus": "2655.54",
                           "deduction": "380.00", "net": "51876.04"})
    );
    assert_eq!(
        m["people"][0],
        serde_json::json!({"id": "0101", "name": "张伟", "team": "A1",
            "items": {"excess_bonus": "315.00", "short_returns_bonus": "0.00", "points_bonus": "70.00",
                      "shortfall_deduction": "0.00", "points_deduction": "0.00"},
            "base": "4000.00", "net": "4385.00"})
    );
    let nets: Vec<(&str, &str)> = m["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["net"].as_str().unwrap()))
        .collect();
    assert_eq!(nets, NETS);
    assert_eq!(m["closed"], serde_json::Value::Null);
    assert_eq!(m["history"], serde_json::json!([]));
}

#[test]
fn a_manifest_is_written_only_for_a_result_in_out_month() {
    let ws = example_workspace();
    // JSON on standard output: no manifest, nothing under out/.
    let out = compute_in(ws.path(), "2024-05", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!ws.path().join("out").exists());
    // A file elsewhere: no manifest.
    let elsewhere = ws.path().join("elsewhere.csv");
    let out = compute_in(
        ws.path(),
        "2024-05",
        &["--format", "csv", "--output", elsewhere.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(elsewhere.exists() && !ws.path().join("out").exists());
    // CSV in out/<month>/: recorded with its options.
    let out = compute_in(
        ws.path(),
        "2024-05",
        &["--format", "csv", "--encoding", "gbk"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = manifest(ws.path());
    assert_eq!(
        m["options"],
        serde_json::json!({"scheme": null, "format": "csv", "encoding": "gbk"})
    );
    assert_eq!(
        m["outputs"],
        serde_json::json!([{"file": "after-sales-repair-2024-05.csv",
                            "sha256": sha(ws.path(), "out/2024-05/after-sales-repair-2024-05.csv")}])
    );
    // The JSON document written as a file in out/<month>/, with --scheme.
    let out = compute_in(
        ws.path(),
        "2024-05",
        &[
            "--format",
            "json",
            "--scheme",
            "after-sales-repair",
            "--output",
            ws.path().join("out/2024-05/month.json").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = manifest(ws.path());
    assert_eq!(m["options"]["scheme"], "after-sales-repair");
    assert_eq!(m["outputs"][0]["file"], "month.json");
    // The manifest itself is not an output.
    let out = compute_in(
        ws.path(),
        "2024-05",
        &[
            "--format",
            "json",
            "--output",
            ws.path().join(MANIFEST).to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: out/2024-05/manifest.json: this is the month's manifest: choose another --output\n1 error found\n"
    );
    assert_eq!(manifest(ws.path()), m);
}

#[test]
fn a_failed_compute_leaves_the_manifest_as_it_was() {
    let ws = computed();
    let before = read(ws.path(), MANIFEST);
    replace_in(ws.path(), REPAIRS, "A1,150,", "A1,15O,");
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read(ws.path(), MANIFEST), before);
}

// ---------------------------------------------------------------- verify

#[test]
fn verify_passes_on_an_untouched_month_and_writes_nothing() {
    let ws = computed();
    let before: Vec<(String, Vec<u8>)> = files(ws.path())
        .into_iter()
        .map(|f| {
            let b = read(ws.path(), &f);
            (f, b)
        })
        .collect();
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "2024-05 agrees with out/2024-05/manifest.json: scheme after-sales-repair 2024.1, 3 input files, 1 output file, 14 people\n"
    );
    assert_eq!(stderr(&out), "");
    let after: Vec<(String, Vec<u8>)> = files(ws.path())
        .into_iter()
        .map(|f| {
            let b = read(ws.path(), &f);
            (f, b)
        })
        .collect();
    assert_eq!(after, before, "verify changed something on disk");
}

#[test]
fn verify_names_a_changed_input_file_and_the_people_it_changes() {
    let ws = computed();
    let old = sha(ws.path(), REPAIRS);
    // A1 repaired 151, not 150: 148 counted, 16 over quota at 35 元, split 60/40.
    replace_in(ws.path(), REPAIRS, "A1,150,", "A1,151,");
    let new = sha(ws.path(), REPAIRS);
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "2024-05 differs from out/2024-05/manifest.json (4 differences):\n\
             \x20 input repairs.csv changed: sha256 {} → {}\n\
             \x20 person 0101 张伟 (A1): excess_bonus 315.00 → 336.00, net 4385.00 → 4406.00\n\
             \x20 person 0102 李娜 (A1): excess_bonus 210.00 → 224.00, net 3210.00 → 3224.00\n\
             \x20 totals: bonus 2655.54 → 2690.54, net 51876.04 → 51911.04\n",
            short(&old),
            short(&new)
        )
    );
    assert_eq!(
        stderr(&out),
        "error: 2024-05 does not agree with out/2024-05/manifest.json: 4 differences\n1 error found\n"
    );
    // Undone, the month agrees again.
    replace_in(ws.path(), REPAIRS, "A1,151,", "A1,150,");
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn verify_names_a_scheme_change_and_the_figures_it_changes() {
    let ws = computed();
    let old = sha(ws.path(), SCHEME);
    replace_in(
        ws.path(),
        SCHEME,
        "shortfall_penalty = { value = 25,",
        "shortfall_penalty = { value = 30,",
    );
    let new = sha(ws.path(), SCHEME);
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    // A3 is 13 short (penalty 325 → 390, split 40/30/30), A6 1 short (25 → 30, 60/40).
    assert_eq!(
        stdout(&out),
        format!(
            "2024-05 differs from out/2024-05/manifest.json (7 differences):\n\
             \x20 scheme schemes/after-sales-repair.toml changed: sha256 {} → {}\n\
             \x20 person 0301 周杰 (A3): shortfall_deduction 130.00 → 156.00, net 4170.00 → 4144.00\n\
             \x20 person 0302 吴倩 (A3): shortfall_deduction 97.50 → 117.00, net 2872.50 → 2853.00\n\
             \x20 person 0303 郑浩 (A3): shortfall_deduction 97.50 → 117.00, net 2802.50 → 2783.00\n\
             \x20 person 0601 蒋涛 (A6): shortfall_deduction 15.00 → 18.00, net 3885.00 → 3882.00\n\
             \x20 person 0602 沈月 (A6): shortfall_deduction 10.00 → 12.00, net 2940.00 → 2938.00\n\
             \x20 totals: deduction 380.00 → 450.00, net 51876.04 → 51806.04\n",
            short(&old),
            short(&new)
        )
    );
}

#[test]
fn verify_notices_a_scheme_change_that_changes_no_figure_and_an_edited_output() {
    let ws = computed();
    let old = sha(ws.path(), SCHEME);
    let mut text = std::fs::read_to_string(ws.path().join(SCHEME)).unwrap();
    text.push_str("\n# a comment\n");
    std::fs::write(ws.path().join(SCHEME), text).unwrap();
    let workbook = read(ws.path(), WORKBOOK);
    std::fs::write(ws.path().join(WORKBOOK), b"edited").unwrap();
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "2024-05 differs from out/2024-05/manifest.json (2 differences):\n\
             \x20 scheme schemes/after-sales-repair.toml changed: sha256 {} → {}\n\
             \x20 output after-sales-repair-2024-05.xlsx changed on disk: sha256 {} → {}\n",
            short(&old),
            short(&sha(ws.path(), SCHEME)),
            short(&sha256_hex(&workbook)),
            short(&sha256_hex(b"edited")),
        )
    );
    std::fs::remove_file(ws.path().join(WORKBOOK)).unwrap();
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert!(
        stdout(&out).contains(&format!(
            "\n  output after-sales-repair-2024-05.xlsx is missing: was sha256 {}\n",
            short(&sha256_hex(&workbook))
        )),
        "{}",
        stdout(&out)
    );
}

#[test]
fn verify_names_people_added_and_removed() {
    let ws = computed();
    replace_in(ws.path(), "data/2024-05/roster.csv", "0602,", "0603,");
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("\n  person 0603 沈月 (A6): added, net 2940.00\n"),
        "{text}"
    );
    assert!(
        text.contains("\n  person 0602 沈月 (A6): removed, net was 2940.00\n"),
        "{text}"
    );
}

#[test]
fn verify_without_a_manifest_says_so() {
    let ws = example_workspace();
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "error: out/2024-05/manifest.json: no manifest: 2024-05 has not been computed into out/2024-05/ (appraise compute --month 2024-05)\n1 error found\n"
    );
    assert!(!ws.path().join("out").exists());
}

#[test]
fn verify_of_a_month_that_no_longer_computes_says_why() {
    let ws = computed();
    replace_in(ws.path(), REPAIRS, "A1,150,", "A1,15O,");
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: out/2024-05/manifest.json: 2024-05 no longer computes from today's inputs and scheme:\n\
         error: repairs.csv row 2, column 维修台数: \"15O\" is not a whole number\n2 errors found\n"
    );
}

#[test]
fn verify_json_shape() {
    let ws = computed();
    let old = sha(ws.path(), REPAIRS);
    replace_in(ws.path(), REPAIRS, "A1,150,", "A1,151,");
    let out = appraise(
        ws.path(),
        &["verify", "--month", "2024-05", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "month", "manifest", "agrees", "checked", "scheme", "inputs", "outputs", "people",
            "totals"
        ]
    );
    let scheme = serde_json::json!({"id": "after-sales-repair", "version": "2024.1", "file": SCHEME,
                                    "sha256": sha(ws.path(), SCHEME)});
    let repairs = |sha: &str| serde_json::json!({"input": "repairs", "file": "repairs.csv", "size": 215, "rows": 6, "sha256": sha});
    assert_eq!(
        v,
        serde_json::json!({
            "month": "2024-05",
            "manifest": "out/2024-05/manifest.json",
            "agrees": false,
            "checked": {"inputs": 3, "outputs": 1, "people": 14},
            "scheme": {"changed": false, "old": scheme, "new": scheme},
            "inputs": [{"input": "repairs", "old": repairs(&old), "new": repairs(&sha(ws.path(), REPAIRS))}],
            "outputs": [],
            "people": [
                {"id": "0101", "name": "张伟", "team": "A1", "change": "changed", "changes": [
                    {"what": "excess_bonus", "old": "315.00", "new": "336.00"},
                    {"what": "net", "old": "4385.00", "new": "4406.00"}]},
                {"id": "0102", "name": "李娜", "team": "A1", "change": "changed", "changes": [
                    {"what": "excess_bonus", "old": "210.00", "new": "224.00"},
                    {"what": "net", "old": "3210.00", "new": "3224.00"}]}
            ],
            "totals": [
                {"what": "bonus", "old": "2655.54", "new": "2690.54"},
                {"what": "net", "old": "51876.04", "new": "51911.04"}
            ]
        })
    );
    // An agreeing month: the same shape, empty lists.
    replace_in(ws.path(), REPAIRS, "A1,151,", "A1,150,");
    let out = appraise(
        ws.path(),
        &["verify", "--month", "2024-05", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["agrees"], true);
    for list in ["inputs", "outputs", "people", "totals"] {
        assert_eq!(v[list], serde_json::json!([]), "{list}");
    }
}

// ---------------------------------------------------------- close, reopen

#[test]
fn a_closed_month_is_not_computed_again() {
    let ws = computed();
    let out = appraise(
        ws.path(),
        &[
            "close",
            "--month",
            "2024-05",
            "--date",
            "2024-06-05",
            "--by",
            "财务 王",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "closed 2024-05 on 2024-06-05 (out/2024-05/manifest.json)\n"
    );
    assert_eq!(
        manifest(ws.path())["closed"],
        serde_json::json!({"date": "2024-06-05", "by": "财务 王"})
    );
    let before: Vec<(String, Vec<u8>)> = files(ws.path())
        .into_iter()
        .map(|f| {
            let b = read(ws.path(), &f);
            (f, b)
        })
        .collect();
    replace_in(ws.path(), REPAIRS, "A1,150,", "A1,151,");
    let refused = "error: out/2024-05/manifest.json: 2024-05 is closed (on 2024-06-05); nothing was written. \
                   To compute it again, reopen it: appraise reopen --month 2024-05 --reason \"…\"\n1 error found\n";
    for args in [&[][..], &["--format", "csv"], &["--format", "json"]] {
        let out = compute_in(ws.path(), "2024-05", args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&out), refused);
        assert_eq!(stdout(&out), "");
    }
    replace_in(ws.path(), REPAIRS, "A1,151,", "A1,150,");
    let after: Vec<(String, Vec<u8>)> = files(ws.path())
        .into_iter()
        .map(|f| {
            let b = read(ws.path(), &f);
            (f, b)
        })
        .collect();
    assert_eq!(after, before, "a refused compute changed something");
    // A closed month still verifies.
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(0));
    // Closing twice is refused.
    let out = appraise(ws.path(), &["close", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: out/2024-05/manifest.json: 2024-05 is already closed (on 2024-06-05)\n1 error found\n"
    );
}

#[test]
fn close_needs_a_computed_month_whose_outputs_are_intact() {
    let ws = example_workspace();
    let out = appraise(ws.path(), &["close", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: out/2024-05/manifest.json: no manifest: 2024-05 has not been computed into out/2024-05/ (appraise compute --month 2024-05)\n1 error found\n"
    );
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(0));
    let recorded = sha(ws.path(), WORKBOOK);
    std::fs::write(ws.path().join(WORKBOOK), b"edited").unwrap();
    let before = read(ws.path(), MANIFEST);
    let out = appraise(ws.path(), &["close", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: out/2024-05/manifest.json: out/2024-05/after-sales-repair-2024-05.xlsx has changed since it was computed \
             (sha256 {} → {}): compute 2024-05 again before closing it\n1 error found\n",
            short(&recorded),
            short(&sha256_hex(b"edited"))
        )
    );
    assert_eq!(read(ws.path(), MANIFEST), before);
    let out = appraise(
        ws.path(),
        &["close", "--month", "2024-05", "--date", "5 June"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: --date: \"5 June\" is not a date YYYY-MM-DD\n1 error found\n"
    );
}

#[test]
fn close_without_a_date_records_today() {
    let ws = computed();
    let out = appraise(ws.path(), &["close", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(0));
    let date = manifest(ws.path())["closed"]["date"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(has_date(&date) && date.len() == 10, "{date}");
    assert!(date.as_str() >= "2024-06-01", "{date}");
}

#[test]
fn reopen_keeps_what_the_month_was_closed_with_and_allows_a_compute() {
    let ws = computed();
    let out = appraise(
        ws.path(),
        &["close", "--month", "2024-05", "--date", "2024-06-05"],
    );
    assert_eq!(out.status.code(), Some(0));
    let closed_manifest = read(ws.path(), MANIFEST);
    let closed_workbook = read(ws.path(), WORKBOOK);

    let out = appraise(
        ws.path(),
        &["reopen", "--month", "2024-05", "--reason", "  "],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: --reason: say why the month is reopened\n1 error found\n"
    );
    assert_eq!(read(ws.path(), MANIFEST), closed_manifest);

    let reason = "A1 维修台数更正为 151";
    let out = appraise(
        ws.path(),
        &[
            "reopen",
            "--month",
            "2024-05",
            "--reason",
            reason,
            "--date",
            "2024-06-07",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "reopened 2024-05 on 2024-06-07; what it was closed with is kept in out/2024-05/history/1/\n"
    );
    assert_eq!(
        files(&ws.path().join("out/2024-05")),
        ["after-sales-repair-2024-05.xlsx", "manifest.json"]
            .iter()
            .map(|f| format!("history/1/{f}"))
            .chain(["manifest.json".to_string()])
            .collect::<Vec<_>>()
    );
    assert_eq!(
        read(ws.path(), "out/2024-05/history/1/manifest.json"),
        closed_manifest
    );
    assert_eq!(
        read(
            ws.path(),
            "out/2024-05/history/1/after-sales-repair-2024-05.xlsx"
        ),
        closed_workbook
    );
    let entry = serde_json::json!({
        "reopened": "2024-06-07",
        "reason": reason,
        "closed": "2024-06-05",
        "manifest_sha256": sha256_hex(&closed_manifest),
        "outputs": [{"file": "after-sales-repair-2024-05.xlsx", "sha256": sha256_hex(&closed_workbook)}],
        "kept_in": "history/1/"
    });
    let m = manifest(ws.path());
    assert_eq!(m["closed"], serde_json::Value::Null);
    assert_eq!(m["outputs"], serde_json::json!([]));
    assert_eq!(m["history"], serde_json::json!([entry]));

    // Reopening an open month is refused.
    let out = appraise(
        ws.path(),
        &["reopen", "--month", "2024-05", "--reason", "again"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: out/2024-05/manifest.json: 2024-05 is not closed: there is nothing to reopen (compute it again as it is)\n1 error found\n"
    );

    // The corrected month computes; the history is carried over.
    replace_in(ws.path(), REPAIRS, "A1,150,", "A1,151,");
    let out = compute_in(ws.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = manifest(ws.path());
    assert_eq!(m["history"], serde_json::json!([entry]));
    assert_eq!(m["closed"], serde_json::Value::Null);
    assert_eq!(m["people"][0]["net"], "4406.00");
    assert_eq!(
        read(
            ws.path(),
            "out/2024-05/history/1/after-sales-repair-2024-05.xlsx"
        ),
        closed_workbook
    );
    let out = appraise(ws.path(), &["verify", "--month", "2024-05"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // Closed and reopened again: history/2/.
    let out = appraise(
        ws.path(),
        &["close", "--month", "2024-05", "--date", "2024-06-10"],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = appraise(
        ws.path(),
        &[
            "reopen",
            "--month",
            "2024-05",
            "--reason",
            "second",
            "--date",
            "2024-06-12",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = manifest(ws.path());
    let history = m["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0], entry);
    assert_eq!(history[1]["kept_in"], "history/2/");
    assert_eq!(history[1]["closed"], "2024-06-10");
    assert!(
        ws.path()
            .join("out/2024-05/history/2/after-sales-repair-2024-05.xlsx")
            .exists()
    );
    assert!(!ws.path().join(WORKBOOK).exists());
}
