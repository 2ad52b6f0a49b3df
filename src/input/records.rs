//! Raw tables → the month's typed, joined records ([`MonthData`]).
//!
//! Every cell is typed by its column's declaration; bounds and allowed values
//! are checked; rows are joined to the roster's people and teams. Every problem
//! names the file, the row as the spreadsheet shows it, the column header, the
//! value and what was expected, and all problems are collected (up to a cap)
//! before the run stops.

use super::index::Index;
pub use super::problems::MAX_PROBLEMS;
use super::problems::{AFTER_ROWS, Problems};
use super::stream::{Rows, TableInfo};
use super::table::RawTable;
use super::typing::{Texts, positions, text, type_row};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::data::Table;
use crate::model::{Level, MonthData, RowRef, RowsData, Value};
use crate::msg;
use crate::scheme::{InputKind, InputSpec, RowsMode, Scheme};
use foldhash::{HashMap, HashMap as Map};
use std::sync::Arc;

/// Joins the month's tables (one per scheme input, `None` for an optional
/// input whose file is absent) into records. Returns the records and
/// warnings, or every problem found (warnings last). The month itself is
/// read and joined row by row ([`super::read_month`]); this is the same
/// join over tables already in memory.
pub fn join(
    scheme: &Scheme,
    tables: &[Option<RawTable>],
) -> Result<(MonthData, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut joiner = Joiner::new(scheme);
    let roster = scheme.roster.input;
    let order = std::iter::once(roster).chain((0..tables.len()).filter(|&i| i != roster));
    for i in order {
        let Some(Some(t)) = tables.get(i) else {
            continue;
        };
        let info = TableInfo {
            file: t.file.clone(),
            sheet: t.sheet.clone(),
            header_row: t.header_row,
            headers: t.headers.clone(),
            sha256: t.sha256.clone(),
            encoding: t.encoding.clone(),
        };
        let mut rows = Rows::from_rows(&t.file, t.rows.clone());
        joiner.table(i, &info, &mut rows);
    }
    let (data, problems, warnings) = joiner.finish(&vec![false; tables.len()]);
    if problems.is_empty() {
        Ok((data, warnings))
    } else {
        Err(problems.into_report(warnings))
    }
}

/// The month's records as they are joined, input by input (the roster
/// first), each table's rows typed and joined as they are read.
pub(crate) struct Joiner<'s> {
    scheme: &'s Scheme,
    data: MonthData,
    index: Option<Index>,
    pub(crate) problems: Problems,
    warnings: Vec<Diagnostic>,
    /// Inputs whose rows were read.
    read: Vec<bool>,
}

