//! The `[splits.*]` tables: how a team's amount is shared among its members
//! by category, one case per team composition, each case's shares checked to
//! add up to 100%.

use super::Loader;
use crate::expr::types::Type;
use crate::model::Level;
use crate::scheme::band;
use crate::scheme::doc::{Table, Val, as_array, as_decimal};
use crate::scheme::split::{SplitCase, SplitTable, composition_text};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::ops::Range;
use std::sync::Arc;

use super::names::li;

impl Loader<'_, '_> {
    pub(super) fn split(&mut self, name: &str, span: &Range<usize>, v: &Val) {
        if !self.check_name(name, span, "split") {
            return;
        }
        if !self.claim(name, "a split".into(), span) {
            return;
        }
        let Some(t) = Table::of(self.doc, v, &format!("[splits.{name}]")) else {
            return;
        };
        t.deny_unknown(self.doc, &["label", "by", "cases"]);
        let label = t
            .string(self.doc, "label")
            .map(|(s, _)| s)
            .unwrap_or_else(|| name.to_string());
        let Some((by, by_span)) = t.req_string(self.doc, "by") else {
            return;
        };
        let by_slot = match self.slots[li(Level::PERSON)].get_full(&by) {
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
                    crate::msg!(
                        "split-not-100",
                        case = i + 1,
                        name = name,
                        composition = composition_text(&in_order(&counts, &order)),
                        total = band::show(total, true)
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
}

/// `counts` with categories in the order the scheme first named them.
fn in_order(counts: &[(Arc<str>, u32)], order: &[Arc<str>]) -> Vec<(Arc<str>, u32)> {
    let mut sorted = counts.to_vec();
    sorted.sort_by_key(|(c, _)| order.iter().position(|o| o == c).unwrap_or(usize::MAX));
    sorted
}
