//! What `appraise explain` prints: one person's or one team's figures and
//! how each came about, as text for an 80-column terminal or as JSON.
//!
//! Built from the explanation rows of [`super::explain`] — the same rows the
//! workbook's 明细 sheet shows — taken from one computed team
//! ([`TeamView`]) while the month streams past; [`Explained`] owns its text,
//! so it outlives the view. Nothing here does IO. Plain text only: no colour
//! and no terminal control codes, so the output reads the same in a pipe.

use super::explain::{self, Explanation, InputRecord};
use super::{Report, value_text};
use crate::engine::TeamView;
use crate::model::{Level, Value};
use crate::scheme::Format;
use serde_json::{Value as J, json};

/// The width text is wrapped to.
pub const WIDTH: usize = 80;

/// A person of the team: (工号, 姓名, 岗位, 应发合计).
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub role: String,
    pub net: String,
}

/// How one split item came out: the item's code and label, each member's part.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitOutcome {
    pub item: String,
    pub label: String,
    /// (工号, 姓名, amount)
    pub parts: Vec<(String, String, String)>,
}

/// The explanation of one person's or one team's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    pub month: String,
    pub scheme_id: String,
    pub scheme_version: String,
    pub team: String,
    /// The person explained; `None` for a team.
    pub person: Option<Member>,
    /// The team's members (a team's explanation only).
    pub members: Vec<Member>,
    /// The input values used, with file and rows: the person's, then the team's.
    pub inputs: Vec<InputRecord>,
    /// Team rules: those the person's figures read, or every one for a team.
    pub team_rules: Vec<Explanation>,
    /// The person's own rules that are not items, read by the items.
    pub person_rules: Vec<Explanation>,
    /// The person's figures: base salary, every item, 应发合计.
    pub items: Vec<Explanation>,
    /// How the team's split items came out (a team's explanation only).
    pub splits: Vec<SplitOutcome>,
}

fn member(r: &Report, v: &TeamView, p: u32) -> Member {
    let s = r.scheme;
    Member {
        id: v.person_text(p, s.roster.id).to_string(),
        name: v.person_text(p, s.roster.name).to_string(),
        role: s
            .roster
            .role
            .map_or("", |slot| v.person_text(p, slot))
            .to_string(),
        net: v
            .totals
            .get(p as usize)
            .map_or_else(String::new, |t| crate::money::format_cents(t.net)),
    }
}

impl Explained {
    /// Member `p` of team `v`.
    pub fn person(r: &Report, v: &TeamView, p: u32) -> Explained {
        let mut inputs = explain::person_inputs(r, v, p);
        inputs.extend(explain::team_inputs(r, v));
        let mut team_rules = Vec::new();
        let mut person_rules = Vec::new();
        for (level, slot) in explain::rules_read(r, v, p) {
            if level == Level::TEAM {
                team_rules.push(explain::figure(r, v, level, 0, slot));
            } else {
                person_rules.push(explain::figure(r, v, level, p, slot));
            }
        }
        Explained {
            person: Some(member(r, v, p)),
            members: Vec::new(),
            inputs,
            team_rules,
            person_rules,
            items: explain::person(r, v, p),
            splits: Vec::new(),
            ..Explained::head(r, v)
        }
    }

    /// Team `v`.
    pub fn team(r: &Report, v: &TeamView) -> Explained {
        let s = r.scheme;
        let splits = explain::split_items(s)
            .into_iter()
            .filter_map(|i| s.items.get(i))
            .map(|item| SplitOutcome {
                item: item.code.clone(),
                label: item.label.clone(),
                parts: (0..v.members())
                    .map(|p| {
                        (
                            v.person_text(p, s.roster.id).to_string(),
                            v.person_text(p, s.roster.name).to_string(),
                            value_text(v.person_value(p, item.slot), Format::Money),
                        )
                    })
                    .collect(),
            })
            .collect();
        Explained {
            members: (0..v.members()).map(|p| member(r, v, p)).collect(),
            inputs: explain::team_inputs(r, v),
            team_rules: explain::team(r, v),
            splits,
            ..Explained::head(r, v)
        }
    }

    fn head(r: &Report, v: &TeamView) -> Explained {
        Explained {
            month: v.month.to_string(),
            scheme_id: r.scheme.id.clone(),
            scheme_version: r.scheme.version.clone(),
            team: v.id().to_string(),
            person: None,
            members: Vec::new(),
            inputs: Vec::new(),
            team_rules: Vec::new(),
            person_rules: Vec::new(),
            items: Vec::new(),
            splits: Vec::new(),
        }
    }

