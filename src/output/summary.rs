//! The summary table (汇总): one row per person — roster columns, the values
//! the scheme shows (`show = true`: the person's, then the team's), 底薪, every
//! bonus item, every deduction item, 奖金合计, 扣款合计, 应发合计. Shared by
//! the workbook's 汇总 and 工资条 sheets and by the CSV file, so they always
//! agree.

use crate::engine::TeamView;
use crate::model::{Level, Value};
use crate::scheme::{Format, Item, ItemKind, Scheme};
use rust_decimal::Decimal;

/// The summary's columns for a scheme.
pub struct Summary<'a> {
    scheme: &'a Scheme,
    /// Bonus items first, then deduction items, each in the scheme's order; an
    /// adjustment is in both: its positive amount (a bonus), then its negative
    /// amount shown positive (a deduction). `true` for the deduction side.
    items: Vec<(&'a Item, bool)>,
    /// Roster slots shown as text: 工号, 姓名, 班组 and, if the roster has one, 岗位.
    text_slots: Vec<u32>,
    /// The values shown (`show = true`): (level, slot, format), person values first.
    shown: Vec<(Level, u32, Format)>,
    pub headers: Vec<String>,
}

/// The values a scheme shows at `level` (`show = true`), in slot order: (slot, name, label, format).
pub fn shown_slots(
    scheme: &Scheme,
    level: Level,
) -> impl Iterator<Item = (u32, &str, &str, Format)> {
    scheme
        .slots(level)
        .iter()
        .enumerate()
        .filter(|(_, d)| d.show)
        .map(|(i, d)| (i as u32, d.name.as_str(), d.label.as_str(), d.format))
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
        let mut shown = Vec::new();
        for level in [Level::PERSON, Level::TEAM] {
            for (slot, _, label, format) in shown_slots(scheme, level) {
                shown.push((level, slot, format));
                headers.push(label.to_string());
            }
        }
        headers.push(scheme.base_label.clone());
        let items: Vec<(&Item, bool)> = [(ItemKind::Bonus, false), (ItemKind::Deduction, true)]
            .into_iter()
            .flat_map(|(k, deduction)| {
                scheme
                    .items
                    .iter()
                    .filter(move |i| i.kind == k || i.kind == ItemKind::Adjustment)
                    .map(move |i| (i, deduction))
            })
            .collect();
        headers.extend(items.iter().map(|(i, deduction)| match i.kind {
            ItemKind::Adjustment if *deduction => format!("{}（扣）", i.label),
            ItemKind::Adjustment => format!("{}（奖）", i.label),
            _ => i.label.clone(),
        }));
        headers.extend(["奖金合计".to_string(), "扣款合计".into(), "应发合计".into()]);
        Summary {
            scheme,
            items,
            text_slots,
            shown,
            headers,
        }
    }

    /// How many leading columns are roster text.
    pub fn text_columns(&self) -> usize {
        self.text_slots.len()
    }

    /// How many columns of shown values follow the roster's.
    pub fn shown_columns(&self) -> usize {
        self.shown.len()
    }

    /// The first amount column: the rest are amounts.
    pub fn amount_start(&self) -> usize {
        self.text_columns() + self.shown_columns()
    }

    /// How many amount columns.
    pub fn amount_columns(&self) -> usize {
        self.headers.len() - self.amount_start()
    }

    /// The shown values of member `p`, with their formats.
    pub fn shown<'v>(&self, v: &TeamView<'v>, p: u32) -> Vec<(&'v Value, Format)> {
        self.shown
            .iter()
            .map(|&(level, slot, format)| {
                let value = if level == Level::PERSON {
                    v.person_value(p, slot)
                } else {
                    v.team_value(slot)
                };
                (value, format)
            })
            .collect()
    }

    /// The text cells of member `p` of the team.
    pub fn texts(&self, v: &TeamView, p: u32) -> Vec<String> {
        self.text_slots
            .iter()
            .map(|&slot| v.person_text(p, slot).to_string())
            .collect()
    }

    /// The amounts of member `p`: base, items, bonus, deduction, net.
    pub fn amounts(&self, v: &TeamView, p: u32) -> Vec<Decimal> {
        let Some(t) = v.totals.get(p as usize) else {
            return vec![Decimal::ZERO; self.amount_columns()];
        };
        let mut out = Vec::with_capacity(self.items.len() + 4);
        out.push(t.base);
        out.extend(self.items.iter().map(|&(item, deduction)| {
            let d = match v.person_value(p, item.slot) {
                Value::Num(d) => *d,
                _ => Decimal::ZERO,
            };
            match item.kind {
                ItemKind::Adjustment if deduction && d < Decimal::ZERO => -d,
                ItemKind::Adjustment if !deduction && d > Decimal::ZERO => d,
                ItemKind::Adjustment => Decimal::ZERO.round_dp(d.scale()),
                _ => d,
            }
        }));
        out.extend([t.bonus, t.deduction, t.net]);
        out
    }

    pub fn scheme(&self) -> &Scheme {
        self.scheme
    }
}

