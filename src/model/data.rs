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
///
/// The values are kept in chunks of a fixed number of entities, each chunk
/// allocated once at its full size: a month of 100,000 people never copies
/// its table to grow it, so it holds no freed half-size copy and no doubling
/// slack (the last chunk's unused end is never written).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub stride: usize,
    /// Entities per chunk, as a power of two: `1 << shift`.
    shift: u32,
    chunks: Vec<Vec<Value>>,
    count: usize,
    /// (entity, row) in the order rows were joined, until [`Table::seal`].
    joined: Vec<(u32, RowRef)>,
    /// After [`Table::seal`]: entity `e`'s rows are `sources[start[e]..start[e + 1]]`.
    start: Vec<u32>,
    sources: Vec<RowRef>,
}

/// About how many values a chunk holds (384 KiB of 24-byte values).
const CHUNK_VALUES: usize = 16 * 1024;

impl Table {
    pub fn new(stride: usize) -> Table {
        // The largest power of two of entities whose values fit in a chunk
        // (at least one entity).
        let per_chunk = (CHUNK_VALUES / stride.max(1)).max(1);
        Table {
            stride,
            shift: per_chunk.ilog2(),
            ..Table::default()
        }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The chunk holding entity `e`, and where its values start in it.
    fn place(&self, e: usize) -> (usize, usize) {
        let mask = (1usize << self.shift) - 1;
        (e >> self.shift, (e & mask) * self.stride)
    }

    pub fn row(&self, e: usize) -> &[Value] {
        let (chunk, start) = self.place(e);
        self.chunks
            .get(chunk)
            .and_then(|c| c.get(start..start + self.stride))
            .unwrap_or(&[])
    }

    pub fn row_mut(&mut self, e: usize) -> &mut [Value] {
        let (chunk, start) = self.place(e);
        let stride = self.stride;
        self.chunks
            .get_mut(chunk)
            .and_then(|c| c.get_mut(start..start + stride))
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
        let (chunk, _) = self.place(self.count);
        if self.stride > 0 {
            if chunk == self.chunks.len() {
                let per_chunk = 1usize << self.shift;
                self.chunks
                    .push(Vec::with_capacity(per_chunk * self.stride));
            }
            if let Some(c) = self.chunks.get_mut(chunk) {
                c.extend(std::iter::repeat_n(Value::Unset, self.stride));
            }
        }
        self.count += 1;
        self.count - 1
    }

    /// Makes room for `n` more joined rows, exactly (one input's rows).
    pub fn reserve_sources(&mut self, n: usize) {
        self.joined.reserve_exact(n);
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

impl RowsData {
    /// Makes room for up to `rows` more rows, exactly; nothing when that
    /// much memory cannot be had (the rows then grow as they come).
    pub fn reserve(&mut self, rows: usize) {
        let _ = self.owners.try_reserve_exact(rows);
        let _ = self.rows.try_reserve_exact(rows);
        let _ = self
            .values
            .try_reserve_exact(rows.saturating_mul(self.stride));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    /// Entities across chunks keep their own values: stride 3 gives chunks
    /// of 4,096 entities (16,384 / 3 = 5,461, down to a power of two), so
    /// 10,000 entities fill two chunks and part of a third.
    #[test]
    fn rows_across_chunks() {
        let mut t = Table::new(3);
        for e in 0..10_000 {
            assert_eq!(t.push_unset(), e);
            for (i, v) in t.row_mut(e).iter_mut().enumerate() {
                *v = Value::Num(Decimal::from(e * 3 + i));
            }
        }
        assert_eq!(t.len(), 10_000);
        assert_eq!(t.chunks.len(), 3);
        for e in [0, 4_095, 4_096, 8_191, 8_192, 9_999] {
            let want: Vec<Value> = (0..3)
                .map(|i| Value::Num(Decimal::from(e * 3 + i)))
                .collect();
            assert_eq!(t.row(e), want.as_slice(), "entity {e}");
        }
        assert!(t.row(10_000).is_empty());
    }

    /// Without input values, entities are still counted.
    #[test]
    fn no_values() {
        let mut t = Table::new(0);
        assert_eq!((t.push_unset(), t.push_unset()), (0, 1));
        assert_eq!(t.len(), 2);
        assert!(t.row(1).is_empty());
    }
}
