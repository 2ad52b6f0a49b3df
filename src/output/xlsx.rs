//! The workbook for the finance office, one sheet per question:
//!
//! - 汇总 — one row per person with every item and the totals (a 合计 row);
//! - 班组 — one row per team: its inputs, every team rule, the band chosen and
//!   how each team amount was split among the members;
//! - 工资条 — payslip strips (header row, value row, blank row) to print and cut;
//! - 明细 — the explanation of every figure ([`super::explain`]);
//! - 提示 — flags set by the scheme and warnings about the inputs;
//! - 输入 — each input file used, with its rows and SHA-256, and the scheme.
//!
//! Invariants:
//! - every number cell holds the exact value (the nearest double to the exact
//!   decimal) and is only *formatted* to two places; the 合计 row's formulas
//!   carry the exact decimal totals as their cached results;
//! - text from inputs is always written as text (`write_string`), so a name
//!   like `=1+1` never becomes a formula;
//! - deterministic: fixed document properties (created on the first day of
//!   the month), rows in roster / team order, no clock;
//! - every sheet is written strictly row by row, top to bottom, so it can use
//!   rust_xlsxwriter's constant-memory mode (see [`add_sheet`]); the sheets
//!   are written interleaved as teams arrive (each has its own temporary
//!   file), 提示's flags as they are set, its input warnings and 输入 at the
//!   end; nothing per person is kept for the month (the 合计 row comes from
//!   running sums);
//! - a text longer than a cell holds (32,767 characters) is the user's
//!   problem, reported naming the sheet, the row and the column, not an
//!   internal error.

use super::explain::{self, Explanation};
use super::sheet::{Cur, Layout, Sheet, Styles, text_width};
use super::summary::{Running, Summary};
use super::{Error, Report, flag_subject, global_subject};
use crate::diagnostic::{Diagnostic, Location};
use crate::engine::{MonthView, Sink, TeamView};
use crate::model::Level;
use crate::money::format_cents;
use crate::month::Month;
use crate::scheme::{self, SlotSource};
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook};
use std::io::Write;

/// The sheets, in order. Each name is within Excel's 31 characters.
pub const SHEETS: [&str; 6] = ["汇总", "班组", "工资条", "明细", "提示", "输入"];

pub use super::sheet::cell_number;

/// Indexes of the sheets in [`XlsxSink::sheets`].
const SUMMARY: usize = 0;
const TEAMS: usize = 1;
const STRIPS: usize = 2;
const DETAIL: usize = 3;
const WARNINGS: usize = 4;
const INPUTS: usize = 5;

/// The columns of 班组 besides 班组 and 成员.
struct TeamColumns {
    /// Team slots shown: inputs (but the team key) and rules.
    slots: Vec<u32>,
    /// One band column per band table consulted by team rules.
    band_tables: Vec<u32>,
    /// One column per item that splits a team amount.
    split_items: Vec<usize>,
}

/// Writes the workbook as teams arrive; [`XlsxSink::save`] zips it.
pub struct XlsxSink<'r> {
    r: &'r Report<'r>,
    wb: Workbook,
    st: Styles,
    summary: Summary<'r>,
    running: Running,
    team_columns: TeamColumns,
    sheets: Vec<Sheet>,
    /// Whether a flag has been written to 提示.
    any_flag: bool,
}

/// A name as a message shows it: at most 20 characters.
fn short(name: &str) -> String {
    match name.char_indices().nth(20) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_string(),
    }
}

fn user(message: String) -> Error {
    Error::User(Diagnostic::error(Location::None, message))
}

const DETAIL_HEADERS: [&str; 9] = [
    "工号",
    "姓名",
    "班组",
    "项目",
    "规则",
    "输入",
    "中间值",
    "档位",
    "结果",
];

