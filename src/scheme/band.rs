//! Band tables (档位表): ordered intervals of one value, each with outputs.
//!
//! Each row's interval is written as a clerk reads it: `X1 < 90%`,
//! `90% <= X1 < 95%`, `X1 = 100%`, `30 < T <= 45`. A table is checked when the
//! scheme is loaded: every row non-empty, rows listed in order, no two rows
//! holding the same value (overlap), and together covering the whole declared
//! domain (no gap). A table that passes finds exactly one row for every value
//! in its domain.

use crate::expr::lexer::{Tok, lex};
use crate::expr::types::Type;
use crate::model::Value;
use rust_decimal::Decimal;
use std::str::FromStr;

mod find;

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

/// A position on the number line between values: just before or just after a value.
/// An interval covers the positions `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edge {
    NegInf,
    At(Decimal, bool),
    PosInf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interval {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
}

impl Interval {
    pub const ALL: Interval = Interval {
        lower: None,
        upper: None,
    };

    pub fn start(&self) -> Edge {
        match self.lower {
            None => Edge::NegInf,
            Some(b) => Edge::At(b.value, !b.inclusive),
        }
    }

    pub fn end(&self) -> Edge {
        match self.upper {
            None => Edge::PosInf,
            Some(b) => Edge::At(b.value, b.inclusive),
        }
    }

    pub fn contains(&self, x: Decimal) -> bool {
        self.starts_by(x) && self.ends_after(x)
    }
}

#[derive(Clone, Debug)]
pub struct BandOutput {
    pub name: String,
    pub ty: Type,
    /// Shown as a percentage.
    pub percent: bool,
}

#[derive(Clone, Debug)]
pub struct BandRow {
    pub interval: Interval,
    /// The row's condition as written, e.g. `95% <= X1 < 100%`.
    pub when: String,
    pub values: Vec<Value>,
}

#[derive(Clone, Debug)]
pub struct BandTable {
    pub name: String,
    pub label: String,
    pub var: String,
    pub arg: Type,
    pub percent: bool,
    pub domain: Interval,
    pub outputs: Vec<BandOutput>,
    pub rows: Vec<BandRow>,
}

impl BandTable {
    pub fn value(&self, row: usize, output: usize) -> Option<&Value> {
        self.rows.get(row)?.values.get(output)
    }

    pub fn domain_text(&self) -> String {
        describe(
            &self.var,
            self.domain.start(),
            self.domain.end(),
            self.percent,
        )
    }
}

/// Formats a threshold as the table wrote it: `0.95` → `95%` in a percent table.
pub fn show(v: Decimal, percent: bool) -> String {
    if percent {
        match v.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => format!("{}%", p.normalize()),
            None => v.normalize().to_string(),
        }
    } else {
        v.normalize().to_string()
    }
}

/// Text for the positions `[start, end)`: `97% < R < 98%`, `X1 = 100%`, `X1 >= 75%`.
pub fn describe(var: &str, start: Edge, end: Edge, percent: bool) -> String {
    if let (Edge::At(a, false), Edge::At(b, true)) = (start, end)
        && a == b
    {
        return format!("{var} = {}", show(a, percent));
    }
    let lower = match start {
        Edge::At(v, after) => Some(format!(
            "{} {} ",
            show(v, percent),
            if after { "<" } else { "<=" }
        )),
        _ => None,
    };
    let upper = match end {
        Edge::At(v, after) => Some(format!(
            " {} {}",
            if after { "<=" } else { "<" },
            show(v, percent)
        )),
        _ => None,
    };
    match (lower, upper) {
        (None, None) => format!("any {var}"),
        (l, u) => format!("{}{var}{}", l.unwrap_or_default(), u.unwrap_or_default()),
    }
}

/// What a condition text says: its variable, interval and whether it used `%`.
#[derive(Debug, PartialEq, Eq)]
pub struct Condition {
    pub var: String,
    pub interval: Interval,
    pub percent: bool,
}

