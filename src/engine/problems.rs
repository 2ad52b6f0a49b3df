//! The problems a computation finds, as diagnostics that name the entity
//! (person, team, department…), the rule and its line in the scheme, and
//! the input rows the entity came from.

use super::eval::{Frame, Side, Stop, World, eval};
use super::trace::{Event, Events};
use crate::diagnostic::{Diagnostic, Location};
use crate::i18n::Text;
use crate::model::{Level, LevelKind, MonthData, Node, Value};
use crate::msg;
use crate::scheme::{Flag, Item, ItemKind, Scheme, SlotSource, Step};
use rust_decimal::Decimal;

/// At most this many computation problems are reported for one run.
pub const MAX_PROBLEMS: usize = 200;

/// Input rows cited in a hint, at most.
const ROWS_CITED: usize = 5;

pub struct Problems {
    list: Vec<Diagnostic>,
    dropped: usize,
}

impl Problems {
    pub fn new(_scheme: &Scheme, _data: &MonthData, _prep: &super::prepare::Prepared) -> Problems {
        Problems {
            list: Vec::new(),
            dropped: 0,
        }
    }

    pub fn any(&self) -> bool {
        !self.list.is_empty()
    }

    pub fn into_list(mut self) -> Vec<Diagnostic> {
        if self.dropped > 0 {
            self.list.push(Diagnostic::note(msg!(
                "stopped-after",
                max = MAX_PROBLEMS,
                count = self.dropped
            )));
        }
        self.list
    }

    fn push(&mut self, d: Diagnostic) {
        if self
            .list
            .iter()
            .any(|x| x.message == d.message && x.location == d.location)
        {
            return;
        }
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(d);
        } else {
            self.dropped += 1;
        }
    }

    /// A rule that could not be computed for (step.level, entity).
    pub fn stop(&mut self, step: &Step, w: &World, entity: u32, stop: Stop) {
        self.stop_inside(step, w, step.level, entity, stop);
    }

    /// A rule that could not be computed while taking (level, entity) into it.
    pub fn stop_inside(&mut self, step: &Step, w: &World, level: Level, entity: u32, stop: Stop) {
        let scheme = w.scheme;
        let at = rule_location(scheme, line_of(scheme, step.level, step.slot));
        let stop = match stop {
            Stop::MissingMonth(month) => {
                Stop::Error(msg!("calc-missing-month", month = month).into())
            }
            other => other,
        };
        let d = match stop {
            Stop::Poisoned | Stop::MissingMonth(_) | Stop::NotInMonth => return,
            Stop::Team(msg) => {
                // A problem of the whole team: once, whichever rules meet it.
                let text = Text::from(msg!("calc-team", team = team_id(w), problem = msg));
                if self.list.iter().any(|d| d.message == text) {
                    return;
                }
                Diagnostic::error(at, text)
            }
            Stop::Error(msg) => {
                let who = describe(w, level, entity);
                let rule = rule_text(scheme, step.level, step.slot);
                with_rows(
                    Diagnostic::error(
                        at,
                        msg!("calc-cannot", who = who, rule = rule, problem = msg),
                    ),
                    w,
                    level,
                    entity,
                )
            }
        };
        self.push(d);
    }

    pub fn check_failed(&mut self, flag: &Flag, w: &World, entity: u32) {
        let who = describe(w, flag.level, entity);
        let d = Diagnostic::error(
            rule_location(w.scheme, line_of(w.scheme, flag.level, flag.slot)),
            msg!(
                "calc-check-failed",
                who = who,
                label = &flag.label,
                code = &flag.code
            ),
        );
        self.push(with_rows(d, w, flag.level, entity));
    }

    pub fn negative_item(&mut self, item: &Item, w: &World, p: u32, a: Decimal) {
        let who = describe(w, Level::PERSON, p);
        self.push(Diagnostic::error(
            rule_location(w.scheme, line_of(w.scheme, Level::PERSON, item.slot)),
            msg!(
                "calc-negative-item",
                who = who,
                code = &item.code,
                label = &item.label,
                amount = a.to_string(),
                kind = kind_word(item.kind),
                other = kind_word(if item.kind == ItemKind::Bonus {
                    ItemKind::Deduction
                } else {
                    ItemKind::Bonus
                })
            ),
        ));
    }

    pub fn amount_not_given(&mut self, scheme: &Scheme, slot: u32, w: &World, p: u32) {
        let who = describe(w, Level::PERSON, p);
        let name = scheme
            .slots(Level::PERSON)
            .get(slot as usize)
            .map_or("?", |d| d.label.as_str());
        let because_text = not_given_cause(
            w,
            &Node::Slot(slot),
            Frame {
                level: Level::PERSON,
                entity: p,
            },
        );
        self.push(Diagnostic::error(
            rule_location(scheme, line_of(scheme, Level::PERSON, slot)),
            msg!(
                "calc-amount-not-given",
                who = who,
                name = name,
                because = because(because_text)
            ),
        ));
    }

    pub fn totals_too_large(&mut self, w: &World, p: u32) {
        let who = describe(w, Level::PERSON, p);
        self.push(Diagnostic::error(
            Location::None,
            msg!("calc-totals-too-large", who = who),
        ));
    }
}

