//! TOML text → checked [`Scheme`]. Every problem found is reported, each at
//! its line and column in the scheme file; nothing here reads month data.

use super::band::{self, BandOutput, BandRow, BandTable, Interval};
use super::doc::{Doc, Table, Val, as_array, as_decimal, as_string};
use super::order::{RuleDeps, order, qualified};
use super::split::{SplitCase, SplitTable, composition_text};
use super::*;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::expr::ast::{Expr, ExprKind};
use crate::expr::parser::parse;
use crate::expr::resolve::{Scope, SideSlots, resolve};
use crate::expr::types::Unit;
use indexmap::IndexMap;
use rust_decimal::prelude::ToPrimitive;

use ::toml::de::{DeTable, DeValue};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

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

enum RuleRole {
    Field,
    Item,
    Base,
    Flag,
}

struct Rule {
    level: Level,
    slot: u32,
    expr: Expr,
    /// File offset of the expression's first character.
    origin: usize,
    declared: Option<(Format, Type)>,
    role: RuleRole,
    what: String,
}

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

fn li(level: Level) -> usize {
    level as usize
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

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || (c.is_alphabetic() && c != '元'))
        && chars.all(|c| c == '_' || (c.is_alphanumeric() && c != '元'))
}

const RESERVED: &[&str] = &[
    "if", "then", "else", "and", "or", "not", "true", "false", "members",
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

    fn check_name(&mut self, name: &str, span: &Range<usize>, what: &str) -> bool {
        if !is_identifier(name) {
            self.doc.error(span, format!("{what} \"{name}\" is not a name an expression can use (letters, digits and _; not starting with a digit)"));
            return false;
        }
        if RESERVED.contains(&name) {
            self.doc
                .error(span, format!("{what} \"{name}\" is a reserved word"));
            return false;
        }
        true
    }

    fn name_taken(&self, level: Option<Level>, name: &str) -> bool {
        self.params.contains_key(name)
            || self.bands.iter().any(|b| b.name == name)
            || self.splits.iter().any(|s| s.name == name)
            // Names are unique across teams and persons too: `pool` must not mean
            // one thing in a team rule and another in a person rule.
            || { let _ = level; self.slots.iter().any(|s| s.contains_key(name)) }
    }

    fn add_slot(&mut self, level: Level, def: SlotDef, span: &Range<usize>) -> Option<u32> {
        if self.name_taken(Some(level), &def.name) {
            self.doc
                .error(span, format!("\"{}\" is already defined", def.name));
            return None;
        }
        let map = &mut self.slots[li(level)];
        let idx = map.len() as u32;
        map.insert(def.name.clone(), SlotInfo { def });
        Some(idx)
    }

    fn run(mut self, root: &Val, text: &str) -> Option<Scheme> {
        let root = Table::of(self.doc, root, "the scheme")?;
        root.deny_unknown(self.doc, TOP_KEYS);

        let meta = match root.table(self.doc, "scheme", "[scheme]") {
            Some(t) => {
                let m = self.meta(&t);
                if let Some(m) = &m {
                    self.places = m.5;
                }
                Some(m)
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
        let (id, name, version, from, until, places) = meta.flatten()?;
        let roster = roster?;
        let (base_slot, base_label) = base?;
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
            id,
            name,
            version,
            effective_from: from,
            effective_until: until,
            rounding_places: places,
            params: self.params.into_values().collect(),
            inputs: self.inputs,
            bands: self.bands,
            splits: self.splits,
            team_slots,
            person_slots,
            plan,
            items,
            base_slot,
            base_label,
            flags,
            roster,
            band_records: self.side.band_records,
            band_record_info,
            split_caches: self.side.split_caches,
        })
    }

    #[allow(clippy::type_complexity)]
    fn meta(&mut self, t: &Table) -> Option<(String, String, String, Month, Option<Month>, u32)> {
        t.deny_unknown(
            self.doc,
            &[
                "id",
                "name",
                "version",
                "effective_from",
                "effective_until",
                "rounding",
                "note",
            ],
        );
        let id = t.req_string(self.doc, "id").map(|s| s.0);
        let name = t.req_string(self.doc, "name").map(|s| s.0);
        let version = t
            .string(self.doc, "version")
            .map(|s| s.0)
            .unwrap_or_default();
        let mut month = |key: &str, required: bool| -> Option<Option<Month>> {
            let v = if required {
                t.req_string(self.doc, key)
            } else {
                t.string(self.doc, key)
            };
            match v {
                None => Some(None),
                Some((s, span)) => match s.parse::<Month>() {
                    Ok(m) => Some(Some(m)),
                    Err(e) => {
                        self.doc.error(&span, format!("{key}: {e}"));
                        None
                    }
                },
            }
        };
        let from = month("effective_from", true).flatten();
        let until = month("effective_until", false);
        let places = match t.decimal(self.doc, "rounding") {
            None => Some(2),
            Some((d, span, _)) => {
                let places = d
                    .normalize()
                    .to_u32()
                    .filter(|p| d.fract().is_zero() && *p <= 2);
                if places.is_some() {
                    places
                } else {
                    self.doc.error(&span, "rounding is the number of decimal places amounts are rounded to: 0, 1 or 2 (分)");
                    None
                }
            }
        };
        if let (Some(f), Some(Some(u))) = (from, until)
            && u < f
        {
            self.doc.error(
                &t.span,
                format!("effective_until {u} is before effective_from {f}"),
            );
        }
        Some((id?, name?, version, from?, until?, places?))
    }

    fn parameters(&mut self, t: &Table) {
        for (name, span, v) in t.entries() {
            if !self.check_name(name, &span, "parameter") {
                continue;
            }
            let (value_v, label, unit) = match v.get_ref() {
                DeValue::Table(_) => {
                    let Some(pt) = Table::of(self.doc, v, &format!("parameter {name}")) else {
                        continue;
                    };
                    pt.deny_unknown(self.doc, &["value", "label", "type"]);
                    let label = pt
                        .string(self.doc, "label")
                        .map(|s| s.0)
                        .unwrap_or_else(|| name.to_string());
                    let unit = pt.string(self.doc, "type");
                    let Some(value) = pt.require(self.doc, "value") else {
                        continue;
                    };
                    (value, label, unit)
                }
                _ => (v, name.to_string(), None),
            };
            let Some((value, percent)) =
                as_decimal(self.doc, value_v, &format!("parameter {name}"))
            else {
                continue;
            };
            let (ty, format) = match unit.as_ref().map(|(s, sp)| (s.as_str(), sp)) {
                None if percent => (Type::NUMBER, Format::Percent),
                None => (
                    Type::NUMBER,
                    if value.fract().is_zero() {
                        Format::Integer
                    } else {
                        Format::Number
                    },
                ),
                Some(("money", _)) => (Type::MONEY, Format::Money),
                Some(("percent", _)) => (Type::NUMBER, Format::Percent),
                Some(("number", _)) => (Type::NUMBER, Format::Number),
                Some(("integer", sp)) => {
                    if !value.fract().is_zero() {
                        self.doc.error(
                            &value_v.span(),
                            format!("parameter {name} is declared an integer but is {value}"),
                        );
                    }
                    let _ = sp;
                    (Type::NUMBER, Format::Integer)
                }
                Some((other, sp)) => {
                    self.doc.error(sp, format!("unknown parameter type \"{other}\"; use money, percent, number or integer"));
                    continue;
                }
            };
            if self.name_taken(None, name) {
                self.doc
                    .error(&span, format!("\"{name}\" is already defined"));
                continue;
            }
            self.params.insert(
                name.to_string(),
                Param {
                    name: name.to_string(),
                    label,
                    value,
                    ty,
                    format,
                },
            );
        }
    }

    fn inputs(&mut self, t: &Table) -> Option<RosterSlots> {
        let mut roster = None;
        let mut roster_count = 0;
        for (name, span, v) in t.entries() {
            let Some(it) = Table::of(self.doc, v, &format!("[inputs.{name}]")) else {
                continue;
            };
            it.deny_unknown(
                self.doc,
                &[
                    "label",
                    "file",
                    "kind",
                    "key",
                    "rows",
                    "optional",
                    "columns",
                    "encoding",
                    "sheet",
                    "total_row",
                    "unmatched",
                ],
            );
            let kind = match it.req_string(self.doc, "kind") {
                Some((k, ks)) => match k.as_str() {
                    "roster" => InputKind::Roster,
                    "team" => InputKind::Team,
                    "person" => InputKind::Person,
                    _ => {
                        self.doc.error(
                            &ks,
                            format!("unknown input kind \"{k}\"; use roster, team or person"),
                        );
                        continue;
                    }
                },
                None => continue,
            };
            if kind == InputKind::Roster {
                roster_count += 1;
                if roster_count > 1 {
                    self.doc.error(&span, "a scheme has one roster input");
                }
            }
            let level = if kind == InputKind::Team {
                Level::Team
            } else {
                Level::Person
            };
            let key_name = match kind {
                InputKind::Roster => Some(("id".to_string(), span.clone())),
                _ => it.req_string(self.doc, "key"),
            };
            let sum_rows = match it.string(self.doc, "rows") {
                None => false,
                Some((r, rs)) => match r.as_str() {
                    "one" => false,
                    "sum" => true,
                    _ => {
                        self.doc.error(&rs, format!("rows = \"{r}\": use \"one\" (a duplicate key is an error) or \"sum\" (several rows add up)"));
                        false
                    }
                },
            };
            let unmatched_is_error = match it.string(self.doc, "unmatched") {
                None => true,
                Some((u, us)) => match u.as_str() {
                    "error" => true,
                    "warning" => false,
                    _ => {
                        self.doc.error(&us, "unmatched is \"error\" or \"warning\"");
                        true
                    }
                },
            };
            let input_index = self.inputs.len();
            let mut columns = Vec::new();
            let Some(ct) = it
                .require(self.doc, "columns")
                .and_then(|c| Table::of(self.doc, c, &format!("[inputs.{name}.columns]")))
            else {
                continue;
            };
            for (cname, cspan, cv) in ct.entries() {
                let Some(col) = self.column(name, cname, &cspan, cv) else {
                    continue;
                };
                columns.push((col, cspan));
            }
            let key = match &key_name {
                Some((k, ks)) => match columns.iter().position(|(c, _)| &c.name == k) {
                    Some(p) => p,
                    None => {
                        let msg = if kind == InputKind::Roster {
                            "the roster needs a column named \"id\" (the person's 工号)".to_string()
                        } else {
                            format!("the key \"{k}\" is not one of this input's columns")
                        };
                        self.doc.error(ks, msg);
                        continue;
                    }
                },
                None => continue,
            };
            if let Some((kc, ks)) = columns.get(key)
                && !matches!(kc.ty, ColumnType::Id | ColumnType::Text)
            {
                self.doc.error(
                    ks,
                    format!("the key column \"{}\" must be of type id", kc.name),
                );
            }
            // Assign slots. A person input's key column duplicates the roster's id: no slot.
            for (i, (col, cspan)) in columns.iter_mut().enumerate() {
                if kind == InputKind::Person && i == key {
                    continue;
                }
                let def = SlotDef {
                    name: col.name.clone(),
                    label: col.header.clone(),
                    ty: col.ty.ty(),
                    format: col.ty.format(),
                    source: SlotSource::Input {
                        input: input_index,
                        column: i,
                    },
                    reads: Vec::new(),
                };
                col.slot = self.add_slot(level, def, cspan);
            }
            if kind == InputKind::Person {
                // People with no row in this input take the defaults.
                for (i, (col, cspan)) in columns.iter().enumerate() {
                    if i != key && col.default.is_none() {
                        self.doc.error(
                            cspan,
                            format!(
                                "column {name}.{} needs a default: people with no row in this input take it",
                                col.name
                            ),
                        );
                    }
                }
            }
            let optional = it.boolean(self.doc, "optional").unwrap_or(false);
            if optional && kind == InputKind::Roster {
                self.doc.error(
                    &span,
                    "the roster cannot be optional: it defines the people of the month",
                );
            }
            if optional && kind == InputKind::Team {
                for (i, (col, cspan)) in columns.iter().enumerate() {
                    if i != key && col.default.is_none() {
                        self.doc.error(
                            cspan,
                            format!("column {name}.{} needs a default: the input is optional, and without its file every team takes the defaults", col.name),
                        );
                    }
                }
            }
            // rows = "sum" adds numbers up and joins text; yes/no and dates cannot be added.
            if sum_rows {
                for (i, (col, cspan)) in columns.iter().enumerate() {
                    if i != key && matches!(col.ty, ColumnType::Bool | ColumnType::Date) {
                        self.doc.error(
                            cspan,
                            format!("column {name}.{} is {}, which rows = \"sum\" cannot add up; use a number column (e.g. 1/0) or rows = \"one\"", col.name, if col.ty == ColumnType::Bool { "yes/no" } else { "a date" }),
                        );
                    }
                }
            }
            let columns: Vec<ColumnSpec> = columns.into_iter().map(|(c, _)| c).collect();
            if kind == InputKind::Roster {
                let slot_of = |n: &str| columns.iter().find(|c| c.name == n).and_then(|c| c.slot);
                match (slot_of("id"), slot_of("name"), slot_of("team")) {
                    (Some(id), Some(nm), Some(team)) => {
                        roster = Some(RosterSlots {
                            input: input_index,
                            id,
                            name: nm,
                            team,
                            role: slot_of("role"),
                        })
                    }
                    _ => self.doc.error(
                        &span,
                        "the roster needs columns named id (工号), name (姓名) and team (班组)",
                    ),
                }
            }
            self.inputs.push(InputSpec {
                name: name.to_string(),
                label: it
                    .string(self.doc, "label")
                    .map(|s| s.0)
                    .unwrap_or_else(|| name.to_string()),
                file: it
                    .string(self.doc, "file")
                    .map(|s| s.0)
                    .unwrap_or_else(|| name.to_string()),
                kind,
                key,
                sum_rows,
                optional,
                columns,
                encoding: it.string(self.doc, "encoding").map(|s| s.0),
                sheet: it.string(self.doc, "sheet").map(|s| s.0),
                total_row: it.boolean(self.doc, "total_row").unwrap_or(false),
                unmatched_is_error,
            });
        }
        if roster_count == 0 {
            self.doc.error(
                &t.span,
                "the scheme needs one input with kind = \"roster\" (the people of the month)",
            );
        }
        roster
    }

    fn column(
        &mut self,
        input: &str,
        name: &str,
        span: &Range<usize>,
        v: &Val,
    ) -> Option<ColumnSpec> {
        if !self.check_name(name, span, "column") {
            return None;
        }
        let ct = Table::of(self.doc, v, &format!("column {input}.{name}"))?;
        ct.deny_unknown(
            self.doc,
            &[
                "header",
                "type",
                "default",
                "min",
                "max",
                "one_of",
                "percent_as",
                "label",
            ],
        );
        let header = ct.req_string(self.doc, "header").map(|s| s.0);
        let ty = match ct.req_string(self.doc, "type") {
            Some((s, ss)) => match ColumnType::parse(&s) {
                Some(t) => Some(t),
                None => {
                    self.doc.error_hint(
                        &ss,
                        format!("unknown column type \"{s}\""),
                        format!("types: {}", ColumnType::NAMES),
                    );
                    None
                }
            },
            None => None,
        };
        let (header, ty) = (header?, ty?);
        let default = match ct.get("default") {
            None => None,
            Some(dv) => match (ty, dv.get_ref()) {
                (ColumnType::Bool, DeValue::Boolean(b)) => Some(Value::Bool(*b)),
                (ColumnType::Id | ColumnType::Text, _) => {
                    as_string(self.doc, dv, "default").map(|s| Value::Text(Arc::from(s.0.as_str())))
                }
                (ColumnType::Date, _) => {
                    self.doc
                        .error(&dv.span(), "a date column cannot have a default");
                    None
                }
                _ => as_decimal(self.doc, dv, "default").map(|d| Value::Num(d.0)),
            },
        };
        let min = ct.decimal(self.doc, "min").map(|d| d.0);
        let max = ct.decimal(self.doc, "max").map(|d| d.0);
        let one_of = ct
            .strings(self.doc, "one_of")
            .into_iter()
            .map(|s| s.0)
            .collect();
        let percent_points = match ct.string(self.doc, "percent_as") {
            None => false,
            Some((p, ps)) => match p.as_str() {
                "fraction" => false,
                "points" => true,
                _ => {
                    self.doc.error(&ps, "percent_as is \"fraction\" (a bare 0.95 means 95%) or \"points\" (a bare 95 means 95%)");
                    false
                }
            },
        };
        Some(ColumnSpec {
            name: name.to_string(),
            header,
            ty,
            default,
            min,
            max,
            one_of,
            percent_points,
            slot: None,
        })
    }

    fn band(&mut self, name: &str, span: &Range<usize>, v: &Val) {
        if !self.check_name(name, span, "band table") || self.name_taken(None, name) {
            if self.name_taken(None, name) {
                self.doc
                    .error(span, format!("\"{name}\" is already defined"));
            }
            return;
        }
        let Some(t) = Table::of(self.doc, v, &format!("[bands.{name}]")) else {
            return;
        };
        t.deny_unknown(
            self.doc,
            &["label", "domain", "outputs", "rows", "unit", "better"],
        );
        let better = match t.string(self.doc, "better") {
            None => None,
            Some((b, _)) if b == "higher" => Some(true),
            Some((b, _)) if b == "lower" => Some(false),
            Some((b, bs)) => {
                self.doc.error(
                    &bs,
                    format!(
                        "better = \"{b}\": use \"higher\" (a higher value is better) or \"lower\""
                    ),
                );
                None
            }
        };
        let label = t
            .string(self.doc, "label")
            .map(|s| s.0)
            .unwrap_or_else(|| name.to_string());
        let arg = match t.string(self.doc, "unit") {
            None => Type::NUMBER,
            Some((u, _)) if u == "money" => Type::MONEY,
            Some((u, _)) if u == "number" => Type::NUMBER,
            Some((u, us)) => {
                self.doc.error(&us, format!("unit = \"{u}\": a band table looks up a \"number\" (the default) or \"money\""));
                Type::NUMBER
            }
        };
        let mut outputs = Vec::new();
        let mut output_bounds = Vec::new();
        if let Some(ot) = t
            .require(self.doc, "outputs")
            .and_then(|o| Table::of(self.doc, o, "outputs"))
        {
            for (oname, ospan, ov) in ot.entries() {
                if !self.check_name(oname, &ospan, "band output") {
                    continue;
                }
                // `per_unit = "money"` or `score = { type = "number", min = 0, max = 100 }`
                let (type_v, bounds) = match ov.get_ref() {
                    DeValue::Table(_) => {
                        let Some(ot) = Table::of(self.doc, ov, &format!("output {oname}")) else {
                            continue;
                        };
                        ot.deny_unknown(self.doc, &["type", "min", "max"]);
                        let Some(tv) = ot.require(self.doc, "type") else {
                            continue;
                        };
                        (
                            tv,
                            (
                                ot.decimal(self.doc, "min").map(|d| d.0),
                                ot.decimal(self.doc, "max").map(|d| d.0),
                            ),
                        )
                    }
                    _ => (ov, (None, None)),
                };
                let Some((ty, ts)) = as_string(self.doc, type_v, &format!("output {oname}")) else {
                    continue;
                };
                let (ty, percent) = match ty.as_str() {
                    "money" => (Type::MONEY, false),
                    "percent" => (Type::NUMBER, true),
                    "number" => (Type::NUMBER, false),
                    "text" => (Type::Text, false),
                    _ => {
                        self.doc.error(
                            &ts,
                            format!("output type \"{ty}\": use money, percent, number or text"),
                        );
                        continue;
                    }
                };
                outputs.push(BandOutput {
                    name: oname.to_string(),
                    ty,
                    percent,
                });
                output_bounds.push(bounds);
            }
        }
        let mut var: Option<String> = None;
        let mut any_percent = false;
        let domain = match t.string(self.doc, "domain") {
            None => Interval::ALL,
            Some((d, ds)) => match band::parse_condition(&d) {
                Ok(c) => {
                    var = Some(c.var);
                    any_percent |= c.percent;
                    c.interval
                }
                Err(e) => {
                    self.doc.error(&ds, format!("domain: {e}"));
                    return;
                }
            },
        };
        let mut rows = Vec::new();
        let mut row_spans = Vec::new();
        let Some(rv) = t.require(self.doc, "rows") else {
            return;
        };
        let Some(items) = as_array(self.doc, rv, "rows") else {
            return;
        };
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let Some(rt) = Table::of(
                self.doc,
                item,
                &format!("row {} of band table {name}", i + 1),
            ) else {
                ok = false;
                continue;
            };
            let mut allowed: Vec<&str> = vec!["when"];
            allowed.extend(outputs.iter().map(|o| o.name.as_str()));
            rt.deny_unknown(self.doc, &allowed);
            let Some((when, ws)) = rt.req_string(self.doc, "when") else {
                ok = false;
                continue;
            };
            let interval = match band::parse_condition(&when) {
                Ok(c) => {
                    match &var {
                        Some(v) if *v != c.var => {
                            self.doc.error(
                                &ws,
                                format!("this row tests \"{}\" but the table tests \"{v}\"", c.var),
                            );
                            ok = false;
                        }
                        Some(_) => {}
                        None => var = Some(c.var),
                    }
                    any_percent |= c.percent;
                    c.interval
                }
                Err(e) => {
                    self.doc.error(&ws, e);
                    ok = false;
                    continue;
                }
            };
            let mut values = Vec::new();
            for o in &outputs {
                let Some(ov) = rt.get(&o.name) else {
                    self.doc.error(
                        &item.span(),
                        format!(
                            "row {} of band table {name} has no value for output \"{}\"",
                            i + 1,
                            o.name
                        ),
                    );
                    ok = false;
                    continue;
                };
                if o.ty == Type::Text {
                    if let Some((s, _)) = as_string(self.doc, ov, &o.name) {
                        values.push(Value::Text(Arc::from(s.as_str())));
                    }
                } else if let Some((d, _)) = as_decimal(self.doc, ov, &o.name) {
                    values.push(Value::Num(d));
                }
            }
            rows.push(BandRow {
                interval,
                when,
                values,
            });
            row_spans.push(item.span());
        }
        if rows.is_empty() {
            self.doc
                .error(&rv.span(), format!("band table {name} has no rows"));
            return;
        }
        let var = var.unwrap_or_else(|| "x".to_string());
        if ok {
            let intervals: Vec<Interval> = rows.iter().map(|r| r.interval.clone()).collect();
            for p in band::check_coverage(&var, &domain, &intervals, any_percent) {
                let span = p
                    .rows
                    .last()
                    .and_then(|r| row_spans.get(*r))
                    .cloned()
                    .unwrap_or_else(|| rv.span());
                self.doc
                    .error(&span, format!("band table {name}: {}", p.message));
            }
            self.band_values(name, &rows, &row_spans, &outputs, &output_bounds, better);
        }
        self.bands.push(BandTable {
            name: name.to_string(),
            label,
            var,
            arg,
            percent: any_percent,
            domain,
            outputs,
            rows,
        });
    }

    /// Output values within their declared bounds, and rising (or falling) as
    /// the looked-up value gets better when the table says which way is better.
    fn band_values(
        &mut self,
        name: &str,
        rows: &[BandRow],
        row_spans: &[Range<usize>],
        outputs: &[BandOutput],
        bounds: &[(Option<Decimal>, Option<Decimal>)],
        better: Option<bool>,
    ) {
        for (o, out) in outputs.iter().enumerate() {
            let (min, max) = bounds.get(o).copied().unwrap_or((None, None));
            let value = |r: &BandRow| match r.values.get(o) {
                Some(Value::Num(d)) => Some(*d),
                _ => None,
            };
            for (i, r) in rows.iter().enumerate() {
                let Some(v) = value(r) else { continue };
                let span = row_spans.get(i).cloned().unwrap_or(0..0);
                let show = |d: Decimal| band::show(d, out.percent);
                if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
                    let range = format!(
                        "{} to {}",
                        min.map_or("-∞".to_string(), show),
                        max.map_or("∞".to_string(), show)
                    );
                    self.doc.error(
                        &span,
                        format!(
                            "band table {name}: row {} gives {} = {}, outside {range}",
                            i + 1,
                            out.name,
                            show(v)
                        ),
                    );
                }
            }
            let Some(higher) = better else { continue };
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by_key(|&i| rows.get(i).map(|r| r.interval.start()));
            for pair in order.windows(2) {
                let [a, b] = pair else { continue };
                let (Some(ra), Some(rb)) = (rows.get(*a), rows.get(*b)) else {
                    continue;
                };
                let (Some(va), Some(vb)) = (value(ra), value(rb)) else {
                    continue;
                };
                // b holds higher values than a.
                let wrong = if higher { vb < va } else { vb > va };
                if wrong {
                    let (worse, better_row) = if higher { (a, b) } else { (b, a) };
                    let span = row_spans.get(*better_row).cloned().unwrap_or(0..0);
                    self.doc.error(
                        &span,
                        format!(
                            "band table {name}: row {} ({}) gives less {} than row {} ({}), though {} is better",
                            better_row + 1,
                            rows.get(*better_row).map_or("", |r| r.when.as_str()),
                            out.name,
                            worse + 1,
                            rows.get(*worse).map_or("", |r| r.when.as_str()),
                            if higher { "higher" } else { "lower" }
                        ),
                    );
                }
            }
        }
    }

    fn split(&mut self, name: &str, span: &Range<usize>, v: &Val) {
        if !self.check_name(name, span, "split") {
            return;
        }
        if self.name_taken(None, name) {
            self.doc
                .error(span, format!("\"{name}\" is already defined"));
            return;
        }
        let Some(t) = Table::of(self.doc, v, &format!("[splits.{name}]")) else {
            return;
        };
        t.deny_unknown(self.doc, &["label", "by", "cases"]);
        let label = t
            .string(self.doc, "label")
            .map(|s| s.0)
            .unwrap_or_else(|| name.to_string());
        let Some((by, by_span)) = t.req_string(self.doc, "by") else {
            return;
        };
        let by_slot = match self.slots[li(Level::Person)].get_full(&by) {
            Some((i, _, s)) if s.def.ty == Type::Text => i as u32,
            Some(_) => {
                self.doc.error(
                    &by_span,
                    format!("split by \"{by}\": it must be a text column of the roster"),
                );
                return;
            }
            None => {
                self.doc.error(
                    &by_span,
                    format!("split by \"{by}\": no person column of that name"),
                );
                return;
            }
        };
        let allowed_categories: Vec<String> = self
            .inputs
            .iter()
            .flat_map(|i| i.columns.iter())
            .find(|c| c.name == by && c.slot == Some(by_slot))
            .map(|c| c.one_of.clone())
            .unwrap_or_default();
        let Some(cv) = t.require(self.doc, "cases") else {
            return;
        };
        let Some(cases_v) = as_array(self.doc, cv, "cases") else {
            return;
        };
        let mut cases: Vec<SplitCase> = Vec::new();
        let mut order: Vec<Arc<str>> = Vec::new();
        for (i, c) in cases_v.iter().enumerate() {
            let Some(ct) = Table::of(self.doc, c, &format!("case {} of split {name}", i + 1))
            else {
                continue;
            };
            ct.deny_unknown(self.doc, &["members", "shares"]);
            let mut counts: Vec<(Arc<str>, u32)> = Vec::new();
            if let Some(mt) = ct
                .require(self.doc, "members")
                .and_then(|m| Table::of(self.doc, m, "members"))
            {
                for (cat, cs, nv) in mt.entries() {
                    if !order.iter().any(|o| o.as_ref() == cat) {
                        order.push(Arc::from(cat));
                    }
                    if !allowed_categories.is_empty()
                        && !allowed_categories.iter().any(|a| a == cat)
                    {
                        self.doc.error(
                            &cs,
                            format!(
                                "\"{cat}\" is not one of the values of {by}: {}",
                                allowed_categories.join(", ")
                            ),
                        );
                    }
                    match as_decimal(self.doc, nv, "a member count") {
                        Some((n, _))
                            if n.fract().is_zero()
                                && n > Decimal::ZERO
                                && n < Decimal::from(1000) =>
                        {
                            counts.push((Arc::from(cat), n.normalize().to_u32().unwrap_or(0)));
                        }
                        Some(_) => self
                            .doc
                            .error(&nv.span(), "a member count is a whole number from 1"),
                        None => {}
                    }
                }
            }
            counts.sort();
            let mut shares: Vec<(Arc<str>, Decimal)> = Vec::new();
            if let Some(st) = ct
                .require(self.doc, "shares")
                .and_then(|s| Table::of(self.doc, s, "shares"))
            {
                for (cat, cs, sv) in st.entries() {
                    if !counts.iter().any(|(k, _)| k.as_ref() == cat) {
                        self.doc.error(
                            &cs,
                            format!("a share for \"{cat}\", who is not among this case's members"),
                        );
                        continue;
                    }
                    if let Some((d, _)) = as_decimal(self.doc, sv, "a share") {
                        if d <= Decimal::ZERO {
                            self.doc.error(&sv.span(), "a share must be above 0%");
                        }
                        shares.push((Arc::from(cat), d));
                    }
                }
            }
            for (k, _) in &counts {
                if !shares.iter().any(|(s, _)| s == k) {
                    self.doc.error(
                        &c.span(),
                        format!("case {} of split {name} gives no share to {k}", i + 1),
                    );
                }
            }
            // Shares are bounded by parsing (at most 28 digits); a sum that overflows is not 100% either.
            let total: Decimal = counts
                .iter()
                .map(|(k, n)| {
                    let share = shares
                        .iter()
                        .find(|(s, _)| s == k)
                        .map_or(Decimal::ZERO, |(_, d)| *d);
                    share.checked_mul(Decimal::from(*n)).unwrap_or(Decimal::MAX)
                })
                .fold(Decimal::ZERO, |a, b| {
                    a.checked_add(b).unwrap_or(Decimal::MAX)
                });
            if total != Decimal::ONE && shares.len() == counts.len() {
                self.doc.error(
                    &c.span(),
                    format!(
                        "the shares of case {} of split {name} ({}) add up to {}, not 100%",
                        i + 1,
                        composition_text(&in_order(&counts, &order)),
                        band::show(total, true)
                    ),
                );
            }
            if cases.iter().any(|other| other.counts == counts) {
                self.doc.error(
                    &c.span(),
                    format!(
                        "split {name} has two cases for {}",
                        composition_text(&in_order(&counts, &order))
                    ),
                );
            }
            cases.push(SplitCase { counts, shares });
        }
        self.splits.push(SplitTable {
            name: name.to_string(),
            label,
            by_slot,
            by_name: by,
            cases,
            order,
        });
    }

    /// Reads `expr` text, parses it; records the rule.
    #[allow(clippy::too_many_arguments)]
    fn add_rule(
        &mut self,
        level: Level,
        slot_name: &str,
        label: String,
        expr_v: &Val,
        declared: Option<(Format, Type)>,
        role: RuleRole,
        what: String,
        span: &Range<usize>,
    ) -> Option<u32> {
        let (text, es) = as_string(self.doc, expr_v, &what)?;
        let origin = self.doc.string_content_start(&es);
        let expr = match parse(&text) {
            Ok(e) => Some(e),
            Err(e) => {
                let loc = self.doc.location(origin + e.span.start);
                self.doc
                    .diags
                    .push(Diagnostic::error(loc, format!("{what}: {}", e.message)));
                None
            }
        };
        let (format, ty) = declared.unwrap_or((Format::Number, Type::Error));
        let mut reads = Vec::new();
        if let Some(e) = &expr {
            e.names(&mut reads);
            reads.dedup();
        }
        let line = self.doc.location(origin);
        let line = if let Location::Source { line, .. } = line {
            line
        } else {
            0
        };
        let slot = self.add_slot(
            level,
            SlotDef {
                name: slot_name.to_string(),
                label,
                ty,
                format,
                source: SlotSource::Rule { expr: text, line },
                reads,
            },
            span,
        )?;
        if let Some(expr) = expr {
            self.rules.push(Rule {
                level,
                slot,
                expr,
                origin,
                declared,
                role,
                what,
            });
        }
        Some(slot)
    }

    fn field_rule(&mut self, level: Level, name: &str, span: &Range<usize>, v: &Val) {
        if !self.check_name(name, span, "rule") {
            return;
        }
        let what = qualified(level, name);
        let (expr_v, label, declared) = match v.get_ref() {
            DeValue::String(_) => (v, name.to_string(), None),
            _ => {
                let Some(t) = Table::of(self.doc, v, &what) else {
                    return;
                };
                t.deny_unknown(self.doc, &["expr", "label", "type", "note"]);
                let label = t
                    .string(self.doc, "label")
                    .map(|s| s.0)
                    .unwrap_or_else(|| name.to_string());
                let declared = match t.string(self.doc, "type") {
                    None => None,
                    Some((ty, ts)) => match ty.as_str() {
                        "money" => Some((Format::Money, Type::MONEY)),
                        "percent" => Some((Format::Percent, Type::NUMBER)),
                        "number" => Some((Format::Number, Type::NUMBER)),
                        "integer" => Some((Format::Integer, Type::NUMBER)),
                        "yes/no" => Some((Format::YesNo, Type::Bool)),
                        "text" => Some((Format::Text, Type::Text)),
                        _ => {
                            self.doc.error(&ts, format!("type \"{ty}\": use money, percent, number, integer, yes/no or text"));
                            None
                        }
                    },
                };
                let Some(e) = t.require(self.doc, "expr") else {
                    return;
                };
                (e, label, declared)
            }
        };
        self.add_rule(
            level,
            name,
            label,
            expr_v,
            declared,
            RuleRole::Field,
            what,
            span,
        );
    }

    fn items(&mut self, v: Option<&Val>) -> Vec<Item> {
        let mut items = Vec::new();
        let Some(v) = v else {
            return items;
        };
        let Some(list) = as_array(self.doc, v, "[[items]]") else {
            return items;
        };
        for (i, iv) in list.iter().enumerate() {
            let Some(t) = Table::of(self.doc, iv, &format!("item {}", i + 1)) else {
                continue;
            };
            t.deny_unknown(self.doc, &["code", "label", "kind", "amount", "note"]);
            let code = t.req_string(self.doc, "code");
            let label = t.req_string(self.doc, "label");
            let kind = match t.req_string(self.doc, "kind") {
                Some((k, _)) if k == "bonus" => Some(ItemKind::Bonus),
                Some((k, _)) if k == "deduction" => Some(ItemKind::Deduction),
                Some((k, ks)) => {
                    self.doc
                        .error(&ks, format!("item kind \"{k}\": use bonus or deduction"));
                    None
                }
                None => None,
            };
            let amount = t.require(self.doc, "amount");
            let (Some((code, cs)), Some((label, _)), Some(kind), Some(amount)) =
                (code, label, kind, amount)
            else {
                continue;
            };
            if !self.check_name(&code, &cs, "item code") {
                continue;
            }
            let what = format!("item {code}");
            if let Some(slot) = self.add_rule(
                Level::Person,
                &code,
                label.clone(),
                amount,
                Some((Format::Money, Type::MONEY)),
                RuleRole::Item,
                what,
                &cs,
            ) {
                items.push(Item {
                    code,
                    label,
                    kind,
                    slot,
                });
            }
        }
        items
    }

    fn pay(&mut self, t: &Table) -> Option<(u32, String)> {
        t.deny_unknown(self.doc, &["base", "base_label"]);
        let label = t
            .string(self.doc, "base_label")
            .map(|s| s.0)
            .unwrap_or_else(|| "底薪".to_string());
        let base = t.require(self.doc, "base")?;
        let slot = self.add_rule(
            Level::Person,
            "pay_base",
            label.clone(),
            base,
            Some((Format::Money, Type::MONEY)),
            RuleRole::Base,
            "[pay] base".into(),
            &t.span,
        )?;
        Some((slot, label))
    }

    fn flags(&mut self, v: Option<&Val>) -> Vec<Flag> {
        let mut flags = Vec::new();
        let Some(v) = v else { return flags };
        let Some(list) = as_array(self.doc, v, "[[flags]]") else {
            return flags;
        };
        for (i, fv) in list.iter().enumerate() {
            let Some(t) = Table::of(self.doc, fv, &format!("flag {}", i + 1)) else {
                continue;
            };
            t.deny_unknown(
                self.doc,
                &["code", "label", "level", "when", "severity", "note"],
            );
            let is_error = match t.string(self.doc, "severity") {
                None => false,
                Some((s, _)) if s == "warning" => false,
                Some((s, _)) if s == "error" => true,
                Some((s, ss)) => {
                    self.doc
                        .error(&ss, format!("flag severity \"{s}\": use warning or error"));
                    false
                }
            };
            let code = t.req_string(self.doc, "code");
            let label = t.req_string(self.doc, "label");
            let level = match t.string(self.doc, "level") {
                None => Some(Level::Person),
                Some((l, _)) if l == "person" => Some(Level::Person),
                Some((l, _)) if l == "team" => Some(Level::Team),
                Some((l, ls)) => {
                    self.doc
                        .error(&ls, format!("flag level \"{l}\": use person or team"));
                    None
                }
            };
            let when = t.require(self.doc, "when");
            let (Some((code, cs)), Some((label, _)), Some(level), Some(when)) =
                (code, label, level, when)
            else {
                continue;
            };
            if !self.check_name(&code, &cs, "flag code") {
                continue;
            }
            if let Some(slot) = self.add_rule(
                level,
                &code,
                label.clone(),
                when,
                Some((Format::YesNo, Type::Bool)),
                RuleRole::Flag,
                format!("flag {code}"),
                &cs,
            ) {
                flags.push(Flag {
                    code,
                    label,
                    level,
                    slot,
                    is_error,
                });
            }
        }
        flags
    }

    /// Orders rules by dependency, resolves them in that order and builds the plan.
    fn plan(&mut self) -> Option<Vec<Step>> {
        let index_of = |level: Level, slot: u32, rules: &[Rule]| {
            rules
                .iter()
                .position(|r| r.level == level && r.slot == slot)
        };
        let mut deps = Vec::with_capacity(self.rules.len());
        for r in &self.rules {
            let mut names = Vec::new();
            syntactic_deps(&r.expr, r.level, &mut names);
            let mut reads = Vec::new();
            for (level, name) in names {
                if let Some((slot, _, _)) = self.slots[li(level)].get_full(&name)
                    && let Some(i) = index_of(level, slot as u32, &self.rules)
                    && !reads.contains(&i)
                {
                    reads.push(i);
                }
            }
            let name = self.slots[li(r.level)]
                .get_index(r.slot as usize)
                .map(|(n, _)| qualified(r.level, n))
                .unwrap_or_default();
            deps.push(RuleDeps { name, reads });
        }
        let ordered = match order(&deps) {
            Ok(o) => o,
            Err(cycles) => {
                for c in cycles {
                    let first = c.first().cloned().unwrap_or_default();
                    let at = deps
                        .iter()
                        .position(|d| d.name == first)
                        .and_then(|i| self.rules.get(i))
                        .map_or(0, |r| r.origin);
                    let loc = self.doc.location(at);
                    self.doc.diags.push(Diagnostic::error(
                        loc,
                        format!(
                            "these rules depend on each other in a cycle: {}",
                            c.join(" → ")
                        ),
                    ));
                }
                return None;
            }
        };
        let mut plan = Vec::with_capacity(ordered.len());
        for i in ordered {
            let Some(rule) = self.rules.get(i) else {
                continue;
            };
            let (level, slot, origin) = (rule.level, rule.slot, rule.origin);
            let scope = ScopeView {
                params: &self.params,
                slots: &self.slots,
                bands: &self.bands,
                splits: &self.splits,
            };
            match resolve(&rule.expr, level, &scope, &mut self.side) {
                Ok(res) => {
                    let ty = res.ty;
                    let mut node = res.node;
                    let what = rule.what.clone();
                    let mut final_ty = ty;
                    if let Some((format, want)) = rule.declared {
                        let fits =
                            crate::expr::types::unify(want, ty).is_some() || ty == Type::Error;
                        if !fits {
                            let loc = self.doc.location(origin);
                            let hint = match (want, ty) {
                                (Type::Num(Unit::Money), Type::Num(_)) => {
                                    " (multiply by a money parameter or write the amount with 元, e.g. 25元)"
                                }
                                _ => "",
                            };
                            self.doc.diags.push(Diagnostic::error(
                                loc,
                                format!(
                                    "{what} must give {want}, but its expression gives {ty}{hint}"
                                ),
                            ));
                        }
                        final_ty = want;
                        let _ = format;
                    } else if let Some(info) = self.slots[li(level)].get_index_mut(slot as usize) {
                        info.1.def.format = match ty {
                            Type::Num(Unit::Money) => Format::Money,
                            Type::Bool => Format::YesNo,
                            Type::Text => Format::Text,
                            Type::Date => Format::Date,
                            _ => Format::Number,
                        };
                    }
                    if matches!(rule.role, RuleRole::Item | RuleRole::Base) {
                        node = Node::Round(Box::new(node), self.places);
                    }
                    if let Some(info) = self.slots[li(level)].get_index_mut(slot as usize) {
                        info.1.def.ty = if final_ty == Type::Num(Unit::Any) {
                            Type::NUMBER
                        } else {
                            final_ty
                        };
                    }
                    plan.push(Step { level, slot, node });
                }
                Err(errors) => {
                    for e in errors {
                        let loc = self.doc.location(origin + e.span.start);
                        let what = rule.what.clone();
                        self.doc
                            .diags
                            .push(Diagnostic::error(loc, format!("{what}: {}", e.message)));
                    }
                }
            }
        }
        Some(plan)
    }
}

