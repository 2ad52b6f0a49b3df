//! CSV and tab-separated exports: bytes → text → rows of cells.
//!
//! Finance offices export UTF-8 (with or without a byte-order mark), GBK or
//! GB18030, sometimes UTF-16 ("Unicode text" from Excel, tab-separated). The
//! encoding is detected (a byte-order mark, then UTF-8, then chardetng with a
//! bias for Chinese) unless the caller names one. The separator is a comma or
//! a tab, whichever the header line uses.
//!
//! Rows are numbered as a spreadsheet shows the file: the first record is
//! row 1, a blank line takes a row, and a quoted value that spans lines still
//! makes one row.

use crate::i18n::Msg;
use crate::msg;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

use super::table::{Cell, RawRow, column_letter, file_location};
use crate::diagnostic::{Diagnostic, Location};
use std::borrow::Cow;

/// CSV text, decoded: borrowed from the file's bytes when they are UTF-8
/// with Unix or Windows line ends (no copy), else decoded once.
pub(crate) struct CsvText<'b> {
    text: Cow<'b, str>,
    pub encoding: &'static Encoding,
}

/// Decodes CSV bytes (`encoding` overrides detection).
pub(crate) fn decode_text<'b>(
    bytes: &'b [u8],
    file: &str,
    encoding: Option<&str>,
) -> Result<CsvText<'b>, Vec<Diagnostic>> {
    let (text, encoding) = decode(bytes, file, encoding).map_err(|d| vec![d])?;
    let text = match text {
        Cow::Borrowed(t) => {
            let t = t.trim_end_matches('\u{1a}');
            // A lone carriage return (old Mac line ends) is a line end too;
            // Windows line ends the CSV reader takes as they are.
            if has_lone_cr(t) {
                Cow::Owned(t.replace("\r\n", "\n").replace('\r', "\n"))
            } else {
                Cow::Borrowed(t)
            }
        }
        Cow::Owned(t) => {
            let t = t.trim_end_matches('\u{1a}');
            Cow::Owned(if t.contains('\r') {
                t.replace("\r\n", "\n").replace('\r', "\n")
            } else {
                t.to_string()
            })
        }
    };
    Ok(CsvText { text, encoding })
}

/// Whether a carriage return stands alone (not before a line feed).
fn has_lone_cr(t: &str) -> bool {
    let b = t.as_bytes();
    // Most files have no carriage return at all: one quick pass says so.
    b.contains(&b'\r')
        && b.iter()
            .enumerate()
            .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// The longest value a CSV field may hold, in characters (1 Mi): far past
/// any real value, short of a quote left open swallowing the rest of a file.
/// A longer field is refused before it is held whole. (Text that ends in a
/// workbook cell has Excel's own limit, 32,767 characters, checked where the
/// workbook is written: JSON and CSV results take longer text.)
pub const MAX_FIELD_CHARS: usize = 1024 * 1024;
/// A field longer than this many bytes has more than [`MAX_FIELD_CHARS`]
/// characters whatever they are (UTF-8 takes at most 4 bytes a character):
/// the most a field's buffer grows to before the field is refused.
const MAX_FIELD_BYTES: usize = 4 * MAX_FIELD_CHARS;

/// The rows of CSV text, one at a time, numbered as a spreadsheet shows them.
///
/// Read with `csv_core` into buffers this reader grows itself, so that one
/// field's buffer never outgrows [`MAX_FIELD_BYTES`]: an over-long field is
/// measured as it passes and refused, naming its row, column and length.
pub(crate) struct CsvRows<'t> {
    text: &'t [u8],
    reader: ::csv_core::Reader,
    /// Bytes of `text` consumed so far.
    at: usize,
    fields: Vec<u8>,
    ends: Vec<usize>,
    file: String,
    /// Newlines inside quoted values so far: those lines are not rows.
    continuation_lines: u64,
    failed: bool,
}

