//! Earlier months' totals for 图表's twelve months: read from each closed
//! month's `manifest.json` (`out/<YYYY-MM>/`). Closed months only: their
//! figures are final, and no run can change them while a batch computes
//! the months after them on both cores — so a month's workbook is the same
//! whether computed alone or in a batch. The totals are read from the
//! manifest's head (they come before the people); whether it is closed,
//! by streaming past the people.

use super::MonthTotals;
use crate::month::Month;
use rust_decimal::Decimal;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The totals of the eleven months before `month` that are closed,
/// oldest first; `manifest(m)` is where month `m`'s manifest is.
pub fn earlier(month: Month, manifest: impl Fn(Month) -> PathBuf) -> Vec<MonthTotals> {
    (1..=11)
        .rev()
        .filter_map(|k| month.back(k))
        .filter_map(|m| read(&manifest(m), m))
        .collect()
}

/// The totals of one closed month's manifest, `None` when it is absent,
/// unreadable or not closed.
fn read(path: &Path, month: Month) -> Option<MonthTotals> {
    let status = crate::archive::manifest::Status::from_reader(std::fs::File::open(path).ok()?);
    status.ok()?.closed?;
    let file = std::fs::File::open(path).ok()?;
    let mut head = String::new();
    for line in BufReader::new(file).lines() {
        let line = line.ok()?;
        // The people's list (not the totals' count of people) ends what is needed.
        if line.trim_start().starts_with("\"people\": [") || head.len() > 1 << 20 {
            break;
        }
        head.push_str(&line);
        head.push('\n');
    }
    let at = head.find("\"totals\"")?;
    let rest = head.get(at..)?;
    let open = rest.find('{')?;
    let close = rest.find('}')?;
    let totals: serde_json::Value = serde_json::from_str(rest.get(open..=close)?).ok()?;
    let amount = |k: &str| Decimal::from_str(totals.get(k)?.as_str()?).ok();
    Some(MonthTotals {
        month: month.to_string(),
        bonus: amount("bonus")?,
        deduction: amount("deduction")?,
        net: amount("net")?,
    })
}
