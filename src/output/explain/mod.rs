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

mod inputs;
mod team;
mod walk;
pub mod zh;
pub use inputs::{InputRecord, person_inputs, reason_columns, rules_read, team_inputs};
pub use team::{
    global_raised, split_items, split_text, table_label, team_band_tables, team_bands, team_raised,
};

/// The explanation of one figure of one entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub level: Level,
    /// The entity's index: in the team for local levels, in the month for global ones.
    pub entity: u32,
    /// The figure's name in the scheme (`excess_bonus`, `pool`); `net` for 应发合计.
    pub name: String,
    /// The figure's slot at its level (`u32::MAX` for 应发合计, which has none).
    pub slot: u32,
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
    /// The same bands, each with the value looked up and the row's outputs.
    pub choices: Vec<BandChoice>,
    /// The part of a team amount this figure took, when it splits one.
    pub split: Option<SplitPart>,
    /// The figure's aggregates and ranks, phrased: `平均(满意度，3 个survey) = 85`.
    pub aggregates: Vec<String>,
    /// The reasons (事由) given on the input rows the figure used, each
    /// person input's text as read (rows added up: joined with `；`).
    pub reasons: Vec<String>,
    pub result: Value,
    pub format: Format,
}

/// A band row chosen on the way to a figure, and why: the value looked up
/// lies inside the row's condition.
#[derive(Clone, Debug, PartialEq)]
pub struct BandChoice {
    /// The band table's name (`timeliness`) and label (`交付及时率档位`).
    pub table: String,
    pub label: String,
    /// The chosen row's condition as written: `95% <= X1 < 100%`.
    pub when: String,
    /// The value looked up, as (name, shown value): (`X1`, `95.7895%`), when
    /// the lookup reads a named value (not an expression).
    pub looked_up: Option<(String, String)>,
    /// The chosen row's outputs: (`per_unit`, `35.00`), (`short_share`, `9.00%`).
    pub outputs: Vec<(String, String)>,
    /// Whether the figure's own rule chose it (not a figure it read).
    pub direct: bool,
}

impl BandChoice {
    /// `交付及时率档位: 95% <= X1 < 100%` (as in [`Explanation::bands`]).
    pub fn text(&self) -> String {
        format!("{}: {}", self.label, self.when)
    }
}

