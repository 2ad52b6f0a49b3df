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

use super::template::{Seg, template};
use super::{Detail, Explanation, Figure, Scratch};
use crate::model::{AggOp, Level, Node};
use crate::output::Report;
use crate::scheme::{Scheme, SlotSource};
use std::fmt::Write as _;

/// At most this many lines in one explanation (the rest: `… 另 N 行`).
pub const MAX_LINES: usize = 40;

/// At most this many characters in one explanation: well inside Excel's
/// 32,767 characters a cell.
pub const MAX_CHARS: usize = 6_000;

/// At most this many input rows cited on the 依据 line.
const MAX_ROWS_CITED: usize = 12;

/// The rules of a scheme as templates, made once per workbook, and the
/// buffers an explanation and its text are written in, kept from one
/// figure to the next.
pub struct Phrasing {
    templates: Templates,
    /// The figure being phrased ([`Phrasing::figure_text`]), its buffers and its text.
    figure: Explanation,
    scratch: Scratch,
    text: String,
}

/// Per level, per slot: the rule's template (empty for an input column).
struct Templates(Vec<Vec<Vec<Seg>>>);

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
        Phrasing {
            templates: Templates(rules),
            figure: Explanation::empty(),
            scratch: Scratch::default(),
            text: String::new(),
        }
    }

    /// The explanation's lines joined by newlines, shortened when long: the
    /// figure, the band choices (also those of the figures it read), the
    /// aggregates and ranks, the input rows.
    pub fn text(&mut self, s: &Scheme, e: &Explanation) -> &str {
        let result = &mut self.scratch.result;
        result.clear();
        super::shown_into(result, &e.result, e.format);
        self.text.clear();
        self.templates.write(s, (e, result), true, &mut self.text);
        &self.text
    }

    /// The text of figure `f` with only the band rows the figure's own rule
    /// chose: for 班组明细, where the figures read (`rate` for `pool`) are
    /// rows nearby. Built in this phrasing's buffers, which the next call reuses.
    pub fn figure_text(&mut self, r: &Report, f: &Figure) -> &str {
        f.explain_into(r, Detail::Direct, &mut self.figure, &mut self.scratch);
        self.text.clear();
        let e = (&self.figure, self.scratch.result.as_str());
        self.templates.write(r.scheme, e, false, &mut self.text);
        &self.text
    }
}

