//! Evaluating a compiled [`Node`] for one team or one person, over exact decimals.
//!
//! Pure: reads the values already computed (the [`World`]), returns a value or
//! why it could not. Checked arithmetic throughout: an overflow or a division by
//! zero is an error naming what happened, never a panic or a silent wrong figure.

use super::ast::BinOp;
use super::resolve::{AggOp, Level, Node, Value};
use crate::money::{round_half_away, split_exact_to};
use crate::scheme::band::BandTable;
use crate::scheme::split::SplitTable;
use rust_decimal::Decimal;

/// Values of all entities of one level, `stride` slots each.
#[derive(Clone, Debug, Default)]
pub struct Slots {
    pub stride: usize,
    pub values: Vec<Value>,
}

impl Slots {
    pub fn new(count: usize, stride: usize) -> Slots {
        Slots {
            stride,
            values: vec![Value::Unset; count * stride],
        }
    }

    pub fn row(&self, entity: u32) -> &[Value] {
        let start = entity as usize * self.stride;
        self.values.get(start..start + self.stride).unwrap_or(&[])
    }

    pub fn get(&self, entity: u32, slot: u32) -> &Value {
        self.values
            .get(entity as usize * self.stride + slot as usize)
            .unwrap_or(&Value::Unset)
    }

    pub fn set(&mut self, entity: u32, slot: u32, v: Value) {
        if let Some(cell) = self
            .values
            .get_mut(entity as usize * self.stride + slot as usize)
        {
            *cell = v;
        }
    }
}

/// Everything an expression can read.
pub struct World<'a> {
    pub teams: &'a Slots,
    pub people: &'a Slots,
    pub members: &'a [Vec<u32>],
    pub person_team: &'a [u32],
    pub person_pos: &'a [u32],
    pub bands: &'a [BandTable],
    pub splits: &'a [SplitTable],
    pub team_count: usize,
    /// Decimal places splits cut to (the scheme's rounding).
    pub places: u32,
}

/// Why a value could not be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A new problem, to be reported with the rule and entity.
    Error(String),
    /// Depends on a value whose failure was already reported.
    Poisoned,
    /// A problem of the whole team (a composition with no split), reported once per team.
    Team(u32, String),
}

/// What evaluation writes besides the value: chosen band rows and split results.
pub struct Side<'a> {
    /// (record, row) for each band lookup of the entity being computed.
    pub band_choices: Option<&'a mut Vec<(u32, u16)>>,
    pub split_cache: &'a mut Vec<Option<Option<Vec<Decimal>>>>,
}

#[derive(Clone, Copy)]
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

pub fn num(v: Value) -> Result<Decimal, Stop> {
    match v {
        Value::Num(d) => Ok(d),
        Value::Failed => Err(Stop::Poisoned),
        other => err(format!("expected a number, found {other:?}")),
    }
}

