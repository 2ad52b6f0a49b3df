//! `[deductions.NAME]`: deduction categories counted from one row per
//! incident (物业客服员月绩效考核表: "违规1起扣k分, 依次累加; 当月发生3起以上,
//! 该分值全扣"). A category worth `points` N loses `per_incident` k per
//! incident, and all N from the `all_from`-th incident of the month.
//!
//! Each category becomes person rules of its own, so 明细, `explain` and the
//! JSON trace them like any figure: `CODE_count` (the incidents counted, with
//! their input rows) and `CODE_lost` (the points lost), read from a band
//! table `CODE_bands` of one row per count (`n = 2 → 扣分 = 4`, `n >= 3 → 扣分
//! = 15`), so the row chosen says whether all N were lost; `NAME` is their
//! sum. Checked here, before any data: k ≤ N, n ≥ 1, k × (n − 1) ≤ N, plain
//! numbers (not money, not percentages), the points adding up to `total`
//! when it is given, and the incidents input and its category column. The
//! column's `one_of` becomes the categories, so an incident of an unknown
//! category is an input error naming file, row, column, value and the
//! categories allowed.

use super::names::listed;
use super::rules::RuleHead;
use super::{Declared, Loader, RuleRole};
use crate::expr::types::Type;
use crate::model::{Level, Value};
use crate::scheme::band::{BandOutput, BandRow, BandTable, Bound, Interval};
use crate::scheme::doc::{Table, Val};
use crate::scheme::{ColumnType, Format, RowsMode};
use ::toml::de::DeValue;
use rust_decimal::Decimal;
use std::ops::Range;

const NUMBER: Declared = Declared {
    format: Format::Number,
    ty: Type::NUMBER,
};
const INTEGER: Declared = Declared {
    format: Format::Integer,
    ty: Type::NUMBER,
};
/// The output of a category's band table: the points lost.
const LOST: &str = "扣分";
/// All N lost from this incident on: more rows than this is a mistake.
const MOST_ALL_FROM: u32 = 100;

/// One category as written, checked.
struct Category {
    name: String,
    code: String,
    /// Points lost per incident (k).
    per_incident: Decimal,
    /// The category's points (N): the most it loses.
    points: Option<Decimal>,
    /// From this incident on the category loses all N (n).
    all_from: Option<Decimal>,
    span: Range<usize>,
}

/// `2.50` → `2.5` (as an expression literal).
fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

impl Loader<'_, '_> {
    pub(super) fn deductions(&mut self, t: &Table) {
        for (name, span, v) in t.entries() {
            self.deduction(name, &span, v);
        }
    }

    fn deduction(&mut self, name: &str, span: &Range<usize>, v: &Val) {
        let keys = [
            "label",
            "incidents",
            "by",
            "categories",
            "total",
            "show",
            "note",
        ];
        let Some((t, what, label)) = self.list_table("deduction", name, span, v, &keys) else {
            return;
        };
        let show = self.show_key(&t, Level::PERSON);
        let source = self.incident_column(&t, &what);
        let total = match t.get("total") {
            Some(tv) => self
                .plain_number(tv, &format!("{what}: total"))
                .map(|d| (d, tv.span())),
            None => None,
        };
        let Some((list_v, list)) = self.list_of(&t, &what, "categories") else {
            return;
        };
        let mut cats: Vec<Category> = Vec::new();
        let mut complete = true;
        for (i, cv) in list.iter().enumerate() {
            match self.category(&what, i, cv) {
                Some(c) => {
                    if cats.iter().any(|o| o.name == c.name) {
                        self.doc.error(
                            &c.span,
                            format!("{what}: category \"{}\" is listed twice", c.name),
                        );
                        complete = false;
                    } else {
                        cats.push(c);
                    }
                }
                None => complete = false,
            }
        }
        if let Some((total, ts)) = &total
            && complete
        {
            self.check_total(&what, &cats, *total, ts);
        }
        let mut terms = Vec::new();
        if let Some((input, column, rows_name, by)) = &source {
            self.categories_allowed(&what, *input, *column, &cats);
            for c in &cats {
                if let Some(lost) = self.category_rules(&what, rows_name, by, c) {
                    terms.push(lost);
                }
            }
        }
        let head = RuleHead {
            level: Level::PERSON,
            slot_name: name,
            label,
            declared: Some(NUMBER),
            role: RuleRole::Field,
            what: what.clone(),
            show,
        };
        let whole = complete && source.is_some() && terms.len() == cats.len();
        let text = whole.then(|| terms.join(" + "));
        self.list_rule(head, text, list_v.span().start, span);
    }

