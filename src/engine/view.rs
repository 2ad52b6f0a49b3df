//! What the engine hands to the outputs: one team at a time ([`TeamView`]:
//! its figures, its people's totals, its flags and the trace), then the month
//! ([`MonthView`]: the groups' and month's figures and the running totals).

use super::chunk::Chunk;
use super::eval::GlobalValues;
use super::prepare::Prepared;
use super::trace::{Event, Trace};
use crate::model::{Level, MonthData, RowRef, Value};
use crate::month::Month;
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// A person's totals: bonuses, deductions and net pay, from rounded items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub base: Decimal,
    pub bonus: Decimal,
    pub deduction: Decimal,
    pub net: Decimal,
}

/// Running sums over the month.
#[derive(Clone, Debug, Default)]
pub struct Sums {
    pub people: u64,
    pub teams: u64,
}

impl Sums {
    pub fn add(&mut self, _t: &Totals) {
        self.people += 1;
    }
}

/// A warning flag that is set: for a local level `entity` is the index in
/// the team's chunk; for a global level, in the month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagHit {
    pub flag: usize,
    pub level: Level,
    pub entity: u32,
}

/// One team, computed.
pub struct TeamView<'a> {
    pub scheme: &'a Scheme,
    pub data: &'a MonthData,
    pub prep: &'a Prepared,
    pub month: Month,
    pub chunk: &'a Chunk,
    pub globals: &'a GlobalValues,
    /// Per member, in roster order.
    pub totals: &'a [Totals],
    pub flags: &'a [FlagHit],
}

impl<'a> TeamView<'a> {
    pub fn id(&self) -> &'a str {
        self.data
            .team_ids
            .get(self.chunk.team as usize)
            .map_or("", String::as_str)
    }

    /// The team's index in the month.
    pub fn index(&self) -> u32 {
        self.chunk.team
    }

    pub fn members(&self) -> u32 {
        self.chunk.count(Level::PERSON) as u32
    }

    /// The month's index of member `p`.
    pub fn person_index(&self, p: u32) -> u32 {
        self.chunk.people.get(p as usize).copied().unwrap_or(0)
    }

    /// Slot `slot` of local entity (level, e).
    pub fn value(&self, level: Level, e: u32, slot: u32) -> &'a Value {
        if self.scheme.levels.is_global(level) {
            let g = self.chunk.up.get(level.index()).copied().unwrap_or(0);
            return self
                .globals
                .slots
                .get(level.index())
                .map_or(&Value::Unset, |s| s.get(g, slot));
        }
        self.chunk
            .slots
            .get(level.index())
            .map_or(&Value::Unset, |s| s.get(e, slot))
    }

    pub fn person_value(&self, p: u32, slot: u32) -> &'a Value {
        self.value(Level::PERSON, p, slot)
    }

    pub fn team_value(&self, slot: u32) -> &'a Value {
        self.value(Level::TEAM, 0, slot)
    }

    /// The text of a member's slot (roster columns), or "".
    pub fn person_text(&self, p: u32, slot: u32) -> &'a str {
        self.person_value(p, slot).text().unwrap_or("")
    }

    /// The events of (level, e, slot); a global level's are in the month's trace.
    pub fn trace(&self, level: Level, e: u32, slot: u32) -> &'a [Event] {
        self.chunk.trace.of(level, e, slot)
    }

    /// The input rows of member `p` (roster row first).
    pub fn person_sources(&self, p: u32) -> &'a [RowRef] {
        self.data.people.sources(self.person_index(p) as usize)
    }

    pub fn team_sources(&self) -> &'a [RowRef] {
        self.data.teams.sources(self.chunk.team as usize)
    }

    /// The spreadsheet row of rows-level entity `e`.
    pub fn row_number(&self, level: Level, e: u32) -> Option<RowRef> {
        let input = match self.scheme.levels.get(level).map(|d| &d.kind) {
            Some(crate::model::LevelKind::Rows { input }) => *input as u32,
            _ => return None,
        };
        let g = *self.chunk.rows.get(level.index())?.global.get(e as usize)?;
        let rows = self.data.rows.iter().find(|r| r.input == input)?;
        Some(RowRef {
            input,
            row: *rows.rows.get(g as usize)?,
        })
    }
}

/// The month, after every team.
pub struct MonthView<'a> {
    pub scheme: &'a Scheme,
    pub data: &'a MonthData,
    pub prep: &'a Prepared,
    pub month: Month,
    pub globals: &'a GlobalValues,
    /// The global levels' trace.
    pub trace: &'a Trace,
    pub flags: &'a [FlagHit],
    pub totals: &'a Sums,
}

impl<'a> MonthView<'a> {
    pub fn value(&self, level: Level, e: u32, slot: u32) -> &'a Value {
        self.globals
            .slots
            .get(level.index())
            .map_or(&Value::Unset, |s| s.get(e, slot))
    }

    pub fn ids(&self, level: Level) -> &'a [String] {
        self.prep.ids.get(level.index()).map_or(&[], Vec::as_slice)
    }
}
