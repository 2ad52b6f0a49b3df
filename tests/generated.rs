//! The month generator (`benches/tile_month`) for every shipped scheme: a
//! small generated month of each example computes without errors, every
//! month in order (history reads the month before), and each copy of the
//! example gets the example's own figures — copy k's person `X-k` has the
//! items and net of the example's person `X`, which `json_month` of the
//! example itself gives (the generator only renames identifiers).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{compute_in, example, item_rows, json_month};

#[path = "../benches/tile_month/tile.rs"]
mod tile;

const COPIES: usize = 3;

fn generated_month_computes(name: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let src = tile::example_dir(root, name).unwrap();
    // At least 2 people more than two copies hold: three copies.
    let per_copy = {
        let t = tempfile::tempdir().unwrap();
        tile::tile(&src, t.path(), 1).unwrap().people
    };
    let t = tile::tile(&src, dir.path(), 2 * per_copy + 1).unwrap();
    assert_eq!((t.copies, t.people), (COPIES, COPIES * per_copy), "{name}");

    // The example itself, month by month (history needs the months before).
    let original = example(name);
    let mut expected = Vec::new();
    for month in &t.months {
        let out = compute_in(original.path(), month, &["--sheets", "汇总"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name} {month}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        expected = item_rows(&json_month(original.path(), month));
    }
    assert_eq!(expected.len(), per_copy, "{name}");

    for month in &t.months {
        let out = compute_in(dir.path(), month, &["--sheets", "汇总"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name} {month}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let last = t.months.last().unwrap();
    let got = item_rows(&json_month(dir.path(), last));
    assert_eq!(got.len(), COPIES * per_copy, "{name}");
    for k in 1..=COPIES {
        for row in &expected {
            let id = if k == 1 {
                row[0].clone()
            } else {
                format!("{}-{k}", row[0])
            };
            let mine = got
                .iter()
                .find(|r| r[0] == id)
                .unwrap_or_else(|| panic!("{name}: no {id}"));
            assert_eq!(&mine[1..], &row[1..], "{name}: {id}");
        }
    }
}

#[test]
fn after_sales() {
    generated_month_computes("after-sales");
}

#[test]
fn service_dept() {
    generated_month_computes("service-dept");
}

#[test]
fn customer_service() {
    generated_month_computes("customer-service");
}

#[test]
fn service_advisor() {
    generated_month_computes("service-advisor");
}

#[test]
fn gs_qc() {
    generated_month_computes("gs-qc");
}

#[test]
fn parts_pool() {
    generated_month_computes("parts-pool");
}

#[test]
fn workshop_supervisor() {
    generated_month_computes("workshop-supervisor");
}

#[test]
fn history_every_month() {
    generated_month_computes("history");
}

#[test]
fn after_sales_scorecard() {
    generated_month_computes("after-sales-scorecard");
}

#[test]
fn property_service() {
    generated_month_computes("property-service");
}

#[test]
fn service_quarterly() {
    generated_month_computes("service-quarterly");
}

#[test]
fn every_shipped_scheme_has_an_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("schemes")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        // Schemes only: their cases (`<id>.tests.toml`) sit beside them.
        let Some(stem) = name
            .strip_suffix(".toml")
            .filter(|s| !s.ends_with(".tests"))
        else {
            continue;
        };
        assert!(
            tile::example_dir(root, stem).is_some(),
            "no generator for schemes/{stem}.toml"
        );
    }
}
