//! Earlier months' totals for 图表's twelve months: read from each archived
//! month's `manifest.json` (`out/<YYYY-MM>/`), only as far as its `totals`
//! (which come before the people), so a large month costs a few kilobytes.

use super::MonthTotals;
use crate::month::Month;
use rust_decimal::Decimal;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The totals of the eleven months before `month` that have a manifest,
/// oldest first; `manifest(m)` is where month `m`'s manifest is.
pub fn earlier(month: Month, manifest: impl Fn(Month) -> PathBuf) -> Vec<MonthTotals> {
    (1..=11)
        .rev()
        .filter_map(|k| month.back(k))
        .filter_map(|m| read(&manifest(m), m))
        .collect()
}

/// The totals of one manifest, `None` when it is absent or unreadable.
fn read(path: &Path, month: Month) -> Option<MonthTotals> {
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
