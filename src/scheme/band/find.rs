//! Finding a band table's row for a value: a binary search over the rows'
//! starts, with whole-number comparisons of the thresholds.

use super::{BandTable, Interval};
use rust_decimal::Decimal;
use std::cmp::Ordering;

impl BandTable {
    /// The row holding `x`; a checked table has exactly one for every `x` in its
    /// domain, and none outside it.
    ///
    /// A binary search: the rows of a checked table are listed by their starts,
    /// ascending or descending, and do not overlap, so the row holding `x` is
    /// the last one (in the table's direction) starting at or before `x`;
    /// its end then says whether it holds `x`.
    pub fn find(&self, x: Decimal) -> Option<usize> {
        if !self.domain.contains(x) {
            return None;
        }
        let descending = match self.rows.as_slice() {
            [first, second, ..] => {
                first.interval.lower.is_some() && first.interval.start() > second.interval.start()
            }
            _ => false,
        };
        let row = if descending {
            self.rows.partition_point(|r| !r.interval.starts_by(x))
        } else {
            self.rows
                .partition_point(|r| r.interval.starts_by(x))
                .checked_sub(1)?
        };
        self.rows
            .get(row)
            .filter(|r| r.interval.ends_after(x))
            .map(|_| row)
    }
}

impl Interval {
    /// Whether the interval starts at or before `x` (`x` is not below it).
    pub fn starts_by(&self, x: Decimal) -> bool {
        match self.lower {
            None => true,
            Some(b) => match compare(x, b.value) {
                Ordering::Greater => true,
                Ordering::Equal => b.inclusive,
                Ordering::Less => false,
            },
        }
    }

    /// Whether the interval ends at or after `x` (`x` is not above it).
    pub fn ends_after(&self, x: Decimal) -> bool {
        match self.upper {
            None => true,
            Some(b) => match compare(x, b.value) {
                Ordering::Less => true,
                Ordering::Equal => b.inclusive,
                Ordering::Greater => false,
            },
        }
    }
}

