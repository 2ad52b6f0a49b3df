//! The `[bands.*]` tables: band lookups (`when = "90% <= X < 95%"` rows giving
//! named outputs), checked for coverage of their domain, for values within
//! each output's bounds, and for values that rise the way `better` says.

use super::Loader;
use crate::expr::types::Type;
use crate::model::Value;
use crate::scheme::band::{self, BandOutput, BandRow, BandTable, Interval};
use crate::scheme::doc::{Table, Val, as_array, as_decimal, as_string};
use ::toml::de::DeValue;
use rust_decimal::Decimal;
use std::ops::Range;
use std::sync::Arc;

/// The limits an output's values must stay within, when declared.
#[derive(Clone, Copy, Default)]
struct Bounds {
    min: Option<Decimal>,
    max: Option<Decimal>,
    /// `better = "lower"` on the output: less of it is better (points lost, a
    /// deduction), so it falls as the looked-up value gets better.
    lower_is_better: bool,
}

impl Loader<'_, '_> {
    pub(super) fn band(&mut self, name: &str, span: &Range<usize>, v: &Val) {
        if !self.check_name(name, span, "band table")
            || !self.claim(name, "a band table".into(), span)
        {
            return;
        }
        let Some(t) = Table::of(self.doc, v, &format!("[bands.{name}]")) else {
            return;
        };
        t.deny_unknown(
            self.doc,
            &["label", "domain", "outputs", "rows", "unit", "better"],
        );
        let better = match t.string(self.doc, "better") {
            None => None,
            Some((b, _)) if b == "higher" => Some(true),
            Some((b, _)) if b == "lower" => Some(false),
            Some((b, bs)) => {
                self.doc.error(
                    &bs,
                    format!(
                        "better = \"{b}\": use \"higher\" (a higher value is better) or \"lower\""
                    ),
                );
                None
            }
        };
        let label = t
            .string(self.doc, "label")
            .map(|(s, _)| s)
            .unwrap_or_else(|| name.to_string());
        let arg = match t.string(self.doc, "unit") {
            None => Type::NUMBER,
            Some((u, _)) if u == "money" => Type::MONEY,
            Some((u, _)) if u == "number" => Type::NUMBER,
            Some((u, us)) => {
                self.doc.error(&us, format!("unit = \"{u}\": a band table looks up a \"number\" (the default) or \"money\""));
                Type::NUMBER
            }
        };
        let mut outputs = Vec::new();
        let mut output_bounds = Vec::new();
        if let Some(ot) = t
            .require(self.doc, "outputs")
            .and_then(|o| Table::of(self.doc, o, "outputs"))
        {
            for (oname, ospan, ov) in ot.entries() {
                if !self.check_name(oname, &ospan, "band output") {
                    continue;
                }
                // `per_unit = "money"` or `score = { type = "number", min = 0, max = 100 }`
                let (type_v, bounds) = match ov.get_ref() {
                    DeValue::Table(_) => {
                        let Some(ot) = Table::of(self.doc, ov, &format!("output {oname}")) else {
                            continue;
                        };
                        ot.deny_unknown(self.doc, &["type", "min", "max", "better"]);
                        let lower_is_better = match ot.string(self.doc, "better") {
                            None => false,
                            Some((b, _)) if b == "higher" => false,
                            Some((b, _)) if b == "lower" => true,
                            Some((b, bs)) => {
                                self.doc.error(
                                    &bs,
                                    format!("output {oname}: better = \"{b}\": use \"higher\" (more is better, the default) or \"lower\" (less is better: points lost, a deduction)"),
                                );
                                false
                            }
                        };
                        let Some(tv) = ot.require(self.doc, "type") else {
                            continue;
                        };
                        (
                            tv,
                            Bounds {
                                min: ot.decimal(self.doc, "min").map(|(d, _, _)| d),
                                max: ot.decimal(self.doc, "max").map(|(d, _, _)| d),
                                lower_is_better,
                            },
                        )
                    }
                    _ => (ov, Bounds::default()),
                };
                let Some((ty, ts)) = as_string(self.doc, type_v, &format!("output {oname}")) else {
                    continue;
                };
                let (ty, percent) = match ty.as_str() {
                    "money" => (Type::MONEY, false),
                    "percent" => (Type::NUMBER, true),
                    "number" => (Type::NUMBER, false),
                    "text" => (Type::Text, false),
                    _ => {
                        self.doc.error(
                            &ts,
                            format!("output type \"{ty}\": use money, percent, number or text"),
                        );
                        continue;
                    }
                };
                outputs.push(BandOutput {
                    name: oname.to_string(),
                    ty,
                    percent,
                });
                output_bounds.push(bounds);
            }
        }
        let mut var: Option<String> = None;
        let mut any_percent = false;
        let domain = match t.string(self.doc, "domain") {
            None => Interval::ALL,
            Some((d, ds)) => match band::parse_condition(&d) {
                Ok(c) => {
                    var = Some(c.var);
                    any_percent |= c.percent;
                    c.interval
                }
                Err(e) => {
                    self.doc.error(&ds, format!("domain: {e}"));
                    return;
                }
            },
        };
        let mut rows = Vec::new();
        let mut row_spans = Vec::new();
        let Some(rv) = t.require(self.doc, "rows") else {
            return;
        };
        let Some(items) = as_array(self.doc, rv, "rows") else {
            return;
        };
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let Some(rt) = Table::of(
                self.doc,
                item,
                &format!("row {} of band table {name}", i + 1),
            ) else {
                ok = false;
                continue;
            };
            let mut allowed: Vec<&str> = vec!["when"];
            allowed.extend(outputs.iter().map(|o| o.name.as_str()));
            rt.deny_unknown(self.doc, &allowed);
            let Some((when, ws)) = rt.req_string(self.doc, "when") else {
                ok = false;
                continue;
            };
            let interval = match band::parse_condition(&when) {
                Ok(c) => {
                    match &var {
                        Some(v) if *v != c.var => {
                            self.doc.error(
                                &ws,
                                format!("this row tests \"{}\" but the table tests \"{v}\"", c.var),
                            );
                            ok = false;
                        }
                        Some(_) => {}
                        None => var = Some(c.var),
                    }
                    any_percent |= c.percent;
                    c.interval
                }
                Err(e) => {
                    self.doc.error(&ws, e);
                    ok = false;
                    continue;
                }
            };
            let mut values = Vec::new();
            for o in &outputs {
                let Some(ov) = rt.get(&o.name) else {
                    self.doc.error(
                        &item.span(),
                        format!(
                            "row {} of band table {name} has no value for output \"{}\"",
                            i + 1,
                            o.name
                        ),
                    );
                    ok = false;
                    continue;
                };
                if o.ty == Type::Text {
                    if let Some((s, _)) = as_string(self.doc, ov, &o.name) {
                        values.push(Value::Text(Arc::from(s.as_str())));
                    }
                } else if let Some((d, _)) = as_decimal(self.doc, ov, &o.name) {
                    values.push(Value::Num(d));
                }
            }
            rows.push(BandRow {
                interval,
                when,
                values,
            });
            row_spans.push(item.span());
        }
        if rows.is_empty() {
            self.doc
                .error(&rv.span(), format!("band table {name} has no rows"));
            return;
        }
        let var = var.unwrap_or_else(|| "x".to_string());
        if ok {
            let intervals: Vec<Interval> = rows.iter().map(|r| r.interval.clone()).collect();
            for p in band::check_coverage(&var, &domain, &intervals, any_percent) {
                let span = p
                    .rows
                    .last()
                    .and_then(|r| row_spans.get(*r))
                    .cloned()
                    .unwrap_or_else(|| rv.span());
                self.doc.error(
                    &span,
                    crate::msg!("band-table", name = name, problem = p.message.as_str()),
                );
            }
            self.band_values(name, &rows, &row_spans, &outputs, &output_bounds, better);
        }
        self.bands.push(BandTable {
            name: name.to_string(),
            label,
            var,
            arg,
            percent: any_percent,
            domain,
            outputs,
            rows,
        });
    }

    /// Output values within their declared bounds, and rising (or falling) as
    /// the looked-up value gets better when the table says which way is better.
    fn band_values(
        &mut self,
        name: &str,
        rows: &[BandRow],
        row_spans: &[Range<usize>],
        outputs: &[BandOutput],
        bounds: &[Bounds],
        better: Option<bool>,
    ) {
        for (o, out) in outputs.iter().enumerate() {
            let Bounds {
                min,
                max,
                lower_is_better,
            } = bounds.get(o).copied().unwrap_or_default();
            let value = |r: &BandRow| match r.values.get(o) {
                Some(Value::Num(d)) => Some(*d),
                _ => None,
            };
            for (i, r) in rows.iter().enumerate() {
                let Some(v) = value(r) else { continue };
                let span = row_spans.get(i).cloned().unwrap_or(0..0);
                let show = |d: Decimal| band::show(d, out.percent);
                if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
                    let range = format!(
                        "{} to {}",
                        min.map_or("-∞".to_string(), show),
                        max.map_or("∞".to_string(), show)
                    );
                    self.doc.error(
                        &span,
                        crate::msg!(
                            "band-table",
                            name = name,
                            problem = crate::msg!(
                                "band-output-outside",
                                row = i + 1,
                                output = out.name.as_str(),
                                value = show(v),
                                range = range
                            )
                        ),
                    );
                }
            }
            let Some(higher) = better else { continue };
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by_key(|&i| rows.get(i).map(|r| r.interval.start()));
            for pair in order.windows(2) {
                let [a, b] = pair else { continue };
                let (Some(ra), Some(rb)) = (rows.get(*a), rows.get(*b)) else {
                    continue;
                };
                let (Some(va), Some(vb)) = (value(ra), value(rb)) else {
                    continue;
                };
                // b holds higher values than a; the output should rise with
                // what is better, or fall when less of it is better.
                let rises = higher != lower_is_better;
                let wrong = if rises { vb < va } else { vb > va };
                if wrong {
                    let (worse, better_row) = if higher { (a, b) } else { (b, a) };
                    let span = row_spans.get(*better_row).cloned().unwrap_or(0..0);
                    let key = match (lower_is_better, higher) {
                        (true, true) => "band-not-monotonic-more-higher",
                        (true, false) => "band-not-monotonic-more-lower",
                        (false, true) => "band-not-monotonic-less-higher",
                        (false, false) => "band-not-monotonic-less-lower",
                    };
                    self.doc.error(
                        &span,
                        crate::msg!(
                            "band-table",
                            name = name,
                            problem = crate::i18n::Msg::new(key)
                                .arg("row", better_row + 1)
                                .arg(
                                    "when",
                                    rows.get(*better_row).map_or("", |r| r.when.as_str())
                                )
                                .arg("output", out.name.as_str())
                                .arg("other", worse + 1)
                                .arg(
                                    "other_when",
                                    rows.get(*worse).map_or("", |r| r.when.as_str())
                                )
                        ),
                    );
                }
            }
        }
    }
}
