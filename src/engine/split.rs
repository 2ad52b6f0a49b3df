//! A person's part of a team amount: the split case for the team's
//! composition, the amount cut to whole 分 by largest remainder (parts add up
//! exactly), computed once per team and recorded in each member's trace.

use super::chunk::{Slots, SplitParts};
use super::trace::{Event, Events};
use crate::model::{Level, Node, Value};
use crate::money::{round_half_away, split_exact_into};
use crate::scheme::split::SplitTable;
use rust_decimal::Decimal;
use std::sync::Arc;

use super::eval::number;
use super::world::{Frame, Side, Stop, World, err};

pub(super) fn split_part(
    split: u32,
    amount: &Node,
    cache: u32,
    w: &World,
    f: Frame,
    side: &mut Side,
) -> Result<Value, Stop> {
    let pos = f.entity as usize;
    // The member's case, share and part, read in place: the team's parts are
    // computed once and never copied per member.
    let at = |p: &SplitParts| {
        (
            p.case,
            p.shares.get(pos).copied(),
            p.parts.get(pos).copied(),
        )
    };
    let (case, share, part) = match side.splits.get(cache as usize) {
        Some(Some(Ok(p))) if p.done => at(p),
        Some(Some(Err(()))) => return Err(Stop::Poisoned),
        _ => {
            // The slot's room from an earlier team, filled in place.
            let mut p = side
                .splits
                .get_mut(cache as usize)
                .and_then(Option::take)
                .and_then(Result::ok)
                .unwrap_or_default();
            p.done = false;
            // Another split of the team by the same table found the case and
            // shares already: the team's composition is the same.
            let known = side
                .splits
                .iter()
                .flatten()
                .flatten()
                .find(|k| k.done && k.split == split);
            let known = known.map(|k| {
                p.shares.clear();
                p.shares.extend_from_slice(&k.shares);
                k.case
            });
            let computed = team_amount(amount, cache, w, side)
                .and_then(|a| allocate(split, a, w, known, &mut p));
            let got = computed.as_ref().map(|()| at(&p)).map_err(Clone::clone);
            if let Some(slot) = side.splits.get_mut(cache as usize) {
                *slot = Some(computed.map(|()| p).map_err(|_| ()));
            }
            got?
        }
    };
    if let Some(share) = share
        && side.inside == 0
        && !side.quiet
        && side.trace.is_some()
    {
        record_part(split, amount, cache, w, side, case, share);
    }
    part.map(Value::Num)
        .ok_or_else(|| Stop::Error("internal: member outside its team".into()))
}

/// Records a member's part in the trace: the split event, then what the team
/// amount read (its reads, bands and rows), as recorded when the team's split
/// was computed. Out of line: only the write pass traces.
#[inline(never)]
fn record_part(
    split: u32,
    amount: &Node,
    cache: u32,
    w: &World,
    side: &mut Side,
    case: u32,
    share: Decimal,
) {
    side.record(Event::Split { split, case, share });
    if side.trace.as_deref().is_some_and(|t| !t.has_amount(cache)) {
        // Computed while not tracing (not in the write pass): record it now.
        let _ = team_amount(amount, cache, w, side);
    }
    if let Some(t) = side.trace.as_deref_mut() {
        t.replay_amount(cache);
    }
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

/// Divides a team amount among the chunk's members by split table `split`,
/// into `p` (its case and shares already there when `known`).
fn allocate(
    split: u32,
    amount: Decimal,
    w: &World,
    known: Option<u32>,
    p: &mut SplitParts,
) -> Result<(), Stop> {
    let Some(table) = w.scheme.splits.get(split as usize) else {
        return err("internal: unknown split");
    };
    let case = match known {
        Some(case) => case,
        None => case_and_shares(table, w, &mut p.shares)? as u32,
    };
    let places = w.scheme.rounding_places;
    if !split_exact_into(amount, &p.shares, places, &mut p.parts) {
        let unit = if places == 2 {
            "分".to_string()
        } else {
            format!("units of {places} places")
        };
        return Err(Stop::Error(if round_half_away(amount, places) != amount {
            format!("cannot split {amount}: the amount is not whole {unit}; round it first, e.g. split(…, round(…))").into()
        } else {
            format!("cannot split {amount}: the amount is too large to split exactly, or the shares are not positive").into()
        }));
    }
    p.split = split;
    p.case = case;
    p.done = true;
    Ok(())
}

/// The most members whose categories are gathered on the stack.
const GATHERED: usize = 8;

/// The split case for the team's composition, each member's share written
/// into `shares`. Each member's category is read once.
fn case_and_shares(
    table: &SplitTable,
    w: &World,
    shares: &mut Vec<Decimal>,
) -> Result<usize, Stop> {
    let people = w
        .local
        .slots
        .get(Level::PERSON.index())
        .map_or(0, Slots::count);
    // The members' values, found once: what `World::value` reads for each.
    let members = if w.is_global(Level::PERSON) {
        &w.globals.slots
    } else {
        w.local.slots
    }
    .get(Level::PERSON.index());
    let mut few = [""; GATHERED];
    let mut many = Vec::new();
    let categories: &mut [&str] = if people <= GATHERED {
        few.get_mut(..people).unwrap_or_default()
    } else {
        many.resize(people, "");
        &mut many
    };
    for (p, c) in categories.iter_mut().enumerate() {
        match members.map_or(&Value::Unset, |m| m.get(p as u32, table.by_slot)) {
            Value::Text(t) => *c = t,
            Value::Failed => return Err(Stop::Poisoned),
            other => return err(format!("internal: split category is {other:?}")),
        }
    }
    match table.case_of(categories, shares) {
        Some(case) => Ok(case),
        None => {
            // No case, or a case without a share for someone: the message says which.
            let categories: Vec<Arc<str>> = categories.iter().map(|&c| c.into()).collect();
            let (case, found) = table.weights(&categories).map_err(Stop::Team)?;
            *shares = found;
            Ok(case)
        }
    }
}
