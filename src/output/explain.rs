//! Why each figure is what it is: pure functions from a scheme and an outcome
//! to explanation rows — the rule (its expression), the input rows it used
//! (file and row), the values it read, the band chosen and the result.
//!
//! The workbook's 明细 sheet is one renderer of these rows; a terminal
//! `explain` command can be another. Nothing here does IO.
//!
//! Which inputs and bands belong to a figure is found by following the names a
//! rule reads, transitively, down to input columns: `excess_bonus` reads
//! `team.pool`, which reads `excess` and `rate`, which reads `X1` (a band
//! lookup), which reads `on_time` and `delivered` (the team's row in
//! repairs.csv).

use super::value_text;
use crate::engine::Outcome;
use crate::expr::resolve::{Level, Value};
use crate::money::format_cents;
use crate::scheme::{Format, Scheme, SlotSource};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The explanation of one figure of one team or person.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub level: Level,
    /// The team's or person's index in the outcome.
    pub entity: u32,
    /// What the figure is (an item's label, a rule's label, 应发合计).
    pub subject: String,
    /// The rule as written: `excess_bonus = split(by_role, team.pool)`.
    pub rule: String,
    /// The input rows used, e.g. `repairs.csv 第2行`.
    pub inputs: Vec<String>,
    /// Each name the rule reads with its value, e.g. (`team.pool`, `525.00`).
    pub values: Vec<(String, String)>,
    /// The bands chosen on the way, e.g. `交付及时率档位: 95% <= X1 < 100%`.
    pub bands: Vec<String>,
    pub result: Value,
    pub format: Format,
}

impl Explanation {
    /// `repairs.csv 第2行; points.csv 第2行`
    pub fn inputs_text(&self) -> String {
        self.inputs.join("; ")
    }

    /// `team.rate = 35.00; team.pool = 525.00`
    pub fn values_text(&self) -> String {
        self.values
            .iter()
            .map(|(n, v)| format!("{n} = {v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn bands_text(&self) -> String {
        self.bands.join("; ")
    }

    pub fn result_text(&self) -> String {
        shown(&self.result, self.format)
    }
}

/// A value as an explanation shows it: percentages as percent (up to four
/// places, so that 94.9995% is not shown as 95.00%), the rest as [`value_text`].
pub fn shown(v: &Value, format: Format) -> String {
    match (v, format) {
        (Value::Num(d), Format::Percent) => percent_text(*d),
        (Value::Failed, _) => "(未能计算)".into(),
        _ => value_text(v, format),
    }
}

/// `0.9578947…` → `95.7895%`; `0.95` → `95.00%`. A ratio too large to be
/// shown as percent (× 100 would not fit a decimal) is shown as the ratio
/// itself times 100%, `9000000000000000000000000000 × 100%`, exact rather
/// than a rounded or wrong percent.
pub fn percent_text(ratio: Decimal) -> String {
    let Some(p) = ratio.checked_mul(Decimal::ONE_HUNDRED) else {
        return format!("{} × 100%", ratio.normalize());
    };
    let p = p
        .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    if p.scale() <= 2 {
        let mut q = p;
        q.rescale(2);
        format!("{q}%")
    } else {
        format!("{p}%")
    }
}

/// What a name read by a rule refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Read {
    Slot(Level, u32),
    Param(usize),
    Split(usize),
}

fn slot_index(scheme: &Scheme, level: Level, name: &str) -> Option<u32> {
    scheme
        .slots(level)
        .iter()
        .position(|d| d.name == name)
        .map(|i| i as u32)
}

/// Resolves a name read at `level` (`team.rate`, `points`, `work_days`, `by_role`).
fn resolve(scheme: &Scheme, level: Level, name: &str) -> Option<Read> {
    if let Some(field) = name.strip_prefix("team.") {
        return slot_index(scheme, Level::Team, field).map(|s| Read::Slot(Level::Team, s));
    }
    if let Some(s) = slot_index(scheme, level, name) {
        return Some(Read::Slot(level, s));
    }
    // A team rule aggregating over members reads person slots by bare name.
    if level == Level::Team
        && let Some(s) = slot_index(scheme, Level::Person, name)
    {
        return Some(Read::Slot(Level::Person, s));
    }
    if let Some(i) = scheme.params.iter().position(|p| p.name == name) {
        return Some(Read::Param(i));
    }
    scheme
        .splits
        .iter()
        .position(|s| s.name == name)
        .map(Read::Split)
}

/// What a slot depends on, transitively.
#[derive(Clone, Debug, Default)]
struct Deps {
    /// (level of the input, input index), in first-seen order.
    inputs: Vec<(Level, usize)>,
    /// (level, band record index).
    bands: Vec<(Level, usize)>,
}

/// Explains figures of one outcome. Dependencies are worked out once per slot.
pub struct Explainer<'a> {
    scheme: &'a Scheme,
    outcome: &'a Outcome,
    /// The file name of each input of the scheme, if it was read.
    files: Vec<Option<String>>,
    team_deps: Vec<Deps>,
    person_deps: Vec<Deps>,
}

