//! The sink that checks a month's expectations as each team is computed:
//! every expected figure of a person or a team against the computed one,
//! exactly; a figure that differs is explained by the explanation rows of
//! [`crate::output::explain`], printed as `appraise explain` prints them
//! ([`Explained::text`]). It also keeps each person's kept values, for the
//! later months of a case that history rules read.

use super::{Check, Figure, Mismatch, MonthCase, Want};
use crate::engine::{MonthView, Sink, TeamView};
use crate::model::{Level, Value};
use crate::money::format_cents;
use crate::output::Report;
use crate::output::explain::{self, Explanation, percent_text};
use crate::output::terminal::{Explained, WIDTH};
use crate::scheme::Format;
use std::collections::HashMap;
use std::convert::Infallible;

/// Checks one month of a case as it streams past.
pub struct Checker<'r> {
    pub report: &'r Report<'r>,
    pub expect: &'r MonthCase,
    pub mismatches: Vec<Mismatch>,
    /// The people and teams expected that were computed (by index in `expect`).
    pub seen_people: Vec<bool>,
    pub seen_teams: Vec<bool>,
    /// Each person's kept values (`[history] keep`), by ID.
    pub kept: HashMap<String, Vec<Value>>,
}

impl<'r> Checker<'r> {
    pub fn new(report: &'r Report<'r>, expect: &'r MonthCase) -> Checker<'r> {
        Checker {
            report,
            expect,
            mismatches: Vec::new(),
            seen_people: vec![false; expect.people.len()],
            seen_teams: vec![false; expect.teams.len()],
            kept: HashMap::new(),
        }
    }

    fn person(&mut self, v: &TeamView, p: u32, which: usize) {
        let Some(want) = self.expect.people.get(which) else {
            return;
        };
        let r = self.report;
        let s = r.scheme;
        let name = v.person_text(p, s.roster.name);
        let subject = format!(
            "person {} {name} (team {})",
            v.person_text(p, s.roster.id),
            v.id()
        );
        let mut found = Vec::new();
        if let Some(expected) = &want.name
            && expected != name
        {
            found.push(self.mismatch(want.line, &subject, "姓名", expected, name, None));
        }
        let totals = v.totals.get(p as usize).cloned().unwrap_or_default();
        for c in &want.checks {
            let (label, actual, matched, money) = match c.figure {
                Figure::Base => amount(&s.base_label, totals.base, &c.want),
                Figure::Bonus => amount("奖金合计", totals.bonus, &c.want),
                Figure::Deduction => amount("扣款合计", totals.deduction, &c.want),
                Figure::Net => amount("应发合计", totals.net, &c.want),
                Figure::Item(i) => {
                    let Some(item) = s.items.get(i) else { continue };
                    let value = v.person_value(p, item.slot);
                    let actual = match value {
                        Value::Num(d) => format_cents(*d),
                        other => shown(other, Format::Money),
                    };
                    let ok = matches!(&c.want, Want::Amount(a) if *a == actual);
                    (named(&item.label, &item.code), actual, ok, true)
                }
                Figure::Slot(slot) => {
                    slot_check(r, Level::PERSON, slot, v.person_value(p, slot), c)
                }
                Figure::Band(table) => {
                    let figures = person_figures(r, v, p);
                    let (label, actual, ok) = band_check(r, table, &figures, c);
                    (label, actual, ok, false)
                }
            };
            if matched {
                continue;
            }
            let e = person_explanation(r, v, p, c.figure);
            let trace = e
                .as_ref()
                .map(|e| person_trace(r, v, p, e, matches!(c.figure, Figure::Slot(_))));
            let mut m = self.mismatch(c.line, &subject, &label, &c.want.text(), &actual, trace);
            m.bands = e.map(|e| e.bands).unwrap_or_default();
            if money {
                m.expected.push_str(" 元");
                m.actual.push_str(" 元");
            }
            found.push(m);
        }
        let flags: Vec<usize> = raised(v, Level::PERSON, p);
        if flags != want.flags {
            // The rule of the first flag that differs.
            let trace = flags
                .iter()
                .chain(&want.flags)
                .find(|f| flags.contains(f) != want.flags.contains(f))
                .and_then(|&f| s.flags.get(f))
                .map(|f| {
                    let e = explain::figure(r, v, Level::PERSON, p, f.slot);
                    person_trace(r, v, p, &e, true)
                });
            found.push(self.mismatch(
                want.line,
                &subject,
                "flags",
                &flag_list(r, &want.flags),
                &flag_list(r, &flags),
                trace,
            ));
        }
        self.mismatches.extend(found);
    }

    fn team(&mut self, v: &TeamView, which: usize) {
        let Some(want) = self.expect.teams.get(which) else {
            return;
        };
        let r = self.report;
        let subject = format!("team {}", v.id());
        let mut found = Vec::new();
        for c in &want.checks {
            let (label, actual, matched, money, e) = match c.figure {
                Figure::Slot(slot) => {
                    let (label, actual, ok, money) =
                        slot_check(r, Level::TEAM, slot, v.team_value(slot), c);
                    let e = explain::figure(r, v, Level::TEAM, 0, slot);
                    (label, actual, ok, money, Some(e))
                }
                Figure::Band(table) => {
                    let figures = explain::team(r, v);
                    let (label, actual, ok) = band_check(r, table, &figures, c);
                    let e = figures.into_iter().find(|e| uses(e, r, table));
                    (label, actual, ok, false, e)
                }
                // People's figures only (refused when the file is read).
                _ => continue,
            };
            if matched {
                continue;
            }
            let trace = e.as_ref().map(|e| {
                let mut x = Explained::team(r, v);
                x.members.clear();
                x.inputs.clear();
                x.splits.clear();
                keep_read(&mut x, e);
                x.team_rules.retain(|t| t.name != e.name);
                x.team_rules.push(e.clone());
                x.text(WIDTH)
            });
            let mut m = self.mismatch(c.line, &subject, &label, &c.want.text(), &actual, trace);
            m.bands = e.map(|e| e.bands).unwrap_or_default();
            if money {
                m.expected.push_str(" 元");
                m.actual.push_str(" 元");
            }
            found.push(m);
        }
        let flags = raised(v, Level::TEAM, 0);
        if flags != want.flags {
            found.push(self.mismatch(
                want.line,
                &subject,
                "flags",
                &flag_list(r, &want.flags),
                &flag_list(r, &flags),
                None,
            ));
        }
        self.mismatches.extend(found);
    }

    fn mismatch(
        &self,
        line: u32,
        subject: &str,
        figure: &str,
        expected: &str,
        actual: &str,
        trace: Option<String>,
    ) -> Mismatch {
        Mismatch {
            line,
            month: self.expect.month,
            subject: subject.to_string(),
            figure: figure.to_string(),
            bands: Vec::new(),
            expected: expected.to_string(),
            actual: actual.to_string(),
            trace: trace
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }
}

impl Sink for Checker<'_> {
    type Error = Infallible;

    fn team(&mut self, v: &TeamView) -> Result<(), Infallible> {
        let s = self.report.scheme;
        for p in 0..v.members() {
            let id = v.person_text(p, s.roster.id);
            if let Some(h) = &s.history {
                let values = h
                    .keep
                    .iter()
                    .map(|&slot| match v.person_value(p, slot) {
                        Value::Unset | Value::Failed => Value::NotGiven,
                        other => other.clone(),
                    })
                    .collect();
                self.kept.insert(id.to_string(), values);
            }
            if let Some(i) = self.expect.people.iter().position(|w| w.id == id) {
                if let Some(seen) = self.seen_people.get_mut(i) {
                    *seen = true;
                }
                self.person(v, p, i);
            }
        }
        if let Some(i) = self.expect.teams.iter().position(|w| w.id == v.id()) {
            if let Some(seen) = self.seen_teams.get_mut(i) {
                *seen = true;
            }
            self.team(v, i);
        }
        Ok(())
    }

    fn finish(&mut self, _: &MonthView) -> Result<(), Infallible> {
        Ok(())
    }
}

/// `超额奖金 (excess_bonus)`, or the name alone when it has no other label.
fn named(label: &str, name: &str) -> String {
    if label.is_empty() || label == name {
        name.to_string()
    } else {
        format!("{label} ({name})")
    }
}

/// (label, actual, matched, money) of a total.
fn amount(label: &str, d: rust_decimal::Decimal, want: &Want) -> (String, String, bool, bool) {
    let actual = format_cents(d);
    let ok = matches!(want, Want::Amount(a) if *a == actual);
    (label.to_string(), actual, ok, true)
}

/// (label, actual, matched, money) of a value of the level.
fn slot_check(
    r: &Report,
    level: Level,
    slot: u32,
    value: &Value,
    c: &Check,
) -> (String, String, bool, bool) {
    let def = r.scheme.slots(level).get(slot as usize);
    let format = def.map_or(Format::Number, |d| d.format);
    let label = def.map_or_else(String::new, |d| named(&d.label, &d.name));
    let ok = match (&c.want, value) {
        (Want::Number(d, _), Value::Num(x)) => d == x,
        (Want::Bool(b), Value::Bool(x)) => b == x,
        (Want::Text(t), Value::NotGiven) => t == "未提供",
        (Want::Text(t), Value::Text(x)) => **t == **x,
        (Want::Text(t), Value::Date(d)) => *t == d.format("%Y-%m-%d").to_string(),
        _ => false,
    };
    (label, shown(value, format), ok, format == Format::Money)
}

/// A computed value as a failure shows it: exactly (an amount with more
/// than two decimals keeps them; a ratio shows its percent too).
fn shown(v: &Value, format: Format) -> String {
    match (v, format) {
        (Value::Num(d), Format::Money) if d.normalize().scale() <= 2 => format_cents(*d),
        (Value::Num(d), Format::Percent) => format!("{} ({})", d.normalize(), percent_text(*d)),
        (Value::Num(d), _) => d.normalize().to_string(),
        _ => explain::shown(v, format),
    }
}

/// Whether the explanation chose a row of band table `table`.
fn uses(e: &Explanation, r: &Report, table: usize) -> bool {
    let name = r.scheme.bands.get(table).map_or("", |b| b.name.as_str());
    e.choices.iter().any(|c| c.table == name)
}

/// (label, actual, matched) of a band table's row chosen among `figures`.
fn band_check(
    r: &Report,
    table: usize,
    figures: &[Explanation],
    c: &Check,
) -> (String, String, bool) {
    let b = r.scheme.bands.get(table);
    let name = b.map_or("", |b| b.name.as_str());
    let mut chosen: Vec<&str> = Vec::new();
    for e in figures {
        for choice in e.choices.iter().filter(|ch| ch.table == name) {
            if !chosen.contains(&choice.when.as_str()) {
                chosen.push(&choice.when);
            }
        }
    }
    let actual = if chosen.is_empty() {
        "(no row chosen)".to_string()
    } else {
        chosen.join("; ")
    };
    let ok = matches!(&c.want, Want::Text(t) if *t == actual);
    let label = b.map_or_else(String::new, |b| named(&b.label, &b.name));
    (format!("band {label}"), actual, ok)
}

/// Every figure of member `p` that is a rule: the items, the base, the net,
/// then the person's other rules.
fn person_figures(r: &Report, v: &TeamView, p: u32) -> Vec<Explanation> {
    let mut out = explain::person(r, v, p);
    for (i, d) in r.scheme.slots(Level::PERSON).iter().enumerate() {
        let slot = i as u32;
        let own = slot == r.scheme.base_slot || r.scheme.items.iter().any(|it| it.slot == slot);
        if !own && matches!(d.source, crate::scheme::SlotSource::Rule { .. }) {
            out.push(explain::figure(r, v, Level::PERSON, p, slot));
        }
    }
    out
}

/// The explanation of a person's figure.
fn person_explanation(r: &Report, v: &TeamView, p: u32, figure: Figure) -> Option<Explanation> {
    let mut all = explain::person(r, v, p);
    match figure {
        Figure::Base => all.into_iter().next(),
        Figure::Item(i) => (i + 1 < all.len()).then(|| all.swap_remove(i + 1)),
        Figure::Net | Figure::Bonus | Figure::Deduction => all.pop(),
        Figure::Slot(slot) => Some(explain::figure(r, v, Level::PERSON, p, slot)),
        Figure::Band(table) => person_figures(r, v, p)
            .into_iter()
            .find(|e| uses(e, r, table)),
    }
}

/// The trace of member `p`'s figure `e` as `appraise explain` prints it: the
/// figure (among the person's rules when `rule`, else among the items) and
/// the rules it reads directly.
fn person_trace(r: &Report, v: &TeamView, p: u32, e: &Explanation, rule: bool) -> String {
    let mut x = Explained::person(r, v, p);
    x.inputs.clear();
    keep_read(&mut x, e);
    if rule {
        x.items.clear();
        x.person_rules.push(e.clone());
    } else {
        x.items = vec![e.clone()];
    }
    x.text(WIDTH)
}

/// Keeps, of an explanation's team and person rules, those the figure `e` reads directly.
fn keep_read(x: &mut Explained, e: &Explanation) {
    let reads = |name: &str, prefix: &str| {
        e.values
            .iter()
            .any(|(n, _)| *n == format!("{prefix}{name}"))
    };
    x.team_rules
        .retain(|t| t.name != e.name && (reads(&t.name, "team.") || reads(&t.name, "")));
    x.person_rules
        .retain(|t| t.name != e.name && reads(&t.name, ""));
}

/// The flags raised for entity `e` of `level` in team `v` (scheme indexes, sorted).
fn raised(v: &TeamView, level: Level, e: u32) -> Vec<usize> {
    let mut out: Vec<usize> = v
        .flags
        .iter()
        .filter(|f| f.level == level && (level == Level::TEAM || f.entity == e))
        .map(|f| f.flag)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn flag_list(r: &Report, flags: &[usize]) -> String {
    if flags.is_empty() {
        return "none".into();
    }
    flags
        .iter()
        .filter_map(|&i| r.scheme.flags.get(i))
        .map(|f| named(&f.label, &f.code))
        .collect::<Vec<_>>()
        .join(", ")
}
