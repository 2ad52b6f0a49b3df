//! The trace: what evaluating each figure read and chose, recorded while it
//! is computed — the values read, the parameters, the band rows chosen
//! (inside aggregates too), the split case and share, how many entities an
//! aggregate took and which input rows. 明细, the JSON and `explain` all
//! render this one record.
//!
//! A split's team amount is computed once per team, but each member's part
//! reads it: the amount's events are recorded once ([`Events::keep_amount`])
//! and copied into every member's figure that takes a part of it.

use crate::model::Level;
use rust_decimal::Decimal;

/// One thing a figure's evaluation did.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Read a slot of an entity (an input value or another rule's result).
    Read {
        level: Level,
        entity: u32,
        slot: u32,
    },
    /// Read a parameter.
    Param(u32),
    /// Chose `row` of band table `table` for the value looked up at (level, entity).
    Band {
        table: u32,
        row: u32,
        level: Level,
        entity: u32,
    },
    /// Took a part of a team amount: the split, the case (composition) and this member's share.
    Split {
        split: u32,
        case: u32,
        share: Decimal,
    },
    /// Aggregated `count` entities of level `over` (aggregate `id`).
    Agg { id: u32, over: Level, count: u32 },
    /// An input row an aggregate took (the first few only).
    Row { input: u32, row: u32 },
    /// Read kept value `index` of this person, `k` months back.
    Kept { k: u32, index: u32 },
    /// Ranked `rank` among `of` entities (`rank` 0: not ranked).
    Rank { id: u32, rank: u32, of: u32 },
}

/// Which local figures' events a sink reads, so that the engine records no
/// event nobody renders: the figures and every other output are the same
/// whatever is traced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Traced {
    /// No event (汇总 and the other figure-only outputs, CSV, the archive).
    Nothing,
    /// The band rows chosen by the team level's rules, nothing else: the
    /// only events the JSON's teams and the 班组 sheet read.
    Team,
    /// Every local figure (明细, `explain`, the casebook).
    All,
}

impl Traced {
    /// Whether the rules of `level` are traced.
    pub fn covers(self, level: Level) -> bool {
        match self {
            Traced::Nothing => false,
            Traced::Team => level == Level::TEAM,
            Traced::All => true,
        }
    }
}

/// At most this many entities inside one aggregate leave band or row events.
pub const INSIDE_LIMIT: u32 = 10;

/// The events recorded, in order, and the events of each split's team
/// amount (per split cache), kept once per team to be replayed for each member.
#[derive(Clone, Debug, Default)]
pub struct Events {
    list: Vec<Event>,
    amounts: Vec<Option<Vec<Event>>>,
}

impl Events {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn push(&mut self, e: Event) {
        self.list.push(e);
    }

    pub fn as_slice(&self) -> &[Event] {
        &self.list
    }

    /// Forgets the events recorded since `from`.
    pub fn truncate(&mut self, from: usize) {
        self.list.truncate(from);
    }

    /// Forgets every event and every kept amount.
    pub fn clear(&mut self) {
        self.list.clear();
        self.amounts.clear();
    }

    /// Moves the events recorded since `from` into the kept events of split cache `cache`.
    pub fn keep_amount(&mut self, cache: u32, from: usize) {
        let tail = self.list.split_off(from.min(self.list.len()));
        let i = cache as usize;
        if self.amounts.len() <= i {
            self.amounts.resize(i + 1, None);
        }
        if let Some(slot) = self.amounts.get_mut(i) {
            *slot = Some(tail);
        }
    }

    /// Whether the events of split cache `cache`'s amount are kept.
    pub fn has_amount(&self, cache: u32) -> bool {
        matches!(self.amounts.get(cache as usize), Some(Some(_)))
    }

    /// Records the kept events of split cache `cache`'s amount once more.
    pub fn replay_amount(&mut self, cache: u32) {
        if let Some(Some(evs)) = self.amounts.get(cache as usize) {
            self.list.extend_from_slice(evs);
        }
    }
}

/// The events of every (entity, slot) of the local levels of one team.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub events: Events,
    spans: Spans,
}

/// Per level: the level's stride, then per entity × stride the range of
/// the (entity, slot)'s events.
#[derive(Clone, Debug, Default)]
pub struct Spans(Vec<(usize, Vec<(u32, u32)>)>);

impl Spans {
    /// Records that `events[from..to]` belong to (level, entity, slot).
    pub fn set(&mut self, level: Level, entity: u32, slot: u32, from: usize, to: usize) {
        if let Some((stride, spans)) = self.0.get_mut(level.index())
            && let Some(s) = spans.get_mut(entity as usize * *stride + slot as usize)
        {
            *s = (from as u32, to as u32);
        }
    }

    /// The spans of `level`'s entities, to record many figures of one level.
    pub fn level(&mut self, level: Level) -> LevelSpans<'_> {
        match self.0.get_mut(level.index()) {
            Some((stride, spans)) => LevelSpans {
                stride: *stride,
                spans,
            },
            None => LevelSpans {
                stride: 0,
                spans: &mut [],
            },
        }
    }
}

/// The spans of one level's entities ([`Spans::level`]).
pub struct LevelSpans<'a> {
    stride: usize,
    spans: &'a mut [(u32, u32)],
}

impl LevelSpans<'_> {
    /// Records that `events[from..to]` belong to (entity, slot) of the level.
    #[inline]
    pub fn set(&mut self, entity: u32, slot: u32, from: usize, to: usize) {
        if let Some(s) = self
            .spans
            .get_mut(entity as usize * self.stride + slot as usize)
        {
            *s = (from as u32, to as u32);
        }
    }
}

impl Trace {
    /// Clears the trace for a chunk with `counts[level]` entities of `strides[level]` slots.
    pub fn reset(&mut self, counts: &[usize], strides: &[usize]) {
        self.events.clear();
        let spans = &mut self.spans.0;
        spans.resize_with(counts.len(), Default::default);
        for ((span, &n), &stride) in spans.iter_mut().zip(counts).zip(strides) {
            span.0 = stride;
            span.1.clear();
            span.1.resize(n * stride, (0, 0));
        }
    }

    /// The events, to record into, and the spans, to close each figure's with.
    pub fn parts(&mut self) -> (&mut Events, &mut Spans) {
        (&mut self.events, &mut self.spans)
    }

    /// Records that `events[from..]` belong to (level, entity, slot).
    pub fn close(&mut self, level: Level, entity: u32, slot: u32, from: usize) {
        let to = self.events.len();
        self.spans.set(level, entity, slot, from, to);
    }

    /// The events of (level, entity, slot).
    pub fn of(&self, level: Level, entity: u32, slot: u32) -> &[Event] {
        let Some((stride, spans)) = self.spans.0.get(level.index()) else {
            return &[];
        };
        let Some(&(a, b)) = spans.get(entity as usize * *stride + slot as usize) else {
            return &[];
        };
        self.events
            .as_slice()
            .get(a as usize..b as usize)
            .unwrap_or(&[])
    }
}
