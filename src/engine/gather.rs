//! Aggregates and ranks: folding the entities of a lower level into a count,
//! sum, average, minimum or maximum (or their "none"), and ranking an
//! entity's value among its group's (competition ranking: 1, 2, 2, 4).

use super::trace::{Event, INSIDE_LIMIT};
use crate::model::{Agg, AggOp, LevelKind, Rank, Value};
use rust_decimal::Decimal;

use super::eval::{boolean, eval};
use super::world::{Frame, Side, Stop, World, err, overflow};

/// What aggregates over a lower level gathered for one entity of a global level.
#[derive(Clone, Debug, Default)]
pub struct Acc {
    /// Entities that passed the condition.
    pub count: u32,
    /// Values taken (given values only).
    pub taken: u32,
    pub acc: Option<Decimal>,
    /// A value failed (already reported): the result fails too.
    pub failed: bool,
    pub overflow: bool,
}

impl Acc {
    pub fn add(&mut self, op: AggOp, v: Option<Decimal>) {
        self.count += 1;
        let Some(d) = v else { return };
        self.taken += 1;
        self.acc = match (op, self.acc) {
            (_, None) => Some(d),
            (AggOp::Min, Some(a)) => Some(a.min(d)),
            (AggOp::Max, Some(a)) => Some(a.max(d)),
            (_, Some(a)) => match a.checked_add(d) {
                Some(s) => Some(s),
                None => {
                    self.overflow = true;
                    Some(a)
                }
            },
        };
    }

    /// The result, or `None` when there was nothing to aggregate (`none` applies).
    pub fn finish(&self, op: AggOp) -> Result<Option<Value>, Stop> {
        if self.failed {
            return Err(Stop::Poisoned);
        }
        if self.overflow {
            return overflow();
        }
        Ok(match op {
            AggOp::Count => Some(Value::Num(Decimal::from(self.count))),
            AggOp::Sum => self.acc.map(Value::Num),
            AggOp::Avg => match self.acc {
                Some(sum) => Some(Value::Num(
                    sum.checked_div(Decimal::from(self.taken))
                        .map_or_else(overflow, Ok)?
                        .normalize(),
                )),
                None => None,
            },
            AggOp::Min | AggOp::Max => self.acc.map(Value::Num),
        })
    }
}

/// Adds entity (over, e) to `acc`: its condition, then its value.
pub fn gather(agg: &Agg, acc: &mut Acc, w: &World, e: u32, side: &mut Side) -> Result<bool, Stop> {
    let ef = Frame {
        level: agg.over,
        entity: e,
    };
    if let Some(c) = &agg.filter
        && !boolean(c, w, ef, side)?
    {
        return Ok(false);
    }
    let v = match &agg.value {
        None => None,
        Some(v) => match eval(v, w, ef, side)? {
            Value::Num(d) => Some(d),
            Value::NotGiven => None,
            other => return err(format!("expected a number, found {other:?}")),
        },
    };
    acc.add(agg.op, v);
    Ok(true)
}

