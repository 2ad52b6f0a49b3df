//! Running a case: each of its months in order, read from inline tables
//! (in memory) or a data folder with [`crate::input::read_month_from`],
//! computed with [`engine::compute_discardable`] into the [`Checker`] as
//! `compute` computes a month, the earlier months' kept values handed to
//! the later months' history rules as archived results would be. Nothing
//! is written.

use super::compare::Checker;
use super::{Case, Inputs, Mismatch, MonthCase, Outcome, TestsFile};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::input::table::FileKind;
use crate::input::{self, MonthRead, Source};
use crate::model::Value;
use crate::model::data::PastMonth;
use crate::month::Month;
use crate::output::{InputUsed, Report};
use crate::scheme::Scheme;
use std::collections::{BTreeMap, HashMap};

/// Runs every case of a tests file.
pub fn run_file(file: &TestsFile) -> Vec<Outcome> {
    file.cases
        .iter()
        .map(|c| run_case(&file.scheme, &file.scheme_warnings, c))
        .collect()
}

/// Runs one case: its months in order; the mismatches of all of them.
/// `scheme_warnings` are the scheme's own, which every month shows first.
pub fn run_case(scheme: &Scheme, scheme_warnings: &[String], case: &Case) -> Outcome {
    let mut archived: BTreeMap<Month, HashMap<String, Vec<Value>>> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for m in &case.months {
        let (found, kept) = run_month(scheme, scheme_warnings, m, &archived);
        mismatches.extend(found);
        if let Some(kept) = kept {
            archived.insert(m.month, kept);
        }
    }
    // In the tests file's order within each month.
    mismatches.sort_by_key(|m: &Mismatch| (m.month, m.line));
    Outcome {
        name: case.name.clone(),
        mismatches,
    }
}

/// Computes one month of a case; its mismatches, and the people's kept
/// values when it computed.
fn run_month(
    scheme: &Scheme,
    scheme_warnings: &[String],
    m: &MonthCase,
    archived: &BTreeMap<Month, HashMap<String, Vec<Value>>>,
) -> (Vec<Mismatch>, Option<HashMap<String, Vec<Value>>>) {
    let read = match read(scheme, &m.inputs) {
        Ok(read) => read,
        Err(problems) => return (errors(scheme, m, &problems), None),
    };
    let mut data = read.data;
    data.history = history(scheme, m.month, archived);
    let inputs: Vec<InputUsed> = scheme
        .inputs
        .iter()
        .zip(&read.inputs)
        .filter_map(|(spec, t)| {
            t.as_ref().map(|t| InputUsed {
                input: spec.name.clone(),
                label: spec.label.clone(),
                file: t.file.clone(),
                rows: t.rows,
                sha256: t.sha256.clone(),
            })
        })
        .collect();
    let report = Report::new(scheme, &inputs, &read.warnings);
    let mut checker = Checker::new(&report, m);
    match engine::compute_discardable(scheme, m.month, &data, &mut checker) {
        Err(engine::Failure::Problems(problems)) => return (errors(scheme, m, &problems), None),
        Err(engine::Failure::Sink(never)) => match never {},
        Ok(()) => {}
    }
    let mut found = std::mem::take(&mut checker.mismatches);
    if let Some(expected) = &m.warnings {
        let mut actual = scheme_warnings.to_vec();
        actual.extend(first_lines(&read.warnings, false));
        if !same_lines(expected, &actual, &scheme.file) {
            found.push(missing(
                m,
                "",
                "warnings",
                &shown_lines(expected),
                &shown_lines(&actual),
            ));
        }
    }
    if m.errors.is_some() {
        found.push(missing(
            m,
            "",
            "errors",
            &expected_errors(m),
            "computed without errors",
        ));
    }
    for (p, seen) in m.people.iter().zip(&checker.seen_people) {
        if !*seen {
            let who = format!("person {}", p.id);
            found.push(missing(m, &who, "", "on the roster", "not on the roster"));
            if let Some(last) = found.last_mut() {
                last.line = p.line;
            }
        }
    }
    for (t, seen) in m.teams.iter().zip(&checker.seen_teams) {
        if !*seen {
            let who = format!("team {}", t.id);
            found.push(missing(m, &who, "", "on the roster", "not on the roster"));
            if let Some(last) = found.last_mut() {
                last.line = t.line;
            }
        }
    }
    (found, Some(checker.kept))
}

