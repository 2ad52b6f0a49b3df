//! The workbook for the finance office, one sheet per question:
//!
//! - 封面 — the cover to file and sign ([`super::cover`]);
//! - 汇总 — one row per person with every item and the totals (a 合计 row),
//!   below a title row (scheme, month, 绩效奖金汇总表) and 单位：元;
//! - 班组 — one row per team: its inputs, every team rule, the band chosen and
//!   how each team amount was split among the members;
//! - 工资条 — payslip strips (month, header row, value row, cut line) to print
//!   and cut, [`STRIPS_PER_PAGE`] to a page so that no strip splits;
//! - 明细 — each person's figures explained, one row a figure, in Chinese
//!   ([`super::explain::zh`]); 汇总's 工号 links to the person's first row;
//! - 班组明细 — the same for the figures of teams, groups and the month;
//! - 图表 — native charts from small tables on the sheet ([`charts`]);
//! - 提示 — flags set by the scheme and warnings about the inputs;
//! - 输入 — each input file used, with its rows and SHA-256, and the scheme.
//!
//! `--sheets` writes some of them ([`Selection`]); by default all, 明细
//! without each person's figures above [`DETAIL_PEOPLE`] people (提示 says so).
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

use super::cover::{self, Counts, month_text};
use super::explain::{self, Explanation};
use super::sheet::{Cur, Layout, Sheet, Style, Styles, header_text, text_width};
use super::summary::{Running, Summary};
use super::{Error, Report, flag_subject, global_subject};
use crate::diagnostic::{Diagnostic, Location};
use crate::engine::{MonthView, Sink, TeamView, Traced};
use crate::model::Level;
use crate::money::format_cents;
use crate::month::Month;
use crate::scheme::{self, SlotSource};
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook};
use std::io::Write;

mod charts;
mod rows;
mod selection;
pub use selection::Selection;

/// The sheets, in order. Each name is within Excel's 31 characters.
pub const SHEETS: [&str; 9] = [
    "封面",
    "汇总",
    "班组",
    "工资条",
    "明细",
    "班组明细",
    "图表",
    "提示",
    "输入",
];

/// Payslip strips on a printed page; a manual page break after each page's
/// last one, so that no strip is split across two pages. Six strips of four
/// rows are 24 rows, which fit an A4 page in landscape even unscaled and
/// with taller rows (an A4 page holds about 32 rows of 15 points).
pub const STRIPS_PER_PAGE: u32 = 6;

/// The rows of one strip: the month, the header, the values, the cut line.
const STRIP_ROWS: u32 = 4;

/// Excel keeps at most 1,023 manual page breaks a sheet: 工资条 continues on
/// 工资条2, 工资条3, … after 1,024 pages.
const STRIP_PAGES_PER_PART: u32 = 1024;

pub use super::sheet::cell_number;

/// Above this many people the default workbook's 明细 explains the figures
/// of teams, groups and the month only, not each person's (≈ 12 rows a
/// person: 1.2 M rows and 10 M cells at 100,000 people, four fifths of the
/// workbook's time, and beyond what a reader scrolls). A person's figures
/// are one `appraise explain --person ID` away, and `--sheets` naming 明细
/// writes them all (continued on 明细2, 明细3, … past Excel's rows).
pub const DETAIL_PEOPLE: usize = 10_000;

/// The zip's deflate level, decided once: 1 (rust_xlsxwriter's default is 6).
/// Sheet XML is very repetitive, so level 1 already compresses it about 8×;
/// level 6 makes the file ≈ 25% smaller for twice the compression time,
/// which at 100,000 people was most of the workbook's time.
pub const ZIP_LEVEL: u8 = 1;

/// Indexes of the sheets in [`XlsxSink::sheets`].
const COVER: usize = 0;
const SUMMARY: usize = 1;
const TEAMS: usize = 2;
const STRIPS: usize = 3;
const DETAIL: usize = 4;
const TEAM_DETAIL: usize = 5;
const CHARTS: usize = 6;
const WARNINGS: usize = 7;
const INPUTS: usize = 8;

