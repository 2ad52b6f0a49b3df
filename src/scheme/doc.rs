//! A typed walk over a parsed TOML document that keeps every span, so each
//! problem points at the scheme's line and column, every problem is collected
//! (not just the first), unknown keys are refused (a misspelled key in a pay
//! scheme would silently change pay), and numbers are read from their exact
//! text (never through binary floating point).

use crate::diagnostic::{Diagnostic, LineIndex, Location};
use rust_decimal::Decimal;
use std::ops::Range;
use std::str::FromStr;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub type Val<'i> = Spanned<DeValue<'i>>;

/// The document being read and the problems found so far.
pub struct Doc<'t> {
    pub file: String,
    pub text: &'t str,
    pub diags: Vec<Diagnostic>,
    lines: LineIndex,
}

impl<'t> Doc<'t> {
    pub fn new(file: &str, text: &'t str) -> Doc<'t> {
        Doc {
            file: file.to_string(),
            text,
            diags: Vec::new(),
            lines: LineIndex::new(text),
        }
    }

    /// 1-based line and column of a byte offset of the document.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        self.lines.line_col(self.text, offset)
    }

    pub fn location(&self, offset: usize) -> Location {
        let (line, column) = self.line_col(offset);
        Location::Source {
            file: self.file.clone(),
            line,
            column,
        }
    }

    pub fn error(&mut self, span: &Range<usize>, msg: impl Into<crate::i18n::Text>) {
        let loc = self.location(span.start);
        self.diags.push(Diagnostic::error(loc, msg));
    }

    pub fn error_hint(
        &mut self,
        span: &Range<usize>,
        msg: impl Into<crate::i18n::Text>,
        hint: impl Into<crate::i18n::Text>,
    ) {
        let loc = self.location(span.start);
        self.diags.push(Diagnostic::error(loc, msg).with_hint(hint));
    }

    pub fn warning(&mut self, span: &Range<usize>, msg: impl Into<crate::i18n::Text>) {
        let loc = self.location(span.start);
        self.diags.push(Diagnostic::warning(loc, msg));
    }

    /// Where the text of a string value starts in the file (after its opening quotes),
    /// so that positions inside an expression map to file positions.
    pub fn string_content_start(&self, span: &Range<usize>) -> usize {
        let raw = self.text.get(span.start..).unwrap_or("");
        if raw.starts_with("'''") || raw.starts_with("\"\"\"") {
            let after = span.start + 3;
            if self.text.get(after..).is_some_and(|s| s.starts_with('\n')) {
                after + 1
            } else {
                after
            }
        } else {
            span.start + 1
        }
    }
}

/// A table of the document, with the keys it allows.
pub struct Table<'v, 'i> {
    pub map: &'v DeTable<'i>,
    pub span: Range<usize>,
    pub what: String,
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl<'v, 'i> Table<'v, 'i> {
    pub fn of(doc: &mut Doc, v: &'v Val<'i>, what: &str) -> Option<Table<'v, 'i>> {
        match v.get_ref() {
            DeValue::Table(map) => Some(Table {
                map,
                span: v.span(),
                what: what.to_string(),
            }),
            other => {
                doc.error(
                    &v.span(),
                    format!("{what} must be a table, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&'v Val<'i>> {
        self.map
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    /// Every key with its span, in file order.
    pub fn entries(
        &self,
    ) -> impl Iterator<Item = (&'v str, Range<usize>, &'v Val<'i>)> + use<'v, 'i> {
        self.map
            .iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span(), v))
    }

    /// Reports every key not in `allowed`.
    pub fn deny_unknown(&self, doc: &mut Doc, allowed: &[&str]) {
        for (k, span, _) in self.entries() {
            if !allowed.contains(&k) {
                doc.error_hint(
                    &span,
                    crate::msg!("unknown-key", key = k, place = self.what.as_str()),
                    crate::msg!("hint-allowed-keys", keys = allowed.join(", ")),
                );
            }
        }
    }

    pub fn require(&self, doc: &mut Doc, key: &str) -> Option<&'v Val<'i>> {
        let v = self.get(key);
        if v.is_none() {
            doc.error(&self.span, format!("{} needs \"{key}\"", self.what));
        }
        v
    }

    pub fn string(&self, doc: &mut Doc, key: &str) -> Option<(String, Range<usize>)> {
        let v = self.get(key)?;
        as_string(doc, v, &format!("\"{key}\" in {}", self.what))
    }

    pub fn req_string(&self, doc: &mut Doc, key: &str) -> Option<(String, Range<usize>)> {
        let v = self.require(doc, key)?;
        as_string(doc, v, &format!("\"{key}\" in {}", self.what))
    }

    pub fn boolean(&self, doc: &mut Doc, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                doc.error(
                    &v.span(),
                    format!(
                        "\"{key}\" in {} must be true or false, found {}",
                        self.what,
                        type_name(other)
                    ),
                );
                None
            }
        }
    }

    pub fn decimal(&self, doc: &mut Doc, key: &str) -> Option<(Decimal, Range<usize>, bool)> {
        let v = self.get(key)?;
        as_decimal(doc, v, &format!("\"{key}\" in {}", self.what))
            .map(|(d, pct)| (d, v.span(), pct))
    }

    pub fn table(&self, doc: &mut Doc, key: &str, what: &str) -> Option<Table<'v, 'i>> {
        let v = self.get(key)?;
        Table::of(doc, v, what)
    }

    pub fn strings(&self, doc: &mut Doc, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|i| as_string(doc, i, &format!("each entry of \"{key}\"")))
                .collect(),
            other => {
                doc.error(
                    &v.span(),
                    format!(
                        "\"{key}\" in {} must be a list of text, found {}",
                        self.what,
                        type_name(other)
                    ),
                );
                Vec::new()
            }
        }
    }
}

