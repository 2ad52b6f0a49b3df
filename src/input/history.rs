//! The earlier months a scheme's history rules read (`past(k, …)`): each
//! month's archived results, `out/<month>/manifest.json`, as written by
//! `compute` — the kept values of every person. A month without a manifest
//! is recorded as missing (rules then fail naming it, or take their `none`);
//! a manifest that cannot be read is an error naming the file.

use crate::diagnostic::{Diagnostic, Location};
use crate::digest::sha256_hex;
use crate::model::Value;
use crate::model::data::PastMonth;
use crate::month::Month;
use crate::scheme::{Format, Scheme};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

/// An earlier month read, for the manifest (so `verify` notices a change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlierMonth {
    pub month: String,
    /// SHA-256 of its manifest; `None` when it had none.
    pub sha256: Option<String>,
}

/// Reads the archived results of the months `[history] months` back from
/// `month`, nearest first. `out_dir(m)` is where month `m`'s results are.
pub fn read_history(
    scheme: &Scheme,
    month: Month,
    out_dir: &dyn Fn(Month) -> std::path::PathBuf,
    display: &dyn Fn(Month) -> String,
) -> Result<(Vec<PastMonth>, Vec<EarlierMonth>), Vec<Diagnostic>> {
    let Some(spec) = &scheme.history else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut months = Vec::new();
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for k in 1..=spec.months {
        let Some(m) = month.back(k) else { break };
        let path = out_dir(m).join("manifest.json");
        let shown = format!("{}/manifest.json", display(m));
        if !path.exists() {
            months.push(PastMonth {
                month: m.to_string(),
                people: None,
            });
            read.push(EarlierMonth {
                month: m.to_string(),
                sha256: None,
            });
            continue;
        }
        match read_one(scheme, &path, &shown) {
            Ok((people, sha)) => {
                months.push(PastMonth {
                    month: m.to_string(),
                    people: Some(people),
                });
                read.push(EarlierMonth {
                    month: m.to_string(),
                    sha256: Some(sha),
                });
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok((months, read))
    } else {
        Err(problems)
    }
}

fn read_one(
    scheme: &Scheme,
    path: &Path,
    shown: &str,
) -> Result<(HashMap<String, Vec<Value>>, String), Diagnostic> {
    let fail = |why: crate::i18n::Msg| {
        Diagnostic::error(
            Location::File {
                file: shown.to_string(),
            },
            why,
        )
    };
    let bytes = std::fs::read(path)
        .map_err(|e| fail(crate::msg!("file-unreadable", problem = e.to_string())))?;
    // Only each person's ID and kept values are read; items and the rest
    // are skipped, not kept.
    let doc: Archived = serde_json::from_slice(&bytes)
        .map_err(|e| fail(crate::msg!("not-a-manifest", problem = e.to_string())))?;
    let keep: Vec<(&str, Format)> = scheme
        .history
        .iter()
        .flat_map(|h| h.keep.iter())
        .filter_map(|&s| scheme.slots(crate::model::Level::PERSON).get(s as usize))
        .map(|d| (d.name.as_str(), d.format))
        .collect();
    let mut people = HashMap::new();
    for p in &doc.people {
        let id = p.id.as_str();
        let mut values = Vec::with_capacity(keep.len());
        for (name, format) in &keep {
            let v = p.kept.get(*name);
            values.push(value(v, *format).ok_or_else(|| {
                fail(crate::msg!(
                    "kept-value-missing",
                    id = id,
                    name = *name,
                    kind = match format {
                        Format::YesNo => "bool",
                        Format::Text => "text",
                        _ => "number",
                    }
                ))
            })?);
        }
        people.insert(id.to_string(), values);
    }
    Ok((people, sha256_hex(&bytes)))
}

/// What history rules read of a manifest: each person's ID and kept values.
#[derive(serde::Deserialize)]
struct Archived {
    people: Vec<ArchivedPerson>,
}

#[derive(serde::Deserialize)]
struct ArchivedPerson {
    id: String,
    #[serde(default)]
    kept: serde_json::Map<String, serde_json::Value>,
}

/// A kept value as archived: numbers as exact decimal text, yes/no as
/// true/false, text as text, not given as null.
fn value(v: Option<&serde_json::Value>, format: Format) -> Option<Value> {
    match v? {
        serde_json::Value::Null => Some(Value::NotGiven),
        serde_json::Value::Bool(b) if format == Format::YesNo => Some(Value::Bool(*b)),
        serde_json::Value::String(s) if format == Format::Text => {
            Some(Value::Text(Arc::from(s.as_str())))
        }
        serde_json::Value::String(s) => Decimal::from_str(s).ok().map(Value::Num),
        _ => None,
    }
}

/// A kept value for the manifest (the inverse of [`value`]).
pub fn archived(v: &Value) -> serde_json::Value {
    match v {
        Value::Num(d) => serde_json::Value::String(d.normalize().to_string()),
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Text(t) => serde_json::Value::String(t.to_string()),
        Value::Date(d) => serde_json::Value::String(d.format("%Y-%m-%d").to_string()),
        Value::NotGiven | Value::Unset | Value::Failed => serde_json::Value::Null,
    }
}