/// The sheets that are Excel Tables in a small month, with the Tables' names.
const TABLES: [(usize, &str); 4] = [
    (SUMMARY, "汇总表"),
    (TEAMS, "班组表"),
    (WARNINGS, "提示表"),
    (INPUTS, "输入表"),
];

/// At most this many people's 工号 in 汇总 link to their 明细 rows:
/// rust_xlsxwriter keeps a sheet's links in memory until the sheet is
/// written, even in constant-memory mode (about 200 bytes a link).
pub const LINKED_PEOPLE: u64 = DETAIL_PEOPLE as u64;

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
    /// The sheets of [`SHEETS`], `None` for a sheet not written (and for
    /// 封面, an ordinary worksheet: [`XlsxSink::cover`]).
    sheets: Vec<Option<Sheet>>,
    /// 封面's worksheet index, when it is written.
    cover: Option<usize>,
    /// People, teams and totals for 封面.
    counts: Counts,
    month: Month,
    person_detail: bool,
    people_left_out: Option<usize>,
    /// Who a row is about, for messages (one buffer, reused).
    about: String,
    /// Whether a flag has been written to 提示.
    any_flag: bool,
    /// The rules phrased in Chinese, for 明细 and 班组明细.
    phrasing: explain::zh::Phrasing,
    /// 图表's worksheet index and what it charts, when it is written.
    charts: Option<(usize, charts::ChartData)>,
    /// Whether 汇总's 工号 cells link to 明细.
    links: bool,
    /// The department the workbook is for (titles).
    department: String,
    /// 工资条's header: 汇总's, and 事由 when the scheme's inputs give reasons.
    strip_headers: Vec<String>,
    /// The person input columns that give reasons (事由).
    reason_slots: Vec<(usize, u32)>,
    /// 汇总's linked 工号: bordered like its neighbours, in the colour of a link.
    link_format: Style,
    /// 工资条's 事由: bordered, wrapped.
    strip_wrap: Style,
    /// 明细's and 班组明细's cells beside a wrapped explanation: at the top.
    top: rows::Top,
    /// 班组's long texts (成员, bands, splits): wrapped, at the bottom like their neighbours.
    wrap_bottom: Style,
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

const DETAIL_HEADERS: [&str; 7] = ["工号", "姓名", "班组", "项目", "说明", "事由", "结果"];

const TEAM_DETAIL_HEADERS: [&str; 5] = ["层级", "编号", "项目", "说明", "结果"];

/// The width of 明细's 说明 column (wrapped): fits A4 landscape with the
/// other columns at 100%.
const EXPLAIN_WIDTH: u16 = 64;

/// The widest 事由 column (wrapped beyond).
const REASON_WIDTH: u16 = 24;

/// The widest text column of 班组 (成员, bands, splits; wrapped beyond).
const TEAM_TEXT_WIDTH: u16 = 30;

