//! Rendering results: each renderer returns bytes; [`write_atomic`] is the one
//! place that writes a result file, so a failed run never leaves a partial or
//! changed output behind.

pub mod csv;
pub mod explain;
pub mod json;
pub mod summary;
pub mod xlsx;

use crate::diagnostic::Diagnostic;
use crate::engine::Outcome;
use crate::expr::resolve::Value;
use crate::money::format_cents;
use crate::scheme::{Format, Scheme};
use std::io::Write;
use std::path::Path;

/// One input file used by a run, for the audit trail.
#[derive(Clone, Debug)]
pub struct InputUsed {
    pub input: String,
    pub label: String,
    pub file: String,
    pub rows: usize,
    pub sha256: String,
}

/// What a renderer needs besides the outcome.
pub struct Report<'a> {
    pub scheme: &'a Scheme,
    pub outcome: &'a Outcome,
    pub inputs: &'a [InputUsed],
    pub warnings: &'a [Diagnostic],
}

/// A value as text: money with two decimals, other numbers exactly, yes/no as 是/否.
pub fn value_text(v: &Value, format: Format) -> String {
    match v {
        Value::Num(d) if format == Format::Money => format_cents(*d),
        Value::Num(d) => d.normalize().to_string(),
        Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Value::Text(t) => t.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Unset | Value::Failed => String::new(),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over `path`. On any failure `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Like [`write_atomic`], but `fill` writes the content into the temporary
/// file itself, so large results stream to disk instead of being held in memory.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".appraise-").suffix(".tmp");
    // A result file is readable like any file the user creates (0666 less
    // the umask), not private as temporary files are by default.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
