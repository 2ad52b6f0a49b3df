//! Raw tables → the month's typed, joined records ([`MonthData`]).
//!
//! Every cell is typed by its column's declaration; bounds and allowed values
//! are checked; rows are joined to the roster's people and teams. Every problem
//! names the file, the row as the spreadsheet shows it, the column header, the
//! value and what was expected, and all problems are collected (up to a cap)
//! before the run stops.

use super::table::{Cell, RawTable};
use super::value::{BarePercent, Parsed, cell_display, parse_cell};
use crate::diagnostic::{Diagnostic, Location};
use crate::engine::{MonthData, PersonData, RowRef, TeamData};
use crate::expr::resolve::Value;
use crate::scheme::band::show;
use crate::scheme::{ColumnSpec, ColumnType, InputKind, Scheme};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// At most this many input problems are reported for one run.
pub const MAX_PROBLEMS: usize = 200;

struct Problems(Vec<Diagnostic>);

impl Problems {
    fn push(&mut self, d: Diagnostic) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(d);
        }
    }
}

/// One row of one input, typed: a value per declared column.
struct TypedRow {
    row: u32,
    values: Vec<Value>,
}

/// Types one cell by its column's declaration.
fn type_cell(cell: &Cell, col: &ColumnSpec) -> Result<Value, String> {
    if (cell.is_empty() || matches!(cell, Cell::Text(s) if s.trim().is_empty()))
        && let Some(d) = &col.default
    {
        return Ok(d.clone());
    }
    let bare = if col.percent_points {
        BarePercent::Points
    } else {
        BarePercent::Fraction
    };
    let value = match parse_cell(cell, col.ty, bare)? {
        Parsed::Text(t) => Value::Text(Arc::from(t.as_str())),
        Parsed::Number(d) => Value::Num(d),
        Parsed::Bool(b) => Value::Bool(b),
        Parsed::Date(d) => Value::Date(d),
    };
    let percent = col.ty == ColumnType::Percent;
    if let Value::Num(d) = value {
        if let Some(min) = col.min
            && d < min
        {
            let what = if min.is_zero() && col.ty == ColumnType::Integer {
                "a negative count is not allowed".to_string()
            } else {
                format!("the smallest allowed is {}", show(min, percent))
            };
            return Err(format!(
                "{} is below the minimum: {what}",
                cell_display(cell)
            ));
        }
        if let Some(max) = col.max
            && d > max
        {
            return Err(format!(
                "{} is above the maximum: the largest allowed is {}",
                cell_display(cell),
                show(max, percent)
            ));
        }
    }
    if !col.one_of.is_empty()
        && let Value::Text(t) = &value
        && !col.one_of.iter().any(|o| o.as_str() == t.as_ref())
    {
        return Err(format!(
            "{} is not one of {}",
            cell_display(cell),
            col.one_of.join(", ")
        ));
    }
    Ok(value)
}

