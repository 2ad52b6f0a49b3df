//! The plan: rules ordered by what they read (cycles reported), then resolved
//! in that order — names to slots, types and units checked against what each
//! rule declares, items and the base salary rounded — into the `Step`s the
//! engine runs.

use super::names::{ScopeView, li};
use super::{Declared, Loader, Rule, RuleRole};
use crate::diagnostic::Diagnostic;
use crate::expr::ast::{BinOp, Expr, ExprKind};
use crate::expr::resolve::{level_word, resolve};
use crate::expr::types::{Type, Unit};
use crate::model::{Level, Levels, Node};
use crate::scheme::order::{RuleDeps, order, qualified};
use crate::scheme::{Format, Step};

/// A name an expression reads, and the level it is read at.
struct NameRef {
    level: Level,
    name: String,
}

impl Loader<'_, '_> {
    /// Orders rules by dependency, resolves them in that order and builds the plan.
    pub(super) fn plan(&mut self) -> Option<Vec<Step>> {
        let index_of = |level: Level, slot: u32, rules: &[Rule]| {
            rules
                .iter()
                .position(|r| r.level == level && r.slot == slot)
        };
        let mut deps = Vec::with_capacity(self.rules.len());
        for r in &self.rules {
            let mut names = Vec::new();
            syntactic_deps(&r.expr, r.level, &self.levels, &mut names);
            let mut reads = Vec::new();
            for NameRef { level, name } in names {
                if let Some((slot, _, _)) =
                    self.slots.get(li(level)).and_then(|m| m.get_full(&name))
                    && let Some(i) = index_of(level, slot as u32, &self.rules)
                    && !reads.contains(&i)
                {
                    reads.push(i);
                }
            }
            let name = self
                .slots
                .get(li(r.level))
                .and_then(|m| m.get_index(r.slot as usize))
                .map(|(n, _)| qualified(self.levels.name(r.level), n))
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
                levels: &self.levels,
                history: self.history.as_ref(),
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
                    if let Some(Declared { ty: want, .. }) = rule.declared {
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
                    } else if let Some((_, info)) =
                        self.slots[li(level)].get_index_mut(slot as usize)
                    {
                        info.def.format = match ty {
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
                    if let Some((_, info)) = self.slots[li(level)].get_index_mut(slot as usize) {
                        info.def.ty = if final_ty == Type::Num(Unit::Any) {
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

/// Names an expression reads, by level, following the same rules as [`resolve`].
fn syntactic_deps(e: &Expr, level: Level, levels: &Levels, out: &mut Vec<NameRef>) {
    let walk = |x: &Expr, l: Level, out: &mut Vec<NameRef>| syntactic_deps(x, l, levels, out);
    match &e.kind {
        ExprKind::Name(n) => out.push(NameRef {
            level,
            name: n.clone(),
        }),
        ExprKind::Field(inner, f, _) => match &inner.kind {
            ExprKind::Name(t) if levels.by_name(t).is_some() => out.push(NameRef {
                level: levels.by_name(t).unwrap_or(level),
                name: f.clone(),
            }),
            _ => walk(inner, level, out),
        },
        ExprKind::Call(f, _, args) => {
            let over = match args.first().map(|a| &a.kind) {
                Some(ExprKind::Name(n)) => level_word(levels, n),
                _ => None,
            };
            match (f.as_str(), over) {
                ("count" | "sum" | "avg" | "min" | "max", Some(over)) => {
                    for a in args.iter().skip(1) {
                        match &a.kind {
                            // `none = x` is read at the aggregate's own level.
                            ExprKind::Binary(BinOp::Eq, n, x) if matches!(&n.kind, ExprKind::Name(w) if w == "none") => {
                                walk(x, level, out)
                            }
                            _ => walk(a, over, out),
                        }
                    }
                }
                // past(k, …) reads archived values, not this month's: no dependency.
                ("past", _) => {
                    for a in args.iter().skip(2) {
                        if let ExprKind::Binary(BinOp::Eq, n, x) = &a.kind
                            && matches!(&n.kind, ExprKind::Name(w) if w == "none")
                        {
                            walk(x, level, out);
                        }
                    }
                }
                ("rank", _) => {
                    for a in args.iter().skip(1) {
                        walk(a, level, out);
                    }
                }
                ("split", _) => {
                    if let Some(a) = args.get(1) {
                        walk(a, Level::TEAM, out);
                    }
                }
                _ => {
                    for a in args {
                        walk(a, level, out);
                    }
                }
            }
        }
        ExprKind::Unary(_, a) => walk(a, level, out),
        ExprKind::Binary(_, a, b) => {
            walk(a, level, out);
            walk(b, level, out);
        }
        ExprKind::If(a, b, c) => {
            walk(a, level, out);
            walk(b, level, out);
            walk(c, level, out);
        }
        ExprKind::Number(..) | ExprKind::Text(_) | ExprKind::Bool(_) => {}
    }
}