impl<'r> XlsxSink<'r> {
    /// Creates the workbook with its sheets (those of `selection`) and their
    /// header rows. The sheets stream to temporary files in `tempdir` (the
    /// result's folder) or the system's temporary folder.
    pub fn new(
        r: &'r Report<'r>,
        month: Month,
        tempdir: Option<&std::path::Path>,
        selection: &Selection,
    ) -> Result<Self, Error> {
        let s = r.scheme;
        let mut wb = Workbook::new();
        wb.set_zip_compression_level(ZIP_LEVEL);
        if let Some(dir) = tempdir {
            wb.set_tempdir(dir)?;
        }
        let created = ExcelDateTime::from_ymd(month.year(), month.month(), 1)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(format!("{} {}", s.name, month))
                .set_subject(format!("{} {} {}", s.id, s.version, month))
                .set_author("appraise")
                .set_creation_datetime(&created),
        );
        let layouts = [
            Layout::Print,
            Layout::Table,
            Layout::Table,
            Layout::Print,
            Layout::Table,
            Layout::Table,
            Layout::Print,
            Layout::Table,
            Layout::Table,
        ];
        let department = r.department();
        // The department, when it is not the scheme's name already, then the scheme.
        let page_header = if department == s.name {
            format!("&L{}&R{} &A", header_text(&s.name), month_text(month))
        } else {
            format!(
                "&L{} {}&R{} &A",
                header_text(&department),
                header_text(&s.name),
                month_text(month)
            )
        };
        let mut sheets = Vec::with_capacity(SHEETS.len());
        let mut cover = None;
        let mut chart_sheet = None;
        for (i, ((name, layout), on)) in
            SHEETS.iter().zip(layouts).zip(selection.sheets).enumerate()
        {
            if i == COVER {
                if on {
                    cover = Some(cover::add(&mut wb)?);
                }
                sheets.push(None);
                continue;
            }
            if i == CHARTS {
                if on {
                    chart_sheet = Some(charts::add(&mut wb)?);
                }
                sheets.push(None);
                continue;
            }
            sheets.push(if on {
                let table = TABLES
                    .iter()
                    .find(|(sheet, _)| *sheet == i)
                    .map(|(_, table)| *table)
                    .filter(|_| selection.tables);
                let mut sh = match table {
                    Some(table) => Sheet::in_memory(&mut wb, name, layout, table)?,
                    None => Sheet::new(&mut wb, name, layout)?,
                };
                sh.page_header.clone_from(&page_header);
                if i == STRIPS {
                    sh.limit = STRIP_PAGES_PER_PART * STRIPS_PER_PAGE * STRIP_ROWS;
                }
                if i == WARNINGS {
                    sh.max_width = 50; // 说明 wraps beyond
                }
                if i == DETAIL || i == TEAM_DETAIL {
                    sh.max_width = EXPLAIN_WIDTH; // 说明 wraps beyond
                }
                if i == TEAMS {
                    sh.max_width = TEAM_TEXT_WIDTH; // 成员 and splits wrap beyond
                }
                Some(sh)
            } else {
                None
            });
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
        let reason_slots = explain::reason_columns(s);
        let mut strip_headers = summary.headers.clone();
        if !reason_slots.is_empty() {
            strip_headers.push("事由".into());
        }
        let st = Styles::new();
        let mut sink = XlsxSink {
            r,
            wb,
            summary,
            running,
            team_columns,
            sheets,
            cover,
            counts: Counts::default(),
            month,
            person_detail: selection.person_detail,
            people_left_out: selection.people_left_out,
            about: String::new(),
            any_flag: false,
            phrasing: explain::zh::Phrasing::new(s),
            charts: chart_sheet.map(|i| (i, charts::ChartData::new(r.trend.clone()))),
            links: selection.person_detail && selection.sheets[SUMMARY] && selection.sheets[DETAIL],
            department,
            strip_headers,
            reason_slots,
            link_format: st.link.clone(),
            strip_wrap: st.strip_wrap.clone(),
            top: rows::Top::new(&st),
            wrap_bottom: st.wrap_bottom.clone(),
            st,
        };
        let header = sink.st.header.clone();
        sink.summary_title(month)?;
        let headers = [
            (SUMMARY, sink.summary.headers.clone()),
            (TEAMS, sink.team_headers()),
            (DETAIL, DETAIL_HEADERS.map(String::from).to_vec()),
            (TEAM_DETAIL, TEAM_DETAIL_HEADERS.map(String::from).to_vec()),
            (
                WARNINGS,
                ["类型", "代码", "对象", "说明"].map(String::from).to_vec(),
            ),
        ];
        for (sheet, h) in headers {
            let f = if sheet == SUMMARY {
                &sink.st.strip_header
            } else {
                &header
            };
            let f = f.clone();
            if let Some(mut c) = sink.cur(sheet) {
                c.headers(&h, &f)?;
            }
        }
        Ok(sink)
    }