fn rule_location(scheme: &Scheme, line: u32) -> Location {
    if line == 0 {
        Location::None
    } else {
        Location::Line {
            file: scheme.file.clone(),
            line,
        }
    }
}

/// The scheme line of the rule computing (level, slot).
pub fn line_of(scheme: &Scheme, level: Level, slot: u32) -> u32 {
    match scheme.slots(level).get(slot as usize).map(|d| &d.source) {
        Some(SlotSource::Rule { line, .. }) => *line,
        _ => 0,
    }
}

fn team_id<'a>(w: &World<'a>) -> &'a str {
    w.data
        .team_ids
        .get(w.local.team as usize)
        .map_or("?", String::as_str)
}

/// `team A3`, `person 0102 张伟 (team A1)`, `survey.csv row 5 (person 0102 张伟)`,
/// `部门 售后一部`, `month 2024-05`.
pub fn describe(w: &World, level: Level, entity: u32) -> String {
    let scheme = w.scheme;
    let Some(def) = scheme.levels.get(level) else {
        return "?".into();
    };
    match &def.kind {
        LevelKind::Team => msg!("who-team", team = team_id(w)).to_string(),
        LevelKind::Person => {
            let p = w.local.people.get(entity as usize).copied().unwrap_or(0);
            let row = w.data.people.row(p as usize);
            let text = |slot: u32| {
                row.get(slot as usize)
                    .and_then(Value::text)
                    .unwrap_or("")
                    .to_string()
            };
            msg!(
                "who-person",
                id = text(scheme.roster.id),
                name = text(scheme.roster.name),
                team = team_id(w)
            )
            .to_string()
        }
        LevelKind::Rows { input } => {
            let file = w
                .data
                .files
                .get(*input)
                .cloned()
                .flatten()
                .unwrap_or_default();
            let row = w
                .local
                .rows
                .get(level.index())
                .and_then(|r| r.global.get(entity as usize))
                .and_then(|&g| {
                    w.data
                        .rows
                        .iter()
                        .find(|d| d.input as usize == *input)
                        .and_then(|d| d.rows.get(g as usize))
                })
                .copied()
                .unwrap_or(0);
            let owner = w
                .up(level, entity, def.parent.unwrap_or(Level::PERSON))
                .map(|o| describe(w, def.parent.unwrap_or(Level::PERSON), o))
                .unwrap_or_default();
            msg!("who-row", file = file, row = row, owner = owner).to_string()
        }
        LevelKind::Group { .. } | LevelKind::Month => {
            let id = w
                .prep
                .ids
                .get(level.index())
                .and_then(|ids| ids.get(entity as usize))
                .map_or("?", String::as_str);
            format!("{} {id}", def.label)
        }
    }
}

