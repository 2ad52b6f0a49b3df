//! A batch of months: `appraise compute --from YYYY-MM --to YYYY-MM`.
//!
//! Each month is computed by the one-month command ([`super::compute::run`]),
//! several at a time (one worker per core, at most [`MAX_WORKERS`]; workers
//! take the next month from a shared counter). One failed month does not stop
//! the others. Each month's line goes to standard error in month order, as soon
//! as every earlier month is done, above a progress bar when standard error is
//! a terminal:
//!
//! ```text
//! 2024-03  ok  wrote out/2024-03/after-sales-repair-2024-03.xlsx (14 people in 6 teams, scheme after-sales-repair 2024.1)
//! 2024-04  error  repairs.csv row 2, column 维修台数: "十二" is not a whole number
//! 3 months: 2 computed, 1 failed (2024-04)
//! ```
//!
//! [`months`] runs any per-month job the same way (`verify --from/--to`).

use super::Failure;
use super::compute::{self, Note};
use crate::cli::Verbosity;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::exit::Exit;
use crate::month::Month;
use crate::msg;
use crate::workspace::Workspace;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Months computed at once, at most: each holds its inputs in memory (about
/// 500 bytes a person), so a many-core machine does not multiply that further.
pub const MAX_WORKERS: usize = 4;

/// What one month of a batch came to.
#[derive(Debug)]
pub enum Outcome {
    /// Done: the line to show (`wrote …`), warnings and details shown with `-v`.
    Done {
        line: String,
        warnings: Vec<String>,
        details: Vec<String>,
    },
    /// Not attempted, and why (a closed month).
    Skipped(String),
    /// Failed: the problem; details gathered before it (shown with `-v`).
    Failed {
        failure: Failure,
        details: Vec<String>,
    },
}

/// Whether `month` is closed (its manifest records a close): a batch skips it.
pub fn is_closed(ws: &Workspace, month: Month) -> bool {
    crate::archive::Archive::of(ws, month)
        .read()
        .ok()
        .flatten()
        .is_some_and(|(m, _)| m.closed.is_some())
}

/// `compute --from FROM --to TO`: every month of the range with the options
/// of `opts` (its `month` is replaced). JSON goes to each month's
/// `out/<month>/<scheme>-<month>.json`, never to standard output.
pub fn compute(
    root: &Path,
    from: Month,
    to: Month,
    opts: &compute::Options,
    verbosity: Verbosity,
) -> Result<(), Failure> {
    let ws = Workspace::open(root)?;
    let list = range(from, to);
    // A scheme with history rules reads the month before: compute in order.
    let in_order = list.iter().any(|&m| {
        ws.scheme_for(m, opts.scheme)
            .is_ok_and(|(s, _)| s.history.is_some())
    });
    months(&list, verbosity, "batch-computed", in_order, |month| {
        if is_closed(&ws, month) {
            return Outcome::Skipped(
                msg!("batch-skipped-closed", month = month.to_string()).to_string(),
            );
        }
        let text = month.to_string();
        let opts = compute::Options {
            month: &text,
            output: None,
            json_to_file: true,
            ..*opts
        };
        let mut line = None;
        let mut warnings = Vec::new();
        let mut details = Vec::new();
        let result = compute::run(root, &opts, &mut |note| match note {
            Note::Warning(w) => warnings.push(w.to_string()),
            Note::Wrote(l) => line = Some(l.to_string()),
            Note::Detail(d) => details.push(d.to_string()),
        });
        match result {
            Ok(()) => Outcome::Done {
                line: line.unwrap_or_else(|| msg!("batch-done").to_string()),
                warnings,
                details,
            },
            Err(failure) => Outcome::Failed { failure, details },
        }
    })
}

/// `verify --from FROM --to TO`: every month of the range in turn (their
/// reports print in month order), a line each and a summary.
pub fn verify(
    root: &Path,
    from: Month,
    to: Month,
    format: super::verify::VerifyFormat,
    verbosity: Verbosity,
) -> Result<(), Failure> {
    let list = range(from, to);
    months(
        &list,
        verbosity,
        "batch-verified",
        true,
        |month| match super::verify::run(root, &month.to_string(), format) {
            Ok(()) => Outcome::Done {
                line: msg!("batch-agrees").to_string(),
                warnings: Vec::new(),
                details: Vec::new(),
            },
            Err(failure) => Outcome::Failed {
                failure,
                details: Vec::new(),
            },
        },
    )
}

/// Every month from `from` to `to`, both included (`from <= to`).
pub fn range(from: Month, to: Month) -> Vec<Month> {
    let mut list = Vec::new();
    let mut m = from;
    while m <= to {
        list.push(m);
        let next = if m.month() == 12 {
            Month::new(m.year() + 1, 1)
        } else {
            Month::new(m.year(), m.month() + 1)
        };
        match next {
            Some(n) => m = n,
            None => break,
        }
    }
    list
}

/// Runs `job` for each month on every core (at most [`MAX_WORKERS`]), prints
/// each month's line in month order and the summary (`done` names what
/// succeeded: "computed", "verified"). `Ok` when every month succeeded or was
/// skipped; otherwise `Failure::Reported` with exit 1 (3 when a month failed
/// outside the user's files).
/// With `in_order`, one month at a time, each after the one before (history
/// rules read the month before).
pub fn months<F>(
    list: &[Month],
    verbosity: Verbosity,
    done: &'static str,
    in_order: bool,
    job: F,
) -> Result<(), Failure>
where
    F: Fn(Month) -> Outcome + Sync,
{
    let workers = if in_order {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(2, std::num::NonZeroUsize::get)
            .clamp(1, MAX_WORKERS)
            .min(list.len())
    };
    let bar = progress_bar(list.len(), verbosity);
    let next = AtomicUsize::new(0);
    let mut tally = Tally::default();
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::channel::<(usize, Outcome)>();
        for _ in 0..workers {
            let send = send.clone();
            let (next, job) = (&next, &job);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&month) = list.get(i) else { break };
                    if send.send((i, job(month))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Outcomes arrive in any order; lines are printed in month order.
        let mut waiting: Vec<Option<Outcome>> = list.iter().map(|_| None).collect();
        let mut printed = 0;
        for (i, outcome) in receive {
            bar.inc(1);
            bar.set_message(list[i].to_string());
            waiting[i] = Some(outcome);
            while let Some(outcome) = waiting.get_mut(printed).and_then(Option::take) {
                let month = list[printed];
                let lines = tally.add(month, outcome, verbosity);
                bar.suspend(|| {
                    for line in lines {
                        eprintln!("{line}");
                    }
                });
                printed += 1;
            }
        }
    });
    bar.finish_and_clear();
    let summary = tally.summary(list.len(), done);
    let failed = !tally.failed.is_empty();
    if failed || verbosity > Verbosity::Quiet {
        eprintln!("{summary}");
    }
    if tally.internal {
        Err(Failure::Reported(Exit::Internal))
    } else if failed {
        Err(Failure::Reported(Exit::BadInput))
    } else {
        Ok(())
    }
}

