//! The input problems of a run, kept in report order: file by file (in the
//! scheme's order of inputs) and row by row, whichever check found them,
//! capped at [`MAX_PROBLEMS`] with a count of the rest.

use crate::diagnostic::{Diagnostic, Location};

/// At most this many input problems are reported for one run.
pub const MAX_PROBLEMS: usize = 200;

/// The problems of a run, each with the input it belongs to and its place
/// in that input's file, so that they are reported file by file (in the
/// scheme's order of inputs) and row by row, whichever check found them.
pub(crate) struct Problems {
    found: Vec<Ranked>,
    /// Problems past [`MAX_PROBLEMS`], counted but not kept.
    dropped: usize,
}

pub(crate) struct Ranked {
    input: usize,
    place: u32,
    diagnostic: Diagnostic,
}

/// Sorts after every row of its file: what is missing from the file.
pub(crate) const AFTER_ROWS: u32 = u32::MAX;

impl Problems {
    pub(crate) fn new() -> Problems {
        Problems {
            found: Vec::new(),
            dropped: 0,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// Adds a problem of input `input`, placed by its row (a problem with
    /// the whole file comes before its rows' problems).
    pub(crate) fn push(&mut self, input: usize, diagnostic: Diagnostic) {
        let place = match &diagnostic.location {
            Location::Cell { row: Some(row), .. } => *row,
            _ => 0,
        };
        self.push_at(input, place, diagnostic);
    }

    pub(crate) fn push_at(&mut self, input: usize, place: u32, diagnostic: Diagnostic) {
        if self.found.len() < MAX_PROBLEMS {
            self.found.push(Ranked {
                input,
                place,
                diagnostic,
            });
        } else {
            self.dropped += 1;
        }
    }

    /// The problems in report order, then a note if some were left out,
    /// then `warnings`.
    pub(crate) fn into_report(mut self, warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.found.sort_by_key(|r| (r.input, r.place));
        let mut all: Vec<Diagnostic> = self.found.into_iter().map(|r| r.diagnostic).collect();
        if self.dropped > 0 {
            all.push(Diagnostic::note(crate::msg!(
                "stopped-after",
                max = MAX_PROBLEMS,
                count = self.dropped
            )));
        }
        all.extend(warnings);
        all
    }
}
