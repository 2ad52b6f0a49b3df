//! What differs between a month's manifest and the month recomputed from
//! today's inputs and scheme: the scheme, each input file (by SHA-256), each
//! output file on disk, each person's figures (old → new, per item) and the
//! totals. [`Verdict`] serializes as `verify --format json` and renders as
//! its text.

use super::figures::Figures;
use super::manifest::{self, EarlierRef, InputRef, Manifest, SchemeRef};
use super::short;
use crate::msg;
use serde::Serialize;
use std::fmt;

/// The result of comparing a manifest with a recomputation.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub month: String,
    /// The manifest compared with, as messages name it.
    pub manifest: String,
    pub agrees: bool,
    /// What was compared.
    pub checked: Checked,
    pub scheme: SchemeDiff,
    /// Only the inputs that differ.
    pub inputs: Vec<InputDiff>,
    /// Only the output files that changed or are missing.
    pub outputs: Vec<OutputDiff>,
    /// Only the people whose figures (or name or team) differ.
    pub people: Vec<PersonDiff>,
    /// Only the totals that differ.
    pub totals: Vec<Change>,
    /// Earlier months read by history rules whose archive changed (or
    /// appeared, or went) since.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub earlier_months: Vec<EarlierDiff>,
}

/// An earlier month's manifest then and now (null: it had none).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct EarlierDiff {
    pub month: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// How many input files, output files and people the manifest records.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checked {
    pub inputs: usize,
    pub outputs: usize,
    pub people: usize,
}

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct SchemeDiff {
    pub changed: bool,
    pub old: SchemeRef,
    pub new: SchemeRef,
}

/// An input by its scheme name: `old` is `null` for a file that is new,
/// `new` for a file that is gone.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct InputDiff {
    pub input: String,
    pub old: Option<InputRef>,
    pub new: Option<InputRef>,
}

/// An output file: `new_sha256` is `null` when the file is missing.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct OutputDiff {
    pub file: String,
    pub old_sha256: String,
    pub new_sha256: Option<String>,
}

/// A person whose figures differ; `changes` lists each that does.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct PersonDiff {
    pub id: String,
    pub name: String,
    pub team: String,
    /// `changed`, `added` (not in the manifest) or `removed` (not in the month now).
    pub change: &'static str,
    pub changes: Vec<Change>,
}

/// One figure: `what` is an item code, `base`, `net`, `name` or `team`
/// (for totals: `people`, `teams`, `base`, `bonus`, `deduction`, `net`).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub what: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

fn change(what: &str, old: Option<&str>, new: Option<&str>) -> Option<Change> {
    (old != new).then(|| Change {
        what: what.to_string(),
        old: old.map(str::to_string),
        new: new.map(str::to_string),
    })
}

/// Compares manifest `m` (shown as `display`) with the month as computed now:
/// its scheme, inputs and figures, and the output files' hashes now
/// (`outputs[i]` for `m.outputs[i]`, `None` when missing).
pub fn compare(
    m: &Manifest,
    display: &str,
    scheme: SchemeRef,
    inputs: &[InputRef],
    figures: &Figures,
    outputs: &[Option<String>],
) -> Verdict {
    let scheme = SchemeDiff {
        changed: m.scheme != scheme,
        old: m.scheme.clone(),
        new: scheme,
    };

    let mut input_diffs = Vec::new();
    for old in &m.inputs {
        let new = inputs.iter().find(|i| i.input == old.input);
        if new != Some(old) {
            input_diffs.push(InputDiff {
                input: old.input.clone(),
                old: Some(old.clone()),
                new: new.cloned(),
            });
        }
    }
    for new in inputs {
        if !m.inputs.iter().any(|i| i.input == new.input) {
            input_diffs.push(InputDiff {
                input: new.input.clone(),
                old: None,
                new: Some(new.clone()),
            });
        }
    }

    let output_diffs = m
        .outputs
        .iter()
        .zip(outputs.iter().chain(std::iter::repeat(&None)))
        .filter(|(o, now)| now.as_deref() != Some(o.sha256.as_str()))
        .map(|(o, now)| OutputDiff {
            file: o.file.clone(),
            old_sha256: o.sha256.clone(),
            new_sha256: now.clone(),
        })
        .collect();

    let now_people = manifest::people(figures);
    let mut people = Vec::new();
    for new in &now_people {
        let old = m.people.iter().find(|p| p.id == new.id);
        let changes = person_changes(old, Some(new));
        if !changes.is_empty() {
            people.push(PersonDiff {
                id: new.id.clone(),
                name: new.name.clone(),
                team: new.team.clone(),
                change: if old.is_some() { "changed" } else { "added" },
                changes,
            });
        }
    }
    for old in &m.people {
        if !now_people.iter().any(|p| p.id == old.id) {
            people.push(PersonDiff {
                id: old.id.clone(),
                name: old.name.clone(),
                team: old.team.clone(),
                change: "removed",
                changes: person_changes(Some(old), None),
            });
        }
    }

    let (a, b) = (&m.totals, manifest::totals(figures));
    let (ap, bp) = (a.people.to_string(), b.people.to_string());
    let (at, bt) = (a.teams.to_string(), b.teams.to_string());
    let totals: Vec<Change> = [
        ("people", ap.as_str(), bp.as_str()),
        ("teams", &at, &bt),
        ("base", &a.base, &b.base),
        ("bonus", &a.bonus, &b.bonus),
        ("deduction", &a.deduction, &b.deduction),
        ("net", &a.net, &b.net),
    ]
    .into_iter()
    .filter_map(|(what, old, new)| change(what, Some(old), Some(new)))
    .collect();

    let mut v = Verdict {
        month: m.month.clone(),
        manifest: display.to_string(),
        agrees: false,
        checked: Checked {
            inputs: m.inputs.len(),
            outputs: m.outputs.len(),
            people: m.people.len(),
        },
        scheme,
        inputs: input_diffs,
        outputs: output_diffs,
        people,
        totals,
        earlier_months: Vec::new(),
    };
    v.agrees = v.differences() == 0;
    v
}