impl<'t> CsvRows<'t> {
    pub(crate) fn new(text: &'t CsvText<'_>, file: &str) -> CsvRows<'t> {
        let t: &str = &text.text;
        let reader = ::csv_core::ReaderBuilder::new()
            .delimiter(detect_delimiter(t))
            .build();
        CsvRows {
            text: t.as_bytes(),
            reader,
            at: 0,
            fields: vec![0; 1024],
            ends: vec![0; 32],
            file: file.to_string(),
            continuation_lines: 0,
            failed: false,
        }
    }

    /// The next record's fields into `fields`/`ends` (their count), `None`
    /// at the end, or the length in characters of a field too long, and its
    /// 0-based column.
    fn record(&mut self) -> Option<Result<usize, (usize, u64)>> {
        use ::csv_core::ReadRecordResult as R;
        let (mut out, mut end) = (0, 0);
        loop {
            let input = self.text.get(self.at..).unwrap_or(&[]);
            let (fields, ends) = (
                self.fields.get_mut(out..).unwrap_or(&mut []),
                self.ends.get_mut(end..).unwrap_or(&mut []),
            );
            let (result, read, written, ended) = self.reader.read_record(input, fields, ends);
            self.at += read;
            out += written;
            end += ended;
            match result {
                // At the end of the text, the reader is told so by an empty input.
                R::InputEmpty => {}
                R::OutputFull => {
                    let start = end
                        .checked_sub(1)
                        .and_then(|i| self.ends.get(i))
                        .copied()
                        .unwrap_or(0);
                    if out - start > MAX_FIELD_BYTES {
                        let head = chars_in(self.fields.get(start..out).unwrap_or(&[]));
                        return Some(Err((end, head + self.rest_of_field(out))));
                    }
                    let grown = self.fields.len() * 2;
                    self.fields.resize(grown, 0);
                }
                R::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                R::Record => {
                    let mut start = 0;
                    for (column, &stop) in self.ends.iter().take(end).enumerate() {
                        let field = self.fields.get(start..stop).unwrap_or(&[]);
                        if field.len() > MAX_FIELD_CHARS {
                            let chars = chars_in(field);
                            if chars > MAX_FIELD_CHARS as u64 {
                                return Some(Err((column, chars)));
                            }
                        }
                        start = stop;
                    }
                    return Some(Ok(end));
                }
                R::End => return None,
            }
        }
    }

    /// The length in characters of the rest of the field being read, read
    /// into a small buffer that is overwritten; `out` is how many bytes of
    /// the record were read before (field ends count from the record's start).
    fn rest_of_field(&mut self, mut out: usize) -> u64 {
        let mut chars = 0;
        let mut scratch = [0u8; 8192];
        let mut ends = [0usize; 1];
        loop {
            let input = self.text.get(self.at..).unwrap_or(&[]);
            let (result, read, written, ended) =
                self.reader.read_record(input, &mut scratch, &mut ends);
            self.at += read;
            let field = if ended > 0 {
                ends[0].saturating_sub(out)
            } else {
                written
            };
            out += written;
            chars += chars_in(scratch.get(..field).unwrap_or(&[]));
            if ended > 0 || !matches!(result, ::csv_core::ReadRecordResult::OutputFull) {
                return chars;
            }
        }
    }
}

/// Characters in UTF-8 bytes, which may start or end inside a character:
/// the bytes that are not continuation bytes.
fn chars_in(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}

