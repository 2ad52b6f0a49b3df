//! A team's figures as the 班组 sheet shows them: the band rows its rules
//! chose, the band tables consulted, and how each split item came out for
//! its members.

use super::*;

/// The band lookups of the team's own rules, in the scheme's order of
/// rules: (rule name, band table index, band row `when`).
pub fn team_bands<'s>(s: &'s Scheme, v: &TeamView) -> Vec<(&'s str, u32, &'s str)> {
    let mut out = Vec::new();
    for (i, d) in s.slots(Level::TEAM).iter().enumerate() {
        if !matches!(d.source, SlotSource::Rule { .. }) {
            continue;
        }
        for ev in v.trace(Level::TEAM, 0, i as u32) {
            if let Event::Band {
                table, row, level, ..
            } = *ev
                && level == Level::TEAM
                && let Some(b) = s
                    .bands
                    .get(table as usize)
                    .and_then(|t| t.rows.get(row as usize))
            {
                out.push((d.name.as_str(), table, b.when.as_str()));
            }
        }
    }
    out
}

/// The band tables team rules look up, in the scheme's order of rules.
pub fn team_band_tables(s: &Scheme) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, d) in s.slots(Level::TEAM).iter().enumerate() {
        if let Some(node) = step_node(s, Level::TEAM, i as u32)
            && matches!(d.source, SlotSource::Rule { .. })
        {
            node.walk(&mut |n| {
                if let Node::Band { table, .. } = n
                    && !out.contains(table)
                {
                    out.push(*table);
                }
            });
        }
    }
    out
}

/// The label a band table is shown with.
pub fn table_label(s: &Scheme, table: u32) -> &str {
    s.bands.get(table as usize).map_or("?", band_label)
}

/// The items whose rule splits a team amount.
pub fn split_items(s: &Scheme) -> Vec<usize> {
    s.items
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            let mut found = false;
            if let Some(node) = step_node(s, Level::PERSON, item.slot) {
                node.walk(&mut |n| found |= matches!(n, Node::Split { .. }));
            }
            found
        })
        .map(|(i, _)| i)
        .collect()
}

/// How item `item` came out for the members: `张伟 315.00 / 李娜 210.00`.
pub fn split_text(s: &Scheme, v: &TeamView, item: usize) -> String {
    let Some(item) = s.items.get(item) else {
        return String::new();
    };
    (0..v.members())
        .map(|p| {
            format!(
                "{} {}",
                v.person_text(p, s.roster.name),
                value_text(v.person_value(p, item.slot), Format::Money)
            )
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The rule figures of the team but the flags it did not raise (a check
/// that passed says nothing a clerk needs; 提示 lists those raised).
pub fn team_raised<'v, 'a>(r: &'v Report, v: &'v TeamView<'a>) -> Vec<Figure<'v, 'a>> {
    let s = r.scheme;
    rules_where(r, Src::Team(v), Level::TEAM, 0, |slot| {
        !s.flags.iter().any(|f| {
            f.level == Level::TEAM
                && f.slot == slot
                && !matches!(v.team_value(slot), Value::Bool(true))
        })
    })
}

/// The rule figures of global entity `e` but the flags it did not raise.
pub fn global_raised<'v, 'a>(
    r: &'v Report,
    m: &'v MonthView<'a>,
    level: Level,
    e: u32,
) -> Vec<Figure<'v, 'a>> {
    let s = r.scheme;
    rules_where(r, Src::Month(m), level, e, |slot| {
        !s.flags.iter().any(|f| {
            f.level == level
                && f.slot == slot
                && !matches!(m.value(level, e, slot), Value::Bool(true))
        })
    })
}
