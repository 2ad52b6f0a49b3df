//! `appraise compute --month YYYY-MM`: read → validate → evaluate → write.
//! Nothing is written unless every step succeeded.

use super::Failure;
use crate::cli::{Encoding, OutputFormat};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::engine;
use crate::input::{read_month, records};
use crate::month::Month;
use crate::output::{self, InputUsed, Report};
use crate::workspace::Workspace;
use std::io::Write;
use std::path::Path;

pub fn run(
    root: &Path,
    month: &str,
    scheme_id: Option<&str>,
    format: OutputFormat,
    output: Option<&Path>,
    encoding: Encoding,
) -> Result<(), Failure> {
    let month: Month = month.parse().map_err(|e: String| {
        Failure::User(Diagnostics(vec![Diagnostic::error(Location::None, e)]))
    })?;
    let ws = Workspace::open(root)?;
    let (scheme, mut warnings) = ws.scheme_for(month, scheme_id)?;
    let month_dir = ws.month_dir(month);
    let dir_display = format!("{}/{month}", ws.data);
    let tables = read_month(&scheme, &month_dir, &dir_display, ws.encoding.as_deref())
        .map_err(|d| Failure::User(Diagnostics(d)))?;
    warnings.extend(crate::input::absent_optional_warnings(
        &scheme,
        &tables,
        &month_dir,
        &dir_display,
    ));
    let (data, join_warnings) =
        records::join(&scheme, &tables).map_err(|d| Failure::User(Diagnostics(d)))?;
    warnings.extend(join_warnings);
    let inputs: Vec<InputUsed> = scheme
        .inputs
        .iter()
        .zip(&tables)
        .filter_map(|(spec, t)| {
            t.as_ref().map(|t| InputUsed {
                input: spec.name.clone(),
                label: spec.label.clone(),
                file: t.file.clone(),
                rows: t.rows.len(),
                sha256: t.sha256.clone(),
            })
        })
        .collect();
    // The raw cells are no longer needed: free them before computing.
    drop(tables);
    let outcome =
        engine::compute(&scheme, month, data).map_err(|d| Failure::User(Diagnostics(d)))?;
    let report = Report {
        scheme: &scheme,
        outcome: &outcome,
        inputs: &inputs,
        warnings: &warnings,
    };
    for w in &warnings {
        eprintln!("{w}");
    }
    match format {
        OutputFormat::Json => {
            let stream = |w: &mut dyn Write| {
                let mut w = std::io::BufWriter::new(w);
                output::json::render_to(&report, &mut w)?;
                w.flush()
            };
            match output {
                Some(path) => output::write_atomic_with(path, |f| stream(f)).map_err(|e| {
                    Failure::Internal(format!("cannot write {}: {e}", path.display()))
                })?,
                // A reader that stops early (`| head`) is not a failure.
                None => match stream(&mut std::io::stdout().lock()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        return Err(Failure::Internal(format!(
                            "cannot write to standard output: {e}"
                        )));
                    }
                    _ => {}
                },
            }
        }
        OutputFormat::Xlsx => {
            let default = ws
                .out_dir(month)
                .join(format!("{}-{month}.xlsx", scheme.id));
            let path = output.map_or(default, Path::to_path_buf);
            // The workbook streams into the temporary file of the atomic write.
            output::write_atomic_with(&path, |f| {
                let mut w = std::io::BufWriter::new(f);
                output::xlsx::render_to(&report, &mut w).map_err(std::io::Error::other)?;
                w.flush()
            })
            .map_err(|e| Failure::Internal(format!("cannot write {}: {e}", path.display())))?;
            wrote(&path, &report);
        }
        OutputFormat::Csv => {
            let bytes = output::csv::render(&report, encoding).map_err(|e| {
                Failure::User(Diagnostics(vec![Diagnostic::error(Location::None, e)]))
            })?;
            let default = ws.out_dir(month).join(format!("{}-{month}.csv", scheme.id));
            let path = output.map_or(default, Path::to_path_buf);
            write(&path, &bytes)?;
            wrote(&path, &report);
        }
    }
    Ok(())
}

fn wrote(path: &Path, r: &Report) {
    eprintln!(
        "wrote {} ({} people in {} teams, scheme {} {})",
        path.display(),
        r.outcome.person_count(),
        r.outcome.team_ids.len(),
        r.scheme.id,
        r.scheme.version
    );
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    output::write_atomic(path, bytes)
        .map_err(|e| Failure::Internal(format!("cannot write {}: {e}", path.display())))
}
