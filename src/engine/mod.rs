//! Computing a month: a compiled [`Scheme`] and the month's typed records in,
//! every team's and person's figures out, with what is needed to explain them.
//!
//! Pure: no file system, no clock. The plan is run step by step (each step one
//! rule for every team or every person, in dependency order); a failure is
//! reported once, where it happens, and everything that depends on it is
//! skipped silently, so one bad team yields one message, not a cascade.

use crate::diagnostic::{Diagnostic, Location};
use crate::expr::eval::{Frame, Side, Slots, Stop, World, eval};
use crate::expr::resolve::{Level, Value};
use crate::month::Month;
use crate::scheme::{ItemKind, Scheme, SlotSource};
use rust_decimal::Decimal;

/// Where a value came from: an input's row as the spreadsheet shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowRef {
    pub input: usize,
    pub row: u32,
}

/// One team's input values, before computing.
#[derive(Clone, Debug)]
pub struct TeamData {
    pub id: String,
    /// One value per team slot; input slots filled, rule slots `Unset`.
    pub values: Vec<Value>,
    pub sources: Vec<RowRef>,
}

/// One person's input values, before computing.
#[derive(Clone, Debug)]
pub struct PersonData {
    pub team: u32,
    pub values: Vec<Value>,
    pub sources: Vec<RowRef>,
}

/// The month's records, typed and joined, ready to compute.
#[derive(Clone, Debug, Default)]
pub struct MonthData {
    pub teams: Vec<TeamData>,
    pub people: Vec<PersonData>,
}

/// A person's totals: bonuses, deductions and net pay, from rounded items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    pub base: Decimal,
    pub bonus: Decimal,
    pub deduction: Decimal,
    pub net: Decimal,
}

/// A flag that is set for a team or person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagHit {
    pub flag: usize,
    pub level: Level,
    pub entity: u32,
}

/// Everything computed for a month.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub month: Month,
    pub team_ids: Vec<String>,
    pub members: Vec<Vec<u32>>,
    pub person_team: Vec<u32>,
    pub teams: Slots,
    pub people: Slots,
    /// Chosen band row per band lookup, per entity (`u16::MAX`: not looked up).
    pub team_bands: Vec<u16>,
    pub person_bands: Vec<u16>,
    pub team_sources: Vec<Vec<RowRef>>,
    pub person_sources: Vec<Vec<RowRef>>,
    pub totals: Vec<Totals>,
    pub flags: Vec<FlagHit>,
}

/// Amounts at or above 10^18 元 are refused: nothing real is that large, and
/// every amount must still print with exactly two decimals.
fn max_amount() -> Decimal {
    Decimal::from(1_000_000_000_000_000_000i64)
}

/// At most this many computation problems are reported for one run.
pub const MAX_PROBLEMS: usize = 200;

