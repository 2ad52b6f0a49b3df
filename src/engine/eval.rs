//! Evaluating a compiled [`Node`] for one entity, over exact decimals.
//!
//! Pure: reads the values already computed (the [`World`]), returns a value
//! or why it could not, and — when tracing — records what it read and chose.
//! Checked arithmetic throughout: an overflow, a division by zero or a value
//! that is not given is an error naming what happened, never a panic or a
//! silent wrong figure.

use super::chunk::{ChunkRows, Slots, SplitParts};
use super::prepare::Prepared;
use super::trace::{Event, Events, INSIDE_LIMIT};
use crate::expr::ast::BinOp;
use crate::model::{Agg, AggOp, Level, LevelKind, MonthData, Node, Rank, Value};
use crate::money::{round_half_away, split_exact_to};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// The entities of the local levels being computed: one team's.
#[derive(Clone, Copy)]
pub struct Local<'a> {
    pub team: u32,
    pub people: &'a [u32],
    pub slots: &'a [Slots],
    pub rows: &'a [ChunkRows],
    /// The team's entity at each global level.
    pub up: &'a [u32],
}

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

/// The values of the global levels (groups and the month) and what the
/// passes over the teams gathered for them.
#[derive(Clone, Debug, Default)]
pub struct GlobalValues {
    /// Per level index (global levels only).
    pub slots: Vec<Slots>,
    /// Per aggregate id: one accumulator per entity of the aggregate's level
    /// (aggregates of a global level over a local one).
    pub acc: Vec<Vec<Acc>>,
    /// Per rank id: per group entity, the sorted values ranked (ranks of a
    /// local level within a global group).
    pub collected: Vec<Vec<Vec<Decimal>>>,
}

/// Everything an expression can read.
#[derive(Clone, Copy)]
pub struct World<'a> {
    pub scheme: &'a Scheme,
    pub data: &'a MonthData,
    pub prep: &'a Prepared,
    pub local: Local<'a>,
    pub globals: &'a GlobalValues,
}

/// Why a value could not be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A new problem, to be reported with the rule and entity.
    Error(String),
    /// Depends on a value whose failure was already reported.
    Poisoned,
    /// A problem of the whole team (a composition with no split), reported once per team.
    Team(String),
}

/// What evaluation writes besides the value.
pub struct Side<'a> {
    pub splits: &'a mut Vec<Option<Result<SplitParts, ()>>>,
    pub ranks: &'a mut Vec<Option<Vec<Decimal>>>,
    /// Where events go, when tracing.
    pub trace: Option<&'a mut Events>,
    /// Inside an aggregate: reads are not recorded, bands only for the first few entities.
    pub inside: u32,
    pub quiet: bool,
}

impl Side<'_> {
    fn record(&mut self, e: Event) {
        if !self.quiet
            && let Some(t) = self.trace.as_deref_mut()
        {
            t.push(e);
        }
    }

    fn record_read(&mut self, e: Event) {
        if self.inside == 0 {
            self.record(e);
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub level: Level,
    pub entity: u32,
}

fn err<T>(msg: impl Into<String>) -> Result<T, Stop> {
    Err(Stop::Error(msg.into()))
}

fn overflow<T>() -> Result<T, Stop> {
    err("the result is too large to compute exactly")
}

impl<'a> World<'a> {
    fn is_global(&self, level: Level) -> bool {
        self.scheme.levels.is_global(level)
    }

    /// The value of `slot` of (level, entity).
    pub fn value(&self, level: Level, entity: u32, slot: u32) -> &'a Value {
        let slots = if self.is_global(level) {
            &self.globals.slots
        } else {
            self.local.slots
        };
        slots
            .get(level.index())
            .map_or(&Value::Unset, |s| s.get(entity, slot))
    }

    /// The entity at level `to` that (level, entity) belongs to.
    pub fn up(&self, level: Level, entity: u32, to: Level) -> Option<u32> {
        let (mut l, mut e) = (level, entity);
        for _ in 0..=self.scheme.levels.len() {
            if l == to {
                return Some(e);
            }
            let def = self.scheme.levels.get(l)?;
            let parent = def.parent?;
            e = match def.kind {
                LevelKind::Rows { .. } => *self.local.rows.get(l.index())?.owner.get(e as usize)?,
                LevelKind::Person => 0,
                LevelKind::Team => *self.local.up.get(parent.index())?,
                LevelKind::Group { .. } | LevelKind::Month => {
                    *self.prep.parent.get(l.index())?.get(e as usize)?
                }
            };
            l = parent;
        }
        None
    }

    /// The entities of local level `over` that belong to local (at, entity).
    fn local_children(&self, at: Level, entity: u32, over: Level) -> std::ops::Range<u32> {
        let count = self
            .local
            .slots
            .get(over.index())
            .map_or(0, |s| s.count() as u32);
        match self.scheme.levels.get(over).map(|d| (&d.kind, d.parent)) {
            Some((LevelKind::Rows { .. }, Some(owner))) if owner == at => self
                .local
                .rows
                .get(over.index())
                .map_or(0..0, |r| r.of(entity)),
            // Everything local below the team is the team's.
            _ if at == Level::TEAM => 0..count,
            _ => 0..0,
        }
    }

    /// The name of slot `slot` at `level`, as a rule at `from` writes it.
    fn slot_name(&self, from: Level, level: Level, slot: u32) -> String {
        let name = self
            .scheme
            .slots(level)
            .get(slot as usize)
            .map_or("?", |d| d.name.as_str());
        if from == level {
            name.to_string()
        } else {
            format!("{}.{name}", self.scheme.levels.name(level))
        }
    }

    /// What a node that gave "not given" is, and why, for the message.
    fn not_given(&self, node: &Node, f: Frame) -> Stop {
        let because = || {
            super::problems::not_given_cause(self, node, f)
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        };
        let what = match node {
            Node::Slot(s) => format!(
                "{} is not given{}",
                self.slot_name(f.level, f.level, *s),
                because()
            ),
            Node::Up { level, slot } => format!(
                "{} is not given{}",
                self.slot_name(f.level, *level, *slot),
                because()
            ),
            Node::Agg(a) => format!(
                "{}({}, …) has nothing to take: not given",
                a.op.word(),
                self.scheme.levels.name(a.over)
            ),
            Node::Rank(_) => "the rank is not given (its value is not given)".to_string(),
            _ => "a value is not given".to_string(),
        };
        Stop::Error(format!(
            "{what}; write given(…) to test it, or say what an empty aggregate gives with none = …"
        ))
    }
}

