//! `appraise close --month YYYY-MM [--date YYYY-MM-DD] [--by NAME]`: mark a
//! computed month final in its manifest; `compute` then refuses it.

use super::{Failure, compute};
use crate::archive::{self, Archive};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::msg;
use crate::workspace::Workspace;
use chrono::NaiveDate;
use std::path::Path;

pub fn run(root: &Path, month: &str, date: Option<&str>, by: Option<&str>) -> Result<(), Failure> {
    let month = compute::parse_month(month)?;
    let date = date_or_today(date)?;
    let ws = Workspace::open(root)?;
    let archive = Archive::of(&ws, month);
    archive.close(date, by.map(str::to_string))?;
    eprintln!(
        "{}",
        msg!(
            "close-done",
            month = month.to_string(),
            date = date.to_string(),
            manifest = archive.manifest_display()
        )
    );
    Ok(())
}

/// `--date`, or today's date.
pub fn date_or_today(date: Option<&str>) -> Result<NaiveDate, Failure> {
    match date {
        Some(text) => archive::parse_date(text).map_err(|_| {
            Failure::User(Diagnostics(vec![Diagnostic::error(
                Location::None,
                msg!("bad-date-option", date = text),
            )]))
        }),
        None => Ok(archive::today()),
    }
}
