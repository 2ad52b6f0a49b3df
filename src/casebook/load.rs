//! Reading a tests file: TOML walked with spans ([`crate::scheme::doc`]),
//! so every problem points at its line and column, unknown keys are
//! refused, and every name (input, item, value, band table, flag) is
//! resolved against the scheme before anything is computed. The cases and
//! their months are read here; what a case expects of people and teams, in
//! `expect`.

use super::{Case, InlineTable, Inputs, MonthCase, TestsFile};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::month::Month;
use crate::scheme::doc::{Doc, Table, Val, as_array, as_string};
use crate::scheme::{self, Scheme};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// The tests file beside a scheme: `x.toml` → `x.tests.toml`.
pub fn tests_path(scheme: &Path) -> PathBuf {
    let stem = scheme
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    scheme.with_file_name(format!("{stem}.tests.toml"))
}

/// The scheme a tests file tests by default: `x.tests.toml` → `x.toml`.
fn default_scheme(display: &str) -> String {
    let name = display.rsplit(['/', '\\']).next().unwrap_or(display);
    let stem = name.strip_suffix(".tests.toml").unwrap_or(name);
    format!("{stem}.toml")
}

/// Reads the tests file at `path` (named `display` in messages) and the
/// scheme it tests, named in messages as the tests file names it
/// (`after-sales-repair.toml`), so expected error texts do not depend on
/// where `appraise test` runs from.
pub fn load(path: &Path, display: &str) -> Result<TestsFile, Diagnostics> {
    let file_error = |m: String| {
        Diagnostics(vec![Diagnostic::error(
            Location::File {
                file: display.to_string(),
            },
            m,
        )])
    };
    let bytes = std::fs::read(path).map_err(|e| file_error(format!("cannot be read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| file_error("is not UTF-8 text".into()))?;
    let mut doc = Doc::new(display, &text);
    let (root, errors) = DeTable::parse_recoverable(text.as_str());
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        doc.error(&span, format!("TOML syntax: {}", e.message().trim()));
    }
    if !errors.is_empty() {
        return Err(Diagnostics(doc.diags));
    }
    let root: Val = toml::Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let Some(top) = Table::of(&mut doc, &root, "the tests file") else {
        return Err(Diagnostics(doc.diags));
    };
    top.deny_unknown(&mut doc, &["scheme", "cases"]);
    let scheme_name = top
        .string(&mut doc, "scheme")
        .map_or_else(|| default_scheme(display), |(s, _)| s);
    let dir = path.parent().unwrap_or(Path::new("."));
    let (scheme, scheme_warnings) = match scheme::load_file(&dir.join(&scheme_name), &scheme_name) {
        Ok((s, warnings)) => (s, super::run::first_lines(&warnings, false)),
        Err(d) => {
            let mut all = doc.diags;
            all.extend(d.0);
            return Err(Diagnostics(all));
        }
    };
    let mut cases = Vec::new();
    match top.get("cases") {
        None => doc.error(
            &top.span,
            "the tests file has no [[cases]]: write at least one case",
        ),
        Some(v) => {
            for c in as_array(&mut doc, v, "\"cases\"").unwrap_or(&[]) {
                let mut r = Reader {
                    doc: &mut doc,
                    scheme: &scheme,
                    dir,
                };
                if let Some(case) = r.case(c) {
                    cases.push(case);
                }
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for c in &cases {
        if seen.contains(&c.name.as_str()) {
            doc.diags.push(Diagnostic::error(
                Location::Line {
                    file: display.to_string(),
                    line: c.line,
                },
                format!(
                    "a second case named \"{}\": give each case its own name",
                    c.name
                ),
            ));
        }
        seen.push(&c.name);
    }
    if doc.diags.iter().any(Diagnostic::is_error) {
        // In the file's order, as a reader fixes them.
        doc.diags.sort_by_key(|d| match d.location {
            Location::Source { line, column, .. } => (line, column),
            Location::Line { line, .. } => (line, 0),
            _ => (0, 0),
        });
        return Err(Diagnostics(doc.diags));
    }
    Ok(TestsFile {
        display: display.to_string(),
        scheme,
        scheme_warnings,
        cases,
    })
}

pub(super) struct Reader<'d, 't, 's> {
    pub(super) doc: &'d mut Doc<'t>,
    pub(super) scheme: &'s Scheme,
    pub(super) dir: &'s Path,
}

const MONTH_KEYS: [&str; 7] = [
    "month", "inputs", "data", "people", "teams", "errors", "warnings",
];

impl Reader<'_, '_, '_> {
    pub(super) fn line(&self, span: &Range<usize>) -> u32 {
        self.doc.line_col(span.start).0
    }

    fn case(&mut self, v: &Val) -> Option<Case> {
        let t = Table::of(self.doc, v, "a case")?;
        let mut keys = MONTH_KEYS.to_vec();
        keys.extend(["name", "earlier"]);
        t.deny_unknown(self.doc, &keys);
        let name = t.req_string(self.doc, "name").map(|(s, _)| s);
        let line = self.line(&t.span);
        let mut months = Vec::new();
        if let Some(e) = t.get("earlier") {
            for m in as_array(self.doc, e, "\"earlier\"").unwrap_or(&[]) {
                let Some(et) = Table::of(self.doc, m, "an earlier month") else {
                    continue;
                };
                et.deny_unknown(self.doc, &MONTH_KEYS);
                months.push((self.line(&et.span), self.month(&et)));
            }
        }
        let own = self.month(&t);
        let own_month = own.as_ref().map(|m| m.month);
        months.push((line, own));
        // Earlier months come before the case's month, each once.
        let mut out: Vec<MonthCase> = Vec::new();
        let mut ok = true;
        for (at, m) in months {
            let Some(m) = m else {
                ok = false;
                continue;
            };
            if let Some(own) = own_month
                && m.month > own
            {
                self.at_line(
                    at,
                    format!("earlier month {} is after the case's month {own}", m.month),
                );
                ok = false;
            }
            if out.iter().any(|o| o.month == m.month) {
                self.at_line(at, format!("month {} is given twice in this case", m.month));
                ok = false;
            }
            out.push(m);
        }
        out.sort_by_key(|m| m.month);
        Some(Case {
            name: name?,
            line,
            months: out,
        })
        .filter(|_| ok)
    }

    fn at_line(&mut self, line: u32, message: String) {
        self.doc.diags.push(Diagnostic::error(
            Location::Line {
                file: self.doc.file.clone(),
                line,
            },
            message,
        ));
    }

    /// The month, inputs and expectations of a case or of an earlier month.
    fn month(&mut self, t: &Table) -> Option<MonthCase> {
        let month = match t.req_string(self.doc, "month") {
            Some((m, span)) => match m.parse::<Month>() {
                Ok(m) if self.scheme.in_force(m) => Some(m),
                Ok(m) => {
                    self.doc.error(
                        &span,
                        format!(
                            "scheme {} is not in force in {m} (from {}{})",
                            self.scheme.id,
                            self.scheme.effective_from,
                            self.scheme
                                .effective_until
                                .map_or_else(String::new, |u| format!(" to {u}"))
                        ),
                    );
                    None
                }
                Err(e) => {
                    self.doc.error(&span, e);
                    None
                }
            },
            None => None,
        };
        let inputs = self.inputs(t);
        let people = self.list(t, "people", Self::person);
        let teams = self.list(t, "teams", Self::team);
        let errors = t.get("errors").map(|_| {
            let list: Vec<String> = t
                .strings(self.doc, "errors")
                .into_iter()
                .map(|(s, _)| s)
                .collect();
            list
        });
        if errors.as_ref().is_some_and(Vec::is_empty)
            && let Some(v) = t.get("errors")
        {
            self.doc
                .error(&v.span(), "list the errors expected, at least one");
        }
        // `warnings = []` says there are none.
        let warnings = t.get("warnings").map(|_| {
            let list: Vec<String> = t
                .strings(self.doc, "warnings")
                .into_iter()
                .map(|(s, _)| s)
                .collect();
            list
        });
        if errors.is_some()
            && let Some(v) = t.get("warnings")
        {
            self.doc.error(
                &v.span(),
                "warnings are checked in a month that computes: leave them out where errors are expected",
            );
        }
        if errors.is_some() && (!people.is_empty() || !teams.is_empty()) {
            self.doc.error(
                &t.span,
                "a month expects either errors or figures (people, teams), not both",
            );
        }
        Some(MonthCase {
            month: month?,
            line: self.line(&t.span),
            inputs: inputs?,
            people,
            teams,
            errors,
            warnings,
        })
    }

    fn list<T>(
        &mut self,
        t: &Table,
        key: &str,
        read: fn(&mut Self, &Table) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let what = if key == "people" {
            "a person"
        } else {
            "a team"
        };
        let mut out = Vec::new();
        for e in as_array(self.doc, v, &format!("\"{key}\"")).unwrap_or(&[]) {
            if let Some(t) = Table::of(self.doc, e, what)
                && let Some(x) = read(self, &t)
            {
                out.push(x);
            }
        }
        out
    }

    fn inputs(&mut self, t: &Table) -> Option<Inputs> {
        match (t.get("inputs"), t.get("data")) {
            (Some(_), Some(d)) => {
                self.doc.error(
                    &d.span(),
                    "give either inputs (inline tables) or data (a folder), not both",
                );
                None
            }
            (None, Some(d)) => {
                let (rel, span) = as_string(self.doc, d, "\"data\"")?;
                let path = self.dir.join(&rel);
                if !path.is_dir() {
                    self.doc.error(
                        &span,
                        format!("data folder {rel} does not exist (it is read relative to the tests file)"),
                    );
                    return None;
                }
                Some(Inputs::Folder { path, display: rel })
            }
            (Some(_), None) => {
                let it = t.table(self.doc, "inputs", "inputs")?;
                let mut tables = Vec::new();
                for (key, span, v) in it.entries() {
                    let Some(input) = self
                        .scheme
                        .inputs
                        .iter()
                        .position(|i| i.name == key || i.file == key)
                    else {
                        let names: Vec<&str> =
                            self.scheme.inputs.iter().map(|i| i.name.as_str()).collect();
                        self.doc.error_hint(
                            &span,
                            format!("scheme {} has no input \"{key}\"", self.scheme.id),
                            format!("its inputs: {}", names.join(", ")),
                        );
                        continue;
                    };
                    if let Some((text, _)) = as_string(self.doc, v, &format!("input \"{key}\"")) {
                        tables.push(InlineTable { input, text });
                    }
                }
                Some(Inputs::Inline(tables))
            }
            (None, None) => {
                self.doc.error(
                    &t.span,
                    "give the month's inputs: [cases.inputs] tables or data = \"folder\"",
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{default_scheme, tests_path};
    use std::path::Path;

    #[test]
    fn tests_files_sit_beside_their_schemes() {
        assert_eq!(
            tests_path(Path::new("schemes/gs-qc.toml")),
            Path::new("schemes/gs-qc.tests.toml")
        );
        assert_eq!(default_scheme("schemes/gs-qc.tests.toml"), "gs-qc.toml");
    }
}
