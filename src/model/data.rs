//! The month's records, typed and joined to the roster: what the input
//! readers hand to the engine. Only input values are held here (the first
//! `input_slots` slots of each level); rule values are computed team by team.

use super::value::Value;

/// Where a value came from: an input's row as the spreadsheet shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowRef {
    pub input: u32,
    pub row: u32,
}

/// One level's entities: `stride` input values each, and the rows they came from.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub stride: usize,
    pub values: Vec<Value>,
    /// Each entity's input rows (the roster row first for a person).
    pub sources: Vec<Vec<RowRef>>,
}

impl Table {
    pub fn new(stride: usize) -> Table {
        Table {
            stride,
            values: Vec::new(),
            sources: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    pub fn row(&self, e: usize) -> &[Value] {
        let start = e * self.stride;
        self.values.get(start..start + self.stride).unwrap_or(&[])
    }

    pub fn row_mut(&mut self, e: usize) -> &mut [Value] {
        let start = e * self.stride;
        self.values
            .get_mut(start..start + self.stride)
            .unwrap_or(&mut [])
    }

    pub fn sources(&self, e: usize) -> &[RowRef] {
        self.sources.get(e).map_or(&[], Vec::as_slice)
    }

    /// Adds an entity with all values unset.
    pub fn push_unset(&mut self, sources: Vec<RowRef>) {
        self.values
            .extend(std::iter::repeat_n(Value::Unset, self.stride));
        self.sources.push(sources);
    }
}

/// The rows of an input kept as rows (`rows = "many"`), in file order.
#[derive(Clone, Debug, Default)]
pub struct RowsData {
    /// The person or team each row belongs to.
    pub owners: Vec<u32>,
    /// `stride` values per row (the input's columns, key included).
    pub stride: usize,
    pub values: Vec<Value>,
    /// Each row's number as the spreadsheet shows it.
    pub rows: Vec<u32>,
    /// The input the rows came from.
    pub input: u32,
}

/// The month's records, typed and joined.
#[derive(Clone, Debug, Default)]
pub struct MonthData {
    /// Team IDs, in order of first appearance on the roster.
    pub team_ids: Vec<String>,
    /// Team input values (team slots `0..stride`).
    pub teams: Table,
    /// Each person's team.
    pub person_team: Vec<u32>,
    /// Person input values (roster and person inputs), in roster order.
    pub people: Table,
    /// One per rows level, in level order.
    pub rows: Vec<RowsData>,
    /// Each input's file as read (`repairs.csv`), `None` when it was not read.
    pub files: Vec<Option<String>>,
}