/// The column sums of every amount column, kept exact as people arrive.
/// Adding fails, naming the column, when a sum cannot be held exactly (it
/// passes about 7.9 × 10²⁸, or is so large that its cents would be rounded
/// away): a 合计 that is not exact is not written at all.
#[derive(Clone, Debug)]
pub struct Running {
    pub sums: Vec<Decimal>,
}

impl Running {
    pub fn new(summary: &Summary) -> Running {
        Running {
            sums: vec![Decimal::ZERO; summary.amount_columns()],
        }
    }

    pub fn add(&mut self, summary: &Summary, amounts: &[Decimal]) -> Result<(), String> {
        for (c, (s, a)) in self.sums.iter_mut().zip(amounts).enumerate() {
            *s = exact_sum(*s, *a).ok_or_else(|| {
                let column = summary
                    .headers
                    .get(summary.amount_start() + c)
                    .map_or("?", String::as_str);
                format!("the 合计 of column {column} is too large to compute exactly")
            })?;
        }
        Ok(())
    }
}

/// `a + b`, or `None` if it overflows or is not exact. rust_decimal's
/// `checked_add` fails only on overflow: near its limit of 28–29 digits it
/// rounds away decimals instead (4 × 10²⁸ + 0.50 gives 4 × 10²⁸). A sum is
/// exact when it keeps as many decimals as the more precise of `a` and `b`
/// needs; a result with fewer was rounded.
fn exact_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    let needed = a.normalize().scale().max(b.normalize().scale());
    (sum.scale() >= needed).then_some(sum)
}

#[cfg(test)]
mod tests {
    use super::exact_sum;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    #[test]
    fn sums_are_exact_or_none() {
        assert_eq!(exact_sum(dec!(1.50), dec!(2.50)), Some(dec!(4.00)));
        assert_eq!(exact_sum(dec!(0.5), dec!(0.5)), Some(dec!(1)));
        assert_eq!(exact_sum(dec!(-30.00), dec!(10)), Some(dec!(-20.00)));
        let big = dec!(40000000000000000000000000000);
        // Overflow.
        assert_eq!(exact_sum(big, big), None);
        assert_eq!(exact_sum(Decimal::MAX, dec!(1)), None);
        assert_eq!(exact_sum(Decimal::MIN, dec!(-1)), None);
        // Rounded: the 50 cents would be lost.
        assert_eq!(exact_sum(big, dec!(3050.50)), None);
        // Exact, though its zero cents cannot be kept.
        assert_eq!(
            exact_sum(big, dec!(4000.00)),
            Some(dec!(40000000000000000000000004000))
        );
        assert_eq!(
            exact_sum(dec!(10000000000000000000000000.00), dec!(45600.50)),
            Some(dec!(10000000000000000000045600.50))
        );
    }
}