impl Iterator for CsvRows<'_> {
    type Item = Result<RawRow, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        // A record's place is where the reader started looking for it,
        // before the empty lines it skipped: those lines are rows too.
        let (line, byte) = (self.reader.line(), self.at);
        let skipped = self.text.get(byte..).map_or(0, |rest| {
            rest.iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .filter(|&&b| b == b'\n')
                .count()
        });
        let line = line.saturating_add(skipped as u64);
        let row = u32::try_from(line.saturating_sub(self.continuation_lines)).unwrap_or(u32::MAX);
        let count = match self.record()? {
            Ok(count) => count,
            Err((column, chars)) => {
                self.failed = true;
                return Some(Err(Diagnostic::error(
                    Location::Cell {
                        file: self.file.clone(),
                        row: Some(row),
                        column: Some(column_letter(column as u64)),
                    },
                    msg!(
                        "field-too-long",
                        chars = chars.to_string(),
                        max = MAX_FIELD_CHARS.to_string()
                    ),
                )
                .with_hint(msg!("hint-quote-open"))));
            }
        };
        let mut cells = Vec::with_capacity(count);
        let mut start = 0;
        for &stop in self.ends.iter().take(count) {
            let field = self.fields.get(start..stop).unwrap_or(&[]);
            // Fields of UTF-8 text split at ASCII separators are UTF-8.
            cells.push(match std::str::from_utf8(field) {
                Ok(text) => text_cell(text),
                Err(_) => text_cell(&String::from_utf8_lossy(field)),
            });
            self.continuation_lines += field.iter().filter(|&&b| b == b'\n').count() as u64;
            start = stop;
        }
        Some(Ok(RawRow { row, cells }))
    }

    /// At most one record a line is left: the line ends still to read, and
    /// a last line without one.
    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.failed {
            return (0, Some(0));
        }
        let rest = self.text.get(self.at..).unwrap_or(&[]);
        let lines = rest.iter().filter(|&&b| b == b'\n').count();
        (0, Some(lines + 1))
    }
}

/// A CSV value as a cell: trimmed; `=""0101""` (Excel's way of keeping a
/// leading zero in a CSV file) is the text inside the quotes.
fn text_cell(field: &str) -> Cell {
    let field = field.trim();
    let field = field
        .strip_prefix("=\"")
        .and_then(|f| f.strip_suffix('"'))
        .map_or(field, str::trim);
    if field.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(field.to_string())
    }
}

/// Tab if the first line that has a tab or a comma (outside quotes) has more
/// tabs than commas; comma otherwise.
fn detect_delimiter(text: &str) -> u8 {
    for line in text.lines().take(20) {
        let (mut tabs, mut commas, mut quoted) = (0, 0, false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                '\t' if !quoted => tabs += 1,
                ',' if !quoted => commas += 1,
                _ => {}
            }
        }
        if tabs + commas > 0 {
            return if tabs > commas { b'\t' } else { b',' };
        }
    }
    b','
}

fn decode<'b>(
    bytes: &'b [u8],
    file: &str,
    label: Option<&str>,
) -> Result<(Cow<'b, str>, &'static Encoding), Diagnostic> {
    let not_text = |why: Msg| Diagnostic::error(file_location(file), msg!("not-text", why = why));
    if let Some(label) = label {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Diagnostic::error(file_location(file), msg!("unknown-encoding", label = label))
                .with_hint(msg!("hint-known-encodings"))
        })?;
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(Diagnostic::error(
                file_location(file),
                msg!("not-valid-encoding", encoding = encoding.name()),
            )
            .with_hint(msg!("hint-detect-encoding")));
        }
        check_text(&text).map_err(not_text)?;
        return Ok((text, encoding));
    }
    if let Some(kind) = workbook_signature(bytes) {
        return Err(not_text(msg!("why-workbook", kind = kind)));
    }
    let (text, encoding) = if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_length..).unwrap_or(&[]);
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or_else(|| not_text(msg!("why-bad-bom", encoding = encoding.name())))?;
        (text, encoding)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), UTF_8)
    } else {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let encoding = detector.guess(Some(b"cn"), Utf8Detection::Allow);
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .filter(|_| encoding != UTF_8)
            .ok_or_else(|| not_text(msg!("why-not-utf8-gbk")))?;
        (text, encoding)
    };
    check_text(&text).map_err(not_text)?;
    Ok((text, encoding))
}

