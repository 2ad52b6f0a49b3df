//! One pass over the month: each team's local rules computed (traced when
//! the pass writes), the group accumulators and rank collections fed, the
//! group and month rules of the stratum computed after it, and the checks
//! of the last pass (every amount computed and in range, no check flag set).

use super::chunk::SplitParts;
use super::program::run_rule;
use super::trace::Events;
use super::world::Stop;
use super::*;

impl Run<'_> {
    fn world<'w>(&'w self, chunk: &'w Chunk, globals: &'w GlobalValues) -> World<'w> {
        World {
            scheme: self.scheme,
            data: self.data,
            prep: self.prep,
            local: Local {
                team: chunk.team,
                people: &chunk.people,
                slots: &chunk.slots,
                rows: &chunk.rows,
                up: &chunk.up,
            },
            globals,
        }
    }

    /// Computes the chunk's local rules (those of stratum ≤ `upto`, or all).
    #[inline(never)] // measured on its own (BENCHMARKS.md: the evaluation share)
    pub(super) fn locals(
        &self,
        chunk: &mut Chunk,
        globals: &GlobalValues,
        upto: Option<u32>,
        traced: Traced,
        problems: &mut Problems,
    ) {
        let Chunk {
            team,
            people,
            slots,
            rows,
            up,
            splits,
            ranks,
            trace,
        } = chunk;
        let (events, spans) = trace.parts();
        // One side for the whole team; the events are handed to it for the
        // traced levels' rules and parked for the others.
        let mut side = Side::new(splits, ranks, None);
        side.bands_only = traced == Traced::Team;
        let mut parked = Some(events);
        // The local steps of the strata computed (a later pass's list when
        // `upto` is past the last pass: every local step).
        let lists = &self.schedule.locals;
        let steps = upto
            .and_then(|k| lists.get(k as usize))
            .or(lists.last())
            .map_or(&[][..], Vec::as_slice);
        for &(i, step) in steps {
            let (level, slot) = (step.level, step.slot);
            let li = level.index();
            let (n, stride) = slots
                .get(li)
                .map_or((0, 0), |s| (s.count() as u32, s.stride));
            // The step's value of entity `e` goes to `values[e * stride + slot]`.
            let fits = (slot as usize) < stride;
            let tracing = traced.covers(level);
            if tracing != side.trace.is_some() {
                std::mem::swap(&mut side.trace, &mut parked);
            }
            let mut level_spans = tracing.then(|| spans.level(level));
            for e in 0..n {
                let from = side.trace.as_deref().map_or(0, Events::len);
                let w = World {
                    scheme: self.scheme,
                    data: self.data,
                    prep: self.prep,
                    local: Local {
                        team: *team,
                        people,
                        slots,
                        rows,
                        up,
                    },
                    globals,
                };
                let frame = Frame { level, entity: e };
                let program = self.programs.get(i).and_then(Option::as_ref);
                let value = match run_rule(program, &step.node, &w, frame, &mut side) {
                    Ok(v) => v,
                    Err(stop) => {
                        problems.stop(step, &w, e, stop);
                        Value::Failed
                    }
                };
                if let (Some(t), Some(s)) = (side.trace.as_deref(), level_spans.as_mut()) {
                    s.set(e, slot, from, t.len());
                }
                if fits
                    && let Some(cell) = slots
                        .get_mut(li)
                        .and_then(|s| s.values.get_mut(e as usize * stride + slot as usize))
                {
                    // The old value (unset) is dropped after the new one is in place.
                    drop(std::mem::replace(cell, value));
                }
            }
        }
    }

    /// Gathers the chunk's entities into the global aggregates and ranks of `pass`.
    pub(super) fn feed(
        &self,
        pass: u32,
        chunk: &Chunk,
        globals: &mut GlobalValues,
        problems: &mut Problems,
    ) {
        let (Some(feeds), Some(collects)) = (
            self.schedule.feeds.get(pass as usize),
            self.schedule.collects.get(pass as usize),
        ) else {
            return;
        };
        if feeds.is_empty() && collects.is_empty() {
            return;
        }
        let mut gathered: Vec<(u32, u32, Acc)> = Vec::new();
        let mut values: Vec<(u32, u32, Decimal)> = Vec::new();
        {
            let w = self.world(chunk, globals);
            let mut splits = vec![None; self.scheme.split_caches as usize];
            let mut ranks = vec![None; self.scheme.ranks as usize];
            let mut side = Side::new(&mut splits, &mut ranks, None);
            side.inside = 1;
            side.quiet = true;
            for &(step, agg) in feeds {
                for e in 0..chunk.count(agg.over) as u32 {
                    let Some(g) = w.up(agg.over, e, agg.at) else {
                        continue;
                    };
                    let mut acc = Acc::default();
                    match gather(agg, &mut acc, &w, e, &mut side) {
                        Ok(_) => {}
                        Err(stop) => {
                            acc.failed = true;
                            if let Some(s) = self.scheme.plan.get(step) {
                                problems.stop_inside(s, &w, agg.over, e, stop);
                            }
                        }
                    }
                    gathered.push((agg.id, g, acc));
                }
            }
            for &(step, rank) in collects {
                for e in 0..chunk.count(rank.of) as u32 {
                    let Some(g) = w.up(rank.of, e, rank.group) else {
                        continue;
                    };
                    let f = Frame {
                        level: rank.of,
                        entity: e,
                    };
                    match eval(&rank.value, &w, f, &mut side) {
                        Ok(Value::Num(d)) => values.push((rank.id, g, d)),
                        Ok(_) => {}
                        Err(stop) => {
                            if let Some(s) = self.scheme.plan.get(step) {
                                problems.stop_inside(s, &w, rank.of, e, stop);
                            }
                        }
                    }
                }
            }
        }
        for (id, g, one) in gathered {
            let Some(agg) = feeds.iter().find(|(_, a)| a.id == id).map(|(_, a)| *a) else {
                continue;
            };
            if let Some(acc) = globals
                .acc
                .get_mut(id as usize)
                .and_then(|a| a.get_mut(g as usize))
            {
                merge(acc, &one, agg.op);
            }
        }
        for (id, g, d) in values {
            if let Some(v) = globals
                .collected
                .get_mut(id as usize)
                .and_then(|c| c.get_mut(g as usize))
            {
                v.push(d);
            }
        }
    }

    /// Computes the global rules of stratum `pass`, for every entity of their level.
    pub(super) fn globals(
        &self,
        pass: u32,
        globals: &mut GlobalValues,
        trace: &mut Trace,
        problems: &mut Problems,
    ) {
        let levels = &self.scheme.levels;
        if trace.events.is_empty() && pass == 0 {
            let counts: Vec<usize> = levels.all().map(|(l, _)| self.prep.count(l)).collect();
            let strides: Vec<usize> = levels
                .all()
                .map(|(l, _)| self.scheme.slots(l).len())
                .collect();
            trace.reset(&counts, &strides);
        }
        let empty = Chunk::default();
        for (i, step) in self.scheme.plan.iter().enumerate() {
            if !levels.is_global(step.level)
                || self.schedule.stratum.get(i).copied().unwrap_or(0) != pass
            {
                continue;
            }
            for e in 0..self.prep.count(step.level) as u32 {
                let from = trace.events.len();
                let result = {
                    let w = self.world(&empty, globals);
                    let mut splits = Vec::new();
                    let mut ranks = vec![None; self.scheme.ranks as usize];
                    eval_step(
                        step,
                        &w,
                        e,
                        &mut splits,
                        &mut ranks,
                        Some(&mut trace.events),
                    )
                };
                let value = match result {
                    Ok(v) => v,
                    Err(stop) => {
                        problems.stop(step, &self.world(&empty, globals), e, stop);
                        Value::Failed
                    }
                };
                trace.close(step.level, e, step.slot, from);
                if let Some(s) = globals.slots.get_mut(step.level.index()) {
                    s.set(e, step.slot, value);
                }
            }
        }
        for flag in self.scheme.flags.iter().filter(|f| f.is_error) {
            if !levels.is_global(flag.level) {
                continue;
            }
            for e in 0..self.prep.count(flag.level) as u32 {
                let v = globals
                    .slots
                    .get(flag.level.index())
                    .map_or(&Value::Unset, |s| s.get(e, flag.slot));
                if v == &Value::Bool(true) {
                    problems.check_failed(flag, &self.world(&empty, globals), e);
                }
            }
        }
    }

    /// The checks of the last pass: every amount computed and in range, no check flag set.
    /// Checks the chunk's amounts and flags; `totals` receives each
    /// person's totals (`None` when an amount is missing or too large), for
    /// the team view that follows.
    #[inline(never)] // measured on its own (BENCHMARKS.md: the evaluation share)
    pub(super) fn check(
        &self,
        chunk: &Chunk,
        totals: &mut Vec<Option<Totals>>,
        problems: &mut Problems,
    ) {
        let scheme = self.scheme;
        let w = self.world(chunk, &EMPTY_GLOBALS);
        totals.clear();
        let people = chunk.slots.get(Level::PERSON.index());
        for p in 0..chunk.count(Level::PERSON) as u32 {
            let row = people.map_or(&[][..], |s| s.row(p));
            let mut all = true;
            let mut given = |slot: u32, problems: &mut Problems| match row.get(slot as usize) {
                Some(Value::Num(a)) => Some(*a),
                Some(Value::NotGiven) => {
                    all = false;
                    problems.amount_not_given(scheme, slot, &w, p);
                    None
                }
                _ => {
                    all = false;
                    None
                }
            };
            // The totals are added up as the amounts are checked.
            let mut adder = super::totals::Adder::default();
            if let Some(a) = given(scheme.base_slot, problems) {
                adder.base(a);
            }
            for item in &scheme.items {
                if let Some(a) = given(item.slot, problems) {
                    if item.kind != ItemKind::Adjustment && a.is_sign_negative() && !a.is_zero() {
                        problems.negative_item(item, &w, p, a);
                    }
                    adder.add(item.kind, a);
                }
            }
            let t = if all { adder.totals(scheme, row) } else { None };
            if all && t.is_none() {
                problems.totals_too_large(&w, p);
            }
            totals.push(t);
        }
        for flag in scheme.flags.iter().filter(|f| f.is_error) {
            if scheme.levels.is_global(flag.level) {
                continue;
            }
            let Some(slots) = chunk.slots.get(flag.level.index()) else {
                continue;
            };
            for e in 0..slots.count() as u32 {
                if matches!(slots.get(e, flag.slot), Value::Bool(true)) {
                    problems.check_failed(flag, &w, e);
                }
            }
        }
    }
}

static EMPTY_GLOBALS: GlobalValues = GlobalValues {
    slots: Vec::new(),
    acc: Vec::new(),
    collected: Vec::new(),
};

/// Adds one entity's contribution to a group's accumulator.
fn merge(acc: &mut Acc, one: &Acc, op: crate::model::AggOp) {
    if one.failed {
        acc.failed = true;
        return;
    }
    if one.count == 0 {
        return;
    }
    match one.acc {
        Some(d) => acc.add(op, Some(d)),
        None => acc.add(op, None),
    }
    acc.overflow |= one.overflow;
}

/// Evaluates `step`'s rule for entity `e`: a pass's splits and ranks so far,
/// its events recorded into `trace` when given.
fn eval_step(
    step: &crate::scheme::Step,
    w: &World,
    e: u32,
    splits: &mut Vec<Option<Result<SplitParts, ()>>>,
    ranks: &mut Vec<Option<Vec<Decimal>>>,
    trace: Option<&mut Events>,
) -> Result<Value, Stop> {
    let mut side = Side::new(splits, ranks, trace);
    let frame = Frame {
        level: step.level,
        entity: e,
    };
    eval(&step.node, w, frame, &mut side)
}