/// The month's tables: inline CSV text (in memory) or a data folder.
fn read(scheme: &Scheme, inputs: &Inputs) -> Result<MonthRead, Vec<Diagnostic>> {
    match inputs {
        Inputs::Folder { path, display } => input::read_month(scheme, path, display, None),
        Inputs::Inline(tables) => input::read_month_from(
            scheme,
            &mut |spec| {
                let i = scheme.inputs.iter().position(|s| s.name == spec.name);
                Ok(tables
                    .iter()
                    .find(|t| Some(t.input) == i)
                    .map(|t| Source::Bytes {
                        name: format!("{}.csv", spec.file),
                        kind: FileKind::Csv,
                        bytes: t.text.as_bytes().to_vec(),
                    }))
            },
            "[cases.inputs]",
            None,
        ),
    }
}

/// The months history rules read, nearest first, as `input::history` gives
/// them from archived results: a month the case did not compute has none.
fn history(
    scheme: &Scheme,
    month: Month,
    archived: &BTreeMap<Month, HashMap<String, Vec<Value>>>,
) -> Vec<PastMonth> {
    let Some(spec) = &scheme.history else {
        return Vec::new();
    };
    (1..=spec.months)
        .map_while(|k| month.back(k))
        .map(|m| PastMonth {
            month: m.to_string(),
            people: archived.get(&m).cloned(),
        })
        .collect()
}

/// The lines as compared: the first line of each error (`errors`) or of
/// each warning (`!errors`), in order.
pub(super) fn first_lines(problems: &[Diagnostic], errors: bool) -> Vec<String> {
    problems
        .iter()
        .filter(|d| d.is_error() == errors)
        .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
        .collect()
}

fn expected_errors(m: &MonthCase) -> String {
    m.errors.as_ref().map_or_else(String::new, |e| e.join("\n"))
}

/// The month failed with `problems`: a mismatch unless exactly these were expected.
fn errors(scheme: &Scheme, m: &MonthCase, problems: &[Diagnostic]) -> Vec<Mismatch> {
    let actual = first_lines(problems, true);
    match &m.errors {
        Some(expected) if same_lines(expected, &actual, &scheme.file) => Vec::new(),
        Some(_) => vec![missing(
            m,
            "",
            "errors",
            &expected_errors(m),
            &actual.join("\n"),
        )],
        None => {
            let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
            vec![missing(m, "", "errors", "figures", &all.join("\n"))]
        }
    }
}

/// Whether the expected lines are the actual ones, in order (each as [`same_error`]).
fn same_lines(expected: &[String], actual: &[String], scheme_file: &str) -> bool {
    expected.len() == actual.len()
        && expected
            .iter()
            .zip(actual)
            .all(|(e, a)| same_error(e, a, scheme_file))
}

/// Lines as a mismatch shows them; none as `(none)`.
fn shown_lines(lines: &[String]) -> String {
    if lines.is_empty() {
        "(none)".to_string()
    } else {
        lines.join("\n")
    }
}

/// Whether an expected error line is the actual one: the same text, or the
/// same but for the scheme's line (and column), which the expected line may
/// leave out (`x.toml: team T: …` for `x.toml:80: team T: …`) so that an
/// edit above the rule does not change the case.
fn same_error(expected: &str, actual: &str, scheme_file: &str) -> bool {
    if expected == actual {
        return true;
    }
    let at = format!(" {scheme_file}:");
    let Some(i) = actual.find(&at) else {
        return false;
    };
    let (head, rest) = actual.split_at(i + at.len());
    // `80: …` or `80:5: …` → `…`
    let mut rest = rest;
    for _ in 0..2 {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest.get(digits..).and_then(|r| r.strip_prefix(':')) {
            Some(r) if digits > 0 => rest = r,
            _ => break,
        }
    }
    expected.len() == head.len() + rest.len()
        && expected.starts_with(head)
        && expected.ends_with(rest)
}

fn missing(m: &MonthCase, subject: &str, figure: &str, expected: &str, actual: &str) -> Mismatch {
    Mismatch {
        line: m.line,
        month: m.month,
        subject: subject.to_string(),
        figure: figure.to_string(),
        bands: Vec::new(),
        expected: expected.to_string(),
        actual: actual.to_string(),
        trace: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::same_error;

    #[test]
    fn an_expected_error_may_leave_out_the_schemes_line() {
        let actual = "error: x.toml:80: team T: cannot compute X1";
        assert!(same_error(actual, actual, "x.toml"));
        assert!(same_error(
            "error: x.toml: team T: cannot compute X1",
            actual,
            "x.toml"
        ));
        assert!(same_error(
            "error: x.toml: team T: cannot compute X1",
            "error: x.toml:80:5: team T: cannot compute X1",
            "x.toml"
        ));
        assert!(!same_error(
            "error: x.toml:81: team T: cannot compute X1",
            actual,
            "x.toml"
        ));
        assert!(!same_error(
            "error: x.toml: team U: cannot compute X1",
            actual,
            "x.toml"
        ));
        assert!(!same_error(
            "error: y.toml: team T: cannot compute X1",
            actual,
            "x.toml"
        ));
    }
}
