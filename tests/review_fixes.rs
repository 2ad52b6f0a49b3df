//! Fixes from a review: totals too large to add, CSV cells Excel would run as
//! formulas, and a malformed row hiding the rest of a run's problems. Each
//! case runs the binary on a copy of `examples/after-sales` with one data file
//! edited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Output;

const MONTH: &str = "2024-05";
const WORKBOOK: &str = "out/2024-05/after-sales-repair-2024-05.xlsx";
const CSV: &str = "out/2024-05/after-sales-repair-2024-05.csv";
const ROSTER: &str = "data/2024-05/roster.csv";

/// A copy of the example workspace with `edits` (from, to) made to its roster.
fn workspace(edits: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = common::example_workspace();
    let path = dir.path().join(ROSTER);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from} not in the roster");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap();
    dir
}

fn run(ws: &Path, args: &[&str]) -> Output {
    common::compute_in(ws, MONTH, args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------- 合计 overflow

const HUGE: [(&str, &str); 2] = [
    (
        "0101,张伟,A1,维修工程师,4000.00",
        "0101,张伟,A1,维修工程师,40000000000000000000000000000",
    ),
    (
        "0102,李娜,A1,助理维修员,3000.00",
        "0102,李娜,A1,助理维修员,40000000000000000000000000000",
    ),
];

#[test]
fn absurd_amounts_are_refused_before_anything_is_written() {
    // The engine refuses amounts of 10^18 元 and more, so no total can overflow
    // (the summary's own checked sums are unit-tested in src/output/summary.rs).
    for format in [&["--format", "csv"][..], &[][..]] {
        let ws = workspace(&HUGE);
        let out = run(ws.path(), format);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stderr(&out),
            "error: person 0101 张伟 (team A1): the totals are too large to compute exactly\n\
             error: person 0102 李娜 (team A1): the totals are too large to compute exactly\n2 errors found\n"
        );
        let dir = ws.path().join("out/2024-05");
        assert_eq!(std::fs::read_dir(dir).map_or(0, Iterator::count), 0);
        assert!(!ws.path().join(WORKBOOK).exists() && !ws.path().join(CSV).exists());
    }
}

/// Large amounts below the limit total exactly, cents kept.
#[test]
fn large_exact_totals_are_written() {
    let ws = workspace(&[(
        "0101,张伟,A1,维修工程师,4000.00",
        "0101,张伟,A1,维修工程师,100000000000000000.00",
    )]);
    let out = run(ws.path(), &["--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(ws.path().join(CSV)).unwrap();
    let total = csv.lines().last().unwrap();
    // 49,600.50 of bases less 张伟's 4,000.00, plus 10^17.
    assert!(
        total.starts_with("合计,,,,100000000000045600.50,"),
        "{total}"
    );
}

// ---------------------------------------------------------------- CSV injection

#[test]
fn csv_texts_excel_would_run_as_formulas_are_quoted() {
    let ws = workspace(&[
        ("0101,张伟,", "0101,\"=HYPERLINK(\"\"http://x\"\")\","),
        ("0102,李娜,", "0102,@李娜,"),
        ("0201,王强,", "0201,+王强,"),
        ("0202,赵敏,", "0202,-赵敏,"),
    ]);
    let out = run(ws.path(), &["--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(ws.path().join(CSV)).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).take(4).collect();
    assert_eq!(
        rows,
        [
            "0101,\"'=HYPERLINK(\"\"http://x\"\")\",A1,维修工程师,4000.00,315.00,0.00,70.00,0.00,0.00,385.00,0.00,4385.00",
            "0102,'@李娜,A1,助理维修员,3000.00,210.00,0.00,0.00,0.00,0.00,210.00,0.00,3210.00",
            "0201,'+王强,A2,维修工程师,4500.00,420.00,0.00,80.00,0.00,0.00,500.00,0.00,5000.00",
            "0202,'-赵敏,A2,维修工程师,4200.00,420.00,0.00,0.00,0.00,0.00,420.00,0.00,4620.00",
        ]
    );
}

// ---------------------------------------------------------------- malformed rows

/// An unquoted `4,500.00` makes one roster row too wide: it is reported with
/// every other problem of the run, not alone.
#[test]
fn a_malformed_row_does_not_hide_the_other_problems() {
    let ws = workspace(&[
        (
            "0201,王强,A2,维修工程师,4500.00",
            "0201,王强,A2,维修工程师,4,500.00",
        ),
        ("0301,周杰,A3,", "0301,周杰,Z9,"),
        (
            "0402,陈静,A4,助理维修员,3050.50",
            "0402,陈静,A4,助理维修员,",
        ),
    ]);
    let out = run(ws.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: roster.csv row 4: has 6 cells but the header row has 5 columns\n  \
         = unexpected value \"500.00\" in column F\n\
         error: roster.csv row 11, column 底薪: is empty; expected an amount of money\n\
         error: repairs.csv: no row for team Z9 (on roster.csv from row 7)\n\
         3 errors found\n"
    );
    assert!(!ws.path().join("out").exists());
}