/// Evaluates `node`, requiring a value (not "not given").
fn given(node: &Node, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    match eval(node, w, f, side)? {
        Value::NotGiven => Err(w.not_given(node, f)),
        v => Ok(v),
    }
}

fn number(node: &Node, w: &World, f: Frame, side: &mut Side) -> Result<Decimal, Stop> {
    match given(node, w, f, side)? {
        Value::Num(d) => Ok(d),
        other => err(format!("expected a number, found {other:?}")),
    }
}

fn boolean(node: &Node, w: &World, f: Frame, side: &mut Side) -> Result<bool, Stop> {
    match given(node, w, f, side)? {
        Value::Bool(b) => Ok(b),
        other => err(format!("expected yes/no, found {other:?}")),
    }
}

fn read(v: &Value) -> Result<Value, Stop> {
    match v {
        Value::Failed => Err(Stop::Poisoned),
        Value::Unset => err("internal: a value was read before it was computed"),
        other => Ok(other.clone()),
    }
}

pub fn eval(node: &Node, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    match node {
        Node::Const(Value::Failed) => Err(Stop::Poisoned),
        Node::Const(v) => Ok(v.clone()),
        Node::Param(i) => {
            side.record_read(Event::Param(*i));
            w.scheme
                .params
                .get(*i as usize)
                .map(|p| Value::Num(p.value))
                .ok_or(Stop::Error("internal: unknown parameter".into()))
        }
        Node::Slot(s) => {
            side.record_read(Event::Read {
                level: f.level,
                entity: f.entity,
                slot: *s,
            });
            read(w.value(f.level, f.entity, *s))
        }
        Node::Up { level, slot } => {
            let Some(e) = w.up(f.level, f.entity, *level) else {
                return err("internal: no such entity above");
            };
            side.record_read(Event::Read {
                level: *level,
                entity: e,
                slot: *slot,
            });
            read(w.value(*level, e, *slot))
        }
        Node::Neg(a) => Ok(Value::Num(-number(a, w, f, side)?)),
        Node::Not(a) => Ok(Value::Bool(!boolean(a, w, f, side)?)),
        Node::Given(a) => Ok(Value::Bool(!matches!(
            eval(a, w, f, side)?,
            Value::NotGiven
        ))),
        Node::Bin(BinOp::And, a, b) => Ok(Value::Bool(
            boolean(a, w, f, side)? && boolean(b, w, f, side)?,
        )),
        Node::Bin(BinOp::Or, a, b) => Ok(Value::Bool(
            boolean(a, w, f, side)? || boolean(b, w, f, side)?,
        )),
        Node::Bin(op, a, b) => {
            let x = given(a, w, f, side)?;
            let y = given(b, w, f, side)?;
            binary(*op, x, y)
        }
        Node::If(c, a, b) => {
            if boolean(c, w, f, side)? {
                eval(a, w, f, side)
            } else {
                eval(b, w, f, side)
            }
        }
        Node::Min(args) | Node::Max(args) => {
            let is_min = matches!(node, Node::Min(_));
            let mut best: Option<Decimal> = None;
            for a in args {
                let v = number(a, w, f, side)?;
                best = Some(match best {
                    None => v,
                    Some(b) if is_min => b.min(v),
                    Some(b) => b.max(v),
                });
            }
            best.map(Value::Num)
                .ok_or(Stop::Error("min/max of nothing".into()))
        }
        Node::Clamp(args) => {
            let [x, lo, hi] = args.as_ref();
            let x = number(x, w, f, side)?;
            let lo = number(lo, w, f, side)?;
            let hi = number(hi, w, f, side)?;
            if lo > hi {
                return err(format!(
                    "clamp's lower limit {lo} is above its upper limit {hi}"
                ));
            }
            Ok(Value::Num(x.max(lo).min(hi)))
        }
        Node::Abs(a) => Ok(Value::Num(number(a, w, f, side)?.abs())),
        Node::Round(a, places) => Ok(Value::Num(round_half_away(number(a, w, f, side)?, *places))),
        Node::Interp(args) => {
            let [x, x0, y0, x1, y1] = args.as_ref();
            let x = number(x, w, f, side)?;
            let x0 = number(x0, w, f, side)?;
            let y0 = number(y0, w, f, side)?;
            let x1 = number(x1, w, f, side)?;
            let y1 = number(y1, w, f, side)?;
            interpolate(x, x0, y0, x1, y1).map(Value::Num)
        }
        Node::Band { table, arg, output } => {
            let x = number(arg, w, f, side)?;
            let Some(t) = w.scheme.bands.get(*table as usize) else {
                return err("internal: unknown band table");
            };
            let Some(row) = t.find(x) else {
                return err(format!(
                    "{} = {} is outside band table {}, which covers {}",
                    t.var,
                    crate::scheme::band::show(x.normalize(), t.percent),
                    t.name,
                    t.domain_text()
                ));
            };
            side.record(Event::Band {
                table: *table,
                row: row as u16,
                level: f.level,
                entity: f.entity,
            });
            t.value(row, *output as usize)
                .cloned()
                .ok_or(Stop::Error("internal: band output missing".into()))
        }
        Node::Agg(agg) => aggregate(agg, w, f, side),
        Node::Rank(r) => rank(r, w, f, side),
        Node::Split {
            split,
            amount,
            cache,
        } => split_part(*split, amount, *cache, w, f, side),
    }
}

