//! The `[scheme]` table: what the scheme is (id, name, version), the months
//! it is in force, and the decimal places amounts are rounded to.

use super::Loader;
use crate::month::Month;
use crate::scheme::doc::Table;
use rust_decimal::prelude::ToPrimitive;

/// The `[scheme]` table, checked.
pub(super) struct Meta {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) version: String,
    pub(super) effective_from: Month,
    pub(super) effective_until: Option<Month>,
    pub(super) rounding_places: u32,
}

impl Loader<'_, '_> {
    pub(super) fn meta(&mut self, t: &Table) -> Option<Meta> {
        t.deny_unknown(
            self.doc,
            &[
                "id",
                "name",
                "version",
                "effective_from",
                "effective_until",
                "rounding",
                "note",
                "extends",
            ],
        );
        if let Some((base, span)) = t.string(self.doc, "extends") {
            self.doc.error(
                &span,
                format!("extends = \"{base}\": a scheme that a variant extends is a whole scheme and cannot extend another (extends works one level deep, for a scheme read from its file)"),
            );
        }
        let id = t.req_string(self.doc, "id").map(|(s, _)| s);
        let name = t.req_string(self.doc, "name").map(|(s, _)| s);
        let version = t
            .string(self.doc, "version")
            .map(|(s, _)| s)
            .unwrap_or_default();
        let mut month = |key: &str, required: bool| -> Option<Option<Month>> {
            let v = if required {
                t.req_string(self.doc, key)
            } else {
                t.string(self.doc, key)
            };
            match v {
                None => Some(None),
                Some((s, span)) => match s.parse::<Month>() {
                    Ok(m) => Some(Some(m)),
                    Err(e) => {
                        self.doc.error(&span, format!("{key}: {e}"));
                        None
                    }
                },
            }
        };
        let from = month("effective_from", true).flatten();
        let until = month("effective_until", false);
        let places = match t.decimal(self.doc, "rounding") {
            None => Some(2),
            Some((d, span, _)) => {
                let places = d
                    .normalize()
                    .to_u32()
                    .filter(|p| d.fract().is_zero() && *p <= 2);
                if places.is_some() {
                    places
                } else {
                    self.doc.error(&span, crate::msg!("rounding-places"));
                    None
                }
            }
        };
        if let (Some(f), Some(Some(u))) = (from, until)
            && u < f
        {
            self.doc.error(
                &t.span,
                format!("effective_until {u} is before effective_from {f}"),
            );
        }
        Some(Meta {
            id: id?,
            name: name?,
            version,
            effective_from: from?,
            effective_until: until?,
            rounding_places: places?,
        })
    }
}
