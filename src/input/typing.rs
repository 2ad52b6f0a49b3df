//! A raw row → typed values, by each column's declaration: numbers read
//! exactly, bounds and allowed values checked, blank cells given their
//! default or "not given", repeated texts shared. Every problem names the
//! file, the row, the column header, the value and what was expected.

use super::problems::Problems;
use super::stream::TableInfo;
use super::table::{Cell, RawRow};
use super::value::{BarePercent, Parsed, ascii_width, parse_cell, shown};
use crate::diagnostic::{Diagnostic, Location};
use crate::i18n::Msg;
use crate::model::Value;
use crate::msg;
use crate::scheme::band::show;
use crate::scheme::{ColumnSpec, ColumnType};
use foldhash::{HashSet, HashSetExt};
use std::borrow::Cow;
use std::sync::Arc;

/// One row of one input, typed: a value per declared column. A cell that
/// could not be typed holds [`Value::Failed`] (its problem is reported): the
/// row still joins, so that one bad cell does not also make its team or
/// person look missing.
pub(crate) struct TypedRow {
    pub(crate) row: u32,
    pub(crate) values: Vec<Value>,
}

/// Types one cell by its column's declaration.
pub(crate) fn type_cell(cell: &Cell, col: &ColumnSpec) -> Result<Value, Msg> {
    if cell.is_empty() || matches!(cell, Cell::Text(s) if s.trim().is_empty()) {
        if let Some(d) = &col.default {
            return Ok(d.clone());
        }
        if col.optional {
            return Ok(Value::NotGiven);
        }
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
            return Err(if min.is_zero() && col.ty == ColumnType::Integer {
                msg!("value-below-min-count", shown = shown(cell))
            } else {
                msg!(
                    "value-below-min",
                    shown = shown(cell),
                    min = show(min, percent)
                )
            });
        }
        if let Some(max) = col.max
            && d > max
        {
            return Err(msg!(
                "value-above-max",
                shown = shown(cell),
                max = show(max, percent)
            ));
        }
    }
    if !col.one_of.is_empty()
        && let Value::Text(t) = &value
        && !col.one_of.iter().any(|o| o.as_str() == t.as_ref())
    {
        let blank = msg!("value-blank").to_string();
        return Err(msg!(
            "value-not-one-of",
            shown = shown(cell),
            allowed = col
                .one_of
                .iter()
                .map(|o| if o.is_empty() {
                    blank.as_str()
                } else {
                    o.as_str()
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(value)
}

/// Where each declared column is in the table, or `None` when one is
/// missing (reported: the table's rows are then not typed).
pub(crate) fn positions(
    input: usize,
    info: &TableInfo,
    columns: &[ColumnSpec],
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let found: Vec<Option<usize>> = columns.iter().map(|c| info.column(&c.header)).collect();
    for (c, p) in columns.iter().zip(&found) {
        if p.is_none() {
            problems.push(
                input,
                Diagnostic::error(
                    Location::File {
                        file: info.file.clone(),
                    },
                    msg!("missing-column", column = &c.header),
                )
                .with_hint(msg!("found-columns", columns = info.headers.join(", "))),
            );
        }
    }
    found.into_iter().collect()
}

/// Texts that repeat down a column (岗位, 班组, 部门) are kept once: the
/// first few thousand distinct values of each text column are shared.
#[derive(Default)]
pub(crate) struct Texts {
    columns: Vec<HashSet<Arc<str>>>,
    /// Per column: how many of its texts were found shared.
    hits: Vec<usize>,
}

/// Distinct values kept per column: a column with more (IDs, names) is not
/// worth sharing.
const SHARED_TEXTS: usize = 4096;

impl Texts {
    fn share(&mut self, column: usize, v: Value) -> Value {
        match v {
            Value::Text(t) => self.share_text(column, &t, || t.clone()),
            v => v,
        }
    }

    /// `t` as a value, shared with the same text met before in `column`;
    /// `make` allocates it when it is new.
    fn share_text(&mut self, column: usize, t: &str, make: impl FnOnce() -> Arc<str>) -> Value {
        if self.columns.len() <= column {
            self.columns.resize_with(column + 1, HashSet::new);
            self.hits.resize(column + 1, 0);
        }
        let (Some(set), Some(hits)) = (self.columns.get_mut(column), self.hits.get_mut(column))
        else {
            return Value::Text(make());
        };
        // A full set that was hit less often than it has texts: the column
        // is mostly distinct texts (IDs), not worth looking them up.
        if set.len() >= SHARED_TEXTS && *hits < set.len() {
            return Value::Text(make());
        }
        if let Some(same) = set.get(t) {
            *hits += 1;
            return Value::Text(same.clone());
        }
        let t = make();
        if set.len() < SHARED_TEXTS {
            set.insert(t.clone());
        }
        Value::Text(t)
    }
}

/// The text a text or ID cell holds, when [`type_cell`] would give it as it
/// is (not blank, not an error, allowed): borrowed from the cell, so that a
/// text met before is not copied at all. `None`: type the cell in full.
fn plain_text<'c>(cell: &'c Cell, col: &ColumnSpec) -> Option<Cow<'c, str>> {
    let (Cell::Text(s) | Cell::Number(s)) = cell else {
        return None;
    };
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let text = match col.ty {
        ColumnType::Text => Cow::Borrowed(t),
        ColumnType::Id => ascii_width(t),
        _ => return None,
    };
    let allowed = col.one_of.is_empty() || col.one_of.iter().any(|o| o.as_str() == text);
    allowed.then_some(text)
}

/// Types one row; problems go to `problems`.
pub(crate) fn type_row(
    input: usize,
    file: &str,
    positions: &[usize],
    columns: &[ColumnSpec],
    raw: &RawRow,
    problems: &mut Problems,
    texts: &mut Texts,
) -> TypedRow {
    let mut values = Vec::with_capacity(columns.len());
    for (c, (col, &pos)) in columns.iter().zip(positions).enumerate() {
        let cell = raw.get(pos);
        if let Some(t) = plain_text(cell, col) {
            values.push(texts.share_text(c, &t, || Arc::from(t.as_ref())));
            continue;
        }
        match type_cell(cell, col) {
            Ok(v) => values.push(texts.share(c, v)),
            Err(msg) => {
                problems.push(input, Diagnostic::at_cell(file, raw.row, &col.header, msg));
                values.push(Value::Failed);
            }
        }
    }
    TypedRow {
        row: raw.row,
        values,
    }
}

pub(crate) fn text(v: &Value) -> Option<&str> {
    match v {
        Value::Text(t) => Some(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(ty: ColumnType, one_of: &[&str]) -> ColumnSpec {
        ColumnSpec {
            name: "c".into(),
            header: "列".into(),
            ty,
            default: None,
            min: None,
            max: None,
            one_of: one_of.iter().map(|s| s.to_string()).collect(),
            percent_points: false,
            optional: false,
            slot: Some(0),
        }
    }

    /// The short way for text and ID cells gives what typing the cell in
    /// full gives, and leaves alone every cell it cannot give as it is.
    #[test]
    fn plain_text_is_type_cell() {
        let cells = [
            Cell::Text(" 0101 ".into()),
            Cell::Text("０１０１".into()), // full-width digits: an ID of 0101
            Cell::Text("\u{3000}张伟".into()),
            Cell::Text("主管".into()),
            Cell::Text("经理".into()),
            Cell::Text("   ".into()),
            Cell::Number("1001".into()),
            Cell::Empty,
            Cell::Error("#N/A".into()),
            Cell::Bool(true),
        ];
        let columns = [
            column(ColumnType::Id, &[]),
            column(ColumnType::Text, &[]),
            column(ColumnType::Text, &["主管", "专员"]),
            column(ColumnType::Integer, &[]),
        ];
        for col in &columns {
            for cell in &cells {
                if let Some(t) = plain_text(cell, col) {
                    let full = type_cell(cell, col).ok();
                    assert_eq!(full.as_ref().and_then(Value::text), Some(t.as_ref()));
                }
            }
        }
        let id = &columns[0];
        assert_eq!(plain_text(&cells[1], id).as_deref(), Some("0101"));
        // Not allowed: left to type_cell, whose message names the values allowed.
        assert_eq!(plain_text(&cells[4], &columns[2]), None);
        assert_eq!(plain_text(&cells[5], id), None);
        assert_eq!(plain_text(&cells[6], &columns[3]), None);
    }

    /// A text met again in a column is the same allocation.
    #[test]
    fn texts_are_shared() {
        let mut texts = Texts::default();
        let a = texts.share_text(2, "主管", || Arc::from("主管"));
        let b = texts.share_text(2, "主管", || Arc::from("主管"));
        let (Value::Text(a), Value::Text(b)) = (a, b) else {
            panic!("texts")
        };
        assert!(Arc::ptr_eq(&a, &b));
    }
}