fn binary(op: BinOp, x: Value, y: Value) -> Result<Value, Stop> {
    use std::cmp::Ordering;
    let ordering = |x: &Value, y: &Value| -> Result<Ordering, Stop> {
        match (x, y) {
            (Value::Num(a), Value::Num(b)) => Ok(a.cmp(b)),
            (Value::Text(a), Value::Text(b)) => Ok(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Ok(a.cmp(b)),
            (Value::Date(a), Value::Date(b)) => Ok(a.cmp(b)),
            _ => err("internal: comparing values of different types"),
        }
    };
    let num = |v: Value| match v {
        Value::Num(d) => Ok(d),
        other => err(format!("expected a number, found {other:?}")),
    };
    match op {
        BinOp::Eq => Ok(Value::Bool(ordering(&x, &y)? == Ordering::Equal)),
        BinOp::Ne => Ok(Value::Bool(ordering(&x, &y)? != Ordering::Equal)),
        BinOp::Lt => Ok(Value::Bool(ordering(&x, &y)? == Ordering::Less)),
        BinOp::Le => Ok(Value::Bool(ordering(&x, &y)? != Ordering::Greater)),
        BinOp::Gt => Ok(Value::Bool(ordering(&x, &y)? == Ordering::Greater)),
        BinOp::Ge => Ok(Value::Bool(ordering(&x, &y)? != Ordering::Less)),
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
            let a = num(x)?;
            let b = num(y)?;
            let r = match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                _ => {
                    if b.is_zero() {
                        return err(format!("division by zero ({a} / 0)"));
                    }
                    a.checked_div(b)
                }
            };
            r.map(|d| Value::Num(d.normalize()))
                .map_or_else(overflow, Ok)
        }
        BinOp::And | BinOp::Or => err("internal: and/or evaluated eagerly"),
    }
}

