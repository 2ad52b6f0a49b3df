//! One team's share of the month, loaded for computing: the team, its
//! members and their rows, with room for every rule's value. The engine
//! computes a chunk, hands it to the outputs and reuses it for the next team,
//! so memory holds one team's figures at a time, not the month's.

use super::prepare::Prepared;
use super::trace::Trace;
use crate::model::{Level, LevelKind, MonthData, Value};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// Values of the entities of one level, `stride` slots each. The count is
/// kept apart: a level may have entities and no slots at all.
#[derive(Clone, Debug, Default)]
pub struct Slots {
    pub stride: usize,
    pub values: Vec<Value>,
    count: usize,
}

impl Slots {
    pub fn with(count: usize, stride: usize) -> Slots {
        Slots {
            stride,
            values: vec![Value::Unset; count * stride],
            count,
        }
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// Empties it for entities of `stride` slots.
    fn reset(&mut self, stride: usize) {
        self.stride = stride;
        self.values.clear();
        self.count = 0;
    }

    #[inline]
    pub fn get(&self, entity: u32, slot: u32) -> &Value {
        if slot as usize >= self.stride {
            return &Value::Unset;
        }
        self.values
            .get(entity as usize * self.stride + slot as usize)
            .unwrap_or(&Value::Unset)
    }

    #[inline]
    pub fn set(&mut self, entity: u32, slot: u32, v: Value) {
        if slot as usize >= self.stride {
            return;
        }
        if let Some(cell) = self
            .values
            .get_mut(entity as usize * self.stride + slot as usize)
        {
            *cell = v;
        }
    }

    pub fn row(&self, entity: u32) -> &[Value] {
        let start = entity as usize * self.stride;
        self.values.get(start..start + self.stride).unwrap_or(&[])
    }

    /// Appends an entity whose first values are `inputs`, the rest unset.
    fn push(&mut self, inputs: &[Value]) {
        let n = inputs.len().min(self.stride);
        self.values
            .extend_from_slice(inputs.get(..n).unwrap_or(&[]));
        self.values
            .extend(std::iter::repeat_n(Value::Unset, self.stride - n));
        self.count += 1;
    }
}

/// A rows level's rows in the chunk, grouped by owner.
#[derive(Clone, Debug, Default)]
pub struct ChunkRows {
    /// Each chunk row's index in the level's [`crate::model::RowsData`].
    pub global: Vec<u32>,
    /// Each chunk row's owner (a member's position, or 0 for the team).
    pub owner: Vec<u32>,
    /// The rows of owner `o` are `start[o]..start[o + 1]`.
    pub start: Vec<u32>,
}

impl ChunkRows {
    pub fn of(&self, owner: u32) -> std::ops::Range<u32> {
        let a = self.start.get(owner as usize).copied().unwrap_or(0);
        let b = self.start.get(owner as usize + 1).copied().unwrap_or(a);
        a..b
    }
}

/// A split's result for the chunk's team: the case and every member's part.
/// The chunk keeps it from team to team for its room (no allocation per
/// team): it holds the current team's split only when `done`.
#[derive(Clone, Debug, Default)]
pub struct SplitParts {
    /// The split table.
    pub split: u32,
    pub case: u32,
    pub shares: Vec<Decimal>,
    pub parts: Vec<Decimal>,
    pub done: bool,
}

/// Empties a split cache for a new team, `n` slots, keeping computed splits'
/// room (marked not done).
pub fn reset_splits(splits: &mut Vec<Option<Result<SplitParts, ()>>>, n: usize) {
    splits.truncate(n);
    for slot in splits.iter_mut() {
        match slot {
            Some(Ok(p)) => p.done = false,
            _ => *slot = None,
        }
    }
    splits.resize(n, None);
}

/// One team's entities and their values.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    /// The team's index in the month.
    pub team: u32,
    /// The members' indices in the month, in roster order.
    pub people: Vec<u32>,
    /// Per level index: the values of the chunk's entities (local levels only).
    pub slots: Vec<Slots>,
    /// Per level index: the chunk's rows (rows levels only).
    pub rows: Vec<ChunkRows>,
    /// Per level index: the team's entity at each global level.
    pub up: Vec<u32>,
    /// Per split cache: the team's split, once computed (`Err`: it failed).
    pub splits: Vec<Option<Result<SplitParts, ()>>>,
    /// Per rank: the sorted values of a rank within the team, once collected.
    pub ranks: Vec<Option<Vec<Decimal>>>,
    pub trace: Trace,
}

