//! The stack machine that runs a [`Program`] for one entity.

use super::{At, DEPTH, Op, Program};
use crate::engine::eval::{Frame, Side, Stop, World, arithmetic, band_row, holds, read, slot};
use crate::engine::trace::Event;
use crate::engine::world::err;
use crate::model::{Level, Node, Value};
use crate::money::round_half_away;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Runs `p` for the entity of `f`: the value the rule's tree gives, with
/// the same reads recorded and the same errors.
pub fn run(p: &Program, w: &World, f: Frame, side: &mut Side) -> Result<Value, Stop> {
    let mut nums = [Decimal::ZERO; DEPTH];
    let mut bools = [false; DEPTH];
    let (mut n, mut b) = (0usize, 0usize);
    let mut pc = 0;
    // Stack slots are checked: a program that would leave them is a bug,
    // reported as an internal error rather than a panic.
    macro_rules! pop {
        () => {{
            n = n.wrapping_sub(1);
            *nums.get(n).ok_or_else(internal)?
        }};
    }
    macro_rules! push {
        ($v:expr) => {{
            let v = $v;
            *nums.get_mut(n).ok_or_else(internal)? = v;
            n += 1;
        }};
    }
    macro_rules! pop_bool {
        () => {{
            b = b.wrapping_sub(1);
            *bools.get(b).ok_or_else(internal)?
        }};
    }
    macro_rules! push_bool {
        ($v:expr) => {{
            let v = $v;
            *bools.get_mut(b).ok_or_else(internal)? = v;
            b += 1;
        }};
    }
    while let Some(op) = p.ops.get(pc) {
        pc += 1;
        match op {
            Op::Const(d) => push!(*d),
            Op::Param(i, d) => {
                side.record_read(Event::Param(*i));
                push!(*d)
            }
            Op::Read {
                at,
                node,
                named,
                tail,
            } => match read_at(*at, node, w, f, side)? {
                Value::Num(d) => push!(*d),
                Value::NotGiven if *tail => return Ok(Value::NotGiven),
                Value::NotGiven => return Err(w.not_given(named, f)),
                other => return Err(not_a_number(read(other)?)),
            },
            Op::ReadBool(node) => match slot(node, w, f, side)? {
                Value::Bool(v) => push_bool!(*v),
                Value::NotGiven => return Err(w.not_given(node, f)),
                other => return err(format!("expected yes/no, found {:?}", read(other)?)),
            },
            Op::Arith(op) => {
                let y = pop!();
                let x = pop!();
                push!(arithmetic(*op, x, y)?)
            }
            Op::Neg => {
                let x = pop!();
                push!(-x)
            }
            Op::Abs => {
                let x = pop!();
                push!(x.abs())
            }
            Op::Round(places) => {
                // rust_decimal returns a value with no more decimals as it is.
                let x = pop!();
                push!(if x.scale() <= *places {
                    x
                } else {
                    round_half_away(x, *places)
                })
            }
            Op::Extreme { min, n: k } => {
                let from = n.checked_sub(usize::from(*k)).ok_or_else(internal)?;
                let args = nums.get(from..n).ok_or_else(internal)?;
                let [first, rest @ ..] = args else {
                    return Err(internal());
                };
                let mut best = *first;
                for v in rest {
                    best = pick(*min, best, *v);
                }
                n = from;
                push!(best)
            }
            Op::Band {
                table,
                output,
                named,
                tail,
            } => {
                let x = pop!();
                let v = band_row(*table, *output, x, w, f, side)?;
                match v {
                    Value::Num(d) => push!(d),
                    v if *tail => return Ok(v),
                    Value::NotGiven => return Err(w.not_given(named, f)),
                    other => return Err(not_a_number(other)),
                }
            }
            Op::Cmp(op) => {
                let y = pop!();
                let x = pop!();
                push_bool!(holds(*op, order(&x, &y)))
            }
            Op::Not => {
                let v = pop_bool!();
                push_bool!(!v)
            }
            Op::JumpIfFalse(to) => {
                if !pop_bool!() {
                    pc = *to;
                }
            }
            Op::Short { when, to } => {
                let v = pop_bool!();
                if v == *when {
                    push_bool!(v);
                    pc = *to;
                }
            }
            Op::Jump(to) => pc = *to,
        }
    }
    if p.boolean {
        Ok(Value::Bool(pop_bool!()))
    } else {
        Ok(Value::Num(pop!()))
    }
}

/// The value a read finds, recorded as read (as [`slot`] records it).
#[inline]
fn read_at<'w>(
    at: At,
    node: &Node,
    w: &World<'w>,
    f: Frame,
    side: &mut Side,
) -> Result<&'w Value, Stop> {
    let (level, entity, slot) = match at {
        At::Own(s) => (f.level, f.entity, s),
        At::Team(s) => (Level::TEAM, 0, s),
        At::Node => return slot(node, w, f, side),
    };
    side.record_read(Event::Read {
        level,
        entity,
        slot,
    });
    Ok(w.local
        .slots
        .get(level.index())
        .map_or(&Value::Unset, |s| s.get(entity, slot)))
}

/// `a`'s order against `b`, as `Decimal::cmp` orders them: decimals of
/// one scale and at most 64 bits by their signed mantissas (a zero's sign
/// does not count, as in rust_decimal), others by rust_decimal.
#[inline]
pub(super) fn order(a: &Decimal, b: &Decimal) -> Ordering {
    let (x, y) = (a.unpack(), b.unpack());
    if x.scale == y.scale && x.hi == 0 && y.hi == 0 {
        let signed = |negative: bool, mid: u32, lo: u32| {
            let m = i128::from(mid) << 32 | i128::from(lo);
            if negative { -m } else { m }
        };
        return signed(x.negative, x.mid, x.lo).cmp(&signed(y.negative, y.mid, y.lo));
    }
    a.cmp(b)
}

/// `best.min(v)` (`min`) or `best.max(v)`, as rust_decimal picks them: on
/// a tie (0 and −0, 1 and 1.0) both keep `best`.
#[inline]
pub(super) fn pick(min: bool, best: Decimal, v: Decimal) -> Decimal {
    match (min, order(&best, &v)) {
        (true, Ordering::Greater) | (false, Ordering::Less) => v,
        _ => best,
    }
}

fn internal() -> Stop {
    Stop::Error("internal: a rule's program left its stack".into())
}

fn not_a_number(v: Value) -> Stop {
    Stop::Error(format!("expected a number, found {v:?}").into())
}
