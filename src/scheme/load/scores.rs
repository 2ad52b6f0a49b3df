//! `[scores.NAME]`: a weighted list of indicators whose weighted sum is a
//! person value (a KPI scorecard). Each indicator is a person rule of its own
//! (an expression, or a band table's output for a value); the score is
//! Σ weight × indicator. The weights must add up to exactly 100%, or the
//! scheme says which other total it means (`weights = "acknowledged 90%"`,
//! then a warning): the sources' 90% scorecard is a mistake `check` reports.

use super::rules::RuleHead;
use super::{Declared, Loader, RuleRole};
use crate::expr::types::Type;
use crate::model::Level;
use crate::scheme::Format;
use crate::scheme::doc::{Table, Val, as_array, as_decimal, parse_number_text};
use rust_decimal::Decimal;
use std::ops::Range;

const NUMBER: Declared = Declared {
    format: Format::Number,
    ty: Type::NUMBER,
};

/// `0.3` → `30%`.
pub(super) fn percent_text(d: Decimal) -> String {
    format!("{}%", (d * Decimal::ONE_HUNDRED).normalize())
}

impl Loader<'_, '_> {
    pub(super) fn scores(&mut self, t: &Table) {
        for (name, span, v) in t.entries() {
            self.score(name, &span, v);
        }
    }

    fn score(&mut self, name: &str, span: &Range<usize>, v: &Val) {
        let what = format!("scores.{name}");
        let Some(t) = Table::of(self.doc, v, &format!("[{what}]")) else {
            return;
        };
        t.deny_unknown(
            self.doc,
            &["label", "indicators", "weights", "show", "note"],
        );
        if !self.check_name(name, span, "score") {
            return;
        }
        let label = t
            .string(self.doc, "label")
            .map_or_else(|| name.to_string(), |(s, _)| s);
        let show = self.show_key(&t, Level::PERSON);
        let acknowledged = match t.string(self.doc, "weights") {
            None => None,
            Some((text, ws)) => {
                let total = text
                    .strip_prefix("acknowledged")
                    .and_then(|rest| parse_number_text(rest.trim()))
                    .filter(|(_, pct)| *pct)
                    .map(|(d, _)| d);
                if total.is_none() {
                    self.doc.error(
                        &ws,
                        format!(
                            "{what}: weights = \"{text}\": write weights = \"acknowledged 90%\" with the total the weights add up to"
                        ),
                    );
                }
                Some((total, ws))
            }
        };
        let Some(list_v) = t.require(self.doc, "indicators") else {
            return;
        };
        let Some(list) = as_array(self.doc, list_v, &format!("\"indicators\" in [{what}]")) else {
            return;
        };
        if list.is_empty() {
            self.doc.error(
                &list_v.span(),
                format!("{what}: the list of indicators is empty"),
            );
            return;
        }
        // (name, weight) of every indicator read; the sum is made of them.
        let mut terms: Vec<(String, Decimal)> = Vec::new();
        let mut complete = true;
        for (i, iv) in list.iter().enumerate() {
            match self.indicator(&what, i, iv) {
                Some(term) => terms.push(term),
                None => complete = false,
            }
        }
        let head = RuleHead {
            level: Level::PERSON,
            slot_name: name,
            label,
            declared: Some(NUMBER),
            role: RuleRole::Field,
            what: what.clone(),
            show,
        };
        let origin = list_v.span().start;
        if !complete {
            // The score is still defined, so rules reading it are not reported too.
            self.add_parsed_rule(head, String::new(), origin, None, span);
            return;
        }
        let total: Decimal = terms.iter().map(|(_, w)| *w).sum();
        let listed = terms
            .iter()
            .map(|(n, w)| format!("{n} {}", percent_text(*w)))
            .collect::<Vec<_>>()
            .join(" + ");
        match acknowledged {
            Some((None, _)) => {} // reported above
            None if total != Decimal::ONE => self.doc.error_hint(
                &list_v.span(),
                crate::msg!(
                    "weights-not-100",
                    what = what.as_str(),
                    total = percent_text(total),
                    listed = listed.as_str()
                ),
                crate::msg!("hint-acknowledge-weights", total = percent_text(total)),
            ),
            None => {}
            Some((Some(said), ws)) if said != total => self.doc.error(
                &ws,
                crate::msg!(
                    "weights-acknowledged-wrong",
                    what = what.as_str(),
                    said = percent_text(said),
                    total = percent_text(total),
                    listed = listed.as_str()
                ),
            ),
            Some((Some(_), ws)) if total == Decimal::ONE => self.doc.error(
                &ws,
                crate::msg!("weights-acknowledged-100", what = what.as_str()),
            ),
            Some((Some(_), ws)) => self.doc.warning(
                &ws,
                crate::msg!(
                    "weights-acknowledged",
                    what = what.as_str(),
                    total = percent_text(total),
                    listed = listed.as_str()
                ),
            ),
        }
        let text = terms
            .iter()
            .map(|(n, w)| format!("{} * {n}", percent_text(*w)))
            .collect::<Vec<_>>()
            .join(" + ");
        let expr = self.parse_at(&text, origin, &what);
        self.add_parsed_rule(head, text, origin, expr, span);
    }