/// `x.cmp(&t)`, in whole numbers when both have the same sign and the one
/// with fewer decimals fits 128 bits at the other's scale (always, for a
/// threshold of a few digits): a band lookup's comparisons, without
/// rust_decimal's 96-bit rescaling.
fn compare(x: Decimal, t: Decimal) -> Ordering {
    if x.is_sign_negative() == t.is_sign_negative() {
        let (mx, sx) = (x.mantissa().unsigned_abs(), x.scale());
        let (mt, st) = (t.mantissa().unsigned_abs(), t.scale());
        let magnitude = if sx >= st {
            crate::money::pow10(sx - st)
                .and_then(|p| mt.checked_mul(p))
                .map(|mt| mx.cmp(&mt))
        } else {
            crate::money::pow10(st - sx)
                .and_then(|p| mx.checked_mul(p))
                .map(|mx| mx.cmp(&mt))
        };
        if let Some(o) = magnitude {
            return if x.is_sign_negative() { o.reverse() } else { o };
        }
    }
    x.cmp(&t)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{cond, problems};
    use super::*;
    use crate::expr::types::Type;
    use crate::scheme::band::BandRow;
    use rust_decimal_macros::dec;

    fn table(domain: &str, rows: &[&str]) -> BandTable {
        BandTable {
            name: "t".into(),
            label: String::new(),
            var: "X".into(),
            arg: Type::NUMBER,
            percent: true,
            domain: cond(domain),
            outputs: Vec::new(),
            rows: rows
                .iter()
                .map(|r| BandRow {
                    interval: cond(r),
                    when: (*r).to_string(),
                    values: Vec::new(),
                })
                .collect(),
        }
    }

    /// The rows as listed, the first holding `x`: what `find` answers for a
    /// checked table, as the linear scan it replaces did.
    fn scan(t: &BandTable, x: Decimal) -> Option<usize> {
        if !t.domain.contains(x) {
            return None;
        }
        t.rows.iter().position(|r| r.interval.contains(x))
    }

    #[test]
    fn finds_the_row_at_each_boundary() {
        let rows = ["X < 90%", "90% <= X < 95%", "95% <= X < 100%", "X = 100%"];
        let t = table("0% <= X <= 100%", &rows);
        // The after-sales table (domain.md): 90% is the second band's first value,
        // just below 95% still the second, 100% only the last row, and values
        // outside 0%..100% no row (the "outside band table" error).
        let cases = [
            (dec!(-0.0001), None),
            (dec!(0), Some(0)),
            (dec!(0.8999999999999999999999999999), Some(0)),
            (dec!(0.9), Some(1)),
            (dec!(0.90), Some(1)),
            (dec!(0.9499), Some(1)),
            (dec!(0.95), Some(2)),
            (dec!(0.9999999999999999999999999999), Some(2)),
            (dec!(1), Some(3)),
            (dec!(1.0000), Some(3)),
            (dec!(1.0001), None),
        ];
        for (x, row) in cases {
            assert_eq!(t.find(x), row, "x = {x}");
        }
        // The same rows listed from the highest band down.
        let mut down = rows;
        down.reverse();
        let t = table("0% <= X <= 100%", &down);
        for (x, row) in cases {
            assert_eq!(t.find(x), row.map(|r| 3 - r), "x = {x}");
        }
    }

    #[test]
    fn finds_what_the_scan_finds_in_checked_tables() {
        // Closed and open ends on either side of each threshold, ascending and
        // descending, one row, open and closed domain ends: every threshold and
        // the values around it land where the linear scan puts them.
        let tables: [(&str, &[&str]); 6] = [
            (
                "0% <= X <= 100%",
                &["X <= 90%", "90% < X <= 95%", "X > 95%"],
            ),
            (
                "0% <= X <= 100%",
                &["X > 95%", "90% < X <= 95%", "X <= 90%"],
            ),
            ("0% <= X <= 100%", &["X >= 98%", "X < 98%"]),
            ("0% <= X <= 100%", &["0% <= X <= 100%"]),
            ("0% < X < 100%", &["X < 50%", "X = 50%", "X > 50%"]),
            ("X >= 0", &["X < 10", "10 <= X < 20", "X >= 20"]),
        ];
        let points = [
            dec!(-1),
            dec!(0),
            dec!(0.0001),
            dec!(0.4999),
            dec!(0.5),
            dec!(0.5001),
            dec!(0.9),
            dec!(0.9000000001),
            dec!(0.95),
            dec!(0.98),
            dec!(0.97999),
            dec!(1),
            dec!(1.5),
            dec!(10),
            dec!(9.99),
            dec!(20),
            dec!(25),
        ];
        for (domain, rows) in tables {
            assert!(problems(domain, rows).is_empty(), "{rows:?}");
            let t = table(domain, rows);
            for x in points {
                assert_eq!(t.find(x), scan(&t, x), "x = {x} in {rows:?}");
            }
        }
    }

    #[test]
    fn compares_as_decimals_do() {
        // Mixed scales and signs, zeros of either sign, the extremes: the
        // whole-number comparison agrees with rust_decimal's.
        let values = [
            dec!(0),
            dec!(-0),
            dec!(0.00),
            dec!(0.9),
            dec!(0.90),
            dec!(0.9000000000000000000000000001),
            dec!(0.8999999999999999999999999999),
            dec!(-0.9),
            dec!(-0.95),
            dec!(1),
            dec!(-1.0000),
            dec!(100),
            dec!(79228162514264337593543950335),
            dec!(-79228162514264337593543950335),
            dec!(0.0000000000000000000000000001),
            dec!(7.9228162514264337593543950335),
        ];
        for x in values {
            for t in values {
                assert_eq!(compare(x, t), x.cmp(&t), "{x} vs {t}");
            }
        }
    }
}
