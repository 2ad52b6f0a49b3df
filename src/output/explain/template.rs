//! A rule as a template for its Chinese phrasing ([`super::zh`]): the
//! rule's tokens with operators as clerks write them (`×`, `÷`, `≤`),
//! functions and keywords in Chinese, and every name as its label followed
//! by the value read (a [`Seg::Name`]), made once per workbook.

use super::zh::label_of;
use crate::expr::lexer::{Tok, lex};
use crate::model::Level;
use crate::scheme::Scheme;

/// A piece of a rule's template.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Seg {
    Lit(String),
    /// A value read: its name in the rule (`team.pool`) and its label.
    Name {
        name: String,
        label: String,
    },
    /// The end of `split(table, amount)`: `× share（case）`, after a
    /// bracket closing an amount that is more than a name.
    SplitEnd(bool),
}

/// Functions and keywords as a clerk reads them.
fn word(ident: &str) -> Option<&'static str> {
    Some(match ident {
        "if" => "如果 ",
        "then" => " 则 ",
        "else" => " 否则 ",
        "and" => " 且 ",
        "or" => " 或 ",
        "not" => "非 ",
        "min" => "取小",
        "max" => "取大",
        "clamp" => "限定",
        "abs" => "绝对值",
        "round" => "四舍五入",
        "interpolate" => "插值",
        "count" => "计数",
        "sum" => "合计",
        "avg" => "平均",
        "rank" => "排名",
        "past" => "往月",
        "given" => "已提供",
        "mod" => "余数",
        "true" => "是",
        "false" => "否",
        _ => return None,
    })
}

