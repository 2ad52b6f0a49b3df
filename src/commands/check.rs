//! `appraise check [SCHEME…]`: load and check schemes, read no data.

use super::Failure;
use crate::diagnostic::Diagnostics;
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
                    eprintln!("{w}");
                }
                let until = s
                    .effective_until
                    .map_or_else(|| "no end".to_string(), |m| m.to_string());
                eprintln!(
                    "ok: {display}: {} {} ({}), in force {} to {until}: {} inputs, {} band tables, {} splits, {} rules, {} items",
                    s.id,
                    s.version,
                    s.name,
                    s.effective_from,
                    s.inputs.len(),
                    s.bands.len(),
                    s.splits.len(),
                    s.plan.len(),
                    s.items.len()
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