/// The figures of a person that differ: name, team, base, each item (the
/// union of both sides' codes, the newer order first), net.
fn person_changes(
    old: Option<&manifest::PersonRef>,
    new: Option<&manifest::PersonRef>,
) -> Vec<Change> {
    let items = |p: Option<&manifest::PersonRef>| p.map(|p| p.item_list()).unwrap_or_default();
    let (old_items, new_items) = (items(old), items(new));
    let mut codes: Vec<&str> = new_items.iter().map(|(c, _)| c.as_str()).collect();
    for (c, _) in &old_items {
        if !codes.contains(&c.as_str()) {
            codes.push(c);
        }
    }
    let find = |list: &[(String, String)], code: &str| -> Option<String> {
        list.iter().find(|(c, _)| c == code).map(|(_, a)| a.clone())
    };
    let mut out = Vec::new();
    out.extend(change(
        "name",
        old.map(|p| p.name.as_str()),
        new.map(|p| p.name.as_str()),
    ));
    out.extend(change(
        "team",
        old.map(|p| p.team.as_str()),
        new.map(|p| p.team.as_str()),
    ));
    out.extend(change(
        "base",
        old.map(|p| p.base.as_str()),
        new.map(|p| p.base.as_str()),
    ));
    for code in codes {
        let (o, n) = (find(&old_items, code), find(&new_items, code));
        out.extend(change(code, o.as_deref(), n.as_deref()));
    }
    out.extend(change(
        "net",
        old.map(|p| p.net.as_str()),
        new.map(|p| p.net.as_str()),
    ));
    out
}

impl Verdict {
    /// How many lines of differences there are (the totals count as one).
    pub fn differences(&self) -> usize {
        usize::from(self.scheme.changed)
            + self.inputs.len()
            + self.outputs.len()
            + self.people.len()
            + usize::from(!self.totals.is_empty())
            + self.earlier_months.len()
    }

    /// Adds the earlier months read (`now`) that differ from what the
    /// manifest recorded (`then`).
    pub fn earlier(&mut self, then: &[EarlierRef], now: &[EarlierRef]) {
        for n in now {
            let old = then
                .iter()
                .find(|t| t.month == n.month)
                .and_then(|t| t.sha256.clone());
            if old != n.sha256 {
                self.earlier_months.push(EarlierDiff {
                    month: n.month.clone(),
                    old,
                    new: n.sha256.clone(),
                });
            }
        }
        self.agrees = self.differences() == 0;
    }

