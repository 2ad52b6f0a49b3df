//! `appraise explain --month M --person ID | --team T`: how one person's or
//! one team's figures came about, printed for a terminal or as JSON.
//!
//! The month is read and computed exactly as `compute` does (read_month →
//! engine::compute), into a sink that keeps only the requested team's
//! explanation ([`Explained`]); nothing is written to disk.

use super::Failure;
use crate::cli::ExplainFormat;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::engine::{self, MonthView, Sink, TeamView};
use crate::i18n::Msg;
use crate::model::MonthData;
use crate::month::Month;
use crate::msg;
use crate::output::Report;
use crate::output::terminal::{Explained, WIDTH};
use crate::scheme::Scheme;
use crate::workspace::Workspace;
use std::io::Write;
use std::path::Path;

/// Who is to be explained.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    Person(&'a str),
    Team(&'a str),
}

pub fn run(
    root: &Path,
    month: &str,
    scheme_id: Option<&str>,
    target: Target,
    format: ExplainFormat,
) -> Result<(), Failure> {
    let month: Month = month.parse().map_err(|e: String| user(e, None))?;
    let ws = Workspace::open(root)?;
    let super::load::Loaded {
        scheme,
        data,
        inputs,
        warnings,
        ..
    } = super::load::load(&ws, month, scheme_id)?;
    // Who it is, before computing: an unknown person or team is named at once.
    let (team, person) = find(&scheme, &data, month, target)?;
    for w in &warnings {
        anstream::eprintln!("{w:#}");
    }
    let report = Report::new(&scheme, &inputs, &warnings);
    let mut sink = Capture {
        report: &report,
        team,
        person,
        found: None,
    };
    engine::compute(&scheme, month, &data, &mut sink).map_err(|f| match f {
        engine::Failure::Problems(d) => Failure::User(Diagnostics(d)),
        engine::Failure::Sink(never) => match never {},
    })?;
    let Some(found) = sink.found else {
        return Err(Failure::Internal(format!(
            "internal: team {} was not computed",
            data.team_ids.get(team as usize).map_or("?", String::as_str)
        )));
    };
    let text = match format {
        ExplainFormat::Text => found.text(WIDTH),
        ExplainFormat::Json => {
            let mut t = serde_json::to_string_pretty(&found.json())
                .map_err(|e| Failure::Internal(e.to_string()))?;
            t.push('\n');
            t
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A reader that stops early (`| head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Internal(super::compute::cannot_write_stdout(
            &e.to_string(),
        ))),
        Ok(()) => Ok(()),
    }
}

fn user(message: impl Into<crate::i18n::Text>, hint: Option<Msg>) -> Failure {
    let mut d = Diagnostic::error(Location::None, message);
    if let Some(h) = hint {
        d = d.with_hint(h);
    }
    Failure::User(Diagnostics(vec![d]))
}

/// The team index and, for a person, the person's index in the month; an
/// error naming what was asked and, when something is close, what exists.
fn find(
    s: &Scheme,
    data: &MonthData,
    month: Month,
    target: Target,
) -> Result<(u32, Option<u32>), Failure> {
    let roster = data
        .files
        .get(s.roster.input)
        .cloned()
        .flatten()
        .unwrap_or_else(|| msg!("the-roster").to_string());
    match target {
        Target::Team(id) => {
            let id = id.trim();
            if let Some(t) = data.team_ids.iter().position(|t| t == id) {
                return Ok((t as u32, None));
            }
            let close: Vec<&str> = closest(data.team_ids.iter().map(|t| (distance(id, t), t)))
                .into_iter()
                .map(String::as_str)
                .collect();
            let month = month.to_string();
            let hint = if !close.is_empty() {
                msg!("did-you-mean", names = close.join(", "))
            } else if data.team_ids.len() <= 12 {
                msg!(
                    "hint-teams-of",
                    month = &month,
                    teams = data.team_ids.join(", ")
                )
            } else {
                msg!(
                    "hint-team-count",
                    month = &month,
                    count = data.team_ids.len()
                )
            };
            Err(user(
                msg!("explain-no-team", id = id, month = &month, roster = &roster),
                Some(hint),
            ))
        }
        Target::Person(id) => {
            let id = id.trim();
            let text = |e: usize, slot: u32| {
                data.people
                    .row(e)
                    .get(slot as usize)
                    .and_then(|v| v.text())
                    .unwrap_or("")
            };
            let n = data.person_team.len();
            if let Some(e) = (0..n).find(|&e| text(e, s.roster.id) == id) {
                let team = data.person_team.get(e).copied().unwrap_or(0);
                return Ok((team, Some(e as u32)));
            }
            // Close: an ID one keystroke away, or the name typed instead of the ID.
            let close: Vec<String> = closest((0..n).map(|e| {
                let d = if text(e, s.roster.name) == id {
                    Some(0)
                } else {
                    distance(id, text(e, s.roster.id))
                };
                (d, e)
            }))
            .into_iter()
            .map(|e| format!("{} {}", text(e, s.roster.id), text(e, s.roster.name)))
            .collect();
            let month = month.to_string();
            let hint = if close.is_empty() {
                msg!(
                    "hint-people-count",
                    month = &month,
                    count = n,
                    roster = &roster
                )
            } else {
                msg!("did-you-mean", names = close.join(", "))
            };
            Err(user(
                msg!(
                    "explain-no-person",
                    id = id,
                    month = &month,
                    roster = &roster
                ),
                Some(hint),
            ))
        }
    }
}

/// The first eight candidates at the smallest distance there is.
fn closest<T>(candidates: impl Iterator<Item = (Option<u8>, T)>) -> Vec<T> {
    let mut best: Option<u8> = None;
    let mut out = Vec::new();
    for (d, x) in candidates {
        let Some(d) = d else { continue };
        if best.is_none_or(|b| d < b) {
            best = Some(d);
            out.clear();
        }
        if Some(d) == best && out.len() < 8 {
            out.push(x);
        }
    }
    out
}

/// 0 when `a` and `b` are the same but for case and leading zeros; 1 when
/// one edit apart (a character changed, added, removed, or two swapped);
/// else `None`.
fn distance(a: &str, b: &str) -> Option<u8> {
    if similar(a, b) {
        let norm = |s: &str| s.trim_start_matches('0').to_lowercase();
        Some(if norm(a) == norm(b) { 0 } else { 1 })
    } else {
        None
    }
}

/// Whether `b` is one edit (a character changed, added, removed, or two
/// swapped) from `a`, ignoring case and leading zeros.
fn similar(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<char> {
        let t = s.trim_start_matches('0');
        t.to_lowercase().chars().collect()
    };
    let (a, b) = (norm(a), norm(b));
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a.get(i) != b.get(i)).collect();
            match diff.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a.get(*i) == b.get(*j) && a.get(*j) == b.get(*i),
                _ => false,
            }
        }
        1 => (0..long.len()).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| c)
                .eq(short.iter())
        }),
        _ => false,
    }
}

/// Keeps the explanation of the requested team or person as the month streams past.
struct Capture<'r> {
    report: &'r Report<'r>,
    team: u32,
    person: Option<u32>,
    found: Option<Explained>,
}

impl Sink for Capture<'_> {
    type Error = std::convert::Infallible;

    fn team(&mut self, v: &TeamView) -> Result<(), Self::Error> {
        if v.index() != self.team {
            return Ok(());
        }
        self.found = Some(match self.person {
            Some(person) => {
                let p = (0..v.members())
                    .find(|&p| v.person_index(p) == person)
                    .unwrap_or(0);
                Explained::person(self.report, v, p)
            }
            None => Explained::team(self.report, v),
        });
        Ok(())
    }

    fn finish(&mut self, _: &MonthView) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{closest, distance, similar};

    #[test]
    fn close_ids() {
        assert!(similar("A7", "A1"));
        assert!(similar("a1", "A1"));
        assert!(similar("101", "0101"));
        assert!(similar("0110", "0101"));
        assert!(similar("01011", "0101"));
        assert!(!similar("B9", "A1"));
        assert!(!similar("0999", "0101"));
    }

    #[test]
    fn only_the_closest_are_suggested() {
        let teams = ["A1", "A2", "a3"];
        let got = closest(teams.iter().map(|t| (distance("a1", t), *t)));
        assert_eq!(got, ["A1"]);
        let got = closest(teams.iter().map(|t| (distance("A4", t), *t)));
        assert_eq!(got, ["A1", "A2", "a3"]);
        let got = closest(teams.iter().map(|t| (distance("B99", t), *t)));
        assert!(got.is_empty());
    }
}
