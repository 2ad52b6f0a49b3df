//! The JSON document for scripts (`--format json`). Its shape is a contract,
//! documented in the README: amounts are strings with exactly two decimals,
//! IDs are strings exactly as in the input. The document is written as the
//! month is computed: each person goes to the writer as its team arrives;
//! each team (and each flag it sets) is serialized then to an anonymous
//! temporary file ([`Spool`]) and copied after the people (into the
//! warnings); the groups (one entry per entity of each group level and the
//! month, only when the scheme has rules there) and the warnings follow at
//! the end. No document tree is built and nothing per person or per team is
//! kept in memory for the month. The pretty-printed text is byte-identical
//! to `serde_json::to_writer_pretty` of the whole document.

use super::summary::shown_slots;
use super::{Error, Report, explain, flag_subject, value_text};
use crate::engine::{MonthView, Sink, TeamView, Traced};
use crate::model::{Level, Value};
use crate::money::format_cents;
use crate::scheme::{Format, SlotSource};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct SchemeJ<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    file: &'a str,
    sha256: &'a str,
    effective_from: String,
    effective_until: Option<String>,
}

#[derive(Serialize)]
struct InputJ<'a> {
    input: &'a str,
    file: &'a str,
    rows: usize,
    sha256: &'a str,
}

#[derive(Serialize)]
struct ItemJ<'a> {
    code: &'a str,
    label: &'a str,
    kind: &'static str,
    amount: String,
}

#[derive(Serialize)]
struct PersonJ<'a> {
    id: &'a str,
    name: &'a str,
    team: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    base: String,
    items: Vec<ItemJ<'a>>,
    /// The person values the scheme shows (`show = true`); absent when it shows none.
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<ValuesJ>,
    bonus: String,
    deduction: String,
    net: String,
    /// The reasons (事由) given on the person's input rows: present when the
    /// scheme's inputs have a 事由 column, one entry per input with a reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    reasons: Option<Vec<ReasonJ<'a>>>,
}

/// A reason (事由) as an input's rows give it: rows added up are joined with `；`.
#[derive(Serialize)]
struct ReasonJ<'a> {
    /// The input (its file is in `inputs`).
    input: &'a str,
    rows: Vec<u32>,
    text: &'a str,
}

#[derive(Serialize)]
struct BandJ<'a> {
    rule: &'a str,
    table: &'a str,
    band: &'a str,
}

/// Values by name: exact decimal strings, amounts with two decimals, `null` when not given.
type ValuesJ = serde_json::Map<String, serde_json::Value>;

#[derive(Serialize)]
struct TeamJ<'a> {
    id: &'a str,
    members: Vec<&'a str>,
    values: ValuesJ,
    bands: Vec<BandJ<'a>>,
}

#[derive(Serialize)]
struct GroupJ<'a> {
    level: &'a str,
    id: &'a str,
    values: ValuesJ,
}

#[derive(Serialize)]
struct Warning {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    /// For a flag of a group or the month: its level and entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

impl Warning {
    fn new(kind: &'static str) -> Warning {
        Warning {
            kind,
            message: None,
            code: None,
            label: None,
            level: None,
            id: None,
            team: None,
            person: None,
            name: None,
        }
    }
}

/// The elements of an array written after the one being streamed: each is
/// serialized and indented as it arrives and appended, with its separator,
/// to an anonymous temporary file (created on the first element), then
/// copied into the document when the array's turn comes.
struct Spool {
    dir: Option<PathBuf>,
    file: Option<BufWriter<File>>,
    count: usize,
}

impl Spool {
    fn new(dir: Option<PathBuf>) -> Spool {
        Spool {
            dir,
            file: None,
            count: 0,
        }
    }

    /// Appends one element of an array `depth` levels deep; `first` says
    /// whether an element precedes it in the array (besides this spool's).
    fn push(&mut self, value: &impl Serialize, depth: usize, first: bool) -> std::io::Result<()> {
        let dir = self.dir.as_deref();
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(BufWriter::with_capacity(
                64 * 1024,
                super::spool_file(dir).map_err(|e| super::spool_error(dir, e))?,
            )),
        };
        let mut out = Vec::new();
        element(&mut out, first && self.count == 0, value, depth)?;
        file.write_all(&out)
            .map_err(|e| super::spool_error(dir, e))?;
        self.count += 1;
        Ok(())
    }

