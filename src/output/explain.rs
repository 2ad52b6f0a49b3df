//! Why each figure is what it is: pure functions from one computed team
//! ([`TeamView`]) or the month ([`MonthView`]) and its trace to explanation
//! rows — the rule (its expression), the input rows it used (file and row),
//! the values it read, the band chosen and the result.
//!
//! The workbook's 明细 sheet is one renderer of these rows; a terminal
//! `explain` command can be another. Nothing here does IO.
//!
//! Everything comes from the trace the engine recorded while computing: the
//! values shown are the Read/Param events of the figure; the bands and the
//! input rows are those of the figure and, transitively, of the figures it
//! read in the same team (`excess_bonus` reads `team.pool`, which reads
//! `excess` and `rate`, which looked up the 交付及时率 band from `X1`, which
//! read `on_time` and `delivered` — the team's row in repairs.csv). A split
//! adds its share (the case's composition) and the member's category column;
//! its team amount's reads are in the member's trace, recorded by the engine.

use super::{Report, value_text};
use crate::engine::trace::Event;
use crate::engine::{MonthView, TeamView};
use crate::model::{Level, Node, Value};
use crate::money::format_cents;
use crate::scheme::{Format, Scheme, SlotSource};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The explanation of one figure of one entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub level: Level,
    /// The entity's index: in the team for local levels, in the month for global ones.
    pub entity: u32,
    /// What the figure is (an item's label, a rule's label, 应发合计).
    pub subject: String,
    /// The rule as written: `excess_bonus = split(by_role, team.pool)`.
    pub rule: String,
    /// The input rows used, e.g. `repairs.csv 第2行`.
    pub inputs: Vec<String>,
    /// Each value the rule read, e.g. (`team.pool`, `525.00`).
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

/// Where values are read from: one team (local levels, global values as the
/// team sees them) or the month (global levels only).
#[derive(Clone, Copy)]
enum Src<'v, 'a> {
    Team(&'v TeamView<'a>),
    Month(&'v MonthView<'a>),
}

impl<'a> Src<'_, 'a> {
    fn value(&self, level: Level, e: u32, slot: u32) -> &'a Value {
        match self {
            Src::Team(v) => v.value(level, e, slot),
            Src::Month(m) => m.value(level, e, slot),
        }
    }

    /// The events of a figure this source holds the trace of.
    fn trace(&self, s: &Scheme, level: Level, e: u32, slot: u32) -> &'a [Event] {
        match self {
            Src::Team(v) if !s.levels.is_global(level) => v.trace(level, e, slot),
            Src::Month(m) if s.levels.is_global(level) => m.trace.of(level, e, slot),
            _ => &[],
        }
    }
}

/// The compiled rule of (level, slot).
fn step_node(s: &Scheme, level: Level, slot: u32) -> Option<&Node> {
    s.plan
        .iter()
        .find(|st| st.level == level && st.slot == slot)
        .map(|st| &st.node)
}

/// The events of figure (level, e, slot). A split's part holds the events
/// of its team amount too (the engine replays them for every member).
fn events<'a>(r: &Report, src: Src<'_, 'a>, level: Level, e: u32, slot: u32) -> &'a [Event] {
    src.trace(r.scheme, level, e, slot)
}

/// `维修工程师 60.00% (1 维修工程师 + 1 助理维修员)`
fn split_share(s: &Scheme, v: &TeamView, split: u32, case: u32, share: Decimal, p: u32) -> String {
    let Some(table) = s.splits.get(split as usize) else {
        return String::new();
    };
    let mine = v.person_text(p, table.by_slot);
    let composition = table
        .cases
        .get(case as usize)
        .map(|c| table.describe(&c.counts))
        .unwrap_or_default();
    format!("{mine} {} ({composition})", percent_text(share))
}

