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
        // The version first (the rest skipped without being kept), then the
        // whole: never a JSON tree of a million people beside the manifest.
        let head: Status = serde_json::from_slice(bytes).map_err(not_json)?;
        known_version(head.manifest)?;
        serde_json::from_slice(bytes)
            .map_err(|e| crate::msg!("manifest-invalid", problem = e.to_string()).to_string())
    }
}

fn not_json(e: serde_json::Error) -> String {
    crate::msg!("manifest-not-json", problem = e.to_string()).to_string()
}

/// The manifest's version is the one this appraise reads; else why not.
fn known_version(version: Option<u64>) -> Result<(), String> {
    match version {
        Some(v) if v == u64::from(VERSION) => Ok(()),
        Some(v) => Err(crate::msg!(
            "manifest-version-unknown",
            version = v.to_string(),
            appraise = env!("CARGO_PKG_VERSION"),
            reads = VERSION.to_string()
        )
        .to_string()),
        None => Err(crate::msg!("manifest-no-version").to_string()),
    }
}

/// What `compute` needs of an earlier manifest of the month: its version,
/// whether it is closed, and its reopen history — read without its people.
#[derive(Deserialize, Clone, Debug, Default)]
pub struct Status {
    #[serde(default)]
    pub manifest: Option<u64>,
    #[serde(default)]
    pub closed: Option<Closed>,
    #[serde(default)]
    pub history: Vec<Reopened>,
}

impl Status {
    /// Reads the status from a manifest file, streaming past everything else.
    pub fn from_reader(r: impl std::io::Read) -> Result<Status, String> {
        let s: Status = serde_json::from_reader(std::io::BufReader::new(r)).map_err(not_json)?;
        known_version(s.manifest)?;
        Ok(s)
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
            id: p.id.to_string(),
            name: p.name.to_string(),
            team: p.team.to_string(),
            items: f
                .codes
                .iter()
                .zip(p.items.iter())
                .map(|(code, amount)| {
                    (
                        code.clone(),
                        serde_json::Value::String(format_cents(*amount)),
                    )
                })
                .collect(),
            base: format_cents(p.base),
            net: format_cents(p.net),
            kept: f
                .kept_names
                .iter()
                .zip(p.kept.iter())
                .map(|(name, v)| (name.clone(), crate::input::history::archived(v)))
                .collect(),
        })
        .collect()
}

/// A new month's manifest as it is written: the same document as
/// [`Manifest`] (same keys, same order), but the people are serialized one by
/// one from the month's [`Figures`] — no copy of a million people as text.
#[derive(Serialize)]
pub struct NewManifest<'a> {
    pub manifest: u32,
    pub appraise: &'a str,
    pub month: &'a str,
    pub scheme: &'a SchemeRef,
    pub options: &'a Options,
    pub inputs: &'a [InputRef],
    pub outputs: &'a [OutputRef],
    pub totals: TotalsRef,
    pub people: PeopleOut<'a>,
    pub closed: Option<Closed>,
    pub history: &'a [Reopened],
    #[serde(skip_serializing_if = "<[EarlierRef]>::is_empty")]
    pub earlier_months: &'a [EarlierRef],
}

/// The people of [`Figures`], the manifest's `people`: written by
/// [`NewManifest::write_to`] itself, straight from the figures.
pub struct PeopleOut<'a>(pub &'a Figures);

/// What the serialized manifest holds in place of the people until
/// [`NewManifest::write_to`] writes them there.
const PEOPLE_MARK: &str = "\u{1}people\u{1}";

impl Serialize for PeopleOut<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(PEOPLE_MARK)
    }
}

impl NewManifest<'_> {
    /// Writes the manifest's text (pretty-printed, a final newline) to `w`:
    /// what serde_json writes for the whole document, the people written
    /// in its layout by [`write_people`] (at 100,000 people a third of the
    /// instructions serde_json took for them: BENCHMARKS.md).
    pub fn write_to(&self, mut w: impl std::io::Write) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        let mark = format!("\"people\": {}", serde_json::to_string(PEOPLE_MARK)?);
        let Some((head, tail)) = text.split_once(&mark) else {
            return Err(std::io::Error::other("the manifest lost its people"));
        };
        w.write_all(head.as_bytes())?;
        w.write_all(b"\"people\": ")?;
        write_people(&mut w, self.people.0)?;
        w.write_all(tail.as_bytes())?;
        w.write_all(b"\n")
    }
}

/// `s` as a JSON string, as serde_json writes it.
fn push_json_str(out: &mut String, s: &str) -> std::io::Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s)?);
    }
    Ok(())
}

