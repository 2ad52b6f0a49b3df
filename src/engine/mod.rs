//! Computing a month: a compiled [`Scheme`] and the month's typed records in,
//! every figure out — team by team, to a [`Sink`] that writes it.
//!
//! Pure: no file system, no clock. The month is walked team by team, in
//! passes ([`schedule`]): each pass computes the local rules (rows, person,
//! team) of every team and gathers what the global levels (groups, month)
//! need; the global rules are computed between passes. The last pass checks
//! every figure; only then is the month computed once more, with its trace,
//! and handed to the sink one team at a time — so nothing is written for a
//! month that has a problem, and memory holds one team's figures at a time.
//!
//! A failure is reported once, where it happens, naming the entity, the rule
//! and its line in the scheme; everything that depends on it is skipped
//! silently, so one bad team yields one message, not a cascade.

pub mod chunk;
pub mod collect;
pub mod eval;
pub mod gather;
pub mod prepare;
pub mod problems;
pub mod schedule;
pub mod split;
pub mod totals;
pub mod trace;
pub mod view;
pub mod world;

use crate::diagnostic::Diagnostic;
use crate::model::{Level, MonthData, Value};
use crate::month::Month;
use crate::scheme::{ItemKind, Scheme};
use chunk::{Chunk, Slots};
use eval::{Acc, Frame, GlobalValues, Local, Side, World, eval, gather};
use prepare::Prepared;
use problems::Problems;
use rust_decimal::Decimal;
use schedule::Schedule;
use totals::local_flags;
pub use totals::person_totals;
use trace::Trace;
pub use view::{FlagHit, MonthView, TeamView, Totals};

/// Where computed teams go: a renderer writing JSON, CSV or a workbook.
pub trait Sink {
    type Error;
    /// One team, computed and traced.
    fn team(&mut self, team: &TeamView) -> Result<(), Self::Error>;
    /// After every team: the global levels' values and the month's totals.
    fn finish(&mut self, month: &MonthView) -> Result<(), Self::Error>;
}

/// Why a month was not computed.
#[derive(Debug)]
pub enum Failure<E> {
    /// Problems of the month's data or of a rule: nothing was written.
    Problems(Vec<Diagnostic>),
    /// The sink failed.
    Sink(E),
}

/// At most this many computation problems are reported for one run.
pub const MAX_PROBLEMS: usize = problems::MAX_PROBLEMS;

/// Everything fixed for a run.
struct Run<'a> {
    scheme: &'a Scheme,
    data: &'a MonthData,
    prep: &'a Prepared,
    schedule: &'a Schedule<'a>,
}

/// Computes the month and hands it to `sink` team by team.
pub fn compute<S: Sink>(
    scheme: &Scheme,
    month: Month,
    data: &MonthData,
    sink: &mut S,
) -> Result<(), Failure<S::Error>> {
    run_month(scheme, month, data, sink, false)
}

/// Like [`compute`], but for a sink whose output is thrown away when the
/// month fails (a temporary file renamed into place only on success): the
/// last pass both checks every figure and hands the teams over, so each
/// rule is evaluated once less. The sink may have received teams when a
/// failure is returned.
pub fn compute_discardable<S: Sink>(
    scheme: &Scheme,
    month: Month,
    data: &MonthData,
    sink: &mut S,
) -> Result<(), Failure<S::Error>> {
    run_month(scheme, month, data, sink, true)
}

