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
use scratch::Refill;
pub use scratch::Scratch;
use std::collections::BTreeSet;
use std::fmt::Write as _;

mod build;
use crate::digits;
mod inputs;
mod scratch;
mod team;
mod template;
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
#[derive(Clone, Debug, Default, PartialEq)]
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
    let mut out = String::new();
    shown_into(&mut out, v, format);
    out
}

/// [`shown`], written at the end of `out`.
pub fn shown_into(out: &mut String, v: &Value, format: Format) {
    match (v, format) {
        (Value::Num(d), Format::Percent) => percent_into(out, *d),
        (Value::Failed, _) => out.push_str("(未能计算)"),
        // As `value_text` shows a number, without its String.
        (Value::Num(d), Format::Money) => digits::push_cents(out, *d),
        (Value::Num(d), _) => digits::push_decimal(out, d.normalize()),
        _ => out.push_str(&value_text(v, format)),
    }
}

/// `0.9578947…` → `95.7895%`; `0.95` → `95.00%`. A ratio too large to be
/// shown as percent (× 100 would not fit a decimal) is shown as the ratio
/// itself times 100%, `9000000000000000000000000000 × 100%`, exact rather
/// than a rounded or wrong percent.
pub fn percent_text(ratio: Decimal) -> String {
    let mut out = String::new();
    percent_into(&mut out, ratio);
    out
}

/// [`percent_text`], written at the end of `out`.
pub fn percent_into(out: &mut String, ratio: Decimal) {
    let Some(p) = ratio.checked_mul(Decimal::ONE_HUNDRED) else {
        let _ = write!(out, "{} × 100%", ratio.normalize());
        return;
    };
    let mut p = p
        .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    if p.scale() <= 2 {
        p.rescale(2);
    }
    digits::push_decimal(out, p);
    out.push('%');
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

/// How much of an [`Explanation`] is built.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// All of it.
    All,
    /// What 班组明细's text reads ([`zh::Phrasing::figure_text`]): not
    /// the rule as written (`rule`) nor the bands as text (`bands`, left
    /// empty), and of the band choices only those of the figure's own
    /// rule (`direct`).
    Direct,
}

/// A figure to explain: slot `slot` of entity (level, entity) of a team
/// (local levels) or the month (global levels), under the rule's label.
#[derive(Clone, Copy)]
pub struct Figure<'v, 'a> {
    src: Src<'v, 'a>,
    pub level: Level,
    pub entity: u32,
    pub slot: u32,
    /// What the figure is: the label of its rule.
    pub subject: &'v str,
}

impl<'a> Figure<'_, 'a> {
    /// The figure's value.
    pub fn result(&self) -> &'a Value {
        self.src.value(self.level, self.entity, self.slot)
    }

    /// How the figure's value is shown.
    pub fn format(&self, s: &Scheme) -> Format {
        s.slots(self.level)
            .get(self.slot as usize)
            .map_or(Format::Number, |d| d.format)
    }

    /// The figure's explanation.
    pub fn explain(&self, r: &Report) -> Explanation {
        let mut x = Explanation::empty();
        self.explain_into(r, Detail::All, &mut x, &mut Scratch::default());
        x
    }

    /// The figure's explanation, as much as `detail` says, written over
    /// `x` (its strings and vectors reused) with the buffers of `sc`.
    pub fn explain_into(&self, r: &Report, detail: Detail, x: &mut Explanation, sc: &mut Scratch) {
        let at = (self.level, self.entity, self.slot);
        build::explain_into(r, self.src, at, self.subject, detail, x, sc);
    }
}

impl Explanation {
    /// An explanation of nothing, to be written over ([`Figure::explain_into`]).
    pub fn empty() -> Explanation {
        Explanation {
            level: Level::PERSON,
            entity: 0,
            name: String::new(),
            slot: 0,
            subject: String::new(),
            rule: String::new(),
            inputs: Vec::new(),
            values: Vec::new(),
            bands: Vec::new(),
            choices: Vec::new(),
            split: None,
            aggregates: Vec::new(),
            reasons: Vec::new(),
            result: Value::Unset,
            format: Format::Number,
        }
    }
}

/// Explains slot `slot` of entity (level, e), local to the team or global.
fn explain(r: &Report, src: Src, level: Level, e: u32, slot: u32, subject: &str) -> Explanation {
    let figure = Figure {
        src,
        level,
        entity: e,
        slot,
        subject,
    };
    figure.explain(r)
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
        .iter()
        .map(|f| f.explain(r))
        .collect()
}

/// The rule figures of entity (level, e) that `keep` keeps, in the scheme's order.
fn rules_where<'v, 'a>(
    r: &'v Report,
    src: Src<'v, 'a>,
    level: Level,
    e: u32,
    keep: impl Fn(u32) -> bool,
) -> Vec<Figure<'v, 'a>> {
    r.scheme
        .slots(level)
        .iter()
        .enumerate()
        .filter(|(i, d)| matches!(d.source, SlotSource::Rule { .. }) && keep(*i as u32))
        .map(|(i, d)| Figure {
            src,
            level,
            entity: e,
            slot: i as u32,
            subject: &d.label,
        })
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