    /// Copies the spooled elements to `w` (the spool is then empty).
    fn copy_to(&mut self, w: &mut impl Write) -> std::io::Result<()> {
        self.count = 0;
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let mut file = file
            .into_inner()
            .map_err(|e| super::spool_error(self.dir.as_deref(), e.into_error()))?;
        file.rewind()?;
        std::io::copy(&mut file, w)?;
        Ok(())
    }
}

/// Streams the document to `w` as teams arrive.
pub struct JsonSink<'r, W: Write> {
    r: &'r Report<'r>,
    w: W,
    started: bool,
    people: usize,
    /// The teams, each already serialized and indented, with its separator.
    teams: Spool,
    /// The flags set in teams, as elements of `warnings` after the input warnings.
    flags: Spool,
}

fn io(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    }
}

/// `value` pretty-printed as it appears `depth` levels deep in the document.
fn pretty(value: &impl Serialize, depth: usize) -> Result<Vec<u8>, std::io::Error> {
    let text = serde_json::to_vec_pretty(value).map_err(io)?;
    let pad = "  ".repeat(depth);
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    // JSON text has raw newlines only between tokens (strings escape them).
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            out.extend_from_slice(pad.as_bytes());
        }
        out.extend_from_slice(line);
    }
    Ok(out)
}

/// Appends one element of an array `depth` levels deep.
fn element(
    out: &mut Vec<u8>,
    first: bool,
    value: &impl Serialize,
    depth: usize,
) -> std::io::Result<()> {
    out.extend_from_slice(if first { b"\n" } else { b",\n" });
    out.extend_from_slice("  ".repeat(depth).as_bytes());
    out.extend_from_slice(&pretty(value, depth)?);
    Ok(())
}

/// A map of values by slot name for the rules of `level`.
fn values<'v>(r: &Report, level: Level, get: impl Fn(u32) -> &'v Value) -> ValuesJ {
    let mut map = ValuesJ::new();
    for (i, def) in r.scheme.slots(level).iter().enumerate() {
        if matches!(def.source, SlotSource::Rule { .. }) {
            let v = match get(i as u32) {
                Value::NotGiven => serde_json::Value::Null,
                v => serde_json::Value::String(value_text(v, def.format)),
            };
            map.insert(def.name.clone(), v);
        }
    }
    map
}

/// A shown value: an exact decimal string (amounts with two decimals), text,
/// `true`/`false`, `null` when not given.
fn shown_json(v: &Value, format: Format) -> serde_json::Value {
    match v {
        Value::NotGiven | Value::Unset | Value::Failed => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        v => serde_json::Value::String(value_text(v, format)),
    }
}

impl<'r, W: Write> JsonSink<'r, W> {
    /// A sink writing to `w`. The teams and flags wait in temporary files in
    /// `spool_dir` (the result file's folder), or in the system's temporary
    /// folder when `None` (writing to standard output).
    pub fn new(r: &'r Report<'r>, w: W, spool_dir: Option<&Path>) -> Self {
        let dir = spool_dir.map(Path::to_path_buf);
        JsonSink {
            r,
            w,
            started: false,
            people: 0,
            teams: Spool::new(dir.clone()),
            flags: Spool::new(dir),
        }
    }

    /// The writer, once the document is finished.
    pub fn into_inner(self) -> W {
        self.w
    }