impl Chunk {
    /// Loads team `t` (clearing what the chunk held).
    pub fn load(&mut self, scheme: &Scheme, data: &MonthData, prep: &Prepared, t: u32) {
        let levels = &scheme.levels;
        let n = levels.len();
        self.team = t;
        self.people.clear();
        self.people.extend_from_slice(prep.team_members(t));
        self.slots.resize_with(n, Slots::default);
        self.rows.resize_with(n, ChunkRows::default);
        self.up.resize(n, 0);
        reset_splits(&mut self.splits, scheme.split_caches as usize);
        self.ranks.clear();
        self.ranks.resize(scheme.ranks as usize, None);
        let mut data_rows = 0usize;
        for (level, def) in levels.all() {
            let li = level.index();
            let stride = scheme.slots(level).len();
            let slots = &mut self.slots[li];
            slots.reset(stride);
            let rows = &mut self.rows[li];
            rows.global.clear();
            rows.owner.clear();
            rows.start.clear();
            match def.kind {
                LevelKind::Person => {
                    for &p in &self.people {
                        slots.push(data.people.row(p as usize));
                    }
                }
                LevelKind::Team => slots.push(data.teams.row(t as usize)),
                LevelKind::Group { .. } | LevelKind::Month => {
                    self.up[li] = prep
                        .team_up
                        .get(li)
                        .and_then(|u| u.get(t as usize))
                        .copied()
                        .unwrap_or(0);
                }
                LevelKind::Rows { .. } => {
                    let source = data.rows.get(data_rows);
                    data_rows += 1;
                    let (Some(source), Some(Some(index))) = (source, prep.rows.get(li)) else {
                        rows.start.push(0);
                        continue;
                    };
                    let owners: Vec<u32> = if def.parent == Some(Level::TEAM) {
                        vec![t]
                    } else {
                        self.people.clone()
                    };
                    rows.start.push(0);
                    for (local, &o) in owners.iter().enumerate() {
                        for &r in index.of(o) {
                            rows.global.push(r);
                            rows.owner.push(local as u32);
                            let start = r as usize * source.stride;
                            slots.push(
                                source
                                    .values
                                    .get(start..start + source.stride)
                                    .unwrap_or(&[]),
                            );
                        }
                        rows.start.push(rows.global.len() as u32);
                    }
                }
            }
        }
    }

    /// How many entities of `level` the chunk holds (0 for global levels).
    pub fn count(&self, level: Level) -> usize {
        self.slots.get(level.index()).map_or(0, Slots::count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn resetting_splits_keeps_room_and_forgets_results() {
        let done = SplitParts {
            split: 1,
            case: 2,
            shares: vec![dec!(0.6), dec!(0.4)],
            parts: vec![dec!(315), dec!(210)],
            done: true,
        };
        let mut cache = vec![Some(Ok(done)), Some(Err(())), None];
        reset_splits(&mut cache, 4);
        // Four slots: the computed split kept for its room, not done (so
        // never read as this team's); the failure and the new slot empty.
        assert_eq!(cache.len(), 4);
        assert!(matches!(cache.first(), Some(Some(Ok(p))) if !p.done && p.parts.capacity() >= 2));
        assert!(cache.iter().skip(1).all(Option::is_none));
        // Fewer slots (another scheme): cut down.
        reset_splits(&mut cache, 1);
        assert_eq!(cache.len(), 1);
    }
}