/// Computes every rule for every team and person.
pub fn compute(scheme: &Scheme, month: Month, data: MonthData) -> Result<Outcome, Vec<Diagnostic>> {
    let team_stride = scheme.team_slots.len();
    let person_stride = scheme.person_slots.len();
    let mut teams = Slots::new(0, team_stride);
    let mut people = Slots::new(0, person_stride);
    let mut team_ids = Vec::with_capacity(data.teams.len());
    let mut team_sources = Vec::with_capacity(data.teams.len());
    for t in data.teams {
        let mut v = t.values;
        v.resize(team_stride, Value::Unset);
        teams.values.extend(v);
        team_ids.push(t.id);
        team_sources.push(t.sources);
    }
    let mut members = vec![Vec::new(); team_ids.len()];
    let mut person_team = Vec::with_capacity(data.people.len());
    let mut person_pos = Vec::with_capacity(data.people.len());
    let mut person_sources = Vec::with_capacity(data.people.len());
    for (p, person) in data.people.into_iter().enumerate() {
        let mut v = person.values;
        v.resize(person_stride, Value::Unset);
        people.values.extend(v);
        let list = members.get_mut(person.team as usize);
        person_pos.push(list.as_ref().map_or(0, |l| l.len() as u32));
        if let Some(list) = list {
            list.push(p as u32);
        }
        person_team.push(person.team);
        person_sources.push(person.sources);
    }
    let team_count = team_ids.len();
    let person_count = person_team.len();
    let [team_records, person_records] = scheme.band_records.map(|r| r as usize);
    let mut team_bands = vec![u16::MAX; team_count * team_records];
    let mut person_bands = vec![u16::MAX; person_count * person_records];
    let mut split_cache = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut choices = Vec::new();

    for step in &scheme.plan {
        let (count, records) = match step.level {
            Level::Team => (team_count, team_records),
            Level::Person => (person_count, person_records),
        };
        for entity in 0..count as u32 {
            choices.clear();
            let result = {
                let world = World {
                    teams: &teams,
                    people: &people,
                    members: &members,
                    person_team: &person_team,
                    person_pos: &person_pos,
                    bands: &scheme.bands,
                    splits: &scheme.splits,
                    team_count,
                    places: scheme.rounding_places,
                };
                let mut side = Side {
                    band_choices: Some(&mut choices),
                    split_cache: &mut split_cache,
                };
                eval(
                    &step.node,
                    &world,
                    Frame {
                        level: step.level,
                        entity,
                    },
                    &mut side,
                )
            };
            let value = match result {
                Ok(v) => v,
                Err(Stop::Poisoned) => Value::Failed,
                Err(Stop::Team(team, msg)) => {
                    let text = format!(
                        "team {}: {msg}",
                        team_ids.get(team as usize).map_or("?", String::as_str)
                    );
                    if problems.len() < MAX_PROBLEMS && !problems.iter().any(|d| d.message == text)
                    {
                        problems.push(Diagnostic::error(Location::None, text));
                    }
                    Value::Failed
                }
                Err(Stop::Error(msg)) => {
                    if problems.len() < MAX_PROBLEMS {
                        let who = describe_entity(
                            scheme,
                            step.level,
                            entity,
                            &team_ids,
                            &people,
                            &person_team,
                        );
                        let rule = rule_text(scheme, step.level, step.slot);
                        problems.push(Diagnostic::error(
                            Location::None,
                            format!("{who}: cannot compute {rule}: {msg}"),
                        ));
                    }
                    Value::Failed
                }
            };
            let bands = if step.level == Level::Team {
                &mut team_bands
            } else {
                &mut person_bands
            };
            for &(record, row) in &choices {
                if let Some(b) = bands.get_mut(entity as usize * records + record as usize) {
                    *b = row;
                }
            }
            let slots = if step.level == Level::Team {
                &mut teams
            } else {
                &mut people
            };
            slots.set(entity, step.slot, value);
        }
    }

    let mut totals = Vec::with_capacity(person_count);
    for p in 0..person_count as u32 {
        let amount = |slot: u32| match people.get(p, slot) {
            Value::Num(d) => Some(*d),
            _ => None,
        };
        let mut t = Totals {
            base: amount(scheme.base_slot).unwrap_or_default(),
            bonus: Decimal::ZERO,
            deduction: Decimal::ZERO,
            net: Decimal::ZERO,
        };
        let base_ok = amount(scheme.base_slot).is_some();
        if !base_ok || scheme.items.iter().any(|i| amount(i.slot).is_none()) {
            // Every failure is reported where it happens; a missing amount without a
            // report would be a bug, and must never turn into a silent 0.00.
            if problems.is_empty() {
                let who =
                    describe_entity(scheme, Level::Person, p, &team_ids, &people, &person_team);
                problems.push(Diagnostic::error(
                    Location::None,
                    format!("internal: {who} has an amount that was not computed"),
                ));
            }
            totals.push(t);
            continue;
        }
        for item in &scheme.items {
            let Some(a) = amount(item.slot) else { continue };
            if a.is_sign_negative() && !a.is_zero() && problems.len() < MAX_PROBLEMS {
                let who =
                    describe_entity(scheme, Level::Person, p, &team_ids, &people, &person_team);
                problems.push(Diagnostic::error(
                    Location::None,
                    format!(
                        "{who}: item {} ({}) is {a}; an item's amount must not be negative (write the opposite case as a {} item)",
                        item.code,
                        item.label,
                        if item.kind == ItemKind::Bonus { "deduction" } else { "bonus" }
                    ),
                ));
            }
            let sum = match item.kind {
                ItemKind::Bonus => &mut t.bonus,
                ItemKind::Deduction => &mut t.deduction,
            };
            *sum = sum.checked_add(a).unwrap_or(Decimal::MAX);
        }
        match t
            .base
            .checked_add(t.bonus)
            .and_then(|x| x.checked_sub(t.deduction))
        {
            Some(net)
                if [t.base, t.bonus, t.deduction, net]
                    .iter()
                    .all(|a| a.abs() < max_amount()) =>
            {
                t.net = net
            }
            _ => {
                let who =
                    describe_entity(scheme, Level::Person, p, &team_ids, &people, &person_team);
                problems.push(Diagnostic::error(
                    Location::None,
                    format!("{who}: the totals are too large to compute exactly"),
                ));
            }
        }
        totals.push(t);
    }
    for flag in scheme.flags.iter().filter(|f| f.is_error) {
        let (slots, count) = match flag.level {
            Level::Team => (&teams, team_count),
            Level::Person => (&people, person_count),
        };
        for e in 0..count as u32 {
            if slots.get(e, flag.slot) == &Value::Bool(true) && problems.len() < MAX_PROBLEMS {
                let who = describe_entity(scheme, flag.level, e, &team_ids, &people, &person_team);
                problems.push(Diagnostic::error(
                    Location::None,
                    format!("{who}: {} (check {})", flag.label, flag.code),
                ));
            }
        }
    }
    if !problems.is_empty() {
        if problems.len() >= MAX_PROBLEMS {
            problems.push(Diagnostic::note(format!(
                "stopped after {MAX_PROBLEMS} problems"
            )));
        }
        return Err(problems);
    }

    let mut flags = Vec::new();
    for (i, flag) in scheme.flags.iter().enumerate().filter(|(_, f)| !f.is_error) {
        let (slots, count) = match flag.level {
            Level::Team => (&teams, team_count),
            Level::Person => (&people, person_count),
        };
        for e in 0..count as u32 {
            if slots.get(e, flag.slot) == &Value::Bool(true) {
                flags.push(FlagHit {
                    flag: i,
                    level: flag.level,
                    entity: e,
                });
            }
        }
    }

    Ok(Outcome {
        month,
        team_ids,
        members,
        person_team,
        teams,
        people,
        team_bands,
        person_bands,
        team_sources,
        person_sources,
        totals,
        flags,
    })
}

