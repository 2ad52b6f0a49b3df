//! TOML text → checked [`Scheme`]. Every problem found is reported, each at
//! its line and column in the scheme file; nothing here reads month data.
//!
//! This file reads the file, parses the TOML and runs the `Loader`: one
//! pass over the top-level tables in a fixed order, each handled by its own
//! file (`meta`, `params`, `inputs`, `bands`, `splits`, `rules`), then `plan`
//! orders and resolves the rules. `names` holds the checks and lookups of
//! names they all share.

mod bands;
mod inputs;
mod meta;
mod names;
mod params;
mod plan;
mod rules;
mod splits;

use super::band::BandTable;
use super::doc::{Doc, Table, Val};
use super::split::SplitTable;
use super::{BandRecord, Format, InputSpec, Param, Scheme, SlotDef};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::expr::ast::Expr;
use crate::expr::resolve::{Level, SideSlots};
use crate::expr::types::Type;
use indexmap::IndexMap;
use names::li;

use ::toml::de::{DeTable, DeValue};
use std::path::Path;

/// Reads and checks a scheme file.
pub fn load_file(path: &Path, display: &str) -> Result<(Scheme, Vec<Diagnostic>), Diagnostics> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(
            Location::File {
                file: display.to_string(),
            },
            format!("cannot read the scheme: {e}"),
        )])
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostics(vec![Diagnostic::error(
            Location::File {
                file: display.to_string(),
            },
            "the scheme is not UTF-8 text",
        )])
    })?;
    load(display, &text)
}

/// Checks scheme text. On success returns the scheme and its warnings.
pub fn load(file: &str, text: &str) -> Result<(Scheme, Vec<Diagnostic>), Diagnostics> {
    let mut doc = Doc::new(file, text);
    let (root, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        doc.error(&span, format!("TOML syntax: {}", e.message().trim()));
    }
    if !errors.is_empty() {
        return Err(Diagnostics(doc.diags));
    }
    let root_val: Val = ::toml::Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let scheme = Loader::new(&mut doc).run(&root_val, text);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        doc.diags.into_iter().partition(Diagnostic::is_error);
    match scheme {
        Some(s) if errors.is_empty() => Ok((s, warnings)),
        _ => Err(Diagnostics(errors.into_iter().chain(warnings).collect())),
    }
}

struct SlotInfo {
    def: SlotDef,
}

/// What a rule is for: items and the base salary are rounded.
enum RuleRole {
    Field,
    Item,
    Base,
    Flag,
}

/// The format and type a rule declares it gives.
#[derive(Clone, Copy)]
struct Declared {
    format: Format,
    ty: Type,
}

/// A parsed rule, waiting to be ordered and resolved.
struct Rule {
    level: Level,
    slot: u32,
    expr: Expr,
    /// File offset of the expression's first character.
    origin: usize,
    declared: Option<Declared>,
    role: RuleRole,
    what: String,
}

/// What is known so far while a scheme is read: every name defined, every
/// rule parsed, and the problems (in `doc`).
struct Loader<'d, 't> {
    doc: &'d mut Doc<'t>,
    params: IndexMap<String, Param>,
    slots: [IndexMap<String, SlotInfo>; 2],
    bands: Vec<BandTable>,
    splits: Vec<SplitTable>,
    inputs: Vec<InputSpec>,
    rules: Vec<Rule>,
    side: SideSlots,
    places: u32,
}

const TOP_KEYS: &[&str] = &[
    "scheme",
    "parameters",
    "inputs",
    "bands",
    "splits",
    "team",
    "person",
    "items",
    "pay",
    "flags",
];

impl<'d, 't> Loader<'d, 't> {
    fn new(doc: &'d mut Doc<'t>) -> Self {
        Loader {
            doc,
            params: IndexMap::new(),
            slots: [IndexMap::new(), IndexMap::new()],
            bands: Vec::new(),
            splits: Vec::new(),
            inputs: Vec::new(),
            rules: Vec::new(),
            side: SideSlots::default(),
            places: 2,
        }
    }

    fn run(mut self, root: &Val, text: &str) -> Option<Scheme> {
        let root = Table::of(self.doc, root, "the scheme")?;
        root.deny_unknown(self.doc, TOP_KEYS);

        let meta = match root.table(self.doc, "scheme", "[scheme]") {
            Some(t) => {
                let m = self.meta(&t);
                if let Some(m) = &m {
                    self.places = m.rounding_places;
                }
                m
            }
            None => {
                self.doc.error(
                    &(0..0),
                    "the scheme needs a [scheme] table with id, name and effective_from",
                );
                None
            }
        };
        if let Some(t) = root.table(self.doc, "parameters", "[parameters]") {
            self.parameters(&t);
        }
        let roster = match root.table(self.doc, "inputs", "[inputs]") {
            Some(t) => self.inputs(&t),
            None => {
                self.doc
                    .error(&(0..0), "the scheme needs [inputs], with a roster");
                None
            }
        };
        if let Some(t) = root.table(self.doc, "bands", "[bands]") {
            for (name, span, v) in t.entries() {
                self.band(name, &span, v);
            }
        }
        if let Some(t) = root.table(self.doc, "splits", "[splits]") {
            for (name, span, v) in t.entries() {
                self.split(name, &span, v);
            }
        }
        for (key, level) in [("team", Level::Team), ("person", Level::Person)] {
            if let Some(t) = root.table(self.doc, key, &format!("[{key}]")) {
                for (name, span, v) in t.entries() {
                    self.field_rule(level, name, &span, v);
                }
            }
        }
        let items = self.items(root.get("items"));
        let base = match root.table(self.doc, "pay", "[pay]") {
            Some(t) => self.pay(&t),
            None => {
                self.doc.error(
                    &(0..0),
                    "the scheme needs [pay] with base = the base salary expression",
                );
                None
            }
        };
        let flags = self.flags(root.get("flags"));

        let plan = self.plan();
        let meta = meta?;
        let roster = roster?;
        let base = base?;
        let plan = plan?;
        if self.doc.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        let mut band_record_info: [Vec<BandRecord>; 2] = self
            .side
            .band_records
            .map(|n| vec![BandRecord::default(); n as usize]);
        for step in &plan {
            step.node
                .visit_bands(step.level, &mut |level, record, table| {
                    if let Some(r) = band_record_info[li(level)].get_mut(record as usize) {
                        *r = BandRecord {
                            table,
                            slot: step.slot,
                        };
                    }
                });
        }
        let [team_slots, person_slots] = self
            .slots
            .map(|m| m.into_values().map(|s| s.def).collect::<Vec<_>>());
        Some(Scheme {
            file: self.doc.file.clone(),
            sha256: crate::digest::sha256_hex(text.as_bytes()),
            id: meta.id,
            name: meta.name,
            version: meta.version,
            effective_from: meta.effective_from,
            effective_until: meta.effective_until,
            rounding_places: meta.rounding_places,
            params: self.params.into_values().collect(),
            inputs: self.inputs,
            bands: self.bands,
            splits: self.splits,
            team_slots,
            person_slots,
            plan,
            items,
            base_slot: base.slot,
            base_label: base.label,
            flags,
            roster,
            band_records: self.side.band_records,
            band_record_info,
            split_caches: self.side.split_caches,
        })
    }
}
