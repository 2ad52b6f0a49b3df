//! Evaluating a compiled [`Node`] for one entity, over exact decimals.
//!
//! Pure: reads the values already computed (the [`World`]), returns a value
//! or why it could not, and — when tracing — records what it read and chose.
//! Checked arithmetic throughout: an overflow, a division by zero or a value
//! that is not given is an error naming what happened, never a panic or a
//! silent wrong figure.

use super::trace::Event;
use crate::expr::ast::BinOp;
use crate::model::{Node, Value};
use crate::money::round_half_away;
use rust_decimal::Decimal;

pub use super::gather::{Acc, gather};
use super::gather::{aggregate, rank};
use super::split::split_part;
pub use super::world::{Frame, GlobalValues, Local, Side, Stop, World};
use super::world::{err, overflow};

/// Evaluates `node`, requiring a value (not "not given").
pub(super) fn given(node: &Node, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    let v = match node {
        Node::Slot(_) | Node::Up { .. } => read(slot(node, w, f, side)?)?,
        _ => eval(node, w, f, side)?,
    };
    match v {
        Value::NotGiven => Err(w.not_given(node, f)),
        v => Ok(v),
    }
}

/// Evaluates `node`, requiring a number: the same values and the same
/// errors as `given` then a number check, without building a [`Value`] for
/// the nodes [`maybe_number`] computes itself.
#[inline]
pub(super) fn number(node: &Node, w: &World, f: Frame, side: &mut Side) -> Result<Decimal, Stop> {
    match maybe_number(node, w, f, side)? {
        Some(d) => Ok(d),
        None => Err(w.not_given(node, f)),
    }
}

/// `node`'s value as a number, `None` when not given, an error when it is of
/// another type: [`eval`]'s value, read in place for a slot, and computed
/// here for the numeric nodes (arithmetic, conditions, rounding, min/max,
/// splits), which never build a [`Value`]. Arithmetic operands are numbers
/// (the scheme's types are checked when it is loaded), so checking each
/// operand as it comes reports what checking both after would.
fn maybe_number(
    node: &Node,
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Option<Decimal>, Stop> {
    let v = match node {
        Node::Const(Value::Num(d)) => return Ok(Some(*d)),
        Node::Param(i) => {
            side.record_read(Event::Param(*i));
            match w.scheme.params.get(*i as usize).map(|p| &p.value) {
                Some(Value::Num(d)) => return Ok(Some(*d)),
                Some(Value::NotGiven) => return Ok(None),
                Some(other) => read(other)?,
                None => return err("internal: unknown parameter"),
            }
        }
        Node::Slot(_) | Node::Up { .. } => match slot(node, w, f, side)? {
            Value::Num(d) => return Ok(Some(*d)),
            Value::NotGiven => return Ok(None),
            other => read(other)?,
        },
        Node::Bin(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod), a, b) => {
            let x = number(a, w, f, side)?;
            let y = number(b, w, f, side)?;
            return arithmetic(*op, x, y).map(Some);
        }
        Node::If(c, a, b) => {
            return if boolean(c, w, f, side)? {
                maybe_number(a, w, f, side)
            } else {
                maybe_number(b, w, f, side)
            };
        }
        Node::Round(a, places) => {
            return Ok(Some(round_half_away(number(a, w, f, side)?, *places)));
        }
        Node::Min(args) | Node::Max(args) => {
            return extreme(matches!(node, Node::Min(_)), args, w, f, side).map(Some);
        }
        Node::Split {
            split,
            amount,
            cache,
        } => split_part(*split, amount, *cache, w, f, side)?,
        _ => eval(node, w, f, side)?,
    };
    match v {
        Value::Num(d) => Ok(Some(d)),
        Value::NotGiven => Ok(None),
        other => err(format!("expected a number, found {other:?}")),
    }
}

/// The least (`is_min`) or greatest of `args`.
fn extreme(
    is_min: bool,
    args: &[Node],
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Decimal, Stop> {
    let [first, rest @ ..] = args else {
        return err("min/max of nothing");
    };
    let mut best = number(first, w, f, side)?;
    for a in rest {
        let v = number(a, w, f, side)?;
        best = if is_min { best.min(v) } else { best.max(v) };
    }
    Ok(best)
}

/// The value a `Slot` or `Up` node reads, recorded as read; `Unset` for any other node.
pub(super) fn slot<'w>(
    node: &Node,
    w: &World<'w>,
    f: Frame,
    side: &mut Side,
) -> Result<&'w Value, Stop> {
    let (level, entity, slot) = match node {
        Node::Slot(s) => (f.level, f.entity, *s),
        Node::Up { level, slot } => {
            let Some(e) = w.up(f.level, f.entity, *level) else {
                return err("internal: no such entity above");
            };
            (*level, e, *slot)
        }
        _ => return Ok(&Value::Unset),
    };
    side.record_read(Event::Read {
        level,
        entity,
        slot,
    });
    Ok(w.value(level, entity, slot))
}

