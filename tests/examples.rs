//! The shipped examples carry the shipped schemes: every scheme file in `examples/*/schemes/`
//! is byte for byte the file of the same name in `schemes/`, and every shipped scheme
//! (`schemes/*.toml`, scheme tests `*.tests.toml` aside) is in some example workspace.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

fn toml_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".toml") && !n.ends_with(".tests.toml"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_example_scheme_is_a_copy_and_every_scheme_has_an_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut carried = BTreeSet::new();
    for entry in std::fs::read_dir(root.join("examples")).unwrap() {
        let folder = entry.unwrap().path().join("schemes");
        if !folder.is_dir() {
            continue;
        }
        for name in toml_files(&folder) {
            let copy = std::fs::read(folder.join(&name)).unwrap();
            let shipped = std::fs::read(root.join("schemes").join(&name))
                .unwrap_or_else(|_| panic!("{} has no schemes/{name}", folder.display()));
            assert!(
                copy == shipped,
                "{} differs from schemes/{name}",
                folder.join(&name).display()
            );
            carried.insert(name);
        }
    }
    let shipped: BTreeSet<String> = toml_files(&root.join("schemes")).into_iter().collect();
    let missing: Vec<&String> = shipped.difference(&carried).collect();
    assert!(
        missing.is_empty(),
        "schemes without an example: {missing:?}"
    );
}
