//! Schemes (方案): the rules of one department, loaded from TOML and compiled
//! once into a plan the engine runs without name lookups.
//!
//! `doc.rs` walks the document with spans; `load/` turns it into a
//! [`Scheme`] (expressions resolved, types and units checked, band tables and
//! splits checked, rules ordered by dependency); `band.rs` and `split.rs` are
//! the two table kinds; `order.rs` orders rules and reports cycles.

pub mod band;
pub mod doc;
pub mod load;
pub mod order;
pub mod split;

use crate::expr::types::Type;
use crate::model::{Level, Levels, Node, Value};
use crate::month::Month;
use band::BandTable;
use rust_decimal::Decimal;
use split::SplitTable;

pub use load::{load, load_file};

/// How a value is shown in sheets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Money,
    Percent,
    Integer,
    Number,
    Text,
    YesNo,
    Date,
}

/// The type a column of an input holds: the input reader's value kinds.
pub use crate::input::value::ValueKind as ColumnType;

impl ColumnType {
    pub fn parse(s: &str) -> Option<ColumnType> {
        Some(match s {
            "id" => ColumnType::Id,
            "text" => ColumnType::Text,
            "integer" => ColumnType::Integer,
            "number" | "decimal" => ColumnType::Decimal,
            "money" => ColumnType::Money,
            "percent" => ColumnType::Percent,
            "yes/no" | "bool" => ColumnType::Bool,
            "date" => ColumnType::Date,
            _ => return None,
        })
    }

    pub const NAMES: &'static str = "id, text, integer, number, money, percent, yes/no, date";

    pub fn ty(self) -> Type {
        match self {
            ColumnType::Id | ColumnType::Text => Type::Text,
            ColumnType::Integer | ColumnType::Decimal | ColumnType::Percent => Type::NUMBER,
            ColumnType::Money => Type::MONEY,
            ColumnType::Bool => Type::Bool,
            ColumnType::Date => Type::Date,
        }
    }

    pub fn format(self) -> Format {
        match self {
            ColumnType::Id | ColumnType::Text => Format::Text,
            ColumnType::Integer => Format::Integer,
            ColumnType::Decimal => Format::Number,
            ColumnType::Money => Format::Money,
            ColumnType::Percent => Format::Percent,
            ColumnType::Bool => Format::YesNo,
            ColumnType::Date => Format::Date,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub label: String,
    /// A number, yes/no (`type = "yes/no"`) or text (`type = "text"`).
    pub value: Value,
    pub ty: Type,
    pub format: Format,
}

#[derive(Clone, Debug)]
pub struct ColumnSpec {
    pub name: String,
    pub header: String,
    pub ty: ColumnType,
    /// The cell may be empty; it then takes `default` (or is an error if there is none).
    pub default: Option<Value>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub one_of: Vec<String>,
    /// A bare number in a percent column means points (95 → 95%) rather than a fraction.
    pub percent_points: bool,
    /// A blank cell is "not given" (a value distinct from 0) rather than an error.
    pub optional: bool,
    /// The slot this column fills, at the input's level; `None` for a person input's key.
    pub slot: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// The people of the month, one row each: defines persons and their teams.
    Roster,
    /// One row per team, joined by the team column.
    Team,
    /// Rows joined to persons by their ID; persons without rows take the defaults.
    Person,
}

/// How many rows of a person or team input one person or team may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowsMode {
    /// At most one; a missing row takes the defaults (or is "not given").
    AtMostOne,
    /// Exactly one: a missing or duplicate row is an error naming the person or team.
    One,
    /// Any number, added up into one (numbers summed, texts joined).
    Sum,
    /// Any number, kept as rows: the input is a rows level of its own.
    Many,
}

#[derive(Clone, Debug)]
pub struct InputSpec {
    pub name: String,
    pub label: String,
    /// The file's name without extension, looked up as .csv, .xlsx, .xls or .ods.
    pub file: String,
    pub kind: InputKind,
    /// The column joining rows to persons or teams.
    pub key: usize,
    /// How many rows a person or team may have.
    pub rows: RowsMode,
    /// The file may be missing: every person or team then takes the defaults.
    pub optional: bool,
    pub columns: Vec<ColumnSpec>,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub total_row: bool,
    /// A team row with no person on the roster is an error (true) or a warning.
    pub unmatched_is_error: bool,
}

impl InputSpec {
    /// The level the input's rows join to (its rows level's parent for `rows = "many"`).
    pub fn owner(&self) -> Level {
        if self.kind == InputKind::Team {
            Level::TEAM
        } else {
            Level::PERSON
        }
    }

