//! A month folder for the input targets: the shipped after-sales example
//! (roster, repairs, points), one of its files replaced by the fuzzer's
//! bytes, read through `input::read_month` (the path `compute` takes) and,
//! when it reads, computed.

use appraise::engine::collect::Collected;
use appraise::engine::{Failure, compute};
use appraise::input::read_month;
use appraise::scheme::Scheme;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/after-sales");
pub const INPUTS: [&str; 3] = ["roster", "repairs", "points"];

pub struct Month {
    scheme: Scheme,
    _dir: tempfile::TempDir,
    data: PathBuf,
}

impl Month {
    /// The example's scheme and a copy of its May 2024 folder, in memory
    /// when the system has a `/dev/shm`.
    pub fn new() -> Month {
        quiet_caught_panics();
        let root = Path::new(EXAMPLE);
        let (scheme, _) = appraise::scheme::load_file(
            &root.join("schemes/after-sales-repair.toml"),
            "after-sales-repair.toml",
        )
        .unwrap_or_else(|d| panic!("{d}"));
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("2024-05");
        std::fs::create_dir(&data).unwrap_or_else(|e| panic!("{e}"));
        for input in INPUTS {
            let name = format!("{input}.csv");
            std::fs::copy(root.join("data/2024-05").join(&name), data.join(&name))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        Month {
            scheme,
            _dir: dir,
            data,
        }
    }

    /// Reads the month with `bytes` as `<input>.<ext>` in place of the
    /// example's `<input>.csv`, then puts the example's file back.
    pub fn read_with(&self, input: &str, ext: &str, bytes: &[u8]) {
        let csv = self.data.join(format!("{input}.csv"));
        let original = std::fs::read(&csv).unwrap_or_else(|e| panic!("{e}"));
        let fuzzed = self.data.join(format!("{input}.{ext}"));
        if ext != "csv" {
            std::fs::remove_file(&csv).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&fuzzed, bytes).unwrap_or_else(|e| panic!("{e}"));
        self.read();
        if ext != "csv" {
            std::fs::remove_file(&fuzzed).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&csv, original).unwrap_or_else(|e| panic!("{e}"));
    }

    fn read(&self) {
        match read_month(&self.scheme, &self.data, "data/2024-05", None) {
            Ok(read) => {
                let Ok(month) = "2024-05".parse() else {
                    return;
                };
                let mut sink = Collected::default();
                if let Err(Failure::Problems(d)) =
                    compute(&self.scheme, month, &read.data, &mut sink)
                {
                    for d in d {
                        let _ = d.to_string();
                    }
                }
            }
            Err(d) => {
                for d in d {
                    let _ = d.to_string();
                }
            }
        }
    }
}

/// libFuzzer's panic hook aborts on every panic, even one the reader
/// catches: calamine's panics on broken files are caught by
/// `input::sheet` and reported as the file's problem (exit 1), so they are
/// let through here; any other panic still aborts, and one that escapes
/// the target aborts in `fuzz_target!` whatever its origin.
fn quiet_caught_panics() {
    let fuzzer = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().contains("/calamine-"));
        if !in_calamine {
            fuzzer(info);
        }
    }));
}
