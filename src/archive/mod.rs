//! The archive of a month: `out/<month>/manifest.json` ([`Manifest`]) records
//! what the month was computed from (scheme, input files, options) and what it
//! gave (outputs, every person's figures, totals); `verify` recomputes the
//! month in memory and [`compare`]s; `close` marks it final, and `compute`
//! then refuses it until `reopen`, which moves the closed outputs and manifest
//! to `out/<month>/history/<n>/` and keeps a history entry.
//!
//! No clock here: the dates of close and reopen are given by the caller
//! ([`today`] is for the command line's default). The manifest is written
//! atomically ([`crate::output::write_atomic`]) and only by its callers once
//! the outputs have been written.

pub mod compare;
pub mod figures;
pub mod manifest;

pub use figures::Figures;
pub use manifest::Manifest;

use crate::diagnostic::{Diagnostic, Location};
use crate::month::Month;
use crate::msg;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use manifest::{Closed, OutputRef, Reopened};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The manifest's file name in `out/<month>/`.
pub const FILE_NAME: &str = "manifest.json";
/// The folder in `out/<month>/` holding what reopened months had been closed with.
pub const HISTORY: &str = "history";

/// Why an archive operation failed: the user's files or request (exit 1, the
/// messages say what) or I/O (exit 3).
#[derive(Debug)]
pub enum Error {
    User(Vec<Diagnostic>),
    Io(std::io::Error),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}

/// A month's archive folder, `out/<month>/`.
#[derive(Clone, Debug)]
pub struct Archive {
    pub month: Month,
    pub dir: PathBuf,
    /// The folder as messages name it: `out/2024-05`.
    pub display: String,
}

impl Archive {
    pub fn of(ws: &Workspace, month: Month) -> Archive {
        Archive {
            month,
            dir: ws.out_dir(month),
            display: format!("{}/{month}", ws.out),
        }
    }

    /// `out/<month>/manifest.json`.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// `out/2024-05/manifest.json`, as messages name it.
    pub fn manifest_display(&self) -> String {
        format!("{}/{FILE_NAME}", self.display)
    }

    /// An error about the manifest, located at its file.
    pub fn error(&self, message: impl Into<crate::i18n::Text>) -> Diagnostic {
        Diagnostic::error(
            Location::File {
                file: self.manifest_display(),
            },
            message,
        )
    }

    fn user(&self, message: impl Into<crate::i18n::Text>) -> Error {
        Error::User(vec![self.error(message)])
    }

