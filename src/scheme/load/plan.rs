//! The plan: rules ordered by what they read (cycles reported), then resolved
//! in that order — names to slots, types and units checked against what each
//! rule declares, items and the base salary rounded — into the `Step`s the
//! engine runs.

use super::names::{ScopeView, li};
use super::{Declared, Loader, Rule, RuleRole};
use crate::diagnostic::Diagnostic;
use crate::expr::ast::{Expr, ExprKind};
use crate::expr::resolve::{Level, Node, resolve};
use crate::expr::types::{Type, Unit};
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
            syntactic_deps(&r.expr, r.level, &mut names);
            let mut reads = Vec::new();
            for NameRef { level, name } in names {
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
fn syntactic_deps(e: &Expr, level: Level, out: &mut Vec<NameRef>) {
    match &e.kind {
        ExprKind::Name(n) => out.push(NameRef {
            level,
            name: n.clone(),
        }),
        ExprKind::Field(inner, f, _) => match &inner.kind {
            ExprKind::Name(t) if t == "team" => out.push(NameRef {
                level: Level::Team,
                name: f.clone(),
            }),
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
