//! The period computed: a calendar month written `YYYY-MM`.

use std::fmt;
use std::str::FromStr;

/// A calendar month (考核周期). Ordered, so effective-dated schemes can compare months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    pub fn new(year: u16, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// The month `k` months earlier (`None` before year 1).
    pub fn back(self, k: u32) -> Option<Month> {
        let index = i64::from(self.year()) * 12 + i64::from(self.month()) - 1 - i64::from(k);
        let year = u16::try_from(index.div_euclid(12)).ok()?;
        let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
        Month::new(year, month)
    }

    pub fn month(self) -> u8 {
        self.month
    }
}

impl FromStr for Month {
    type Err = String;

    /// Accepts exactly `YYYY-MM`, e.g. `2024-05`.
    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || crate::msg!("not-a-month", value = s).to_string();
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let month = m.parse().map_err(|_| bad())?;
        Month::new(year, month).ok_or_else(bad)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m: Month = "2024-05".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.to_string(), "2024-05");
        assert!("2024-5".parse::<Month>().is_err());
        assert!("2024-13".parse::<Month>().is_err());
        assert!("24-05".parse::<Month>().is_err());
        assert!("2024-01".parse::<Month>() < "2024-05".parse::<Month>());
    }
}
