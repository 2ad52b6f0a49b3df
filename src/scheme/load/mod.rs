//! TOML text → checked [`Scheme`]. Every problem found is reported, each at
//! its line and column in the scheme file; nothing here reads month data.
//!
//! This file reads the file, parses the TOML and runs the `Loader`: one
//! pass over the top-level tables in a fixed order, each handled by its own
//! file (`meta`, `params`, `inputs`, `bands`, `splits`, `rules`, `scores`,
//! `deductions`), then `plan`
//! orders and resolves the rules. `names` holds the checks and lookups of
//! names they all share.

mod bands;
mod deductions;
mod history;
mod inputs;
mod levels;
mod meta;
mod names;
mod params;
mod plan;
mod rules;
mod scores;
mod splits;
mod variant;

use super::band::BandTable;
use super::doc::{Doc, Table, Val};
use super::split::SplitTable;
use super::{Format, InputSpec, Param, Scheme, SlotDef};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::expr::ast::Expr;
use crate::expr::resolve::SideSlots;
use crate::expr::types::Type;
use crate::model::{Level, Levels};
use indexmap::IndexMap;

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
            crate::msg!("scheme-not-utf8"),
        )])
    })?;
    if let Some(base) = variant::extends_of(&text) {
        return variant::load_variant(path, display, &text, base);
    }
    load(display, &text)
}

/// Checks scheme text. On success returns the scheme and its warnings.
pub fn load(file: &str, text: &str) -> Result<(Scheme, Vec<Diagnostic>), Diagnostics> {
    let mut doc = Doc::new(file, text);
    let (root, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        doc.error(
            &span,
            crate::msg!("toml-syntax", problem = e.message().trim()),
        );
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
pub(super) enum RuleRole {
    Field,
    Item,
    Base,
    Flag,
}

/// The format and type a rule declares it gives.
#[derive(Clone, Copy)]
pub(super) struct Declared {
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
    /// Per level index: its slots by name.
    slots: Vec<IndexMap<String, SlotInfo>>,
    /// The levels, once the groups and rows inputs are known.
    levels: Levels,
    /// The index of the first rows level (after person, team, groups and month).
    rows_base: usize,
    /// Inputs kept as rows: (name, input index, owner level).
    rows_levels: Vec<(String, usize, Level)>,
    history: Option<super::HistorySpec>,
    bands: Vec<BandTable>,
    splits: Vec<SplitTable>,
    inputs: Vec<InputSpec>,
    rules: Vec<Rule>,
    side: SideSlots,
    places: u32,
    /// Category columns whose `one_of` `[deductions.*]` filled: (input, column).
    deduction_columns: Vec<(usize, usize)>,
    /// Every name defined so far: what it is and the file offset of its definition.
    defined: std::collections::HashMap<String, (String, usize)>,
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
    "history",
    "scores",
    "deductions",
];

impl<'d, 't> Loader<'d, 't> {
    fn new(doc: &'d mut Doc<'t>) -> Self {
        Loader {
            doc,
            params: IndexMap::new(),
            slots: Vec::new(),
            levels: Levels::basic(),
            rows_base: 3,
            rows_levels: Vec::new(),
            history: None,
            bands: Vec::new(),
            splits: Vec::new(),
            inputs: Vec::new(),
            rules: Vec::new(),
            side: SideSlots::default(),
            places: 2,
            deduction_columns: Vec::new(),
            defined: std::collections::HashMap::new(),
        }
    }

    fn run(mut self, root: &Val, text: &str) -> Option<Scheme> {
        let root = Table::of(self.doc, root, "the scheme")?;
        let groups = match root.get("levels") {
            Some(v) => self.level_decls(v),
            None => Vec::new(),
        };
        let mut keys: Vec<&str> = TOP_KEYS.to_vec();
        keys.extend(["levels", "month"]);
        keys.extend(groups.iter().map(|g| g.name.as_str()));
        root.deny_unknown(self.doc, &keys);
        self.rows_base = 3 + groups.len();
        self.slots.resize_with(self.rows_base, IndexMap::new);

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
        self.levels = self.resolve_levels(&groups);
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
        // [team] before [person] (as schemes have always been read), then the groups and month.
        let mut rule_tables: Vec<(String, Level)> = self
            .levels
            .all()
            .filter(|(_, d)| !matches!(d.kind, crate::model::LevelKind::Rows { .. }))
            .map(|(l, d)| (d.name.clone(), l))
            .collect();
        rule_tables.swap(0, 1);
        for (key, level) in rule_tables {
            if let Some(t) = root.table(self.doc, &key, &format!("[{key}]")) {
                for (name, span, v) in t.entries() {
                    self.field_rule(level, name, &span, v);
                }
            }
        }
        if let Some(t) = root.table(self.doc, "scores", "[scores]") {
            self.scores(&t);
        }
        if let Some(t) = root.table(self.doc, "deductions", "[deductions]") {
            self.deductions(&t);
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
        if let Some(t) = root.table(self.doc, "history", "[history]") {
            self.history = self.history(&t);
        }

        let plan = self.plan();
        let meta = meta?;
        let roster = roster?;
        let base = base?;
        let plan = plan?;
        if self.doc.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        let mut level_slots: Vec<Vec<SlotDef>> = std::mem::take(&mut self.slots)
            .into_iter()
            .map(|m| m.into_values().map(|s| s.def).collect())
            .collect();
        level_slots.resize_with(self.levels.len(), Vec::new);
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
            levels: self.levels,
            step_of: steps_of(&level_slots, &plan),
            level_slots,
            plan,
            items,
            base_slot: base.slot,
            base_label: base.label,
            flags,
            roster,
            split_caches: self.side.split_caches,
            aggregates: self.side.aggregates,
            ranks: self.side.ranks,
            history: self.history,
        })
    }
}

/// Per level, per slot: where its rule is in `plan` (`u32::MAX`: none).
fn steps_of(
    level_slots: &[Vec<crate::scheme::SlotDef>],
    plan: &[crate::scheme::Step],
) -> Vec<Vec<u32>> {
    let mut at: Vec<Vec<u32>> = level_slots
        .iter()
        .map(|l| vec![u32::MAX; l.len()])
        .collect();
    for (i, st) in plan.iter().enumerate() {
        if let Some(x) = at
            .get_mut(st.level.index())
            .and_then(|l| l.get_mut(st.slot as usize))
        {
            *x = i as u32;
        }
    }
    at
}
