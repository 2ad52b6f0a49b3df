//! The summary as CSV (`--format csv`): the 汇总 table with a 合计 row,
//! amounts with exactly two decimals and no thousands separators. UTF-8 with a
//! byte-order mark (so Excel detects it), or GBK for old systems.
//!
//! Streamed: each row is encoded and written as its team arrives; the 合计
//! row comes from running sums at the end. Nothing per person is kept.

use super::summary::{Running, Summary};
use super::{Error, Report, value_text};
use crate::diagnostic::{Diagnostic, Location};
use crate::engine::{MonthView, Sink, TeamView, Traced};
use crate::money::format_cents;
use clap::ValueEnum;
use std::io::Write;

/// The character encoding of a CSV file.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark.
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK (GB 2312 plus extensions), for older Chinese systems.
    Gbk,
}

const BOM: &[u8] = "\u{feff}".as_bytes();

fn user(message: impl Into<crate::i18n::Text>) -> Error {
    Error::User(Diagnostic::error(Location::None, message))
}

fn csv_error(e: impl std::fmt::Display) -> Error {
    Error::Io(std::io::Error::other(format!("cannot write CSV: {e}")))
}

/// Writes the file to `w` row by row as teams arrive.
pub struct CsvSink<'r, W: Write> {
    summary: Summary<'r>,
    encoding: Encoding,
    /// How every row is quoted and ended (CRLF).
    rows: ::csv::WriterBuilder,
    /// One row's UTF-8 text, reused.
    line: Vec<u8>,
    running: Running,
    w: W,
    /// The first line GBK cannot hold: reported at the end, as when the
    /// whole file was encoded at once (a problem of the 合计 comes first).
    bad: Option<String>,
}

impl<'r, W: Write> CsvSink<'r, W> {
    /// Writes the byte-order mark (UTF-8) and the header row to `w`.
    pub fn new(r: &'r Report<'r>, encoding: Encoding, mut w: W) -> Result<Self, Error> {
        let summary = Summary::new(r.scheme);
        let mut rows = ::csv::WriterBuilder::new();
        rows.terminator(::csv::Terminator::CRLF)
            .buffer_capacity(4096);
        if encoding == Encoding::Utf8 {
            w.write_all(BOM)?;
        }
        let running = Running::new(&summary);
        let mut sink = CsvSink {
            summary,
            encoding,
            rows,
            line: Vec::new(),
            running,
            w,
            bad: None,
        };
        let headers = sink.summary.headers.clone();
        sink.record(&headers)?;
        Ok(sink)
    }

    /// The writer, once the month is finished.
    pub fn into_inner(self) -> W {
        self.w
    }

    /// Encodes one row and writes it.
    fn record(&mut self, fields: &[String]) -> Result<(), Error> {
        if self.bad.is_some() {
            // The file will not be kept: the rest need not be written.
            return Ok(());
        }
        let mut cw = self.rows.from_writer(std::mem::take(&mut self.line));
        cw.write_record(fields).map_err(csv_error)?;
        let mut text = cw.into_inner().map_err(csv_error)?;
        match self.encoding {
            Encoding::Utf8 => self.w.write_all(&text)?,
            Encoding::Gbk => {
                let line = std::str::from_utf8(&text).map_err(csv_error)?;
                let (bytes, _, lossy) = encoding_rs::GBK.encode(line);
                if lossy {
                    // A quoted cell may hold a line break: name the line.
                    let bad = line
                        .lines()
                        .find(|l| encoding_rs::GBK.encode(l).2)
                        .unwrap_or_default();
                    self.bad = Some(bad.to_string());
                } else {
                    self.w.write_all(&bytes)?;
                }
            }
        }
        text.clear();
        self.line = text;
        Ok(())
    }
}

impl<W: Write> Sink for CsvSink<'_, W> {
    type Error = Error;

    /// Figures only: no event is read.
    fn traced(&self) -> Traced {
        Traced::Nothing
    }

    fn team(&mut self, v: &TeamView) -> Result<(), Error> {
        for p in 0..v.members() {
            let amounts = self.summary.amounts(v, p);
            self.running.add(&self.summary, &amounts).map_err(user)?;
            let mut row: Vec<String> = self
                .summary
                .texts(v, p)
                .into_iter()
                .map(protect_text)
                .collect();
            row.extend(
                self.summary
                    .shown(v, p)
                    .into_iter()
                    .map(|(value, format)| protect_text(value_text(value, format))),
            );
            row.extend(amounts.into_iter().map(format_cents));
            self.record(&row)?;
        }
        Ok(())
    }

    /// Writes the 合计 row.
    fn finish(&mut self, _m: &MonthView) -> Result<(), Error> {
        let mut total = vec![String::new(); self.summary.amount_start()];
        if let Some(first) = total.first_mut() {
            *first = "合计".into();
        }
        total.extend(self.running.sums.iter().copied().map(format_cents));
        self.record(&total)?;
        if let Some(bad) = self.bad.take() {
            return Err(user(crate::msg!("not-gbk", row = bad)));
        }
        Ok(())
    }
}

/// A text cell made safe to open in a spreadsheet (CSV injection, OWASP's
/// mitigation): a text beginning with `=`, `+`, `-`, `@`, a tab or a carriage
/// return would be run by Excel as a formula (`=HYPERLINK("http://x")`), so it
/// is written with a leading single quote, which Excel shows as text. Only the
/// text columns (工号, 姓名, 班组, 岗位) pass through here; amounts are numbers
/// we formatted ourselves (`-30.00` stays a number). An ID with leading zeros
/// (`0101`) is written as it is: Excel opening the file shows it as 101, but
/// the file keeps it exact for every other reader.
fn protect_text(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::protect_text;

    #[test]
    fn formula_like_texts_are_quoted() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("张伟", "张伟"),
            ("0101", "0101"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(protect_text(text.to_string()), written, "{text:?}");
        }
    }
}