    /// `incidents = "INPUT"` (a `rows = "many"` person input) and `by =
    /// "COLUMN"` (its text column naming the category): (input index,
    /// column index, the rows level's name, the column's name).
    fn incident_column(&mut self, t: &Table, what: &str) -> Option<(usize, usize, String, String)> {
        let (input_name, is) = t.req_string(self.doc, "incidents")?;
        let (by, bs) = t.req_string(self.doc, "by")?;
        let person_rows: Vec<&(String, usize, Level)> = self
            .rows_levels
            .iter()
            .filter(|(_, _, owner)| *owner == Level::PERSON)
            .collect();
        let Some(&&(ref rows_name, input, _)) =
            person_rows.iter().find(|(n, _, _)| *n == input_name)
        else {
            let known = listed(person_rows.iter().map(|(n, _, _)| n.as_str()));
            let also = if self.inputs.iter().any(|i| i.name == input_name) {
                format!(
                    "input {input_name} is not kept as rows: give it rows = \"many\" (one row per incident)"
                )
            } else {
                format!("there is no input {input_name}")
            };
            let known = if known.is_empty() {
                "the scheme has none".to_string()
            } else {
                format!("the scheme has: {known}")
            };
            self.doc.error(
                &is,
                format!(
                    "{what}: incidents = \"{input_name}\": {also}; incidents come from a person input with rows = \"many\" ({known})"
                ),
            );
            return None;
        };
        let rows_name = rows_name.clone();
        let spec = self.inputs.get(input)?;
        debug_assert_eq!(spec.rows, RowsMode::Many);
        let Some(column) = spec.columns.iter().position(|c| c.name == by) else {
            let known = listed(spec.columns.iter().map(|c| c.name.as_str()));
            self.doc.error(
                &bs,
                format!("{what}: input {input_name} has no column \"{by}\" (it has: {known})"),
            );
            return None;
        };
        let ty = spec.columns.get(column)?.ty;
        if !matches!(ty, ColumnType::Text | ColumnType::Id) {
            self.doc.error(
                &bs,
                format!("{what}: column {input_name}.{by} names the category, so it must be text"),
            );
            return None;
        }
        Some((input, column, rows_name, by))
    }