impl<'a> Explainer<'a> {
    /// `files[i]` is the file input `i` of the scheme was read from (None: not read).
    pub fn new(scheme: &'a Scheme, outcome: &'a Outcome, files: Vec<Option<String>>) -> Self {
        let team_deps = (0..scheme.team_slots.len() as u32)
            .map(|s| deps(scheme, Level::Team, s))
            .collect();
        let person_deps = (0..scheme.person_slots.len() as u32)
            .map(|s| deps(scheme, Level::Person, s))
            .collect();
        Explainer {
            scheme,
            outcome,
            files,
            team_deps,
            person_deps,
        }
    }

    /// The figures of one person: base salary, each item, and the net.
    pub fn person(&self, p: u32) -> Vec<Explanation> {
        let s = self.scheme;
        let mut out = Vec::with_capacity(s.items.len() + 2);
        out.push(self.explain(Level::Person, p, s.base_slot, &s.base_label));
        for item in &s.items {
            out.push(self.explain(Level::Person, p, item.slot, &item.label));
        }
        if let Some(t) = self.outcome.totals.get(p as usize) {
            out.push(Explanation {
                level: Level::Person,
                entity: p,
                subject: "应发合计".into(),
                rule: format!("{} + 奖金合计 - 扣款合计", s.base_label),
                inputs: Vec::new(),
                values: vec![
                    (s.base_label.clone(), format_cents(t.base)),
                    ("奖金合计".into(), format_cents(t.bonus)),
                    ("扣款合计".into(), format_cents(t.deduction)),
                ],
                bands: Vec::new(),
                result: Value::Num(t.net),
                format: Format::Money,
            });
        }
        out
    }

    /// The rule figures of one team, in the scheme's order.
    pub fn team(&self, t: u32) -> Vec<Explanation> {
        self.scheme
            .team_slots
            .iter()
            .enumerate()
            .filter(|(_, d)| matches!(d.source, SlotSource::Rule { .. }))
            .map(|(i, d)| self.explain(Level::Team, t, i as u32, &d.label))
            .collect()
    }

