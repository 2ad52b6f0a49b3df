//! Names: which words a scheme may define (identifiers, not reserved words,
//! not taken by a parameter, band, split or slot at either level), defining a
//! slot under a name, and the [`Scope`] that resolves names in expressions.

use super::{Loader, SlotInfo};
use crate::expr::resolve::Scope;
use crate::expr::types::Type;
use crate::i18n::Text;
use crate::model::{Level, Levels};
use crate::msg;
use crate::scheme::band::BandTable;
use crate::scheme::split::SplitTable;
use crate::scheme::{Param, SlotDef};
use indexmap::IndexMap;
use std::ops::Range;

pub(super) fn li(level: Level) -> usize {
    level.index()
}

pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || (c.is_alphabetic() && c != '元'))
        && chars.all(|c| c == '_' || (c.is_alphanumeric() && c != '元'))
}

/// Names as a problem lists them: `a, b, c`.
pub(super) fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().collect::<Vec<_>>().join(", ")
}

const RESERVED: &[&str] = &[
    "if", "then", "else", "and", "or", "not", "true", "false", "members",
];

/// The name `[pay] base` is defined under.
pub(super) const PAY_BASE: &str = "pay_base";

/// The kind of a name being checked ("flag code"), in the reader's language:
/// the kinds the loader checks are catalogue entries; any other is shown as is.
fn kind_of_name(what: &str) -> Text {
    let key = match what {
        "band table" => msg!("name-kind-band-table"),
        "band output" => msg!("name-kind-band-output"),
        "category code" => msg!("name-kind-category-code"),
        "column" => msg!("name-kind-column"),
        "flag code" => msg!("name-kind-flag-code"),
        "indicator" => msg!("name-kind-indicator"),
        "input" => msg!("name-kind-input"),
        "item code" => msg!("name-kind-item-code"),
        "level" => msg!("name-kind-level"),
        "parameter" => msg!("name-kind-parameter"),
        "rule" => msg!("name-kind-rule"),
        "split" => msg!("name-kind-split"),
        "score" => msg!("name-kind-score"),
        "deduction" => msg!("name-kind-deduction"),
        _ => return Text::from(what),
    };
    Text::from(key)
}

impl Loader<'_, '_> {
    pub(super) fn check_name(&mut self, name: &str, span: &Range<usize>, what: &str) -> bool {
        if !is_identifier(name) {
            self.doc.error(
                span,
                crate::msg!(
                    "name-not-identifier",
                    what = kind_of_name(what),
                    name = name
                ),
            );
            return false;
        }
        if RESERVED.contains(&name) {
            self.doc.error(
                span,
                crate::msg!("name-reserved", what = kind_of_name(what), name = name),
            );
            return false;
        }
        if name == PAY_BASE {
            self.doc.error(
                span,
                crate::msg!("name-pay-base", what = kind_of_name(what), name = name),
            );
            return false;
        }
        true
    }

    /// Records where `name` is defined and as what ("a flag code"), for later collisions.
    pub(super) fn define(&mut self, name: &str, what: String, span: &Range<usize>) {
        self.defined
            .entry(name.to_string())
            .or_insert((what, span.start));
    }

    /// ` as a flag code at line 12`: where a taken name was defined, or "".
    pub(super) fn defined_at(&self, name: &str) -> String {
        match self.defined.get(name) {
            Some((what, at)) => {
                let (line, _) = self.doc.line_col(*at);
                crate::msg!("defined-at", what = what.as_str(), line = line).to_string()
            }
            None => String::new(),
        }
    }

    /// Reports `name` as taken (where and as what); false when it is.
    pub(super) fn claim(&mut self, name: &str, what: String, span: &Range<usize>) -> bool {
        if self.name_taken(None, name) {
            let at = self.defined_at(name);
            self.doc
                .error(span, crate::msg!("already-defined", name = name, at = at));
            return false;
        }
        self.define(name, what, span);
        true
    }