/// Explains slot `slot` of entity (level, e), local to the team or global.
fn explain(r: &Report, src: Src, level: Level, e: u32, slot: u32, subject: &str) -> Explanation {
    let s = r.scheme;
    let def = s.slots(level).get(slot as usize);
    let rule = match def.map(|d| (&d.source, d)) {
        Some((SlotSource::Rule { expr, .. }, d)) => format!("{} = {expr}", d.name),
        Some((SlotSource::Input { input, column }, d)) => {
            let header = s
                .inputs
                .get(*input)
                .and_then(|i| i.columns.get(*column))
                .map_or("", |c| c.header.as_str());
            format!("{} = 输入列「{header}」", d.name)
        }
        None => String::new(),
    };
    // The values read, in the order read, each once.
    let mut values = Vec::new();
    let mut seen = BTreeSet::new();
    for ev in events(r, src, level, e, slot) {
        match *ev {
            Event::Read {
                level: l,
                entity,
                slot: x,
            } if seen.insert((0u8, l.0, entity, x)) => {
                let Some(d) = s.slots(l).get(x as usize) else {
                    continue;
                };
                let name = if l == level {
                    d.name.clone()
                } else {
                    format!("{}.{}", s.levels.name(l), d.name)
                };
                values.push((name, shown(src.value(l, entity, x), d.format)));
            }
            Event::Param(i) if seen.insert((1, 0, i, 0)) => {
                if let Some(p) = s.params.get(i as usize) {
                    values.push((p.name.clone(), shown(&Value::Num(p.value), p.format)));
                }
            }
            Event::Split { split, case, share } if seen.insert((2, 0, split, 0)) => {
                if let (Src::Team(v), Some(t)) = (src, s.splits.get(split as usize)) {
                    values.push((t.name.clone(), split_share(s, v, split, case, share, e)));
                }
            }
            _ => {}
        }
    }
    // Bands and input rows: of this figure and, transitively, of what it read.
    let mut bands: Vec<String> = Vec::new();
    let mut rows: Vec<(u32, u32)> = Vec::new();
    let mut visited = BTreeSet::new();
    let mut stack = vec![(level, e, slot)];
    while let Some((l, x, sl)) = stack.pop() {
        if !visited.insert((l, x, sl)) {
            continue;
        }
        let global = s.levels.is_global(l);
        match s.slots(l).get(sl as usize).map(|d| &d.source) {
            Some(SlotSource::Input { input, .. }) => {
                let input = *input as u32;
                if let Src::Team(v) = src {
                    let sources = if l == Level::PERSON {
                        v.person_sources(x)
                    } else if l == Level::TEAM {
                        v.team_sources()
                    } else {
                        &[]
                    };
                    rows.extend(
                        sources
                            .iter()
                            .filter(|r| r.input == input)
                            .map(|r| (r.input, r.row)),
                    );
                    if let Some(r) = v.row_number(l, x) {
                        rows.push((r.input, r.row));
                    }
                }
                continue;
            }
            Some(SlotSource::Rule { .. }) => {}
            None => continue,
        }
        let evs = events(r, src, l, x, sl);
        // Pushed in reverse so that the first figure read is explored first.
        for ev in evs.iter().rev() {
            match *ev {
                Event::Read {
                    level: rl,
                    entity,
                    slot,
                } if s.levels.is_global(rl) == global => stack.push((rl, entity, slot)),
                Event::Split { split, .. } => {
                    if let Some(t) = s.splits.get(split as usize) {
                        stack.push((Level::PERSON, x, t.by_slot));
                    }
                }
                Event::Row { input, row } => rows.push((input, row)),
                _ => {}
            }
        }
        for ev in evs {
            if let Event::Band { table, row, .. } = *ev
                && let Some(t) = s.bands.get(table as usize)
                && let Some(b) = t.rows.get(row as usize)
            {
                let text = format!("{}: {}", band_label(t), b.when);
                if !bands.contains(&text) {
                    bands.push(text);
                }
            }
        }
    }
    // Inputs in the scheme's order, rows top to bottom.
    rows.sort_unstable();
    rows.dedup();
    Explanation {
        level,
        entity: e,
        subject: subject.to_string(),
        rule,
        inputs: rows.into_iter().map(|(i, row)| r.cite(i, row)).collect(),
        values,
        bands,
        result: src.value(level, e, slot).clone(),
        format: def.map_or(Format::Number, |d| d.format),
    }
}

