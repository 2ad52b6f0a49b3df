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
    let mut out = String::with_capacity(16);
    crate::digits::push_cents(&mut out, value);
    out
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
    let mut parts = Vec::new();
    split_exact_into(amount, weights, places, &mut parts).then_some(parts)
}

/// [`split_exact_to`] into `parts` (emptied first), reusing its room: `false`
/// where that gives `None`.
pub fn split_exact_into(
    amount: Decimal,
    weights: &[Decimal],
    places: u32,
    parts: &mut Vec<Decimal>,
) -> bool {
    parts.clear();
    if split_small(amount, weights, places, parts).is_some() {
        return true;
    }
    parts.clear();
    match split_general(amount, weights, places) {
        Some(general) => {
            parts.extend(general);
            true
        }
        None => false,
    }
}

/// The most members [`split_small`] handles on the stack.
const SMALL: usize = 8;

/// 10^0 ..= 10^28, the powers a decimal's scale can ask for.
const POW10: [u128; 29] = {
    let mut p = [1u128; 29];
    let mut i = 1;
    while i < 29 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// 10^`n` for a decimal's scale (`n` ≤ 28).
pub fn pow10(n: u32) -> Option<u128> {
    POW10.get(n as usize).copied()
}

/// The same split as [`split_general`] in whole numbers, on the stack (the
/// parts go into the caller's vector), for the common case: at most [`SMALL`]
/// weights adding up to exactly 1 (a split case's shares), an amount and
/// weights whose digits fit 64 bits, small enough that the general path's
/// decimal products are exact. Then every member's exact share
/// `amount × weight` is `units × wᵢ ÷ 10^k` with the weights as whole numbers
/// `wᵢ` over a common `10^k`: the truncated part is the integer quotient and
/// the remainders compare as the integer remainders (same denominator), so
/// the parts are the general path's, digit for digit (a property test
/// compares both). Appends the parts to `parts` (empty); `None`: not such a
/// case (or not a valid split), left to the general path (`parts` may then
/// hold some parts).
fn split_small(
    amount: Decimal,
    weights: &[Decimal],
    places: u32,
    parts: &mut Vec<Decimal>,
) -> Option<()> {
    let n = weights.len();
    if n == 0 || n > SMALL || places > 4 {
        return None;
    }
    let k = weights.iter().map(Decimal::scale).max()?;
    let denominator = pow10_64(k)?;
    // The amount in units of 10^-places: |mantissa| × 10^places ÷ 10^scale, whole.
    let s = amount.scale();
    let m = u64::try_from(amount.mantissa().unsigned_abs()).ok()?;
    let scaled = m.checked_mul(pow10_64(places)?)?;
    let units = if s <= places {
        m.checked_mul(pow10_64(places - s)?)?
    } else {
        let d = pow10_64(s - places)?;
        if !m.is_multiple_of(d) {
            return None;
        }
        m / d
    };
    let mut w = [0u64; SMALL];
    let mut total = 0u64;
    for (wi, weight) in w.iter_mut().zip(weights) {
        let wm = u64::try_from(weight.mantissa()).ok()?;
        // The general path's product `amount × 10^places × weight` is exact
        // when its mantissa fits 96 bits and its scale 28 places.
        if (u128::from(scaled) * u128::from(wm)) >> 96 != 0
            || s + weight.scale() > 28
            || weight.is_sign_negative()
        {
            return None;
        }
        *wi = wm.checked_mul(pow10_64(k - weight.scale())?)?;
        total = total.checked_add(*wi)?;
    }
    if total != denominator {
        return None;
    }
    let negative = amount.is_sign_negative();
    if units == 0 {
        // Nothing to cut (a team with no pool, often): every part is the
        // general path's 0 ÷ 10^places, a plain 0 (negated with the amount).
        let zero = if negative {
            -Decimal::ZERO
        } else {
            Decimal::ZERO
        };
        parts.extend(std::iter::repeat_n(zero, n));
        return Some(());
    }
    let mut floor = [0u64; SMALL];
    let mut rest = [0u64; SMALL];
    let mut given = 0u64;
    for i in 0..n {
        let (q, r) = div_rem(u128::from(units) * u128::from(w[i]), denominator);
        // The parts add up to at most `units`: each fits.
        floor[i] = u64::try_from(q).ok()?;
        rest[i] = r;
        given += floor[i];
    }
    // Largest remainder first, equal remainders in member order (a stable insertion sort).
    let mut order = [0usize; SMALL];
    for i in 0..n {
        let mut j = i;
        while j > 0 && rest[order[j - 1]] < rest[i] {
            order[j] = order[j - 1];
            j -= 1;
        }
        order[j] = i;
    }
    let left = (units - given) as usize;
    for &i in order.iter().take(left.min(n)) {
        floor[i] += 1;
    }
    for &c in &floor[..n] {
        let yuan = from_units(c, places)?;
        parts.push(if negative { -yuan } else { yuan });
    }
    Some(())
}

/// 10^`n` when it fits 64 bits (`n` ≤ 19).
fn pow10_64(n: u32) -> Option<u64> {
    u64::try_from(pow10(n)?).ok()
}

/// `x ÷ d` and `x mod d` (the remainder is below `d`), in 64 bits when `x` fits.
fn div_rem(x: u128, d: u64) -> (u128, u64) {
    match u64::try_from(x) {
        Ok(x) => (u128::from(x / d), x % d),
        _ => (x / u128::from(d), (x % u128::from(d)) as u64),
    }
}

/// `c` units of 10^-places in 元, as the general path's division `c ÷ 10^places`
/// gives it, digit for digit, without dividing decimals where it can (a
/// property test compares it with the division). A whole quotient comes out
/// with scale 0. Otherwise rust_decimal scales the quotient to 9 places (here
/// `c × 10^(9 − places)`, exact) and strips trailing zeros: 8 only when the low
/// 32 bits are 0, then 4, 2 and 1 once each, so not always to the fewest digits.
fn from_units(c: u64, places: u32) -> Option<Decimal> {
    let unit = pow10_64(places)?;
    if c.is_multiple_of(unit) {
        return Some(Decimal::from(c / unit));
    }
    let Some(mut n) = 10u64
        .checked_pow(9u32.checked_sub(places)?)
        .and_then(|p| c.checked_mul(p))
    else {
        return Decimal::from(c).checked_div(Decimal::from(unit));
    };
    let mut scale = 9;
    if n as u32 == 0 && n.is_multiple_of(100_000_000) {
        n /= 100_000_000;
        scale -= 8;
    }
    for (pow, s) in [(10_000, 4), (100, 2), (10, 1)] {
        if scale >= s && n.is_multiple_of(pow) {
            n /= pow;
            scale -= s;
        }
    }
    Some(Decimal::from_parts(
        n as u32,
        (n >> 32) as u32,
        0,
        false,
        scale,
    ))
}

/// The split in decimal arithmetic, for any weights (see [`split_exact_to`]).
fn split_general(amount: Decimal, weights: &[Decimal], places: u32) -> Option<Vec<Decimal>> {
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

    /// The whole-number path's parts, `None` where it leaves the split to the general path.
    fn small(amount: Decimal, weights: &[Decimal], places: u32) -> Option<Vec<Decimal>> {
        let mut parts = Vec::new();
        split_small(amount, weights, places, &mut parts).map(|()| parts)
    }

    #[test]
    fn small_split_takes_the_common_cases() {
        // 60/40 of 525.00 (domain.md): the whole-number path answers, as the general one.
        let w = [dec!(0.6), dec!(0.4)];
        assert_eq!(small(dec!(525.00), &w, 2), Some(vec![dec!(315), dec!(210)]));
        // 35/35/30 of 0.01: 0.35, 0.35, 0.30 分 → truncated 0 + 0 + 0, the one 分
        // goes to the first of the two largest remainders.
        let w = [dec!(0.35), dec!(0.35), dec!(0.30)];
        assert_eq!(
            small(dec!(0.01), &w, 2),
            Some(vec![dec!(0.01), dec!(0), dec!(0)])
        );
        // Zero, plain or negative (`-x` of a zero keeps the sign): zeros as the
        // general path writes them, 0 with scale 0, negated with the amount.
        for zero in [dec!(0.00), -dec!(0.00)] {
            let bits = |v: Option<Vec<Decimal>>| {
                v.map(|v| v.iter().map(|d| d.serialize()).collect::<Vec<_>>())
            };
            let got = small(zero, &w, 2);
            assert_eq!(
                got.as_ref().map(|v| v
                    .iter()
                    .all(|d| d.is_sign_negative() == zero.is_sign_negative())),
                Some(true)
            );
            assert_eq!(bits(got), bits(split_general(zero, &w, 2)));
        }
        assert!((-dec!(0.00)).is_sign_negative());
        // Shares not adding up to 1, or more than 8 members: the general path.
        assert_eq!(small(dec!(1), &[dec!(0.5), dec!(0.6)], 2), None);
        assert_eq!(small(dec!(1), &[dec!(0.125); 9], 2), None);
    }

    #[test]
    fn small_split_gives_parts_in_the_divisions_decimals() {
        // 525.50 at 60/40: 52550 分 × 0.6 = 31530 分 = 315.30, × 0.4 = 21020 分 = 210.20.
        // The general path's division 31530 ÷ 100 has a remainder: rust_decimal
        // scales it to 9 places, 315.300000000, and strips 4, 2 and 1 zeros
        // (8 only when the low 32 bits are 0): 315.30, scale 2, and so must this one.
        let parts = small(dec!(525.50), &[dec!(0.6), dec!(0.4)], 2).unwrap_or_default();
        let scales: Vec<u32> = parts.iter().map(Decimal::scale).collect();
        assert_eq!(scales, vec![2, 2]);
        assert_eq!(parts, vec![dec!(315.30), dec!(210.20)]);
        // 31500 ÷ 100 is whole: 315, scale 0.
        let parts = small(dec!(525.00), &[dec!(0.6), dec!(0.4)], 2).unwrap_or_default();
        let scales: Vec<u32> = parts.iter().map(Decimal::scale).collect();
        assert_eq!(scales, vec![0, 0]);
        // Into a vector holding an earlier split: emptied first.
        let mut parts = vec![dec!(9); 5];
        assert!(split_exact_into(
            dec!(0.03),
            &[dec!(0.5), dec!(0.5)],
            2,
            &mut parts
        ));
        // 3 分 halved: 1 + 1, the odd 分 to the first of the equal remainders.
        assert_eq!(parts, vec![dec!(0.02), dec!(0.01)]);
    }

    #[test]
    fn units_strip_eight_zeros_only_with_the_low_bits_clear() {
        // 3 × 2^32 units of 0.1: 12884901888 ÷ 10 = 1288490188.8. The division
        // scales it to 9 places, 1288490188.800000000 = 12884901888 × 10^8, whose
        // low 32 bits are 0: 8 zeros go at once, scale 1. 3 × 2^32 + 4 units
        // (1288490189.2): scaled the same, the low bits are not 0, so 4 + 2 + 1
        // zeros go, scale 2.
        let got = from_units(3 << 32, 1).map(|d| (d.scale(), d));
        assert_eq!(got, Some((1, dec!(1288490188.8))));
        let got = from_units((3 << 32) + 4, 1).map(|d| (d.scale(), d));
        assert_eq!(got, Some((2, dec!(1288490189.20))));
        // Both as rust_decimal's division gives them.
        for c in [3u64 << 32, (3 << 32) + 4] {
            let divided = Decimal::from(c) / Decimal::TEN;
            assert_eq!(
                from_units(c, 1).map(|d| d.serialize()),
                Some(divided.serialize())
            );
        }
    }

    /// Shares adding up to exactly 1 (`cuts` of 10^k), each written with
    /// `extra` trailing zeros; an amount of `mantissa` × 10^-`scale`.
    fn shares(k: u32, cuts: &[u64], extra: &[u32]) -> Vec<Decimal> {
        let whole = 10u64.pow(k);
        let mut points: Vec<u64> = cuts.iter().map(|c| c % (whole + 1)).collect();
        points.push(0);
        points.push(whole);
        points.sort_unstable();
        points
            .windows(2)
            .zip(extra.iter().cycle())
            .filter_map(|(p, e)| match p {
                [a, b] => Some(Decimal::new(
                    i64::try_from((b - a) * 10u64.pow(*e)).ok()?,
                    k + e,
                )),
                _ => None,
            })
            .collect()
    }

    proptest::proptest! {
        /// The whole-number path gives the general path's parts, digit for digit
        /// (same values and same scales), whenever it answers.
        #[test]
        fn small_split_is_the_general_split(
            mantissa in -10_000_000_000_000_i64..10_000_000_000_000_i64,
            scale in 0u32..7,
            places in 0u32..5,
            k in 0u32..7,
            cuts in proptest::collection::vec(0u64..10_000_000, 0..8),
            extra in proptest::collection::vec(0u32..4, 1..4),
        ) {
            let w = shares(k, &cuts, &extra);
            // The amount drawn, and zero (plain and negative) written with the same scale.
            let zero = Decimal::new(0, scale);
            for amount in [Decimal::new(mantissa, scale), zero, -zero] {
                let general = split_general(amount, &w, places);
                if let Some(small) = small(amount, &w, places) {
                    let bits = |v: &[Decimal]| v.iter().map(|d| d.serialize()).collect::<Vec<_>>();
                    let general = general.unwrap_or_default();
                    proptest::prop_assert_eq!(bits(&small), bits(&general), "{} {:?}", amount, w);
                } else {
                    // Not answered: only when the amount is not whole units.
                    proptest::prop_assert!(general.is_none(), "{} {:?} {}", amount, w, places);
                }
            }
        }

        /// `c` units built without dividing are the general path's division
        /// `c ÷ 10^places`, bit for bit (value and scale), for any `c` and for
        /// `c` with trailing zeros (whole 元 and tenths included).
        #[test]
        fn units_are_the_division(
            c in proptest::num::u64::ANY,
            m in 0u64..1_000_000,
            zeros in 0u32..7,
            places in 0u32..5,
        ) {
            let unit = Decimal::from(10u64.pow(places));
            // With many factors of 2 the division strips 8 zeros at once.
            let twos = m.checked_shl(zeros * 6).filter(|t| t >> (zeros * 6) == m).unwrap_or(m);
            for c in [c, m * 10u64.pow(zeros), twos] {
                let divided = Decimal::from(c) / unit;
                let built = from_units(c, places);
                proptest::prop_assert_eq!(built.map(|d| d.serialize()), Some(divided.serialize()), "{} {}", c, places);
            }
        }
    }
}
