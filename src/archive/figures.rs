//! [`Figures`]: a sink keeping what the manifest records of a month — each
//! person's base, items and net, in output order, and the month's totals.
//! `compute` tees it with the output being written; `verify` runs it alone on
//! the same computation, so the two always compare like with like.

use crate::engine::{MonthView, Sink, TeamView, Traced};
use crate::model::{Level, Value};
use rust_decimal::Decimal;
use std::convert::Infallible;
use std::sync::Arc;

/// One person's figures, kept compact (a month may have a million people):
/// texts shared with the month's records, amounts as decimals; the
/// manifest's text form is made when it is written ([`super::manifest::people`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PersonFigures {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub team: Arc<str>,
    /// Every item's amount, in the scheme's order of items ([`Figures::codes`]).
    pub items: Box<[Decimal]>,
    pub base: Decimal,
    pub net: Decimal,
    /// The values `[history] keep` names ([`Figures::kept_names`]).
    pub kept: Box<[Value]>,
}

/// The month's figures, as the engine handed them out.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// The item codes, in scheme order.
    pub codes: Vec<String>,
    /// The names of the kept values, in `[history] keep` order.
    pub kept_names: Vec<String>,
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

    /// Figures only: no event is read.
    fn traced(&self) -> Traced {
        Traced::Nothing
    }

    fn team(&mut self, t: &TeamView) -> Result<(), Infallible> {
        let s = t.scheme;
        let kept_slots: Vec<u32> = s
            .history
            .iter()
            .flat_map(|h| h.keep.iter().copied())
            .collect();
        if self.teams == 0 {
            self.codes = s.items.iter().map(|i| i.code.clone()).collect();
            self.kept_names = kept_slots
                .iter()
                .filter_map(|&slot| s.slots(Level::PERSON).get(slot as usize))
                .map(|d| d.name.clone())
                .collect();
        }
        self.teams += 1;
        let text = |p: u32, slot: u32| match t.person_value(p, slot) {
            Value::Text(a) => a.clone(),
            _ => Arc::from(""),
        };
        for (p, totals) in t.totals.iter().enumerate() {
            let p = p as u32;
            self.people.push(PersonFigures {
                id: text(p, s.roster.id),
                name: text(p, s.roster.name),
                team: text(p, s.roster.team),
                items: s
                    .items
                    .iter()
                    .map(|item| t.person_value(p, item.slot).num().unwrap_or_default())
                    .collect(),
                base: totals.base,
                net: totals.net,
                kept: kept_slots
                    .iter()
                    .map(|&slot| t.person_value(p, slot).clone())
                    .collect(),
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