fn boolean(v: Value) -> Result<bool, Stop> {
    match v {
        Value::Bool(b) => Ok(b),
        Value::Failed => Err(Stop::Poisoned),
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
        Node::Slot(s) => {
            let slots = if f.level == Level::Team {
                w.teams
            } else {
                w.people
            };
            read(slots.get(f.entity, *s))
        }
        Node::TeamSlot(s) => {
            let team = w
                .person_team
                .get(f.entity as usize)
                .copied()
                .unwrap_or(u32::MAX);
            read(w.teams.get(team, *s))
        }
        Node::Neg(a) => Ok(Value::Num(-num(eval(a, w, f, side)?)?)),
        Node::Not(a) => Ok(Value::Bool(!boolean(eval(a, w, f, side)?)?)),
        Node::Bin(BinOp::And, a, b) => Ok(Value::Bool(
            boolean(eval(a, w, f, side)?)? && boolean(eval(b, w, f, side)?)?,
        )),
        Node::Bin(BinOp::Or, a, b) => Ok(Value::Bool(
            boolean(eval(a, w, f, side)?)? || boolean(eval(b, w, f, side)?)?,
        )),
        Node::Bin(op, a, b) => {
            let x = eval(a, w, f, side)?;
            let y = eval(b, w, f, side)?;
            binary(*op, x, y)
        }
        Node::If(c, a, b) => {
            if boolean(eval(c, w, f, side)?)? {
                eval(a, w, f, side)
            } else {
                eval(b, w, f, side)
            }
        }
        Node::Min(args) | Node::Max(args) => {
            let is_min = matches!(node, Node::Min(_));
            let mut best: Option<Decimal> = None;
            for a in args {
                let v = num(eval(a, w, f, side)?)?;
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
            let x = num(eval(x, w, f, side)?)?;
            let lo = num(eval(lo, w, f, side)?)?;
            let hi = num(eval(hi, w, f, side)?)?;
            if lo > hi {
                return err(format!(
                    "clamp's lower limit {lo} is above its upper limit {hi}"
                ));
            }
            Ok(Value::Num(x.max(lo).min(hi)))
        }
        Node::Abs(a) => Ok(Value::Num(num(eval(a, w, f, side)?)?.abs())),
        Node::Round(a, places) => Ok(Value::Num(round_half_away(
            num(eval(a, w, f, side)?)?,
            *places,
        ))),
        Node::Interp(args) => {
            let [x, x0, y0, x1, y1] = args.as_ref();
            let x = num(eval(x, w, f, side)?)?;
            let x0 = num(eval(x0, w, f, side)?)?;
            let y0 = num(eval(y0, w, f, side)?)?;
            let x1 = num(eval(x1, w, f, side)?)?;
            let y1 = num(eval(y1, w, f, side)?)?;
            interpolate(x, x0, y0, x1, y1).map(Value::Num)
        }
        Node::Band {
            table,
            arg,
            output,
            record,
        } => {
            let x = num(eval(arg, w, f, side)?)?;
            let Some(t) = w.bands.get(*table as usize) else {
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
            if let Some(choices) = side.band_choices.as_deref_mut() {
                choices.push((*record, row as u16));
            }
            t.value(row, *output as usize)
                .cloned()
                .ok_or(Stop::Error("internal: band output missing".into()))
        }
        Node::Agg { op, value, filter } => {
            aggregate(*op, value.as_deref(), filter.as_deref(), w, f)
        }
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

fn aggregate(
    op: AggOp,
    value: Option<&Node>,
    filter: Option<&Node>,
    w: &World,
    f: Frame,
) -> Result<Value, Stop> {
    let members = w
        .members
        .get(f.entity as usize)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut count = 0u32;
    let mut acc: Option<Decimal> = None;
    let mut cache = Vec::new();
    let mut side = Side {
        band_choices: None,
        split_cache: &mut cache,
    };
    for &p in members {
        let pf = Frame {
            level: Level::Person,
            entity: p,
        };
        if let Some(c) = filter
            && !boolean(eval(c, w, pf, &mut side)?)?
        {
            continue;
        }
        count += 1;
        if let Some(v) = value {
            let d = num(eval(v, w, pf, &mut side)?)?;
            acc = Some(match (op, acc) {
                (_, None) => d,
                (AggOp::Min, Some(a)) => a.min(d),
                (AggOp::Max, Some(a)) => a.max(d),
                (_, Some(a)) => a.checked_add(d).map_or_else(overflow, Ok)?,
            });
        }
    }
    match op {
        AggOp::Count => Ok(Value::Num(Decimal::from(count))),
        AggOp::Sum => Ok(Value::Num(acc.unwrap_or(Decimal::ZERO))),
        AggOp::Avg => match acc {
            Some(sum) => Ok(Value::Num((sum / Decimal::from(count)).normalize())),
            None => err("the average of no members"),
        },
        AggOp::Min | AggOp::Max => acc
            .map(Value::Num)
            .ok_or(Stop::Error("the minimum or maximum of no members".into())),
    }
}

fn split_part(
    split: u32,
    amount: &Node,
    cache: u32,
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Value, Stop> {
    let team = w.person_team.get(f.entity as usize).copied().unwrap_or(0);
    let pos = w.person_pos.get(f.entity as usize).copied().unwrap_or(0) as usize;
    let key = cache as usize * w.team_count + team as usize;
    if side.split_cache.len() <= key {
        side.split_cache.resize(key + 1, None);
    }
    let cached = side.split_cache.get(key).cloned().flatten();
    let parts = match cached {
        Some(Some(parts)) => parts,
        Some(None) => return Err(Stop::Poisoned),
        None => {
            let computed = allocate(split, amount, team, w, side);
            let slot = side.split_cache.get_mut(key);
            if let Some(slot) = slot {
                *slot = Some(computed.as_ref().ok().cloned());
            }
            computed?
        }
    };
    parts
        .get(pos)
        .map(|d| Value::Num(*d))
        .ok_or(Stop::Error("internal: member outside its team".into()))
}

fn allocate(
    split: u32,
    amount: &Node,
    team: u32,
    w: &World,
    side: &mut Side,
) -> Result<Vec<Decimal>, Stop> {
    let tf = Frame {
        level: Level::Team,
        entity: team,
    };
    let mut no_record = Side {
        band_choices: None,
        split_cache: side.split_cache,
    };
    let amount = num(eval(amount, w, tf, &mut no_record)?)?;
    let Some(table) = w.splits.get(split as usize) else {
        return err("internal: unknown split");
    };
    let members = w
        .members
        .get(team as usize)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut categories = Vec::with_capacity(members.len());
    for &p in members {
        match w.people.get(p, table.by_slot) {
            Value::Text(t) => categories.push(t.clone()),
            Value::Failed => return Err(Stop::Poisoned),
            other => return err(format!("internal: split category is {other:?}")),
        }
    }
    let weights = table
        .weights(&categories)
        .map_err(|m| Stop::Team(team, m))?;
    split_exact_to(amount, &weights, w.places).ok_or_else(|| {
        let unit = if w.places == 2 { "分".to_string() } else { format!("units of {} places", w.places) };
        Stop::Error(if round_half_away(amount, w.places) != amount {
            format!("cannot split {amount}: the amount is not whole {unit}; round it first, e.g. split(…, round(…))")
        } else {
            format!("cannot split {amount}: the amount is too large to split exactly, or the shares are not positive")
        })
    })
}
