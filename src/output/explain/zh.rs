//! The Chinese phrasing of an [`Explanation`]: the lines a clerk reads in
//! 明细 and 班组明细, numbers substituted into the rule.
//!
//! ```text
//! 超额奖金 = 超额奖金总额 525.00 × 维修工程师 60.00%（1 维修工程师 + 1 助理维修员）= 315.00
//! 交付及时率 95.7895% 落在「95% <= X1 < 100%」档（交付及时率档位）→ per_unit 35.00，short_share 9.00%
//! 依据：repairs.csv 第2行
//! ```
//!
//! Each rule is turned into a template once ([`Phrasing::new`]): the rule's
//! tokens with operators as clerks write them (`×`, `÷`, `≤`), functions
//! and keywords in Chinese, and every name as its label followed by the
//! value the evaluation read (the explanation's `values`). A split shows
//! the team amount × the member's share (the case's composition); band
//! choices, aggregates, ranks and the input rows cited follow on their own
//! lines. An explanation longer than [`MAX_LINES`] lines or
//! [`MAX_CHARS`] characters ends with `… 另 N 行` (never a figure cut short).

use super::Explanation;
use crate::expr::lexer::{Tok, lex};
use crate::model::{AggOp, Level, Node};
use crate::scheme::{Scheme, SlotSource};
use std::fmt::Write as _;

/// At most this many lines in one explanation (the rest: `… 另 N 行`).
pub const MAX_LINES: usize = 40;

/// At most this many characters in one explanation: well inside Excel's
/// 32,767 characters a cell.
pub const MAX_CHARS: usize = 6_000;

/// At most this many input rows cited on the 依据 line.
const MAX_ROWS_CITED: usize = 12;

/// A piece of a rule's template.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
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

/// The rules of a scheme as templates, made once per workbook.
pub struct Phrasing {
    /// Per level, per slot: the rule's template (empty for an input column).
    rules: Vec<Vec<Vec<Seg>>>,
}

impl Phrasing {
    pub fn new(s: &Scheme) -> Phrasing {
        let rules = s
            .levels
            .all()
            .map(|(level, _)| {
                s.slots(level)
                    .iter()
                    .map(|d| match &d.source {
                        SlotSource::Rule { expr, .. } => template(s, level, expr),
                        SlotSource::Input { .. } => Vec::new(),
                    })
                    .collect()
            })
            .collect();
        Phrasing { rules }
    }

