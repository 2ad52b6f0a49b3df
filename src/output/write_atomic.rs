//! The one place that writes a result file: a temporary file in the result's
//! folder (named by [`super::cleanup`], so an interrupted run's is found and
//! removed), flushed, then renamed over the result; on any failure the
//! result is untouched and the folders made for it are removed again.
//! [`FirstError`] keeps a library that writes on after a failure (the zip
//! writer finishing its archive as it is dropped) from printing its own
//! messages: the first error is the one reported.

use super::cleanup;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over `path`. On any failure `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// The folder a result file at `path` goes in (`.` for a bare file name).
pub fn output_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// An anonymous temporary file for a renderer to spool a part of its output
/// to (removed when dropped, and by the system if the run dies): in `dir`,
/// the folder of the result file, when there is one — the same disk the
/// result goes to, not a `/tmp` that may be held in memory — else in the
/// system's temporary folder.
pub fn spool_file(dir: Option<&Path>) -> std::io::Result<std::fs::File> {
    match dir {
        Some(dir) => tempfile::tempfile_in(dir),
        None => tempfile::tempfile(),
    }
}

/// A failed write of a spool file, naming the folder it is in (the system's
/// temporary folder when `dir` is `None`): a full `TMPDIR` is not a failure
/// of standard output.
pub fn spool_error(dir: Option<&Path>, e: std::io::Error) -> std::io::Error {
    let folder = dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
    std::io::Error::new(
        e.kind(),
        crate::msg!(
            "cannot-write-temporary-file",
            dir = folder.display().to_string(),
            problem = e.to_string()
        )
        .to_string(),
    )
}

/// Like [`write_atomic`], but `fill` writes the content into the temporary
/// file itself, so large results stream to disk instead of being held in
/// memory. When `fill` fails (with its own error type), nothing is renamed,
/// and folders created for the result are removed again (when still empty).
pub fn write_atomic_with<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<(), E>,
) -> Result<(), E> {
    let dir = output_dir(path);
    let created = create_dirs(dir)?;
    fill_atomic(path, dir, fill)?;
    created.keep();
    Ok(())
}

/// Folders created for a result: removed again (each while still empty,
/// deepest first) when dropped, unless [`NewDirs::keep`] is called.
#[must_use]
pub struct NewDirs {
    dirs: Vec<std::path::PathBuf>,
}

impl NewDirs {
    /// The result is written: the folders stay.
    pub fn keep(mut self) {
        self.dirs.clear();
    }
}

impl Drop for NewDirs {
    fn drop(&mut self) {
        for d in &self.dirs {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
        }
    }
}

/// Creates `dir` and the folders above it that are missing; an error names
/// the folder (and says so when it is a file).
pub fn create_dirs(dir: &Path) -> std::io::Result<NewDirs> {
    let dirs: Vec<std::path::PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(dir).map_err(|e| match file_in_the_way(&dir.join("x")) {
        Some(f) => std::io::Error::new(e.kind(), file_not_folder(f)),
        None => std::io::Error::new(
            e.kind(),
            crate::msg!(
                "cannot-create-folder",
                dir = dir.display().to_string(),
                problem = e.to_string()
            )
            .to_string(),
        ),
    })?;
    Ok(NewDirs { dirs })
}

/// "`f` is a file, not a folder", in the reader's language.
pub fn file_not_folder(f: &Path) -> String {
    crate::msg!("file-not-folder", file = f.display().to_string()).to_string()
}

/// A file where a folder above `path` should be (`out/2024-05` being a file).
pub fn file_in_the_way(path: &Path) -> Option<&Path> {
    path.ancestors()
        .skip(1)
        .find(|d| !d.as_os_str().is_empty() && d.exists() && !d.is_dir())
}

fn fill_atomic<E: From<std::io::Error>>(
    path: &Path,
    dir: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<(), E>,
) -> Result<(), E> {
    cleanup::sweep(dir);
    let prefix = cleanup::temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(cleanup::SUFFIX);
    // A result file is readable like any file the user creates (0666 less
    // the umask), not private as temporary files are by default.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            crate::msg!(
                "cannot-create-file-in",
                dir = dir.display().to_string(),
                problem = e.to_string()
            )
            .to_string(),
        )
    })?;
    let tmp_path = tmp.path().to_path_buf();
    cleanup::writing(&tmp_path);
    let result = fill(tmp.as_file_mut())
        .and_then(|()| Ok(tmp.as_file().sync_all()?))
        .and_then(|()| Ok(tmp.persist(path).map_err(|e| e.error)?));
    // On failure the temporary file is removed as `tmp` drops.
    cleanup::done(&tmp_path);
    result.map(drop)
}

/// A writer that passes writes on until one fails, then takes every later
/// write without passing it on: the first error is returned to whoever
/// wrote, and a writer dropped after it (rust_xlsxwriter's zip writer,
/// which finishes its archive in `drop` and prints to standard error when
/// it cannot) finds nothing more to complain about. What was written after
/// the failure is lost, which is right: the file it goes to is thrown away.
pub struct FirstError<W: Write> {
    inner: W,
    failed: Option<(std::io::ErrorKind, String)>,
}

impl<W: Write> FirstError<W> {
    pub fn new(inner: W) -> FirstError<W> {
        FirstError {
            inner,
            failed: None,
        }
    }

    /// Flushes what was written, or returns the first error (again).
    pub fn finish(mut self) -> std::io::Result<W> {
        self.flush()?;
        match self.failed.take() {
            Some((kind, message)) => Err(std::io::Error::new(kind, message)),
            None => Ok(self.inner),
        }
    }

    fn record(&mut self, e: std::io::Error) -> std::io::Error {
        if e.kind() != std::io::ErrorKind::Interrupted {
            self.failed = Some((e.kind(), e.to_string()));
        }
        e
    }
}

impl<W: Write> Write for FirstError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_some() {
            return Ok(buf.len());
        }
        self.inner.write(buf).map_err(|e| self.record(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        self.inner.flush().map_err(|e| self.record(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file system that fills up after `room` bytes.
    struct Full {
        written: Vec<u8>,
        room: usize,
        after_failure: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.written.len() >= self.room {
                self.after_failure += 1;
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "No space left on device",
                ));
            }
            let n = buf.len().min(self.room - self.written.len());
            self.written.extend_from_slice(buf.get(..n).unwrap_or(&[]));
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_workbook_that_cannot_be_zipped_gives_its_first_error_once() {
        // rust_xlsxwriter's zip writer finishes the archive as it is
        // dropped after the failure; through FirstError that finish never
        // reaches the full disk (so the zip crate has nothing to print).
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sheet = wb.add_worksheet();
        for r in 0..2_000 {
            sheet
                .write_string(r, 0, format!("第{r}行"))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let mut full = Full {
            written: Vec::new(),
            room: 4_096,
            after_failure: 0,
        };
        let mut w = FirstError::new(&mut full);
        let saved = wb.save_to_writer(&mut w);
        assert!(saved.is_err());
        let finished = w.finish().map(drop);
        let e = finished
            .err()
            .unwrap_or_else(|| panic!("the error was lost"));
        assert_eq!(e.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(e.to_string(), "No space left on device");
        // Exactly the first failing write reached the file system.
        assert_eq!(full.written.len(), 4_096);
        assert_eq!(full.after_failure, 1);
    }
}