    /// A number written as a TOML number, not money (`"10元"`) nor a percentage.
    fn plain_number(&mut self, v: &Val, what: &str) -> Option<Decimal> {
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
            DeValue::Float(f) => f.as_str(),
            _ => {
                let shown = self.doc.text.get(v.span()).unwrap_or("").to_string();
                self.doc.error(
                    &v.span(),
                    format!("{what} is {shown}: points are a plain number (write 10, not \"10元\" or \"10%\")"),
                );
                return None;
            }
        };
        let d = text.parse::<Decimal>().ok();
        if d.is_none() {
            self.doc
                .error(&v.span(), format!("{what}: {text} is not a number"));
        }
        d
    }

    fn category(&mut self, deduction: &str, i: usize, v: &Val) -> Option<Category> {
        let t = Table::of(self.doc, v, &format!("category {} of {deduction}", i + 1))?;
        t.deny_unknown(
            self.doc,
            &["name", "code", "points", "per_incident", "all_from", "note"],
        );
        let (name, ns) = t.req_string(self.doc, "name")?;
        if name.trim().is_empty() || name.contains(['"', '\\']) {
            self.doc.error(
                &ns,
                format!("{deduction}: category name \"{name}\": write the value as the incidents file has it (not blank, no \" or \\)"),
            );
            return None;
        }
        let what = format!("{deduction}: category {name}");
        let code = match t.string(self.doc, "code") {
            Some((c, cs)) => self.check_name(&c, &cs, "category code").then_some(c)?,
            None if super::names::is_identifier(&name) => name.clone(),
            None => {
                self.doc.error(
                    &ns,
                    format!("{what}: the name is not a name rules can use; give it code = \"…\" (letters, digits and _)"),
                );
                return None;
            }
        };
        let k_v = t.require(self.doc, "per_incident")?;
        let k = self.plain_number(k_v, &format!("{what}: per_incident"))?;
        if k <= Decimal::ZERO {
            self.doc.error(
                &k_v.span(),
                format!("{what}: per_incident must be more than 0"),
            );
            return None;
        }
        let points = match t.get("points") {
            None => None,
            Some(nv) => {
                let n = self.plain_number(nv, &format!("{what}: points"))?;
                if n <= Decimal::ZERO {
                    self.doc
                        .error(&nv.span(), format!("{what}: points must be more than 0"));
                    return None;
                }
                if k > n {
                    self.doc.error(
                        &k_v.span(),
                        format!(
                            "{what}: per_incident {} is more than the category's points {}",
                            num(k),
                            num(n)
                        ),
                    );
                    return None;
                }
                Some(n)
            }
        };
        let all_from = match t.get("all_from") {
            None => None,
            Some(av) => {
                let n = self.plain_number(av, &format!("{what}: all_from"))?;
                if n < Decimal::ONE
                    || n.fract() != Decimal::ZERO
                    || n > Decimal::from(MOST_ALL_FROM)
                {
                    self.doc.error(
                        &av.span(),
                        format!("{what}: all_from = {}: the incident from which all points are lost is a whole number from 1 to {MOST_ALL_FROM}", num(n)),
                    );
                    return None;
                }
                let Some(points) = points else {
                    self.doc.error(
                        &av.span(),
                        format!("{what}: all_from needs points = N (the points all lost)"),
                    );
                    return None;
                };
                let before = k * (n - Decimal::ONE);
                if before > points {
                    self.doc.error_hint(
                        &av.span(),
                        format!(
                            "{what}: {} incidents lose {} × {} = {} points, more than the category's {} before all_from = {} is reached",
                            num(n - Decimal::ONE),
                            num(n - Decimal::ONE),
                            num(k),
                            num(before),
                            num(points),
                            num(n)
                        ),
                        "check points, per_incident and all_from against the source",
                    );
                    return None;
                }
                Some(n)
            }
        };
        Some(Category {
            name,
            code,
            per_incident: k,
            points,
            all_from,
            span: t.span.clone(),
        })
    }

    fn check_total(&mut self, what: &str, cats: &[Category], total: Decimal, ts: &Range<usize>) {
        if let Some(c) = cats.iter().find(|c| c.points.is_none()) {
            self.doc.error(
                ts,
                format!(
                    "{what}: total = {}, but category {} has no points",
                    num(total),
                    c.name
                ),
            );
            return;
        }
        let sum: Decimal = cats.iter().filter_map(|c| c.points).sum();
        if sum != total {
            let listed = cats
                .iter()
                .map(|c| format!("{} {}", c.name, num(c.points.unwrap_or_default())))
                .collect::<Vec<_>>()
                .join(" + ");
            self.doc.error(
                ts,
                format!(
                    "{what}: the categories' points add up to {}, not total = {} ({listed})",
                    num(sum),
                    num(total)
                ),
            );
        }
    }

    /// The category column's allowed values: the categories, unless the
    /// scheme lists them itself (then every category must be among them).
    fn categories_allowed(&mut self, what: &str, input: usize, column: usize, cats: &[Category]) {
        let filled = self.deduction_columns.contains(&(input, column));
        let Some(col) = self
            .inputs
            .get_mut(input)
            .and_then(|i| i.columns.get_mut(column))
        else {
            return;
        };
        if col.one_of.is_empty() || filled {
            for c in cats {
                if !col.one_of.contains(&c.name) {
                    col.one_of.push(c.name.clone());
                }
            }
            self.deduction_columns.push((input, column));
            return;
        }
        let allowed = col.one_of.join(", ");
        let missing: Vec<(String, Range<usize>)> = cats
            .iter()
            .filter(|c| !col.one_of.contains(&c.name))
            .map(|c| (c.name.clone(), c.span.clone()))
            .collect();
        let header = col.header.clone();
        for (name, span) in missing {
            self.doc.error(
                &span,
                format!("{what}: category \"{name}\" is not a value column {header} allows (one_of: {allowed}); leave one_of out and the categories are the values allowed"),
            );
        }
    }

    /// Adds `CODE_count` and `CODE_lost` (with points and all_from, through
    /// the band table `CODE_bands`, so the row chosen is traced: `n = 2 → 扣分
    /// = 4`, `n >= 3 → 扣分 = 15`); gives the name of the last.
    fn category_rules(&mut self, what: &str, rows: &str, by: &str, c: &Category) -> Option<String> {
        let count = format!("{}_count", c.code);
        let text = format!("count({rows}, {by} == \"{}\")", c.name);
        self.generated(&count, format!("{}起数", c.name), INTEGER, text, c, what)?;
        let k = num(c.per_incident);
        let lost_text = match (c.points, c.all_from) {
            (Some(n), Some(from)) => {
                let table = self.category_band(what, c, n, from)?;
                format!("band({table}, {count}).{LOST}")
            }
            (Some(n), None) => format!("min({k} * {count}, {})", num(n)),
            (None, _) => format!("{k} * {count}"),
        };
        let lost = format!("{}_lost", c.code);
        self.generated(&lost, format!("{}扣分", c.name), NUMBER, lost_text, c, what)?;
        Some(lost)
    }

    /// The band table of a category with points N and all_from n: one row per
    /// count below n (k × count), then `n >= all_from` → N.
    fn category_band(
        &mut self,
        what: &str,
        c: &Category,
        points: Decimal,
        all_from: Decimal,
    ) -> Option<String> {
        let name = format!("{}_bands", c.code);
        if !self.claim(
            &name,
            format!("the band table of {what}.{}", c.code),
            &c.span,
        ) {
            return None;
        }
        let at = |v: Decimal| {
            Some(Bound {
                value: v,
                inclusive: true,
            })
        };
        let below = |v: Decimal| {
            Some(Bound {
                value: v,
                inclusive: false,
            })
        };
        let lost = |v: Decimal| vec![Value::Num(v)];
        let mut rows = Vec::new();
        let mut i = Decimal::ZERO;
        while i < all_from {
            rows.push(BandRow {
                interval: Interval {
                    lower: at(i),
                    upper: below(i + Decimal::ONE),
                },
                when: format!("n = {}", num(i)),
                values: lost(c.per_incident * i),
            });
            i += Decimal::ONE;
        }
        rows.push(BandRow {
            interval: Interval {
                lower: at(all_from),
                upper: None,
            },
            when: format!("n >= {}", num(all_from)),
            values: lost(points),
        });
        self.bands.push(BandTable {
            name: name.clone(),
            label: format!(
                "{}（{}分，每起扣{}分，{}起以上全扣）",
                c.name,
                num(points),
                num(c.per_incident),
                num(all_from)
            ),
            var: "n".to_string(),
            arg: Type::NUMBER,
            percent: false,
            domain: Interval {
                lower: at(Decimal::ZERO),
                upper: None,
            },
            outputs: vec![BandOutput {
                name: LOST.to_string(),
                ty: Type::NUMBER,
                percent: false,
            }],
            rows,
        });
        Some(name)
    }

    fn generated(
        &mut self,
        slot: &str,
        label: String,
        declared: Declared,
        text: String,
        c: &Category,
        what: &str,
    ) -> Option<u32> {
        let what = format!("{what}.{}", c.code);
        let expr = self.parse_at(&text, c.span.start, &what);
        self.add_parsed_rule(
            RuleHead {
                level: Level::PERSON,
                slot_name: slot,
                label,
                declared: Some(declared),
                role: RuleRole::Field,
                what,
                show: false,
            },
            text,
            c.span.start,
            expr,
            &c.span,
        )
    }
}
