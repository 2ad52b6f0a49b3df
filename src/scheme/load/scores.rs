//! `[scores.NAME]`: a weighted list of indicators whose weighted sum is a
//! person value (a KPI scorecard), or with `level = "team"` a team value (a
//! group's or the month's likewise). Each indicator is a rule of its own at that level
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

    /// The table `[KIND.NAME]` of a list construct (scores, deductions): its
    /// keys checked against `keys`, its name, and its label (the name when absent).
    pub(super) fn list_table<'v, 'i>(
        &mut self,
        kind: &str,
        name: &str,
        span: &Range<usize>,
        v: &'v Val<'i>,
        keys: &[&str],
    ) -> Option<(Table<'v, 'i>, String, String)> {
        let what = format!("{kind}s.{name}");
        let t = Table::of(self.doc, v, &format!("[{what}]"))?;
        t.deny_unknown(self.doc, keys);
        if !self.check_name(name, span, kind) {
            return None;
        }
        let label = t
            .string(self.doc, "label")
            .map_or_else(|| name.to_string(), |(s, _)| s);
        Some((t, what, label))
    }

    /// The non-empty list `key` (`indicators`, `categories`) of a list construct's table.
    pub(super) fn list_of<'v, 'i>(
        &mut self,
        t: &Table<'v, 'i>,
        what: &str,
        key: &str,
    ) -> Option<(&'v Val<'i>, &'v [Val<'i>])> {
        let list_v = t.require(self.doc, key)?;
        let list = as_array(self.doc, list_v, &format!("\"{key}\" in [{what}]"))?;
        if list.is_empty() {
            self.doc.error(
                &list_v.span(),
                format!("{what}: the list of {key} is empty"),
            );
            return None;
        }
        Some((list_v, list))
    }

    /// The number a list construct gives (a score, the points lost): its rule
    /// `text` parsed at the list's `origin`, or, when the list had problems
    /// (`None`), the name only, so rules reading it are not reported too.
    pub(super) fn list_rule(
        &mut self,
        head: RuleHead,
        text: Option<String>,
        origin: usize,
        span: &Range<usize>,
    ) {
        match text {
            Some(text) => {
                let expr = self.parse_at(&text, origin, &head.what);
                self.add_parsed_rule(head, text, origin, expr, span);
            }
            None => {
                self.add_parsed_rule(head, String::new(), origin, None, span);
            }
        }
    }

    fn score(&mut self, name: &str, span: &Range<usize>, v: &Val) {
        let Some((t, what, label)) = self.list_table(
            "score",
            name,
            span,
            v,
            &["label", "level", "indicators", "weights", "show", "note"],
        ) else {
            return;
        };
        let level = self.score_level(&t, &what).unwrap_or(Level::PERSON);
        let show = self.show_key(&t, level);
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
        let Some((list_v, list)) = self.list_of(&t, &what, "indicators") else {
            return;
        };
        // (name, weight) of every indicator read; the sum is made of them.
        let mut terms: Vec<(String, Decimal)> = Vec::new();
        let mut complete = true;
        for (i, iv) in list.iter().enumerate() {
            match self.indicator(&what, level, i, iv) {
                Some(term) => terms.push(term),
                None => complete = false,
            }
        }
        let head = RuleHead {
            level,
            slot_name: name,
            label,
            declared: Some(NUMBER),
            role: RuleRole::Field,
            what: what.clone(),
            show,
        };
        let origin = list_v.span().start;
        if !complete {
            self.list_rule(head, None, origin, span);
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
        self.list_rule(head, Some(text), origin, span);
    }

    /// One indicator: its person rule is added; gives its name and weight.
    /// `level = "team"` (or a group of `[levels]`, or `month`): the score and its
    /// indicators are values of that level; person when absent.
    fn score_level(&mut self, t: &Table, what: &str) -> Option<Level> {
        let Some((l, ls)) = t.string(self.doc, "level") else {
            return Some(Level::PERSON);
        };
        match self.levels.by_name(&l) {
            Some(level)
                if !matches!(
                    self.levels.get(level).map(|d| &d.kind),
                    Some(crate::model::LevelKind::Rows { .. })
                ) =>
            {
                Some(level)
            }
            _ => {
                self.doc.error(
                    &ls,
                    format!(
                        "{what}: level \"{l}\": use person, team, a group of [levels] or month"
                    ),
                );
                None
            }
        }
    }

    fn indicator(
        &mut self,
        score: &str,
        level: Level,
        i: usize,
        v: &Val,
    ) -> Option<(String, Decimal)> {
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
        let show = self.show_key(&t, level);
        let head = RuleHead {
            level,
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
                    let known = super::names::listed(self.bands.iter().map(|b| b.name.as_str()));
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
