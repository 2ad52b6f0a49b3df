//! No debris: the temporary files a run writes beside its results are
//! removed when the run is interrupted (SIGINT, SIGTERM, SIGHUP), and a later
//! run removes those an earlier one left behind (a SIGKILL, a power cut).
//!
//! A result's temporary file is `.appraise-<pid>-<random>.tmp` in the result's
//! folder; one whose process no longer runs is stale. (The workbook writer's
//! own temporary files are anonymous: the system removes them with the run.)

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The prefix of a result's temporary file: `.appraise-<pid>-`.
pub fn temp_prefix() -> String {
    format!("{PREFIX}{}-", std::process::id())
}

const PREFIX: &str = ".appraise-";
pub const SUFFIX: &str = ".tmp";

/// A temporary file of the older naming (`.appraise-<random>.tmp`, no pid)
/// is stale when it has not changed for this long.
const UNNAMED_STALE_AFTER: Duration = Duration::from_secs(3600);

/// The temporary files being written now, removed if the run is interrupted.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes this run's temporary files and exits (128 + SIGINT) when the run
/// is interrupted or terminated; also silences rust_xlsxwriter's panic
/// message for a failed write of its temporary files, which the workbook
/// writer catches and reports as the I/O error it is.
pub fn install() {
    // If a handler cannot be installed (one is already), interrupted runs
    // leave their files to the next run's sweep.
    let _ = ctrlc::set_handler(|| {
        remove_live();
        std::process::exit(130);
    });
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if !message.starts_with(XLSX_WRITE_PANIC) && QUIET.with(|q| q.get()) == 0 {
            default(info);
        }
    }));
}

thread_local! {
    /// How many [`catch_quietly`] calls this thread is inside.
    static QUIET: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Runs `f`, catching a panic in it without the panic's message on
/// standard error: for a library that panics on a broken file (calamine),
/// whose panic the caller reports as that file's problem.
pub fn catch_quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    QUIET.with(|q| q.set(q.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(q.get().saturating_sub(1)));
    result
}

/// How rust_xlsxwriter's panic on a failed write of a sheet's temporary file begins.
pub const XLSX_WRITE_PANIC: &str = "Couldn't write to xml file";

fn remove_live() {
    let live = LIVE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for path in live.iter() {
        let _ = std::fs::remove_file(path);
    }
}

/// Marks `path` as a temporary file being written, until [`done`].
pub fn writing(path: &Path) {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(path.to_path_buf());
}

/// `path` is renamed into place or removed.
pub fn done(path: &Path) {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .retain(|p| p != path);
}

/// Removes the stale temporary files of earlier runs in `dir`: those of a
/// process that no longer runs, and those of the older naming unchanged for
/// an hour. Best effort: a file that cannot be removed stays.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(middle) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|n| n.strip_suffix(SUFFIX))
        else {
            continue;
        };
        let stale = match middle.split_once('-').map(|(pid, _)| pid.parse::<u32>()) {
            Some(Ok(pid)) => pid != me && !running(pid, &entry.path()),
            _ => unchanged_for(&entry.path(), UNNAMED_STALE_AFTER),
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` may still be writing `path`.
fn running(pid: u32, path: &Path) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // No cheap portable check: a day unchanged is stale.
        !unchanged_for(path, Duration::from_secs(24 * 3600))
    }
}

fn unchanged_for(path: &Path, age: Duration) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|d| d > age)
}