fn band_label(t: &crate::scheme::band::BandTable) -> &str {
    if t.label.is_empty() {
        &t.name
    } else {
        &t.label
    }
}

/// The figures of member `p`: base salary, each item, and the net.
pub fn person(r: &Report, v: &TeamView, p: u32) -> Vec<Explanation> {
    let s = r.scheme;
    let src = Src::Team(v);
    let mut out = Vec::with_capacity(s.items.len() + 2);
    out.push(explain(
        r,
        src,
        Level::PERSON,
        p,
        s.base_slot,
        &s.base_label,
    ));
    for item in &s.items {
        out.push(explain(r, src, Level::PERSON, p, item.slot, &item.label));
    }
    if let Some(t) = v.totals.get(p as usize) {
        out.push(Explanation {
            level: Level::PERSON,
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

/// The rule figures of the team, in the scheme's order.
pub fn team(r: &Report, v: &TeamView) -> Vec<Explanation> {
    rules(r, Src::Team(v), Level::TEAM, 0)
}

/// The rule figures of entity `e` of a global level (a group or the month).
pub fn global(r: &Report, m: &MonthView, level: Level, e: u32) -> Vec<Explanation> {
    rules(r, Src::Month(m), level, e)
}

fn rules(r: &Report, src: Src, level: Level, e: u32) -> Vec<Explanation> {
    r.scheme
        .slots(level)
        .iter()
        .enumerate()
        .filter(|(_, d)| matches!(d.source, SlotSource::Rule { .. }))
        .map(|(i, d)| explain(r, src, level, e, i as u32, &d.label))
        .collect()
}

/// The band lookups of the team's own rules, in the scheme's order of
/// rules: (rule name, band table index, band row `when`).
pub fn team_bands<'s>(s: &'s Scheme, v: &TeamView) -> Vec<(&'s str, u32, &'s str)> {
    let mut out = Vec::new();
    for (i, d) in s.slots(Level::TEAM).iter().enumerate() {
        if !matches!(d.source, SlotSource::Rule { .. }) {
            continue;
        }
        for ev in v.trace(Level::TEAM, 0, i as u32) {
            if let Event::Band {
                table, row, level, ..
            } = *ev
                && level == Level::TEAM
                && let Some(b) = s
                    .bands
                    .get(table as usize)
                    .and_then(|t| t.rows.get(row as usize))
            {
                out.push((d.name.as_str(), table, b.when.as_str()));
            }
        }
    }
    out
}

/// The band tables team rules look up, in the scheme's order of rules.
pub fn team_band_tables(s: &Scheme) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, d) in s.slots(Level::TEAM).iter().enumerate() {
        if let Some(node) = step_node(s, Level::TEAM, i as u32)
            && matches!(d.source, SlotSource::Rule { .. })
        {
            node.walk(&mut |n| {
                if let Node::Band { table, .. } = n
                    && !out.contains(table)
                {
                    out.push(*table);
                }
            });
        }
    }
    out
}

/// The label a band table is shown with.
pub fn table_label(s: &Scheme, table: u32) -> &str {
    s.bands.get(table as usize).map_or("?", band_label)
}

/// The items whose rule splits a team amount.
pub fn split_items(s: &Scheme) -> Vec<usize> {
    s.items
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            let mut found = false;
            if let Some(node) = step_node(s, Level::PERSON, item.slot) {
                node.walk(&mut |n| found |= matches!(n, Node::Split { .. }));
            }
            found
        })
        .map(|(i, _)| i)
        .collect()
}

/// How item `item` came out for the members: `张伟 315.00 / 李娜 210.00`.
pub fn split_text(s: &Scheme, v: &TeamView, item: usize) -> String {
    let Some(item) = s.items.get(item) else {
        return String::new();
    };
    (0..v.members())
        .map(|p| {
            format!(
                "{} {}",
                v.person_text(p, s.roster.name),
                value_text(v.person_value(p, item.slot), Format::Money)
            )
        })
        .collect::<Vec<_>>()
        .join(" / ")
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
