//! `appraise verify --month YYYY-MM [--format json]`: recompute the month in
//! memory from today's inputs and scheme — the same [`compute::load`] and
//! [`compute::compute_into`] as `compute`, into the archive's [`Figures`] —
//! and compare with its manifest. Writes nothing; exit 0 when everything
//! agrees, 1 with the differences listed.

use super::{Failure, compute};
use crate::archive::compare::{self, Verdict};
use crate::archive::{Archive, Figures};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::engine;
use crate::month::Month;
use crate::msg;
use crate::workspace::Workspace;
use clap::ValueEnum;
use std::io::Write;
use std::path::Path;

/// What `verify` prints.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum VerifyFormat {
    /// A line per difference.
    #[default]
    Text,
    /// The differences as one JSON document, for scripts.
    Json,
}

pub fn run(root: &Path, month: &str, format: VerifyFormat) -> Result<(), Failure> {
    let month = compute::parse_month(month)?;
    let ws = Workspace::open(root)?;
    let verdict = verify_month(&ws, month)?;
    let text = match format {
        VerifyFormat::Text => verdict.to_string(),
        VerifyFormat::Json => verdict.to_json(),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Internal(compute::cannot_write_stdout(&e.to_string())))?;
    if verdict.agrees {
        Ok(())
    } else {
        let n = verdict.differences();
        Err(Failure::User(Diagnostics(vec![Diagnostic::error(
            Location::None,
            msg!(
                "verify-differs",
                month = month.to_string(),
                manifest = &verdict.manifest,
                count = n
            ),
        )])))
    }
}

/// Recomputes `month` and compares it with its manifest. A month without a
/// manifest, or one that no longer computes, is a failure.
pub fn verify_month(ws: &Workspace, month: Month) -> Result<Verdict, Failure> {
    let archive = Archive::of(ws, month);
    let (manifest, _) = archive.read_required()?;
    let no_longer = |f: Failure| match f {
        Failure::User(Diagnostics(mut d)) => {
            d.insert(
                0,
                archive.error(msg!("verify-no-longer", month = month.to_string())),
            );
            Failure::User(Diagnostics(d))
        }
        other => other,
    };
    let loaded = compute::load(ws, month, manifest.options.scheme.as_deref()).map_err(no_longer)?;
    let mut figures = Figures::default();
    match compute::compute_into(&loaded, &mut figures) {
        Ok(()) => {}
        Err(engine::Failure::Problems(d)) => return Err(no_longer(Failure::User(Diagnostics(d)))),
        Err(engine::Failure::Sink(never)) => match never {},
    }
    let outputs = manifest
        .outputs
        .iter()
        .map(|o| archive.output_sha256(&o.file))
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut verdict = compare::compare(
        &manifest,
        &archive.manifest_display(),
        loaded.scheme_ref(),
        &loaded.input_refs,
        &figures,
        &outputs,
    );
    verdict.earlier(
        &manifest.earlier_months,
        &crate::archive::manifest::earlier_refs(&loaded.earlier),
    );
    Ok(verdict)
}
