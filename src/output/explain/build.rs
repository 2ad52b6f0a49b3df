//! Building an [`Explanation`] from the trace the engine recorded: the
//! values the figure read (each once, in the order read), its split part,
//! aggregates and ranks, then the walk back for the bands and input rows,
//! the reasons given on those rows; written over an explanation and
//! [`Scratch`] buffers reused from one figure to the next.

use super::*;

/// Explains slot `slot` of entity (level, e) into `x`, as much as `detail` says.
pub(super) fn explain_into(
    r: &Report,
    src: Src,
    (level, e, slot): (Level, u32, u32),
    subject: &str,
    detail: Detail,
    x: &mut Explanation,
    sc: &mut Scratch,
) {
    let s = r.scheme;
    let def = s.slots(level).get(slot as usize);
    x.level = level;
    x.entity = e;
    x.slot = slot;
    x.name.clear();
    x.name.push_str(def.map_or("", |d| d.name.as_str()));
    x.subject.clear();
    x.subject.push_str(subject);
    x.rule.clear();
    match def.map(|d| (&d.source, d)) {
        _ if detail == Detail::Direct => {}
        Some((SlotSource::Rule { expr, .. }, d)) => {
            let _ = write!(x.rule, "{} = {expr}", d.name);
        }
        Some((SlotSource::Input { input, column }, d)) => {
            let header = s
                .inputs
                .get(*input)
                .and_then(|i| i.columns.get(*column))
                .map_or("", |c| c.header.as_str());
            let _ = write!(x.rule, "{} = 输入列「{header}」", d.name);
        }
        None => {}
    }
    x.result = src.value(level, e, slot).clone();
    x.format = def.map_or(Format::Number, |d| d.format);
    sc.result.clear();
    shown_into(&mut sc.result, &x.result, x.format);
    // The values read, in the order read, each once.
    sc.seen.clear();
    sc.counted.clear();
    x.split = None;
    let mut values = Refill::new(&mut x.values);
    let mut aggregates = Refill::new(&mut x.aggregates);
    for ev in events(r, src, level, e, slot) {
        match *ev {
            Event::Agg { id, over, count } if sc.seen.insert((4, over.0, id, 0)) => {
                sc.counted.push((id, over, count));
            }
            Event::Rank { rank, of, .. } if sc.seen.insert((5, 0, 0, 0)) => {
                *aggregates.next() = zh::rank_line(rank, of);
            }
            Event::Read {
                level: l,
                entity,
                slot: read,
            } if sc.seen.insert((0u8, l.0, entity, read)) => {
                let Some(d) = s.slots(l).get(read as usize) else {
                    continue;
                };
                let (name, value) = values.next();
                if l == level {
                    name.push_str(&d.name);
                } else {
                    let _ = write!(name, "{}.{}", s.levels.name(l), d.name);
                }
                shown_into(value, src.value(l, entity, read), d.format);
            }
            Event::Kept { k, index } if sc.seen.insert((3, 0, k, index)) => {
                if let (Src::Team(v), Some(h)) = (src, &s.history) {
                    let slot = h.keep.get(index as usize).copied().unwrap_or(0);
                    let Some(d) = s.slots(Level::PERSON).get(slot as usize) else {
                        continue;
                    };
                    let past = v.data.history.get(k as usize - 1);
                    let id = v.person_text(e, s.roster.id);
                    let value = past
                        .and_then(|m| m.people.as_ref())
                        .and_then(|p| p.get(id))
                        .and_then(|vals| vals.get(index as usize))
                        .unwrap_or(&Value::NotGiven);
                    let month = past.map_or("?", |m| m.month.as_str());
                    let (name, shown) = values.next();
                    let _ = write!(name, "{}@{month}", d.name);
                    shown_into(shown, value, d.format);
                }
            }
            Event::Param(i) if sc.seen.insert((1, 0, i, 0)) => {
                if let Some(p) = s.params.get(i as usize) {
                    let (name, value) = values.next();
                    name.push_str(&p.name);
                    shown_into(value, &p.value, p.format);
                }
            }
            Event::Split { split, case, share } if sc.seen.insert((2, 0, split, 0)) => {
                if let (Src::Team(v), Some(t)) = (src, s.splits.get(split as usize)) {
                    let (name, value) = values.next();
                    name.push_str(&t.name);
                    split_share(value, s, v, (split, case, share), e);
                    if x.split.is_none() {
                        x.split = Some(SplitPart {
                            split: t.name.clone(),
                            label: t.label.clone(),
                            case: t
                                .cases
                                .get(case as usize)
                                .map(|c| t.describe(&c.counts))
                                .unwrap_or_default(),
                            category: v.person_text(e, t.by_slot).to_string(),
                            share,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    drop(values);
    // Bands and input rows: of this figure and, transitively, of what it read.
    let at = (level, e, slot);
    let walk_cut = walk::walk(r, src, at, detail, (&mut x.bands, &mut x.choices), sc);
    let node = step_node(s, level, slot);
    for &(id, over, count) in &sc.counted {
        if let Some(line) = zh::aggregate_line(s, node, id, over, count, &sc.result) {
            *aggregates.next() = line;
        }
    }
    if walk_cut {
        let _ = write!(
            aggregates.next(),
            "… 所依据的数值超过 {} 项，其余的档位与输入行未列出",
            walk::MAX_WALK
        );
    }
    drop(aggregates);
    let mut reasons = Refill::new(&mut x.reasons);
    // A reason explains an amount: none beside a zero.
    let counts = !matches!(x.result, Value::Num(d) if d.is_zero());
    if let (Src::Team(v), true) = (src, level == Level::PERSON && counts) {
        for (input, rslot) in reason_columns(s) {
            if sc.rows.iter().any(|&(i, _)| i as usize == input)
                && let crate::model::Value::Text(t) = v.person_value(e, rslot)
                && !t.is_empty()
            {
                reasons.next().push_str(t);
            }
        }
    }
    drop(reasons);
    let mut inputs = Refill::new(&mut x.inputs);
    for &(i, row) in &sc.rows {
        // As `Report::cite` writes it: `repairs.csv 第2行`.
        let file = r.files.get(i as usize).and_then(Option::as_deref);
        let cite = inputs.next();
        cite.push_str(file.unwrap_or("?"));
        cite.push_str(" 第");
        digits::push_u32(cite, row);
        cite.push('行');
    }
}

/// `维修工程师 60.00% (1 维修工程师 + 1 助理维修员)`, written at the end of `out`.
fn split_share(out: &mut String, s: &Scheme, v: &TeamView, split: (u32, u32, Decimal), p: u32) {
    let (split, case, share) = split;
    let Some(table) = s.splits.get(split as usize) else {
        return;
    };
    let composition = table
        .cases
        .get(case as usize)
        .map(|c| table.describe(&c.counts))
        .unwrap_or_default();
    out.push_str(v.person_text(p, table.by_slot));
    out.push(' ');
    percent_into(out, share);
    let _ = write!(out, " ({composition})");
}