/// Evaluates `node`, requiring yes/no: `given` then a type check, with a
/// slot read in place and `and`/`or`/`not`/comparisons done here.
pub(super) fn boolean(node: &Node, w: &World, f: Frame, side: &mut Side) -> Result<bool, Stop> {
    let v = match node {
        Node::Slot(_) | Node::Up { .. } => match slot(node, w, f, side)? {
            Value::Bool(b) => return Ok(*b),
            Value::NotGiven => return Err(w.not_given(node, f)),
            other => read(other)?,
        },
        Node::Bin(BinOp::And, a, b) => {
            return Ok(boolean(a, w, f, side)? && boolean(b, w, f, side)?);
        }
        Node::Bin(BinOp::Or, a, b) => {
            return Ok(boolean(a, w, f, side)? || boolean(b, w, f, side)?);
        }
        Node::Not(a) => return Ok(!boolean(a, w, f, side)?),
        Node::Bin(
            op @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge),
            a,
            b,
        ) => match given(a, w, f, side)? {
            // Both sides have one type (checked when the scheme is loaded):
            // a number's other side is read as a number, without a Value.
            Value::Num(x) => return Ok(holds(*op, x.cmp(&number(b, w, f, side)?))),
            x => binary(*op, x, given(b, w, f, side)?)?,
        },
        _ => given(node, w, f, side)?,
    };
    match v {
        Value::Bool(b) => Ok(b),
        other => err(format!("expected yes/no, found {other:?}")),
    }
}

pub(super) fn read(v: &Value) -> Result<Value, Stop> {
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
                .map(|p| p.value.clone())
                .ok_or_else(|| Stop::Error("internal: unknown parameter".into()))
        }
        Node::Slot(_) | Node::Up { .. } => read(slot(node, w, f, side)?),
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
        Node::Bin(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod), a, b) => {
            // Operands are numbers (checked when the scheme is loaded): as in
            // `maybe_number`, read without building a Value for each.
            let x = number(a, w, f, side)?;
            let y = number(b, w, f, side)?;
            arithmetic(*op, x, y).map(Value::Num)
        }
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
            extreme(matches!(node, Node::Min(_)), args, w, f, side).map(Value::Num)
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
            band_row(*table, *output, x, w, f, side)
        }
        Node::Agg(agg) => aggregate(agg, w, f, side),
        Node::Past { inner, none } => match (eval(inner, w, f, side), none) {
            (Err(Stop::MissingMonth(_) | Stop::NotInMonth), Some(n)) => eval(n, w, f, side),
            (Err(Stop::MissingMonth(month)), None) => err(format!(
                "month {month} has no archived results (out/{month}/manifest.json): compute it first, or say what past(…) gives then with none = …"
            )),
            (Err(Stop::NotInMonth), None) => Ok(Value::NotGiven),
            (other, _) => other,
        },
        Node::Kept { k, index } => {
            let Some(past) = w.data.history.get(*k as usize - 1) else {
                return err("internal: past month not loaded");
            };
            let Some(people) = &past.people else {
                return Err(Stop::MissingMonth(past.month.clone()));
            };
            side.record_read(Event::Kept {
                k: *k,
                index: *index,
            });
            let id = w
                .value(crate::model::Level::PERSON, f.entity, w.scheme.roster.id)
                .text()
                .unwrap_or("");
            people
                .get(id)
                .and_then(|v| v.get(*index as usize))
                .cloned()
                .ok_or(Stop::NotInMonth)
        }
        Node::Rank(r) => rank(r, w, f, side),
        Node::Split {
            split,
            amount,
            cache,
        } => split_part(*split, amount, *cache, w, f, side),
    }
}

/// Output `output` of the row of band table `table` that holds `x`, the row
/// recorded as chosen; an error when `x` is outside the table.
pub(super) fn band_row(
    table: u32,
    output: u32,
    x: Decimal,
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Value, Stop> {
    let Some(t) = w.scheme.bands.get(table as usize) else {
        return err("internal: unknown band table");
    };
    let found = match side.last_band {
        // The same value in the same table: the same row (compared
        // bit for bit, scale included).
        Some((tb, v, row)) if tb == table && v.serialize() == x.serialize() => Some(row as usize),
        _ => t.find(x),
    };
    if let Some(row) = found {
        side.last_band = Some((table, x, row as u32));
    }
    let Some(row) = found else {
        return err(format!(
            "{} = {} is outside band table {}, which covers {}",
            t.var,
            crate::scheme::band::show(x.normalize(), t.percent),
            t.name,
            t.domain_text()
        ));
    };
    side.record(Event::Band {
        table,
        row: row as u32,
        level: f.level,
        entity: f.entity,
    });
    t.value(row, output as usize)
        .cloned()
        .ok_or_else(|| Stop::Error("internal: band output missing".into()))
}

/// Whether comparison `op` holds for operands ordered `o`.
pub(super) fn holds(op: BinOp, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering;
    match op {
        BinOp::Eq => o == Ordering::Equal,
        BinOp::Ne => o != Ordering::Equal,
        BinOp::Lt => o == Ordering::Less,
        BinOp::Le => o != Ordering::Greater,
        BinOp::Gt => o == Ordering::Greater,
        _ => o != Ordering::Less,
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
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            Ok(Value::Bool(holds(op, ordering(&x, &y)?)))
        }
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => {
            let a = num(x)?;
            let b = num(y)?;
            arithmetic(op, a, b).map(Value::Num)
        }
        BinOp::And | BinOp::Or => err("internal: and/or evaluated eagerly"),
    }
}

/// `a op b` for an arithmetic `op`, checked, normalized (no trailing zeros).
pub(super) fn arithmetic(op: BinOp, a: Decimal, b: Decimal) -> Result<Decimal, Stop> {
    let r = match op {
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        BinOp::Mod => {
            if b.is_zero() {
                return err(format!("mod by zero ({a} mod 0)"));
            }
            a.checked_rem(b)
        }
        BinOp::Div => {
            if b.is_zero() {
                return err(crate::msg!("division-by-zero", a = a.to_string()));
            }
            a.checked_div(b)
        }
        _ => return err("internal: not arithmetic"),
    };
    r.map(|d| d.normalize()).map_or_else(overflow, Ok)
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
