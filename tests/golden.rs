//! The example month's whole JSON document as a reviewed golden file
//! (`tests/snapshots/golden__after_sales_2024_05.snap`). Review a change by
//! reading the diff (`cargo insta review`); never accept one to make a test pass
//! without checking its figures against tests/engine.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

#[test]
fn after_sales_2024_05() {
    let out = Command::new(env!("CARGO_BIN_EXE_appraise"))
        .args([
            "-C",
            "examples/after-sales",
            "compute",
            "--month",
            "2024-05",
            "--format",
            "json",
        ])
        .output()
        .expect("run appraise");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}
