//! `appraise reopen --month YYYY-MM --reason "…" [--date YYYY-MM-DD]`: allow
//! a closed month to be computed again. Its manifest and outputs are moved to
//! `out/<month>/history/<n>/` and the reason is kept in the manifest's history.

use super::close::date_or_today;
use super::{Failure, compute};
use crate::archive::Archive;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::msg;
use crate::workspace::Workspace;
use std::path::Path;

pub fn run(root: &Path, month: &str, reason: &str, date: Option<&str>) -> Result<(), Failure> {
    let month = compute::parse_month(month)?;
    let date = date_or_today(date)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Failure::User(Diagnostics(vec![Diagnostic::error(
            Location::None,
            msg!("reopen-no-reason"),
        )])));
    }
    let ws = Workspace::open(root)?;
    let archive = Archive::of(&ws, month);
    let (manifest, missing) = archive.reopen(date, reason)?;
    for file in missing {
        let d = Diagnostic::warning(Location::None, msg!("reopen-not-kept", file = file));
        anstream::eprintln!("{d:#}");
    }
    let kept = manifest.history.last().map_or_else(String::new, |h| {
        format!("{}/{}", archive.display, h.kept_in)
    });
    eprintln!(
        "{}",
        msg!(
            "reopen-done",
            month = month.to_string(),
            date = date.to_string(),
            kept = kept
        )
    );
    Ok(())
}
