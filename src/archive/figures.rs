//! [`Figures`]: a sink keeping what the manifest records of a month — each
//! person's base, items and net, in output order, and the month's totals.
//! `compute` tees it with the output being written; `verify` runs it alone on
//! the same computation, so the two always compare like with like.

use crate::engine::{MonthView, Sink, TeamView};
use crate::input::history::archived;
use crate::money::format_cents;
use crate::output::value_text;
use crate::scheme::Format;
use rust_decimal::Decimal;
use std::convert::Infallible;

/// One person's figures, amounts as two-decimal text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFigures {
    pub id: String,
    pub name: String,
    pub team: String,
    /// (item code, amount) for every item of the scheme, in scheme order.
    pub items: Vec<(String, String)>,
    pub base: String,
    pub net: String,
    /// The values `[history] keep` names, as later months read them.
    pub kept: serde_json::Map<String, serde_json::Value>,
}

/// The month's figures, as the engine handed them out.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// In output order: teams in order of first appearance, members in roster order.
    pub people: Vec<PersonFigures>,
    pub teams: u64,
    pub base: Decimal,
    pub bonus: Decimal,
    pub deduction: Decimal,
    pub net: Decimal,
}

impl Sink for Figures {
    type Error = Infallible;

    fn team(&mut self, t: &TeamView) -> Result<(), Infallible> {
        let s = t.scheme;
        self.teams += 1;
        for (p, totals) in t.totals.iter().enumerate() {
            let p = p as u32;
            let items = s
                .items
                .iter()
                .map(|item| {
                    (
                        item.code.clone(),
                        value_text(t.person_value(p, item.slot), Format::Money),
                    )
                })
                .collect();
            let kept = s
                .history
                .iter()
                .flat_map(|h| h.keep.iter())
                .filter_map(|&slot| {
                    let def = s.slots(crate::model::Level::PERSON).get(slot as usize)?;
                    Some((def.name.clone(), archived(t.person_value(p, slot))))
                })
                .collect();
            self.people.push(PersonFigures {
                id: t.person_text(p, s.roster.id).to_string(),
                name: t.person_text(p, s.roster.name).to_string(),
                team: t.person_text(p, s.roster.team).to_string(),
                items,
                base: format_cents(totals.base),
                net: format_cents(totals.net),
                kept,
            });
            // Each amount is below 10^18 元 (the engine refuses more), so
            // these sums stay far inside Decimal's range for any real month.
            self.base = self.base.saturating_add(totals.base);
            self.bonus = self.bonus.saturating_add(totals.bonus);
            self.deduction = self.deduction.saturating_add(totals.deduction);
            self.net = self.net.saturating_add(totals.net);
        }
        Ok(())
    }

    fn finish(&mut self, _month: &MonthView) -> Result<(), Infallible> {
        Ok(())
    }
}
