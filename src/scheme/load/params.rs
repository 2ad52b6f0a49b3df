//! The `[parameters]` table: named constants, bare (`days = 22`, `cap = true`)
//! or declared (`penalty = { value = 25, type = "money" }`), each with the type
//! and display format its declaration gives or, failing one, the way its value
//! is written. Numbers, yes/no (`type = "yes/no"`, `true`/`false`) and text
//! (`type = "text"`). [`param_value`] also reads a variant's overrides.

use super::Loader;
use crate::expr::types::Type;
use crate::model::Value;
use crate::scheme::doc::{Doc, Table, Val, as_decimal};
use crate::scheme::{Format, Param};
use ::toml::de::DeValue;
use std::ops::Range;

/// The parameter types, as `type = "…"` names them.
pub(super) const PARAM_TYPES: &str = "money, percent, number, integer, yes/no or text";

/// The type and format `type = "…"` declares, or `None` (reported) for an unknown one.
pub(super) fn declared_type(
    doc: &mut Doc,
    ty: &str,
    span: &Range<usize>,
) -> Option<(Type, Format)> {
    Some(match ty {
        "money" => (Type::MONEY, Format::Money),
        "percent" => (Type::NUMBER, Format::Percent),
        "number" => (Type::NUMBER, Format::Number),
        "integer" => (Type::NUMBER, Format::Integer),
        "yes/no" => (Type::Bool, Format::YesNo),
        "text" => (Type::Text, Format::Text),
        other => {
            doc.error(
                span,
                crate::msg!("param-unknown-type", kind = other, types = PARAM_TYPES),
            );
            return None;
        }
    })
}

/// Reads a parameter's value as `format` says (a number, yes/no or text).
pub(super) fn param_value(doc: &mut Doc, name: &str, v: &Val, format: Format) -> Option<Value> {
    match format {
        Format::YesNo => match v.get_ref() {
            DeValue::Boolean(b) => Some(Value::Bool(*b)),
            _ => {
                let shown = doc.text.get(v.span()).unwrap_or("").to_string();
                doc.error(
                    &v.span(),
                    crate::msg!("param-not-bool", name = name, shown = shown),
                );
                None
            }
        },
        Format::Text => match v.get_ref() {
            DeValue::String(s) => Some(Value::Text(s.as_ref().into())),
            _ => {
                let shown = doc.text.get(v.span()).unwrap_or("").to_string();
                doc.error(
                    &v.span(),
                    crate::msg!("param-not-text", name = name, shown = shown),
                );
                None
            }
        },
        _ => {
            let (value, _) = as_decimal(doc, v, &format!("parameter {name}"))?;
            if format == Format::Integer && !value.fract().is_zero() {
                doc.error(
                    &v.span(),
                    crate::msg!("param-not-integer", name = name, value = value.to_string()),
                );
            }
            Some(Value::Num(value))
        }
    }
}

impl Loader<'_, '_> {
    pub(super) fn parameters(&mut self, t: &Table) {
        for (name, span, v) in t.entries() {
            if !self.check_name(name, &span, "parameter") {
                continue;
            }
            let (value_v, label, unit) = match v.get_ref() {
                DeValue::Table(_) => {
                    let Some(pt) = Table::of(self.doc, v, &format!("parameter {name}")) else {
                        continue;
                    };
                    pt.deny_unknown(self.doc, &["value", "label", "type"]);
                    let label = pt
                        .string(self.doc, "label")
                        .map(|(s, _)| s)
                        .unwrap_or_else(|| name.to_string());
                    let unit = pt.string(self.doc, "type");
                    let Some(value) = pt.require(self.doc, "value") else {
                        continue;
                    };
                    (value, label, unit)
                }
                _ => (v, name.to_string(), None),
            };
            let (ty, format) = match &unit {
                Some((s, sp)) => match declared_type(self.doc, s, sp) {
                    Some(t) => t,
                    None => continue,
                },
                None => match value_v.get_ref() {
                    DeValue::Boolean(_) => (Type::Bool, Format::YesNo),
                    _ => {
                        let Some((value, percent)) =
                            as_decimal(self.doc, value_v, &format!("parameter {name}"))
                        else {
                            continue;
                        };
                        if percent {
                            (Type::NUMBER, Format::Percent)
                        } else if value.fract().is_zero() {
                            (Type::NUMBER, Format::Integer)
                        } else {
                            (Type::NUMBER, Format::Number)
                        }
                    }
                },
            };
            let Some(value) = param_value(self.doc, name, value_v, format) else {
                continue;
            };
            if !self.claim(name, "a parameter".into(), &span) {
                continue;
            }
            self.params.insert(
                name.to_string(),
                Param {
                    name: name.to_string(),
                    label,
                    value,
                    ty,
                    format,
                },
            );
        }
    }
}
