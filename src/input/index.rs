//! The roster's people and teams indexed by ID, as every other input's rows
//! are joined to them, with the hints a key that is not on the roster gets
//! (leading zeros lost by a spreadsheet, the teams that exist).

use crate::model::MonthData;
use foldhash::{HashMap, HashSet};
use std::sync::Arc;

/// The roster's people and teams, indexed by ID, for joining.
#[derive(Default)]
pub(crate) struct Index {
    /// 工号 → (person, roster row).
    pub(crate) people: HashMap<Arc<str>, (usize, u32)>,
    /// Team ID → (team, first roster row naming it).
    pub(crate) teams: HashMap<Arc<str>, (usize, u32)>,
    /// The roster file's name, for messages.
    pub(crate) file: String,
    /// The roster's ID column header (工号).
    pub(crate) id_header: String,
    /// Some roster rows were left out because their ID or team could not
    /// be read: a key missing from the roster may be on one of them.
    pub(crate) incomplete: bool,
    /// IDs on roster rows left out because their team could not be read:
    /// rows elsewhere for them are not reported again.
    pub(crate) left_out: HashSet<Arc<str>>,
    /// The roster's team column header (班组).
    pub(crate) team_header: String,
}

impl Index {
    /// A hint for a key that is not on the roster but would be with its
    /// leading zeros: a spreadsheet stored the ID as a number.
    pub(crate) fn lost_zeros(&self, key: &str, team: bool) -> Option<crate::i18n::Msg> {
        let strip = |s: &str| s.trim_start_matches('0').to_string();
        let wanted = strip(key);
        let ids = if team { &self.teams } else { &self.people };
        let mut near: Vec<&str> = ids
            .keys()
            .filter(|id| id.as_ref() != key && strip(id) == wanted)
            .map(AsRef::as_ref)
            .collect();
        near.sort_unstable();
        near.first()
            .map(|id| crate::msg!("hint-lost-zeros", file = &self.file, id = *id))
    }

    /// `A1, A2, A3` — the roster's teams in roster order, for a hint.
    pub(crate) fn team_list(&self, data: &MonthData) -> String {
        const SHOWN: usize = 12;
        let mut list: Vec<&str> = data
            .team_ids
            .iter()
            .take(SHOWN)
            .map(String::as_str)
            .collect();
        if data.team_ids.len() > SHOWN {
            list.push("…");
        }
        list.join(", ")
    }
}