/// Text files hold no control characters but tabs, line ends, form feeds
/// and a DOS end-of-file mark; binary files nearly always do.
fn check_text(text: &str) -> Result<(), Msg> {
    match first_control(text) {
        Some(c) => Err(msg!(
            "why-control-character",
            code = format!("U+{:04X}", u32::from(c))
        )),
        None => Ok(()),
    }
}

/// The first control character of `text` but a tab, a line end, a form
/// feed or a DOS end-of-file mark. Byte by byte: the control characters are
/// U+0000–U+001F and U+007F (one byte each) and U+0080–U+009F (0xC2 then
/// 0x80–0x9F in UTF-8); no other character's bytes look like them.
fn first_control(text: &str) -> Option<char> {
    // Blocks of 64 bytes with none of them are passed over whole (a test
    // without branches, which the compiler vectorizes); the first block
    // with one is searched byte by byte from its start.
    let suspect = |c: u8| {
        (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A)) | (c == 0x7F) | (c == 0xC2)
    };
    let clean = text
        .as_bytes()
        .chunks(64)
        .take_while(|block| !block.iter().fold(false, |any, &c| any | suspect(c)))
        .count()
        * 64;
    let b = text.as_bytes();
    let mut from = clean;
    while let Some(i) = b.get(from..).and_then(|rest| {
        rest.iter()
            .position(|&c| c < 0x20 || c == 0x7F || c == 0xC2)
    }) {
        let at = from + i;
        from = at + 1;
        let c = match b.get(at) {
            Some(0xC2) => match b.get(at + 1) {
                Some(&next @ 0x80..=0x9F) => char::from(next),
                _ => continue,
            },
            Some(&c) => char::from(c),
            None => break,
        };
        if !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1a}') {
            return Some(c);
        }
    }
    None
}

/// "xlsx" (or .ods) for a ZIP archive, "xls" for an OLE compound file.
fn workbook_signature(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("xlsx")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some("xls")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3"), b'\t');
        assert_eq!(detect_delimiter("标题\n\"x,y\"\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("a"), b',');
    }

    #[test]
    fn control_characters() {
        // The same answer as asking each character (char::is_control), on
        // texts with each kind: C0, DEL, C1 (U+0085 is 0xC2 0x85), and
        // characters whose UTF-8 has 0xC2 or 0x80–0x9F bytes but are not
        // controls (U+00A0 is 0xC2 0xA0; 中 is 0xE4 0xB8 0xAD; U+4E80 has 0x80).
        let by_char = |t: &str| {
            t.chars()
                .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1a}'))
        };
        for t in [
            "a,b\r\n1,2\t3\u{c}\u{1a}",
            "工号\u{0}x",
            "x\u{7f}",
            "\u{a0}中\u{4e80}\u{85}",
            "\u{a0}\u{9f}",
            "中文,\u{2028}",
            "",
        ] {
            assert_eq!(first_control(t), by_char(t), "{t:?}");
        }
        // Past a first block of 64 bytes, and a control in a later one.
        for t in [
            format!("{}\u{85}", "a,b\n".repeat(20)),
            format!("{}\u{1}", "工号,姓名\r\n".repeat(30)),
            format!("{}\u{a0}", "ok\n".repeat(50)),
        ] {
            assert_eq!(first_control(&t), by_char(&t), "{t:?}");
        }
        assert_eq!(
            first_control(&format!("{}\u{1}", "ok".repeat(50))),
            Some('\u{1}')
        );
        assert_eq!(first_control("\u{a0}中\u{4e80}\u{85}"), Some('\u{85}'));
        assert_eq!(first_control("ok\t\r\n"), None);
    }

    #[test]
    fn cells() {
        assert_eq!(text_cell("  "), Cell::Empty);
        assert_eq!(text_cell(" 张伟 "), Cell::Text("张伟".into()));
        assert_eq!(text_cell("=\"0101\""), Cell::Text("0101".into()));
    }
}