/// Parses `X1 < 90%`, `90% <= X1 < 95%`, `X1 = 100%`, `X1 >= 75%`, `30 < T <= 45`,
/// `0% <= X1 <= 100%` and the same with `≤ ≥`.
pub fn parse_condition(text: &str) -> Result<Condition, String> {
    let toks = lex(text).map_err(|e| e.message)?;
    let mut items: Vec<Item> = Vec::new();
    let mut percent = false;
    let mut i = 0;
    while let Some((t, _)) = toks.get(i) {
        i += 1;
        match t {
            Tok::Minus | Tok::Number(_) => {
                let (neg, num) = if *t == Tok::Minus {
                    let Some((Tok::Number(n), _)) = toks.get(i) else {
                        return Err(format!("\"{text}\": a number must follow \"-\""));
                    };
                    i += 1;
                    (true, n)
                } else if let Tok::Number(n) = t {
                    (false, n)
                } else {
                    continue;
                };
                let mut v =
                    Decimal::from_str(num).map_err(|_| format!("\"{num}\" is not a number"))?;
                if neg {
                    v = -v;
                }
                match toks.get(i).map(|(t, _)| t) {
                    Some(Tok::Percent) => {
                        i += 1;
                        percent = true;
                        v /= Decimal::ONE_HUNDRED;
                    }
                    Some(Tok::Yuan) => i += 1,
                    _ => {}
                }
                items.push(Item::Num(v));
            }
            Tok::Ident(name) => items.push(Item::Var(name.clone())),
            Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge | Tok::Eq => items.push(Item::Op(t.clone())),
            other => return Err(format!("\"{text}\": unexpected {}", other.describe())),
        }
    }
    let shape = "write it like \"X < 90%\", \"90% <= X < 95%\", \"X = 100%\" or \"X >= 75%\"";
    let bad = || format!("\"{text}\" is not a band condition; {shape}");
    let bound = |op: &Tok, v: Decimal, var_on_left: bool| -> Result<(bool, Bound), String> {
        // Returns (is_lower_bound, bound)
        let (lower, inclusive) = match (op, var_on_left) {
            (Tok::Lt, true) | (Tok::Gt, false) => (false, false),
            (Tok::Le, true) | (Tok::Ge, false) => (false, true),
            (Tok::Gt, true) | (Tok::Lt, false) => (true, false),
            (Tok::Ge, true) | (Tok::Le, false) => (true, true),
            _ => return Err(bad()),
        };
        Ok((
            lower,
            Bound {
                value: v,
                inclusive,
            },
        ))
    };
    let mut interval = Interval::ALL;
    let var = match items.as_slice() {
        [Item::Var(x), Item::Op(Tok::Eq), Item::Num(v)]
        | [Item::Num(v), Item::Op(Tok::Eq), Item::Var(x)] => {
            let b = Some(Bound {
                value: *v,
                inclusive: true,
            });
            interval = Interval { lower: b, upper: b };
            x.clone()
        }
        [Item::Var(x), Item::Op(op), Item::Num(v)] => {
            let (lower, b) = bound(op, *v, true)?;
            if lower {
                interval.lower = Some(b);
            } else {
                interval.upper = Some(b);
            }
            x.clone()
        }
        [Item::Num(v), Item::Op(op), Item::Var(x)] => {
            let (lower, b) = bound(op, *v, false)?;
            if lower {
                interval.lower = Some(b);
            } else {
                interval.upper = Some(b);
            }
            x.clone()
        }
        [
            Item::Num(a),
            Item::Op(op1),
            Item::Var(x),
            Item::Op(op2),
            Item::Num(b),
        ] => {
            let (l1, b1) = bound(op1, *a, false)?;
            let (l2, b2) = bound(op2, *b, true)?;
            if l1 == l2 {
                return Err(format!(
                    "\"{text}\": both comparisons point the same way; {shape}"
                ));
            }
            if l1 {
                interval = Interval {
                    lower: Some(b1),
                    upper: Some(b2),
                };
            } else {
                interval = Interval {
                    lower: Some(b2),
                    upper: Some(b1),
                };
            }
            x.clone()
        }
        _ => return Err(bad()),
    };
    Ok(Condition {
        var,
        interval,
        percent,
    })
}

enum Item {
    Num(Decimal),
    Var(String),
    Op(Tok),
}

/// A problem with the rows of a table; `rows` are 0-based indices of the rows concerned.
#[derive(Debug, PartialEq, Eq)]
pub struct CoverageProblem {
    pub rows: Vec<usize>,
    pub message: String,
}