pub fn as_string(doc: &mut Doc, v: &Val, what: &str) -> Option<(String, Range<usize>)> {
    match v.get_ref() {
        DeValue::String(s) => Some((s.to_string(), v.span())),
        other => {
            doc.error(
                &v.span(),
                format!("{what} must be text, found {}", type_name(other)),
            );
            None
        }
    }
}

pub fn as_array<'v, 'i>(doc: &mut Doc, v: &'v Val<'i>, what: &str) -> Option<&'v [Val<'i>]> {
    match v.get_ref() {
        DeValue::Array(items) => Some(items),
        other => {
            doc.error(
                &v.span(),
                format!("{what} must be a list, found {}", type_name(other)),
            );
            None
        }
    }
}

/// A number as written: `22`, `0.95`, `"95%"`, `"4,000.00"`, `"25元"`. Returns the value
/// and whether it was written as a percentage.
pub fn parse_number_text(text: &str) -> Option<(Decimal, bool)> {
    // Thousands separators only in groups of three ("4,000.00"); "2,5" is not 25.
    let trimmed = text.trim();
    let int_part = trimmed.split('.').next().unwrap_or("");
    if int_part.contains(',') {
        let digits = int_part.trim_start_matches(['-', '+', '¥', '￥']);
        let mut groups = digits.split(',');
        let first_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.chars().count()));
        if !first_ok || !groups.all(|g| g.chars().count() == 3) {
            return None;
        }
    }
    let t: String = trimmed.chars().filter(|c| *c != ',' && *c != '_').collect();
    let t = t
        .trim_end_matches('元')
        .trim_start_matches(['¥', '￥'])
        .trim();
    let (t, percent) = match t.strip_suffix(['%', '％']) {
        Some(rest) => (rest.trim(), true),
        None => (t, false),
    };
    let d = Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .ok()?;
    Some(if percent {
        (d / Decimal::ONE_HUNDRED, true)
    } else {
        (d, false)
    })
}

pub fn as_decimal(doc: &mut Doc, v: &Val, what: &str) -> Option<(Decimal, bool)> {
    let parsed = match v.get_ref() {
        DeValue::Integer(i) if i.radix() == 10 => parse_number_text(i.as_str()),
        DeValue::Float(f) => parse_number_text(f.as_str()),
        DeValue::String(s) => parse_number_text(s),
        other => {
            doc.error(
                &v.span(),
                format!("{what} must be a number, found {}", type_name(other)),
            );
            return None;
        }
    };
    if parsed.is_none() {
        let shown = doc.text.get(v.span()).unwrap_or("").to_string();
        doc.error(
            &v.span(),
            format!("{what}: {shown} is not a number (write 25, 0.95 or \"95%\")"),
        );
    }
    parsed
}