    fn rule(&self, level: Level, slot: u32) -> &[Seg] {
        self.rules
            .get(level.index())
            .and_then(|l| l.get(slot as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// The explanation's lines joined by newlines, shortened when long.
    pub fn text(&self, s: &Scheme, e: &Explanation) -> String {
        shorten(&self.lines(s, e, true))
    }

    /// The same with only the band rows the figure's own rule chose: for
    /// 班组明细, where the figures read (`rate` for `pool`) are rows nearby.
    pub fn text_direct(&self, s: &Scheme, e: &Explanation) -> String {
        shorten(&self.lines(s, e, false))
    }

    /// The explanation as lines: the figure, band choices (also those of
    /// the figures it read, when `read`), aggregates and ranks, the input rows.
    pub fn lines(&self, s: &Scheme, e: &Explanation, read: bool) -> Vec<String> {
        let mut out = vec![self.figure_line(e)];
        for c in e.choices.iter().filter(|c| read || c.direct) {
            let mut line = String::new();
            match &c.looked_up {
                Some((name, value)) => {
                    let _ = write!(
                        line,
                        "{} {} 落在",
                        label_of(s, e.level, name),
                        approx(value)
                    );
                }
                None => line.push_str("落在"),
            }
            let _ = write!(line, "「{}」档（{}）", c.when, c.label);
            if !c.outputs.is_empty() {
                line.push_str("→ ");
                let outs: Vec<String> = c.outputs.iter().map(|(n, v)| format!("{n} {v}")).collect();
                line.push_str(&outs.join("，"));
            }
            out.push(line);
        }
        out.extend(e.aggregates.iter().cloned());
        if !e.inputs.is_empty() {
            let shown: Vec<&str> = e
                .inputs
                .iter()
                .take(MAX_ROWS_CITED)
                .map(String::as_str)
                .collect();
            let mut line = format!("依据：{}", shown.join("；"));
            if e.inputs.len() > MAX_ROWS_CITED {
                let _ = write!(line, " … 另 {} 行", e.inputs.len() - MAX_ROWS_CITED);
            }
            out.push(line);
        }
        out
    }

    /// `超额奖金 = 超额奖金总额 525.00 × 维修工程师 60.00%（…）= 315.00`
    fn figure_line(&self, e: &Explanation) -> String {
        let result = e.result_text();
        if e.name == "net" {
            let mut line = format!("{} = ", e.subject);
            for (i, (label, value)) in e.values.iter().enumerate() {
                let op = match i {
                    0 => "",
                    1 => " + ",
                    _ => " − ",
                };
                let _ = write!(line, "{op}{label} {value}");
            }
            let _ = write!(line, " = {result}");
            return line;
        }
        let segs = self.rule(e.level, e.slot);
        if segs.is_empty() {
            // An input column: the value as read.
            return format!("{} = {result}（输入）", e.subject);
        }
        let mut body = String::new();
        for seg in segs {
            match seg {
                Seg::Lit(t) => body.push_str(t),
                Seg::Name { name, label } => {
                    body.push_str(label);
                    match e.values.iter().find(|(n, _)| n == name) {
                        // Yes/no beside a keyword (`如果 … 否 则`) reads as one: bracketed.
                        Some((_, v)) if v == "是" || v == "否" => {
                            let _ = write!(body, "（{v}）");
                        }
                        Some((_, v)) => {
                            body.push(' ');
                            body.push_str(&approx(v));
                        }
                        None => {}
                    }
                }
                Seg::SplitEnd(bracket) => {
                    body.push_str(if *bracket { "）× " } else { " × " });
                    if let Some(p) = &e.split {
                        let _ = write!(
                            body,
                            "{} {}（{}）",
                            p.category,
                            super::percent_text(p.share),
                            p.case
                        );
                    }
                }
            }
        }
        // A rule that only names a value (`base = base_salary`): no second `=`.
        if let [Seg::Name { .. }] = segs
            && body.ends_with(&result)
        {
            return format!("{} = {body}", e.subject);
        }
        format!("{} = {body} = {result}", e.subject)
    }
}

/// A number with more than four decimals (`91.66666666666666666666666667`,
/// an average) as a clerk reads it: `≈91.6667`; anything else as it is.
/// The figure's result (after `=`) is always exact.
fn approx(v: &str) -> std::borrow::Cow<'_, str> {
    let digits = v.trim_end_matches('%');
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= 4 {
        return v.into();
    }
    match digits.parse::<rust_decimal::Decimal>() {
        Ok(d) => {
            let r =
                d.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            let pct = if digits.len() < v.len() { "%" } else { "" };
            format!("≈{r}{pct}").into()
        }
        Err(_) => v.into(),
    }
}

/// The label of a value named `name` (`X1`, `team.X1`) as read at `level`.
fn label_of(s: &Scheme, level: Level, name: &str) -> String {
    let (l, n) = match name.split_once('.') {
        Some((lv, n)) => match s.levels.by_name(lv) {
            Some(l) => (l, n),
            None => return name.to_string(),
        },
        None => (level, name),
    };
    // A band looked up at another level names the value as that level does
    // (`X1` of the team, for a person's figure).
    std::iter::once(l)
        .chain(s.levels.all().map(|(l, _)| l))
        .find_map(|l| s.slots(l).iter().find(|d| d.name == n))
        .map(|d| d.label.clone())
        .or_else(|| {
            s.params
                .iter()
                .find(|p| p.name == n && !p.label.is_empty())
                .map(|p| p.label.clone())
        })
        .unwrap_or_else(|| name.to_string())
}

/// The lines joined, at most [`MAX_LINES`] and [`MAX_CHARS`] (but the
/// first, the figure itself, whole); what is left out is counted: `… 另 N 行`.
pub fn shorten(lines: &[String]) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for (i, line) in lines.iter().enumerate() {
        let n = line.chars().count();
        // The figure's own line is always kept whole.
        if i > 0 && (i >= MAX_LINES || chars + n > MAX_CHARS) {
            let _ = write!(out, "\n… 另 {} 行", lines.len() - i);
            return out;
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
        chars += n + 1;
    }
    out
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
fn template(s: &Scheme, level: Level, expr: &str) -> Vec<Seg> {
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
                    let label = label_of(s, level, &name);
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
                    lit(&mut out, &label_of(s, level, a));
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
        label: label_of(s, level, name),
    }
}

/// An aggregate's line: `平均(满意度，3 个 survey)`, with ` = result` when
/// the aggregate is the whole rule.
pub(super) fn aggregate_line(
    s: &Scheme,
    node: Option<&Node>,
    id: u32,
    over: Level,
    count: u32,
    result: &str,
) -> Option<String> {
    let node = node?;
    let mut found = None;
    node.walk(&mut |n| {
        if let Node::Agg(a) = n
            && a.id == id
        {
            found = Some(a.as_ref());
        }
    });
    let a = found?;
    let op = match a.op {
        AggOp::Count => "计数",
        AggOp::Sum => "合计",
        AggOp::Avg => "平均",
        AggOp::Min => "最小",
        AggOp::Max => "最大",
    };
    let over_label = s.levels.get(over).map_or("", |d| d.label.as_str());
    let mut line = match a.value.as_ref() {
        Some(Node::Slot(x)) => {
            let label = s.slots(over).get(*x as usize).map_or("", |d| &d.label);
            format!("{op}({label}，{count} 个{over_label})")
        }
        _ => format!("{op}({count} 个{over_label})"),
    };
    if matches!(node, Node::Agg(top) if top.id == id) {
        let _ = write!(line, " = {result}");
    }
    Some(line)
}

/// A rank's line: `排名：第 2 名（共 5 个）`; not ranked: `不参与排名`.
pub(super) fn rank_line(rank: u32, of: u32) -> String {
    if rank == 0 {
        "不参与排名".into()
    } else {
        format!("排名：第 {rank} 名（共 {of} 个）")
    }
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn long_decimals_are_shown_to_four_places_marked_approximate() {
        assert_eq!(super::approx("91.66666666666666666666666667"), "≈91.6667");
        assert_eq!(super::approx("95.7895%"), "95.7895%");
        assert_eq!(super::approx("2.123456%"), "≈2.1235%");
        assert_eq!(super::approx("525.00"), "525.00");
        assert_eq!(super::approx("张伟"), "张伟");
    }

    #[test]
    fn long_explanations_say_how_many_lines_are_left_out() {
        let lines: Vec<String> = (1..=45).map(|i| format!("第{i}行")).collect();
        let text = shorten(&lines);
        assert_eq!(text.lines().count(), super::MAX_LINES + 1);
        assert!(text.ends_with("\n… 另 5 行"), "{text}");
        // A line past the characters' limit is left out whole.
        let wide = vec!["a".repeat(5_000), "b".repeat(2_000), "c".into()];
        assert_eq!(shorten(&wide), format!("{}\n… 另 2 行", "a".repeat(5_000)));
        // The first line, the figure, is never left out.
        let long = vec!["a".repeat(7_000), "b".into()];
        assert_eq!(shorten(&long), format!("{}\n… 另 1 行", "a".repeat(7_000)));
    }
}