    /// The verdict as JSON, pretty-printed with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// A side of a change, or "(none)" in the reader's language.
fn or_none(v: &Option<String>) -> String {
    v.clone()
        .unwrap_or_else(|| msg!("verdict-none").to_string())
}

/// `old → new`, or the one when both are the same.
fn arrow(old: &str, new: &str) -> String {
    if old == new {
        old.to_string()
    } else {
        format!("{old} → {new}")
    }
}

/// The text of `verify`: one line when the month agrees; else a heading and
/// one indented line per difference.
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.agrees {
            let c = self.checked;
            return writeln!(
                f,
                "{}",
                msg!(
                    "verdict-agrees",
                    month = self.month.to_string(),
                    manifest = &self.manifest,
                    id = &self.scheme.new.id,
                    version = &self.scheme.new.version,
                    inputs = c.inputs,
                    outputs = c.outputs,
                    people = c.people,
                )
            );
        }
        writeln!(
            f,
            "{}",
            msg!(
                "verdict-differs",
                month = self.month.to_string(),
                manifest = &self.manifest,
                count = self.differences()
            )
        )?;
        let s = &self.scheme;
        if s.changed {
            let mut parts = Vec::new();
            if s.old.id != s.new.id {
                parts.push(format!("id {} → {}", s.old.id, s.new.id));
            }
            if s.old.version != s.new.version {
                parts.push(
                    msg!(
                        "verdict-version",
                        old = &s.old.version,
                        new = &s.new.version
                    )
                    .to_string(),
                );
            }
            if s.old.sha256 != s.new.sha256 {
                parts.push(format!(
                    "sha256 {} → {}",
                    short(&s.old.sha256),
                    short(&s.new.sha256)
                ));
            }
            let file = arrow(&s.old.file, &s.new.file);
            let changes = parts.join(", ");
            writeln!(
                f,
                "{}",
                msg!("verdict-scheme", file = file, changes = changes)
            )?;
        }
        for e in &self.earlier_months {
            let side = |s: &Option<String>| {
                s.as_deref()
                    .map_or_else(|| or_none(&None), |h| short(h).to_string())
            };
            writeln!(
                f,
                "{}",
                msg!(
                    "verdict-earlier",
                    month = e.month.to_string(),
                    old = side(&e.old),
                    new = side(&e.new)
                )
            )?;
        }
        for i in &self.inputs {
            match (&i.old, &i.new) {
                (Some(o), Some(n)) => {
                    let rows = if o.rows == n.rows {
                        String::new()
                    } else {
                        msg!("verdict-rows", old = o.rows, new = n.rows).to_string()
                    };
                    writeln!(
                        f,
                        "{}",
                        msg!(
                            "verdict-input-changed",
                            file = arrow(&o.file, &n.file),
                            old = short(&o.sha256),
                            new = short(&n.sha256),
                            rows = rows
                        )
                    )?;
                }
                (None, Some(n)) => writeln!(
                    f,
                    "{}",
                    msg!(
                        "verdict-input-added",
                        file = &n.file,
                        sha = short(&n.sha256),
                        rows = n.rows
                    )
                )?,
                (Some(o), None) => writeln!(
                    f,
                    "{}",
                    msg!(
                        "verdict-input-removed",
                        file = &o.file,
                        sha = short(&o.sha256),
                        rows = o.rows
                    )
                )?,
                (None, None) => {}
            }
        }
        for o in &self.outputs {
            let m = match &o.new_sha256 {
                Some(sha) => msg!(
                    "verdict-output-changed",
                    file = &o.file,
                    old = short(&o.old_sha256),
                    new = short(sha)
                ),
                None => msg!(
                    "verdict-output-missing",
                    file = &o.file,
                    sha = short(&o.old_sha256)
                ),
            };
            writeln!(f, "{m}")?;
        }
        for p in &self.people {
            let net = p.changes.iter().find(|c| c.what == "net");
            let m = match p.change {
                "added" => msg!(
                    "verdict-person-added",
                    net = or_none(&net.and_then(|c| c.new.clone()))
                ),
                "removed" => msg!(
                    "verdict-person-removed",
                    net = or_none(&net.and_then(|c| c.old.clone()))
                ),
                _ => msg!("verdict-person-changed", changes = changes_text(&p.changes)),
            };
            let m = m.arg("id", &p.id).arg("name", &p.name).arg("team", &p.team);
            writeln!(f, "{m}")?;
        }
        if !self.totals.is_empty() {
            writeln!(
                f,
                "{}",
                msg!("verdict-totals", changes = changes_text(&self.totals))
            )?;
        }
        Ok(())
    }
}

fn changes_text(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| format!("{} {} → {}", c.what, or_none(&c.old), or_none(&c.new)))
        .collect::<Vec<_>>()
        .join(", ")
}
