//! `appraise compute --month YYYY-MM`: read → validate → evaluate → write.
//! Nothing is written unless every step succeeded: the month is computed
//! team by team into a renderer ([`crate::engine::Sink`]) that writes it to
//! a temporary file as it goes (JSON and CSV) or to the workbook's sheets'
//! temporary files; the result file is renamed into place only when the
//! month computed in full. The renderer is teed with the archive's
//! [`Figures`]; when the result is a file in `out/<month>/`, the month's
//! manifest is written next, atomically. A closed month is refused before
//! anything is read.
//!
//! [`load`] and [`compute_into`] are the month's computation as `verify`
//! runs it too.

use super::Failure;
use crate::archive::manifest::{InputRef, Options, SchemeRef};
use crate::archive::{self, Archive, Figures, Manifest};
use crate::cli::{Encoding, OutputFormat};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::engine::{self, Sink};
use crate::input::read_month;
use crate::model::MonthData;
use crate::month::Month;
use crate::output::csv::CsvSink;
use crate::output::json::JsonSink;
use crate::output::tee::Tee;
use crate::output::xlsx::XlsxSink;
use crate::output::{self, InputUsed, Report};
use crate::scheme::Scheme;
use crate::workspace::Workspace;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A month read and checked, ready to compute.
pub struct Loaded {
    pub month: Month,
    pub scheme: Scheme,
    /// Warnings of the scheme and of the inputs.
    pub warnings: Vec<Diagnostic>,
    pub data: MonthData,
    /// The input files read, in the scheme's order.
    pub inputs: Vec<InputUsed>,
    /// The same, as the manifest records them (with their sizes).
    pub input_refs: Vec<InputRef>,
}

impl Loaded {
    /// The scheme as the manifest records it.
    pub fn scheme_ref(&self) -> SchemeRef {
        SchemeRef {
            id: self.scheme.id.clone(),
            version: self.scheme.version.clone(),
            file: self.scheme.file.clone(),
            sha256: self.scheme.sha256.clone(),
        }
    }
}

/// `--month` as a month.
pub fn parse_month(month: &str) -> Result<Month, Failure> {
    month
        .parse()
        .map_err(|e: String| Failure::User(Diagnostics(vec![Diagnostic::error(Location::None, e)])))
}

/// Loads the scheme in force for `month` (or the one with id `scheme_id`)
/// and reads the month's inputs.
pub fn load(ws: &Workspace, month: Month, scheme_id: Option<&str>) -> Result<Loaded, Failure> {
    let (scheme, mut warnings) = ws.scheme_for(month, scheme_id)?;
    let month_dir = ws.month_dir(month);
    let dir_display = format!("{}/{month}", ws.data);
    let read = read_month(&scheme, &month_dir, &dir_display, ws.encoding.as_deref())
        .map_err(|d| Failure::User(Diagnostics(d)))?;
    warnings.extend(crate::input::absent_optional_warnings(
        &scheme,
        &read.inputs,
        &month_dir,
        &dir_display,
    ));
    warnings.extend(read.warnings);
    let mut inputs = Vec::new();
    let mut input_refs = Vec::new();
    for (spec, t) in scheme.inputs.iter().zip(&read.inputs) {
        let Some(t) = t else { continue };
        inputs.push(InputUsed {
            input: spec.name.clone(),
            label: spec.label.clone(),
            file: t.file.clone(),
            rows: t.rows,
            sha256: t.sha256.clone(),
        });
        input_refs.push(InputRef {
            input: spec.name.clone(),
            file: t.file.clone(),
            size: std::fs::metadata(month_dir.join(&t.file))?.len(),
            rows: t.rows,
            sha256: t.sha256.clone(),
        });
    }
    Ok(Loaded {
        month,
        scheme,
        warnings,
        data: read.data,
        inputs,
        input_refs,
    })
}

/// Computes a loaded month into `sink`: the one computation of a month,
/// for `compute` (teed with its output) and `verify` alike.
pub fn compute_into<S: Sink>(l: &Loaded, sink: &mut S) -> Result<(), engine::Failure<S::Error>> {
    engine::compute(&l.scheme, l.month, &l.data, sink)
}

