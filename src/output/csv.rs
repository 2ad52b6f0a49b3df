//! The summary as CSV (`--format csv`): the 汇总 table with a 合计 row,
//! amounts with exactly two decimals and no thousands separators. UTF-8 with a
//! byte-order mark (so Excel detects it), or GBK for old systems.

use super::summary::{Running, Summary};
use super::{Error, Report};
use crate::diagnostic::{Diagnostic, Location};
use crate::engine::{MonthView, Sink, TeamView};
use crate::money::format_cents;
use clap::ValueEnum;

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

fn user(message: String) -> Error {
    Error::User(Diagnostic::error(Location::None, message))
}

fn csv_error(e: impl std::fmt::Display) -> Error {
    Error::Io(std::io::Error::other(format!("cannot write CSV: {e}")))
}

/// Collects the summary rows as teams arrive; [`CsvSink::bytes`] is the file.
pub struct CsvSink<'r> {
    summary: Summary<'r>,
    encoding: Encoding,
    w: ::csv::Writer<Vec<u8>>,
    running: Running,
    bytes: Vec<u8>,
}

impl<'r> CsvSink<'r> {
    pub fn new(r: &'r Report<'r>, encoding: Encoding) -> Result<Self, Error> {
        let summary = Summary::new(r.scheme);
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(&summary.headers).map_err(csv_error)?;
        let running = Running::new(&summary);
        Ok(CsvSink {
            summary,
            encoding,
            w,
            running,
            bytes: Vec::new(),
        })
    }

    /// The file's bytes, once the month is finished.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Sink for CsvSink<'_> {
    type Error = Error;

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
            row.extend(amounts.into_iter().map(format_cents));
            self.w.write_record(&row).map_err(csv_error)?;
        }
        Ok(())
    }

    /// Writes the 合计 row and encodes the file.
    fn finish(&mut self, _m: &MonthView) -> Result<(), Error> {
        let mut total = vec![String::new(); self.summary.text_columns()];
        if let Some(first) = total.first_mut() {
            *first = "合计".into();
        }
        total.extend(self.running.sums.iter().copied().map(format_cents));
        self.w.write_record(&total).map_err(csv_error)?;
        let w = std::mem::replace(&mut self.w, ::csv::Writer::from_writer(Vec::new()));
        let text = w.into_inner().map_err(csv_error)?;
        self.bytes = match self.encoding {
            Encoding::Utf8 => [BOM, &text].concat(),
            Encoding::Gbk => {
                let text = String::from_utf8(text).map_err(csv_error)?;
                let (bytes, _, lossy) = encoding_rs::GBK.encode(&text);
                if lossy {
                    let bad = text
                        .lines()
                        .find(|l| encoding_rs::GBK.encode(l).2)
                        .unwrap_or_default();
                    return Err(user(format!(
                        "cannot write GBK: this row has characters GBK does not have: {bad}; use --encoding utf-8"
                    )));
                }
                bytes.into_owned()
            }
        };
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