/// Types every row of a table; problems go to `problems`, bad rows are dropped.
fn type_rows(table: &RawTable, columns: &[ColumnSpec], problems: &mut Problems) -> Vec<TypedRow> {
    let positions: Vec<Option<usize>> = columns.iter().map(|c| table.column(&c.header)).collect();
    for (c, p) in columns.iter().zip(&positions) {
        if p.is_none() {
            problems.push(
                Diagnostic::error(
                    Location::Cell {
                        file: table.file.clone(),
                        row: Some(table.header_row),
                        column: None,
                    },
                    format!("missing column {}", c.header),
                )
                .with_hint(format!("found columns: {}", table.headers.join(", "))),
            );
        }
    }
    if positions.iter().any(Option::is_none) {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(table.rows.len());
    for raw in &table.rows {
        let mut values = Vec::with_capacity(columns.len());
        let mut ok = true;
        for (col, pos) in columns.iter().zip(&positions) {
            let cell = raw.get(pos.unwrap_or(0));
            match type_cell(cell, col) {
                Ok(v) => values.push(v),
                Err(msg) => {
                    ok = false;
                    problems.push(Diagnostic::at_cell(&table.file, raw.row, &col.header, msg));
                }
            }
        }
        if ok {
            out.push(TypedRow {
                row: raw.row,
                values,
            });
        }
    }
    out
}

fn text(v: &Value) -> Option<&str> {
    match v {
        Value::Text(t) => Some(t),
        _ => None,
    }
}

/// Joins the month's tables (one per scheme input, `None` for an optional
/// input whose file is absent) into records. Returns the records and warnings.
pub fn join(
    scheme: &Scheme,
    tables: &[Option<RawTable>],
) -> Result<(MonthData, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Problems(Vec::new());
    let mut warnings = Vec::new();
    let typed: Vec<Option<Vec<TypedRow>>> = scheme
        .inputs
        .iter()
        .zip(tables)
        .map(|(spec, t)| {
            t.as_ref()
                .map(|t| type_rows(t, &spec.columns, &mut problems))
        })
        .collect();
    let team_stride = scheme.team_slots.len();
    let person_stride = scheme.person_slots.len();

    // People and teams, from the roster, in roster order.
    let roster_spec = scheme.inputs.get(scheme.roster.input);
    let roster_table = tables.get(scheme.roster.input).and_then(Option::as_ref);
    let roster_rows = typed.get(scheme.roster.input).and_then(Option::as_ref);
    let mut data = MonthData::default();
    let mut person_index: HashMap<Arc<str>, (usize, u32)> = HashMap::new();
    let mut team_index: HashMap<Arc<str>, (usize, u32)> = HashMap::new();
    if let (Some(spec), Some(table), Some(rows)) = (roster_spec, roster_table, roster_rows) {
        let id_col = spec.key;
        let team_col = spec
            .columns
            .iter()
            .position(|c| c.slot == Some(scheme.roster.team))
            .unwrap_or(0);
        let id_header = spec.columns.get(id_col).map_or("", |c| c.header.as_str());
        for r in rows {
            let (Some(id), Some(team)) = (
                r.values.get(id_col).and_then(text),
                r.values.get(team_col).and_then(text),
            ) else {
                continue;
            };
            let id: Arc<str> = Arc::from(id);
            if let Some((_, first_row)) = person_index.get(&id) {
                problems.push(Diagnostic::at_cell(
                    &table.file,
                    r.row,
                    id_header,
                    format!("duplicate {id_header} \"{id}\": row {first_row} has it too"),
                ));
                continue;
            }
            let team: Arc<str> = Arc::from(team);
            let t = match team_index.get(&team) {
                Some((t, _)) => *t,
                None => {
                    let t = data.teams.len();
                    team_index.insert(team.clone(), (t, r.row));
                    data.teams.push(TeamData {
                        id: team.to_string(),
                        values: vec![Value::Unset; team_stride],
                        sources: Vec::new(),
                    });
                    t
                }
            };
            let mut values = vec![Value::Unset; person_stride];
            for (col, v) in spec.columns.iter().zip(&r.values) {
                if let Some(slot) = col.slot
                    && let Some(cell) = values.get_mut(slot as usize)
                {
                    *cell = v.clone();
                }
            }
            person_index.insert(id, (data.people.len(), r.row));
            data.people.push(PersonData {
                team: t as u32,
                values,
                sources: vec![RowRef {
                    input: scheme.roster.input,
                    row: r.row,
                }],
            });
        }
        if rows.is_empty() && problems.0.is_empty() {
            problems.push(Diagnostic::error(
                Location::File {
                    file: table.file.clone(),
                },
                "the roster has nobody on it",
            ));
        }
    }

    for (i, spec) in scheme.inputs.iter().enumerate() {
        if spec.kind == InputKind::Roster {
            continue;
        }
        let table = tables.get(i).and_then(Option::as_ref);
        let rows = typed.get(i).and_then(Option::as_ref);
        let key_header = spec.columns.get(spec.key).map_or("", |c| c.header.as_str());
        let mut seen: HashMap<usize, u32> = HashMap::new();
        if let (Some(table), Some(rows)) = (table, rows) {
            for r in rows {
                let Some(key) = r.values.get(spec.key).and_then(text) else {
                    continue;
                };
                let target = match spec.kind {
                    InputKind::Team => team_index.get(key).map(|(t, _)| *t),
                    _ => person_index.get(key).map(|(p, _)| *p),
                };
                let Some(target) = target else {
                    let msg = match spec.kind {
                        InputKind::Team => format!("team \"{key}\" has nobody on the roster"),
                        _ => format!("\"{key}\" is not on the roster"),
                    };
                    let d = Diagnostic::at_cell(&table.file, r.row, key_header, msg);
                    if spec.kind == InputKind::Team && !spec.unmatched_is_error {
                        warnings.push(Diagnostic {
                            severity: crate::diagnostic::Severity::Warning,
                            ..d
                        });
                    } else {
                        problems.push(d);
                    }
                    continue;
                };
                let repeat = seen.get(&target).copied();
                if let (Some(first), false) = (repeat, spec.sum_rows) {
                    problems.push(Diagnostic::at_cell(
                        &table.file,
                        r.row,
                        key_header,
                        format!("duplicate {key_header} \"{key}\": row {first} has it too"),
                    ));
                    continue;
                }
                seen.entry(target).or_insert(r.row);
                let (values, sources) = match spec.kind {
                    InputKind::Team => data
                        .teams
                        .get_mut(target)
                        .map(|t| (&mut t.values, &mut t.sources)),
                    _ => data
                        .people
                        .get_mut(target)
                        .map(|p| (&mut p.values, &mut p.sources)),
                }
                .map_or((None, None), |(v, s)| (Some(v), Some(s)));
                if let Some(s) = sources {
                    s.push(RowRef {
                        input: i,
                        row: r.row,
                    });
                }
                let Some(values) = values else { continue };
                for (col, v) in spec.columns.iter().zip(&r.values) {
                    let Some(slot) = col.slot else { continue };
                    let Some(cell) = values.get_mut(slot as usize) else {
                        continue;
                    };
                    *cell = match (repeat.is_some(), &*cell, v) {
                        (true, Value::Num(a), Value::Num(b)) => {
                            Value::Num(a.checked_add(*b).unwrap_or(Decimal::MAX))
                        }
                        (true, Value::Text(a), Value::Text(b)) if a.is_empty() => {
                            Value::Text(b.clone())
                        }
                        (true, Value::Text(a), Value::Text(b)) if !b.is_empty() => {
                            Value::Text(Arc::from(format!("{a}；{b}").as_str()))
                        }
                        (true, old, _) => old.clone(),
                        (false, _, v) => v.clone(),
                    };
                }
            }
        }
        // Teams or persons with no row take the defaults, or are an error.
        let count = if spec.kind == InputKind::Team {
            data.teams.len()
        } else {
            data.people.len()
        };
        for target in 0..count {
            if seen.contains_key(&target) {
                continue;
            }
            let missing_default = spec
                .columns
                .iter()
                .enumerate()
                .any(|(c, col)| c != spec.key && col.slot.is_some() && col.default.is_none());
            if spec.kind == InputKind::Team
                && (missing_default || !spec.optional || table.is_some())
                && let Some(t) = data.teams.get(target)
            {
                let roster_row = team_index.get(t.id.as_str()).map_or(0, |(_, r)| *r);
                let file = table.map_or_else(|| format!("{}.csv", spec.file), |t| t.file.clone());
                if table.is_some() || !spec.optional {
                    problems.push(Diagnostic::error(
                        Location::File { file },
                        format!(
                            "no row for team {} (on the roster from row {roster_row})",
                            t.id
                        ),
                    ));
                    continue;
                }
            }
            let values = match spec.kind {
                InputKind::Team => data.teams.get_mut(target).map(|t| &mut t.values),
                _ => data.people.get_mut(target).map(|p| &mut p.values),
            };
            let Some(values) = values else { continue };
            for col in &spec.columns {
                let Some(slot) = col.slot else { continue };
                if let (Some(cell), Some(d)) = (values.get_mut(slot as usize), &col.default) {
                    *cell = d.clone();
                }
            }
        }
    }
    if problems.0.is_empty() {
        Ok((data, warnings))
    } else {
        let mut all = problems.0;
        if all.len() >= MAX_PROBLEMS {
            all.push(Diagnostic::error(
                Location::None,
                format!("stopped after {MAX_PROBLEMS} problems"),
            ));
        }
        all.extend(warnings);
        Err(all)
    }
}