    /// Writes the head of the document (once, on the first team or at the
    /// end, so that a month refused before writing writes nothing).
    fn start(&mut self, month: &str) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let s = self.r.scheme;
        let scheme = SchemeJ {
            id: &s.id,
            name: &s.name,
            version: &s.version,
            file: &s.file,
            sha256: &s.sha256,
            effective_from: s.effective_from.to_string(),
            effective_until: s.effective_until.map(|m| m.to_string()),
        };
        let inputs: Vec<InputJ> = self
            .r
            .inputs
            .iter()
            .map(|i| InputJ {
                input: &i.input,
                file: &i.file,
                rows: i.rows,
                sha256: &i.sha256,
            })
            .collect();
        let mut out = b"{\n  \"month\": ".to_vec();
        out.extend_from_slice(&pretty(&month, 1)?);
        out.extend_from_slice(b",\n  \"scheme\": ");
        out.extend_from_slice(&pretty(&scheme, 1)?);
        out.extend_from_slice(b",\n  \"inputs\": ");
        out.extend_from_slice(&pretty(&inputs, 1)?);
        out.extend_from_slice(b",\n  \"people\": [");
        self.w.write_all(&out)
    }

    fn team_inner(&mut self, v: &TeamView) -> std::io::Result<()> {
        self.start(&v.month.to_string())?;
        let s = self.r.scheme;
        let roster = &s.roster;
        let mut out = Vec::new();
        let shown_any = shown_slots(s, Level::PERSON).next().is_some();
        let reason_columns = explain::reason_columns(s);
        for (p, t) in v.totals.iter().enumerate() {
            let p = p as u32;
            let items = s
                .items
                .iter()
                .map(|item| ItemJ {
                    code: &item.code,
                    label: &item.label,
                    kind: item.kind.word(),
                    amount: value_text(v.person_value(p, item.slot), Format::Money),
                })
                .collect();
            let person = PersonJ {
                id: v.person_text(p, roster.id),
                name: v.person_text(p, roster.name),
                team: v.person_text(p, roster.team),
                role: roster.role.map(|r| v.person_text(p, r)),
                base: format_cents(t.base),
                items,
                values: shown_any.then(|| {
                    let mut map = ValuesJ::new();
                    for (slot, name, _, format) in shown_slots(s, Level::PERSON) {
                        map.insert(
                            name.to_string(),
                            shown_json(v.person_value(p, slot), format),
                        );
                    }
                    map
                }),
                bonus: format_cents(t.bonus),
                deduction: format_cents(t.deduction),
                net: format_cents(t.net),
                reasons: (!reason_columns.is_empty()).then(|| {
                    reason_columns
                        .iter()
                        .filter_map(|&(input, slot)| {
                            let Value::Text(text) = v.person_value(p, slot) else {
                                return None;
                            };
                            if text.is_empty() {
                                return None;
                            }
                            let mut rows: Vec<u32> = v
                                .person_sources(p)
                                .iter()
                                .filter(|r| r.input as usize == input)
                                .map(|r| r.row)
                                .collect();
                            rows.sort_unstable();
                            Some(ReasonJ {
                                input: s.inputs.get(input).map_or("", |i| i.name.as_str()),
                                rows,
                                text,
                            })
                        })
                        .collect()
                }),
            };
            element(&mut out, self.people == 0, &person, 2)?;
            self.people += 1;
        }
        self.w.write_all(&out)?;

        let bands = explain::team_bands(s, v)
            .into_iter()
            .filter_map(|(rule, table, band)| {
                s.bands.get(table as usize).map(|t| BandJ {
                    rule,
                    table: &t.name,
                    band,
                })
            })
            .collect();
        let team = TeamJ {
            id: v.id(),
            members: (0..v.members())
                .map(|p| v.person_text(p, roster.id))
                .collect(),
            values: values(self.r, Level::TEAM, |slot| v.team_value(slot)),
            bands,
        };
        self.teams.push(&team, 2, true)?;

        for hit in v.flags {
            let Some(flag) = s.flags.get(hit.flag) else {
                continue;
            };
            let mut w = Warning::new("flag");
            w.code = Some(flag.code.clone());
            w.label = Some(flag.label.clone());
            let (team, person, name) = flag_subject(s, v, hit);
            if hit.level == Level::PERSON {
                w.person = Some(person);
                w.name = Some(name);
            } else if hit.level == Level::TEAM {
                w.team = Some(team);
            } else {
                // A flag of a rows level: the team it is in.
                w.level = Some(s.levels.name(hit.level).to_string());
                w.team = Some(team);
            }
            // After the input warnings, which are known from the start.
            self.flags.push(&w, 2, self.r.warnings.is_empty())?;
        }
        Ok(())
    }

    fn finish_inner(&mut self, m: &MonthView) -> std::io::Result<()> {
        self.start(&m.month.to_string())?;
        let s = self.r.scheme;
        let mut out = Vec::new();
        out.extend_from_slice(if self.people == 0 { b"]" } else { b"\n  ]" });
        out.extend_from_slice(b",\n  \"teams\": [");
        self.w.write_all(&out)?;
        out.clear();
        let any_team = self.teams.count > 0;
        self.teams.copy_to(&mut self.w)?;
        out.extend_from_slice(if any_team { b"\n  ]" } else { b"]" });

        // Groups: only when the scheme has rules at a global level.
        let with_rules: Vec<Level> = s
            .levels
            .all()
            .filter(|(l, d)| {
                d.is_global()
                    && s.slots(*l)
                        .iter()
                        .any(|d| matches!(d.source, SlotSource::Rule { .. }))
            })
            .map(|(l, _)| l)
            .collect();
        if !with_rules.is_empty() {
            out.extend_from_slice(b",\n  \"groups\": [");
            let mut first = true;
            for &level in &with_rules {
                for (e, id) in m.ids(level).iter().enumerate() {
                    let g = GroupJ {
                        level: s.levels.name(level),
                        id,
                        values: values(self.r, level, |slot| m.value(level, e as u32, slot)),
                    };
                    element(&mut out, first, &g, 2)?;
                    first = false;
                }
            }
            out.extend_from_slice(if first { b"]" } else { b"\n  ]" });
        }

        // Warnings: about the inputs, the teams' flags, the month's flags.
        out.extend_from_slice(b",\n  \"warnings\": [");
        let mut first = true;
        for d in self.r.warnings {
            let w = Warning {
                message: Some(d.to_string()),
                ..Warning::new("input")
            };
            element(&mut out, first, &w, 2)?;
            first = false;
        }
        self.w.write_all(&out)?;
        out.clear();
        first = first && self.flags.count == 0;
        self.flags.copy_to(&mut self.w)?;
        for hit in m.flags {
            let Some(flag) = s.flags.get(hit.flag) else {
                continue;
            };
            let mut w = Warning::new("flag");
            w.code = Some(flag.code.clone());
            w.label = Some(flag.label.clone());
            w.level = Some(s.levels.name(hit.level).to_string());
            w.id = m.ids(hit.level).get(hit.entity as usize).cloned();
            element(&mut out, first, &w, 2)?;
            first = false;
        }
        out.extend_from_slice(if first { b"]" } else { b"\n  ]" });
        out.extend_from_slice(b"\n}\n");
        self.w.write_all(&out)?;
        self.w.flush()
    }
}