impl<'s> Joiner<'s> {
    pub(crate) fn new(scheme: &'s Scheme) -> Joiner<'s> {
        let mut data = MonthData {
            teams: Table::new(scheme.input_slots(Level::TEAM)),
            people: Table::new(scheme.input_slots(Level::PERSON)),
            files: vec![None; scheme.inputs.len()],
            ..MonthData::default()
        };
        // One rows table per rows level, in level order.
        for (_, def) in scheme.levels.rows() {
            if let crate::model::LevelKind::Rows { input } = def.kind {
                data.rows.push(RowsData {
                    input: input as u32,
                    stride: scheme
                        .inputs
                        .get(input)
                        .map_or(0, |i| i.columns.iter().filter(|c| c.slot.is_some()).count()),
                    ..RowsData::default()
                });
            }
        }
        Joiner {
            scheme,
            data,
            index: None,
            problems: Problems::new(),
            warnings: Vec::new(),
            read: vec![false; scheme.inputs.len()],
        }
    }

    /// Types and joins the rows of input `i` (the roster must come first).
    /// Without a roster the rows' cells are still typed, for their problems.
    pub(crate) fn table(&mut self, i: usize, info: &TableInfo, rows: &mut Rows) {
        let scheme = self.scheme;
        let Some(spec) = scheme.inputs.get(i) else {
            return;
        };
        if let Some(f) = self.data.files.get_mut(i) {
            *f = Some(info.file.clone());
        }
        let Some(positions) = positions(i, info, &spec.columns, &mut self.problems) else {
            return;
        };
        if let Some(r) = self.read.get_mut(i) {
            *r = true;
        }
        let mut texts = Texts::default();
        if i == scheme.roster.input {
            self.index = Some(super::roster::people_and_teams(
                scheme,
                spec,
                info,
                &positions,
                rows,
                &mut self.data,
                &mut self.problems,
                &mut texts,
            ));
            return;
        }
        match &self.index {
            Some(index) if !self.data.person_team.is_empty() => join_rows(
                i,
                spec,
                info,
                &positions,
                rows,
                index,
                &mut self.data,
                &mut self.problems,
                &mut self.warnings,
                scheme.roster.name,
                &mut texts,
            ),
            // Nobody to join to: the cells are still checked.
            _ => {
                for raw in rows {
                    type_row(
                        i,
                        &info.file,
                        &positions,
                        &spec.columns,
                        &raw,
                        &mut self.problems,
                        &mut texts,
                    );
                }
            }
        }
    }

    /// The records, once every input was read: an optional input without a
    /// file gives everyone its defaults. `unreadable[i]`: input `i` could
    /// not be read (its problem is reported); nothing depends on it.
    pub(crate) fn finish(mut self, unreadable: &[bool]) -> (MonthData, Problems, Vec<Diagnostic>) {
        if self.index.is_some() && !self.data.person_team.is_empty() {
            for (i, spec) in self.scheme.inputs.iter().enumerate() {
                let skip = spec.kind == InputKind::Roster
                    || self.read.get(i).copied().unwrap_or(false)
                    || unreadable.get(i).copied().unwrap_or(false);
                if !skip {
                    for target in 0..targets(spec, &self.data) {
                        set_defaults(spec, &mut self.data, target);
                    }
                }
            }
        }
        self.data.people.seal();
        self.data.teams.seal();
        (self.data, self.problems, self.warnings)
    }
}

/// How many teams or people an input's rows join to.
fn targets(spec: &InputSpec, data: &MonthData) -> usize {
    if spec.kind == InputKind::Team {
        data.team_ids.len()
    } else {
        data.person_team.len()
    }
}

fn table_of<'d>(spec: &InputSpec, data: &'d mut MonthData) -> &'d mut Table {
    match spec.kind {
        InputKind::Team => &mut data.teams,
        _ => &mut data.people,
    }
}

/// Gives `target` the defaults of `spec`'s columns ("not given" for an
/// optional column without one). Rows kept as rows have nothing to default.
fn set_defaults(spec: &InputSpec, data: &mut MonthData, target: usize) {
    if spec.rows == RowsMode::Many {
        return;
    }
    let values = table_of(spec, data).row_mut(target);
    for col in &spec.columns {
        let value = match (&col.default, col.optional) {
            (Some(d), _) => d.clone(),
            (None, true) => Value::NotGiven,
            (None, false) => continue,
        };
        if let Some(slot) = col.slot
            && let Some(cell) = values.get_mut(slot as usize)
        {
            *cell = value;
        }
    }
}