/// The template of a rule of `level` written `expr`.
pub(super) fn template(s: &Scheme, level: Level, expr: &str) -> Vec<Seg> {
    let Ok(toks) = lex(expr) else {
        return vec![Seg::Lit(expr.to_string())];
    };
    let toks: Vec<Tok> = toks.into_iter().map(|(t, _)| t).collect();
    let mut out: Vec<Seg> = Vec::new();
    // Open parentheses: what closes each (`)`, or a split's share).
    let mut closers: Vec<Seg> = Vec::new();
    let lit = |out: &mut Vec<Seg>, t: &str| match out.last_mut() {
        Some(Seg::Lit(prev)) => prev.push_str(t),
        _ => out.push(Seg::Lit(t.to_string())),
    };
    let mut i = 0;
    while let Some(tok) = toks.get(i) {
        let next = toks.get(i + 1);
        match tok {
            Tok::Ident(f) if next == Some(&Tok::LParen) && f == "split" => {
                // `split(table, amount)`: the amount, then × the share.
                i += 2;
                if matches!(toks.get(i), Some(Tok::Ident(_)))
                    && toks.get(i + 1) == Some(&Tok::Comma)
                {
                    i += 2;
                }
                // The amount: a name (`team.pool`) as it is, else bracketed.
                let name_only = matches!(
                    (toks.get(i), toks.get(i + 1)),
                    (Some(Tok::Ident(_)), Some(Tok::RParen))
                ) || matches!(
                    (
                        toks.get(i),
                        toks.get(i + 1),
                        toks.get(i + 2),
                        toks.get(i + 3)
                    ),
                    (
                        Some(Tok::Ident(_)),
                        Some(Tok::Dot),
                        Some(Tok::Ident(_)),
                        Some(Tok::RParen)
                    )
                );
                if !name_only {
                    lit(&mut out, "（");
                }
                closers.push(Seg::SplitEnd(!name_only));
                continue;
            }
            Tok::Ident(f) if next == Some(&Tok::LParen) && f == "band" => {
                i += 2;
                let mut table = String::new();
                if let Some(Tok::Ident(t)) = toks.get(i)
                    && toks.get(i + 1) == Some(&Tok::Comma)
                {
                    table = s
                        .bands
                        .iter()
                        .find(|b| &b.name == t)
                        .map_or_else(|| t.clone(), |b| super::band_label(b).to_string());
                    i += 2;
                }
                lit(&mut out, &format!("查档（{table}，"));
                closers.push(Seg::Lit("）".into()));
                continue;
            }
            Tok::Ident(f) if next == Some(&Tok::LParen) => {
                lit(&mut out, word(f).unwrap_or(f.as_str()));
                lit(&mut out, "(");
                closers.push(Seg::Lit(")".into()));
                i += 2;
                continue;
            }
            Tok::Ident(a) if next == Some(&Tok::Dot) => {
                if let Some(Tok::Ident(b)) = toks.get(i + 2) {
                    let name = format!("{a}.{b}");
                    let label = label_of(s, level, &name).to_string();
                    out.push(Seg::Name { name, label });
                    i += 3;
                    continue;
                }
                lit(&mut out, a);
            }
            Tok::Ident(a) => {
                if let Some(w) = word(a) {
                    lit(&mut out, w);
                } else if let Some(d) = s.slots(level).iter().find(|d| &d.name == a) {
                    out.push(Seg::Name {
                        name: a.clone(),
                        label: d.label.clone(),
                    });
                } else if let Some(p) = s.params.iter().find(|p| &p.name == a) {
                    out.push(Seg::Name {
                        name: a.clone(),
                        label: if p.label.is_empty() {
                            p.name.clone()
                        } else {
                            p.label.clone()
                        },
                    });
                } else if let Some(l) = s.levels.by_name(a) {
                    lit(&mut out, s.levels.get(l).map_or(a.as_str(), |d| &d.label));
                } else if a == "members" {
                    lit(&mut out, "组员");
                } else {
                    // A value of another level (inside an aggregate): its label.
                    lit(&mut out, label_of(s, level, a));
                }
            }
            Tok::LParen => {
                lit(&mut out, "(");
                closers.push(Seg::Lit(")".into()));
            }
            Tok::RParen => match closers.pop() {
                Some(Seg::Lit(t)) => lit(&mut out, &t),
                Some(seg) => out.push(seg),
                None => lit(&mut out, ")"),
            },
            Tok::Dot => {
                // `band(…).per_unit`
                if let Some(Tok::Ident(o)) = next {
                    lit(&mut out, &format!(".{o}"));
                    i += 2;
                    continue;
                }
                lit(&mut out, ".");
            }
            Tok::Minus => {
                let unary = matches!(out.last(), None | Some(Seg::Lit(_)))
                    && out.last().is_none_or(|l| match l {
                        Seg::Lit(t) => {
                            let t = t.trim_end();
                            t.is_empty()
                                || t.ends_with([
                                    '(', '，', '+', '×', '÷', '=', '<', '>', '≤', '≥', '≠', '−',
                                ])
                                || t.ends_with("如果")
                                || t.ends_with('则')
                        }
                        _ => false,
                    });
                // `-points` with points −1: `-（绩效分 -1）`, not `-绩效分 -1`.
                let name_next = matches!(next, Some(Tok::Ident(n)) if word(n).is_none())
                    && !matches!(toks.get(i + 2), Some(Tok::LParen | Tok::Dot));
                if unary && name_next {
                    lit(&mut out, "-（");
                    if let Some(Tok::Ident(n)) = next {
                        out.push(name_seg(s, level, n));
                    }
                    lit(&mut out, "）");
                    i += 2;
                    continue;
                }
                lit(&mut out, if unary { "-" } else { " − " });
            }
            Tok::Number(n) => lit(&mut out, n),
            Tok::Text(t) => lit(&mut out, &format!("“{t}”")),
            Tok::Plus => lit(&mut out, " + "),
            Tok::Star => lit(&mut out, " × "),
            Tok::Slash => lit(&mut out, " ÷ "),
            Tok::Percent => lit(&mut out, "%"),
            Tok::Yuan => lit(&mut out, "元"),
            Tok::Comma => lit(&mut out, "，"),
            Tok::Eq => lit(&mut out, " = "),
            Tok::Ne => lit(&mut out, " ≠ "),
            Tok::Lt => lit(&mut out, " < "),
            Tok::Le => lit(&mut out, " ≤ "),
            Tok::Gt => lit(&mut out, " > "),
            Tok::Ge => lit(&mut out, " ≥ "),
        }
        i += 1;
    }
    out
}

/// A name read as it is shown: a value (label and value) when it is one.
fn name_seg(s: &Scheme, level: Level, name: &str) -> Seg {
    Seg::Name {
        name: name.to_string(),
        label: label_of(s, level, name).to_string(),
    }
}
