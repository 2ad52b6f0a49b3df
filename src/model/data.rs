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
    count: usize,
    /// (entity, row) in the order rows were joined, until [`Table::seal`].
    joined: Vec<(u32, RowRef)>,
    /// After [`Table::seal`]: entity `e`'s rows are `sources[start[e]..start[e + 1]]`.
    start: Vec<u32>,
    sources: Vec<RowRef>,
}

impl Table {
    pub fn new(stride: usize) -> Table {
        Table {
            stride,
            ..Table::default()
        }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
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

    /// Entity `e`'s input rows, in the order they were joined (the roster row
    /// first for a person). Empty before [`Table::seal`].
    pub fn sources(&self, e: usize) -> &[RowRef] {
        let (Some(&a), Some(&b)) = (self.start.get(e), self.start.get(e + 1)) else {
            return &[];
        };
        self.sources.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// Adds an entity with all values unset.
    pub fn push_unset(&mut self) -> usize {
        self.values
            .extend(std::iter::repeat_n(Value::Unset, self.stride));
        self.count += 1;
        self.count - 1
    }

    /// Records that entity `e` was joined with `row`.
    pub fn add_source(&mut self, e: usize, row: RowRef) {
        self.joined.push((e as u32, row));
    }

    /// Groups the joined rows by entity (a counting sort, keeping their
    /// order): 8 bytes a row, no allocation per entity.
    pub fn seal(&mut self) {
        let mut start = vec![0u32; self.count + 1];
        for (e, _) in &self.joined {
            if let Some(c) = start.get_mut(*e as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let mut sources = vec![RowRef { input: 0, row: 0 }; self.joined.len()];
        for (e, r) in std::mem::take(&mut self.joined) {
            if let Some(n) = next.get_mut(e as usize) {
                if let Some(s) = sources.get_mut(*n as usize) {
                    *s = r;
                }
                *n += 1;
            }
        }
        self.start = start;
        self.sources = sources;
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

/// An earlier month's archived results, as history rules read them.
#[derive(Clone, Debug, Default)]
pub struct PastMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Per person ID: the kept values (`[history] keep`, in that order);
    /// `None` when the month has no archive.
    pub people: Option<std::collections::HashMap<String, Vec<Value>>>,
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
    /// The earlier months history rules read: one month back first.
    pub history: Vec<PastMonth>,
}
