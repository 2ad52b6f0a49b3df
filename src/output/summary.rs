//! The summary table (汇总): one row per person — roster columns, 底薪, every
//! bonus item, every deduction item, 奖金合计, 扣款合计, 应发合计. Shared by
//! the workbook's 汇总 and 工资条 sheets and by the CSV file, so they always
//! agree.

use crate::engine::Outcome;
use crate::expr::resolve::Value;
use crate::scheme::{Item, ItemKind, Scheme};
use rust_decimal::Decimal;

/// The summary's columns for a scheme.
pub struct Summary<'a> {
    scheme: &'a Scheme,
    /// Bonus items first, then deduction items, each in the scheme's order.
    items: Vec<&'a Item>,
    /// Roster slots shown as text: 工号, 姓名, 班组 and, if the roster has one, 岗位.
    text_slots: Vec<u32>,
    pub headers: Vec<String>,
}

impl<'a> Summary<'a> {
    pub fn new(scheme: &'a Scheme) -> Self {
        let r = &scheme.roster;
        let text_slots: Vec<u32> = [Some(r.id), Some(r.name), Some(r.team), r.role]
            .into_iter()
            .flatten()
            .collect();
        let mut headers: Vec<String> = vec!["工号".into(), "姓名".into(), "班组".into()];
        if r.role.is_some() {
            headers.push("岗位".into());
        }
        headers.push(scheme.base_label.clone());
        let items: Vec<&Item> = [ItemKind::Bonus, ItemKind::Deduction]
            .into_iter()
            .flat_map(|k| scheme.items.iter().filter(move |i| i.kind == k))
            .collect();
        headers.extend(items.iter().map(|i| i.label.clone()));
        headers.extend(["奖金合计".to_string(), "扣款合计".into(), "应发合计".into()]);
        Summary {
            scheme,
            items,
            text_slots,
            headers,
        }
    }

    /// How many leading columns are text; the rest are amounts.
    pub fn text_columns(&self) -> usize {
        self.text_slots.len()
    }

    /// The text cells of person `p`.
    pub fn texts(&self, o: &Outcome, p: u32) -> Vec<String> {
        self.text_slots
            .iter()
            .map(|&slot| o.person_text(p, slot))
            .collect()
    }

    /// The amounts of person `p`: base, items, bonus, deduction, net.
    pub fn amounts(&self, o: &Outcome, p: u32) -> Vec<Decimal> {
        let Some(t) = o.totals.get(p as usize) else {
            return vec![Decimal::ZERO; self.headers.len() - self.text_columns()];
        };
        let mut out = Vec::with_capacity(self.items.len() + 4);
        out.push(t.base);
        out.extend(
            self.items
                .iter()
                .map(|item| match o.person_value(p, item.slot) {
                    Value::Num(d) => *d,
                    _ => Decimal::ZERO,
                }),
        );
        out.extend([t.bonus, t.deduction, t.net]);
        out
    }

    /// The column sums of every amount column, over all persons.
    pub fn totals(&self, o: &Outcome) -> Vec<Decimal> {
        let mut sums = vec![Decimal::ZERO; self.headers.len() - self.text_columns()];
        for p in 0..o.person_count() as u32 {
            for (s, a) in sums.iter_mut().zip(self.amounts(o, p)) {
                *s += a;
            }
        }
        sums
    }

    pub fn scheme(&self) -> &Scheme {
        self.scheme
    }
}