pub(super) fn aggregate(agg: &Agg, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    let acc = if w.is_global(agg.at) && !w.is_global(agg.over) {
        w.globals
            .acc
            .get(agg.id as usize)
            .and_then(|a| a.get(f.entity as usize))
            .cloned()
            .unwrap_or_default()
    } else if agg.filter.is_none()
        && agg.value.is_none()
        && !w.is_global(agg.over)
        && !matches!(
            w.scheme.levels.get(agg.over).map(|d| &d.kind),
            Some(LevelKind::Rows { .. })
        )
    {
        // A bare count (`count(members)`) of local entities that are not
        // rows: every entity passes and nothing is evaluated or recorded for
        // it, so the count is the number of children (what the loop below
        // would add up, one by one).
        Acc {
            count: w.local_children(agg.at, f.entity, agg.over).len() as u32,
            ..Acc::default()
        }
    } else {
        // A global level's entities are listed; a local level's are a range
        // (no vector to allocate).
        let (global, local) = if w.is_global(agg.over) {
            let n = w.prep.count(agg.over) as u32;
            let listed: Vec<u32> = (0..n)
                .filter(|&e| w.up(agg.over, e, agg.at) == Some(f.entity))
                .collect();
            (listed, 0..0)
        } else {
            (Vec::new(), w.local_children(agg.at, f.entity, agg.over))
        };
        let entities = global.into_iter().chain(local);
        let rows_input = match w.scheme.levels.get(agg.over).map(|d| &d.kind) {
            Some(LevelKind::Rows { input }) => Some(*input as u32),
            _ => None,
        };
        let mut acc = Acc::default();
        let quiet = side.quiet;
        side.inside += 1;
        let mut result = Ok(());
        for e in entities {
            side.quiet = quiet || acc.count >= INSIDE_LIMIT;
            match gather(agg, &mut acc, w, e, side) {
                Ok(true) => {
                    if let (Some(input), false) = (rows_input, side.quiet)
                        && let Some(r) = w
                            .local
                            .rows
                            .get(agg.over.index())
                            .and_then(|c| c.global.get(e as usize))
                        && let Some(rows) = w.data.rows.iter().find(|d| d.input == input)
                        && let Some(&row) = rows.rows.get(*r as usize)
                    {
                        side.record(Event::Row { input, row });
                    }
                }
                Ok(false) => {}
                Err(s) => {
                    result = Err(s);
                    break;
                }
            }
        }
        side.inside -= 1;
        side.quiet = quiet;
        result?;
        acc
    };
    side.record_read(Event::Agg {
        id: agg.id,
        over: agg.over,
        count: acc.count,
    });
    match acc.finish(agg.op)? {
        Some(v) => Ok(v),
        None => match &agg.none {
            Some(n) => eval(n, w, f, side),
            None if agg.op == AggOp::Sum => Ok(Value::Num(Decimal::ZERO)),
            None => Ok(Value::NotGiven),
        },
    }
}

/// The values ranked, sorted, for the group entity of (r.of, f.entity).
pub(super) fn ranked(r: &Rank, w: &World, f: Frame, side: &mut Side) -> Result<Vec<Decimal>, Stop> {
    let group_global = w.is_global(r.group);
    if group_global && !w.is_global(r.of) {
        let g = w.up(r.of, f.entity, r.group).unwrap_or(0);
        return Ok(w
            .globals
            .collected
            .get(r.id as usize)
            .and_then(|c| c.get(g as usize))
            .cloned()
            .unwrap_or_default());
    }
    if let Some(Some(cached)) = side.ranks.get(r.id as usize)
        && !group_global
    {
        return Ok(cached.clone());
    }
    let entities: Vec<u32> = if group_global {
        let g = w.up(r.of, f.entity, r.group);
        (0..w.prep.count(r.of) as u32)
            .filter(|&e| w.up(r.of, e, r.group) == g)
            .collect()
    } else {
        w.local_children(r.group, 0, r.of).collect()
    };
    let quiet = side.quiet;
    side.quiet = true;
    side.inside += 1;
    let mut values = Vec::with_capacity(entities.len());
    let mut result = Ok(());
    for e in entities {
        match eval(
            &r.value,
            w,
            Frame {
                level: r.of,
                entity: e,
            },
            side,
        ) {
            Ok(Value::Num(d)) => values.push(d),
            Ok(_) => {}
            Err(s) => {
                result = Err(s);
                break;
            }
        }
    }
    side.inside -= 1;
    side.quiet = quiet;
    result?;
    values.sort_unstable();
    if !group_global && let Some(slot) = side.ranks.get_mut(r.id as usize) {
        *slot = Some(values.clone());
    }
    Ok(values)
}

/// Competition ranking: 1 + how many are strictly better.
pub fn rank_in(sorted: &[Decimal], v: Decimal, ascending: bool) -> u32 {
    let better = if ascending {
        sorted.partition_point(|x| *x < v)
    } else {
        sorted.len() - sorted.partition_point(|x| *x <= v)
    };
    better as u32 + 1
}

pub(super) fn rank(r: &Rank, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    let v = match eval(&r.value, w, f, side)? {
        Value::NotGiven => return Ok(Value::NotGiven),
        Value::Num(d) => d,
        other => return err(format!("expected a number, found {other:?}")),
    };
    let sorted = ranked(r, w, f, side)?;
    let n = rank_in(&sorted, v, r.ascending);
    side.record_read(Event::Rank {
        id: r.id,
        rank: n,
        of: sorted.len() as u32,
    });
    Ok(Value::Num(Decimal::from(n)))
}
