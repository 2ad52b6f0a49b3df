//! The workbook's cell formats, each numbered ([`Style`]) so that a cell's
//! format is known without comparing formats (see `sheet`'s held formats).

use crate::scheme;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline};

/// A cell format of the workbook with its number in [`Styles`], so that a
/// cell's format is known without comparing formats (see [`Formats`]). It
/// dereferences to the [`Format`] for rust_xlsxwriter's own calls.
#[derive(Clone)]
pub(super) struct Style {
    pub(super) format: Format,
    pub(super) id: usize,
}

impl std::ops::Deref for Style {
    type Target = Format;
    fn deref(&self) -> &Format {
        &self.format
    }
}

/// The cell formats of the workbook.
pub(super) struct Styles {
    pub(super) header: Style,
    pub(super) money: Style,
    pub(super) money_bold: Style,
    pub(super) percent: Style,
    pub(super) integer: Style,
    pub(super) number: Style,
    pub(super) text: Style,
    pub(super) bold: Style,
    pub(super) strip_header: Style,
    pub(super) strip_text: Style,
    pub(super) strip_money: Style,
    /// A sheet's title row (汇总, 封面): large, bold, centred.
    pub(super) title: Style,
    /// 单位：元, at the right of the row below the title.
    pub(super) unit: Style,
    /// A strip's first row: the month it is for.
    pub(super) strip_title: Style,
    /// The row to cut along below a strip: a dashed line.
    pub(super) cut: Style,
    /// Long texts (提示): wrapped, top-aligned.
    pub(super) wrap: Style,
    /// A link in 汇总 (工号 → 明细): bordered, blue, underlined.
    pub(super) link: Style,
    /// 工资条's 事由: bordered, wrapped, at the top.
    pub(super) strip_wrap: Style,
    /// 班组's long texts (成员, bands, splits): wrapped, at the bottom like their neighbours.
    pub(super) wrap_bottom: Style,
    /// 明细's and 班组明细's cells beside a wrapped explanation: at the top,
    /// text and values by their format.
    pub(super) top_text: Style,
    pub(super) top_money: Style,
    pub(super) top_percent: Style,
    pub(super) top_integer: Style,
    pub(super) top_number: Style,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        let mut id = 0;
        let mut style = |format: Format| {
            id += 1;
            Style { format, id: id - 1 }
        };
        Styles {
            header: style(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xDDEBF7))
                    .set_border_bottom(FormatBorder::Thin),
            ),
            money: style(Format::new().set_num_format("#,##0.00")),
            money_bold: style(border(Format::new().set_num_format("#,##0.00").set_bold())),
            percent: style(Format::new().set_num_format("0.00%")),
            integer: style(Format::new().set_num_format("0")),
            number: style(Format::new().set_num_format("0.####")),
            text: style(Format::new()),
            bold: style(border(Format::new().set_bold())),
            strip_header: style(border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xDDEBF7)),
            )),
            strip_text: style(border(Format::new())),
            strip_money: style(border(Format::new().set_num_format("#,##0.00"))),
            title: style(
                Format::new()
                    .set_bold()
                    .set_font_size(16)
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter),
            ),
            unit: style(Format::new().set_align(FormatAlign::Right)),
            strip_title: style(Format::new().set_bold()),
            cut: style(Format::new().set_border_bottom(FormatBorder::Dashed)),
            wrap: style(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
            link: style(border(
                Format::new()
                    .set_font_color(Color::RGB(0x0563C1))
                    .set_underline(FormatUnderline::Single),
            )),
            strip_wrap: style(border(
                Format::new().set_text_wrap().set_align(FormatAlign::Top),
            )),
            wrap_bottom: style(Format::new().set_text_wrap()),
            top_text: style(Format::new().set_align(FormatAlign::Top)),
            top_money: style(
                Format::new()
                    .set_align(FormatAlign::Top)
                    .set_num_format("#,##0.00"),
            ),
            top_percent: style(
                Format::new()
                    .set_align(FormatAlign::Top)
                    .set_num_format("0.00%"),
            ),
            top_integer: style(
                Format::new()
                    .set_align(FormatAlign::Top)
                    .set_num_format("0"),
            ),
            top_number: style(
                Format::new()
                    .set_align(FormatAlign::Top)
                    .set_num_format("0.####"),
            ),
        }
    }

    pub(super) fn for_value(&self, f: scheme::Format) -> &Style {
        match f {
            scheme::Format::Money => &self.money,
            scheme::Format::Percent => &self.percent,
            scheme::Format::Integer => &self.integer,
            scheme::Format::Number => &self.number,
            _ => &self.text,
        }
    }
}