/// The people as serde_json's pretty printer lays out `[PersonRef, …]` as
/// the value of a top-level key: the same keys in the same order, amounts
/// as [`format_cents`] writes them (`tests` compares the two).
fn write_people(w: &mut impl std::io::Write, f: &Figures) -> std::io::Result<()> {
    if f.people.is_empty() {
        return w.write_all(b"[]");
    }
    let keys = |names: &[String]| -> std::io::Result<Vec<String>> {
        names
            .iter()
            .map(|n| Ok(format!("\n        {}: ", serde_json::to_string(n)?)))
            .collect()
    };
    let (item_keys, kept_keys) = (keys(&f.codes)?, keys(&f.kept_names)?);
    let mut buf = String::with_capacity(1024);
    w.write_all(b"[")?;
    for (i, p) in f.people.iter().enumerate() {
        buf.clear();
        buf.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        buf.push_str("\n      \"id\": ");
        push_json_str(&mut buf, &p.id)?;
        buf.push_str(",\n      \"name\": ");
        push_json_str(&mut buf, &p.name)?;
        buf.push_str(",\n      \"team\": ");
        push_json_str(&mut buf, &p.team)?;
        buf.push_str(",\n      \"items\": ");
        if item_keys.is_empty() {
            buf.push_str("{}");
        } else {
            for (j, (key, amount)) in item_keys.iter().zip(p.items.iter()).enumerate() {
                buf.push_str(if j == 0 { "{" } else { "," });
                buf.push_str(key);
                buf.push('"');
                crate::digits::push_cents(&mut buf, *amount);
                buf.push('"');
            }
            buf.push_str("\n      }");
        }
        buf.push_str(",\n      \"base\": \"");
        crate::digits::push_cents(&mut buf, p.base);
        buf.push_str("\",\n      \"net\": \"");
        crate::digits::push_cents(&mut buf, p.net);
        buf.push('"');
        if !kept_keys.is_empty() {
            buf.push_str(",\n      \"kept\": ");
            for (j, (key, v)) in kept_keys.iter().zip(p.kept.iter()).enumerate() {
                buf.push_str(if j == 0 { "{" } else { "," });
                buf.push_str(key);
                buf.push_str(&serde_json::to_string(&crate::input::history::archived(v))?);
            }
            buf.push_str("\n      }");
        }
        buf.push_str("\n    }");
        w.write_all(buf.as_bytes())?;
    }
    w.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::archive::figures::PersonFigures;
    use crate::model::Value;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    /// People with texts serde_json escapes (a quote, a backslash, a bell,
    /// a line break), Chinese, amounts to round (1234.565 → "1234.57") and a
    /// negative amount below a cent ("0.00"), and kept values of every kind.
    fn figures(people: usize, items: bool, kept: bool) -> Figures {
        let texts = ["000001", "张\"伟\\", "A\u{7}1\n"];
        let mut f = Figures {
            codes: if items {
                vec!["excess_bonus".into(), "罚款".into()]
            } else {
                vec![]
            },
            kept_names: if kept {
                vec!["score".into(), "ok".into(), "note".into(), "none".into()]
            } else {
                vec![]
            },
            ..Figures::default()
        };
        for i in 0..people {
            f.people.push(PersonFigures {
                id: texts[i % 3].into(),
                name: texts[(i + 1) % 3].into(),
                team: texts[(i + 2) % 3].into(),
                items: f
                    .codes
                    .iter()
                    .map(|_| dec!(1234.565) * Decimal::from(i))
                    .collect(),
                base: dec!(-0.001),
                net: dec!(2951.83),
                kept: if kept {
                    vec![
                        Value::Num(dec!(95.50)),
                        Value::Bool(true),
                        Value::Text("\"x\"".into()),
                        Value::NotGiven,
                    ]
                    .into()
                } else {
                    Box::new([])
                },
            });
        }
        f
    }

    #[test]
    fn people_are_written_as_serde_json_writes_the_whole_manifest() {
        let scheme = SchemeRef {
            id: "s".into(),
            version: "1".into(),
            file: "schemes/s.toml".into(),
            sha256: "0".repeat(64),
        };
        let options = Options {
            scheme: None,
            format: "xlsx".into(),
            encoding: "utf-8".into(),
        };
        let outputs = vec![OutputRef {
            file: "s-2024-05.xlsx".into(),
            sha256: "1".repeat(64),
        }];
        for (people, items, kept) in [
            (0, true, false),
            (1, true, false),
            (3, true, true),
            (2, false, false),
            (4, false, true),
        ] {
            let f = figures(people, items, kept);
            let whole = Manifest::new(
                "2024-05".into(),
                scheme.clone(),
                options.clone(),
                vec![],
                outputs.clone(),
                &f,
                vec![],
            )
            .to_bytes();
            let new = NewManifest {
                manifest: VERSION,
                appraise: env!("CARGO_PKG_VERSION"),
                month: "2024-05",
                scheme: &scheme,
                options: &options,
                inputs: &[],
                outputs: &outputs,
                totals: totals(&f),
                people: PeopleOut(&f),
                closed: None,
                history: &[],
                earlier_months: &[],
            };
            let mut written = Vec::new();
            new.write_to(&mut written).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(whole).unwrap(),
                "{people} people, items {items}, kept {kept}"
            );
        }
    }
}