impl Templates {
    fn rule(&self, level: Level, slot: u32) -> &[Seg] {
        self.0
            .get(level.index())
            .and_then(|l| l.get(slot as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// The explanation's lines, shortened ([`Lines`]), at the end of `out`:
    /// the figure (its result shown as `result`), band choices (also those
    /// of the figures it read, when `read`), aggregates and ranks, the input rows.
    fn write(&self, s: &Scheme, (e, result): (&Explanation, &str), read: bool, out: &mut String) {
        let choices = || e.choices.iter().filter(|c| read || c.direct);
        let total = 1 + choices().count() + e.aggregates.len() + usize::from(!e.inputs.is_empty());
        let mut lines = Lines::new(out, total);
        self.figure_line(e, result, lines.begin());
        if !lines.end() {
            return;
        }
        for c in choices() {
            let line = lines.begin();
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
                for (k, (n, v)) in c.outputs.iter().enumerate() {
                    if k > 0 {
                        line.push('，');
                    }
                    let _ = write!(line, "{n} {v}");
                }
            }
            if !lines.end() {
                return;
            }
        }
        for a in &e.aggregates {
            lines.begin().push_str(a);
            if !lines.end() {
                return;
            }
        }
        if !e.inputs.is_empty() {
            let line = lines.begin();
            line.push_str("依据：");
            for (k, input) in e.inputs.iter().take(MAX_ROWS_CITED).enumerate() {
                if k > 0 {
                    line.push('；');
                }
                line.push_str(input);
            }
            if e.inputs.len() > MAX_ROWS_CITED {
                let _ = write!(line, " … 另 {} 行", e.inputs.len() - MAX_ROWS_CITED);
            }
            lines.end();
        }
    }

    /// `超额奖金 = 超额奖金总额 525.00 × 维修工程师 60.00%（…）= 315.00`
    fn figure_line(&self, e: &Explanation, result: &str, out: &mut String) {
        out.push_str(&e.subject);
        out.push_str(" = ");
        if e.name == "net" {
            for (i, (label, value)) in e.values.iter().enumerate() {
                let op = match i {
                    0 => "",
                    1 => " + ",
                    _ => " − ",
                };
                let _ = write!(out, "{op}{label} {value}");
            }
            out.push_str(" = ");
            out.push_str(result);
            return;
        }
        let segs = self.rule(e.level, e.slot);
        if segs.is_empty() {
            // An input column: the value as read.
            out.push_str(result);
            out.push_str("（输入）");
            return;
        }
        let body = out.len();
        for seg in segs {
            match seg {
                Seg::Lit(t) => out.push_str(t),
                Seg::Name { name, label } => {
                    out.push_str(label);
                    match e.values.iter().find(|(n, _)| n == name) {
                        // Yes/no beside a keyword (`如果 … 否 则`) reads as one: bracketed.
                        Some((_, v)) if v == "是" || v == "否" => {
                            let _ = write!(out, "（{v}）");
                        }
                        Some((_, v)) => {
                            out.push(' ');
                            out.push_str(&approx(v));
                        }
                        None => {}
                    }
                }
                Seg::SplitEnd(bracket) => {
                    out.push_str(if *bracket { "）× " } else { " × " });
                    if let Some(p) = &e.split {
                        out.push_str(&p.category);
                        out.push(' ');
                        super::percent_into(out, p.share);
                        let _ = write!(out, "（{}）", p.case);
                    }
                }
            }
        }
        // A rule that only names a value (`base = base_salary`): no second `=`.
        if let [Seg::Name { .. }] = segs
            && out[body..].ends_with(result)
        {
            return;
        }
        out.push_str(" = ");
        out.push_str(result);
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
pub(super) fn label_of<'x>(s: &'x Scheme, level: Level, name: &'x str) -> &'x str {
    let (l, n) = match name.split_once('.') {
        Some((lv, n)) => match s.levels.by_name(lv) {
            Some(l) => (l, n),
            None => return name,
        },
        None => (level, name),
    };
    // A band looked up at another level names the value as that level does
    // (`X1` of the team, for a person's figure).
    std::iter::once(l)
        .chain(s.levels.all().map(|(l, _)| l))
        .find_map(|l| s.slots(l).iter().find(|d| d.name == n))
        .map(|d| d.label.as_str())
        .or_else(|| {
            s.params
                .iter()
                .find(|p| p.name == n && !p.label.is_empty())
                .map(|p| p.label.as_str())
        })
        .unwrap_or(name)
}

/// The lines joined, at most [`MAX_LINES`] and [`MAX_CHARS`] (but the
/// first, the figure itself, whole); what is left out is counted: `… 另 N 行`.
pub fn shorten(lines: &[String]) -> String {
    let mut out = String::new();
    let mut w = Lines::new(&mut out, lines.len());
    for line in lines {
        w.begin().push_str(line);
        if !w.end() {
            break;
        }
    }
    out
}

/// Lines written one after the other into a text, newline between them,
/// at most [`MAX_LINES`] and [`MAX_CHARS`] (but the first, the figure
/// itself, whole): the first line that does not fit is taken back, and the
/// text ends with how many of the `total` are left out, `… 另 N 行`.
struct Lines<'o> {
    out: &'o mut String,
    total: usize,
    /// Lines kept, and their characters (each with its newline).
    kept: usize,
    chars: usize,
    /// Where the line being written starts.
    start: usize,
}

impl<'o> Lines<'o> {
    fn new(out: &'o mut String, total: usize) -> Self {
        Lines {
            out,
            total,
            kept: 0,
            chars: 0,
            start: 0,
        }
    }

    /// The text, to write the next line at its end.
    fn begin(&mut self) -> &mut String {
        if self.kept > 0 {
            self.out.push('\n');
        }
        self.start = self.out.len();
        self.out
    }

    /// Ends the line written since [`Lines::begin`]: whether it was kept
    /// (when not, the text is finished).
    fn end(&mut self) -> bool {
        let n = self.out.get(self.start..).map_or(0, |l| l.chars().count());
        let i = self.kept;
        // The figure's own line is always kept whole.
        if i > 0 && (i >= MAX_LINES || self.chars + n > MAX_CHARS) {
            self.out.truncate(self.start);
            let _ = write!(self.out, "… 另 {} 行", self.total - i);
            return false;
        }
        self.chars += n + 1;
        self.kept += 1;
        true
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
