//! The JSON document for scripts (`--format json`). Its shape is a contract,
//! documented in the README: amounts are strings with exactly two decimals,
//! IDs are strings exactly as in the input. People and teams are serialized
//! one at a time (no document tree is built), so large months stay fast.

use super::{Report, value_text};
use crate::expr::resolve::Level;
use crate::money::format_cents;
use crate::scheme::{Format, SlotSource};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

#[derive(Serialize)]
struct Doc<'a> {
    month: String,
    scheme: SchemeJ<'a>,
    inputs: Vec<InputJ<'a>>,
    people: People<'a>,
    teams: Teams<'a>,
    warnings: Vec<Warning>,
}

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
    id: String,
    name: String,
    team: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    base: String,
    items: Vec<ItemJ<'a>>,
    bonus: String,
    deduction: String,
    net: String,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

struct People<'a>(&'a Report<'a>);
struct Teams<'a>(&'a Report<'a>);

impl Serialize for People<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (s, o) = (self.0.scheme, self.0.outcome);
        let roster = &s.roster;
        let mut seq = ser.serialize_seq(Some(o.person_count()))?;
        for (p, t) in o.totals.iter().enumerate() {
            let p = p as u32;
            let items = s
                .items
                .iter()
                .map(|item| ItemJ {
                    code: &item.code,
                    label: &item.label,
                    kind: item.kind.word(),
                    amount: value_text(o.person_value(p, item.slot), Format::Money),
                })
                .collect();
            seq.serialize_element(&PersonJ {
                id: o.person_text(p, roster.id),
                name: o.person_text(p, roster.name),
                team: o.person_text(p, roster.team),
                role: roster.role.map(|r| o.person_text(p, r)),
                base: format_cents(t.base),
                items,
                bonus: format_cents(t.bonus),
                deduction: format_cents(t.deduction),
                net: format_cents(t.net),
            })?;
        }
        seq.end()
    }
}

struct TeamValues<'a>(&'a Report<'a>, u32);
struct TeamBands<'a>(&'a Report<'a>, u32);

impl Serialize for TeamValues<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (s, o, t) = (self.0.scheme, self.0.outcome, self.1);
        let mut map = ser.serialize_map(None)?;
        for (i, def) in s.team_slots.iter().enumerate() {
            if matches!(def.source, SlotSource::Rule { .. }) {
                map.serialize_entry(
                    &def.name,
                    &value_text(o.team_value(t, i as u32), def.format),
                )?;
            }
        }
        map.end()
    }
}

#[derive(Serialize)]
struct BandJ<'a> {
    rule: &'a str,
    table: &'a str,
    band: &'a str,
}

impl Serialize for TeamBands<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (s, o, t) = (self.0.scheme, self.0.outcome, self.1 as usize);
        let records = s.band_records[0] as usize;
        // A list, not a map: one rule may look up several tables.
        let mut seq = ser.serialize_seq(None)?;
        for (rec, info) in s.band_record_info[0].iter().enumerate() {
            let row = o
                .team_bands
                .get(t * records + rec)
                .copied()
                .unwrap_or(u16::MAX);
            let (Some(table), Some(rule)) = (
                s.bands.get(info.table as usize),
                s.team_slots.get(info.slot as usize),
            ) else {
                continue;
            };
            if let Some(band_row) = table.rows.get(row as usize) {
                seq.serialize_element(&BandJ {
                    rule: &rule.name,
                    table: &table.name,
                    band: &band_row.when,
                })?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct TeamJ<'a> {
    id: &'a str,
    members: Vec<String>,
    values: TeamValues<'a>,
    bands: TeamBands<'a>,
}

impl Serialize for Teams<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (s, o) = (self.0.scheme, self.0.outcome);
        let mut seq = ser.serialize_seq(Some(o.team_ids.len()))?;
        for (t, id) in o.team_ids.iter().enumerate() {
            let members = o
                .members
                .get(t)
                .map(|m| m.iter().map(|p| o.person_text(*p, s.roster.id)).collect())
                .unwrap_or_default();
            seq.serialize_element(&TeamJ {
                id,
                members,
                values: TeamValues(self.0, t as u32),
                bands: TeamBands(self.0, t as u32),
            })?;
        }
        seq.end()
    }
}

fn warnings(r: &Report) -> Vec<Warning> {
    let (s, o) = (r.scheme, r.outcome);
    let mut out: Vec<Warning> = r
        .warnings
        .iter()
        .map(|d| Warning {
            message: Some(d.to_string()),
            ..Warning::new("input")
        })
        .collect();
    for hit in &o.flags {
        let Some(flag) = s.flags.get(hit.flag) else {
            continue;
        };
        let mut w = Warning::new("flag");
        w.code = Some(flag.code.clone());
        w.label = Some(flag.label.clone());
        match hit.level {
            Level::Team => w.team = o.team_ids.get(hit.entity as usize).cloned(),
            Level::Person => {
                w.person = Some(o.person_text(hit.entity, s.roster.id));
                w.name = Some(o.person_text(hit.entity, s.roster.name));
            }
        }
        out.push(w);
    }
    out
}

impl Warning {
    fn new(kind: &'static str) -> Warning {
        Warning {
            kind,
            message: None,
            code: None,
            label: None,
            team: None,
            person: None,
            name: None,
        }
    }
}

/// The whole document, pretty-printed, ending in a newline.
pub fn render(r: &Report) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024 + r.outcome.person_count() * 1024);
    // Writing into memory cannot fail.
    let _ = render_to(r, &mut out);
    out
}

/// Streams the document into `w`, one person and one team at a time.
pub fn render_to<W: std::io::Write>(r: &Report, mut w: W) -> std::io::Result<()> {
    let s = r.scheme;
    let doc = Doc {
        month: r.outcome.month.to_string(),
        scheme: SchemeJ {
            id: &s.id,
            name: &s.name,
            version: &s.version,
            file: &s.file,
            sha256: &s.sha256,
            effective_from: s.effective_from.to_string(),
            effective_until: s.effective_until.map(|m| m.to_string()),
        },
        inputs: r
            .inputs
            .iter()
            .map(|i| InputJ {
                input: &i.input,
                file: &i.file,
                rows: i.rows,
                sha256: &i.sha256,
            })
            .collect(),
        people: People(r),
        teams: Teams(r),
        warnings: warnings(r),
    };
    serde_json::to_writer_pretty(&mut w, &doc).map_err(|e| match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    })?;
    w.write_all(b"\n")
}
