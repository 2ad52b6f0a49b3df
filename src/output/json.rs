//! The JSON document for scripts (`--format json`). Its shape is a contract,
//! documented in the README: amounts are strings with exactly two decimals,
//! IDs are strings exactly as in the input.

use super::{Report, value_text};
use crate::expr::resolve::Level;
use crate::money::format_cents;
use crate::scheme::SlotSource;
use serde_json::{Map, Value as J, json};

pub fn render(r: &Report) -> Vec<u8> {
    let s = r.scheme;
    let o = r.outcome;
    let roster = &s.roster;
    let mut people = Vec::with_capacity(o.person_count());
    for p in 0..o.person_count() as u32 {
        let items: Vec<J> = s
            .items
            .iter()
            .map(|item| {
                json!({
                    "code": item.code,
                    "label": item.label,
                    "kind": item.kind.word(),
                    "amount": value_text(o.person_value(p, item.slot), crate::scheme::Format::Money),
                })
            })
            .collect();
        let Some(t) = o.totals.get(p as usize) else {
            continue;
        };
        let mut person = Map::new();
        person.insert("id".into(), J::String(o.person_text(p, roster.id)));
        person.insert("name".into(), J::String(o.person_text(p, roster.name)));
        person.insert("team".into(), J::String(o.person_text(p, roster.team)));
        if let Some(role) = roster.role {
            person.insert("role".into(), J::String(o.person_text(p, role)));
        }
        person.insert("base".into(), J::String(format_cents(t.base)));
        person.insert("items".into(), J::Array(items));
        person.insert("bonus".into(), J::String(format_cents(t.bonus)));
        person.insert("deduction".into(), J::String(format_cents(t.deduction)));
        person.insert("net".into(), J::String(format_cents(t.net)));
        people.push(J::Object(person));
    }
    let mut teams = Vec::with_capacity(o.team_ids.len());
    for (t, id) in o.team_ids.iter().enumerate() {
        let t = t as u32;
        let mut values = Map::new();
        for (i, def) in s.team_slots.iter().enumerate() {
            if matches!(def.source, SlotSource::Rule { .. }) {
                values.insert(
                    def.name.clone(),
                    J::String(value_text(o.team_value(t, i as u32), def.format)),
                );
            }
        }
        let members: Vec<J> = o
            .members
            .get(t as usize)
            .map(|m| {
                m.iter()
                    .map(|p| J::String(o.person_text(*p, roster.id)))
                    .collect()
            })
            .unwrap_or_default();
        let mut bands = Map::new();
        let records = s.band_records[0] as usize;
        for (rec, info) in s.band_record_info[0].iter().enumerate() {
            let row = o
                .team_bands
                .get(t as usize * records + rec)
                .copied()
                .unwrap_or(u16::MAX);
            let (Some(table), Some(rule)) = (
                s.bands.get(info.table as usize),
                s.team_slots.get(info.slot as usize),
            ) else {
                continue;
            };
            if let Some(band_row) = table.rows.get(row as usize) {
                bands.insert(
                    rule.name.clone(),
                    json!({"table": table.name, "band": band_row.when}),
                );
            }
        }
        teams.push(json!({"id": id, "members": members, "values": values, "bands": bands}));
    }
    let mut warnings: Vec<J> = r
        .warnings
        .iter()
        .map(|d| json!({"kind": "input", "message": d.to_string()}))
        .collect();
    for hit in &o.flags {
        let Some(flag) = s.flags.get(hit.flag) else {
            continue;
        };
        let who = match hit.level {
            Level::Team => json!({"team": o.team_ids.get(hit.entity as usize)}),
            Level::Person => {
                json!({"person": o.person_text(hit.entity, roster.id), "name": o.person_text(hit.entity, roster.name)})
            }
        };
        let mut w = Map::new();
        w.insert("kind".into(), J::String("flag".into()));
        w.insert("code".into(), J::String(flag.code.clone()));
        w.insert("label".into(), J::String(flag.label.clone()));
        if let J::Object(m) = who {
            w.extend(m);
        }
        warnings.push(J::Object(w));
    }
    let inputs: Vec<J> = r
        .inputs
        .iter()
        .map(|i| json!({"input": i.input, "file": i.file, "rows": i.rows, "sha256": i.sha256}))
        .collect();
    let doc = json!({
        "month": o.month.to_string(),
        "scheme": {
            "id": s.id,
            "name": s.name,
            "version": s.version,
            "file": s.file,
            "sha256": s.sha256,
            "effective_from": s.effective_from.to_string(),
            "effective_until": s.effective_until.map(|m| m.to_string()),
        },
        "inputs": inputs,
        "people": people,
        "teams": teams,
        "warnings": warnings,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