    /// One indicator: its person rule is added; gives its name and weight.
    fn indicator(&mut self, score: &str, i: usize, v: &Val) -> Option<(String, Decimal)> {
        let t = Table::of(self.doc, v, &format!("indicator {} of {score}", i + 1))?;
        t.deny_unknown(
            self.doc,
            &[
                "name", "label", "weight", "expr", "band", "of", "output", "show", "note",
            ],
        );
        let (name, ns) = t.req_string(self.doc, "name")?;
        if !self.check_name(&name, &ns, "indicator") {
            return None;
        }
        let what = format!("{score}.{name}");
        let weight_v = t.require(self.doc, "weight")?;
        let (weight, percent) = as_decimal(self.doc, weight_v, &format!("the weight of {what}"))?;
        if !percent {
            let shown = self.doc.text.get(weight_v.span()).unwrap_or("").to_string();
            self.doc.error(
                &weight_v.span(),
                format!("the weight of {what} is {shown}: write it as a percentage (\"{shown}%\")"),
            );
            return None;
        }
        if weight <= Decimal::ZERO {
            self.doc.error(
                &weight_v.span(),
                format!("the weight of {what} must be more than 0%"),
            );
            return None;
        }
        let label = t
            .string(self.doc, "label")
            .map_or_else(|| name.clone(), |(s, _)| s);
        let show = self.show_key(&t, Level::PERSON);
        let head = RuleHead {
            level: Level::PERSON,
            slot_name: &name,
            label,
            declared: Some(NUMBER),
            role: RuleRole::Field,
            what: what.clone(),
            show,
        };
        match (t.get("expr"), t.get("band")) {
            (Some(e), None) => {
                if let Some(x) = t.get("of").or(t.get("output")) {
                    self.doc.error(
                        &x.span(),
                        format!(
                            "{what}: \"of\" and \"output\" go with band = \"TABLE\", not with expr"
                        ),
                    );
                }
                self.add_rule(head, e, &ns)?;
            }
            (None, Some(_)) => {
                let (table, ts) = t.req_string(self.doc, "band")?;
                let of_v = t.require(self.doc, "of")?;
                let (of, os) =
                    crate::scheme::doc::as_string(self.doc, of_v, &format!("\"of\" in {what}"))?;
                let Some(band) = self.bands.iter().find(|b| b.name == table) else {
                    let known = self
                        .bands
                        .iter()
                        .map(|b| b.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.doc.error(
                        &ts,
                        format!("{what}: no band table \"{table}\" (the scheme has: {known})"),
                    );
                    return None;
                };
                let outputs: Vec<String> = band.outputs.iter().map(|o| o.name.clone()).collect();
                let output = match t.string(self.doc, "output") {
                    Some((o, osp)) => {
                        if !outputs.contains(&o) {
                            self.doc.error(
                                &osp,
                                format!(
                                    "{what}: band table {table} has no output \"{o}\" (it has: {})",
                                    outputs.join(", ")
                                ),
                            );
                            return None;
                        }
                        o
                    }
                    None if outputs.len() == 1 => outputs.first().cloned().unwrap_or_default(),
                    None => {
                        self.doc.error(
                            &ts,
                            format!(
                                "{what}: band table {table} has several outputs ({}): say which with output = \"…\"",
                                outputs.join(", ")
                            ),
                        );
                        return None;
                    }
                };
                let of_origin = self.doc.string_content_start(&os);
                self.parse_at(&of, of_origin, &what)?;
                let prefix = format!("band({table}, ");
                let text = format!("{prefix}{of}).{output}");
                let origin = of_origin.saturating_sub(prefix.len());
                let expr = self.parse_at(&text, origin, &what);
                self.add_parsed_rule(head, text, origin, expr, &ns)?;
            }
            _ => {
                self.doc.error(
                    &t.span,
                    format!(
                        "indicator {what} needs expr = '…' or band = \"TABLE\" with of = '…' (one of them)"
                    ),
                );
                return None;
            }
        }
        Some((name, weight))
    }
}
