//! The inputs behind a person's or team's figures, as `explain` lists them:
//! each input row with its file, spreadsheet row and every column's value;
//! and the team and person rules a person's figures read.

use super::*;

/// One input's values for a person or a team, with the spreadsheet rows
/// they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct InputRecord {
    /// The input's name (`repairs`) and label (`班组维修统计`).
    pub input: String,
    pub label: String,
    /// The file read (`repairs.csv`); `None`: the month has no such file (an optional input).
    pub file: Option<String>,
    /// Spreadsheet rows, top to bottom; empty: no row, the columns' defaults apply.
    pub rows: Vec<u32>,
    /// Per column: (name, header, value shown).
    pub values: Vec<(String, String, String)>,
}

/// The input values of member `p` (roster first, then the person inputs), each input's rows.
pub fn person_inputs(r: &Report, v: &TeamView, p: u32) -> Vec<InputRecord> {
    inputs_of(r, v, Level::PERSON, p)
}

/// The input values of the team (its team inputs), each input's rows.
pub fn team_inputs(r: &Report, v: &TeamView) -> Vec<InputRecord> {
    inputs_of(r, v, Level::TEAM, 0)
}

fn inputs_of(r: &Report, v: &TeamView, level: Level, e: u32) -> Vec<InputRecord> {
    let s = r.scheme;
    let sources = if level == Level::PERSON {
        v.person_sources(e)
    } else {
        v.team_sources()
    };
    let mut out: Vec<(usize, InputRecord)> = Vec::new();
    for (i, d) in s.slots(level).iter().enumerate() {
        let SlotSource::Input { input, column } = d.source else {
            continue;
        };
        let Some(spec) = s.inputs.get(input) else {
            continue;
        };
        let header = spec.columns.get(column).map_or("", |c| c.header.as_str());
        let k = match out.iter().position(|(x, _)| *x == input) {
            Some(k) => k,
            None => {
                let mut rows: Vec<u32> = sources
                    .iter()
                    .filter(|r| r.input as usize == input)
                    .map(|r| r.row)
                    .collect();
                rows.sort_unstable();
                rows.dedup();
                out.push((
                    input,
                    InputRecord {
                        input: spec.name.clone(),
                        label: spec.label.clone(),
                        file: r.files.get(input).cloned().flatten(),
                        rows,
                        values: Vec::new(),
                    },
                ));
                out.len() - 1
            }
        };
        if let Some((_, rec)) = out.get_mut(k) {
            rec.values.push((
                d.name.clone(),
                header.to_string(),
                shown(v.value(level, e, i as u32), d.format),
            ));
        }
    }
    out.sort_by_key(|(input, _)| *input);
    out.into_iter().map(|(_, rec)| rec).collect()
}

/// The intermediate figures member `p`'s figures (base salary and items)
/// read, directly or through each other: the team's rules, then the
/// member's own rules that are not items, each in the scheme's order.
pub fn rules_read(r: &Report, v: &TeamView, p: u32) -> Vec<(Level, u32)> {
    let s = r.scheme;
    let is_rule = |l: Level, x: u32| {
        matches!(
            s.slots(l).get(x as usize).map(|d| &d.source),
            Some(SlotSource::Rule { .. })
        )
    };
    let own: BTreeSet<u32> = std::iter::once(s.base_slot)
        .chain(s.items.iter().map(|i| i.slot))
        .collect();
    let mut found: BTreeSet<(Level, u32)> = BTreeSet::new();
    let mut stack: Vec<(Level, u32)> = own.iter().map(|&x| (Level::PERSON, x)).collect();
    let mut visited = BTreeSet::new();
    while let Some((l, x)) = stack.pop() {
        if !visited.insert((l, x)) {
            continue;
        }
        let e = if l == Level::PERSON { p } else { 0 };
        for ev in v.trace(l, e, x) {
            if let Event::Read {
                level: rl,
                entity,
                slot,
            } = *ev
                && ((rl == Level::PERSON && entity == p) || rl == Level::TEAM)
                && is_rule(rl, slot)
            {
                if !(rl == Level::PERSON && own.contains(&slot)) {
                    found.insert((rl, slot));
                }
                stack.push((rl, slot));
            }
        }
    }
    let mut out: Vec<(Level, u32)> = found.into_iter().collect();
    out.sort_by_key(|&(l, x)| (l != Level::TEAM, x));
    out
}

/// The person input columns that give a reason for a row (事由): text
/// columns headed `事由` of inputs other than the roster, as (input, person
/// slot), in the scheme's order.
pub fn reason_columns(s: &Scheme) -> Vec<(usize, u32)> {
    s.slots(Level::PERSON)
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match d.source {
            SlotSource::Input { input, column }
                if d.format == Format::Text
                    && s.inputs.get(input).is_some_and(|spec| {
                        spec.columns.get(column).is_some_and(|c| c.header == "事由")
                            && !matches!(spec.kind, crate::scheme::InputKind::Roster)
                    }) =>
            {
                Some((input, i as u32))
            }
            _ => None,
        })
        .collect()
}
