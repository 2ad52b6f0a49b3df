//! `appraise check [SCHEME…]`: load and check schemes, read no data.

use super::Failure;
use crate::diagnostic::Diagnostics;
use crate::msg;
use crate::scheme;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

pub fn run(root: &Path, schemes: &[PathBuf]) -> Result<(), Failure> {
    let files: Vec<(PathBuf, String)> = if schemes.is_empty() {
        let ws = Workspace::open(root)?;
        ws.schemes
            .iter()
            .map(|s| (root.join(s), s.clone()))
            .collect()
    } else {
        schemes
            .iter()
            .map(|p| (p.clone(), p.display().to_string()))
            .collect()
    };
    let mut problems = Vec::new();
    for (path, display) in files {
        match scheme::load_file(&path, &display) {
            Ok((s, warnings)) => {
                for w in warnings {
                    anstream::eprintln!("{w:#}");
                }
                eprintln!(
                    "{}",
                    msg!(
                        "check-ok",
                        file = display,
                        id = &s.id,
                        version = &s.version,
                        name = &s.name,
                        from = s.effective_from.to_string(),
                        until = super::compute::until(s.effective_until),
                        inputs = s.inputs.len(),
                        bands = s.bands.len(),
                        splits = s.splits.len(),
                        rules = s.plan.len(),
                        items = s.items.len()
                    )
                );
            }
            Err(d) => problems.extend(d.0),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::User(Diagnostics(problems)))
    }
}
