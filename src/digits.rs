//! Numbers written at the end of a String, as their `Display` writes them
//! but without the formatting machinery: at 100,000 people 班组明细
//! explains 471,000 figures and the manifest lists 700,000 amounts.

use crate::money::round_cents;
use rust_decimal::Decimal;

/// `d` as `d.to_string()` writes it: the mantissa's digits with the point
/// `scale` places from the right (`0.05`, `-12.50`, `7`), `-` for any
/// negative value (also a negative zero).
pub fn push_decimal(out: &mut String, d: Decimal) {
    // A 96-bit mantissa has at most 29 digits; the scale is at most 28.
    let mut buf = [b'0'; 40];
    let mut i = buf.len();
    let m = d.mantissa().unsigned_abs();
    match u64::try_from(m) {
        Ok(mut n) => {
            while n != 0 {
                i -= 1;
                buf[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
        Err(_) => {
            let mut n = m;
            while n != 0 {
                i -= 1;
                buf[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
    }
    let scale = d.scale() as usize;
    // At least `scale` digits (the leading ones zeros: 0.05 is 5 at scale 2).
    i = i.min(buf.len() - scale);
    let digits = std::str::from_utf8(&buf[i..]).unwrap_or_default();
    if d.is_sign_negative() {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
        return;
    }
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    out.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
}

/// [`crate::money::format_cents`] written at the end of `out`: two
/// decimals, rounded half away from zero, no sign on zero.
pub fn push_cents(out: &mut String, d: Decimal) {
    let mut v = round_cents(d);
    v.rescale(2);
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    push_decimal(out, v);
}

/// A whole number, as `n.to_string()` writes it.
pub fn push_u32(out: &mut String, n: u32) {
    push_decimal(out, Decimal::from(n));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn written(d: Decimal) -> String {
        let mut s = String::from("x");
        push_decimal(&mut s, d);
        s.split_off(1)
    }

    /// Two decimals through rust_decimal's own `Display`: what
    /// `money::format_cents` returned before it wrote with [`push_cents`].
    fn cents_by_display(d: Decimal) -> String {
        let mut v = round_cents(d);
        v.rescale(2);
        if v.is_zero() {
            v.set_sign_positive(true);
        }
        v.to_string()
    }

    #[test]
    fn decimals_read_as_display_writes_them() {
        // Worked out by hand: the point `scale` places from the right,
        // zeros before it when the mantissa has fewer digits.
        assert_eq!(written(dec!(315.00)), "315.00");
        assert_eq!(written(dec!(0.05)), "0.05");
        assert_eq!(written(dec!(-0.5)), "-0.5");
        assert_eq!(written(dec!(7)), "7");
        assert_eq!(written(Decimal::ZERO), "0");
        assert_eq!(written(Decimal::new(0, 2)), "0.00");
        assert_eq!(written(-Decimal::new(0, 2)), "-0.00");
        assert_eq!(written(Decimal::MAX), "79228162514264337593543950335");
        assert_eq!(
            written(Decimal::new(1, 28)),
            "0.0000000000000000000000000001"
        );
        let mut s = String::new();
        push_u32(&mut s, 4_294_967_295);
        assert_eq!(s, "4294967295");
    }

    proptest! {
        /// Any decimal (any 96-bit mantissa, sign and scale, a negative
        /// zero too) is written as its `Display` writes it, and in cents as
        /// [`cents_by_display`] writes it.
        #[test]
        fn decimals_are_written_as_display_and_format_cents_write_them(
            lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
            negative in any::<bool>(), scale in 0u32..=28, small in any::<bool>(),
        ) {
            let d = if small {
                Decimal::from_parts(lo, 0, 0, negative, scale)
            } else {
                Decimal::from_parts(lo, mid, hi, negative, scale)
            };
            prop_assert_eq!(written(d), d.to_string());
            let mut cents = String::new();
            push_cents(&mut cents, d);
            prop_assert_eq!(cents, cents_by_display(d));
        }
    }
}
