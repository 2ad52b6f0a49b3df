//! The rows each sheet gets as the month is written: a member's 汇总 row and
//! 工资条 strip, a team's 班组 row, the 明细 rows, the 合计 row, and at the
//! end 提示 and 输入.

use super::*;

impl XlsxSink<'_> {
    /// One 明细 row: who, the figure, its explanation in Chinese, the
    /// reasons given on its input rows (事由), the result.
    pub(super) fn detail_row(
        &mut self,
        who: [&str; 3],
        about: &str,
        e: &Explanation,
    ) -> Result<(), Error> {
        let Self {
            wb,
            sheets,
            st,
            top,
            phrasing,
            r,
            ..
        } = self;
        let Some(sh) = sheets.get_mut(DETAIL).and_then(Option::as_mut) else {
            return Ok(());
        };
        let text = phrasing.text(r.scheme, e);
        let reasons = e.reasons.join("；");
        let mut c = Cur { wb, sh };
        c.room(1)?;
        c.about(about);
        let tall = c.tall();
        for (col, w) in who.iter().chain([&e.subject.as_str()]).enumerate() {
            top.text(&mut c, tall, col as u16, w)?;
        }
        c.wrap_lines(&[(text, EXPLAIN_WIDTH), (&reasons, REASON_WIDTH)])?;
        c.text(4, text, &st.wrap)?;
        c.text_capped(5, &reasons, &st.wrap, REASON_WIDTH)?;
        top.value(&mut c, tall, 6, &e.result, e.format, st)?;
        c.next();
        Ok(())
    }

    /// One 班组明细 row: the level (班组, 部门, 全月) and the entity's ID,
    /// the figure, its explanation in Chinese, the result.
    pub(super) fn team_detail_row(
        &mut self,
        who: [&str; 2],
        about: &str,
        f: &explain::Figure,
    ) -> Result<(), Error> {
        let Self {
            wb,
            sheets,
            st,
            top,
            phrasing,
            r,
            ..
        } = self;
        let Some(sh) = sheets.get_mut(TEAM_DETAIL).and_then(Option::as_mut) else {
            return Ok(());
        };
        let text = phrasing.figure_text(r, f);
        let mut c = Cur { wb, sh };
        c.room(1)?;
        c.about(about);
        let tall = c.tall();
        for (col, w) in who.iter().chain([&f.subject]).enumerate() {
            top.text(&mut c, tall, col as u16, w)?;
        }
        c.wrap_lines(&[(text, EXPLAIN_WIDTH)])?;
        c.text(3, text, &st.wrap)?;
        top.value(&mut c, tall, 4, f.result(), f.format(r.scheme), st)?;
        c.next();
        Ok(())
    }

    /// Where member `p`'s first 明细 row will be (0-based), when 汇总 links
    /// to it: the team's people come in order, each with a fixed number of
    /// rows (底薪, every item, 应发合计), on the current part of 明细.
    fn detail_target(&self, p: u32) -> Option<u32> {
        if !self.links || self.counts.people > LINKED_PEOPLE {
            return None;
        }
        let sh = self.sheets.get(DETAIL)?.as_ref()?;
        let per_person = self.r.scheme.items.len() as u32 + 2;
        let first = sh.row.checked_add(p.checked_mul(per_person)?)?;
        (sh.part == 1 && first.checked_add(per_person)? <= sh.limit).then_some(first)
    }

    /// 汇总 and 工资条 rows of one member.
    pub(super) fn person_rows(&mut self, v: &TeamView, p: u32, about: &str) -> Result<(), Error> {
        if self.cover.is_some() {
            let t = v.totals.get(p as usize).cloned().unwrap_or_default();
            if !self.counts.add_person([t.bonus, t.deduction, t.net]) {
                return Err(user(
                    "the month's totals are too large to compute exactly".into(),
                ));
            }
        }
        if !self.on(SUMMARY) && !self.on(STRIPS) {
            return Ok(());
        }
        let texts = self.summary.texts(v, p);
        let link = self
            .detail_target(p)
            .map(|row| rust_xlsxwriter::Url::new(format!("internal:'明细'!A{}", row + 1)));
        let reason = self.reason_text(v, p);
        let shown = self.summary.shown(v, p);
        let amounts = self.summary.amounts(v, p);
        self.running.add(&self.summary, &amounts).map_err(user)?;
        let text_cols = self.summary.text_columns() as u16;
        let amount_start = self.summary.amount_start() as u16;
        let strip_title = format!("{} 工资条", month_text(self.month));
        let Self {
            wb,
            sheets,
            st,
            summary,
            strip_headers,
            link_format,
            strip_wrap,
            ..
        } = self;
        for sheet in [SUMMARY, STRIPS] {
            let Some(sh) = sheets.get_mut(sheet).and_then(Option::as_mut) else {
                continue;
            };
            let mut c = Cur { wb, sh };
            if sheet == SUMMARY {
                c.room(2)?; // a person, and room for the 合计 row below the last one
            } else {
                c.room(STRIP_ROWS)?;
                let row = c.sh.row;
                if row > 0 && row.is_multiple_of(STRIPS_PER_PAGE * STRIP_ROWS) {
                    c.sh.breaks.push(row);
                }
                // The month on every strip: written past the width bookkeeping,
                // it runs on over the empty cells to its right.
                // A taller row: room above the month, below the cut line.
                let ws = c.ws()?;
                ws.set_row_height(row, 24)?;
                ws.write_string_with_format(row, 0, &strip_title, &st.strip_title)?;
                c.next();
                c.headers(strip_headers, &st.strip_header)?;
            }
            c.about(about);
            for (col, t) in texts.iter().enumerate() {
                match (&link, sheet == SUMMARY && col == 0) {
                    (Some(url), true) => c.link(0, t, url, link_format)?,
                    _ => c.text(col as u16, t, &st.strip_text)?,
                }
            }
            for (col, (value, format)) in shown.iter().enumerate() {
                c.value(text_cols + col as u16, value, *format, st)?;
            }
            for (col, a) in amounts.iter().enumerate() {
                c.number(amount_start + col as u16, *a, &st.strip_money)?;
            }
            let mut width = amount_start + amounts.len() as u16;
            if sheet == STRIPS && strip_headers.len() > summary.headers.len() {
                // 事由, beside the figures.
                c.wrap_lines(&[(&reason, REASON_WIDTH)])?;
                c.text_capped(width, &reason, strip_wrap, REASON_WIDTH)?;
                width += 1;
            }
            c.next();
            if sheet == STRIPS {
                // The line to cut along: formatted blanks (one format lookup for the row).
                for col in 0..width {
                    c.text(col, "", &st.cut)?;
                }
                c.next();
            }
        }
        Ok(())
    }

    /// The 班组 row of the team.
    pub(super) fn team_row(&mut self, v: &TeamView) -> Result<(), Error> {
        if !self.on(TEAMS) {
            return Ok(());
        }
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
        let Self {
            wb,
            sheets,
            st,
            wrap_bottom,
            ..
        } = self;
        let Some(sh) = sheets.get_mut(TEAMS).and_then(Option::as_mut) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        c.room(1)?;
        c.sh.who = format!("班组 {}", v.id());
        if c.tall() {
            let mut wrapped: Vec<&str> = vec![&names];
            wrapped.extend(band_cells.iter().chain(&split_cells).map(String::as_str));
            c.wrap_height(&wrapped)?;
        }
        c.plain(0, v.id())?;
        c.text(1, &names, wrap_bottom)?;
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
            c.text(col, text, wrap_bottom)?;
            col += 1;
        }
        c.next();
        Ok(())
    }

    /// 汇总's 合计 row: SUM formulas whose cached results are the exact totals.
    pub(super) fn total_row(&mut self) -> Result<(), Error> {
        let text_cols = self.summary.amount_start() as u16;
        let sums = self.running.sums.clone();
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(SUMMARY).and_then(Option::as_mut) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        let last_person_row = c.sh.row; // 1-based row number of the last person
        c.sh.table_end = Some(last_person_row.saturating_sub(1));
        let first_person_row = c.sh.head_row + 2; // 1-based, below the header
        c.sh.who = "合计".into();
        c.text(0, "合计", &st.bold)?;
        for col in 1..text_cols {
            c.text(col, "", &st.bold)?;
        }
        for (i, total) in sums.into_iter().enumerate() {
            let col = text_cols + i as u16;
            if c.sh.part > 1 {
                // People span several sheets: the exact total, not a one-sheet SUM.
                c.number(col, total, &st.money_bold)?;
                continue;
            }
            let name = column_number_to_name(col);
            let formula = Formula::new(format!(
                "SUM({name}{first_person_row}:{name}{last_person_row})"
            ))
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
    pub(super) fn flag_row(&mut self, code: &str, who: &str, label: &str) -> Result<(), Error> {
        self.any_flag = true;
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(WARNINGS).and_then(Option::as_mut) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        c.room(1)?;
        c.sh.who = who.to_string();
        c.wrap_height(&[who, label])?;
        for (col, text) in ["标记", code, who, label].iter().enumerate() {
            c.text(col as u16, text, &st.wrap)?;
        }
        c.next();
        Ok(())
    }

    /// The rest of 提示, after the flags: warnings about the inputs.
    pub(super) fn warnings_sheet(&mut self) -> Result<(), Error> {
        let r = self.r;
        let any_flag = self.any_flag;
        let left_out = self.people_left_out.filter(|_| self.on(DETAIL));
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(WARNINGS).and_then(Option::as_mut) else {
            return Ok(());
        };
        let mut c = Cur { wb, sh };
        for w in r.warnings {
            use crate::diagnostic::Severity;
            use crate::i18n::Lang;
            c.room(1)?;
            let kind = match w.severity {
                Severity::Error => "输入错误",
                Severity::Warning => "输入警告",
                Severity::Note => "输入说明",
            };
            c.text(0, kind, &st.wrap)?;
            // Always in Chinese: the sheet is for a Chinese office.
            let mut text = w.message.render(Lang::Zh);
            for hint in &w.hints {
                text.push('；');
                text.push_str(&hint.render(Lang::Zh));
            }
            let location = w.location.render(Lang::Zh);
            c.wrap_height(&[&location, &text])?;
            c.text(2, &location, &st.wrap)?;
            c.text(3, &text, &st.wrap)?;
            c.next();
        }
        if let Some(people) = left_out {
            c.room(1)?;
            c.text(0, "说明", &st.wrap)?;
            c.text(1, "明细从略", &st.wrap)?;
            c.text(2, "明细", &st.wrap)?;
            let note = format!(
                "本月 {people} 人，多于 {DETAIL_PEOPLE} 人：明细不列每人的数字（班组及以上的数字见班组明细），汇总的工号也不链接到明细；每人的明细用 appraise explain --person 工号 查看，或以 --sheets 封面,汇总,班组,工资条,明细,班组明细,图表,提示,输入 全部写出"
            );
            c.wrap_height(&[&note])?;
            c.text(3, &note, &st.wrap)?;
            c.next();
        }
        if !any_flag && r.warnings.is_empty() && left_out.is_none() {
            c.text(0, "说明", &st.wrap)?;
            c.text(3, "无：本月没有标记，输入也没有警告", &st.wrap)?;
            c.next();
        }
        Ok(())
    }

    /// 输入: each input file with its rows and SHA-256, the scheme, the month.
    pub(super) fn inputs_sheet(&mut self, month: &str) -> Result<(), Error> {
        let r = self.r;
        let s = r.scheme;
        let headers: Vec<String> = ["类别", "名称", "文件", "行数", "版本", "SHA-256"]
            .map(String::from)
            .to_vec();
        let Self { wb, sheets, st, .. } = self;
        let Some(sh) = sheets.get_mut(INPUTS).and_then(Option::as_mut) else {
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

impl XlsxSink<'_> {
    /// Member `p`'s reasons (事由) from every input that gives them, joined with `；`.
    pub(super) fn reason_text(&self, v: &TeamView, p: u32) -> String {
        let mut out = String::new();
        for &(_, slot) in &self.reason_slots {
            if let crate::model::Value::Text(t) = v.person_value(p, slot)
                && !t.is_empty()
            {
                if !out.is_empty() {
                    out.push('；');
                }
                out.push_str(t);
            }
        }
        out
    }
}

/// Cell formats aligned at the top, for the cells beside a wrapped
/// explanation (明细, 班组明细): text, and values by their format.
pub(super) struct Top {
    text: Style,
    money: Style,
    percent: Style,
    integer: Style,
    number: Style,
}

impl Top {
    pub(super) fn new(st: &Styles) -> Top {
        Top {
            text: st.top_text.clone(),
            money: st.top_money.clone(),
            percent: st.top_percent.clone(),
            integer: st.top_integer.clone(),
            number: st.top_number.clone(),
        }
    }

    /// Text at the top of a tall row's cell; in a row of the default
    /// height, without a format (no per-cell format lookup).
    fn text(&self, c: &mut Cur, tall: bool, col: u16, s: &str) -> Result<(), Error> {
        if tall {
            c.text(col, s, &self.text)
        } else {
            c.plain(col, s)
        }
    }

    /// A value as [`Cur::value`] writes it, at the top of a tall row's cell.
    fn value(
        &self,
        c: &mut Cur,
        tall: bool,
        col: u16,
        v: &crate::model::Value,
        format: scheme::Format,
        st: &Styles,
    ) -> Result<(), Error> {
        if !tall {
            return c.value(col, v, format, st);
        }
        use scheme::Format as F;
        let f = match format {
            F::Money => &self.money,
            F::Percent => &self.percent,
            F::Integer => &self.integer,
            F::Number => &self.number,
            _ => &self.text,
        };
        match v {
            crate::model::Value::Num(d) if format != F::Text => c.number(col, *d, f),
            other => c.text(col, &super::super::value_text(other, format), &self.text),
        }
    }
}