/// The straight line through (x0, y0) and (x1, y1) at x, held at y0 below x0 and y1 above x1.
pub fn interpolate(
    x: Decimal,
    x0: Decimal,
    y0: Decimal,
    x1: Decimal,
    y1: Decimal,
) -> Result<Decimal, Stop> {
    if x0 >= x1 {
        return err(format!("interpolate needs x0 < x1, found {x0} and {x1}"));
    }
    if x <= x0 {
        return Ok(y0);
    }
    if x >= x1 {
        return Ok(y1);
    }
    let r = x
        .checked_sub(x0)
        .zip(y1.checked_sub(y0))
        .and_then(|(dx, dy)| dx.checked_mul(dy))
        .zip(x1.checked_sub(x0))
        .and_then(|(n, d)| n.checked_div(d))
        .and_then(|d| d.checked_add(y0));
    r.map_or_else(overflow, Ok)
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

fn aggregate(agg: &Agg, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    let acc = if w.is_global(agg.at) && !w.is_global(agg.over) {
        w.globals
            .acc
            .get(agg.id as usize)
            .and_then(|a| a.get(f.entity as usize))
            .cloned()
            .unwrap_or_default()
    } else {
        let entities: Vec<u32> = if w.is_global(agg.over) {
            let n = w.prep.count(agg.over) as u32;
            (0..n)
                .filter(|&e| w.up(agg.over, e, agg.at) == Some(f.entity))
                .collect()
        } else {
            w.local_children(agg.at, f.entity, agg.over).collect()
        };
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
fn ranked(r: &Rank, w: &World, f: Frame, side: &mut Side) -> Result<Vec<Decimal>, Stop> {
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

fn rank(r: &Rank, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
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

fn split_part(
    split: u32,
    amount: &Node,
    cache: u32,
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Value, Stop> {
    let cached = side.splits.get(cache as usize).cloned().flatten();
    let parts = match cached {
        Some(Ok(p)) => p,
        Some(Err(())) => return Err(Stop::Poisoned),
        None => {
            let computed = team_amount(amount, cache, w, side).and_then(|a| allocate(split, a, w));
            if let Some(slot) = side.splits.get_mut(cache as usize) {
                *slot = Some(computed.clone().map_err(|_| ()));
            }
            computed?
        }
    };
    let pos = f.entity as usize;
    if let Some(&share) = parts.shares.get(pos)
        && side.inside == 0
        && !side.quiet
        && side.trace.is_some()
    {
        side.record(Event::Split {
            split,
            case: parts.case,
            share,
        });
        // The part reads the team amount: its reads, bands and rows, as
        // recorded when the team's split was computed.
        if side.trace.as_deref().is_some_and(|t| !t.has_amount(cache)) {
            // Computed while not tracing (not in the write pass): record it now.
            let _ = team_amount(amount, cache, w, side);
        }
        if let Some(t) = side.trace.as_deref_mut() {
            t.replay_amount(cache);
        }
    }
    parts
        .parts
        .get(pos)
        .map(|d| Value::Num(*d))
        .ok_or(Stop::Error("internal: member outside its team".into()))
}

/// The team amount of a split, evaluated for the team. When tracing, what
/// the evaluation did is kept once for split cache `cache` (it belongs to
/// every member's part, not to the figure being computed when it ran).
fn team_amount(amount: &Node, cache: u32, w: &World, side: &mut Side) -> Result<Decimal, Stop> {
    let tf = Frame {
        level: Level::TEAM,
        entity: 0,
    };
    let (quiet, inside) = (side.quiet, side.inside);
    let from = side.trace.as_deref().map(Events::len);
    side.quiet = from.is_none();
    side.inside = 0;
    let amount = number(amount, w, tf, side);
    side.quiet = quiet;
    side.inside = inside;
    if let (Some(from), Some(t)) = (from, side.trace.as_deref_mut()) {
        t.keep_amount(cache, from);
    }
    amount
}

/// Divides a team amount among the chunk's members by split table `split`.
fn allocate(split: u32, amount: Decimal, w: &World) -> Result<SplitParts, Stop> {
    let Some(table) = w.scheme.splits.get(split as usize) else {
        return err("internal: unknown split");
    };
    let people = w
        .local
        .slots
        .get(Level::PERSON.index())
        .map_or(0, Slots::count) as u32;
    let mut categories = Vec::with_capacity(people as usize);
    for p in 0..people {
        match w.value(Level::PERSON, p, table.by_slot) {
            Value::Text(t) => categories.push(t.clone()),
            Value::Failed => return Err(Stop::Poisoned),
            other => return err(format!("internal: split category is {other:?}")),
        }
    }
    let (case, shares) = table.weights(&categories).map_err(Stop::Team)?;
    let places = w.scheme.rounding_places;
    let parts = split_exact_to(amount, &shares, places).ok_or_else(|| {
        let unit = if places == 2 { "分".to_string() } else { format!("units of {places} places") };
        Stop::Error(if round_half_away(amount, places) != amount {
            format!("cannot split {amount}: the amount is not whole {unit}; round it first, e.g. split(…, round(…))")
        } else {
            format!("cannot split {amount}: the amount is too large to split exactly, or the shares are not positive")
        })
    })?;
    Ok(SplitParts {
        case: case as u16,
        shares,
        parts,
    })
}
