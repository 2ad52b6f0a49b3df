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
//! and `explain` run it too.

use super::Failure;
use crate::archive::manifest::Options as ManifestOptions;
use crate::archive::{self, Archive, Figures};
use crate::cli::{Encoding, OutputFormat};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::engine::{self, Sink};
use crate::month::Month;
use crate::msg;
use crate::output::csv::CsvSink;
use crate::output::json::JsonSink;
use crate::output::tee::Tee;
use crate::output::xlsx::{Selection, XlsxSink};
use crate::output::{self, Report};
use crate::workspace::Workspace;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use super::load::{Loaded, load};

/// What one month's `compute` is asked to do: the command line's options.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    pub month: &'a str,
    /// The scheme's id, when several are in force.
    pub scheme: Option<&'a str>,
    pub format: OutputFormat,
    pub output: Option<&'a Path>,
    pub encoding: Encoding,
    /// Without `output`, JSON goes to `out/<month>/<scheme>-<month>.json`
    /// instead of standard output (a batch of months).
    pub json_to_file: bool,
    /// `--sheets`: the workbook's sheets by name; `None` for the default.
    pub sheets: Option<&'a [String]>,
    /// A progress bar of the teams written, on a terminal (one month, not `--quiet`).
    pub progress: bool,
}

/// What a month's computation tells its caller as it goes: standard error
/// for one month, the batch's line for a range.
#[derive(Clone, Copy, Debug)]
pub enum Note<'a> {
    /// An input warning or a flag raised by the scheme.
    Warning(&'a Diagnostic),
    /// The result written: `wrote PATH (14 people in 6 teams, scheme …)`.
    Wrote(&'a str),
    /// More detail, for `--verbose`: the scheme chosen, the inputs read.
    Detail(&'a str),
}

/// `--month` as a month.
pub fn parse_month(month: &str) -> Result<Month, Failure> {
    month
        .parse()
        .map_err(|e: String| Failure::User(Diagnostics(vec![Diagnostic::error(Location::None, e)])))
}

/// Computes a loaded month into `sink`: the one computation of a month,
/// for `compute` (teed with its output), `verify` and `explain` alike.
/// The sink's output must be discardable: it may have received teams when
/// the month fails (a temporary file, figures in memory).
pub fn compute_into<S: Sink>(l: &Loaded, sink: &mut S) -> Result<(), engine::Failure<S::Error>> {
    engine::compute_discardable(&l.scheme, l.month, &l.data, sink)
}

/// Like [`compute_into`], for a sink that cannot take anything back
/// (standard output): every figure is checked before the first team is handed over.
pub fn compute_checked<S: Sink>(l: &Loaded, sink: &mut S) -> Result<(), engine::Failure<S::Error>> {
    engine::compute(&l.scheme, l.month, &l.data, sink)
}

pub fn run(root: &Path, opts: &Options, note: &mut dyn FnMut(Note)) -> Result<(), Failure> {
    let Options {
        month,
        scheme: scheme_id,
        format,
        output,
        encoding,
        json_to_file,
        sheets,
        progress,
    } = *opts;
    let month = parse_month(month)?;
    // Sheet names are checked before anything is read.
    let selection =
        match sheets {
            Some(names) => Some(Selection::named(names).map_err(|e| {
                Failure::User(Diagnostics(vec![Diagnostic::error(Location::None, e)]))
            })?),
            None => None,
        };
    let ws = Workspace::open(root)?;
    let archive = Archive::of(&ws, month);
    let history = archive.refuse_closed()?;
    if let Some(path) = output
        && path.file_name().is_some_and(|n| n == archive::FILE_NAME)
        && archive.holds(path)
    {
        return Err(Failure::User(Diagnostics(vec![
            archive.error(msg!("compute-output-is-manifest")),
        ])));
    }
    let (scheme, scheme_warnings) = ws.scheme_for(month, scheme_id)?;
    note(Note::Detail(
        &msg!(
            "compute-scheme",
            id = &scheme.id,
            version = &scheme.version,
            file = &scheme.file,
            from = scheme.effective_from.to_string(),
            until = until(scheme.effective_until)
        )
        .to_string(),
    ));
    let mut loaded = super::load::load_with(&ws, month, scheme, scheme_warnings)?;
    let scheme = &loaded.scheme;
    for i in &loaded.inputs {
        note(Note::Detail(
            &msg!(
                "compute-read",
                file = format!("{}/{}", loaded.dir_display, i.file),
                rows = i.rows
            )
            .to_string(),
        ));
    }
    for w in &loaded.warnings {
        note(Note::Warning(w));
    }
    let mut report = Report::new(scheme, &loaded.inputs, &loaded.warnings);
    if format == OutputFormat::Xlsx {
        report.department = output::department(scheme, &loaded.data);
        report.trend = output::trend::earlier(month, |m| Archive::of(&ws, m).path());
    }
    let people = loaded.data.person_team.len();
    let teams = loaded.data.team_ids.len();
    let mut wrote = |path: &Path| {
        note(Note::Wrote(
            &msg!(
                "compute-wrote",
                path = path.display().to_string(),
                people = people,
                teams = teams,
                id = &scheme.id,
                version = &scheme.version
            )
            .to_string(),
        ));
    };
    let json_file = output.map(Path::to_path_buf).or_else(|| {
        json_to_file.then(|| {
            ws.out_dir(month)
                .join(format!("{}-{month}.json", scheme.id))
        })
    });
    let mut figures = Figures::default();
    // The result file, when there is one.
    let written: Option<PathBuf>;
    match format {
        OutputFormat::Json => {
            let mut run = |w: &mut dyn Write, spool_dir: Option<&Path>| -> Result<(), Failure> {
                let sink = JsonSink::new(&report, std::io::BufWriter::new(w), spool_dir);
                let mut tee = Tee(sink, &mut figures);
                // A file is a temporary file until the month succeeded;
                // standard output cannot take back half a document.
                if spool_dir.is_some() {
                    compute_into(&loaded, &mut tee).map_err(failure)?;
                } else {
                    compute_checked(&loaded, &mut tee).map_err(failure)?;
                }
                tee.0
                    .into_inner()
                    .flush()
                    .map_err(|e| failure(engine::Failure::Sink(e.into())))
            };
            match json_file.as_deref() {
                Some(path) => {
                    output::write_atomic_with(path, |f| run(f, Some(output::output_dir(path))))
                        .map_err(|e| match e {
                            Failure::Internal(m) => {
                                Failure::Internal(cannot_write(&path.display().to_string(), &m))
                            }
                            other => other,
                        })?;
                    wrote(path);
                    written = Some(path.to_path_buf());
                }
                None => {
                    match run(&mut std::io::stdout().lock(), None) {
                        // A reader that stops early (`| head`) is not a failure.
                        Err(Failure::Internal(m)) if m == BROKEN_PIPE => {}
                        Err(Failure::Internal(m)) => {
                            return Err(Failure::Internal(cannot_write_stdout(&m)));
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
            // The sheets stream to temporary files beside the result as teams
            // arrive; only a month computed in full is zipped into the atomic
            // write's file.
            let dir = output::output_dir(&path);
            let cannot =
                |m: String| Failure::Internal(cannot_write(&path.display().to_string(), &m));
            let created = output::create_dirs(dir).map_err(|e| cannot(e.to_string()))?;
            let selection =
                selection.map_or_else(|| Selection::default_for(people), |s| s.sized(people));
            let bar = progress_bar(progress, teams);
            let sink = without_panic(dir, || {
                let mut sink = XlsxSink::new(&report, month, Some(dir), &selection)
                    .map_err(|e| failure(engine::Failure::Sink(e)))?;
                compute_into(&loaded, &mut Progress(Tee(&mut sink, &mut figures), &bar))
                    .map_err(failure)?;
                Ok(sink)
            })?;
            bar.set_message(msg!("progress-zipping").to_string());
            output::write_atomic_with(&path, |f| {
                without_panic(dir, || {
                    // The zip writer finishes its archive as it is dropped
                    // and prints when it cannot: it must not see the error twice.
                    let mut w = output::FirstError::new(std::io::BufWriter::new(f));
                    sink.save(&mut w)
                        .map_err(|e| Failure::Internal(e.to_string()))?;
                    w.finish()?.flush()?;
                    Ok(())
                })
            })
            .map_err(|e| match e {
                Failure::Internal(m) => cannot(m),
                other => other,
            })?;
            created.keep();
            bar.finish_and_clear();
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
                    Failure::Internal(cannot_write(&path.display().to_string(), &m))
                }
                other => other,
            })?;
            wrote(&path);
            written = Some(path);
        }
    }
    // The month's records are no longer needed: free them before the
    // manifest's text is made.
    drop(std::mem::take(&mut loaded.data));
    // The manifest, once the result is in place: only for a result file in
    // out/<month>/ (not standard output, not a file elsewhere).
    if let Some(path) = written.filter(|p| archive.holds(p)) {
        let cannot = |e: std::io::Error| {
            Failure::Internal(cannot_write(&archive.manifest_display(), &e.to_string()))
        };
        let outputs = vec![archive.output_ref(&path).map_err(cannot)?];
        let options = ManifestOptions {
            scheme: scheme_id.map(str::to_string),
            format: value_name(&format),
            encoding: value_name(&encoding),
        };
        let earlier = archive::manifest::earlier_refs(&loaded.earlier);
        let manifest = archive::manifest::NewManifest {
            manifest: archive::manifest::VERSION,
            appraise: env!("CARGO_PKG_VERSION"),
            month: &month.to_string(),
            scheme: &loaded.scheme_ref(),
            options: &options,
            inputs: &loaded.input_refs,
            outputs: &outputs,
            totals: archive::manifest::totals(&figures),
            people: archive::manifest::PeopleOut(&figures),
            closed: None,
            history: &history,
            earlier_months: &earlier,
        };
        archive.write_new(&manifest).map_err(cannot)?;
    }
    Ok(())
}

/// Runs `f`, which writes the workbook, catching rust_xlsxwriter's panic
/// when a sheet's temporary file in `dir` cannot be written (a full disk)
/// as the I/O failure it is.
fn without_panic<T>(dir: &Path, f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("the workbook writer failed");
        Err(Failure::Internal(
            msg!(
                "cannot-write-temporary",
                dir = dir.display().to_string(),
                problem = why
            )
            .to_string(),
        ))
    })
}

/// The teams written so far, on standard error when it is a terminal and a
/// bar is asked for; hidden otherwise (and for small months: under 2,000 teams
/// a workbook takes well under a second).
fn progress_bar(wanted: bool, teams: usize) -> ProgressBar {
    if !wanted || teams < 2_000 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(teams as u64), ProgressDrawTarget::stderr());
    let template = format!(
        "{{spinner}} [{{bar:30}}] {{pos}}/{{len}} {} {{elapsed}} {{msg}}",
        msg!("progress-teams")
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// A sink that counts the teams written on a progress bar (the write pass:
/// the engine's passes before it are a small part of a workbook's time).
struct Progress<'b, S>(S, &'b ProgressBar);

impl<S: Sink> Sink for Progress<'_, S> {
    type Error = S::Error;

    fn team(&mut self, team: &engine::TeamView) -> Result<(), S::Error> {
        self.0.team(team)?;
        self.1.inc(1);
        Ok(())
    }

    fn traced(&self) -> engine::Traced {
        self.0.traced()
    }

    fn finish(&mut self, month: &engine::MonthView) -> Result<(), S::Error> {
        self.0.finish(month)
    }
}

/// `cannot write PATH: why`, for a failure to write a result.
pub fn cannot_write(path: &str, why: &str) -> String {
    msg!("cannot-write", path = path, problem = why).to_string()
}

/// `cannot write to standard output: why`.
pub fn cannot_write_stdout(why: &str) -> String {
    msg!("cannot-write-stdout", problem = why).to_string()
}

/// The end of a scheme's time in force: a month, or "no end".
pub fn until(month: Option<Month>) -> String {
    month.map_or_else(|| msg!("no-end").to_string(), |m| m.to_string())
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
