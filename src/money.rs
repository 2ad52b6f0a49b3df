//! Exact amounts: rounding to 分 half away from zero (四舍五入), exact splits,
//! and the two-decimal text form used in every output.
//!
//! All money and rates are [`Decimal`]; nothing here touches binary floating point.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to `places` decimals, half away from zero (四舍五入): 0.005 → 0.01, −0.005 → −0.01.
pub fn round_half_away(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds to 0.01 元, half away from zero.
pub fn round_cents(value: Decimal) -> Decimal {
    round_half_away(value, 2)
}

/// Formats an amount with exactly two decimals: `315` → `"315.00"`, `-0.5` → `"-0.50"`.
/// The value is rounded half away from zero first if it has more places.
pub fn format_cents(value: Decimal) -> String {
    Cents(value).to_string()
}

/// An amount shown as [`format_cents`] shows it, written straight into a
/// formatter (a manifest of a million people, without a `String` each).
#[derive(Clone, Copy, Debug)]
pub struct Cents(pub Decimal);

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut v = round_cents(self.0);
        v.rescale(2);
        if v.is_zero() {
            v.set_sign_positive(true);
        }
        std::fmt::Display::fmt(&v, f)
    }
}

impl serde::Serialize for Cents {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

/// Splits `amount` (whole 分) into parts proportional to `weights` so that
/// the parts add up to `amount` exactly. Same as [`split_exact_to`] with 2 places.
pub fn split_exact(amount: Decimal, weights: &[Decimal]) -> Option<Vec<Decimal>> {
    split_exact_to(amount, weights, 2)
}

/// Splits `amount` (a whole number of units of 10^-`places` 元: 分 for 2, 元 for 0)
/// into parts proportional to `weights` so that the parts add up to `amount` exactly.
///
/// Method (largest remainder, also called Hamilton's method): each part's exact
/// share `amount × weight ÷ Σweights` is truncated toward zero to whole cents;
/// the cents left over are handed out one each to the parts with the largest
/// truncated remainders; equal remainders go to the earlier part. Whenever
/// rounding every part half away from zero already adds up, this gives exactly
/// those rounded parts; otherwise it differs from them by the fewest cents
/// possible. A negative amount is split as its absolute value, then negated.
///
/// Returns `None` when the weights are empty, negative, or sum to zero, or
/// when `amount` is not a whole number of units.
pub fn split_exact_to(amount: Decimal, weights: &[Decimal], places: u32) -> Option<Vec<Decimal>> {
    let total = weights
        .iter()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))?;
    if weights.is_empty() || total <= Decimal::ZERO || weights.iter().any(|w| w.is_sign_negative())
    {
        return None;
    }
    if places > 4 || round_half_away(amount, places) != amount {
        return None;
    }
    let unit = Decimal::from(10i64.pow(places));
    let negative = amount.is_sign_negative();
    let cents_total = amount.abs().checked_mul(unit)?;
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = Decimal::ZERO;
    for w in weights {
        let exact = cents_total.checked_mul(*w)?.checked_div(total)?;
        let floor = exact.trunc();
        given = given.checked_add(floor)?;
        parts.push(floor);
        remainders.push(exact - floor);
    }
    let mut left = (cents_total - given).trunc();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Stable sort keeps earlier parts first among equal remainders.
    order.sort_by(|a, b| remainders[*b].cmp(&remainders[*a]));
    for i in order {
        if left <= Decimal::ZERO {
            break;
        }
        parts[i] += Decimal::ONE;
        left -= Decimal::ONE;
    }
    Some(
        parts
            .into_iter()
            .map(|c| {
                let yuan = c / unit;
                if negative { -yuan } else { yuan }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_cents(dec!(0.005)), dec!(0.01));
        assert_eq!(round_cents(dec!(-0.005)), dec!(-0.01));
        assert_eq!(round_cents(dec!(0.0049999)), dec!(0.00));
        assert_eq!(round_cents(dec!(2.675)), dec!(2.68)); // binary floats give 2.67
    }

    #[test]
    fn formats_two_decimals() {
        assert_eq!(format_cents(dec!(315)), "315.00");
        assert_eq!(format_cents(dec!(-0.5)), "-0.50");
        assert_eq!(format_cents(dec!(-0.001)), "0.00");
        assert_eq!(format_cents(dec!(1234.565)), "1234.57");
    }

    #[test]
    fn splits_sixty_forty() {
        // 525.00 × 60% = 315.00, × 40% = 210.00 (domain.md worked example)
        let parts = split_exact(dec!(525.00), &[dec!(0.6), dec!(0.4)]);
        assert_eq!(parts, Some(vec![dec!(315.00), dec!(210.00)]));
    }

    #[test]
    fn split_hands_out_the_odd_cent_by_largest_remainder() {
        // 100.01 × 35% = 35.0035, × 35% = 35.0035, × 30% = 30.003:
        // truncated 35.00 + 35.00 + 30.00 = 100.00, one cent left; the remainders
        // are 0.35, 0.35, 0.30 cents → the first 35% part gets it.
        let parts = split_exact(dec!(100.01), &[dec!(0.35), dec!(0.35), dec!(0.30)]);
        assert_eq!(parts, Some(vec![dec!(35.01), dec!(35.00), dec!(30.00)]));
        // Negative amounts mirror positive ones.
        let parts = split_exact(dec!(-100.01), &[dec!(0.35), dec!(0.35), dec!(0.30)]);
        assert_eq!(parts, Some(vec![dec!(-35.01), dec!(-35.00), dec!(-30.00)]));
    }

    #[test]
    fn splits_in_whole_yuan_when_the_scheme_rounds_to_yuan() {
        // 325 元 at 40/30/30 to whole 元: 130, 97.5, 97.5 → truncated 130 + 97 + 97 = 324;
        // the last 元 goes to the first of the equal remainders.
        let parts = split_exact_to(dec!(325), &[dec!(0.4), dec!(0.3), dec!(0.3)], 0);
        assert_eq!(parts, Some(vec![dec!(130), dec!(98), dec!(97)]));
        assert_eq!(split_exact_to(dec!(325.5), &[dec!(1)], 0), None);
    }

    #[test]
    fn split_refuses_bad_weights_and_fractional_cents() {
        assert_eq!(split_exact(dec!(1), &[]), None);
        assert_eq!(split_exact(dec!(1), &[dec!(0)]), None);
        assert_eq!(split_exact(dec!(1.001), &[dec!(1)]), None);
    }
}