/// Adds a hint naming the input rows the entity came from.
fn with_rows(d: Diagnostic, w: &World, level: Level, entity: u32) -> Diagnostic {
    let sources = if level == Level::PERSON {
        w.local
            .people
            .get(entity as usize)
            .map_or(&[][..], |&p| w.data.people.sources(p as usize))
    } else if level == Level::TEAM {
        w.data.teams.sources(w.local.team as usize)
    } else {
        &[]
    };
    if sources.is_empty() {
        return d;
    }
    let mut cited: Vec<String> = sources
        .iter()
        .take(ROWS_CITED)
        .map(|r| {
            let file = w
                .data
                .files
                .get(r.input as usize)
                .cloned()
                .flatten()
                .unwrap_or_default();
            msg!("loc-row", file = file, row = r.row).to_string()
        })
        .collect();
    if sources.len() > ROWS_CITED {
        cited.push(msg!("n-more", count = sources.len() - ROWS_CITED).to_string());
    }
    d.with_hint(msg!("hint-input-rows", rows = cited.join(", ")))
}

/// `bonus`, `deduction`, `adjustment` (奖励, 扣款, 调整).
fn kind_word(kind: ItemKind) -> crate::i18n::Msg {
    match kind {
        ItemKind::Bonus => msg!("item-kind-bonus"),
        ItemKind::Deduction => msg!("item-kind-deduction"),
        ItemKind::Adjustment => msg!("item-kind-adjustment"),
    }
}

/// ` (avg of no survey rows)` after "is not given", or nothing.
pub fn because(cause: Option<String>) -> Text {
    cause.map_or_else(|| Text::from(""), |c| msg!("because", cause = c).into())
}

/// `X1 (交付及时率) = on_time / delivered`
pub fn rule_text(scheme: &Scheme, level: Level, slot: u32) -> String {
    match scheme.slots(level).get(slot as usize) {
        Some(def) => {
            let label = if def.label != def.name {
                format!(" ({})", def.label)
            } else {
                String::new()
            };
            match &def.source {
                SlotSource::Rule { expr, .. } => format!("{}{label} = {expr}", def.name),
                SlotSource::Input { .. } => format!("{}{label}", def.name),
            }
        }
        None => "?".to_string(),
    }
}

/// Rules followed, at most, looking for where a value that is not given came from.
const CAUSE_DEPTH: u32 = 8;

/// Why `node`, evaluated for `f`, is not given: `avg of no survey rows`,
/// `blank cell in survey.csv row 7`, `no row in attendance.csv`. Follows the
/// slots read and the branch of an `if` taken down to an empty aggregate or
/// an input cell. Evaluates again (only when reporting a problem), on the side:
/// nothing computed or recorded for the month changes.
pub fn not_given_cause(w: &World, node: &Node, f: Frame) -> Option<String> {
    let (mut splits, mut ranks, mut events) = (Vec::new(), Vec::new(), Events::default());
    let mut side = Side::new(&mut splits, &mut ranks, Some(&mut events));
    origin(w, node, f, &mut side, 0)
}

fn origin(w: &World, node: &Node, f: Frame, side: &mut Side, depth: u32) -> Option<String> {
    match node {
        Node::Slot(slot) => slot_origin(w, f.level, f.entity, *slot, side, depth),
        Node::Up { level, slot } => {
            let e = w.up(f.level, f.entity, *level)?;
            slot_origin(w, *level, e, *slot, side, depth)
        }
        Node::If(c, a, b) => match eval(c, w, f, side) {
            Ok(Value::Bool(true)) => origin(w, a, f, side, depth),
            Ok(Value::Bool(false)) => origin(w, b, f, side, depth),
            _ => None,
        },
        Node::Rank(r) => origin(w, &r.value, f, side, depth),
        Node::Agg(a) => {
            let from = side.trace.as_deref().map_or(0, Events::len);
            let v = eval(node, w, f, side).ok()?;
            let count = side.trace.as_deref().and_then(|t| {
                t.as_slice()
                    .get(from..)?
                    .iter()
                    .rev()
                    .find_map(|e| match e {
                        Event::Agg { id, count, .. } if *id == a.id => Some(*count),
                        _ => None,
                    })
            })?;
            if v != Value::NotGiven {
                return None;
            }
            if count > 0 && a.none.is_some() {
                return None;
            }
            if count == 0
                && let Some(none) = &a.none
            {
                return origin(w, none, f, side, depth);
            }
            let over = over_word(w, a.over);
            let op = a.op.word();
            Some(
                match (count, &a.filter) {
                    (0, None) => msg!("cause-none", op = op, over = over),
                    (0, Some(_)) => msg!("cause-none-meeting", op = op, over = over),
                    (n, _) => msg!("cause-none-given", op = op, count = n, over = over),
                }
                .to_string(),
            )
        }
        _ => None,
    }
}

