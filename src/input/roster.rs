//! The roster's rows → the month's people and teams, in roster order, and
//! the index every other input's rows are joined by.

use super::index::Index;
use super::problems::Problems;
use super::stream::{Rows, TableInfo};
use super::typing::{Texts, text, type_row};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::{MonthData, RowRef, Value};
use crate::msg;
use crate::scheme::{InputSpec, Scheme};
use std::sync::Arc;

/// People and teams from the roster, in roster order.
#[allow(clippy::too_many_arguments)]
pub(super) fn people_and_teams(
    scheme: &Scheme,
    spec: &InputSpec,
    table: &TableInfo,
    positions: &[usize],
    rows: &mut Rows,
    data: &mut MonthData,
    problems: &mut Problems,
    texts: &mut Texts,
) -> Index {
    let input = scheme.roster.input;
    let id_col = spec.key;
    let team_col = spec
        .columns
        .iter()
        .position(|c| c.slot == Some(scheme.roster.team))
        .unwrap_or(0);
    let mut index = Index {
        file: table.file.clone(),
        id_header: spec
            .columns
            .get(id_col)
            .map_or_else(String::new, |c| c.header.clone()),
        team_header: spec
            .columns
            .get(team_col)
            .map_or_else(String::new, |c| c.header.clone()),
        ..Index::default()
    };
    let mut count = 0usize;
    while let Some(raw) = rows.next_row() {
        count += 1;
        let r = &type_row(
            input,
            &table.file,
            positions,
            &spec.columns,
            &raw,
            problems,
            texts,
        );
        // A row whose ID or team could not be read is already reported.
        // The ID's text as typed: one allocation for the row and the index.
        let Some(Value::Text(id)) = r.values.get(id_col) else {
            index.incomplete = true;
            continue;
        };
        let id = id.clone();
        let Some(team) = r.values.get(team_col).and_then(text) else {
            index.incomplete = true;
            index.left_out.insert(id);
            continue;
        };
        if let Some((_, first_row)) = index.people.get(&id) {
            problems.push(
                input,
                Diagnostic::at_cell(
                    &table.file,
                    r.row,
                    &index.id_header,
                    msg!(
                        "duplicate-key",
                        header = &index.id_header,
                        key = id.as_ref(),
                        first = *first_row
                    ),
                )
                .with_hint(msg!("hint-roster-once")),
            );
            continue;
        }
        let (t, team) = match index.teams.get_key_value(team) {
            Some((team, (t, _))) => (*t, team.clone()),
            None => {
                let t = data.team_ids.len();
                let team: Arc<str> = Arc::from(team);
                index.teams.insert(team.clone(), (t, r.row));
                data.team_ids.push(team.to_string());
                data.teams.push_unset();
                (t, team)
            }
        };
        let p = data.people.push_unset();
        data.people.add_source(
            p,
            RowRef {
                input: input as u32,
                row: r.row,
            },
        );
        let values = data.people.row_mut(p);
        for (c, (col, v)) in spec.columns.iter().zip(&r.values).enumerate() {
            if let Some(slot) = col.slot
                && let Some(cell) = values.get_mut(slot as usize)
            {
                // The team's text is the index's (kept once per team).
                *cell = match v {
                    Value::Text(_) if c == team_col => Value::Text(team.clone()),
                    v => v.clone(),
                };
            }
        }
        index.people.insert(id, (p, r.row));
        data.person_team.push(t as u32);
    }
    if count == 0 && !rows.failed {
        problems.push(
            input,
            Diagnostic::error(
                Location::File {
                    file: table.file.clone(),
                },
                msg!("roster-empty", header_row = table.header_row),
            ),
        );
    }
    index
}