impl<'r> XlsxSink<'r> {
    /// Creates the workbook with its six sheets and their header rows.
    pub fn new(r: &'r Report<'r>, month: Month) -> Result<Self, Error> {
        let s = r.scheme;
        let mut wb = Workbook::new();
        let created = ExcelDateTime::from_ymd(month.year(), month.month(), 1)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(format!("{} {}", s.name, month))
                .set_subject(format!("{} {} {}", s.id, s.version, month))
                .set_author("appraise")
                .set_creation_datetime(&created),
        );
        let layouts = [
            Layout::Table,
            Layout::Table,
            Layout::Print,
            Layout::Table,
            Layout::Table,
            Layout::Table,
        ];
        let mut sheets = Vec::with_capacity(SHEETS.len());
        for (name, layout) in SHEETS.iter().zip(layouts) {
            sheets.push(Sheet::new(&mut wb, name, layout)?);
        }
        let team_columns = TeamColumns {
            slots: s
                .slots(Level::TEAM)
                .iter()
                .enumerate()
                .filter(|(_, d)| match d.source {
                    // The team key is the 班组 column already.
                    SlotSource::Input { input, column } => {
                        s.inputs.get(input).is_none_or(|i| i.key != column)
                    }
                    SlotSource::Rule { .. } => true,
                })
                .map(|(i, _)| i as u32)
                .collect(),
            band_tables: explain::team_band_tables(s),
            split_items: explain::split_items(s),
        };
        let summary = Summary::new(s);
        let running = Running::new(&summary);
        let mut sink = XlsxSink {
            r,
            wb,
            st: Styles::new(),
            summary,
            running,
            team_columns,
            sheets,
            any_flag: false,
        };
        let headers = sink.summary.headers.clone();
        let header = sink.st.header.clone();
        sink.cur(SUMMARY)?.headers(&headers, &header)?;
        let team_headers = sink.team_headers();
        sink.cur(TEAMS)?.headers(&team_headers, &header)?;
        let detail: Vec<String> = DETAIL_HEADERS.map(String::from).to_vec();
        sink.cur(DETAIL)?.headers(&detail, &header)?;
        let warning_headers: Vec<String> =
            ["类型", "代码", "对象", "说明"].map(String::from).to_vec();
        sink.cur(WARNINGS)?.headers(&warning_headers, &header)?;
        Ok(sink)
    }

    fn cur(&mut self, sheet: usize) -> Result<Cur<'_>, Error> {
        let sh = self
            .sheets
            .get_mut(sheet)
            .ok_or_else(|| Error::Io(std::io::Error::other("internal: no such sheet")))?;
        Ok(Cur {
            wb: &mut self.wb,
            sh,
        })
    }

    fn team_headers(&self) -> Vec<String> {
        let s = self.r.scheme;
        let tc = &self.team_columns;
        let mut headers = vec!["班组".to_string(), "成员".into()];
        let slots = s.slots(Level::TEAM);
        headers.extend(
            tc.slots
                .iter()
                .filter_map(|&i| slots.get(i as usize))
                .map(|d| d.label.clone()),
        );
        headers.extend(
            tc.band_tables
                .iter()
                .map(|&t| format!("档位：{}", explain::table_label(s, t))),
        );
        headers.extend(
            tc.split_items
                .iter()
                .filter_map(|&i| s.items.get(i))
                .map(|item| format!("{}分配", item.label)),
        );
        headers
    }

    /// Zips the finished workbook into `w`.
    pub fn save<W: Write + Send>(mut self, w: W) -> Result<(), Error> {
        self.wb.save_to_writer(w)?;
        Ok(())
    }
}

