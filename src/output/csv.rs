//! The summary as CSV (`--format csv`): the 汇总 table with a 合计 row,
//! amounts with exactly two decimals and no thousands separators. UTF-8 with a
//! byte-order mark (so Excel detects it), or GBK for old systems.

use super::Report;
use super::summary::Summary;
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

/// Renders the summary. Fails (naming the person) if a text has characters
/// that GBK cannot hold, rather than writing them as something else.
pub fn render(r: &Report, encoding: Encoding) -> Result<Vec<u8>, String> {
    let o = r.outcome;
    let summary = Summary::new(r.scheme);
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let err = |e: ::csv::Error| format!("cannot write CSV: {e}");
    w.write_record(&summary.headers).map_err(err)?;
    for p in 0..o.person_count() as u32 {
        let mut row: Vec<String> = summary.texts(o, p).into_iter().map(protect_text).collect();
        row.extend(summary.amounts(o, p).into_iter().map(format_cents));
        w.write_record(&row).map_err(err)?;
    }
    let mut total = vec![String::new(); summary.text_columns()];
    if let Some(first) = total.first_mut() {
        *first = "合计".into();
    }
    total.extend(summary.totals(o)?.into_iter().map(format_cents));
    w.write_record(&total).map_err(err)?;
    let text = w
        .into_inner()
        .map_err(|e| format!("cannot write CSV: {e}"))?;
    match encoding {
        Encoding::Utf8 => Ok([BOM, &text].concat()),
        Encoding::Gbk => {
            let text = String::from_utf8(text).map_err(|e| format!("cannot write CSV: {e}"))?;
            let (bytes, _, lossy) = encoding_rs::GBK.encode(&text);
            if lossy {
                let bad = text
                    .lines()
                    .find(|l| encoding_rs::GBK.encode(l).2)
                    .unwrap_or_default();
                return Err(format!(
                    "cannot write GBK: this row has characters GBK does not have: {bad}; use --encoding utf-8"
                ));
            }
            Ok(bytes.into_owned())
        }
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
