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
mod passes;
pub mod prepare;
pub mod problems;
pub mod program;
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
pub use trace::Traced;
pub use view::{FlagHit, MonthView, TeamView, Totals};

/// Where computed teams go: a renderer writing JSON, CSV or a workbook.
pub trait Sink {
    type Error;
    /// One team, computed and traced.
    fn team(&mut self, team: &TeamView) -> Result<(), Self::Error>;
    /// Which figures' trace [`Sink::team`] reads (default: every figure's).
    fn traced(&self) -> Traced {
        Traced::All
    }
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
    /// Per plan step: the local rule's program, when it has one.
    programs: &'a [Option<program::Program<'a>>],
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
    let programs = program::compile_plan(scheme);
    let run = Run {
        scheme,
        data,
        prep: &prep,
        schedule: &schedule,
        programs: &programs,
    };
    let mut globals = new_globals(scheme, &prep);
    let mut global_trace = Trace::default();
    let mut problems = Problems::new(scheme, data, &prep);
    let mut chunk = Chunk::default();
    let teams = prep.team_count() as u32;
    let last = schedule.passes - 1;

    let mut totals = Vec::new();
    let mut checked = Vec::new();
    let mut flags = Vec::new();
    let mut month_totals = view::Sums::default();
    for pass in 0..schedule.passes {
        let emit = discardable && pass == last;
        let traced = if emit { sink.traced() } else { Traced::Nothing };
        for t in 0..teams {
            chunk.load(scheme, data, &prep, t);
            if emit {
                reset_trace(scheme, &mut chunk);
            }
            run.locals(&mut chunk, &globals, Some(pass), traced, &mut problems);
            run.feed(pass, &chunk, &mut globals, &mut problems);
            if pass == last {
                run.check(&chunk, &mut checked, &mut problems);
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
                    Some(&checked),
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

    let traced = sink.traced();
    for t in (0..teams).filter(|_| !discardable) {
        chunk.load(scheme, data, &prep, t);
        reset_trace(scheme, &mut chunk);
        run.locals(&mut chunk, &globals, None, traced, &mut problems);
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
            None,
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
    checked: Option<&[Option<Totals>]>,
) -> TeamView<'a> {
    totals.clear();
    for p in 0..chunk.count(Level::PERSON) as u32 {
        // The check just computed them from the same figures, when it ran.
        let t = match checked.and_then(|c| c.get(p as usize)) {
            Some(t) => t.clone(),
            None => person_totals(scheme, &chunk.slots, p),
        }
        .unwrap_or_default();
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