    /// The manifest and its bytes, or `None` when the month has none.
    pub fn read(&self) -> Result<Option<(Manifest, Vec<u8>)>, Error> {
        let bytes = match std::fs::read(self.path()) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                let path = self.path();
                return Err(Error::Io(std::io::Error::new(
                    e.kind(),
                    match crate::output::file_in_the_way(&path) {
                        Some(file) => crate::output::write_atomic::file_not_folder(file),
                        None => format!("cannot read {}: {e}", path.display()),
                    },
                )));
            }
        };
        match Manifest::from_bytes(&bytes) {
            Ok(m) => Ok(Some((m, bytes))),
            Err(msg) => Err(self.user(msg!("manifest-unreadable", problem = msg))),
        }
    }

    /// The manifest, which must exist.
    pub fn read_required(&self) -> Result<(Manifest, Vec<u8>), Error> {
        self.read()?.ok_or_else(|| {
            self.user(msg!(
                "no-manifest",
                month = self.month.to_string(),
                dir = &self.display
            ))
        })
    }

    /// Writes the manifest atomically.
    pub fn write(&self, m: &Manifest) -> std::io::Result<()> {
        crate::output::write_atomic(&self.path(), &m.to_bytes())
    }

    /// Writes a new month's manifest atomically, streaming its people.
    pub fn write_new(&self, m: &manifest::NewManifest) -> std::io::Result<()> {
        crate::output::write_atomic_with(&self.path(), |f| {
            let mut w = std::io::BufWriter::new(f);
            m.write_to(&mut w)?;
            std::io::Write::flush(&mut w)
        })
    }

    /// Before computing the month: refused when it is closed; else the
    /// history of its manifest, to carry over into the new one.
    pub fn refuse_closed(&self) -> Result<Vec<Reopened>, Error> {
        let file = match std::fs::File::open(self.path()) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            // Anything else is reported as read() reports it.
            Err(_) => {
                return self
                    .read()
                    .map(|m| m.map(|(m, _)| m.history).unwrap_or_default());
            }
        };
        let m = manifest::Status::from_reader(file)
            .map_err(|msg| self.user(msg!("manifest-unreadable", problem = msg)))?;
        match &m.closed {
            Some(c) => Err(self.user(msg!(
                "month-closed",
                month = self.month.to_string(),
                date = &c.date
            ))),
            None => Ok(m.history),
        }
    }

    /// Marks the month final. Its outputs must still be those the manifest
    /// records.
    pub fn close(&self, date: NaiveDate, by: Option<String>) -> Result<Manifest, Error> {
        let (mut m, _) = self.read_required()?;
        let month = self.month;
        if let Some(c) = &m.closed {
            return Err(self.user(msg!(
                "already-closed",
                month = month.to_string(),
                date = &c.date
            )));
        }
        if m.outputs.is_empty() {
            return Err(self.user(msg!("no-outputs-to-close", month = month.to_string())));
        }
        let mut problems = Vec::new();
        for o in &m.outputs {
            let file = format!("{}/{}", self.display, o.file);
            match self.output_sha256(&o.file)? {
                None => problems.push(self.error(msg!(
                    "close-output-missing",
                    file = &file,
                    month = month.to_string()
                ))),
                Some(sha) if sha != o.sha256 => problems.push(self.error(msg!(
                    "close-output-changed",
                    file = &file,
                    old = short(&o.sha256),
                    new = short(&sha),
                    month = month.to_string()
                ))),
                Some(_) => {}
            }
        }
        if !problems.is_empty() {
            return Err(Error::User(problems));
        }
        m.closed = Some(Closed {
            date: date.format("%Y-%m-%d").to_string(),
            by,
        });
        self.write(&m)?;
        Ok(m)
    }

    /// Reopens a closed month: its manifest and outputs are moved to
    /// `history/<n>/` and an entry with `reason` is added to its history.
    /// Returns the new manifest and the outputs that were not there to keep.
    pub fn reopen(&self, date: NaiveDate, reason: &str) -> Result<(Manifest, Vec<String>), Error> {
        let (m, bytes) = self.read_required()?;
        let month = self.month;
        let Some(closed) = m.closed.clone() else {
            return Err(self.user(msg!("not-closed", month = month.to_string())));
        };
        let n = m.history.len() + 1;
        let kept_in = format!("{HISTORY}/{n}/");
        let keep = self.dir.join(HISTORY).join(n.to_string());
        if keep.exists() {
            return Err(self.user(msg!(
                "history-exists",
                dir = format!("{}/{kept_in}", self.display)
            )));
        }
        for o in &m.outputs {
            if !plain_name(&o.file) {
                return Err(self.user(msg!(
                    "output-not-file-name",
                    file = &o.file,
                    dir = &self.display
                )));
            }
        }
        crate::output::write_atomic(&keep.join(FILE_NAME), &bytes)?;
        let mut missing = Vec::new();
        for o in &m.outputs {
            let from = self.dir.join(&o.file);
            if from.exists() {
                std::fs::rename(&from, keep.join(&o.file))?;
            } else {
                missing.push(format!("{}/{}", self.display, o.file));
            }
        }
        let mut new = m.clone();
        new.closed = None;
        new.outputs = Vec::new();
        new.history.push(Reopened {
            reopened: date.format("%Y-%m-%d").to_string(),
            reason: reason.to_string(),
            closed: closed.date,
            manifest_sha256: crate::digest::sha256_hex(&bytes),
            outputs: m.outputs,
            kept_in,
        });
        self.write(&new)?;
        Ok((new, missing))
    }

    /// The SHA-256 of output `file` in the folder, `None` when it is missing.
    pub fn output_sha256(&self, file: &str) -> std::io::Result<Option<String>> {
        if !plain_name(file) {
            return Ok(None);
        }
        match sha256_file(&self.dir.join(file)) {
            Ok(sha) => Ok(Some(sha)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether a result file at `path` is in this folder (then the manifest
    /// records it); false for a file elsewhere or standard output.
    pub fn holds(&self, path: &Path) -> bool {
        let parent = crate::output::output_dir(path);
        match (parent.canonicalize(), self.dir.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }

    /// An output entry for a file just written in the folder.
    pub fn output_ref(&self, path: &Path) -> std::io::Result<OutputRef> {
        Ok(OutputRef {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: sha256_file(path)?,
        })
    }
}

/// A bare file name: no folder, not `.` or `..`.
fn plain_name(file: &str) -> bool {
    Path::new(file).file_name().is_some_and(|n| n == file)
}

/// The first 12 hex digits of a SHA-256, for messages.
pub fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// Lowercase hex SHA-256 of a file, read in blocks.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    let digest = hasher.finalize();
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// A date given on the command line, `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date YYYY-MM-DD"))
}

/// Today's date (UTC), the default of `close` and `reopen` — the only clock
/// read by appraise, outside the computation.
pub fn today() -> NaiveDate {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}