fn run_month<S: Sink>(
    scheme: &Scheme,
    month: Month,
    data: &MonthData,
    sink: &mut S,
    discardable: bool,
) -> Result<(), Failure<S::Error>> {
    let prep = prepare::prepare(scheme, &month.to_string(), data).map_err(Failure::Problems)?;
    let schedule = Schedule::new(scheme);
    let run = Run {
        scheme,
        data,
        prep: &prep,
        schedule: &schedule,
    };
    let mut globals = new_globals(scheme, &prep);
    let mut global_trace = Trace::default();
    let mut problems = Problems::new(scheme, data, &prep);
    let mut chunk = Chunk::default();
    let teams = prep.team_count() as u32;
    let last = schedule.passes - 1;

    let mut totals = Vec::new();
    let mut flags = Vec::new();
    let mut month_totals = view::Sums::default();
    for pass in 0..schedule.passes {
        let emit = discardable && pass == last;
        for t in 0..teams {
            chunk.load(scheme, data, &prep, t);
            if emit {
                reset_trace(scheme, &mut chunk);
            }
            run.locals(&mut chunk, &globals, Some(pass), emit, &mut problems);
            run.feed(pass, &chunk, &mut globals, &mut problems);
            if pass == last {
                run.check(&chunk, &mut problems);
            }
            // A month with a problem is not written: its teams need not be rendered.
            if emit && !problems.any() {
                let view = team_view(
                    scheme,
                    data,
                    &prep,
                    month,
                    &chunk,
                    &globals,
                    &mut totals,
                    &mut flags,
                    &mut month_totals,
                );
                sink.team(&view).map_err(Failure::Sink)?;
            }
        }
        for per_group in globals.collected.iter_mut() {
            for values in per_group.iter_mut() {
                values.sort_unstable();
            }
        }
        run.globals(pass, &mut globals, &mut global_trace, &mut problems);
        if problems.any() {
            return Err(Failure::Problems(problems.into_list()));
        }
    }

    for t in (0..teams).filter(|_| !discardable) {
        chunk.load(scheme, data, &prep, t);
        reset_trace(scheme, &mut chunk);
        run.locals(&mut chunk, &globals, None, true, &mut problems);
        let view = team_view(
            scheme,
            data,
            &prep,
            month,
            &chunk,
            &globals,
            &mut totals,
            &mut flags,
            &mut month_totals,
        );
        sink.team(&view).map_err(Failure::Sink)?;
    }
    if problems.any() {
        // Every figure was checked in the last pass; a difference here is a bug.
        return Err(Failure::Problems(problems.into_list()));
    }
    let mut global_flags = Vec::new();
    for (i, flag) in scheme.flags.iter().enumerate() {
        if flag.is_error || !scheme.levels.is_global(flag.level) {
            continue;
        }
        let n = prep.count(flag.level) as u32;
        for e in 0..n {
            let v = globals
                .slots
                .get(flag.level.index())
                .map_or(&Value::Unset, |s| s.get(e, flag.slot));
            if v == &Value::Bool(true) {
                global_flags.push(FlagHit {
                    flag: i,
                    level: flag.level,
                    entity: e,
                });
            }
        }
    }
    let view = MonthView {
        scheme,
        data,
        prep: &prep,
        month,
        globals: &globals,
        trace: &global_trace,
        flags: &global_flags,
        totals: &month_totals,
    };
    sink.finish(&view).map_err(Failure::Sink)
}

/// Empties the chunk's trace for its entities.
fn reset_trace(scheme: &Scheme, chunk: &mut Chunk) {
    let counts: Vec<usize> = scheme.levels.all().map(|(l, _)| chunk.count(l)).collect();
    let strides: Vec<usize> = scheme
        .levels
        .all()
        .map(|(l, _)| scheme.slots(l).len())
        .collect();
    chunk.trace.reset(&counts, &strides);
}

/// A computed team as sinks see it: its members' totals and its flags.
#[allow(clippy::too_many_arguments)]
fn team_view<'a>(
    scheme: &'a Scheme,
    data: &'a MonthData,
    prep: &'a Prepared,
    month: Month,
    chunk: &'a Chunk,
    globals: &'a GlobalValues,
    totals: &'a mut Vec<Totals>,
    flags: &'a mut Vec<FlagHit>,
    month_totals: &mut view::Sums,
) -> TeamView<'a> {
    totals.clear();
    for p in 0..chunk.count(Level::PERSON) as u32 {
        let t = person_totals(scheme, &chunk.slots, p).unwrap_or_default();
        month_totals.add(&t);
        totals.push(t);
    }
    flags.clear();
    local_flags(scheme, chunk, flags);
    TeamView {
        scheme,
        data,
        prep,
        month,
        chunk,
        globals,
        totals,
        flags,
    }
}

