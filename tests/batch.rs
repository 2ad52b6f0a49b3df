//! `compute --from --to`: a batch of months on a temporary workspace, one
//! month broken; the others are computed, the lines and summary are exact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::path::Path;
use std::process::{Command, Output};

fn appraise(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appraise"))
        .arg("-C")
        .arg(ws)
        .args(args)
        .output()
        .expect("run appraise")
}

/// The example workspace with 2024-04 and 2024-06 copied from 2024-05, and a
/// bad cell in 2024-05's repairs.
fn three_months_one_broken() -> tempfile::TempDir {
    let dir = common::example_workspace();
    let data = dir.path().join("data");
    for month in ["2024-04", "2024-06"] {
        common::copy_dir(&data.join("2024-05"), &data.join(month));
    }
    let repairs = data.join("2024-05/repairs.csv");
    let text = std::fs::read_to_string(&repairs).unwrap();
    assert!(text.contains("\nA1,150,"));
    std::fs::write(&repairs, text.replacen("\nA1,150,", "\nA1,十二,", 1)).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn wrote(ws: &Path, month: &str, ext: &str) -> String {
    format!(
        "{month}  ok  wrote {} (14 people in 6 teams, scheme after-sales-repair 2024.1)",
        ws.join(format!("out/{month}/after-sales-repair-{month}.{ext}"))
            .display()
    )
}

const BROKEN: &str =
    "2024-05  error  repairs.csv row 2, column 维修台数: \"十二\" is not a whole number";

#[test]
fn one_broken_month_does_not_stop_the_others() {
    let dir = three_months_one_broken();
    let ws = dir.path();
    let out = appraise(ws, &["compute", "--from", "2024-04", "--to", "2024-06"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "", "nothing on standard output");
    // Piped: no progress bar, one line per month in month order, then the summary.
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}\n{BROKEN}\n{}\n3 months: 2 computed, 1 failed (2024-05)\n",
            wrote(ws, "2024-04", "xlsx"),
            wrote(ws, "2024-06", "xlsx")
        )
    );
    for month in ["2024-04", "2024-06"] {
        assert!(
            ws.join(format!("out/{month}/after-sales-repair-{month}.xlsx"))
                .is_file()
        );
    }
    assert!(
        !ws.join("out/2024-05").exists(),
        "nothing written for the broken month"
    );
}

#[test]
fn every_month_computed_exits_0_and_matches_a_single_month() {
    let dir = three_months_one_broken();
    let ws = dir.path();
    common::copy_dir(&ws.join("data/2024-04"), &ws.join("data/2024-05"));
    let out = appraise(ws, &["compute", "--from", "2024-04", "--to", "2024-06"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).ends_with("\n3 months: 3 computed\n"));
    // A batch's workbook is the one-month command's, byte for byte.
    let batch = std::fs::read(ws.join("out/2024-05/after-sales-repair-2024-05.xlsx")).unwrap();
    let single = common::compute_in(ws, "2024-05", &[]);
    assert_eq!(single.status.code(), Some(0));
    let again = std::fs::read(ws.join("out/2024-05/after-sales-repair-2024-05.xlsx")).unwrap();
    assert_eq!(batch, again);
}

#[test]
fn quiet_shows_only_the_failures_and_the_summary() {
    let dir = three_months_one_broken();
    let ws = dir.path();
    let out = appraise(
        ws,
        &["-q", "compute", "--from", "2024-04", "--to", "2024-06"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!("{BROKEN}\n3 months: 2 computed, 1 failed (2024-05)\n")
    );
    // Everything succeeds: nothing at all.
    common::copy_dir(&ws.join("data/2024-04"), &ws.join("data/2024-05"));
    let out = appraise(
        ws,
        &["compute", "--quiet", "--from", "2024-04", "--to", "2024-06"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn verbose_shows_the_scheme_the_inputs_and_every_problem() {
    let dir = three_months_one_broken();
    let ws = dir.path();
    let out = appraise(
        ws,
        &["-v", "compute", "--from", "2024-05", "--to", "2024-06"],
    );
    assert_eq!(out.status.code(), Some(1));
    let scheme = "    scheme after-sales-repair 2024.1 (schemes/after-sales-repair.toml), in force 2024-01 to no end";
    assert_eq!(
        text(&out.stderr),
        format!(
            "{BROKEN}\n{scheme}\n    error: repairs.csv row 2, column 维修台数: \"十二\" is not a whole number\n\
             {}\n{scheme}\n    read data/2024-06/roster.csv: 14 rows\n    read data/2024-06/repairs.csv: 6 rows\n    read data/2024-06/points.csv: 4 rows\n\
             2 months: 1 computed, 1 failed (2024-05)\n",
            wrote(ws, "2024-06", "xlsx")
        )
    );
}

#[test]
fn a_month_without_data_fails_alone() {
    let dir = common::example_workspace();
    let ws = dir.path();
    let out = appraise(ws, &["compute", "--from", "2024-05", "--to", "2024-06"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}\n2024-06  error  data/2024-06: the month's data folder does not exist\n\
             2 months: 1 computed, 1 failed (2024-06)\n",
            wrote(ws, "2024-05", "xlsx")
        )
    );
}

#[test]
fn json_batches_write_one_file_per_month() {
    let dir = three_months_one_broken();
    let ws = dir.path();
    common::copy_dir(&ws.join("data/2024-04"), &ws.join("data/2024-05"));
    let out = appraise(
        ws,
        &[
            "compute", "--from", "2024-04", "--to", "2024-06", "--format", "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "",
        "JSON of a batch never goes to standard output"
    );
    for month in ["2024-04", "2024-05", "2024-06"] {
        let file = ws.join(format!("out/{month}/after-sales-repair-{month}.json"));
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(doc["month"], month);
        assert_eq!(doc["people"].as_array().unwrap().len(), 14);
    }
    assert!(text(&out.stderr).contains(&wrote(ws, "2024-05", "json")));
}

#[test]
fn a_batch_refuses_a_backward_range_and_a_single_output() {
    let dir = common::example_workspace();
    let ws = dir.path();
    let out = appraise(ws, &["compute", "--from", "2024-06", "--to", "2024-04"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: --from 2024-06 is after --to 2024-04"),
        "{err}"
    );
    for args in [
        &[
            "compute", "--from", "2024-04", "--to", "2024-06", "--output", "x.json",
        ][..],
        &[
            "compute", "--month", "2024-05", "--from", "2024-04", "--to", "2024-06",
        ],
        &["compute", "--from", "2024-04"],
        &["compute", "--from", "2024-4", "--to", "2024-06"],
        &["compute"],
    ] {
        let out = appraise(ws, args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert!(!ws.join("out").exists());
}
