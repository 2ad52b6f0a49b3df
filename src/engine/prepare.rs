//! Before computing: the month's records grouped for the engine, in time
//! linear in people and rows — each team's members, each person's or team's
//! rows (a counting sort by owner), and which group entity (部门, 片区…) and
//! month each team lies in. A team whose people are in different groups is
//! refused here, naming the team and two of its people.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{Level, LevelKind, MonthData, Value};
use crate::scheme::Scheme;
use std::collections::HashMap;

/// The rows of one rows level grouped by owner: the rows of owner `o` are
/// `order[start[o]..start[o + 1]]` (indices into the level's rows, in file order).
#[derive(Clone, Debug, Default)]
pub struct RowsIndex {
    pub start: Vec<u32>,
    pub order: Vec<u32>,
}

impl RowsIndex {
    pub fn of(&self, owner: u32) -> &[u32] {
        let (Some(&a), Some(&b)) = (
            self.start.get(owner as usize),
            self.start.get(owner as usize + 1),
        ) else {
            return &[];
        };
        self.order.get(a as usize..b as usize).unwrap_or(&[])
    }
}

/// The month's records as the engine walks them.
#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// Team `t`'s members are `members[member_start[t]..member_start[t + 1]]`, in roster order.
    pub member_start: Vec<u32>,
    pub members: Vec<u32>,
    /// Each person's position in its team.
    pub position: Vec<u32>,
    /// Per level index: the rows of a rows level grouped by owner.
    pub rows: Vec<Option<RowsIndex>>,
    /// Per level index, for the global levels: the entities' IDs (the month's is `YYYY-MM`).
    pub ids: Vec<Vec<String>>,
    /// Per level index, for the global levels: each team's entity at that level.
    pub team_up: Vec<Vec<u32>>,
    /// Per level index, for the global levels: each entity's entity at the parent level.
    pub parent: Vec<Vec<u32>>,
}

impl Prepared {
    pub fn team_members(&self, t: u32) -> &[u32] {
        let (Some(&a), Some(&b)) = (
            self.member_start.get(t as usize),
            self.member_start.get(t as usize + 1),
        ) else {
            return &[];
        };
        self.members.get(a as usize..b as usize).unwrap_or(&[])
    }

    pub fn team_count(&self) -> usize {
        self.member_start.len().saturating_sub(1)
    }

    /// The entities of global level `level`.
    pub fn count(&self, level: Level) -> usize {
        self.ids.get(level.index()).map_or(0, Vec::len)
    }
}

