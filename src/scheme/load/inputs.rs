//! The `[inputs.*]` tables: the files of a month (the roster, team and person
//! inputs), their columns with types, defaults and limits, and the slot each
//! column fills — including the roster's fixed id, name, team and role.

use super::Loader;
use crate::model::{Level, Value};
use crate::scheme::doc::{Table, Val, as_decimal, as_string};
use crate::scheme::{
    ColumnSpec, ColumnType, InputKind, InputSpec, RosterSlots, RowsMode, SlotDef, SlotSource,
};
use ::toml::de::DeValue;
use std::ops::Range;
use std::sync::Arc;

/// A column as read, with the span of its key for later problems.
struct ReadColumn {
    spec: ColumnSpec,
    span: Range<usize>,
}

impl Loader<'_, '_> {
    pub(super) fn inputs(&mut self, t: &Table) -> Option<RosterSlots> {
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
                        self.doc
                            .error(&ks, crate::msg!("input-kind-unknown", kind = &k));
                        continue;
                    }
                },
                None => continue,
            };
            if kind == InputKind::Roster {
                roster_count += 1;
                if roster_count > 1 {
                    self.doc.error(&span, crate::msg!("one-roster"));
                }
            }
            let owner = if kind == InputKind::Team {
                Level::TEAM
            } else {
                Level::PERSON
            };
            let key_name = match kind {
                InputKind::Roster => Some(("id".to_string(), span.clone())),
                _ => it.req_string(self.doc, "key"),
            };
            let rows = match it.string(self.doc, "rows") {
                None => RowsMode::AtMostOne,
                Some((r, rs)) => match r.as_str() {
                    _ if kind == InputKind::Roster => {
                        self.doc.error(&rs, crate::msg!("roster-rows"));
                        RowsMode::AtMostOne
                    }
                    "one" => RowsMode::One,
                    "sum" => RowsMode::Sum,
                    "many" => RowsMode::Many,
                    _ => {
                        self.doc.error(&rs, crate::msg!("rows-unknown", rows = &r));
                        RowsMode::AtMostOne
                    }
                },
            };
            let sum_rows = rows == RowsMode::Sum;
            // Rows kept as rows are a level of their own, named by the input.
            let level = if rows == RowsMode::Many {
                if !self.check_name(name, &span, "input") {
                    continue;
                }
                if self.rows_base + self.rows_levels.len() >= usize::from(u8::MAX) {
                    self.doc.error(&span, crate::msg!("too-many-rows-inputs"));
                    continue;
                }
                let l = Level((self.rows_base + self.rows_levels.len()) as u8);
                self.rows_levels
                    .push((name.to_string(), self.inputs.len(), owner));
                l
            } else {
                owner
            };
            let unmatched_is_error = match it.string(self.doc, "unmatched") {
                None => true,
                Some((u, us)) => match u.as_str() {
                    "error" => true,
                    "warning" => false,
                    _ => {
                        self.doc.error(&us, crate::msg!("unmatched-values"));
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
                let Some(spec) = self.column(name, cname, &cspan, cv) else {
                    continue;
                };
                columns.push(ReadColumn { spec, span: cspan });
            }
            let key = match &key_name {
                Some((k, ks)) => match columns.iter().position(|c| &c.spec.name == k) {
                    Some(p) => p,
                    None => {
                        let msg = if kind == InputKind::Roster {
                            crate::msg!("roster-needs-id")
                        } else {
                            crate::msg!("key-not-column", key = k.as_str())
                        };
                        self.doc.error(ks, msg);
                        continue;
                    }
                },
                None => continue,
            };
            if let Some(kc) = columns.get(key)
                && !matches!(kc.spec.ty, ColumnType::Id | ColumnType::Text)
            {
                self.doc.error(
                    &kc.span,
                    crate::msg!("key-column-type", column = &kc.spec.name),
                );
            }
            // Assign slots. A person input's key column duplicates the roster's
            // id (and a rows level's key its owner's): no slot.
            for (i, c) in columns.iter_mut().enumerate() {
                if (kind == InputKind::Person || rows == RowsMode::Many) && i == key {
                    continue;
                }
                let def = SlotDef {
                    name: c.spec.name.clone(),
                    label: c.spec.header.clone(),
                    ty: c.spec.ty.ty(),
                    format: c.spec.ty.format(),
                    source: SlotSource::Input {
                        input: input_index,
                        column: i,
                    },
                    reads: Vec::new(),
                    show: false,
                };
                c.spec.slot =
                    self.add_slot(level, def, &c.span, format!("a column of [inputs.{name}]"));
            }
            if kind == InputKind::Person && matches!(rows, RowsMode::AtMostOne | RowsMode::Sum) {
                // People with no row in this input take the defaults.
                for (i, c) in columns.iter().enumerate() {
                    if i != key && c.spec.default.is_none() && !c.spec.optional {
                        self.doc.error_hint(
                            &c.span,
                            crate::msg!(
                                "column-needs-default-person",
                                input = name,
                                column = &c.spec.name
                            ),
                            crate::msg!("hint-optional-or-one"),
                        );
                    }
                }
            }
            let optional = it.boolean(self.doc, "optional").unwrap_or(false);
            if optional && kind == InputKind::Roster {
                self.doc.error(&span, crate::msg!("roster-not-optional"));
            }
            if optional && kind == InputKind::Team && rows != RowsMode::Many {
                for (i, c) in columns.iter().enumerate() {
                    if i != key && c.spec.default.is_none() && !c.spec.optional {
                        self.doc.error(
                            &c.span,
                            crate::msg!(
                                "column-needs-default-team",
                                input = name,
                                column = &c.spec.name
                            ),
                        );
                    }
                }
            }
            // rows = "sum" adds numbers up and joins text; yes/no and dates cannot be added.
            if sum_rows {
                for (i, c) in columns.iter().enumerate() {
                    if i != key && matches!(c.spec.ty, ColumnType::Bool | ColumnType::Date) {
                        self.doc.error(
                            &c.span,
                            crate::msg!(
                                "column-cannot-sum",
                                input = name,
                                column = &c.spec.name,
                                kind = if c.spec.ty == ColumnType::Bool {
                                    crate::msg!("kind-bool")
                                } else {
                                    crate::msg!("kind-date")
                                }
                            ),
                        );
                    }
                }
            }
            let columns: Vec<ColumnSpec> = columns.into_iter().map(|c| c.spec).collect();
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
                    _ => self.doc.error(&span, crate::msg!("roster-needs-columns")),
                }
            }
            let file = match it.string(self.doc, "file") {
                Some((f, fs)) => {
                    self.check_file(name, &f, &fs);
                    f
                }
                None => name.to_string(),
            };
            self.inputs.push(InputSpec {
                name: name.to_string(),
                label: it
                    .string(self.doc, "label")
                    .map(|(s, _)| s)
                    .unwrap_or_else(|| name.to_string()),
                file,
                kind,
                key,
                rows,
                optional,
                columns,
                encoding: it.string(self.doc, "encoding").map(|(s, _)| s),
                sheet: it.string(self.doc, "sheet").map(|(s, _)| s),
                total_row: it.boolean(self.doc, "total_row").unwrap_or(false),
                unmatched_is_error,
            });
        }
        if roster_count == 0 {
            self.doc.error(&t.span, crate::msg!("needs-roster"));
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
                "optional",
            ],
        );
        let header = ct.req_string(self.doc, "header").map(|(s, _)| s);
        let ty = match ct.req_string(self.doc, "type") {
            Some((s, ss)) => match ColumnType::parse(&s) {
                Some(t) => Some(t),
                None => {
                    self.doc.error_hint(
                        &ss,
                        crate::msg!("column-type-unknown", kind = &s),
                        crate::msg!("hint-column-types", types = ColumnType::NAMES),
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
                (ColumnType::Id | ColumnType::Text, _) => as_string(self.doc, dv, "default")
                    .map(|(s, _)| Value::Text(Arc::from(s.as_str()))),
                (ColumnType::Date, _) => {
                    self.doc.error(&dv.span(), crate::msg!("date-no-default"));
                    None
                }
                _ => as_decimal(self.doc, dv, "default").map(|(d, _)| Value::Num(d)),
            },
        };
        let min = ct.decimal(self.doc, "min").map(|(d, _, _)| d);
        let max = ct.decimal(self.doc, "max").map(|(d, _, _)| d);
        let one_of = ct
            .strings(self.doc, "one_of")
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let percent_points = match ct.string(self.doc, "percent_as") {
            None => false,
            Some((p, ps)) => match p.as_str() {
                "fraction" => false,
                "points" => true,
                _ => {
                    self.doc.error(&ps, crate::msg!("percent-as-values"));
                    false
                }
            },
        };
        let optional = ct.boolean(self.doc, "optional").unwrap_or(false);
        Some(ColumnSpec {
            name: name.to_string(),
            header,
            ty,
            default,
            min,
            max,
            one_of,
            percent_points,
            optional,
            slot: None,
        })
    }
}

impl Loader<'_, '_> {
    /// An input's `file` names a file inside the month's folder: no `..`, no
    /// absolute path (earlier months are read with the history construct, and
    /// recorded with their month).
    fn check_file(&mut self, input: &str, file: &str, span: &std::ops::Range<usize>) {
        let absolute = file.starts_with(['/', '\\'])
            || file.chars().nth(1) == Some(':')
            || std::path::Path::new(file).is_absolute();
        let up = file.split(['/', '\\']).any(|part| part == "..");
        if absolute || up {
            self.doc.error_hint(
                span,
                crate::msg!("input-file-outside", input = input, file = file),
                crate::msg!("hint-earlier-month"),
            );
        }
    }
}
