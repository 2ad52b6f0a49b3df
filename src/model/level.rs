//! Levels as data: the chain a month is made of — input rows → person →
//! team → the groupings a scheme declares (部门, 片区…) → the whole month.
//!
//! Person, team and month are always there; groups come from roster columns;
//! an input with `rows = "many"` is a rows level below the person or team its
//! rows belong to. Entities of the *local* levels (rows, person, team) are
//! computed team by team; the *global* levels (groups, month) hold few
//! entities, all kept in memory.

/// A level's index in [`Levels`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Level(pub u8);

impl Level {
    pub const PERSON: Level = Level(0);
    pub const TEAM: Level = Level(1);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelKind {
    /// One roster row each.
    Person,
    /// The roster's team column.
    Team,
    /// A roster column above the team (every team lies inside one entity);
    /// `slot` is the person slot holding the column.
    Group { slot: u32 },
    /// The whole month: one entity.
    Month,
    /// The rows of an input with `rows = "many"`, each belonging to a person
    /// or a team (the level's parent).
    Rows { input: usize },
}

#[derive(Clone, Debug)]
pub struct LevelDef {
    /// The name expressions use: `person`, `team`, `dept`, `month`, `survey`.
    pub name: String,
    /// The name sheets show: 员工, 班组, 部门, 全月, the input's label.
    pub label: String,
    pub kind: LevelKind,
    /// The level its entities belong to (`None` for the month).
    pub parent: Option<Level>,
}

impl LevelDef {
    /// Groups and the month: few entities, computed between passes over the teams.
    pub fn is_global(&self) -> bool {
        matches!(self.kind, LevelKind::Group { .. } | LevelKind::Month)
    }
}

/// The levels of a scheme: person (0), team (1), groups smallest first,
/// the month, then rows levels.
#[derive(Clone, Debug)]
pub struct Levels {
    defs: Vec<LevelDef>,
}

impl Levels {
    /// Person, team and month only.
    pub fn basic() -> Levels {
        Levels::new(Vec::new(), Vec::new())
    }

    /// `groups`: (name, label, person slot of the column), smallest first;
    /// `rows`: (name, label, input index, owner level: person or team).
    pub fn new(
        groups: Vec<(String, String, u32)>,
        rows: Vec<(String, String, usize, Level)>,
    ) -> Levels {
        let mut defs = vec![
            LevelDef {
                name: "person".into(),
                label: "员工".into(),
                kind: LevelKind::Person,
                parent: Some(Level::TEAM),
            },
            LevelDef {
                name: "team".into(),
                label: "班组".into(),
                kind: LevelKind::Team,
                parent: None,
            },
        ];
        for (name, label, slot) in groups {
            let here = Level(defs.len() as u8);
            if let Some(prev) = defs.last_mut() {
                prev.parent = Some(here);
            }
            defs.push(LevelDef {
                name,
                label,
                kind: LevelKind::Group { slot },
                parent: None,
            });
        }
        let month = Level(defs.len() as u8);
        if let Some(prev) = defs.last_mut() {
            prev.parent = Some(month);
        }
        defs.push(LevelDef {
            name: "month".into(),
            label: "全月".into(),
            kind: LevelKind::Month,
            parent: None,
        });
        for (name, label, input, owner) in rows {
            defs.push(LevelDef {
                name,
                label,
                kind: LevelKind::Rows { input },
                parent: Some(owner),
            });
        }
        Levels { defs }
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    pub fn all(&self) -> impl Iterator<Item = (Level, &LevelDef)> {
        self.defs
            .iter()
            .enumerate()
            .map(|(i, d)| (Level(i as u8), d))
    }

    pub fn get(&self, level: Level) -> Option<&LevelDef> {
        self.defs.get(level.index())
    }

    pub fn name(&self, level: Level) -> &str {
        self.get(level).map_or("?", |d| d.name.as_str())
    }

    pub fn by_name(&self, name: &str) -> Option<Level> {
        self.defs
            .iter()
            .position(|d| d.name == name)
            .map(|i| Level(i as u8))
    }

    pub fn month(&self) -> Level {
        self.all()
            .find(|(_, d)| d.kind == LevelKind::Month)
            .map_or(Level(2), |(l, _)| l)
    }

    pub fn is_global(&self, level: Level) -> bool {
        self.get(level).is_some_and(LevelDef::is_global)
    }

    pub fn parent(&self, level: Level) -> Option<Level> {
        self.get(level).and_then(|d| d.parent)
    }

    /// Whether `up` is `level` itself or one of the levels above it.
    pub fn is_at_or_above(&self, level: Level, up: Level) -> bool {
        let mut l = Some(level);
        let mut steps = 0;
        while let Some(x) = l {
            if x == up {
                return true;
            }
            steps += 1;
            if steps > self.defs.len() {
                return false;
            }
            l = self.parent(x);
        }
        false
    }

    /// Whether `up` is strictly above `level`.
    pub fn is_above(&self, level: Level, up: Level) -> bool {
        level != up && self.is_at_or_above(level, up)
    }

    /// The rows levels of input `input`, if it is kept as rows.
    pub fn rows_of_input(&self, input: usize) -> Option<Level> {
        self.all()
            .find(|(_, d)| d.kind == LevelKind::Rows { input })
            .map(|(l, _)| l)
    }

    /// The group levels, smallest first.
    pub fn groups(&self) -> impl Iterator<Item = (Level, &LevelDef)> {
        self.all()
            .filter(|(_, d)| matches!(d.kind, LevelKind::Group { .. }))
    }

    /// The rows levels.
    pub fn rows(&self) -> impl Iterator<Item = (Level, &LevelDef)> {
        self.all()
            .filter(|(_, d)| matches!(d.kind, LevelKind::Rows { .. }))
    }
}
