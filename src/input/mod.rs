//! Reading the month's exports: files → rows of cells that keep their file,
//! row and column ([`stream`], [`table`]) → typed, joined records the engine
//! consumes ([`records`]), row by row.

pub mod csv;
pub mod history;
pub mod index;
pub mod legacy;
pub mod problems;
pub mod records;
mod roster;
pub mod sheet;
pub mod stream;
pub mod table;
pub mod typing;
pub mod value;

use crate::diagnostic::{Diagnostic, Location};
use crate::model::MonthData;
use crate::scheme::Scheme;
use std::path::{Path, PathBuf};
use table::ReadOptions;

/// The extensions an input file may have, in the order they are looked for.
pub const EXTENSIONS: &[&str] = &["csv", "xlsx", "xls", "ods"];

/// Finds the file for each input in `dir`: `<file>.csv`, `.xlsx`, `.xls` or `.ods`.
fn locate(dir: &Path, stem: &str) -> Result<Option<PathBuf>, crate::i18n::Msg> {
    let found: Vec<PathBuf> = EXTENSIONS
        .iter()
        .map(|e| dir.join(format!("{stem}.{e}")))
        .filter(|p| p.is_file())
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        many => Err(crate::msg!(
            "several-files",
            input = stem,
            files = many
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// One input file as read, for the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputRead {
    /// The file's name as shown in messages (`repairs.csv`).
    pub file: String,
    /// Data rows read.
    pub rows: usize,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

/// The month's records and what was read to make them.
#[derive(Debug)]
pub struct MonthRead {
    pub data: MonthData,
    /// Per scheme input: its file, or `None` for an optional input without one.
    pub inputs: Vec<Option<InputRead>>,
    /// Warnings of the join (a team row without people, when the scheme allows it).
    pub warnings: Vec<Diagnostic>,
}

/// Reads every input of `scheme` from the month folder `dir` and joins them
/// into records, row by row: each file's rows are typed and joined as they
/// are read (the roster first), so a month takes the memory of its records,
/// not of its files' cells.
///
/// When a file cannot be read, reading goes on with the others, and those
/// that could be read are checked too (their cells typed, their rows joined
/// as far as the unreadable files allow): the error then lists the problems
/// of every file, in the scheme's order of inputs, so that one run shows all
/// there is to fix.
///
/// `encoding` is the workspace's CSV encoding, used for inputs whose scheme
/// names none; with neither, the encoding is detected.
pub fn read_month(
    scheme: &Scheme,
    dir: &Path,
    dir_display: &str,
    encoding: Option<&str>,
) -> Result<MonthRead, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Err(vec![Diagnostic::error(
            Location::File {
                file: dir_display.to_string(),
            },
            crate::msg!("no-data-folder"),
        )]);
    }
    read_month_from(
        scheme,
        &mut |spec| locate(dir, &spec.file).map(|found| found.map(Source::Path)),
        dir_display,
        encoding,
    )
}

/// Where an input's table is: a file, or bytes in memory with the name
/// messages give it (`appraise test`'s inline tables).
pub enum Source {
    Path(PathBuf),
    Bytes {
        name: String,
        kind: table::FileKind,
        bytes: Vec<u8>,
    },
}

/// [`read_month`] over tables that `find` gives for each input: `Ok(None)`
/// when the input has none, `Err` with the message for a folder problem
/// (several files for one input). `dir_display` is where missing inputs are
/// said to be missing from.
pub fn read_month_from(
    scheme: &Scheme,
    find: &mut dyn FnMut(&crate::scheme::InputSpec) -> Result<Option<Source>, crate::i18n::Msg>,
    dir_display: &str,
    encoding: Option<&str>,
) -> Result<MonthRead, Vec<Diagnostic>> {
    let n = scheme.inputs.len();
    let mut inputs = vec![None; n];
    let mut unreadable = vec![false; n];
    let mut joiner = records::Joiner::new(scheme);
    let folder = || Location::File {
        file: dir_display.to_string(),
    };
    let roster = scheme.roster.input;
    let order = std::iter::once(roster).chain((0..n).filter(|&i| i != roster));
    for i in order {
        let Some(spec) = scheme.inputs.get(i) else {
            continue;
        };
        let source = match find(spec) {
            Ok(Some(source)) => source,
            Ok(None) if spec.optional => continue,
            Ok(None) => {
                joiner.problems.push(
                    i,
                    Diagnostic::error(
                        folder(),
                        crate::msg!(
                            "no-input-file",
                            input = &spec.name,
                            label = &spec.label,
                            file = &spec.file
                        ),
                    ),
                );
                unreadable[i] = true;
                continue;
            }
            Err(msg) => {
                joiner.problems.push(i, Diagnostic::error(folder(), msg));
                unreadable[i] = true;
                continue;
            }
        };
        let display = match &source {
            Source::Path(path) => path
                .file_name()
                .map_or_else(|| spec.file.clone(), |n| n.to_string_lossy().into_owned()),
            Source::Bytes { name, .. } => name.clone(),
        };
        let headers: Vec<&str> = spec.columns.iter().map(|c| c.header.as_str()).collect();
        let opts = ReadOptions {
            encoding: spec.encoding.as_deref().or(encoding),
            sheet: spec.sheet.as_deref(),
            required_headers: &headers,
            skip_total_row: spec.total_row,
        };
        let join = |info: &stream::TableInfo, rows: &mut stream::Rows| joiner.table(i, info, rows);
        let streamed = match &source {
            Source::Path(path) => stream::stream_table(path, &display, &opts, join),
            Source::Bytes { kind, bytes, .. } => {
                stream::stream_table_bytes(bytes, *kind, &display, &opts, join)
            }
        };
        match streamed {
            Ok(read) => {
                // Malformed rows: errors, but the table was still checked and
                // joined, so that its other problems show too.
                for d in read.problems {
                    joiner.problems.push(i, d);
                }
                unreadable[i] = read.failed;
                inputs[i] = Some(InputRead {
                    file: read.info.file,
                    rows: read.rows,
                    sha256: read.info.sha256,
                });
            }
            Err(found) => {
                for d in found {
                    joiner.problems.push(i, d);
                }
                unreadable[i] = true;
            }
        }
    }
    let (data, problems, warnings) = joiner.finish(&unreadable);
    if problems.is_empty() {
        Ok(MonthRead {
            data,
            inputs,
            warnings,
        })
    } else {
        Err(problems.into_report(warnings))
    }
}

/// Warnings for optional inputs that have no file this month (everyone takes
/// the defaults), naming files that look like a misnamed one (`Points.csv`,
/// `points.txt`), so a wrongly named file is not silently ignored.
pub fn absent_optional_warnings(
    scheme: &Scheme,
    tables: &[Option<InputRead>],
    dir: &Path,
    dir_display: &str,
) -> Vec<Diagnostic> {
    let names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for (spec, table) in scheme.inputs.iter().zip(tables) {
        if table.is_some() || !spec.optional {
            continue;
        }
        let mut d = Diagnostic::warning(
            Location::File {
                file: dir_display.to_string(),
            },
            crate::msg!("no-optional-file", input = &spec.name, label = &spec.label),
        );
        let stem = spec.file.to_lowercase();
        let mut near: Vec<&String> = names
            .iter()
            .filter(|n| {
                let lower = n.to_lowercase();
                let s = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
                s == stem
            })
            .collect();
        near.sort();
        if !near.is_empty() {
            d = d.with_hint(crate::msg!(
                "hint-misnamed-file",
                found = near
                    .iter()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                file = &spec.file
            ));
        }
        out.push(d);
    }
    out
}