impl XlsxSink<'_> {
    /// One 明细 row.
    fn detail_row(&mut self, who: [&str; 3], about: &str, e: &Explanation) -> Result<(), Error> {
        let st = &self.st;
        let sh = self
            .sheets
            .get_mut(DETAIL)
            .ok_or_else(|| Error::Io(std::io::Error::other("internal: no such sheet")))?;
        let mut c = Cur {
            wb: &mut self.wb,
            sh,
        };
        c.room(1)?;
        c.sh.who = about.to_string();
        for (col, w) in who.iter().enumerate() {
            c.text(col as u16, w, &st.text)?;
        }
        c.text(3, &e.subject, &st.text)?;
        c.text(4, &e.rule, &st.text)?;
        c.text(5, &e.inputs_text(), &st.text)?;
        c.text(6, &e.values_text(), &st.text)?;
        c.text(7, &e.bands_text(), &st.text)?;
        c.value(8, &e.result, e.format, st)?;
        c.next();
        Ok(())
    }

    /// 汇总 and 工资条 rows of one member.
    fn person_rows(&mut self, v: &TeamView, p: u32, about: &str) -> Result<(), Error> {
        let texts = self.summary.texts(v, p);
        let shown = self.summary.shown(v, p);
        let amounts = self.summary.amounts(v, p);
        self.running.add(&self.summary, &amounts).map_err(user)?;
        let text_cols = self.summary.text_columns() as u16;
        let amount_start = self.summary.amount_start() as u16;
        let headers = self.summary.headers.clone();
        let Self { wb, sheets, st, .. } = self;
        for (sheet, (text_f, money_f)) in [
            (SUMMARY, (&st.text, &st.money)),
            (STRIPS, (&st.strip_text, &st.strip_money)),
        ] {
            let Some(sh) = sheets.get_mut(sheet) else {
                continue;
            };
            let mut c = Cur { wb, sh };
            if sheet == SUMMARY {
                c.room(2)?; // a person, and room for the 合计 row below the last one
            } else {
                c.room(3)?;
                c.headers(&headers, &st.strip_header)?;
            }
            c.sh.who = about.to_string();
            for (col, t) in texts.iter().enumerate() {
                c.text(col as u16, t, text_f)?;
            }
            for (col, (value, format)) in shown.iter().enumerate() {
                c.value(text_cols + col as u16, value, *format, st)?;
            }
            for (col, a) in amounts.iter().enumerate() {
                c.number(amount_start + col as u16, *a, money_f)?;
            }
            c.next();
            if sheet == STRIPS {
                c.next(); // the blank row to cut along
            }
        }
        Ok(())
    }

    /// The 班组 row of the team.
    fn team_row(&mut self, v: &TeamView) -> Result<(), Error> {
        let s = self.r.scheme;
        let names = (0..v.members())
            .map(|p| v.person_text(p, s.roster.name))
            .collect::<Vec<_>>()
            .join("、");
        let bands = explain::team_bands(s, v);
        let band_cells: Vec<String> = self
            .team_columns
            .band_tables
            .iter()
            .map(|&table| {
                let mut whens: Vec<&str> = Vec::new();
                for &(_, t, when) in &bands {
                    if t == table && !whens.contains(&when) {
                        whens.push(when);
                    }
                }
                whens.join(" / ")
            })
            .collect();
        let split_cells: Vec<String> = self
            .team_columns
            .split_items
            .iter()
            .map(|&item| explain::split_text(s, v, item))
            .collect();
        let slots = self.team_columns.slots.clone();
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(TEAMS) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        c.room(1)?;
        c.sh.who = format!("班组 {}", v.id());
        c.text(0, v.id(), &st.text)?;
        c.text(1, &names, &st.text)?;
        let mut col: u16 = 2;
        for &i in &slots {
            let format = s
                .slots(Level::TEAM)
                .get(i as usize)
                .map_or(scheme::Format::Number, |d| d.format);
            c.value(col, v.team_value(i), format, st)?;
            col += 1;
        }
        for text in band_cells.iter().chain(&split_cells) {
            c.text(col, text, &st.text)?;
            col += 1;
        }
        c.next();
        Ok(())
    }

    /// 汇总's 合计 row: SUM formulas whose cached results are the exact totals.
    fn total_row(&mut self) -> Result<(), Error> {
        let text_cols = self.summary.amount_start() as u16;
        let sums = self.running.sums.clone();
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(SUMMARY) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        let last_person_row = c.sh.row; // 1-based row number of the last person
        c.sh.who = "合计".into();
        c.text(0, "合计", &st.bold)?;
        for (i, total) in sums.into_iter().enumerate() {
            let col = text_cols + i as u16;
            if c.sh.part > 1 {
                // People span several sheets: the exact total, not a one-sheet SUM.
                c.number(col, total, &st.money_bold)?;
                continue;
            }
            let name = column_number_to_name(col);
            let formula = Formula::new(format!("SUM({name}2:{name}{last_person_row})"))
                .set_result(format_cents(total));
            c.fit(col, text_width(&format_cents(total)) + 3);
            let row = c.sh.row;
            c.ws()?
                .write_formula_with_format(row, col, formula, &st.money_bold)?;
        }
        c.next();
        Ok(())
    }

    /// A 提示 row for a flag the scheme set, as it is set.
    fn flag_row(&mut self, code: &str, who: &str, label: &str) -> Result<(), Error> {
        self.any_flag = true;
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(WARNINGS) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        c.room(1)?;
        c.sh.who = who.to_string();
        for (col, text) in ["标记", code, who, label].iter().enumerate() {
            c.text(col as u16, text, &st.text)?;
        }
        c.next();
        Ok(())
    }

    /// The rest of 提示, after the flags: warnings about the inputs.
    fn warnings_sheet(&mut self) -> Result<(), Error> {
        let r = self.r;
        let any_flag = self.any_flag;
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(WARNINGS) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        for w in r.warnings {
            c.room(1)?;
            c.text(0, "输入", &st.text)?;
            c.text(3, &w.to_string(), &st.text)?;
            c.next();
        }
        if !any_flag && r.warnings.is_empty() {
            c.text(3, "无", &st.text)?;
            c.next();
        }
        Ok(())
    }

    /// 输入: each input file with its rows and SHA-256, the scheme, the month.
    fn inputs_sheet(&mut self, month: &str) -> Result<(), Error> {
        let r = self.r;
        let s = r.scheme;
        let headers: Vec<String> = ["类别", "名称", "文件", "行数", "版本", "SHA-256"]
            .map(String::from)
            .to_vec();
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(INPUTS) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        c.headers(&headers, &st.header)?;
        for i in r.inputs {
            c.text(0, "输入", &st.text)?;
            c.text(1, &format!("{} ({})", i.label, i.input), &st.text)?;
            c.text(2, &i.file, &st.text)?;
            c.number(3, Decimal::from(i.rows), &st.integer)?;
            c.text(5, &i.sha256, &st.text)?;
            c.next();
        }
        c.text(0, "方案", &st.text)?;
        c.text(1, &format!("{} ({})", s.name, s.id), &st.text)?;
        c.text(2, &s.file, &st.text)?;
        c.text(4, &s.version, &st.text)?;
        c.text(5, &s.sha256, &st.text)?;
        c.next();
        c.text(0, "考核周期", &st.text)?;
        c.text(1, month, &st.text)?;
        c.next();
        Ok(())
    }
}