/// `counts` with categories in the order the scheme first named them.
fn in_order(counts: &[(Arc<str>, u32)], order: &[Arc<str>]) -> Vec<(Arc<str>, u32)> {
    let mut sorted = counts.to_vec();
    sorted.sort_by_key(|(c, _)| order.iter().position(|o| o == c).unwrap_or(usize::MAX));
    sorted
}

/// Names an expression reads, by level, following the same rules as [`resolve`].
fn syntactic_deps(e: &Expr, level: Level, out: &mut Vec<(Level, String)>) {
    match &e.kind {
        ExprKind::Name(n) => out.push((level, n.clone())),
        ExprKind::Field(inner, f, _) => match &inner.kind {
            ExprKind::Name(t) if t == "team" => out.push((Level::Team, f.clone())),
            _ => syntactic_deps(inner, level, out),
        },
        ExprKind::Call(f, _, args) => {
            let first_members =
                matches!(args.first().map(|a| &a.kind), Some(ExprKind::Name(n)) if n == "members");
            if first_members && matches!(f.as_str(), "count" | "sum" | "avg" | "min" | "max") {
                for a in args.iter().skip(1) {
                    syntactic_deps(a, Level::Person, out);
                }
            } else if f == "split" {
                if let Some(a) = args.get(1) {
                    syntactic_deps(a, Level::Team, out);
                }
            } else {
                for a in args {
                    syntactic_deps(a, level, out);
                }
            }
        }
        ExprKind::Unary(_, a) => syntactic_deps(a, level, out),
        ExprKind::Binary(_, a, b) => {
            syntactic_deps(a, level, out);
            syntactic_deps(b, level, out);
        }
        ExprKind::If(a, b, c) => {
            syntactic_deps(a, level, out);
            syntactic_deps(b, level, out);
            syntactic_deps(c, level, out);
        }
        ExprKind::Number(..) | ExprKind::Text(_) | ExprKind::Bool(_) => {}
    }
}

