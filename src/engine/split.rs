//! A person's part of a team amount: the split case for the team's
//! composition, the amount cut to whole 分 by largest remainder (parts add up
//! exactly), computed once per team and recorded in each member's trace.

use super::chunk::{Slots, SplitParts};
use super::trace::{Event, Events};
use crate::model::{Level, Node, Value};
use crate::money::{round_half_away, split_exact_to};
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
        Some(Some(Ok(p))) => at(p),
        Some(Some(Err(()))) => return Err(Stop::Poisoned),
        _ => {
            // Another split of the team by the same table found the case and
            // shares already: the team's composition is the same.
            let known = side
                .splits
                .iter()
                .flatten()
                .flatten()
                .find(|p| p.split == split);
            let known = known.map(|p| (p.case, p.shares.clone()));
            let computed =
                team_amount(amount, cache, w, side).and_then(|a| allocate(split, a, w, known));
            let got = computed.as_ref().map(at).map_err(Clone::clone);
            if let Some(slot) = side.splits.get_mut(cache as usize) {
                *slot = Some(computed.map_err(|_| ()));
            }
            got?
        }
    };
    if let Some(share) = share
        && side.inside == 0
        && !side.quiet
        && side.trace.is_some()
    {
        side.record(Event::Split { split, case, share });
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
    part.map(Value::Num)
        .ok_or_else(|| Stop::Error("internal: member outside its team".into()))
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
fn allocate(
    split: u32,
    amount: Decimal,
    w: &World,
    known: Option<(u32, Vec<Decimal>)>,
) -> Result<SplitParts, Stop> {
    let Some(table) = w.scheme.splits.get(split as usize) else {
        return err("internal: unknown split");
    };
    let (case, shares) = match known {
        Some((case, shares)) => (case as usize, shares),
        None => case_and_shares(table, w)?,
    };
    let places = w.scheme.rounding_places;
    let parts = split_exact_to(amount, &shares, places).ok_or_else(|| {
        let unit = if places == 2 { "分".to_string() } else { format!("units of {places} places") };
        Stop::Error(if round_half_away(amount, places) != amount {
            format!("cannot split {amount}: the amount is not whole {unit}; round it first, e.g. split(…, round(…))").into()
        } else {
            format!("cannot split {amount}: the amount is too large to split exactly, or the shares are not positive").into()
        })
    })?;
    Ok(SplitParts {
        split,
        case: case as u32,
        shares,
        parts,
    })
}

/// The split case for the team's composition and each member's share.
fn case_and_shares(table: &SplitTable, w: &World) -> Result<(usize, Vec<Decimal>), Stop> {
    let people = w
        .local
        .slots
        .get(Level::PERSON.index())
        .map_or(0, Slots::count) as u32;
    for p in 0..people {
        match w.value(Level::PERSON, p, table.by_slot) {
            Value::Text(_) => {}
            Value::Failed => return Err(Stop::Poisoned),
            other => return err(format!("internal: split category is {other:?}")),
        }
    }
    let category = |p: usize| {
        w.value(Level::PERSON, p as u32, table.by_slot)
            .text()
            .unwrap_or("")
    };
    match table.shares_of(people as usize, category) {
        Some(found) => Ok(found),
        None => {
            // No case, or a case without a share for someone: the message says which.
            let categories: Vec<Arc<str>> =
                (0..people as usize).map(|p| category(p).into()).collect();
            table.weights(&categories).map_err(Stop::Team)
        }
    }
}
