//! The `[parameters]` table: named constants, bare (`days = 22`) or declared
//! (`penalty = { value = 25, type = "money" }`), each with the type and display
//! format its declaration gives or, failing one, the way its number is written.

use super::Loader;
use crate::expr::types::Type;
use crate::scheme::doc::{Table, as_decimal};
use crate::scheme::{Format, Param};
use ::toml::de::DeValue;

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
            let Some((value, percent)) =
                as_decimal(self.doc, value_v, &format!("parameter {name}"))
            else {
                continue;
            };
            let (ty, format) = match unit.as_ref().map(|(s, sp)| (s.as_str(), sp)) {
                None if percent => (Type::NUMBER, Format::Percent),
                None => (
                    Type::NUMBER,
                    if value.fract().is_zero() {
                        Format::Integer
                    } else {
                        Format::Number
                    },
                ),
                Some(("money", _)) => (Type::MONEY, Format::Money),
                Some(("percent", _)) => (Type::NUMBER, Format::Percent),
                Some(("number", _)) => (Type::NUMBER, Format::Number),
                Some(("integer", sp)) => {
                    if !value.fract().is_zero() {
                        self.doc.error(
                            &value_v.span(),
                            format!("parameter {name} is declared an integer but is {value}"),
                        );
                    }
                    let _ = sp;
                    (Type::NUMBER, Format::Integer)
                }
                Some((other, sp)) => {
                    self.doc.error(sp, format!("unknown parameter type \"{other}\"; use money, percent, number or integer"));
                    continue;
                }
            };
            if self.name_taken(None, name) {
                self.doc
                    .error(&span, format!("\"{name}\" is already defined"));
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