impl Sink for XlsxSink<'_> {
    type Error = Error;

    fn team(&mut self, v: &TeamView) -> Result<(), Error> {
        let r = self.r;
        let s = r.scheme;
        let team = v.id();
        for p in 0..v.members() {
            let (id, name) = (
                v.person_text(p, s.roster.id),
                v.person_text(p, s.roster.name),
            );
            let about = format!("{id} {} (班组 {team})", short(name));
            self.person_rows(v, p, &about)?;
        }
        self.team_row(v)?;
        for p in 0..v.members() {
            let (id, name) = (
                v.person_text(p, s.roster.id),
                v.person_text(p, s.roster.name),
            );
            let about = format!("{id} {} (班组 {team})", short(name));
            let who = [id, name, v.person_text(p, s.roster.team)];
            for e in explain::person(r, v, p) {
                self.detail_row(who, &about, &e)?;
            }
        }
        let about = format!("班组 {team}");
        for e in explain::team(r, v) {
            self.detail_row(["", "", team], &about, &e)?;
        }
        for hit in v.flags {
            let Some(flag) = s.flags.get(hit.flag) else {
                continue;
            };
            let (team, id, name) = flag_subject(s, v, hit);
            let who = if hit.level == Level::PERSON {
                format!("{id} {name}")
            } else {
                format!("班组 {team}")
            };
            self.flag_row(&flag.code, &who, &flag.label)?;
        }
        Ok(())
    }

    fn finish(&mut self, m: &MonthView) -> Result<(), Error> {
        let r = self.r;
        let s = r.scheme;
        // 明细 of the groups and the month, after the teams.
        for (level, d) in s.levels.all() {
            if !d.is_global() {
                continue;
            }
            for e in 0..m.ids(level).len() as u32 {
                let about = global_subject(s, m, level, e);
                for ex in explain::global(r, m, level, e) {
                    self.detail_row(["", "", &about], &about, &ex)?;
                }
            }
        }
        for hit in m.flags {
            let Some(flag) = s.flags.get(hit.flag) else {
                continue;
            };
            let who = global_subject(s, m, hit.level, hit.entity);
            self.flag_row(&flag.code, &who, &flag.label)?;
        }
        self.total_row()?;
        self.warnings_sheet()?;
        self.inputs_sheet(&m.month.to_string())?;
        let Self { wb, sheets, .. } = self;
        for sh in sheets.iter_mut() {
            Cur { wb, sh }.finish_part()?;
        }
        Ok(())
    }
}
