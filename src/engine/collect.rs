//! A sink that keeps the whole month: every person's and team's values and
//! totals, the global levels' values and the flags. For tests, for small
//! months read back in a program, and for comparing a month with an earlier
//! computation; outputs of real months stream instead.

use super::view::{MonthView, TeamView, Totals};
use super::{Sink, chunk::Slots};
use crate::model::{Level, Value};
use std::convert::Infallible;

/// A person, kept: the month's index of their team, every slot, the totals.
#[derive(Clone, Debug)]
pub struct Person {
    pub team: u32,
    pub values: Vec<Value>,
    pub totals: Totals,
}

/// A set flag: its index in the scheme, the level, and the entity — a
/// person's or team's index in the month, or a global entity's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagged {
    pub flag: usize,
    pub level: Level,
    pub entity: u32,
}

/// The whole month, in the order the engine computed it (team by team).
#[derive(Clone, Debug, Default)]
pub struct Collected {
    pub team_ids: Vec<String>,
    /// Per team (in the month's team order): its values.
    pub teams: Vec<Vec<Value>>,
    /// Per person, in the month's (roster) order.
    pub people: Vec<Option<Person>>,
    /// Per level index: the global levels' values and their entities' IDs.
    pub globals: Vec<(Vec<String>, Slots)>,
    pub flags: Vec<Flagged>,
}

impl Sink for Collected {
    type Error = Infallible;

    fn team(&mut self, t: &TeamView) -> Result<(), Infallible> {
        let data = t.data;
        if self.people.is_empty() {
            self.people = vec![None; data.person_team.len()];
            self.teams = vec![Vec::new(); data.team_ids.len()];
            self.team_ids = data.team_ids.clone();
        }
        let stride = t.scheme.slots(Level::TEAM).len();
        if let Some(slot) = self.teams.get_mut(t.index() as usize) {
            *slot = (0..stride as u32)
                .map(|s| t.team_value(s).clone())
                .collect();
        }
        let pstride = t.scheme.slots(Level::PERSON).len();
        for p in 0..t.members() {
            let values = (0..pstride as u32)
                .map(|s| t.person_value(p, s).clone())
                .collect();
            let person = Person {
                team: t.index(),
                values,
                totals: t.totals.get(p as usize).cloned().unwrap_or_default(),
            };
            if let Some(slot) = self.people.get_mut(t.person_index(p) as usize) {
                *slot = Some(person);
            }
        }
        for f in t.flags {
            let entity = match f.level {
                Level::PERSON => t.person_index(f.entity),
                Level::TEAM => t.index(),
                _ => f.entity,
            };
            self.flags.push(Flagged {
                flag: f.flag,
                level: f.level,
                entity,
            });
        }
        Ok(())
    }

    fn finish(&mut self, m: &MonthView) -> Result<(), Infallible> {
        self.globals = m
            .scheme
            .levels
            .all()
            .map(|(l, _)| {
                (
                    m.ids(l).to_vec(),
                    m.globals.slots.get(l.index()).cloned().unwrap_or_default(),
                )
            })
            .collect();
        for f in m.flags {
            self.flags.push(Flagged {
                flag: f.flag,
                level: f.level,
                entity: f.entity,
            });
        }
        Ok(())
    }
}
