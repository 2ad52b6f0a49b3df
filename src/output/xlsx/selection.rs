//! Which sheets a workbook has (`--sheets`, or all), whether 明细 lists
//! each person's figures, and whether the data blocks are Excel Tables.

use super::{DETAIL_PEOPLE, SHEETS};

/// Which sheets a workbook has, and whether 明细 lists each person's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// One flag per sheet of [`SHEETS`], in that order.
    pub sheets: [bool; 9],
    pub person_detail: bool,
    /// The month's people, when 明细 leaves theirs out by default (for 提示's note).
    pub people_left_out: Option<usize>,
    /// Whether 汇总, 班组, 提示 and 输入 are Excel Tables: a month of at most
    /// [`DETAIL_PEOPLE`] people (those sheets are then held in memory).
    pub tables: bool,
}

impl Selection {
    /// Every sheet; 明细 without each person's figures above [`DETAIL_PEOPLE`].
    pub fn default_for(people: usize) -> Selection {
        let person_detail = people <= DETAIL_PEOPLE;
        Selection {
            sheets: [true; 9],
            person_detail,
            people_left_out: (!person_detail).then_some(people),
            tables: person_detail,
        }
    }

    /// The same, for a month of `people`: its sheets are Tables when it is small.
    pub fn sized(mut self, people: usize) -> Selection {
        self.tables = people <= DETAIL_PEOPLE;
        self
    }

    /// The sheets `--sheets` names (in any order; written in the usual order).
    pub fn named(names: &[String]) -> Result<Selection, String> {
        let mut sheets = [false; 9];
        for name in names {
            let name = name.trim();
            match SHEETS.iter().position(|s| *s == name) {
                Some(i) => sheets[i] = true,
                None => {
                    return Err(format!(
                        "--sheets: no sheet named `{name}`; the sheets are {}",
                        SHEETS.join(", ")
                    ));
                }
            }
        }
        if !sheets.contains(&true) {
            return Err(format!(
                "--sheets: name at least one of {}",
                SHEETS.join(", ")
            ));
        }
        Ok(Selection {
            sheets,
            person_detail: true,
            people_left_out: None,
            tables: false,
        })
    }
}
