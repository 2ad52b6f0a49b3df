//! `out/<month>/manifest.json`: what a month was computed from and what it
//! gave — a contract documented in the README. Deterministic: no clock (the
//! dates of `closed` and `history` come from the command line), keys in the
//! order of these structs, people in output order, amounts as two-decimal
//! strings, pretty-printed with a final newline.

use super::figures::Figures;
use crate::money::format_cents;
use serde::{Deserialize, Serialize};

/// The version of the manifest's shape.
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The shape's version: 1.
    pub manifest: u32,
    /// The appraise version that computed the month.
    pub appraise: String,
    pub month: String,
    pub scheme: SchemeRef,
    pub options: Options,
    pub inputs: Vec<InputRef>,
    pub outputs: Vec<OutputRef>,
    pub totals: TotalsRef,
    pub people: Vec<PersonRef>,
    pub closed: Option<Closed>,
    pub history: Vec<Reopened>,
    /// The earlier months history rules read, with their manifests' hashes
    /// (absent for a scheme without history rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_months: Vec<EarlierRef>,
}

/// An earlier month read by history rules: its manifest's SHA-256, or null
/// when it had none (the rules took their `none`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct EarlierRef {
    pub month: String,
    pub sha256: Option<String>,
}

/// The earlier months read, as the manifest records them.
pub fn earlier_refs(read: &[crate::input::history::EarlierMonth]) -> Vec<EarlierRef> {
    read.iter()
        .map(|e| EarlierRef {
            month: e.month.clone(),
            sha256: e.sha256.clone(),
        })
        .collect()
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SchemeRef {
    pub id: String,
    pub version: String,
    /// As named in appraise.toml, relative to the workspace.
    pub file: String,
    pub sha256: String,
}

/// The command-line options of the compute that wrote the manifest.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `--scheme ID`, when given.
    pub scheme: Option<String>,
    /// `xlsx`, `csv` or `json`.
    pub format: String,
    /// `--encoding` of a CSV output: `utf-8` or `gbk`.
    pub encoding: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InputRef {
    /// The scheme's name for the input.
    pub input: String,
    /// The file in data/<month>/.
    pub file: String,
    /// Its size in bytes.
    pub size: u64,
    /// Data rows read.
    pub rows: usize,
    pub sha256: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OutputRef {
    /// The file in out/<month>/ (in history/<n>/ once the month is reopened).
    pub file: String,
    pub sha256: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TotalsRef {
    pub people: u64,
    pub teams: u64,
    pub base: String,
    pub bonus: String,
    pub deduction: String,
    pub net: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
    pub team: String,
    /// Item code → amount, every item of the scheme in scheme order.
    pub items: serde_json::Map<String, serde_json::Value>,
    pub base: String,
    pub net: String,
    /// The values `[history] keep` names, for later months' history rules
    /// (absent for a scheme without them).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub kept: serde_json::Map<String, serde_json::Value>,
}

impl PersonRef {
    /// The items as (code, amount) pairs, in the manifest's order.
    pub fn item_list(&self) -> Vec<(String, String)> {
        self.items
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect()
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Closed {
    /// YYYY-MM-DD.
    pub date: String,
    /// Who closed it (`close --by NAME`), when said.
    pub by: Option<String>,
}

/// One reopening: what the month had been closed with, and where it is kept.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Reopened {
    pub reopened: String,
    pub reason: String,
    /// The date the month had been closed on.
    pub closed: String,
    /// SHA-256 of the closed manifest (kept as history/<n>/manifest.json).
    pub manifest_sha256: String,
    /// The outputs of the closed month, moved to `kept_in`.
    pub outputs: Vec<OutputRef>,
    /// `history/<n>/`, relative to out/<month>/.
    pub kept_in: String,
}

impl Manifest {
    /// A new manifest of a month just computed (open, with `history` carried
    /// over from the month's earlier manifest).
    pub fn new(
        month: String,
        scheme: SchemeRef,
        options: Options,
        inputs: Vec<InputRef>,
        outputs: Vec<OutputRef>,
        figures: &Figures,
        history: Vec<Reopened>,
    ) -> Manifest {
        Manifest {
            manifest: VERSION,
            appraise: env!("CARGO_PKG_VERSION").to_string(),
            month,
            scheme,
            options,
            inputs,
            outputs,
            totals: totals(figures),
            people: people(figures),
            closed: None,
            history,
            earlier_months: Vec::new(),
        }
    }

    /// The manifest's text: pretty-printed JSON and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Plain structs of strings and numbers always serialize.
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Reads a manifest's text; an error says what is wrong with it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, String> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        match value.get("manifest").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "manifest version {v} is not known to appraise {} (it reads version {VERSION})",
                    env!("CARGO_PKG_VERSION")
                ));
            }
            None => return Err("not a manifest (no \"manifest\" version)".into()),
        }
        serde_json::from_value(value).map_err(|e| format!("not a valid manifest: {e}"))
    }
}

/// The month's totals as the manifest records them.
pub fn totals(f: &Figures) -> TotalsRef {
    TotalsRef {
        people: f.people.len() as u64,
        teams: f.teams,
        base: format_cents(f.base),
        bonus: format_cents(f.bonus),
        deduction: format_cents(f.deduction),
        net: format_cents(f.net),
    }
}

/// Every person's figures as the manifest records them.
pub fn people(f: &Figures) -> Vec<PersonRef> {
    f.people
        .iter()
        .map(|p| PersonRef {
            id: p.id.clone(),
            name: p.name.clone(),
            team: p.team.clone(),
            items: p
                .items
                .iter()
                .map(|(code, amount)| (code.clone(), serde_json::Value::String(amount.clone())))
                .collect(),
            base: p.base.clone(),
            net: p.net.clone(),
            kept: p.kept.clone(),
        })
        .collect()
}
