//! Inputs the fuzz targets (fuzz/, docs/fuzzing.md) found to crash, hang or
//! run away, each run through the path it was found on — a month read by
//! `compute` — and held to the clear error it now gets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz")
            .join(name),
    )
    .unwrap()
}

/// The example month with its roster replaced by `bytes` as `roster.<ext>`.
fn month_with_roster(ext: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = common::example_workspace();
    let data = dir.path().join("data/2024-05");
    std::fs::remove_file(data.join("roster.csv")).unwrap();
    std::fs::write(data.join(format!("roster.{ext}")), bytes).unwrap();
    dir
}

#[test]
fn an_xls_whose_sector_chain_runs_past_the_file_is_unreadable_not_a_panic() {
    // sheet target, 2026-12-03: calamine's cfb reader indexes past the end of
    // the file ("slice index starts at 5120 but ends at 5091") while following
    // the sector chain of this 5,603-byte file. The panic is caught; its
    // message must not reach standard error before ours.
    let bytes = fixture("cfb-sector-past-end.xls");
    for ext in ["xls", "xlsx"] {
        let dir = month_with_roster(ext, &bytes);
        let out = common::compute_in(dir.path(), "2024-05", &[]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: roster.{ext}: is not a readable spreadsheet: the spreadsheet reader failed on it\n\
                 1 error found\n"
            )
        );
        assert!(!dir.path().join("out").exists());
    }
}

#[test]
fn an_xls_whose_sector_chain_loops_is_refused_before_calamine_follows_it() {
    // sheet target, 2026-12-03 (a timeout): in this 11,972-byte file a FAT
    // chain loops back on itself; calamine follows it for ever, copying
    // sectors (23 GB in 63 s before the system killed it). The chains are
    // checked first now.
    let dir = month_with_roster("xls", &fixture("cfb-looping-chain.xls"));
    let start = std::time::Instant::now();
    let out = common::compute_in(dir.path(), "2024-05", &[]);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: roster.xls: is a damaged .xls file: a chain of its sectors loops back on itself\n  \
         = open it in Excel and save it again, as .xlsx\n\
         1 error found\n"
    );
}

#[test]
fn a_sound_xls_is_still_read() {
    // The input fixture (an .xls of 班组维修统计 columns) passes the chain
    // check and is read: as a roster it lacks 班组, 岗位 and 底薪.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/input/repairs.xls"),
    )
    .unwrap();
    let dir = month_with_roster("xls", &bytes);
    let out = common::compute_in(dir.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: roster.xls: missing column 班组"),
        "{err}"
    );
}