/// Groups `data` for `scheme`. Fails when a team lies in several group entities.
pub fn prepare(
    scheme: &Scheme,
    month: &str,
    data: &MonthData,
) -> Result<Prepared, Vec<Diagnostic>> {
    let levels = &scheme.levels;
    let teams = data.team_ids.len();
    let mut p = Prepared {
        rows: vec![None; levels.len()],
        ids: vec![Vec::new(); levels.len()],
        team_up: vec![Vec::new(); levels.len()],
        parent: vec![Vec::new(); levels.len()],
        ..Prepared::default()
    };

    // Members: a counting sort of people by team, keeping roster order.
    let mut counts = vec![0u32; teams + 1];
    for &t in &data.person_team {
        if let Some(c) = counts.get_mut(t as usize + 1) {
            *c += 1;
        }
    }
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
    p.member_start = counts.clone();
    p.members = vec![0; data.person_team.len()];
    p.position = vec![0; data.person_team.len()];
    let mut next = counts;
    for (person, &t) in data.person_team.iter().enumerate() {
        if let Some(slot) = next.get_mut(t as usize) {
            let at = *slot as usize;
            if let Some(m) = p.members.get_mut(at) {
                *m = person as u32;
            }
            if let Some(pos) = p.position.get_mut(person) {
                *pos = at as u32 - p.member_start.get(t as usize).copied().unwrap_or(0);
            }
            *slot += 1;
        }
    }

    // Rows by owner.
    for (level, def) in levels.rows() {
        let Some(rows) = data
            .rows
            .iter()
            .find(|r| matches!(def.kind, LevelKind::Rows { input } if r.input as usize == input))
        else {
            continue;
        };
        let owners = if def.parent == Some(Level::TEAM) {
            teams
        } else {
            data.person_team.len()
        };
        let mut start = vec![0u32; owners + 1];
        for &o in &rows.owners {
            if let Some(c) = start.get_mut(o as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut order = vec![0u32; rows.owners.len()];
        let mut next = start.clone();
        for (r, &o) in rows.owners.iter().enumerate() {
            if let Some(slot) = next.get_mut(o as usize) {
                if let Some(x) = order.get_mut(*slot as usize) {
                    *x = r as u32;
                }
                *slot += 1;
            }
        }
        if let Some(x) = p.rows.get_mut(level.index()) {
            *x = Some(RowsIndex { start, order });
        }
    }

    // Groups, smallest first, then the month.
    let mut problems = Vec::new();
    let roster_file = data
        .files
        .get(scheme.roster.input)
        .cloned()
        .flatten()
        .unwrap_or_default();
    let mut below: Option<Level> = None;
    for (level, def) in levels.all() {
        let li = level.index();
        match def.kind {
            LevelKind::Group { slot } => {
                let mut index: HashMap<String, u32> = HashMap::new();
                let mut ids = Vec::new();
                let mut up = Vec::with_capacity(teams);
                for t in 0..teams as u32 {
                    let members = p.team_members(t);
                    let group_of =
                        |person: u32| match data.people.row(person as usize).get(slot as usize) {
                            Some(Value::Text(s)) => s.to_string(),
                            _ => String::new(),
                        };
                    let first = members.first().map(|&m| group_of(m)).unwrap_or_default();
                    if let Some(&other) = members.iter().find(|&&m| group_of(m) != first) {
                        let who = |m: u32| person_words(scheme, data, m);
                        problems.push(
                            Diagnostic::error(
                                Location::File {
                                    file: roster_file.clone(),
                                },
                                format!(
                                    "team {} has people in two {}: {} ({first}) and {} ({})",
                                    data.team_ids.get(t as usize).map_or("?", String::as_str),
                                    def.label,
                                    who(members.first().copied().unwrap_or(0)),
                                    who(other),
                                    group_of(other)
                                ),
                            )
                            .with_hint(format!(
                                "a team must lie inside one {}: correct the roster, or split the team",
                                def.label
                            )),
                        );
                    }
                    let e = *index.entry(first.clone()).or_insert_with(|| {
                        ids.push(first);
                        ids.len() as u32 - 1
                    });
                    up.push(e);
                }
                p.ids[li] = ids;
                p.team_up[li] = up;
                set_parent(
                    &mut p,
                    below,
                    level,
                    levels,
                    data,
                    &roster_file,
                    &mut problems,
                );
                below = Some(level);
            }
            LevelKind::Month => {
                p.ids[li] = vec![month.to_string()];
                p.team_up[li] = vec![0; teams];
                p.parent[li] = vec![0];
                set_parent(
                    &mut p,
                    below,
                    level,
                    levels,
                    data,
                    &roster_file,
                    &mut problems,
                );
            }
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(p)
    } else {
        Err(problems)
    }
}

/// Sets each entity of `below` to its entity at `level`, through the teams,
/// reporting a `below` entity that lies in two.
fn set_parent(
    p: &mut Prepared,
    below: Option<Level>,
    level: Level,
    levels: &crate::model::Levels,
    data: &MonthData,
    roster_file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(b) = below else { return };
    let bi = b.index();
    let count = p.ids.get(bi).map_or(0, Vec::len);
    let mut parent = vec![u32::MAX; count];
    // The first team that put each lower entity in its parent, for messages.
    let mut first_team = vec![0usize; count];
    let lower = p.team_up.get(bi).cloned().unwrap_or_default();
    let up = p.team_up.get(level.index()).cloned().unwrap_or_default();
    let name = |p: &Prepared, l: Level, e: u32| {
        p.ids
            .get(l.index())
            .and_then(|ids| ids.get(e as usize))
            .cloned()
            .unwrap_or_default()
    };
    let label = |l: Level| levels.get(l).map_or("", |d| d.label.as_str());
    let team = |t: usize| data.team_ids.get(t).map_or("?", String::as_str);
    for (t, (&e, &u)) in lower.iter().zip(&up).enumerate() {
        let (Some(slot), Some(first)) =
            (parent.get_mut(e as usize), first_team.get_mut(e as usize))
        else {
            continue;
        };
        if *slot == u32::MAX {
            *slot = u;
            *first = t;
        } else if *slot != u {
            problems.push(
                Diagnostic::error(
                    Location::File {
                        file: roster_file.to_string(),
                    },
                    format!(
                        "{} {} lies in two {}: {} (team {}) and {} (team {})",
                        label(b),
                        name(p, b, e),
                        label(level),
                        name(p, level, *slot),
                        team(*first),
                        name(p, level, u),
                        team(t)
                    ),
                )
                .with_hint(format!(
                    "each {} lies inside one {}: correct the roster",
                    label(b),
                    label(level)
                )),
            );
        }
    }
    if let Some(x) = p.parent.get_mut(bi) {
        *x = parent;
    }
}

/// `0101 张伟`
pub fn person_words(scheme: &Scheme, data: &MonthData, person: u32) -> String {
    let row = data.people.row(person as usize);
    let text = |slot: u32| {
        row.get(slot as usize)
            .and_then(Value::text)
            .unwrap_or("")
            .to_string()
    };
    format!("{} {}", text(scheme.roster.id), text(scheme.roster.name))
}
