//! What an expression evaluated for one entity can read — the team's
//! entities ([`Local`]), the groups' and month's values ([`GlobalValues`]),
//! the way up from an entity to the levels above — and what evaluation keeps
//! on the side ([`Side`]: split results, ranks within the team, the trace).

use super::chunk::{ChunkRows, Slots, SplitParts};
use super::prepare::Prepared;
use super::trace::{Event, Events};
use crate::model::{Level, LevelKind, MonthData, Node, Value};
use crate::msg;
use crate::scheme::Scheme;
use rust_decimal::Decimal;

use super::gather::Acc;

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
    Error(crate::i18n::Text),
    /// Depends on a value whose failure was already reported.
    Poisoned,
    /// A problem of the whole team (a composition with no split), reported once per team.
    Team(String),
    /// An earlier month `past(…)` reads has no archive (caught by `past`'s `none`).
    MissingMonth(String),
    /// The person was not on that earlier month's roster (caught by `past`'s
    /// `none`; without one, the value is not given).
    NotInMonth,
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
    /// Only band rows are recorded ([`super::Traced::Team`]: the only events its sinks read).
    pub bands_only: bool,
    /// The last band row found: (table, value looked up, row). Two rules
    /// looking up the same value in the same table (a band's two outputs)
    /// search once.
    pub last_band: Option<(u32, Decimal, u32)>,
}

impl<'a> Side<'a> {
    /// A side for one evaluation with nothing recorded or kept before.
    pub fn new(
        splits: &'a mut Vec<Option<Result<SplitParts, ()>>>,
        ranks: &'a mut Vec<Option<Vec<Decimal>>>,
        trace: Option<&'a mut Events>,
    ) -> Side<'a> {
        Side {
            splits,
            ranks,
            trace,
            inside: 0,
            quiet: false,
            bands_only: false,
            last_band: None,
        }
    }

    pub(super) fn record(&mut self, e: Event) {
        if !self.quiet
            && (!self.bands_only || matches!(e, Event::Band { .. }))
            && let Some(t) = self.trace.as_deref_mut()
        {
            t.push(e);
        }
    }

    pub(super) fn record_read(&mut self, e: Event) {
        if self.inside == 0 && !self.bands_only {
            self.record(e);
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub level: Level,
    pub entity: u32,
}

pub(super) fn err<T>(msg: impl Into<crate::i18n::Text>) -> Result<T, Stop> {
    Err(Stop::Error(msg.into()))
}

pub(super) fn overflow<T>() -> Result<T, Stop> {
    err("the result is too large to compute exactly")
}

impl<'a> World<'a> {
    pub(super) fn is_global(&self, level: Level) -> bool {
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
        if level == Level::PERSON && to == Level::TEAM {
            // A person's parent is the team, the chunk's only one (the
            // loop below answers the same, step by step).
            return Some(0);
        }
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
    pub(super) fn local_children(
        &self,
        at: Level,
        entity: u32,
        over: Level,
    ) -> std::ops::Range<u32> {
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
    pub(super) fn slot_name(&self, from: Level, level: Level, slot: u32) -> String {
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
    pub(super) fn not_given(&self, node: &Node, f: Frame) -> Stop {
        let because = || super::problems::because(super::problems::not_given_cause(self, node, f));
        let what = match node {
            Node::Slot(s) => msg!(
                "not-given-value",
                name = self.slot_name(f.level, f.level, *s),
                because = because()
            ),
            Node::Up { level, slot } => msg!(
                "not-given-value",
                name = self.slot_name(f.level, *level, *slot),
                because = because()
            ),
            Node::Agg(a) => msg!(
                "not-given-aggregate",
                op = a.op.word(),
                over = self.scheme.levels.name(a.over)
            ),
            Node::Rank(_) => msg!("not-given-rank"),
            _ => msg!("not-given-other"),
        };
        Stop::Error(msg!("not-given", what = what).into())
    }
}
