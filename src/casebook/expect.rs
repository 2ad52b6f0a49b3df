//! Reading what a case expects of its people and teams: amounts (text with
//! two decimals), values of the level by name or label, band rows, flags —
//! each name resolved against the scheme, each problem at its line.

use super::load::Reader;
use super::{Check, Figure, PersonCheck, TeamCheck, Want};
use crate::model::Level;
use crate::scheme::Format;
use crate::scheme::doc::{Table, Val, as_string, parse_number_text};
use std::ops::Range;
use toml::de::DeValue;

impl Reader<'_, '_, '_> {
    pub(super) fn person(&mut self, t: &Table) -> Option<PersonCheck> {
        t.deny_unknown(
            self.doc,
            &[
                "id",
                "name",
                "base",
                "bonus",
                "deduction",
                "net",
                "items",
                "values",
                "bands",
                "flags",
            ],
        );
        let (id, _) = t.req_string(self.doc, "id")?;
        let name = t.string(self.doc, "name").map(|(s, _)| s);
        let mut checks = Vec::new();
        for (key, figure) in [
            ("base", Figure::Base),
            ("bonus", Figure::Bonus),
            ("deduction", Figure::Deduction),
            ("net", Figure::Net),
        ] {
            if let Some(v) = t.get(key) {
                self.amount(v, figure, &mut checks);
            }
        }
        if t.get("net").is_none() {
            self.doc.error(
                &t.span,
                format!("person {id}: give the expected net (应发合计), e.g. net = \"4385.00\""),
            );
        }
        if let Some(items) = t.table(self.doc, "items", "items") {
            for (key, span, v) in items.entries() {
                let s = self.scheme;
                match s.items.iter().position(|i| i.code == key || i.label == key) {
                    Some(i) => self.amount(v, Figure::Item(i), &mut checks),
                    None => self.unknown(
                        &span,
                        "item",
                        key,
                        s.items.iter().map(|i| format!("{} ({})", i.label, i.code)),
                    ),
                }
            }
        }
        self.values(t, Level::PERSON, &mut checks);
        self.bands(t, &mut checks);
        let flags = self.flags(t, Level::PERSON);
        Some(PersonCheck {
            id,
            line: self.line(&t.span),
            name,
            checks,
            flags,
        })
    }

    pub(super) fn team(&mut self, t: &Table) -> Option<TeamCheck> {
        t.deny_unknown(self.doc, &["id", "values", "bands", "flags"]);
        let (id, _) = t.req_string(self.doc, "id")?;
        let mut checks = Vec::new();
        self.values(t, Level::TEAM, &mut checks);
        self.bands(t, &mut checks);
        let flags = self.flags(t, Level::TEAM);
        Some(TeamCheck {
            id,
            line: self.line(&t.span),
            checks,
            flags,
        })
    }

    fn unknown(
        &mut self,
        span: &Range<usize>,
        what: &str,
        key: &str,
        known: impl Iterator<Item = String>,
    ) {
        let known: Vec<String> = known.collect();
        self.doc.error_hint(
            span,
            format!("scheme {} has no {what} \"{key}\"", self.scheme.id),
            format!("its {what}s: {}", known.join(", ")),
        );
    }

    /// An amount: text with two decimals, compared as text.
    fn amount(&mut self, v: &Val, figure: Figure, checks: &mut Vec<Check>) {
        let line = self.line(&v.span());
        let DeValue::String(s) = v.get_ref() else {
            let shown = self.doc.text.get(v.span()).unwrap_or("").to_string();
            self.doc.error(
                &v.span(),
                format!(
                    "write an amount as text with two decimals: \"{shown}\" → \"{}\"",
                    two_decimals(&shown)
                ),
            );
            return;
        };
        let well_formed = {
            let digits = s.strip_prefix('-').unwrap_or(s);
            digits.split_once('.').is_some_and(|(i, f)| {
                !i.is_empty()
                    && i.bytes().all(|b| b.is_ascii_digit())
                    && f.len() == 2
                    && f.bytes().all(|b| b.is_ascii_digit())
            })
        };
        if !well_formed {
            self.doc.error(
                &v.span(),
                format!(
                    "amount \"{s}\" must be written with two decimals, as \"{}\"",
                    two_decimals(s)
                ),
            );
            return;
        }
        checks.push(Check {
            figure,
            want: Want::Amount(s.to_string()),
            line,
        });
    }

    /// `values = { name_or_label = expected }` of the level's slots.
    fn values(&mut self, t: &Table, level: Level, checks: &mut Vec<Check>) {
        let Some(values) = t.table(self.doc, "values", "values") else {
            return;
        };
        let slots = self.scheme.slots(level);
        for (key, span, v) in values.entries() {
            let found = slots
                .iter()
                .position(|d| d.name == key)
                .or_else(|| slots.iter().position(|d| d.label == key));
            let Some(slot) = found else {
                let what = if level == Level::PERSON {
                    "person value"
                } else {
                    "team value"
                };
                self.unknown(&span, what, key, slots.iter().map(|d| d.name.clone()));
                continue;
            };
            let format = slots.get(slot).map_or(Format::Number, |d| d.format);
            if let Some(want) = self.want(v, format) {
                checks.push(Check {
                    figure: Figure::Slot(slot as u32),
                    want,
                    line: self.line(&v.span()),
                });
            }
        }
    }

    /// A value as expected: yes/no, text, or an exact number.
    fn want(&mut self, v: &Val, format: Format) -> Option<Want> {
        let text = self.doc.text.get(v.span()).unwrap_or("").to_string();
        match (v.get_ref(), format) {
            (DeValue::Boolean(b), _) => Some(Want::Bool(*b)),
            (DeValue::String(s), Format::YesNo) if s == "是" || s == "否" => {
                Some(Want::Bool(s == "是"))
            }
            (DeValue::String(s), _) if s == "未提供" => Some(Want::Text(s.to_string())),
            (DeValue::String(s), Format::Text | Format::Date) => Some(Want::Text(s.to_string())),
            (DeValue::String(s), _) => match exact_number(s) {
                Some(d) => Some(Want::Number(d, s.to_string())),
                None => {
                    self.doc.error(
                        &v.span(),
                        format!("\"{s}\" is not a number (write 0.95, \"95%\" or a fraction \"182/190\")"),
                    );
                    None
                }
            },
            (DeValue::Integer(_) | DeValue::Float(_), _) => match parse_number_text(&text) {
                Some((d, _)) => Some(Want::Number(d, text)),
                None => {
                    self.doc.error(&v.span(), format!("{text} is not a number"));
                    None
                }
            },
            _ => {
                self.doc.error(
                    &v.span(),
                    "an expected value is text, a number or true/false",
                );
                None
            }
        }
    }

    /// `bands = { table = "condition" }`: the row chosen.
    fn bands(&mut self, t: &Table, checks: &mut Vec<Check>) {
        let Some(bands) = t.table(self.doc, "bands", "bands") else {
            return;
        };
        for (key, span, v) in bands.entries() {
            let s = self.scheme;
            let Some(table) = s.bands.iter().position(|b| b.name == key || b.label == key) else {
                self.unknown(
                    &span,
                    "band table",
                    key,
                    s.bands.iter().map(|b| b.name.clone()),
                );
                continue;
            };
            if let Some((when, _)) = as_string(self.doc, v, &format!("band \"{key}\"")) {
                checks.push(Check {
                    figure: Figure::Band(table),
                    want: Want::Text(when),
                    line: self.line(&v.span()),
                });
            }
        }
    }

    /// `flags = ["label or code", …]`: exactly the flags raised.
    fn flags(&mut self, t: &Table, level: Level) -> Vec<usize> {
        let mut out = Vec::new();
        for (key, span) in t.strings(self.doc, "flags") {
            let s = self.scheme;
            match s
                .flags
                .iter()
                .position(|f| f.level == level && (f.code == key || f.label == key))
            {
                Some(i) => out.push(i),
                None => self.unknown(
                    &span,
                    "flag",
                    &key,
                    s.flags
                        .iter()
                        .filter(|f| f.level == level)
                        .map(|f| format!("{} ({})", f.label, f.code)),
                ),
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// `"95%"`, `"0.95"`, `"182/190"` (numerator and denominator each a number).
pub fn exact_number(s: &str) -> Option<rust_decimal::Decimal> {
    match s.split_once('/') {
        Some((a, b)) => {
            let (a, _) = parse_number_text(a)?;
            let (b, _) = parse_number_text(b)?;
            a.checked_div(b)
        }
        None => parse_number_text(s).map(|(d, _)| d),
    }
}

/// `315` → `315.00`, for a hint.
fn two_decimals(s: &str) -> String {
    parse_number_text(s).map_or_else(
        || "0.00".to_string(),
        |(d, _)| crate::money::format_cents(d),
    )
}

#[cfg(test)]
mod tests {
    use super::exact_number;
    use rust_decimal_macros::dec;

    #[test]
    fn expected_numbers_are_exact() {
        assert_eq!(exact_number("95%"), Some(dec!(0.95)));
        assert_eq!(exact_number("0.9995"), Some(dec!(0.9995)));
        // A fraction is the quotient to 28 digits, as the engine divides.
        assert_eq!(exact_number("182/190"), Some(dec!(182) / dec!(190)));
        assert_eq!(exact_number("1/0"), None);
        assert_eq!(exact_number("A"), None);
    }
}
