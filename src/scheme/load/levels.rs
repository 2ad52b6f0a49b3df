//! `[levels]`: the groupings above the team a scheme declares (部门, 片区…),
//! smallest first, each a roster column; and the [`Levels`] they make with
//! person, team, the month and the inputs kept as rows.

use super::Loader;
use super::names::li;
use crate::model::{Level, Levels};
use crate::scheme::doc::{Table, Val};
use crate::scheme::{ColumnType, SlotSource};
use std::ops::Range;

/// A group level as declared: `dept = { column = "dept", label = "部门" }`.
pub(super) struct GroupDecl {
    pub(super) name: String,
    label: String,
    column: String,
    span: Range<usize>,
}

/// At most this many group levels (a chain of 部门, 片区, 大区… is short).
const MAX_GROUPS: usize = 16;

/// Level names with a meaning of their own.
const FIXED: &[&str] = &["person", "team", "month", "members", "teams", "none"];

impl Loader<'_, '_> {
    pub(super) fn level_decls(&mut self, v: &Val) -> Vec<GroupDecl> {
        let mut out: Vec<GroupDecl> = Vec::new();
        let Some(t) = Table::of(self.doc, v, "[levels]") else {
            return out;
        };
        for (name, span, gv) in t.entries() {
            if !self.check_name(name, &span, "level") {
                continue;
            }
            if FIXED.contains(&name) {
                self.doc
                    .error(&span, crate::msg!("level-fixed", name = name));
                continue;
            }
            if out.len() == MAX_GROUPS {
                self.doc
                    .error(&span, crate::msg!("level-too-many", max = MAX_GROUPS));
                break;
            }
            let Some(g) = Table::of(self.doc, gv, &format!("level {name}")) else {
                continue;
            };
            g.deny_unknown(self.doc, &["column", "label"]);
            let Some((column, _)) = g.req_string(self.doc, "column") else {
                continue;
            };
            let label = g
                .string(self.doc, "label")
                .map(|(s, _)| s)
                .unwrap_or_else(|| name.to_string());
            out.push(GroupDecl {
                name: name.to_string(),
                label,
                column,
                span,
            });
        }
        out
    }

    /// The levels: the groups' columns found among the roster's, the rows inputs after.
    pub(super) fn resolve_levels(&mut self, groups: &[GroupDecl]) -> Levels {
        let mut found = Vec::new();
        let roster = self
            .inputs
            .iter()
            .position(|i| i.kind == crate::scheme::InputKind::Roster);
        for g in groups {
            if self.rows_levels.iter().any(|(n, _, _)| n == &g.name) {
                self.doc
                    .error(&g.span, crate::msg!("level-is-rows-input", name = &g.name));
                continue;
            }
            let slot = self.slots.get(li(Level::PERSON)).and_then(|m| {
                m.get_full(&g.column)
                    .and_then(|(i, _, s)| match s.def.source {
                        SlotSource::Input { input, column } if Some(input) == roster => {
                            Some((i as u32, input, column))
                        }
                        _ => None,
                    })
            });
            let column = slot.and_then(|(_, input, column)| {
                self.inputs.get(input).and_then(|i| i.columns.get(column))
            });
            if let Some(c) = column
                && (!matches!(c.ty, ColumnType::Id | ColumnType::Text) || c.optional)
            {
                self.doc.error(
                    &g.span,
                    crate::msg!(
                        "level-column-type",
                        name = &g.name,
                        column = &g.column,
                        label = &g.label
                    ),
                );
                continue;
            }
            match slot {
                Some((slot, _, _)) => found.push((g.name.clone(), g.label.clone(), slot)),
                None => self.doc.error(
                    &g.span,
                    crate::msg!(
                        "level-not-roster-column",
                        name = &g.name,
                        column = &g.column
                    ),
                ),
            }
        }
        let rows = self
            .rows_levels
            .iter()
            .map(|(name, input, owner)| {
                let label = self
                    .inputs
                    .get(*input)
                    .map_or_else(|| name.clone(), |i| i.label.clone());
                (name.clone(), label, *input, *owner)
            })
            .collect();
        Levels::new(found, rows)
    }
}
