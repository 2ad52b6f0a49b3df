//! The walk behind an explanation: from a figure back through every figure it
//! read (at most [`MAX_WALK`]), collecting the band rows chosen and the input
//! rows used on the way.

use super::{
    BandChoice, Detail, Refill, Scratch, Src, band_label, events, shown, shown_into, step_node,
};
use crate::engine::trace::Event;
use crate::model::{Level, Node};
use crate::output::Report;
use crate::scheme::{Format, Scheme, SlotSource};
use std::fmt::Write as _;

/// The most figures one explanation walks back through for its bands and
/// input rows: far more than any shipped scheme's rules (an explanation of
/// the after-sales scheme visits under 40), few enough that a scheme of
/// thousands of chained rules is explained in time linear in its rules.
pub(super) const MAX_WALK: usize = 256;

/// Walks back from figure `(level, e, slot)` of `src`: the bands chosen
/// on the way into `bands` (as text, for [`Detail::All`]) and `choices`,
/// the input rows (input, row) into `sc.rows` in the scheme's order;
/// whether it stopped at [`MAX_WALK`].
pub(super) fn walk(
    r: &Report,
    src: Src,
    (level, e, slot): (Level, u32, u32),
    detail: Detail,
    (bands, choices): (&mut Vec<String>, &mut Vec<BandChoice>),
    sc: &mut Scratch,
) -> bool {
    let s = r.scheme;
    let mut bands = Refill::new(bands);
    let mut choices = Refill::new(choices);
    let Scratch {
        visited,
        stack,
        rows,
        ..
    } = sc;
    visited.clear();
    stack.clear();
    rows.clear();
    let mut walk_cut = false;
    stack.push((level, e, slot));
    while let Some((l, x, sl)) = stack.pop() {
        if visited.len() >= MAX_WALK {
            // A figure at the end of a long chain of rules: its explanation
            // stops here (linear in the rules, not quadratic), and says so.
            walk_cut = true;
            break;
        }
        if !visited.insert((l, x, sl)) {
            continue;
        }
        let global = s.levels.is_global(l);
        match s.slots(l).get(sl as usize).map(|d| &d.source) {
            Some(SlotSource::Input { input, .. }) => {
                let input = *input as u32;
                if let Src::Team(v) = src {
                    let sources = if l == Level::PERSON {
                        v.person_sources(x)
                    } else if l == Level::TEAM {
                        v.team_sources()
                    } else {
                        &[]
                    };
                    rows.extend(
                        sources
                            .iter()
                            .filter(|r| r.input == input)
                            .map(|r| (r.input, r.row)),
                    );
                    if let Some(r) = v.row_number(l, x) {
                        rows.push((r.input, r.row));
                    }
                }
                continue;
            }
            Some(SlotSource::Rule { .. }) => {}
            None => continue,
        }
        let evs = events(r, src, l, x, sl);
        // Pushed in reverse so that the first figure read is explored first.
        for ev in evs.iter().rev() {
            match *ev {
                Event::Read {
                    level: rl,
                    entity,
                    slot,
                } if s.levels.is_global(rl) == global => stack.push((rl, entity, slot)),
                Event::Split { split, .. } => {
                    if let Some(t) = s.splits.get(split as usize) {
                        stack.push((Level::PERSON, x, t.by_slot));
                    }
                }
                Event::Row { input, row } => rows.push((input, row)),
                _ => {}
            }
        }
        // The figure itself is the first visited: its choices come first.
        let direct = (l, x, sl) == (level, e, slot);
        if !direct && detail == Detail::Direct {
            continue;
        }
        for ev in evs {
            if let Event::Band {
                table,
                row,
                level: at,
                entity,
            } = *ev
                && let Some(t) = s.bands.get(table as usize)
                && let Some(b) = t.rows.get(row as usize)
            {
                let label = band_label(t);
                // Each band row once, as `label: when` reads.
                if choices.done().iter().any(|c| same_text(c, label, &b.when)) {
                    continue;
                }
                if detail == Detail::All {
                    let _ = write!(bands.next(), "{label}: {}", b.when);
                }
                let c = choices.next();
                c.table.push_str(&t.name);
                c.label.push_str(label);
                c.when.push_str(&b.when);
                c.looked_up = looked_up(s, src, (l, sl), table, (at, entity));
                let mut outputs = Refill::new(&mut c.outputs);
                for (o, v) in t.outputs.iter().zip(&b.values) {
                    let (name, value) = outputs.next();
                    name.push_str(&o.name);
                    shown_into(value, v, output_format(o));
                }
                drop(outputs);
                c.direct = direct;
            }
        }
    }
    // Inputs in the scheme's order, rows top to bottom.
    rows.sort_unstable();
    rows.dedup();
    walk_cut
}

/// Whether choice `c` reads `label: when` ([`BandChoice::text`]).
fn same_text(c: &BandChoice, label: &str, when: &str) -> bool {
    c.label.len() + c.when.len() == label.len() + when.len()
        && (c.label.bytes().chain(*b": ").chain(c.when.bytes()))
            .eq(label.bytes().chain(*b": ").chain(when.bytes()))
}

/// The value a band lookup of `table` in the rule of figure `(level, slot)`
/// looked up at entity `at`: shown when every lookup of that table in the
/// rule reads the same named value (`band(timeliness, X1)`), else `None`.
fn looked_up(
    s: &Scheme,
    src: Src,
    (level, slot): (Level, u32),
    table: u32,
    (at, entity): (Level, u32),
) -> Option<(String, String)> {
    let node = step_node(s, level, slot)?;
    let mut args: Vec<&Node> = Vec::new();
    node.walk(&mut |n| {
        if let Node::Band { table: t, arg, .. } = n
            && *t == table
        {
            args.push(arg);
        }
    });
    // The value read, as (level, slot), or `None` for an expression.
    let key = |n: &Node| match *n {
        Node::Slot(x) => Some((at, x)),
        // A value of the team or of a global level, from a person or a team.
        Node::Up { level: up, slot: x }
            if (up == Level::TEAM && at == Level::PERSON) || s.levels.is_global(up) =>
        {
            Some((up, x))
        }
        _ => None,
    };
    let (l, x) = key(args.first()?)?;
    if args.iter().any(|a| key(a) != Some((l, x))) {
        return None;
    }
    let e = if l == at { entity } else { 0 };
    let d = s.slots(l).get(x as usize)?;
    let name = if l == at {
        d.name.clone()
    } else {
        format!("{}.{}", s.levels.name(l), d.name)
    };
    Some((name, shown(src.value(l, e, x), d.format)))
}

/// How a band output is shown.
fn output_format(o: &crate::scheme::band::BandOutput) -> Format {
    if o.percent {
        Format::Percent
    } else if o.ty == crate::expr::types::Type::MONEY {
        Format::Money
    } else {
        Format::Number
    }
}