    pub(super) fn name_taken(&self, level: Option<Level>, name: &str) -> bool {
        self.params.contains_key(name)
            || self.bands.iter().any(|b| b.name == name)
            || self.splits.iter().any(|s| s.name == name)
            // Names are unique across teams and persons too: `pool` must not mean
            // one thing in a team rule and another in a person rule.
            || { let _ = level; self.slots.iter().any(|s| s.contains_key(name)) }
    }

    pub(super) fn add_slot(
        &mut self,
        level: Level,
        def: SlotDef,
        span: &Range<usize>,
        what: String,
    ) -> Option<u32> {
        if !self.claim(&def.name, what, span) {
            return None;
        }
        if self.slots.len() <= li(level) {
            self.slots.resize_with(li(level) + 1, IndexMap::new);
        }
        let map = &mut self.slots[li(level)];
        let idx = map.len() as u32;
        map.insert(def.name.clone(), SlotInfo { def });
        Some(idx)
    }
}

pub(super) struct ScopeView<'a> {
    pub(super) params: &'a IndexMap<String, Param>,
    pub(super) levels: &'a Levels,
    pub(super) history: Option<&'a crate::scheme::HistorySpec>,
    pub(super) slots: &'a [IndexMap<String, SlotInfo>],
    pub(super) bands: &'a [BandTable],
    pub(super) splits: &'a [SplitTable],
}

impl Scope for ScopeView<'_> {
    fn levels(&self) -> &Levels {
        self.levels
    }

    fn history_months(&self) -> u32 {
        self.history.map_or(0, |h| h.months)
    }

    fn kept(&self, name: &str) -> Option<(u32, Type)> {
        let person = self.slots.get(li(Level::PERSON))?;
        let (slot, _, info) = person.get_full(name)?;
        let index = self
            .history?
            .keep
            .iter()
            .position(|&k| k as usize == slot)?;
        Some((index as u32, info.def.ty))
    }

    fn constant(&self, name: &str) -> Option<(u32, Type)> {
        self.params.get_full(name).map(|(i, _, p)| (i as u32, p.ty))
    }

    fn slot(&self, level: Level, name: &str) -> Option<(u32, Type)> {
        self.slots
            .get(li(level))?
            .get_full(name)
            .map(|(i, _, s)| (i as u32, s.def.ty))
    }

    fn band(&self, name: &str) -> Option<(u32, Type)> {
        self.bands
            .iter()
            .position(|b| b.name == name)
            .map(|i| (i as u32, self.bands.get(i).map_or(Type::NUMBER, |b| b.arg)))
    }

    fn band_output(&self, band: u32, name: &str) -> Option<(u32, Type)> {
        let b = self.bands.get(band as usize)?;
        b.outputs
            .iter()
            .position(|o| o.name == name)
            .and_then(|i| b.outputs.get(i).map(|o| (i as u32, o.ty)))
    }

    fn band_output_names(&self, band: u32) -> Vec<String> {
        self.bands
            .get(band as usize)
            .map(|b| b.outputs.iter().map(|o| o.name.clone()).collect())
            .unwrap_or_default()
    }

    fn split(&self, name: &str) -> Option<u32> {
        self.splits
            .iter()
            .position(|s| s.name == name)
            .map(|i| i as u32)
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_kinds_of_names_are_catalogue_entries_and_others_pass_as_they_are() {
        assert_eq!(kind_of_name("flag code").render(Lang::En), "flag code");
        assert_eq!(kind_of_name("flag code").render(Lang::Zh), "标记代码");
        assert_eq!(kind_of_name("band table").render(Lang::Zh), "分档表");
        assert_eq!(
            kind_of_name("something else").render(Lang::Zh),
            "something else"
        );
        let m = msg!("name-reserved", what = kind_of_name("rule"), name = "if");
        assert_eq!(m.render(Lang::En), "rule \"if\" is a reserved word");
        assert_eq!(m.render(Lang::Zh), "规则“if”是保留字");
    }
}
