//! The month's records as every command that computes a month needs them:
//! the scheme in force, the inputs read and joined (with their audit facts),
//! the warnings, and the earlier months history rules read. `compute`,
//! `explain` and `verify` all start here, so they compute the same month.

use super::Failure;
use crate::archive::manifest::{InputRef, SchemeRef};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input::history::{EarlierMonth, read_history};
use crate::input::{absent_optional_warnings, read_month};
use crate::model::MonthData;
use crate::month::Month;
use crate::output::InputUsed;
use crate::scheme::Scheme;
use crate::workspace::Workspace;

/// A month ready to compute.
pub struct Loaded {
    pub month: Month,
    pub scheme: Scheme,
    pub data: MonthData,
    pub inputs: Vec<InputUsed>,
    /// The same, as the manifest records them (with their sizes).
    pub input_refs: Vec<InputRef>,
    /// Scheme and input warnings, to show and to put in the results.
    pub warnings: Vec<Diagnostic>,
    /// The earlier months read for history rules, with their manifests' hashes.
    pub earlier: Vec<EarlierMonth>,
    /// `data/<month>` as messages show it.
    pub dir_display: String,
}

/// Reads month `month` of workspace `ws` with the scheme in force (or `scheme_id`).
pub fn load(ws: &Workspace, month: Month, scheme_id: Option<&str>) -> Result<Loaded, Failure> {
    let (scheme, warnings) = ws.scheme_for(month, scheme_id)?;
    load_with(ws, month, scheme, warnings)
}

/// Reads month `month` of workspace `ws` with `scheme` (its warnings so far: `warnings`).
pub fn load_with(
    ws: &Workspace,
    month: Month,
    scheme: Scheme,
    mut warnings: Vec<Diagnostic>,
) -> Result<Loaded, Failure> {
    let month_dir = ws.month_dir(month);
    let dir_display = format!("{}/{month}", ws.data);
    let read = read_month(&scheme, &month_dir, &dir_display, ws.encoding.as_deref())
        .map_err(|d| Failure::User(Diagnostics(d)))?;
    warnings.extend(absent_optional_warnings(
        &scheme,
        &read.inputs,
        &month_dir,
        &dir_display,
    ));
    warnings.extend(read.warnings);
    let mut data = read.data;
    let (history, earlier) = read_history(&scheme, month, &|m| ws.out_dir(m), &|m| {
        format!("{}/{m}", ws.out)
    })
    .map_err(|d| Failure::User(Diagnostics(d)))?;
    data.history = history;
    let mut inputs = Vec::new();
    let mut input_refs = Vec::new();
    for (spec, t) in scheme.inputs.iter().zip(&read.inputs) {
        let Some(t) = t else { continue };
        inputs.push(InputUsed {
            input: spec.name.clone(),
            label: spec.label.clone(),
            file: t.file.clone(),
            rows: t.rows,
            sha256: t.sha256.clone(),
        });
        input_refs.push(InputRef {
            input: spec.name.clone(),
            file: t.file.clone(),
            size: std::fs::metadata(month_dir.join(&t.file))?.len(),
            rows: t.rows,
            sha256: t.sha256.clone(),
        });
    }
    Ok(Loaded {
        month,
        input_refs,
        scheme,
        data,
        inputs,
        warnings,
        earlier,
        dir_display,
    })
}

impl Loaded {
    /// The scheme as the manifest records it.
    pub fn scheme_ref(&self) -> SchemeRef {
        SchemeRef {
            id: self.scheme.id.clone(),
            version: self.scheme.version.clone(),
            file: self.scheme.file.clone(),
            sha256: self.scheme.sha256.clone(),
        }
    }
}