    /// Explains slot `slot` of team or person `entity`.
    pub fn explain(&self, level: Level, entity: u32, slot: u32, subject: &str) -> Explanation {
        let s = self.scheme;
        let o = self.outcome;
        let def = s.slots(level).get(slot as usize);
        let team = match level {
            Level::Team => entity,
            Level::Person => o.person_team.get(entity as usize).copied().unwrap_or(0),
        };
        let (rule, reads): (String, &[String]) = match def.map(|d| (&d.source, d)) {
            Some((SlotSource::Rule { expr, .. }, d)) => (format!("{} = {expr}", d.name), &d.reads),
            Some((SlotSource::Input { input, column }, d)) => {
                let header = s
                    .inputs
                    .get(*input)
                    .and_then(|i| i.columns.get(*column))
                    .map_or("", |c| c.header.as_str());
                (format!("{} = 输入列「{header}」", d.name), &[])
            }
            None => (String::new(), &[]),
        };
        let mut values = Vec::new();
        let mut seen = BTreeSet::new();
        for name in reads {
            if !seen.insert(name.as_str()) {
                continue;
            }
            match resolve(s, level, name) {
                Some(Read::Slot(Level::Team, i)) => {
                    let v = o.team_value(team, i);
                    let f = s
                        .team_slots
                        .get(i as usize)
                        .map_or(Format::Number, |d| d.format);
                    values.push((name.clone(), shown(v, f)));
                }
                Some(Read::Slot(_, i)) if level == Level::Person => {
                    let v = o.person_value(entity, i);
                    let f = s
                        .person_slots
                        .get(i as usize)
                        .map_or(Format::Number, |d| d.format);
                    values.push((name.clone(), shown(v, f)));
                }
                Some(Read::Param(i)) => {
                    if let Some(p) = s.params.get(i) {
                        values.push((name.clone(), shown(&Value::Num(p.value), p.format)));
                    }
                }
                Some(Read::Split(i)) if level == Level::Person => {
                    if let Some(text) = split_share(s, o, i, entity) {
                        values.push((name.clone(), text));
                    }
                }
                _ => {}
            }
        }
        let deps = match level {
            Level::Team => self.team_deps.get(slot as usize),
            Level::Person => self.person_deps.get(slot as usize),
        };
        let mut rows: Vec<(usize, u32)> = Vec::new();
        let mut bands = Vec::new();
        if let Some(deps) = deps {
            for &(l, input) in &deps.inputs {
                let sources = match l {
                    Level::Team => o.team_sources.get(team as usize),
                    Level::Person if level == Level::Person => {
                        o.person_sources.get(entity as usize)
                    }
                    Level::Person => None,
                };
                for r in sources.into_iter().flatten().filter(|r| r.input == input) {
                    rows.push((r.input, r.row));
                }
            }
            for &(l, rec) in &deps.bands {
                if let Some(text) = self.band_text(l, team, entity, rec)
                    && !bands.contains(&text)
                {
                    bands.push(text);
                }
            }
        }
        // Inputs in the scheme's order, rows top to bottom.
        rows.sort_unstable();
        rows.dedup();
        let inputs = rows
            .into_iter()
            .map(|(input, row)| {
                let file = self.files.get(input).and_then(Option::as_deref);
                format!("{} 第{row}行", file.unwrap_or("?"))
            })
            .collect();
        Explanation {
            level,
            entity,
            subject: subject.to_string(),
            rule,
            inputs,
            values,
            bands,
            result: match level {
                Level::Team => o.team_value(entity, slot),
                Level::Person => o.person_value(entity, slot),
            }
            .clone(),
            format: def.map_or(Format::Number, |d| d.format),
        }
    }

    /// The band chosen by band lookup record `rec` at `level`:
    /// `交付及时率档位: 95% <= X1 < 100%`.
    fn band_text(&self, level: Level, team: u32, person: u32, rec: usize) -> Option<String> {
        band_choice(self.scheme, self.outcome, level, team, person, rec)
            .map(|(label, when)| format!("{label}: {when}"))
    }
}

/// The (table label, row `when`) chosen by band record `rec` of a team or person.
pub fn band_choice<'s>(
    scheme: &'s Scheme,
    outcome: &Outcome,
    level: Level,
    team: u32,
    person: u32,
    rec: usize,
) -> Option<(&'s str, &'s str)> {
    let (li, entity, chosen) = match level {
        Level::Team => (0, team, &outcome.team_bands),
        Level::Person => (1, person, &outcome.person_bands),
    };
    let stride = scheme.band_records[li] as usize;
    let row = *chosen.get(entity as usize * stride + rec)?;
    let info = scheme.band_record_info[li].get(rec)?;
    let table = scheme.bands.get(info.table as usize)?;
    let band = table.rows.get(row as usize)?;
    let label = if table.label.is_empty() {
        table.name.as_str()
    } else {
        table.label.as_str()
    };
    Some((label, band.when.as_str()))
}

/// A person's share in split table `split`, for the team's composition:
/// `维修工程师 60.00% (1 维修工程师 + 1 助理维修员)`.
pub fn split_share(scheme: &Scheme, outcome: &Outcome, split: usize, p: u32) -> Option<String> {
    let table = scheme.splits.get(split)?;
    let team = *outcome.person_team.get(p as usize)?;
    let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
    for &m in outcome.members.get(team as usize)? {
        *counts
            .entry(outcome.person_text(m, table.by_slot))
            .or_default() += 1;
    }
    let case = table.cases.iter().find(|c| {
        c.counts.len() == counts.len()
            && c.counts
                .iter()
                .all(|(k, n)| counts.get(&**k).is_some_and(|m| m == n))
    })?;
    let mine = outcome.person_text(p, table.by_slot);
    let share = case.shares.iter().find(|(k, _)| **k == *mine)?.1;
    Some(format!(
        "{mine} {} ({})",
        percent_text(share),
        table.describe(&case.counts)
    ))
}