/// Checks that the rows are non-empty, in order (ascending or descending),
/// inside the domain, without overlaps and without gaps.
pub fn check_coverage(
    var: &str,
    domain: &Interval,
    rows: &[Interval],
    percent: bool,
) -> Vec<CoverageProblem> {
    let mut problems = Vec::new();
    let d = |s, e| describe(var, s, e, percent);
    for (i, r) in rows.iter().enumerate() {
        if r.start() >= r.end() {
            problems.push(CoverageProblem {
                rows: vec![i],
                message: format!("row {} holds no value at all", i + 1),
            });
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let ascending = rows
        .windows(2)
        .all(|w| matches!(w, [a, b] if a.start() <= b.start()));
    let descending = rows
        .windows(2)
        .all(|w| matches!(w, [a, b] if a.start() >= b.start()));
    if !ascending && !descending {
        problems.push(CoverageProblem {
            rows: Vec::new(),
            message: "the rows are not in order; list them from the lowest band to the highest, or the reverse".into(),
        });
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let (dstart, dend) = (domain.start(), domain.end());
    order.sort_by_key(|&i| {
        (
            rows.get(i)
                .map(|r| if r.lower.is_none() { dstart } else { r.start() }),
            i,
        )
    });
    let mut cursor = dstart;
    let mut prev: Option<usize> = None;
    for &i in &order {
        let Some(r) = rows.get(i) else { continue };
        // An open end ("X < 90%") reaches to the edge of the domain.
        let s = if r.lower.is_none() { dstart } else { r.start() };
        let e = if r.upper.is_none() { dend } else { r.end() };
        if s < dstart || e > dend {
            problems.push(CoverageProblem {
                rows: vec![i],
                message: crate::msg!("band-outside-domain", row = i + 1, domain = d(dstart, dend))
                    .to_string(),
            });
        }
        if s > cursor {
            problems.push(CoverageProblem {
                rows: prev.into_iter().chain([i]).collect(),
                message: crate::msg!("band-gap", values = d(cursor, s)).to_string(),
            });
        } else if s < cursor
            && let Some(p) = prev
        {
            problems.push(CoverageProblem {
                rows: vec![p, i],
                message: crate::msg!(
                    "band-overlap",
                    first = p + 1,
                    second = i + 1,
                    values = d(s, cursor.min(e))
                )
                .to_string(),
            });
        }
        if e > cursor {
            cursor = e;
            prev = Some(i);
        }
    }
    if cursor < dend {
        problems.push(CoverageProblem {
            rows: prev.into_iter().collect(),
            message: crate::msg!("band-gap", values = d(cursor, dend)).to_string(),
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    pub(super) fn cond(s: &str) -> Interval {
        match parse_condition(s) {
            Ok(c) => c.interval,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn parses_conditions() {
        let i = cond("90% <= X1 < 95%");
        assert!(i.contains(dec!(0.9)) && i.contains(dec!(0.9499)) && !i.contains(dec!(0.95)));
        let i = cond("X1 = 100%");
        assert!(i.contains(dec!(1)) && !i.contains(dec!(0.9999)));
        let i = cond("30 < T ≤ 45");
        assert!(!i.contains(dec!(30)) && i.contains(dec!(45)));
        let i = cond("T > 55");
        assert!(i.contains(dec!(55.01)) && !i.contains(dec!(55)));
        assert!(parse_condition("90% < X < 80% < 3").is_err());
        assert_eq!(
            parse_condition("90% > X1 < 95%").err().as_deref(),
            Some(
                "\"90% > X1 < 95%\": both comparisons point the same way; write it like \"X < 90%\", \"90% <= X < 95%\", \"X = 100%\" or \"X >= 75%\""
            )
        );
    }

    pub(super) fn problems(domain: &str, rows: &[&str]) -> Vec<String> {
        let rows: Vec<Interval> = rows.iter().map(|r| cond(r)).collect();
        check_coverage("X", &cond(domain), &rows, true)
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn after_sales_table_covers_its_domain() {
        let p = problems(
            "0% <= X <= 100%",
            &["X < 90%", "90% <= X < 95%", "95% <= X < 100%", "X = 100%"],
        );
        // An open end reaches to the edge of the domain.
        assert!(p.is_empty(), "{p:?}");
        // A finite bound outside the domain is a mistake (the 钣喷 "800" kind of typo).
        let p = problems(
            "0% <= X <= 100%",
            &["X < 90%", "90% <= X < 95%", "95% <= X <= 800%"],
        );
        assert_eq!(
            p,
            vec!["row 3 reaches outside the table's domain 0% <= X <= 100%"]
        );
        let p = problems(
            "0% <= X <= 100%",
            &[
                "0% <= X < 90%",
                "90% <= X < 95%",
                "95% <= X < 100%",
                "X = 100%",
            ],
        );
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn finds_gaps_and_overlaps_from_the_sources() {
        // 索赔员: 97% < R < 98% uncovered.
        let p = problems("0% <= X <= 100%", &["X >= 98%", "X <= 97%"]);
        assert_eq!(p, vec!["gap: no row holds 97% < X < 98%"]);
        // 车间主管: "满意度≥96%奖300, ≤96%罚200".
        let p = problems("0% <= X <= 100%", &["X <= 96%", "X >= 96%"]);
        assert_eq!(p, vec!["rows 1 and 2 overlap: both hold X = 96%"]);
        let p = problems(
            "0% <= X <= 100%",
            &["X < 50%", "X >= 60%", "50% <= X < 60%"],
        );
        assert_eq!(
            p,
            vec![
                "the rows are not in order; list them from the lowest band to the highest, or the reverse"
            ]
        );
    }
}