pub fn run(
    root: &Path,
    month: &str,
    scheme_id: Option<&str>,
    format: OutputFormat,
    output: Option<&Path>,
    encoding: Encoding,
) -> Result<(), Failure> {
    let month = parse_month(month)?;
    let ws = Workspace::open(root)?;
    let archive = Archive::of(&ws, month);
    let history = archive.refuse_closed()?;
    if let Some(path) = output
        && path.file_name().is_some_and(|n| n == archive::FILE_NAME)
        && archive.holds(path)
    {
        return Err(Failure::User(Diagnostics(vec![
            archive.error("this is the month's manifest: choose another --output"),
        ])));
    }
    let loaded = load(&ws, month, scheme_id)?;
    let scheme = &loaded.scheme;
    let warnings = &loaded.warnings;
    for w in warnings {
        eprintln!("{w}");
    }
    let report = Report::new(scheme, &loaded.inputs, warnings);
    let people = loaded.data.person_team.len();
    let teams = loaded.data.team_ids.len();
    let wrote = |path: &Path| {
        eprintln!(
            "wrote {} ({people} people in {teams} teams, scheme {} {})",
            path.display(),
            scheme.id,
            scheme.version
        );
    };
    let mut figures = Figures::default();
    // The result file, when there is one.
    let written: Option<PathBuf>;
    match format {
        OutputFormat::Json => {
            let mut run = |w: &mut dyn Write, spool_dir: Option<&Path>| -> Result<(), Failure> {
                let sink = JsonSink::new(&report, std::io::BufWriter::new(w), spool_dir);
                let mut tee = Tee(sink, &mut figures);
                compute_into(&loaded, &mut tee).map_err(failure)?;
                tee.0
                    .into_inner()
                    .flush()
                    .map_err(|e| failure(engine::Failure::Sink(e.into())))
            };
            match output {
                Some(path) => {
                    output::write_atomic_with(path, |f| run(f, Some(output::output_dir(path))))
                        .map_err(|e| match e {
                            Failure::Internal(m) => {
                                Failure::Internal(format!("cannot write {}: {m}", path.display()))
                            }
                            other => other,
                        })?;
                    written = Some(path.to_path_buf());
                }
                None => {
                    match run(&mut std::io::stdout().lock(), None) {
                        // A reader that stops early (`| head`) is not a failure.
                        Err(Failure::Internal(m)) if m == BROKEN_PIPE => {}
                        Err(Failure::Internal(m)) => {
                            return Err(Failure::Internal(format!(
                                "cannot write to standard output: {m}"
                            )));
                        }
                        other => other?,
                    }
                    written = None;
                }
            }
        }
        OutputFormat::Xlsx => {
            let default = ws
                .out_dir(month)
                .join(format!("{}-{month}.xlsx", scheme.id));
            let path = output.map_or(default, Path::to_path_buf);
            // The sheets stream to temporary files as teams arrive; only a
            // month computed in full is zipped into the atomic write's file.
            let mut sink =
                XlsxSink::new(&report, month).map_err(|e| failure(engine::Failure::Sink(e)))?;
            compute_into(&loaded, &mut Tee(&mut sink, &mut figures)).map_err(failure)?;
            output::write_atomic_with(&path, |f| {
                let mut w = std::io::BufWriter::new(f);
                sink.save(&mut w)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                w.flush()
            })
            .map_err(|e| Failure::Internal(format!("cannot write {}: {e}", path.display())))?;
            wrote(&path);
            written = Some(path);
        }
        OutputFormat::Csv => {
            let default = ws.out_dir(month).join(format!("{}-{month}.csv", scheme.id));
            let path = output.map_or(default, Path::to_path_buf);
            // Rows go to the atomic write's temporary file as teams arrive.
            output::write_atomic_with(&path, |f| -> Result<(), Failure> {
                let w = std::io::BufWriter::with_capacity(64 * 1024, f);
                let sink = CsvSink::new(&report, encoding, w)
                    .map_err(|e| failure(engine::Failure::Sink(e)))?;
                let mut tee = Tee(sink, &mut figures);
                compute_into(&loaded, &mut tee).map_err(failure)?;
                tee.0
                    .into_inner()
                    .flush()
                    .map_err(|e| failure(engine::Failure::Sink(e.into())))
            })
            .map_err(|e| match e {
                Failure::Internal(m) => {
                    Failure::Internal(format!("cannot write {}: {m}", path.display()))
                }
                other => other,
            })?;
            wrote(&path);
            written = Some(path);
        }
    }
    // The manifest, once the result is in place: only for a result file in
    // out/<month>/ (not standard output, not a file elsewhere).
    if let Some(path) = written.filter(|p| archive.holds(p)) {
        let cannot = |e: std::io::Error| {
            Failure::Internal(format!("cannot write {}: {e}", archive.manifest_display()))
        };
        let outputs = vec![archive.output_ref(&path).map_err(cannot)?];
        let options = Options {
            scheme: scheme_id.map(str::to_string),
            format: value_name(&format),
            encoding: value_name(&encoding),
        };
        let manifest = Manifest::new(
            month.to_string(),
            loaded.scheme_ref(),
            options,
            loaded.input_refs.clone(),
            outputs,
            &figures,
            history,
        );
        archive.write(&manifest).map_err(cannot)?;
    }
    Ok(())
}

/// An option's value as the command line spells it (`xlsx`, `utf-8`).
fn value_name(v: &impl ValueEnum) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

/// The message of a closed standard output, kept to tell it apart.
const BROKEN_PIPE: &str = "broken pipe";

/// An engine failure as a command failure: problems of the month and user
/// errors of a renderer (a cell too long, a character GBK lacks) exit 1;
/// I/O exits 3.
fn failure(f: engine::Failure<output::Error>) -> Failure {
    match f {
        engine::Failure::Problems(d) => Failure::User(Diagnostics(d)),
        engine::Failure::Sink(output::Error::User(d)) => Failure::User(Diagnostics(vec![d])),
        engine::Failure::Sink(output::Error::Io(e))
            if e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            Failure::Internal(BROKEN_PIPE.into())
        }
        engine::Failure::Sink(output::Error::Io(e)) => Failure::Internal(e.to_string()),
    }
}

impl From<archive::Error> for Failure {
    fn from(e: archive::Error) -> Failure {
        match e {
            archive::Error::User(d) => Failure::User(Diagnostics(d)),
            archive::Error::Io(e) => Failure::Internal(e.to_string()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Internal(e.to_string())
    }
}