struct ScopeView<'a> {
    params: &'a IndexMap<String, Param>,
    slots: &'a [IndexMap<String, SlotInfo>; 2],
    bands: &'a [BandTable],
    splits: &'a [SplitTable],
}

impl Scope for ScopeView<'_> {
    fn constant(&self, name: &str) -> Option<(Value, Type)> {
        self.params.get(name).map(|p| (Value::Num(p.value), p.ty))
    }

    fn slot(&self, level: Level, name: &str) -> Option<(u32, Type)> {
        self.slots[li(level)]
            .get_full(name)
            .map(|(i, _, s)| (i as u32, s.def.ty))
    }

    fn band(&self, name: &str) -> Option<(u32, Type)> {
        self.bands
            .iter()
            .position(|b| b.name == name)
            .map(|i| (i as u32, self.bands.get(i).map_or(Type::NUMBER, |b| b.arg)))
    }

    fn band_output(&self, band: u32, name: &str) -> Option<(u32, Type)> {
        let b = self.bands.get(band as usize)?;
        b.outputs
            .iter()
            .position(|o| o.name == name)
            .and_then(|i| b.outputs.get(i).map(|o| (i as u32, o.ty)))
    }

    fn band_output_names(&self, band: u32) -> Vec<String> {
        self.bands
            .get(band as usize)
            .map(|b| b.outputs.iter().map(|o| o.name.clone()).collect())
            .unwrap_or_default()
    }

    fn split(&self, name: &str) -> Option<u32> {
        self.splits
            .iter()
            .position(|s| s.name == name)
            .map(|i| i as u32)
    }
}