/// `team A3` or `person 0102 张伟 (team A1)`.
fn describe_entity(
    scheme: &Scheme,
    level: Level,
    entity: u32,
    team_ids: &[String],
    people: &Slots,
    person_team: &[u32],
) -> String {
    match level {
        Level::Team => format!(
            "team {}",
            team_ids.get(entity as usize).map_or("?", String::as_str)
        ),
        Level::Person => {
            let text = |slot: u32| match people.get(entity, slot) {
                Value::Text(t) => t.to_string(),
                _ => String::new(),
            };
            let team = person_team
                .get(entity as usize)
                .and_then(|t| team_ids.get(*t as usize))
                .map_or("?", String::as_str);
            format!(
                "person {} {} (team {team})",
                text(scheme.roster.id),
                text(scheme.roster.name)
            )
        }
    }
}

/// `X1 (交付及时率) = on_time / delivered`
fn rule_text(scheme: &Scheme, level: Level, slot: u32) -> String {
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

impl Outcome {
    pub fn team_value(&self, team: u32, slot: u32) -> &Value {
        self.teams.get(team, slot)
    }

    pub fn person_value(&self, person: u32, slot: u32) -> &Value {
        self.people.get(person, slot)
    }

    /// The text of a person's roster column (id, name, team).
    pub fn person_text(&self, person: u32, slot: u32) -> String {
        match self.people.get(person, slot) {
            Value::Text(t) => t.to_string(),
            _ => String::new(),
        }
    }

    pub fn person_count(&self) -> usize {
        self.person_team.len()
    }
}