    /// The sheet's cursor, `None` when the sheet is not written.
    fn cur(&mut self, sheet: usize) -> Option<Cur<'_>> {
        let sh = self.sheets.get_mut(sheet)?.as_mut()?;
        Some(Cur {
            wb: &mut self.wb,
            sh,
        })
    }

    fn on(&self, sheet: usize) -> bool {
        self.sheets.get(sheet).is_some_and(Option::is_some)
    }

    /// 汇总's first two rows: the title (scheme, month, 绩效奖金汇总表) across
    /// the columns, and 单位：元 at the right.
    fn summary_title(&mut self, month: Month) -> Result<(), Error> {
        let title = format!("{} {} 绩效奖金汇总表", self.department, month_text(month));
        let last = (self.summary.headers.len() as u16).saturating_sub(1).max(1);
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(SUMMARY).and_then(Option::as_mut) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        let ws = c.ws()?;
        ws.set_row_height(0, 28)?;
        ws.merge_range(0, 0, 0, last, &title, &st.title)?;
        c.next();
        c.text(last, "单位：元", &st.unit)?;
        c.next();
        Ok(())
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

impl Sink for XlsxSink<'_> {
    type Error = Error;

    /// 明细 and 班组明细 render every figure's events; 班组 only the band
    /// rows of the team's rules; the other sheets none.
    fn traced(&self) -> Traced {
        if (self.on(DETAIL) && self.person_detail) || self.on(TEAM_DETAIL) {
            Traced::All
        } else if self.on(TEAMS) {
            Traced::Team
        } else {
            Traced::Nothing
        }
    }

    fn team(&mut self, v: &TeamView) -> Result<(), Error> {
        let r = self.r;
        let s = r.scheme;
        let team = v.id();
        self.counts.teams += 1;
        let mut about = std::mem::take(&mut self.about);
        let person_about = |about: &mut String, p: u32| {
            use std::fmt::Write as _;
            let (id, name) = (
                v.person_text(p, s.roster.id),
                v.person_text(p, s.roster.name),
            );
            about.clear();
            let _ = write!(about, "{id} {} (班组 {team})", short(name));
            [id, name, v.person_text(p, s.roster.team)]
        };
        for p in 0..v.members() {
            person_about(&mut about, p);
            self.person_rows(v, p, &about)?;
        }
        self.team_row(v)?;
        if self.on(DETAIL) && self.person_detail {
            for p in 0..v.members() {
                let who = person_about(&mut about, p);
                for e in explain::person(r, v, p) {
                    self.detail_row(who, &about, &e)?;
                }
            }
        }
        if self.on(TEAM_DETAIL) {
            about.clear();
            about.push_str("班组 ");
            about.push_str(team);
            let label = s
                .levels
                .get(Level::TEAM)
                .map_or("班组", |d| d.label.as_str());
            for e in explain::team_raised(r, v) {
                self.team_detail_row([label, team], &about, &e)?;
            }
        }
        if let Some((_, data)) = &mut self.charts {
            data.team(s, v);
        }
        self.about = about;
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
            if !d.is_global() || !self.on(TEAM_DETAIL) {
                continue;
            }
            for e in 0..m.ids(level).len() as u32 {
                let about = global_subject(s, m, level, e);
                let id = m.ids(level).get(e as usize).map_or("", String::as_str);
                for ex in explain::global_raised(r, m, level, e) {
                    self.team_detail_row([&d.label, id], &about, &ex)?;
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
        if let Some(index) = self.cover {
            cover::write(&mut self.wb, index, r, m.month, &self.counts, &self.st)?;
        }
        if let Some((index, data)) = self.charts.take() {
            let net = self.counts.totals;
            charts::write(&mut self.wb, index, r, m.month, &data, net, &self.st)?;
        }
        let Self { wb, sheets, .. } = self;
        for sh in sheets.iter_mut().flatten() {
            Cur { wb, sh }.finish_part()?;
        }
        Ok(())
    }
}