    pub fn sum_rows(&self) -> bool {
        self.rows == RowsMode::Sum
    }
}

/// Where a slot's values come from.
#[derive(Clone, Debug)]
pub enum SlotSource {
    Input { input: usize, column: usize },
    Rule { expr: String, line: u32 },
}

#[derive(Clone, Debug)]
pub struct SlotDef {
    pub name: String,
    pub label: String,
    pub ty: Type,
    pub format: Format,
    pub source: SlotSource,
    /// Names the rule reads, for explanations.
    pub reads: Vec<String>,
    /// `show = true`: a result a reader sees (JSON `people[].values`, a
    /// column of 汇总, a line of 工资条).
    pub show: bool,
}

/// One computation of the plan: a rule's slot, for every entity of its level.
#[derive(Clone, Debug)]
pub struct Step {
    pub level: Level,
    pub slot: u32,
    pub node: Node,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Bonus,
    Deduction,
    /// Either way: a positive amount is a bonus, a negative one a deduction.
    Adjustment,
}

impl ItemKind {
    pub fn word(self) -> &'static str {
        match self {
            ItemKind::Bonus => "bonus",
            ItemKind::Deduction => "deduction",
            ItemKind::Adjustment => "adjustment",
        }
    }
}

/// A line item on the payslip: a person slot that holds a rounded amount, ≥ 0
/// for a bonus or a deduction, of either sign for an adjustment.
#[derive(Clone, Debug)]
pub struct Item {
    pub code: String,
    pub label: String,
    pub kind: ItemKind,
    pub slot: u32,
}

/// A yes/no rule whose `true` is reported as a warning (not competent, dismissal
/// warning…), or with `severity = "error"` refuses the month.
#[derive(Clone, Debug)]
pub struct Flag {
    pub code: String,
    pub label: String,
    pub level: Level,
    pub slot: u32,
    /// A check: when set, the month is refused (bad data such as QC failures
    /// above units repaired) instead of flagged.
    pub is_error: bool,
}

/// The roster's fixed columns, as person slots.
#[derive(Clone, Debug)]
pub struct RosterSlots {
    pub input: usize,
    pub id: u32,
    pub name: u32,
    pub team: u32,
    pub role: Option<u32>,
}

/// `[history]`: the person values archived in each month's manifest for
/// later months, and how far back rules may read.
#[derive(Clone, Debug)]
pub struct HistorySpec {
    /// Person slots kept, in the order `keep` names them.
    pub keep: Vec<u32>,
    /// Rules read at most this many months back.
    pub months: u32,
}

/// A checked, compiled scheme.
#[derive(Clone, Debug)]
pub struct Scheme {
    /// The file name it was read from, as given.
    pub file: String,
    /// SHA-256 of the scheme file's bytes.
    pub sha256: String,
    pub id: String,
    pub name: String,
    pub version: String,
    pub effective_from: Month,
    pub effective_until: Option<Month>,
    /// Items and the base salary are rounded to this many places, half away from zero.
    pub rounding_places: u32,
    pub params: Vec<Param>,
    pub inputs: Vec<InputSpec>,
    pub bands: Vec<BandTable>,
    pub splits: Vec<SplitTable>,
    /// The levels: person, team, declared groups, month, rows levels.
    pub levels: Levels,
    /// Per level index: its slots, input columns first.
    pub level_slots: Vec<Vec<SlotDef>>,
    /// Rules in dependency order.
    pub plan: Vec<Step>,
    /// Per level index, per slot: the index of its rule in `plan`
    /// (`u32::MAX` for an input column), for [`Scheme::step`].
    pub step_of: Vec<Vec<u32>>,
    pub items: Vec<Item>,
    pub base_slot: u32,
    pub base_label: String,
    pub flags: Vec<Flag>,
    pub roster: RosterSlots,
    /// How many split results a team keeps (one per split in the rules).
    pub split_caches: u32,
    /// How many aggregates and ranks the rules hold (their ids).
    pub aggregates: u32,
    pub ranks: u32,
    /// What earlier months' results rules read, if any.
    pub history: Option<HistorySpec>,
}

impl Scheme {
    /// The compiled rule of figure `(level, slot)`, found without a search.
    pub fn step(&self, level: Level, slot: u32) -> Option<&Step> {
        let at = *self.step_of.get(level.index())?.get(slot as usize)?;
        self.plan.get(at as usize)
    }

    pub fn slots(&self, level: Level) -> &[SlotDef] {
        self.level_slots
            .get(level.index())
            .map_or(&[], Vec::as_slice)
    }

    /// How many of `level`'s slots hold input columns (they come first).
    pub fn input_slots(&self, level: Level) -> usize {
        self.slots(level)
            .iter()
            .take_while(|d| matches!(d.source, SlotSource::Input { .. }))
            .count()
    }

    /// The slot named `name` at `level`.
    pub fn slot_named(&self, level: Level, name: &str) -> Option<u32> {
        self.slots(level)
            .iter()
            .position(|d| d.name == name)
            .map(|i| i as u32)
    }

    /// Whether this scheme is in force for `month`.
    pub fn in_force(&self, month: Month) -> bool {
        self.effective_from <= month && self.effective_until.is_none_or(|u| month <= u)
    }
}