/// The items whose rule splits a team amount (reads a split table).
pub fn split_items(scheme: &Scheme) -> Vec<usize> {
    scheme
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            scheme
                .person_slots
                .get(item.slot as usize)
                .is_some_and(|d| {
                    d.reads
                        .iter()
                        .any(|n| matches!(resolve(scheme, Level::Person, n), Some(Read::Split(_))))
                })
        })
        .map(|(i, _)| i)
        .collect()
}

/// How item `item` came out for the members of team `t`: `张伟 315.00 / 李娜 210.00`.
pub fn split_text(scheme: &Scheme, outcome: &Outcome, t: u32, item: usize) -> String {
    let Some(item) = scheme.items.get(item) else {
        return String::new();
    };
    outcome
        .members
        .get(t as usize)
        .map(|m| {
            m.iter()
                .map(|&p| {
                    format!(
                        "{} {}",
                        outcome.person_text(p, scheme.roster.name),
                        value_text(outcome.person_value(p, item.slot), Format::Money)
                    )
                })
                .collect::<Vec<_>>()
                .join(" / ")
        })
        .unwrap_or_default()
}

/// The inputs and band lookups slot `slot` at `level` depends on, transitively.
fn deps(scheme: &Scheme, level: Level, slot: u32) -> Deps {
    let mut out = Deps::default();
    let mut visited: BTreeSet<(u8, u32)> = BTreeSet::new();
    let mut stack = vec![(level, slot)];
    let key = |l: Level, s: u32| (u8::from(l == Level::Person), s);
    while let Some((l, s)) = stack.pop() {
        if !visited.insert(key(l, s)) {
            continue;
        }
        let li = usize::from(l == Level::Person);
        for (rec, info) in scheme.band_record_info[li].iter().enumerate() {
            if info.slot == s && !out.bands.contains(&(l, rec)) {
                out.bands.push((l, rec));
            }
        }
        let Some(def) = scheme.slots(l).get(s as usize) else {
            continue;
        };
        match &def.source {
            SlotSource::Input { input, .. } => {
                if !out.inputs.contains(&(l, *input)) {
                    out.inputs.push((l, *input));
                }
            }
            SlotSource::Rule { .. } => {
                // Push in reverse so that the first name read is explored first.
                for name in def.reads.iter().rev() {
                    match resolve(scheme, l, name) {
                        Some(Read::Slot(rl, rs)) => stack.push((rl, rs)),
                        Some(Read::Split(i)) => {
                            if let Some(sp) = scheme.splits.get(i) {
                                stack.push((Level::Person, sp.by_slot));
                            }
                        }
                        Some(Read::Param(_)) | None => {}
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_text;
    use rust_decimal_macros::dec;

    #[test]
    fn percent_keeps_what_rounding_would_hide() {
        assert_eq!(percent_text(dec!(0.95)), "95.00%");
        assert_eq!(percent_text(dec!(1)), "100.00%");
        assert_eq!(percent_text(dec!(0.949995)), "94.9995%");
        assert_eq!(percent_text(dec!(182) / dec!(190)), "95.7895%");
        assert_eq!(percent_text(dec!(0.0725)), "7.25%");
    }

    #[test]
    fn percent_of_a_huge_ratio_is_the_ratio_not_a_panic() {
        assert_eq!(
            percent_text(dec!(9000000000000000000000000000)),
            "9000000000000000000000000000 × 100%"
        );
        assert_eq!(
            percent_text(dec!(-9000000000000000000000000000)),
            "-9000000000000000000000000000 × 100%"
        );
        // A ratio that still fits × 100 is shown as percent, with as many
        // of the two decimals as fit.
        assert_eq!(
            percent_text(dec!(700000000000000000000000000)),
            "70000000000000000000000000000%"
        );
    }
}