/// Why slot `slot` of (level, e) is not given: an input cell, or its rule's cause.
fn slot_origin(
    w: &World,
    level: Level,
    e: u32,
    slot: u32,
    side: &mut Side,
    depth: u32,
) -> Option<String> {
    if w.value(level, e, slot) != &Value::NotGiven {
        return None;
    }
    let scheme = w.scheme;
    match &scheme.slots(level).get(slot as usize)?.source {
        SlotSource::Input { input, .. } => Some(input_origin(w, level, e, *input)),
        SlotSource::Rule { .. } if depth < CAUSE_DEPTH => {
            let step = scheme
                .plan
                .iter()
                .find(|st| st.level == level && st.slot == slot)?;
            origin(w, &step.node, Frame { level, entity: e }, side, depth + 1)
        }
        SlotSource::Rule { .. } => None,
    }
}

/// `blank cell in survey.csv row 7`, `no row in attendance.csv`, or `a blank cell`.
fn input_origin(w: &World, level: Level, e: u32, input: usize) -> String {
    let file = w
        .data
        .files
        .get(input)
        .cloned()
        .flatten()
        .or_else(|| w.scheme.inputs.get(input).map(|i| i.file.clone()))
        .unwrap_or_default();
    let sources = match w.scheme.levels.get(level).map(|d| &d.kind) {
        Some(LevelKind::Person) => w
            .local
            .people
            .get(e as usize)
            .map_or(&[][..], |&p| w.data.people.sources(p as usize)),
        Some(LevelKind::Team) => w.data.teams.sources(w.local.team as usize),
        Some(LevelKind::Rows { .. }) => {
            let row = w
                .local
                .rows
                .get(level.index())
                .and_then(|r| r.global.get(e as usize))
                .and_then(|&g| {
                    w.data
                        .rows
                        .iter()
                        .find(|d| d.input as usize == input)
                        .and_then(|d| d.rows.get(g as usize))
                });
            return match row {
                Some(row) => msg!("cause-blank-cell-at", file = file, row = *row),
                None => msg!("cause-blank-cell"),
            }
            .to_string();
        }
        _ => return msg!("cause-blank-cell").to_string(),
    };
    let rows: Vec<String> = sources
        .iter()
        .filter(|r| r.input as usize == input)
        .map(|r| r.row.to_string())
        .collect();
    match rows.as_slice() {
        [] => msg!("cause-no-row", file = file),
        [row] => msg!("cause-blank-cell-at", file = file, row = row),
        _ => msg!("cause-blank-cells", file = file, rows = rows.join(", ")),
    }
    .to_string()
}

/// How a cause names the entities of `level`: `survey rows`, `members`, `teams`, `部门`.
fn over_word(w: &World, level: Level) -> String {
    let levels = &w.scheme.levels;
    match levels.get(level).map(|d| &d.kind) {
        Some(LevelKind::Rows { .. }) => msg!("over-rows", name = levels.name(level)).to_string(),
        Some(LevelKind::Person) => msg!("over-members").to_string(),
        Some(LevelKind::Team) => msg!("over-teams").to_string(),
        Some(_) => levels
            .get(level)
            .map_or_else(|| levels.name(level).to_string(), |d| d.label.clone()),
        None => "?".into(),
    }
}
