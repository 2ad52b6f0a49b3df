//! The rules: `[team]` and `[person]` fields, `[[items]]` (payslip lines),
//! `[pay]` (the base salary) and `[[flags]]` (warnings and checks). Each is
//! parsed and given its slot here; `plan` orders and resolves them later.

use super::{Declared, Loader, Rule, RuleRole};
use crate::diagnostic::{Diagnostic, Location};
use crate::expr::parser::parse;
use crate::expr::types::Type;
use crate::model::{Level, LevelKind};
use crate::scheme::doc::{Table, Val, as_array, as_string};
use crate::scheme::order::qualified;
use crate::scheme::{Flag, Format, Item, ItemKind, SlotDef, SlotSource};
use ::toml::de::DeValue;
use std::ops::Range;

/// A rule's slot and how it is named, shown and checked; the expression
/// comes separately.
pub(super) struct RuleHead<'a> {
    pub(super) level: Level,
    pub(super) slot_name: &'a str,
    pub(super) label: String,
    pub(super) declared: Option<Declared>,
    pub(super) role: RuleRole,
    /// How problems name the rule: `person.extra`, `item bonus`, `[pay] base`…
    pub(super) what: String,
    /// `show = true`: shown to readers (JSON, 汇总, 工资条).
    pub(super) show: bool,
}

/// The `[pay]` table: the base salary's slot and label.
pub(super) struct PayBase {
    pub(super) slot: u32,
    pub(super) label: String,
}

const MONEY: Declared = Declared {
    format: Format::Money,
    ty: Type::MONEY,
};

impl Loader<'_, '_> {
    /// Reads `expr` text, parses it; records the rule.
    pub(super) fn add_rule(
        &mut self,
        head: RuleHead,
        expr_v: &Val,
        span: &Range<usize>,
    ) -> Option<u32> {
        let (text, es) = as_string(self.doc, expr_v, &head.what)?;
        let origin = self.doc.string_content_start(&es);
        let expr = self.parse_at(&text, origin, &head.what);
        self.add_parsed_rule(head, text, origin, expr, span)
    }

    /// Parses expression text that starts at file offset `origin`; a syntax
    /// error is reported there.
    pub(super) fn parse_at(
        &mut self,
        text: &str,
        origin: usize,
        what: &str,
    ) -> Option<crate::expr::ast::Expr> {
        match parse(text) {
            Ok(e) => Some(e),
            Err(e) => {
                let loc = self.doc.location(origin + e.span.start);
                self.doc
                    .diags
                    .push(Diagnostic::error(loc, format!("{what}: {}", e.message)));
                None
            }
        }
    }

    /// Records a rule whose expression is parsed already (or failed to parse):
    /// `text` is how it is shown, `origin` the file offset its spans count from.
    pub(super) fn add_parsed_rule(
        &mut self,
        head: RuleHead,
        text: String,
        origin: usize,
        expr: Option<crate::expr::ast::Expr>,
        span: &Range<usize>,
    ) -> Option<u32> {
        let RuleHead {
            level,
            slot_name,
            label,
            declared,
            role,
            what,
            show,
        } = head;
        let Declared { format, ty } = declared.unwrap_or(Declared {
            format: Format::Number,
            ty: Type::Error,
        });
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
        let kind = match role {
            RuleRole::Item => "an item code".to_string(),
            RuleRole::Flag => "a flag code".to_string(),
            RuleRole::Base => "[pay] base".to_string(),
            RuleRole::Field => format!("a rule ({what})"),
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
                show,
            },
            span,
            kind,
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

    pub(super) fn field_rule(&mut self, level: Level, name: &str, span: &Range<usize>, v: &Val) {
        if !self.check_name(name, span, "rule") {
            return;
        }
        let what = qualified(self.levels.name(level), name);
        let mut show = false;
        let (expr_v, label, declared) = match v.get_ref() {
            DeValue::String(_) => (v, name.to_string(), None),
            _ => {
                let Some(t) = Table::of(self.doc, v, &what) else {
                    return;
                };
                t.deny_unknown(self.doc, &["expr", "label", "type", "note", "show"]);
                show = self.show_key(&t, level);
                let label = t
                    .string(self.doc, "label")
                    .map(|(s, _)| s)
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
                (
                    e,
                    label,
                    declared.map(|(format, ty)| Declared { format, ty }),
                )
            }
        };
        self.add_rule(
            RuleHead {
                level,
                slot_name: name,
                label,
                declared,
                role: RuleRole::Field,
                what,
                show,
            },
            expr_v,
            span,
        );
    }

    /// `show = true` of a `[person]` or `[team]` rule (or a score).
    pub(super) fn show_key(&mut self, t: &Table, level: Level) -> bool {
        let show = t.boolean(self.doc, "show").unwrap_or(false);
        if show && level != Level::PERSON && level != Level::TEAM {
            if let Some(v) = t.get("show") {
                self.doc.error(
                    &v.span(),
                    format!(
                        "show = true is for [person] and [team] rules; [{}] values are in the JSON's groups and in 明细 already",
                        self.levels.name(level)
                    ),
                );
            }
            return false;
        }
        show
    }

    pub(super) fn items(&mut self, v: Option<&Val>) -> Vec<Item> {
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
                Some((k, _)) if k == "adjustment" => Some(ItemKind::Adjustment),
                Some((k, ks)) => {
                    self.doc.error(
                        &ks,
                        format!("item kind \"{k}\": use bonus, deduction or adjustment"),
                    );
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
                RuleHead {
                    level: Level::PERSON,
                    slot_name: &code,
                    label: label.clone(),
                    declared: Some(MONEY),
                    role: RuleRole::Item,
                    what,
                    show: false,
                },
                amount,
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

    pub(super) fn pay(&mut self, t: &Table) -> Option<PayBase> {
        t.deny_unknown(self.doc, &["base", "base_label"]);
        let label = t
            .string(self.doc, "base_label")
            .map(|(s, _)| s)
            .unwrap_or_else(|| "底薪".to_string());
        let base = t.require(self.doc, "base")?;
        let slot = self.add_rule(
            RuleHead {
                level: Level::PERSON,
                slot_name: super::names::PAY_BASE,
                label: label.clone(),
                declared: Some(MONEY),
                role: RuleRole::Base,
                what: "[pay] base".into(),
                show: false,
            },
            base,
            &t.span,
        )?;
        Some(PayBase { slot, label })
    }

    pub(super) fn flags(&mut self, v: Option<&Val>) -> Vec<Flag> {
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
                None => Some(Level::PERSON),
                Some((l, _))
                    if self.levels.by_name(&l).is_some_and(|x| {
                        !matches!(
                            self.levels.get(x).map(|d| &d.kind),
                            Some(LevelKind::Rows { .. })
                        )
                    }) =>
                {
                    self.levels.by_name(&l)
                }
                Some((l, ls)) => {
                    self.doc.error(
                        &ls,
                        format!(
                            "flag level \"{l}\": use person, team, a group of [levels] or month"
                        ),
                    );
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
                RuleHead {
                    level,
                    slot_name: &code,
                    label: label.clone(),
                    declared: Some(Declared {
                        format: Format::YesNo,
                        ty: Type::Bool,
                    }),
                    role: RuleRole::Flag,
                    what: format!("flag {code}"),
                    show: false,
                },
                when,
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
}