/// A member's part of a team amount: the split, the case (the team's
/// composition), the member's category and share.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitPart {
    /// The split's name (`by_role`) and label (`班组内分配比例`).
    pub split: String,
    pub label: String,
    /// `1 维修工程师 + 1 助理维修员`
    pub case: String,
    /// The member's category (`维修工程师`).
    pub category: String,
    pub share: Decimal,
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
    s.step(level, slot).map(|st| &st.node)
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
    let mut split_part = None;
    let mut seen = BTreeSet::new();
    let mut counted: Vec<(u32, Level, u32)> = Vec::new();
    let mut aggregates = Vec::new();
    for ev in events(r, src, level, e, slot) {
        match *ev {
            Event::Agg { id, over, count } if seen.insert((4, over.0, id, 0)) => {
                counted.push((id, over, count));
            }
            Event::Rank { rank, of, .. } if seen.insert((5, 0, 0, 0)) => {
                aggregates.push(zh::rank_line(rank, of));
            }
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
            Event::Kept { k, index } if seen.insert((3, 0, k, index)) => {
                if let (Src::Team(v), Some(h)) = (src, &s.history) {
                    let slot = h.keep.get(index as usize).copied().unwrap_or(0);
                    let Some(d) = s.slots(Level::PERSON).get(slot as usize) else {
                        continue;
                    };
                    let past = v.data.history.get(k as usize - 1);
                    let id = v.person_text(e, s.roster.id);
                    let value = past
                        .and_then(|m| m.people.as_ref())
                        .and_then(|p| p.get(id))
                        .and_then(|vals| vals.get(index as usize))
                        .cloned()
                        .unwrap_or(Value::NotGiven);
                    let month = past.map_or("?", |m| m.month.as_str());
                    values.push((format!("{}@{month}", d.name), shown(&value, d.format)));
                }
            }
            Event::Param(i) if seen.insert((1, 0, i, 0)) => {
                if let Some(p) = s.params.get(i as usize) {
                    values.push((p.name.clone(), shown(&p.value, p.format)));
                }
            }
            Event::Split { split, case, share } if seen.insert((2, 0, split, 0)) => {
                if let (Src::Team(v), Some(t)) = (src, s.splits.get(split as usize)) {
                    values.push((t.name.clone(), split_share(s, v, split, case, share, e)));
                    if split_part.is_none() {
                        split_part = Some(SplitPart {
                            split: t.name.clone(),
                            label: t.label.clone(),
                            case: t
                                .cases
                                .get(case as usize)
                                .map(|c| t.describe(&c.counts))
                                .unwrap_or_default(),
                            category: v.person_text(e, t.by_slot).to_string(),
                            share,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    // Bands and input rows: of this figure and, transitively, of what it read.
    let walk::Walked {
        bands,
        choices,
        rows,
        cut: walk_cut,
    } = walk::walk(r, src, (level, e, slot));
    let result = src.value(level, e, slot).clone();
    let format = def.map_or(Format::Number, |d| d.format);
    let node = step_node(s, level, slot);
    let result_text = shown(&result, format);
    for (id, over, count) in counted {
        aggregates.extend(zh::aggregate_line(s, node, id, over, count, &result_text));
    }
    if walk_cut {
        aggregates.push(format!(
            "… 所依据的数值超过 {} 项，其余的档位与输入行未列出",
            walk::MAX_WALK
        ));
    }
    let mut reasons = Vec::new();
    // A reason explains an amount: none beside a zero.
    let counts = !matches!(result, Value::Num(d) if d.is_zero());
    if let (Src::Team(v), true) = (src, level == Level::PERSON && counts) {
        for (input, rslot) in reason_columns(s) {
            if rows.iter().any(|&(i, _)| i as usize == input)
                && let crate::model::Value::Text(t) = v.person_value(e, rslot)
                && !t.is_empty()
            {
                reasons.push(t.to_string());
            }
        }
    }
    Explanation {
        level,
        entity: e,
        name: def.map_or_else(String::new, |d| d.name.clone()),
        slot,
        subject: subject.to_string(),
        rule,
        inputs: rows.into_iter().map(|(i, row)| r.cite(i, row)).collect(),
        values,
        bands,
        choices,
        split: split_part,
        aggregates,
        reasons,
        result,
        format,
    }
}

pub(crate) fn band_label(t: &crate::scheme::band::BandTable) -> &str {
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
            name: "net".into(),
            slot: u32::MAX,
            subject: "应发合计".into(),
            rule: format!("{} + 奖金合计 - 扣款合计", s.base_label),
            inputs: Vec::new(),
            values: vec![
                (s.base_label.clone(), format_cents(t.base)),
                ("奖金合计".into(), format_cents(t.bonus)),
                ("扣款合计".into(), format_cents(t.deduction)),
            ],
            bands: Vec::new(),
            choices: Vec::new(),
            split: None,
            aggregates: Vec::new(),
            reasons: Vec::new(),
            result: Value::Num(t.net),
            format: Format::Money,
        });
    }
    out
}

/// The explanation of one local figure: slot `slot` of entity (level, e) of
/// the team, under the slot's label.
pub fn figure(r: &Report, v: &TeamView, level: Level, e: u32, slot: u32) -> Explanation {
    let label = r
        .scheme
        .slots(level)
        .get(slot as usize)
        .map_or("", |d| d.label.as_str());
    explain(r, Src::Team(v), level, e, slot, label)
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
    rules_where(r, src, level, e, |_| true)
}

fn rules_where(
    r: &Report,
    src: Src,
    level: Level,
    e: u32,
    keep: impl Fn(u32) -> bool,
) -> Vec<Explanation> {
    r.scheme
        .slots(level)
        .iter()
        .enumerate()
        .filter(|(i, d)| matches!(d.source, SlotSource::Rule { .. }) && keep(*i as u32))
        .map(|(i, d)| explain(r, src, level, e, i as u32, &d.label))
        .collect()
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