/// Joins the rows of a team or person input to the roster's teams or people.
#[allow(clippy::too_many_arguments)]
fn join_rows(
    input: usize,
    spec: &InputSpec,
    table: &TableInfo,
    positions: &[usize],
    rows: &mut Rows,
    index: &Index,
    data: &mut MonthData,
    problems: &mut Problems,
    warnings: &mut Vec<Diagnostic>,
    name_slot: u32,
    texts: &mut Texts,
) {
    let team_input = spec.kind == InputKind::Team;
    let key_header = spec.columns.get(spec.key).map_or("", |c| c.header.as_str());
    // Each target's first row (none yet for rows kept as rows: not needed).
    let mut seen: Vec<Option<u32>> = if spec.rows == RowsMode::Many {
        Vec::new()
    } else {
        vec![None; targets(spec, data)]
    };
    if spec.rows == RowsMode::Many {
        // As many rows as the file may have left, reserved at once: no
        // copy (and freed half-size copy) of the rows to grow them.
        if let (Some(kept), (_, Some(most))) = (
            data.rows.iter_mut().find(|d| d.input as usize == input),
            rows.size_hint(),
        ) {
            kept.reserve(most);
        }
    } else {
        let n = targets(spec, data);
        table_of(spec, data).reserve_sources(n);
    }
    let mut joined: HashMap<(usize, u32), String> = Map::default();
    // A row whose key could not be read may be the missing team's row.
    let mut unreadable_key = false;
    while let Some(raw) = rows.next_row() {
        let r = &type_row(
            input,
            &table.file,
            positions,
            &spec.columns,
            &raw,
            problems,
            texts,
        );
        let Some(key) = r.values.get(spec.key).and_then(text) else {
            unreadable_key = true;
            continue;
        };
        let found = if team_input {
            index.teams.get_key_value(key)
        } else {
            index.people.get_key_value(key)
        };
        let Some((shared_key, &(target, _))) = found else {
            if !team_input && index.left_out.contains(key) {
                continue;
            }
            let msg = if team_input {
                msg!("unknown-team", key = key, roster = &index.file)
            } else {
                msg!(
                    "unknown-person",
                    key = key,
                    header = &index.id_header,
                    roster = &index.file
                )
            };
            let mut d = Diagnostic::at_cell(&table.file, r.row, key_header, msg);
            d = match index.lost_zeros(key, team_input) {
                Some(hint) => d.with_hint(hint),
                None if team_input => d.with_hint(msg!(
                    "hint-teams-on",
                    roster = &index.file,
                    teams = index.team_list(data)
                )),
                None => d,
            };
            if index.incomplete {
                d = d.with_hint(msg!(
                    "hint-roster-incomplete",
                    roster = &index.file,
                    id = &index.id_header,
                    team = &index.team_header
                ));
            }
            if team_input && !spec.unmatched_is_error {
                warnings.push(Diagnostic {
                    severity: crate::diagnostic::Severity::Warning,
                    ..d.with_hint(msg!("hint-row-left-out"))
                });
            } else {
                problems.push(input, d);
            }
            continue;
        };
        if spec.rows == RowsMode::Many {
            // Kept as rows: every column's value, in column order (the rows level's slots).
            if let Some(rows) = data.rows.iter_mut().find(|d| d.input as usize == input) {
                rows.owners.push(target as u32);
                rows.rows.push(r.row);
                // The key's text is the roster's (the same text, kept once).
                rows.values.extend(
                    spec.columns
                        .iter()
                        .zip(&r.values)
                        .enumerate()
                        .filter(|(_, (c, _))| c.slot.is_some())
                        .map(|(c, (_, v))| match v {
                            Value::Text(_) if c == spec.key => Value::Text(shared_key.clone()),
                            v => v.clone(),
                        }),
                );
            }
            continue;
        }
        let repeat = seen.get(target).copied().flatten();
        if let (Some(first), false) = (repeat, spec.sum_rows()) {
            problems.push(
                input,
                Diagnostic::at_cell(
                    &table.file,
                    r.row,
                    key_header,
                    msg!(
                        "duplicate-key",
                        header = key_header,
                        key = key,
                        first = first
                    ),
                )
                .with_hint(if team_input {
                    msg!("hint-team-one-row")
                } else {
                    msg!("hint-person-one-row")
                }),
            );
            continue;
        }
        if let Some(first @ None) = seen.get_mut(target) {
            *first = Some(r.row);
        }
        let joined_to = table_of(spec, data);
        joined_to.add_source(
            target,
            RowRef {
                input: input as u32,
                row: r.row,
            },
        );
        let values = joined_to.row_mut(target);
        for (col, v) in spec.columns.iter().zip(&r.values) {
            let Some(slot) = col.slot else { continue };
            let Some(cell) = values.get_mut(slot as usize) else {
                continue;
            };
            let added = match (repeat.is_some(), &*cell, v) {
                (false, _, v) => v.clone(),
                (true, Value::Num(a), Value::Num(b)) => match a.checked_add(*b) {
                    Some(sum) => Value::Num(sum),
                    None => {
                        problems.push(
                            input,
                            Diagnostic::at_cell(
                                &table.file,
                                r.row,
                                &col.header,
                                format!("adding this row's value to the rows before it for \"{key}\" overflows"),
                            ),
                        );
                        Value::Failed
                    }
                },
                (true, Value::Text(a), Value::Text(b)) if a.is_empty() => Value::Text(b.clone()),
                (true, Value::Text(_), Value::Text(b)) if !b.is_empty() => {
                    // Joined once at the end: joining here would copy the text
                    // so far for every row (quadratic in a person's rows).
                    let key = (target, slot);
                    let buf = joined.entry(key).or_insert_with(|| match &*cell {
                        Value::Text(a) => a.to_string(),
                        _ => String::new(),
                    });
                    buf.push('；');
                    buf.push_str(b);
                    cell.clone()
                }
                (true, Value::Failed, _) | (true, _, Value::Failed) => Value::Failed,
                (true, old, _) => old.clone(),
            };
            *cell = added;
        }
    }
    let mut joined: Vec<((usize, u32), String)> = joined.into_iter().collect();
    joined.sort_unstable_by_key(|(k, _)| *k);
    for ((target, slot), text) in joined {
        if let Some(cell) = table_of(spec, data).row_mut(target).get_mut(slot as usize) {
            *cell = Value::Text(Arc::from(text.as_str()));
        }
    }
    if spec.rows == RowsMode::Many || rows.failed {
        // Zero rows is a valid count; a file that stopped being readable
        // part way has its own problem, and its missing rows mean nothing.
        return;
    }
    // Teams or people with no row: an error for a team or with rows = "one";
    // otherwise the defaults, or an error if a column has none.
    let no_default = spec
        .columns
        .iter()
        .find(|col| col.slot.is_some() && col.default.is_none() && !col.optional);
    let required = spec.rows == RowsMode::One;
    for target in 0..targets(spec, data) {
        if seen.get(target).copied().flatten().is_some() {
            continue;
        }
        if team_input || required || no_default.is_some() {
            if unreadable_key {
                continue;
            }
            let message = if team_input {
                let team = data.team_ids.get(target).map_or("", String::as_str);
                let row = index.teams.get(team).map_or(0, |(_, r)| *r);
                msg!("no-row-team", team = team, roster = &index.file, row = row)
            } else {
                let (id, row) = index
                    .people
                    .iter()
                    .find(|(_, (p, _))| *p == target)
                    .map_or(("", 0), |(id, (_, r))| (id.as_ref(), *r));
                let name = data
                    .people
                    .row(target)
                    .get(name_slot as usize)
                    .and_then(Value::text)
                    .unwrap_or("")
                    .to_string();
                msg!(
                    "no-row-person",
                    header = &index.id_header,
                    id = id,
                    name = name,
                    roster = &index.file,
                    row = row
                )
            };
            let mut d = Diagnostic::error(
                Location::File {
                    file: table.file.clone(),
                },
                message,
            );
            if required {
                d = d.with_hint(if team_input {
                    msg!("hint-one-row-team", roster = &index.file)
                } else {
                    msg!("hint-one-row-person", roster = &index.file)
                });
            } else if let (false, Some(col)) = (team_input, no_default) {
                d = d.with_hint(msg!("hint-no-default", column = &col.header));
            }
            problems.push_at(input, AFTER_ROWS, d);
            continue;
        }
        set_defaults(spec, data, target);
    }
}
