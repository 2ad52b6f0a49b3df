//! Months of any size for every shipped scheme, by tiling: the example
//! workspace `examples/<name>` copied with each of its months' CSV files
//! repeated `copies` times. Copy 1 is the example's rows as they are; copy
//! k > 1 has every identifier cell — the columns the scheme declares
//! `type = "id"`: 工号, 班组, 部门, 车间, record numbers — suffixed `-k`, so
//! each copy is a month of its own people, teams and groups with the
//! example's figures. Every earlier month of a history example is tiled the
//! same way. Deterministic: the same arguments write the same bytes.
//!
//! Used by `benches/tile_month/main.rs` and by `tests/generated.rs`.

use appraise::scheme::load::load_file;
use appraise::scheme::{ColumnType, InputKind};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The example folders, one per shipped scheme: (example, scheme file stem).
pub const EXAMPLES: [(&str, &str); 12] = [
    ("after-sales", "after-sales-repair"),
    ("service-dept", "service-dept"),
    ("customer-service", "customer-service"),
    ("service-advisor", "service-advisor"),
    ("gs-qc", "gs-qc"),
    ("parts-pool", "parts-pool"),
    ("workshop-supervisor", "workshop-supervisor"),
    ("history", "history"),
    ("after-sales-scorecard", "after-sales-scorecard"),
    ("property-service", "property-service"),
    ("property-service", "property-service-2yuan"),
    ("service-quarterly", "service-quarterly"),
];

/// The example folder for a name: an example's folder name or its scheme's file stem.
pub fn example_dir(root: &Path, name: &str) -> Option<PathBuf> {
    EXAMPLES
        .iter()
        .find(|(e, s)| *e == name || *s == name)
        .map(|(e, _)| root.join("examples").join(e))
}

/// What a tiled workspace holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tiled {
    /// Copies of the example's months.
    pub copies: usize,
    /// People in the (last) month: the example's head count × copies.
    pub people: usize,
    /// The months, in order (`YYYY-MM`).
    pub months: Vec<String>,
}

/// The header texts of the columns whose type `keep` accepts, and the
/// roster's file names, from the schemes in `schemes/` (loaded as appraise
/// loads them).
pub fn scheme_facts(
    workspace: &Path,
    keep: impl Fn(ColumnType) -> bool,
) -> Result<(BTreeSet<String>, BTreeSet<String>), String> {
    let mut headers = BTreeSet::new();
    let mut rosters = BTreeSet::new();
    for entry in sorted_entries(&workspace.join("schemes"))? {
        let shown = entry.display().to_string();
        let (scheme, _) = load_file(&entry, &shown).map_err(|e| format!("{shown}: {e}"))?;
        for input in &scheme.inputs {
            if input.kind == InputKind::Roster {
                rosters.insert(input.file.clone());
            }
            for c in input.columns.iter().filter(|c| keep(c.ty)) {
                headers.insert(c.header.clone());
            }
        }
    }
    Ok((headers, rosters))
}

pub fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    v.sort();
    Ok(v)
}

/// The data rows of a CSV file (its first record is the header).
pub fn data_rows(path: &Path) -> Result<(csv::StringRecord, Vec<csv::StringRecord>), String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let header = r
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let rows = r
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((header, rows))
}

/// Writes the example `example` into `out` with its months tiled to at
/// least `people` people (whole copies; at least one).
pub fn tile(example: &Path, out: &Path, people: usize) -> Result<Tiled, String> {
    let (ids, rosters) = scheme_facts(example, |t| t == ColumnType::Id)?;
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    // Everything but the data (appraise.toml, schemes/) is copied as it is.
    for entry in sorted_entries(example)? {
        let name = entry.file_name().unwrap_or_default();
        if name == "data" || name == "out" {
            continue;
        }
        copy_tree(&entry, &out.join(name))?;
    }
    let data = example.join("data");
    let months: Vec<PathBuf> = sorted_entries(&data)?
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    // Head count of one copy: the last month's roster.
    let last = months.last().ok_or("the example has no month")?;
    let per_copy = rosters
        .iter()
        .map(|r| last.join(format!("{r}.csv")))
        .find(|p| p.exists())
        .map(|p| data_rows(&p).map(|(_, rows)| rows.len()))
        .transpose()?
        .ok_or("no roster file in the example's last month")?;
    let copies = people.div_ceil(per_copy.max(1)).max(1);
    let mut names = Vec::new();
    for month in &months {
        let name = month.file_name().unwrap_or_default();
        names.push(name.to_string_lossy().into_owned());
        let target = out.join("data").join(name);
        std::fs::create_dir_all(&target).map_err(|e| io(&target, e))?;
        for file in sorted_entries(month)? {
            let dest = target.join(file.file_name().unwrap_or_default());
            if file.extension().is_some_and(|e| e == "csv") {
                tile_csv(&file, &dest, &ids, copies)?;
            } else {
                std::fs::copy(&file, &dest).map_err(|e| io(&file, e))?;
            }
        }
    }
    Ok(Tiled {
        copies,
        people: per_copy * copies,
        months: names,
    })
}

/// One CSV file, its rows repeated `copies` times, identifier cells suffixed.
fn tile_csv(from: &Path, to: &Path, ids: &BTreeSet<String>, copies: usize) -> Result<(), String> {
    let (header, rows) = data_rows(from)?;
    let id_cols: Vec<bool> = header
        .iter()
        .map(|h| ids.contains(h.trim_start_matches('\u{feff}')))
        .collect();
    let mut w = csv::Writer::from_path(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let fail = |e: csv::Error| format!("{}: {e}", to.display());
    w.write_record(&header).map_err(fail)?;
    let mut cells: Vec<String> = Vec::new();
    for k in 1..=copies {
        for row in &rows {
            cells.clear();
            for (i, cell) in row.iter().enumerate() {
                let id = id_cols.get(i).copied().unwrap_or(false);
                cells.push(if id && k > 1 && !cell.is_empty() {
                    format!("{cell}-{k}")
                } else {
                    cell.to_string()
                });
            }
            w.write_record(&cells).map_err(fail)?;
        }
    }
    w.flush().map_err(|e| format!("{}: {e}", to.display()))
}

pub fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
        for entry in sorted_entries(from)? {
            copy_tree(&entry, &to.join(entry.file_name().unwrap_or_default()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| format!("{}: {e}", from.display()))
    }
}
