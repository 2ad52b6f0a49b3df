//! What is added up per person and raised per team once a team is
//! computed: the totals (base + bonuses − deductions, from the rounded
//! items; amounts of 10^18 元 or more refused) and the warning flags set.
//!
//! The totals are rust_decimal's `checked_add` / `checked_sub` of the
//! amounts in payslip order ([`general_totals`]). Amounts are nearly always
//! small, and then an [`Adder`] sums their mantissas as `i64` instead,
//! giving the same values with the same scales and signs (a property test
//! compares the two bit for bit).

use super::chunk::{Chunk, Slots};
use super::view::{FlagHit, Totals};
use crate::model::{Level, Value};
use crate::scheme::{ItemKind, Scheme};
use rust_decimal::Decimal;
use std::cmp::Ordering;

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
    let row = slots.get(Level::PERSON.index())?.row(p);
    let amount = |slot: u32| row.get(slot as usize).and_then(Value::num);
    let mut adder = Adder::default();
    adder.base(amount(scheme.base_slot)?);
    for item in &scheme.items {
        adder.add(item.kind, amount(item.slot)?);
    }
    adder.totals(scheme, row)
}

/// The totals by rust_decimal's checked arithmetic, whatever the amounts.
fn general_totals(
    base: Option<Decimal>,
    items: impl Iterator<Item = (ItemKind, Option<Decimal>)>,
) -> Option<Totals> {
    let mut t = Totals {
        base: base?,
        ..Totals::default()
    };
    for (kind, a) in items {
        let a = a?;
        let (sum, a) = match kind {
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

/// A person's totals, added up as the amounts are read: the base, then
/// every item in payslip order.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Adder {
    /// The base as read (it is a total as it is).
    base_read: Decimal,
    base: Small,
    bonus: Small,
    deduction: Small,
    /// An amount or a sum was not [`Small`]: [`general_totals`] answers.
    large: bool,
}

impl Adder {
    #[inline]
    pub(crate) fn base(&mut self, a: Decimal) {
        self.base_read = a;
        match Small::of(a) {
            Some(a) => self.base = a,
            None => self.large = true,
        }
    }

    #[inline]
    pub(crate) fn add(&mut self, kind: ItemKind, a: Decimal) {
        let Some(a) = Small::of(a) else {
            self.large = true;
            return;
        };
        let (sum, a) = match kind {
            ItemKind::Bonus => (&mut self.bonus, a),
            ItemKind::Deduction => (&mut self.deduction, a),
            ItemKind::Adjustment if a.neg => (&mut self.deduction, a.negated()),
            ItemKind::Adjustment => (&mut self.bonus, a),
        };
        self.large |= !sum.add(a);
    }

    /// The totals when every amount and sum was small and every total is
    /// in range.
    #[inline]
    fn small_totals(&self) -> Option<Totals> {
        if self.large {
            return None;
        }
        let mut net = self.base;
        let all = net.add(self.bonus) && net.sub(self.deduction);
        (all && [self.base, self.bonus, self.deduction, net]
            .iter()
            .all(|t| t.in_range()))
        .then(|| Totals {
            base: self.base_read,
            bonus: self.bonus.decimal(),
            deduction: self.deduction.decimal(),
            net: net.decimal(),
        })
    }

    /// The totals of the amounts added (which are the person's `row`): `None`
    /// when one is out of range.
    #[inline]
    pub(crate) fn totals(&self, scheme: &Scheme, row: &[Value]) -> Option<Totals> {
        match self.small_totals() {
            Some(t) => Some(t),
            None => {
                let amount = |slot: u32| row.get(slot as usize).and_then(Value::num);
                general_totals(
                    amount(scheme.base_slot),
                    scheme.items.iter().map(|i| (i.kind, amount(i.slot))),
                )
            }
        }
    }
}

/// The most decimals a [`Small`] amount has.
const SCALE: u32 = 6;

/// 10^0 ..= 10^SCALE.
const POW10: [i64; SCALE as usize + 1] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/// A decimal whose mantissa is at most `i64::MAX` either way and whose
/// scale is at most [`SCALE`], as the mantissa with its sign, the scale and
/// the sign bit (a zero keeps its sign, as a `Decimal` does). Their sums,
/// within 64 bits, are within rust_decimal's 96, so its additions of them
/// are exact.
#[derive(Clone, Copy, Debug, Default)]
struct Small {
    m: i64,
    scale: u32,
    neg: bool,
}

impl Small {
    #[inline]
    fn of(d: Decimal) -> Option<Small> {
        let u = d.unpack();
        if u.hi != 0 || u.scale > SCALE {
            return None;
        }
        // At most i64::MAX, so that it negates.
        let m = i64::try_from(u64::from(u.mid) << 32 | u64::from(u.lo)).ok()?;
        Some(Small {
            m: if u.negative { -m } else { m },
            scale: u.scale,
            neg: u.negative,
        })
    }

    #[inline]
    fn decimal(self) -> Decimal {
        let m = self.m.unsigned_abs();
        let mut d = Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, self.scale);
        d.set_sign_negative(self.neg);
        d
    }

    /// `|value| < 10^18`: always, with a decimal or more (`|m| < 2^63`).
    #[inline]
    fn in_range(self) -> bool {
        self.scale > 0 || self.m.unsigned_abs() < MAX_AMOUNT.unsigned_abs()
    }

    /// `-d`: the sign bit flipped, a zero's too.
    #[inline]
    fn negated(self) -> Small {
        Small {
            m: -self.m,
            scale: self.scale,
            neg: !self.neg,
        }
    }

    /// `self = self.checked_add(a)`, as rust_decimal adds: a zero `self`
    /// becomes `a` unchanged (its scale and sign bit), a zero `a` leaves
    /// `self` unchanged; otherwise the sum at the larger scale, a zero sum
    /// keeping `self`'s sign bit when both mantissas fit in 32 bits and
    /// positive otherwise. `false` when the sum is not small.
    #[inline]
    fn add(&mut self, a: Small) -> bool {
        if self.m == 0 {
            *self = a;
            return true;
        }
        if a.m == 0 {
            return true;
        }
        let (x, y) = match self.scale.cmp(&a.scale) {
            Ordering::Equal => (Some(self.m), Some(a.m)),
            Ordering::Greater => (Some(self.m), a.m.checked_mul(pow10(self.scale - a.scale))),
            Ordering::Less => (self.m.checked_mul(pow10(a.scale - self.scale)), Some(a.m)),
        };
        let Some(m) = x
            .zip(y)
            .and_then(|(x, y)| x.checked_add(y))
            .filter(|m| *m != i64::MIN)
        else {
            return false;
        };
        // A zero sum: rust_decimal's 32-bit path keeps the left sign bit,
        // its 64-bit path (either mantissa of 33 bits or more) gives +0.
        let narrow = self.m.unsigned_abs() <= u64::from(u32::MAX)
            && a.m.unsigned_abs() <= u64::from(u32::MAX);
        self.neg = if m == 0 { self.neg && narrow } else { m < 0 };
        self.m = m;
        self.scale = self.scale.max(a.scale);
        true
    }

    /// `self = self.checked_sub(a)`: as [`Small::add`] of `-a`, except that
    /// `0 - 0` is the right zero unchanged.
    #[inline]
    fn sub(&mut self, a: Small) -> bool {
        if self.m == 0 && a.m == 0 {
            *self = a;
            return true;
        }
        self.add(a.negated())
    }
}

/// 10^n for n ≤ [`SCALE`] (scales of small amounts differ by no more).
#[inline]
fn pow10(n: u32) -> i64 {
    POW10.get(n as usize).copied().unwrap_or(i64::MAX)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use rust_decimal_macros::dec;

    /// The totals an [`Adder`] gives without falling back (`None`: it does not
    /// answer), and rust_decimal's.
    fn both(base: Decimal, items: &[(ItemKind, Decimal)]) -> (Option<Totals>, Option<Totals>) {
        let mut adder = Adder::default();
        adder.base(base);
        for (kind, a) in items {
            adder.add(*kind, *a);
        }
        let general = general_totals(Some(base), items.iter().map(|(k, a)| (*k, Some(*a))));
        (adder.small_totals(), general)
    }

    /// Every field's bits: the value, the scale and the sign bit.
    fn bits(t: &Totals) -> [[u8; 16]; 4] {
        [t.base, t.bonus, t.deduction, t.net].map(|d| d.serialize())
    }

    fn zero(scale: u32, negative: bool) -> Decimal {
        let mut d = Decimal::new(0, scale);
        d.set_sign_negative(negative);
        d
    }

    /// Amounts: mostly everyday ones of mixed scales and either sign, and
    /// zeros of either sign; some of any `i64` mantissa and scale up to 8,
    /// some whose rescale to 6 decimals is about i64::MAX, some whose
    /// mantissa is about i64::MAX (at scale 0: about 10^18), some mantissas
    /// beyond 64 bits.
    fn amount() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            6 => (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
            2 => (0u32..8, any::<bool>()).prop_map(|(s, n)| zero(s, n)),
            1 => (any::<i64>(), 0u32..9).prop_map(|(m, s)| Decimal::new(m, s)),
            1 => (0u32..=SCALE, -3i64..3, any::<bool>()).prop_map(|(s, d, n)| {
                let m = (i64::MAX / 10i64.pow(SCALE - s)).saturating_add(d);
                Decimal::new(if n { -m } else { m }, s)
            }),
            1 => (0u32..=SCALE, -3i128..3, any::<bool>()).prop_map(|(s, d, n)| {
                // About i64::MAX, or 10^18 at scale 0.
                let m = if s == 0 { 10i128.pow(18) } else { i128::from(i64::MAX) } + d;
                Decimal::from_i128_with_scale(if n { -m } else { m }, s)
            }),
            // A few mantissas of 33 bits or more, so that sums of them come
            // back to zero (rust_decimal's 64-bit path: a positive zero).
            1 => (prop::sample::select(vec![5_000_000_000i64, 922_337_203_685_477_581]), 0u32..2, any::<bool>())
                .prop_map(|(m, s, n)| Decimal::new(if n { -m } else { m }, s)),
            1 => (any::<u128>(), any::<bool>(), 0u32..29).prop_map(|(m, n, s)| {
                Decimal::from_i128_with_scale((m >> 32) as i128 * if n { -1 } else { 1 }, s)
            }),
        ]
    }

    fn kind() -> impl Strategy<Value = ItemKind> {
        prop_oneof![
            Just(ItemKind::Bonus),
            Just(ItemKind::Deduction),
            Just(ItemKind::Adjustment)
        ]
    }

    fn case() -> impl Strategy<Value = (Decimal, Vec<(ItemKind, Decimal)>)> {
        (
            amount(),
            proptest::collection::vec((kind(), amount()), 0..7),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Whenever the adder answers, its totals are rust_decimal's, bit for
        /// bit (so a total out of range is never answered).
        #[test]
        fn small_totals_are_the_general_totals((base, items) in case()) {
            let (small, general) = both(base, &items);
            if let Some(small) = small {
                prop_assert!(general.is_some(), "{base} {items:?}");
                let general = general.unwrap_or_default();
                prop_assert_eq!(bits(&small), bits(&general), "{} {:?}", base, items);
            }
        }
    }

    /// The property's cases hold what it claims to check: counted over
    /// 4000 cases of the same strategy.
    #[test]
    fn the_cases_cover_what_matters() {
        let mut runner = TestRunner::deterministic();
        let strategy = case();
        let mut seen = [0u32; 9];
        for _ in 0..4000 {
            let Ok(tree) = strategy.new_tree(&mut runner) else {
                panic!("no case")
            };
            let (base, items) = tree.current();
            let (small, general) = both(base, &items);
            let all: Vec<Decimal> = std::iter::once(base)
                .chain(items.iter().map(|i| i.1))
                .collect();
            let scales: Vec<u32> = all
                .iter()
                .filter(|a| !a.is_zero())
                .map(|a| a.scale())
                .collect();
            let count = [
                // answered, with amounts of different scales
                small.is_some() && scales.iter().any(|s| Some(s) != scales.first()),
                // answered, with a negative amount
                small.is_some() && all.iter().any(|a| a.is_sign_negative() && !a.is_zero()),
                // answered, with a negative zero
                small.is_some() && all.iter().any(|a| a.is_sign_negative() && a.is_zero()),
                // answered, with a negative adjustment
                small.is_some()
                    && items
                        .iter()
                        .any(|(k, a)| *k == ItemKind::Adjustment && a.is_sign_negative()),
                // answered, a sum back to zero from amounts that are not
                small.as_ref().is_some_and(|t| {
                    [t.bonus, t.deduction, t.net].iter().any(|s| s.is_zero())
                        && items.iter().filter(|(_, a)| !a.is_zero()).count() >= 2
                }),
                // not answered, rust_decimal's totals in range
                small.is_none() && general.is_some(),
                // not answered, out of range
                small.is_none() && general.is_none(),
                // answered, a total with 4 or more decimals
                small.as_ref().is_some_and(|t| t.net.scale() >= 4),
                // answered, a zero total from amounts of 33 bits or more
                small.as_ref().is_some_and(|t| {
                    [t.bonus, t.deduction, t.net].iter().any(|s| s.is_zero())
                        && all
                            .iter()
                            .any(|a| a.mantissa().unsigned_abs() > u128::from(u32::MAX))
                }),
            ];
            for (n, c) in seen.iter_mut().zip(count) {
                *n += u32::from(c);
            }
        }
        for (i, n) in seen.iter().enumerate() {
            assert!(*n >= 40, "category {i}: {n} of 4000 ({seen:?})");
        }
    }

    /// Worked by hand: base 8000 (scale 0); bonuses 1200.50 and 0.125,
    /// deduction 300, adjustment −50.5: bonus 1200.625 (scale 3), deduction
    /// 350.5 (the larger scale, 1), net 8000 + 1200.625 − 350.5 = 8850.125.
    #[test]
    fn adds_at_the_larger_scale() {
        let items = [
            (ItemKind::Bonus, dec!(1200.50)),
            (ItemKind::Bonus, dec!(0.125)),
            (ItemKind::Deduction, dec!(300)),
            (ItemKind::Adjustment, dec!(-50.5)),
        ];
        let (small, _) = both(dec!(8000), &items);
        let t = small.unwrap_or_default();
        assert_eq!(
            [t.base, t.bonus, t.deduction, t.net].map(|d| d.to_string()),
            ["8000", "1200.625", "350.5", "8850.125"]
        );
    }

    /// Worked by hand, rust_decimal's zero rules: a zero left operand gives
    /// the right one as it is (bonus 0 + 0.00 = 0.00, then 0.00 + 5 = 5, not
    /// 5.00; deduction 0 + −(−0.00) = 0.00; net 0 + 5 = 5), and a zero right
    /// operand leaves the left one (5 − 0.00 = 5).
    #[test]
    fn zeros_as_rust_decimal_adds_them() {
        let items = [
            (ItemKind::Bonus, dec!(0.00)),
            (ItemKind::Bonus, dec!(5)),
            (ItemKind::Adjustment, zero(2, true)),
        ];
        let (small, _) = both(Decimal::ZERO, &items);
        let t = small.unwrap_or_default();
        assert_eq!(
            [t.base, t.bonus, t.deduction, t.net].map(|d| d.to_string()),
            ["0", "5", "0.00", "5"]
        );
        // Base −0.00, no items: bonus and deduction are Decimal::ZERO; net
        // −0.00 + 0 is the right operand, 0 (scale 0, positive); 0 − 0 is the
        // right operand again. The base stays −0.00.
        let (small, _) = both(zero(2, true), &[]);
        let t = small.unwrap_or_default();
        assert_eq!(t.net.serialize(), Decimal::ZERO.serialize());
        assert_eq!(t.base.serialize(), zero(2, true).serialize());
        // (−0.00 + 0) − 0.000 = 0 − 0.000 = 0.000: the right zero as it is.
        let (small, _) = both(zero(2, true), &[(ItemKind::Deduction, dec!(0.000))]);
        assert_eq!(
            small.unwrap_or_default().net.serialize(),
            dec!(0.000).serialize()
        );
        // −9223372036854.77581 − (−9223372036854.77581): mantissas of 60
        // bits go through rust_decimal's 64-bit path, whose zero is
        // positive; of 32 bits (−1.5 − −1.5), the left operand's sign stays.
        let wide = dec!(-9223372036854.77581);
        let (small, general) = both(wide, &[(ItemKind::Deduction, wide)]);
        assert_eq!(
            small.unwrap_or_default().net.serialize(),
            dec!(0.00000).serialize()
        );
        assert_eq!(
            general.unwrap_or_default().net.serialize(),
            dec!(0.00000).serialize()
        );
        let (small, _) = both(dec!(-1.5), &[(ItemKind::Deduction, dec!(-1.5))]);
        assert_eq!(
            small.unwrap_or_default().net.serialize(),
            zero(1, true).serialize()
        );
        // 0 − (−0.0): the right zero as it is, −0.0.
        let (small, _) = both(dec!(0), &[(ItemKind::Deduction, zero(1, true))]);
        assert_eq!(
            small.unwrap_or_default().net.serialize(),
            zero(1, true).serialize()
        );
    }

    /// Not answered beyond a mantissa of i64::MAX (here 9,223,372,036,854.775807),
    /// nor at 10^18 or more.
    #[test]
    fn large_amounts_are_not_answered() {
        let (small, general) = both(dec!(9223372036854.775808), &[]);
        assert!(small.is_none());
        assert!(general.is_some());
        let (small, _) = both(dec!(9223372036854.775807), &[]);
        assert!(small.is_some());
        let (small, general) = both(dec!(1000000000000000000), &[]);
        assert!(small.is_none() && general.is_none());
        let (small, _) = both(dec!(999999999999999999), &[]);
        assert!(small.is_some());
    }
}
