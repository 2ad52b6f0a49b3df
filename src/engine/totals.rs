//! What is added up per person and raised per team once a team is
//! computed: the totals (base + bonuses − deductions, from the rounded
//! items; amounts of 10^18 元 or more refused) and the warning flags set.

use super::chunk::{Chunk, Slots};
use super::view::{FlagHit, Totals};
use crate::model::{Level, Value};
use crate::scheme::{ItemKind, Scheme};
use rust_decimal::Decimal;

/// Amounts at or above 10^18 元 are refused: nothing real is that large, and
/// every amount must still print with exactly two decimals.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000_000;

/// `|a| < 10^18`. An amount written with fewer than 19 digits is below it
/// whatever its scale, which answers without a decimal comparison.
fn in_range(a: Decimal) -> bool {
    a.mantissa().unsigned_abs() < u128::from(MAX_AMOUNT.unsigned_abs())
        || a.abs() < Decimal::from(MAX_AMOUNT)
}

/// A person's totals from the rounded items; `None` when an amount is
/// missing or a total is out of range.
pub fn person_totals(scheme: &Scheme, slots: &[Slots], p: u32) -> Option<Totals> {
    let people = slots.get(Level::PERSON.index())?;
    let amount = |slot: u32| people.get(p, slot).num();
    let mut t = Totals {
        base: amount(scheme.base_slot)?,
        ..Totals::default()
    };
    for item in &scheme.items {
        let a = amount(item.slot)?;
        let (sum, a) = match item.kind {
            ItemKind::Bonus => (&mut t.bonus, a),
            ItemKind::Deduction => (&mut t.deduction, a),
            ItemKind::Adjustment if a.is_sign_negative() => (&mut t.deduction, -a),
            ItemKind::Adjustment => (&mut t.bonus, a),
        };
        *sum = sum.checked_add(a)?;
    }
    t.net = t.base.checked_add(t.bonus)?.checked_sub(t.deduction)?;
    [t.base, t.bonus, t.deduction, t.net]
        .iter()
        .all(|a| in_range(*a))
        .then_some(t)
}

/// The warning flags raised in the chunk.
pub(crate) fn local_flags(scheme: &Scheme, chunk: &Chunk, out: &mut Vec<FlagHit>) {
    for (i, flag) in scheme.flags.iter().enumerate() {
        if flag.is_error || scheme.levels.is_global(flag.level) {
            continue;
        }
        for e in 0..chunk.count(flag.level) as u32 {
            let v = chunk
                .slots
                .get(flag.level.index())
                .map_or(&Value::Unset, |s| s.get(e, flag.slot));
            if v == &Value::Bool(true) {
                out.push(FlagHit {
                    flag: i,
                    level: flag.level,
                    entity: e,
                });
            }
        }
    }
}