impl<W: Write> Sink for JsonSink<'_, W> {
    type Error = Error;

    fn team(&mut self, v: &TeamView) -> Result<(), Error> {
        Ok(self.team_inner(v)?)
    }

    /// The teams' band rows ([`explain::team_bands`]) are the only events read.
    fn traced(&self) -> Traced {
        Traced::Team
    }

    fn finish(&mut self, m: &MonthView) -> Result<(), Error> {
        Ok(self.finish_inner(m)?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Spool, element, pretty};

    /// An array written in three parts — elements known at the start, then
    /// spooled ones, then ones known at the end — is the array serde_json
    /// pretty-prints, whichever parts are empty.
    #[test]
    fn an_array_in_parts_is_the_pretty_array() {
        let items = |n: usize, tag: &str| -> Vec<serde_json::Value> {
            (0..n)
                .map(|i| serde_json::json!({ "tag": tag, "i": i, "list": [i, "\n"] }))
                .collect()
        };
        for (a, b, c) in [
            (0, 0, 0),
            (1, 0, 0),
            (0, 2, 0),
            (0, 0, 1),
            (2, 1, 0),
            (0, 1, 2),
            (1, 1, 1),
        ] {
            let (head, spooled, tail) = (items(a, "a"), items(b, "b"), items(c, "c"));
            let mut out = b"[".to_vec();
            let mut first = true;
            for v in &head {
                element(&mut out, first, v, 2).unwrap();
                first = false;
            }
            let mut spool = Spool::new(None);
            for v in &spooled {
                spool.push(v, 2, head.is_empty()).unwrap();
            }
            first = first && spool.count == 0;
            spool.copy_to(&mut out).unwrap();
            for v in &tail {
                element(&mut out, first, v, 2).unwrap();
                first = false;
            }
            out.extend_from_slice(if first { b"]" } else { b"\n  ]" });
            let all: Vec<_> = [head, spooled, tail].concat();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(pretty(&all, 1).unwrap()).unwrap(),
                "{a} {b} {c}"
            );
        }
    }
}