    /// The text for a terminal, lines wrapped to `width` columns.
    pub fn text(&self, width: usize) -> String {
        let mut t = Text {
            out: String::new(),
            width,
        };
        let head = match &self.person {
            Some(p) => format!(
                "{} {} · 班组 {}{}",
                p.id,
                p.name,
                self.team,
                if p.role.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", p.role)
                }
            ),
            None => format!("班组 {}", self.team),
        };
        t.line("", "", &format!("{head} · {}", self.month));
        t.line(
            "",
            "",
            &format!("方案 {} {}", self.scheme_id, self.scheme_version),
        );
        if !self.members.is_empty() {
            t.title("成员");
            for m in &self.members {
                let role = if m.role.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", m.role)
                };
                t.line(
                    "  ",
                    "    ",
                    &format!("{} {}{role} · 应发合计 {}", m.id, m.name, m.net),
                );
            }
        }
        if !self.inputs.is_empty() {
            t.title("输入");
            for rec in &self.inputs {
                t.line("  ", "    ", &input_head(rec));
                let values = rec
                    .values
                    .iter()
                    .map(|(_, header, value)| format!("{header} {value}"))
                    .collect::<Vec<_>>()
                    .join(" · ");
                t.line("    ", "    ", &values);
            }
        }
        if !self.team_rules.is_empty() {
            t.title(&format!("班组 {} 的规则", self.team));
            for e in &self.team_rules {
                t.figure(e);
            }
        }
        if !self.person_rules.is_empty() {
            t.title("个人规则");
            for e in &self.person_rules {
                t.figure(e);
            }
        }
        if !self.items.is_empty() {
            t.title("项目");
            for e in &self.items {
                t.figure(e);
            }
        }
        if !self.splits.is_empty() {
            t.title("分配");
            for sp in &self.splits {
                let parts = sp
                    .parts
                    .iter()
                    .map(|(id, name, amount)| format!("{id} {name} {amount}"))
                    .collect::<Vec<_>>()
                    .join(" / ");
                t.line("  ", "      ", &format!("{}: {parts}", sp.label));
            }
        }
        t.out
    }

    /// The JSON document (README, "explain").
    pub fn json(&self) -> J {
        let member = |m: &Member| json!({"id": m.id, "name": m.name, "role": m.role, "net": m.net});
        let subject = match &self.person {
            Some(p) => json!({"kind": "person", "id": p.id, "name": p.name, "team": self.team,
                              "role": p.role, "net": p.net}),
            None => json!({"kind": "team", "id": self.team}),
        };
        json!({
            "month": self.month,
            "scheme": {"id": self.scheme_id, "version": self.scheme_version},
            "subject": subject,
            "members": self.members.iter().map(member).collect::<Vec<_>>(),
            "inputs": self.inputs.iter().map(input_json).collect::<Vec<_>>(),
            "team_rules": self.team_rules.iter().map(figure_json).collect::<Vec<_>>(),
            "person_rules": self.person_rules.iter().map(figure_json).collect::<Vec<_>>(),
            "items": self.items.iter().map(figure_json).collect::<Vec<_>>(),
            "splits": self.splits.iter().map(|sp| json!({
                "item": sp.item,
                "label": sp.label,
                "parts": sp.parts.iter().map(|(id, name, amount)| json!({
                    "id": id, "name": name, "amount": amount,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// `roster.csv 第2行 (人员名单)`; `points.csv: 无对应行，取默认值 (…)`.
fn input_head(rec: &InputRecord) -> String {
    let file = rec.file.as_deref().unwrap_or(&rec.input);
    let rows = match (rec.file.as_ref(), rec.rows.as_slice()) {
        (None, _) => "本月无此文件，取默认值".to_string(),
        (Some(_), []) => "无对应行，取默认值".to_string(),
        (Some(_), rows) => rows
            .iter()
            .map(|r| format!("第{r}行"))
            .collect::<Vec<_>>()
            .join("、"),
    };
    let sep = if rec.rows.is_empty() { ": " } else { " " };
    if rec.label.is_empty() {
        format!("{file}{sep}{rows}")
    } else {
        format!("{file}{sep}{rows} ({})", rec.label)
    }
}

fn input_json(rec: &InputRecord) -> J {
    json!({
        "input": rec.input,
        "label": rec.label,
        "file": rec.file,
        "rows": rec.rows,
        "values": rec.values.iter().map(|(name, header, value)| json!({
            "name": name, "header": header, "value": value,
        })).collect::<Vec<_>>(),
    })
}

fn level_name(l: Level) -> &'static str {
    if l == Level::PERSON {
        "person"
    } else if l == Level::TEAM {
        "team"
    } else {
        "other"
    }
}

fn figure_json(e: &Explanation) -> J {
    let value = match &e.result {
        Value::NotGiven | Value::Unset | Value::Failed => J::Null,
        v => J::String(value_text(v, e.format)),
    };
    json!({
        "level": level_name(e.level),
        "name": e.name,
        "label": e.subject,
        "rule": e.rule,
        "inputs": e.inputs,
        "values": e.values.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
        "bands": e.choices.iter().map(|b| json!({
            "table": b.table,
            "label": b.label,
            "when": b.when,
            "looked_up": b.looked_up.as_ref().map(|(n, v)| json!({"name": n, "value": v})),
            "outputs": b.outputs.iter().map(|(n, v)| (n.clone(), J::String(v.clone())))
                .collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "split": e.split.as_ref().map(|sp| json!({
            "split": sp.split,
            "label": sp.label,
            "case": sp.case,
            "category": sp.category,
            "share": sp.share.normalize().to_string(),
        })),
        "result": e.result_text(),
        "value": value,
    })
}

/// Text being built, wrapped to a width.
struct Text {
    out: String,
    width: usize,
}

impl Text {
    fn title(&mut self, title: &str) {
        self.out.push('\n');
        self.line("", "", title);
    }

    /// One figure: a heading line (label and name), then its rule,
    /// inputs, values, split, bands and result, each under its label.
    fn figure(&mut self, e: &Explanation) {
        let name = if e.name.is_empty() || e.name == e.subject {
            String::new()
        } else {
            format!(" ({})", e.name)
        };
        self.line("", "", &format!("  {}{name}", e.subject));
        let field = |t: &mut Text, label: &str, text: &str| {
            if !text.is_empty() {
                t.line(&format!("    {label}  "), "          ", text);
            }
        };
        field(self, "规则", &e.rule);
        field(self, "输入", &e.inputs_text());
        // The split is shown on its own line, not among the values.
        let values = e
            .values
            .iter()
            .filter(|(n, _)| e.split.as_ref().is_none_or(|sp| *n != sp.split))
            .map(|(n, v)| format!("{n} = {v}"))
            .collect::<Vec<_>>()
            .join("; ");
        field(self, "取值", &values);
        if let Some(sp) = &e.split {
            field(
                self,
                "分配",
                &format!(
                    "{} {}: {} → {} {}",
                    sp.label,
                    sp.split,
                    sp.case,
                    sp.category,
                    explain::percent_text(sp.share)
                ),
            );
        }
        for b in &e.choices {
            let why = match &b.looked_up {
                Some((n, v)) => format!("{n} = {v}，落在 {}", b.when),
                None => b.when.clone(),
            };
            let outputs = b
                .outputs
                .iter()
                .map(|(n, v)| format!("{n} = {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            field(self, "档位", &format!("{}: {why}", b.label));
            if !outputs.is_empty() {
                self.line("          → ", "            ", &outputs);
            }
        }
        field(self, "结果", &e.result_text());
    }

    /// Appends `text`, the first line after `first`, the others after `rest`.
    fn line(&mut self, first: &str, rest: &str, text: &str) {
        for l in wrap(text, first, rest, self.width) {
            self.out.push_str(l.trim_end());
            self.out.push('\n');
        }
    }
}

/// Columns `c` takes in a terminal: 2 for East Asian wide characters.
fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Columns `s` takes in a terminal.
pub fn text_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// `text` as lines of at most `width` columns (when it can be): the first
/// after `first`, the others after `rest`. Breaks after a space (never
/// next to `=`), or after a wide character (Chinese has no spaces), or
/// anywhere in a word too long for a line.
fn wrap(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = text_width(first);
    let mut empty = true;
    // Pieces that are never split unless they are longer than a line.
    let mut pieces: Vec<String> = Vec::new();
    // `name = value` is kept on one line: no break next to `=`.
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        cur.push(c);
        let next_is_eq = chars.peek() == Some(&'=');
        let after_eq = c == ' ' && cur.trim_end().ends_with('=');
        if (c == ' ' && !next_is_eq && !after_eq) || char_width(c) == 2 {
            pieces.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        pieces.push(cur);
    }
    for piece in pieces {
        let w = text_width(piece.trim_end());
        if !empty && used + w > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            used = text_width(rest);
            empty = true;
            if piece == " " {
                continue;
            }
        }
        if used + w > width {
            // A word longer than a line: cut it.
            for c in piece.chars() {
                let cw = char_width(c);
                if !empty && used + cw > width {
                    lines.push(std::mem::replace(&mut line, rest.to_string()));
                    used = text_width(rest);
                }
                line.push(c);
                used += cw;
                empty = false;
            }
            continue;
        }
        line.push_str(&piece);
        used += text_width(&piece);
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::{text_width, wrap};

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(text_width("张伟 0101"), 9);
    }

    #[test]
    fn lines_are_wrapped_to_the_width_with_a_hanging_indent() {
        let lines = wrap("aaa bbb ccc ddd", "> ", "  ", 9);
        assert_eq!(lines, ["> aaa bbb ", "  ccc ddd"]);
        let lines = wrap("超额奖金总额超额奖金", "", "  ", 8);
        assert!(lines.iter().all(|l| text_width(l) <= 8), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), "超额奖金总额超额奖金");
        let lines = wrap("abcdefghijkl", "", "", 5);
        assert_eq!(lines, ["abcde", "fghij", "kl"]);
    }
}
