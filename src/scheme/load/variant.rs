//! Scheme variants: a file whose `[scheme]` says `extends = "base.toml"` (a
//! scheme file beside it) is that scheme with its own `[scheme]` id, name,
//! version and months, and its own values for some of the base's
//! `[parameters]` — nothing else. Problems are reported in the file they are
//! in: the base's at the base's lines, the variant's at the variant's.

use super::params::param_value;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::month::Month;
use crate::scheme::Scheme;
use crate::scheme::doc::{Doc, Table, Val};
use ::toml::de::{DeTable, DeValue};
use std::ops::Range;
use std::path::Path;

/// The `extends = "…"` of a scheme's `[scheme]` table, with its span, if any.
pub(super) fn extends_of(text: &str) -> Option<(String, Range<usize>)> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return None;
    }
    let root = root.into_inner();
    let (_, scheme) = root.iter().find(|(k, _)| k.get_ref() == "scheme")?;
    let DeValue::Table(t) = scheme.get_ref() else {
        return None;
    };
    let (_, v) = t.iter().find(|(k, _)| k.get_ref() == "extends")?;
    match v.get_ref() {
        DeValue::String(s) => Some((s.to_string(), v.span())),
        _ => None,
    }
}

fn file_error(file: &str, msg: impl Into<crate::i18n::Text>) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(
        Location::File {
            file: file.to_string(),
        },
        msg,
    )])
}

/// Loads the variant at `path` (shown as `display`) whose text is `text`.
pub(super) fn load_variant(
    path: &Path,
    display: &str,
    text: &str,
    (base, base_span): (String, Range<usize>),
) -> Result<(Scheme, Vec<Diagnostic>), Diagnostics> {
    let mut doc = Doc::new(display, text);
    if base.is_empty()
        || base.contains(['/', '\\'])
        || base == ".."
        || base == "."
        || Path::new(&base).is_absolute()
    {
        doc.error(
            &base_span,
            crate::msg!("extends-not-file-name", base = &base),
        );
        return Err(Diagnostics(doc.diags));
    }
    let base_display = match display.rfind(['/', '\\']) {
        Some(i) => format!("{}{base}", display.get(..=i).unwrap_or("")),
        None => base.clone(),
    };
    let base_path = path.parent().unwrap_or(Path::new("")).join(&base);
    let base_text = match std::fs::read(&base_path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Err(file_error(&base_display, crate::msg!("scheme-not-utf8")));
            }
        },
        Err(e) => {
            doc.error(
                &base_span,
                crate::msg!(
                    "extends-unreadable",
                    base = &base,
                    file = &base_display,
                    problem = e.to_string()
                ),
            );
            return Err(Diagnostics(doc.diags));
        }
    };
    let loaded = super::load(&base_display, &base_text);

    let (root, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        doc.error(
            &span,
            crate::msg!("toml-syntax", problem = e.message().trim()),
        );
    }
    if !errors.is_empty() {
        return Err(Diagnostics(doc.diags));
    }
    let root_val: Val = ::toml::Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let (mut scheme, mut warnings, base_errors) = match loaded {
        Ok((s, w)) => (Some(s), w, Vec::new()),
        Err(d) => {
            let (errors, warnings): (Vec<_>, Vec<_>) =
                d.0.into_iter().partition(Diagnostic::is_error);
            (None, warnings, errors)
        }
    };
    if let Some(root) = Table::of(&mut doc, &root_val, "the scheme") {
        root.deny_unknown(&mut doc, &["scheme", "parameters"]);
        if let Some(t) = root.table(&mut doc, "scheme", "[scheme]") {
            meta(&mut doc, &t, scheme.as_mut());
        }
        if let Some(t) = root.table(&mut doc, "parameters", "[parameters]") {
            parameters(&mut doc, &t, &base_display, scheme.as_mut());
        }
    }
    let (errors, own_warnings): (Vec<_>, Vec<_>) =
        doc.diags.into_iter().partition(Diagnostic::is_error);
    warnings.extend(own_warnings);
    match scheme {
        Some(mut s) if errors.is_empty() => {
            s.file = display.to_string();
            let mut both = text.as_bytes().to_vec();
            both.extend_from_slice(base_text.as_bytes());
            s.sha256 = crate::digest::sha256_hex(&both);
            Ok((s, warnings))
        }
        _ => Err(Diagnostics(
            errors
                .into_iter()
                .chain(base_errors)
                .chain(warnings)
                .collect(),
        )),
    }
}

/// The variant's `[scheme]`: `extends`, its own `id`, and optionally `name`,
/// `version`, `effective_from`, `effective_until`.
fn meta(doc: &mut Doc, t: &Table, scheme: Option<&mut Scheme>) {
    t.deny_unknown(
        doc,
        &[
            "extends",
            "id",
            "name",
            "version",
            "effective_from",
            "effective_until",
            "note",
        ],
    );
    let id = t.req_string(doc, "id");
    let name = t.string(doc, "name");
    let version = t.string(doc, "version");
    let mut month = |key: &str| -> Option<Month> {
        let (s, span) = t.string(doc, key)?;
        match s.parse::<Month>() {
            Ok(m) => Some(m),
            Err(e) => {
                doc.error(&span, format!("{key}: {e}"));
                None
            }
        }
    };
    let from = month("effective_from");
    let until = month("effective_until");
    let Some(s) = scheme else { return };
    if let Some((id, _)) = id {
        s.id = id;
    }
    if let Some((name, _)) = name {
        s.name = name;
    }
    if let Some((version, _)) = version {
        s.version = version;
    }
    if let Some(f) = from {
        s.effective_from = f;
    }
    if until.is_some() {
        s.effective_until = until;
    }
    if let Some(u) = s.effective_until
        && u < s.effective_from
    {
        doc.error(
            &t.span,
            crate::msg!(
                "until-before-from",
                until = u.to_string(),
                from = s.effective_from.to_string()
            ),
        );
    }
}

/// The variant's `[parameters]`: new values for parameters of the base, each
/// read as the base declares it (money, percent, number, integer, yes/no, text).
fn parameters(doc: &mut Doc, t: &Table, base: &str, scheme: Option<&mut Scheme>) {
    let Some(s) = scheme else { return };
    for (name, span, v) in t.entries() {
        let value_v = match v.get_ref() {
            DeValue::Table(_) => {
                let Some(pt) = Table::of(doc, v, &format!("parameter {name}")) else {
                    continue;
                };
                pt.deny_unknown(doc, &["value", "note"]);
                let Some(value) = pt.require(doc, "value") else {
                    continue;
                };
                value
            }
            _ => v,
        };
        let Some(p) = s.params.iter_mut().find(|p| p.name == name) else {
            let known = s
                .params
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            doc.error_hint(
                &span,
                crate::msg!("variant-unknown-parameter", name = name, base = base),
                crate::msg!("variant-base-has", base = base, known = known),
            );
            continue;
        };
        if let Some(value) = param_value(doc, name, value_v, p.format) {
            p.value = value;
        }
    }
}