/// A bar on a terminal (not with `--quiet`); hidden otherwise.
fn progress_bar(len: usize, verbosity: Verbosity) -> ProgressBar {
    if verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    let template = format!(
        "{{spinner}} [{{bar:30}}] {{pos}}/{{len}} {} {{msg}}",
        msg!("progress-months")
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

#[derive(Default)]
struct Tally {
    done: usize,
    skipped: usize,
    failed: Vec<Month>,
    internal: bool,
}

impl Tally {
    /// Counts a month's outcome; returns the lines to print for it.
    fn add(&mut self, month: Month, outcome: Outcome, verbosity: Verbosity) -> Vec<String> {
        let verbose = verbosity == Verbosity::Verbose;
        let indent = |lines: &mut Vec<String>, text: &str| {
            lines.extend(text.lines().map(|l| format!("    {l}")));
        };
        let mut lines = Vec::new();
        match outcome {
            Outcome::Done {
                line,
                warnings,
                details,
            } => {
                self.done += 1;
                if verbosity == Verbosity::Quiet {
                    return lines;
                }
                let more = match warnings.len() {
                    0 => String::new(),
                    n => msg!("batch-warnings", count = n).to_string(),
                };
                lines.push(
                    msg!(
                        "batch-ok",
                        month = month.to_string(),
                        line = line,
                        more = more
                    )
                    .to_string(),
                );
                if verbose {
                    for text in details.iter().chain(&warnings) {
                        indent(&mut lines, text);
                    }
                }
            }
            Outcome::Skipped(why) => {
                self.skipped += 1;
                if verbosity > Verbosity::Quiet {
                    lines.push(
                        msg!("batch-skipped", month = month.to_string(), why = why).to_string(),
                    );
                }
            }
            Outcome::Failed { failure, details } => {
                self.failed.push(month);
                self.internal |= matches!(failure, Failure::Internal(_));
                lines.push(
                    msg!(
                        "batch-error",
                        month = month.to_string(),
                        problem = first_line(&failure)
                    )
                    .to_string(),
                );
                if verbose {
                    for text in &details {
                        indent(&mut lines, text);
                    }
                    match &failure {
                        // Each problem in full, without the count line.
                        Failure::User(Diagnostics(list)) => {
                            for d in list {
                                indent(&mut lines, &d.to_string());
                            }
                        }
                        other => indent(&mut lines, &other.to_string()),
                    }
                }
            }
        }
        lines
    }

    /// `12 months: 10 computed, 1 skipped (closed), 1 failed (2024-04)`.
    fn summary(&self, total: usize, done: &'static str) -> String {
        let mut text = msg!(
            "batch-summary",
            total = total,
            count = self.done,
            done = crate::i18n::Msg::new(done)
        )
        .to_string();
        if self.skipped > 0 {
            text.push_str(&msg!("batch-summary-skipped", count = self.skipped).to_string());
        }
        if !self.failed.is_empty() {
            let months: Vec<String> = self.failed.iter().map(Month::to_string).collect();
            text.push_str(
                &msg!(
                    "batch-summary-failed",
                    count = self.failed.len(),
                    months = months.join(", ")
                )
                .to_string(),
            );
        }
        text
    }
}

/// The first line of a month's problem, without `error: `, and how many more
/// errors there are: `repairs.csv row 2, …: "十二" is not a whole number (and 2 more)`.
fn first_line(failure: &Failure) -> String {
    let (first, more) = match failure {
        Failure::User(Diagnostics(list)) => {
            let errors: Vec<&Diagnostic> = list.iter().filter(|d| d.is_error()).collect();
            match errors.first() {
                Some(d) => (plain(d), errors.len() - 1),
                None => (failure.to_string(), 0),
            }
        }
        Failure::Internal(m) => (m.clone(), 0),
        Failure::Reported(_) => (msg!("batch-failed").to_string(), 0),
    };
    let first = first.lines().next().unwrap_or_default().to_string();
    if more == 0 {
        first
    } else {
        msg!("and-more", first = first, count = more).to_string()
    }
}

/// A diagnostic as one line without its severity: `file row 2: message`.
fn plain(d: &Diagnostic) -> String {
    match &d.location {
        Location::None => d.message.to_string(),
        location => msg!(
            "plain-located",
            location = location.to_string(),
            message = d.message.clone()
        )
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_range_crosses_the_year() {
        let list: Vec<String> = range(m("2023-11"), m("2024-02"))
            .iter()
            .map(Month::to_string)
            .collect();
        assert_eq!(list, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(range(m("2024-05"), m("2024-05")).len(), 1);
        assert_eq!(range(m("9999-12"), m("9999-12")).len(), 1);
    }

    #[test]
    fn the_summary_names_failed_months() {
        let tally = Tally {
            done: 10,
            skipped: 1,
            failed: vec![m("2024-04")],
            internal: false,
        };
        assert_eq!(
            tally.summary(12, "batch-computed"),
            "12 months: 10 computed, 1 skipped (closed), 1 failed (2024-04)"
        );
        assert_eq!(
            Tally::default().summary(1, "batch-computed"),
            "1 month: 0 computed"
        );
    }
}
