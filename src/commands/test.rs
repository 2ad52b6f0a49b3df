//! `appraise test [SCHEME_OR_TESTS_FILE…] [--junit FILE]`: run the
//! hand-worked cases kept beside schemes (`<scheme>.tests.toml`), in memory.
//!
//! Every tests file is read and checked first (a malformed one is a user
//! error at its line, and nothing runs); then each case runs and prints
//! `ok` or `FAILED` with its mismatches, and a summary follows. Exit 0 when
//! every case passed, 1 when one failed. `--junit` writes the JUnit XML
//! report atomically, whether cases failed or not; it is the only file written.
//! The cases run and report in English, the language their expected texts are
//! written in, whatever `--lang` or the locale says.

use super::Failure;
use crate::casebook::load::tests_path;
use crate::casebook::{self, Outcome, junit, report};
use crate::cli::Verbosity;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::exit::Exit;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

pub fn run(
    root: &Path,
    args: &[PathBuf],
    junit_file: Option<&Path>,
    verbosity: Verbosity,
) -> Result<(), Failure> {
    // Cases are written in English (their expected error texts, the report's
    // words); some calculation messages are rendered when they arise, so the
    // cases run in English whatever the locale.
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let files = find(root, args)?;
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for (path, display) in &files {
        match casebook::load::load(path, display) {
            Ok(f) => loaded.push(f),
            Err(d) => problems.extend(d.0),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::User(Diagnostics(problems)));
    }
    let mut results: Vec<Vec<Outcome>> = Vec::new();
    let (mut passed, mut failed) = (0, 0);
    let mut out = Output::default();
    for f in &loaded {
        let outcomes = casebook::run::run_file(f);
        if verbosity > Verbosity::Quiet {
            let heading =
                report::heading(&f.display, &f.scheme.id, &f.scheme.version, f.cases.len());
            out.write(&format!("{heading}\n"))?;
        }
        for o in &outcomes {
            if o.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
            if verbosity > Verbosity::Quiet || !o.passed() {
                out.write(&report::case(&f.display, o))?;
            }
        }
        results.push(outcomes);
    }
    if verbosity > Verbosity::Quiet || failed > 0 {
        out.write(&format!("{}\n", report::summary(passed, failed)))?;
    }
    if let Some(path) = junit_file {
        let suites: Vec<junit::Suite> = loaded
            .iter()
            .zip(&results)
            .map(|(f, outcomes)| junit::Suite {
                file: &f.display,
                scheme: &f.scheme.id,
                outcomes,
            })
            .collect();
        crate::output::write_atomic(path, junit::render(&suites).as_bytes())
            .map_err(|e| Failure::Internal(format!("cannot write {}: {e}", path.display())))?;
    }
    if failed > 0 {
        Err(Failure::Reported(Exit::BadInput))
    } else {
        Ok(())
    }
}

/// Standard output as cases finish; a reader that stops early (`| head`)
/// ends the printing, not the run (the exit code and `--junit` still follow).
#[derive(Default)]
struct Output {
    closed: bool,
}

impl Output {
    fn write(&mut self, text: &str) -> Result<(), Failure> {
        use std::io::Write;
        if self.closed {
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure::Internal(format!(
                "cannot write to standard output: {e}"
            ))),
            Ok(()) => Ok(()),
        }
    }
}

/// The tests files to run, as (path, name in messages): each argument is a
/// tests file, a scheme (its tests file beside it) or a folder (every
/// `*.tests.toml` in it); without arguments, the workspace's schemes.
fn find(root: &Path, args: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, Failure> {
    let mut out: Vec<(PathBuf, String)> = Vec::new();
    let mut problems = Vec::new();
    let error = |file: String, m: String| Diagnostic::error(Location::File { file }, m);
    if args.is_empty() {
        let ws = Workspace::open(root)?;
        for s in &ws.schemes {
            let tests = tests_path(Path::new(s));
            let path = root.join(&tests);
            if path.is_file() {
                out.push((path, tests.display().to_string()));
            } else {
                eprintln!("note: {s} has no cases: write them in {}", tests.display());
            }
        }
        if out.is_empty() {
            problems.push(error(
                "appraise.toml".into(),
                "no scheme of the workspace has a tests file beside it (<scheme>.tests.toml)"
                    .into(),
            ));
        }
    }
    for a in args {
        let shown = a.display().to_string();
        if a.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(a)
                .map_err(|e| Failure::Internal(format!("cannot read {shown}: {e}")))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".tests.toml"))
                .collect();
            found.sort();
            if found.is_empty() {
                problems.push(error(shown, "holds no *.tests.toml file".into()));
            }
            out.extend(found.into_iter().map(|p| {
                let d = p.display().to_string();
                (p, d)
            }));
        } else if shown.ends_with(".tests.toml") {
            if a.is_file() {
                out.push((a.clone(), shown));
            } else {
                problems.push(error(shown, "does not exist".into()));
            }
        } else {
            let tests = tests_path(a);
            if tests.is_file() {
                let d = tests.display().to_string();
                out.push((tests, d));
            } else {
                problems.push(error(
                    shown,
                    format!("has no cases beside it: expected {}", tests.display()),
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Failure::User(Diagnostics(problems)));
    }
    // A scheme and its tests file both named (`schemes/*.toml`): once.
    let mut seen = Vec::new();
    out.retain(|(p, _)| {
        let key = p.canonicalize().unwrap_or_else(|_| p.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    Ok(out)
}
