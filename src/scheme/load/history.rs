//! `[history]`: which person values each month archives for later months
//! (`keep`), and how many months back rules may read (`months`) with
//! `past(k, …)`. A value kept must be a person's value (an input column or
//! a rule); a month read is recorded in the manifest with its hash.

use super::Loader;
use super::names::li;
use crate::model::Level;
use crate::scheme::HistorySpec;
use crate::scheme::doc::Table;

/// The furthest back a rule may read.
const MAX_MONTHS: u32 = 36;

impl Loader<'_, '_> {
    pub(super) fn history(&mut self, t: &Table) -> Option<HistorySpec> {
        t.deny_unknown(self.doc, &["keep", "months"]);
        let months = match t.decimal(self.doc, "months") {
            None => {
                self.doc.error(&t.span, crate::msg!("history-needs-months"));
                return None;
            }
            Some((d, span, _)) => {
                let whole = d.fract().is_zero() && d >= 1.into() && d <= MAX_MONTHS.into();
                if !whole {
                    self.doc
                        .error(&span, crate::msg!("history-months", max = MAX_MONTHS));
                    return None;
                }
                u32::try_from(d.mantissa()).unwrap_or(1) / 10u32.pow(d.scale())
            }
        };
        let mut keep = Vec::new();
        for (name, span) in t.strings(self.doc, "keep") {
            match self
                .slots
                .get(li(Level::PERSON))
                .and_then(|m| m.get_index_of(&name))
            {
                Some(i) if !keep.contains(&(i as u32)) => keep.push(i as u32),
                Some(_) => self
                    .doc
                    .error(&span, crate::msg!("kept-twice", name = &name)),
                None => self
                    .doc
                    .error(&span, crate::msg!("keep-not-person-value", name = &name)),
            }
        }
        Some(HistorySpec { keep, months })
    }
}