fn new_globals(scheme: &Scheme, prep: &Prepared) -> GlobalValues {
    let levels = &scheme.levels;
    let slots = levels
        .all()
        .map(|(l, d)| {
            if d.is_global() {
                Slots::with(prep.count(l), scheme.slots(l).len())
            } else {
                Slots::default()
            }
        })
        .collect();
    let mut acc = vec![Vec::new(); scheme.aggregates as usize];
    let mut collected = vec![Vec::new(); scheme.ranks as usize];
    for step in &scheme.plan {
        step.node.walk(&mut |n| match n {
            crate::model::Node::Agg(a) if levels.is_global(a.at) && !levels.is_global(a.over) => {
                if let Some(x) = acc.get_mut(a.id as usize) {
                    *x = vec![Acc::default(); prep.count(a.at)];
                }
            }
            crate::model::Node::Rank(r) if levels.is_global(r.group) && !levels.is_global(r.of) => {
                if let Some(x) = collected.get_mut(r.id as usize) {
                    *x = vec![Vec::new(); prep.count(r.group)];
                }
            }
            _ => {}
        });
    }
    GlobalValues {
        slots,
        acc,
        collected,
    }
}

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
    fn locals(
        &self,
        chunk: &mut Chunk,
        globals: &GlobalValues,
        upto: Option<u32>,
        tracing: bool,
        problems: &mut Problems,
    ) {
        let levels = &self.scheme.levels;
        for (i, step) in self.scheme.plan.iter().enumerate() {
            if levels.is_global(step.level) {
                continue;
            }
            let stratum = self.schedule.stratum.get(i).copied().unwrap_or(0);
            if upto.is_some_and(|k| stratum > k) {
                continue;
            }
            let n = chunk.count(step.level) as u32;
            for e in 0..n {
                let from = chunk.trace.events.len();
                let result = {
                    let Chunk {
                        team,
                        people,
                        slots,
                        rows,
                        up,
                        splits,
                        ranks,
                        trace,
                    } = &mut *chunk;
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
                    let mut side = Side {
                        splits,
                        ranks,
                        trace: if tracing {
                            Some(&mut trace.events)
                        } else {
                            None
                        },
                        inside: 0,
                        quiet: false,
                    };
                    eval(
                        &step.node,
                        &w,
                        Frame {
                            level: step.level,
                            entity: e,
                        },
                        &mut side,
                    )
                };
                let value = match result {
                    Ok(v) => v,
                    Err(stop) => {
                        problems.stop(step, &self.world(chunk, globals), e, stop);
                        Value::Failed
                    }
                };
                if let Some(s) = chunk.slots.get_mut(step.level.index()) {
                    s.set(e, step.slot, value);
                }
                if tracing {
                    chunk.trace.close(step.level, e, step.slot, from);
                }
            }
        }
    }

    /// Gathers the chunk's entities into the global aggregates and ranks of `pass`.
    fn feed(&self, pass: u32, chunk: &Chunk, globals: &mut GlobalValues, problems: &mut Problems) {
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
            let mut side = Side {
                splits: &mut splits,
                ranks: &mut ranks,
                trace: None,
                inside: 1,
                quiet: true,
            };
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
    fn globals(
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
                    let mut side = Side {
                        splits: &mut splits,
                        ranks: &mut ranks,
                        trace: Some(&mut trace.events),
                        inside: 0,
                        quiet: false,
                    };
                    eval(
                        &step.node,
                        &w,
                        Frame {
                            level: step.level,
                            entity: e,
                        },
                        &mut side,
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
    fn check(&self, chunk: &Chunk, problems: &mut Problems) {
        let scheme = self.scheme;
        let w = self.world(chunk, &EMPTY_GLOBALS);
        for p in 0..chunk.count(Level::PERSON) as u32 {
            let value = |slot: u32| {
                chunk
                    .slots
                    .get(Level::PERSON.index())
                    .map_or(&Value::Unset, |s| s.get(p, slot))
            };
            let mut all = true;
            for (slot, what) in std::iter::once((scheme.base_slot, None))
                .chain(scheme.items.iter().map(|i| (i.slot, Some(i))))
            {
                match value(slot) {
                    Value::Num(a) => {
                        if let Some(item) = what
                            && item.kind != ItemKind::Adjustment
                            && a.is_sign_negative()
                            && !a.is_zero()
                        {
                            problems.negative_item(item, &w, p, *a);
                        }
                    }
                    Value::NotGiven => {
                        all = false;
                        problems.amount_not_given(scheme, slot, &w, p);
                    }
                    _ => all = false,
                }
            }
            if all && person_totals(scheme, &chunk.slots, p).is_none() {
                problems.totals_too_large(&w, p);
            }
        }
        for flag in scheme.flags.iter().filter(|f| f.is_error) {
            if scheme.levels.is_global(flag.level) {
                continue;
            }
            for e in 0..chunk.count(flag.level) as u32 {
                let v = chunk
                    .slots
                    .get(flag.level.index())
                    .map_or(&Value::Unset, |s| s.get(e, flag.slot));
                if v == &Value::Bool(true) {
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
