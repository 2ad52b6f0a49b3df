//! One cell → one typed value. Pure functions, no file or row context: the
//! caller knows where the cell is and wraps the message into a
//! [`Diagnostic`](crate::diagnostic::Diagnostic), so that
//! `"十二" is not a whole number` becomes
//! `error: repairs.csv row 4, column 维修台数: "十二" is not a whole number`.
//!
//! Numbers are read from their exact text with [`Decimal::from_str`]; no value
//! passes through binary floating point.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::{Days, NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::table::Cell;
use crate::i18n::{Msg, Text};
use crate::msg;

/// What a column holds, as a scheme declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// An identifier kept as text: 工号 `0101` keeps its leading zero.
    Id,
    /// Free text (a name, a team).
    Text,
    /// A whole number (units repaired, points).
    Integer,
    /// An exact decimal number.
    Decimal,
    /// An amount in 元: `¥1,234.50`, `1234.5元`.
    Money,
    /// A percentage, returned as a fraction: `95%` → 0.95.
    Percent,
    /// Yes or no: 是/否, Y/N, √/×, true/false, 1/0.
    Bool,
    /// A calendar day.
    Date,
}

/// What a bare number (no `%` sign) in a percent column means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarePercent {
    /// `0.95` means 95%.
    Fraction,
    /// `95` means 95%.
    Points,
}

/// A typed value read from a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    Text(String),
    Number(Decimal),
    Bool(bool),
    Date(NaiveDate),
}

impl ValueKind {
    /// How the expected value is named in messages: "expected a whole number".
    pub fn expected(self) -> Msg {
        match self {
            ValueKind::Id => msg!("kind-id"),
            ValueKind::Text => msg!("kind-text"),
            ValueKind::Integer => msg!("kind-integer"),
            ValueKind::Decimal => msg!("kind-decimal"),
            ValueKind::Money => msg!("kind-money"),
            ValueKind::Percent => msg!("kind-percent"),
            ValueKind::Bool => msg!("kind-bool"),
            ValueKind::Date => msg!("kind-date"),
        }
    }

    /// The message for a value that is not of this kind.
    fn rejects(self, cell: &Cell) -> Msg {
        let shown = shown(cell);
        match self {
            ValueKind::Text => msg!("value-not-text", shown = shown),
            ValueKind::Bool => msg!("value-not-bool", shown = shown),
            ValueKind::Date => msg!("value-not-date", shown = shown),
            kind => msg!("value-not-kind", shown = shown, expected = kind.expected()),
        }
    }
}

/// Reads `cell` as a value of `kind`. `Err` holds the message body, without
/// the location: `"12.5" is not a whole number`.
///
/// An empty cell is an error (`is empty; expected a whole number`): whether
/// a column may be left empty is the caller's decision, made before calling.
pub fn parse_cell(cell: &Cell, kind: ValueKind, bare: BarePercent) -> Result<Parsed, Msg> {
    match cell {
        Cell::Empty => return Err(msg!("value-is-empty", expected = kind.expected())),
        Cell::Text(s) if s.trim().is_empty() => {
            return Err(msg!("value-is-empty", expected = kind.expected()));
        }
        Cell::Error(e) => {
            return Err(msg!(
                "value-spreadsheet-error",
                error = e,
                expected = kind.expected()
            ));
        }
        _ => {}
    }
    let parsed = match kind {
        ValueKind::Id => parse_id(cell),
        ValueKind::Text => parse_text(cell),
        ValueKind::Integer => number_text(cell)
            .and_then(|s| parse_number(s, Affixes::NONE))
            .filter(Decimal::is_integer)
            .map(|d| Parsed::Number(d.normalize())),
        ValueKind::Decimal => number_text(cell)
            .and_then(|s| parse_number(s, Affixes::NONE))
            .map(Parsed::Number),
        ValueKind::Money => number_text(cell)
            .and_then(|s| parse_number(s, Affixes::MONEY))
            .map(Parsed::Number),
        ValueKind::Percent => number_text(cell)
            .and_then(|s| parse_percent(s, bare))
            .map(Parsed::Number),
        ValueKind::Bool => parse_bool(cell).map(Parsed::Bool),
        ValueKind::Date => parse_date(cell).map(Parsed::Date),
    };
    parsed.ok_or_else(|| kind.rejects(cell))
}

/// How a cell's value is quoted in messages, in the message's language:
/// `"十二"`, `"1001"`, `an empty cell` (空单元格).
pub fn shown(cell: &Cell) -> Text {
    match cell {
        Cell::Empty => msg!("value-empty-cell").into(),
        cell => cell_display(cell).into(),
    }
}

/// How a cell's value is quoted in messages: `"十二"`, `"1001"`, `an empty cell`.
pub fn cell_display(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "an empty cell".to_string(),
        Cell::Text(s) | Cell::Number(s) | Cell::Error(s) => quote(s),
        Cell::Bool(b) => quote(if *b { "TRUE" } else { "FALSE" }),
        Cell::Date(d) => quote(&d.format("%Y-%m-%d").to_string()),
    }
}

/// How many characters of a value a message quotes; a longer value is cut
/// there and its length given, so a 10 MB cell makes a one-line message.
const QUOTE_CHARS: usize = 80;

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(4 * QUOTE_CHARS) + 2);
    out.push('"');
    let mut chars = s.chars();
    for c in chars.by_ref().take(QUOTE_CHARS) {
        match c {
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    if chars.next().is_some() {
        let total = s.chars().count();
        out.push_str(&format!("…\" ({total} characters)"));
        return out;
    }
    out.push('"');
    out
}

fn parse_id(cell: &Cell) -> Option<Parsed> {
    match cell {
        Cell::Text(s) | Cell::Number(s) => {
            let id = ascii_width(s.trim());
            (!id.is_empty()).then(|| Parsed::Text(id.into_owned()))
        }
        _ => None,
    }
}

fn parse_text(cell: &Cell) -> Option<Parsed> {
    match cell {
        Cell::Text(s) | Cell::Number(s) => Some(Parsed::Text(s.trim().to_string())),
        Cell::Bool(b) => Some(Parsed::Text(if *b { "TRUE" } else { "FALSE" }.to_string())),
        Cell::Date(d) => Some(Parsed::Text(d.format("%Y-%m-%d").to_string())),
        Cell::Empty | Cell::Error(_) => None,
    }
}

/// The text a number is read from: text cells and spreadsheet numbers alike.
fn number_text(cell: &Cell) -> Option<&str> {
    match cell {
        Cell::Text(s) | Cell::Number(s) => Some(s),
        _ => None,
    }
}

/// Which decorations a number may carry around it.
#[derive(Clone, Copy)]
struct Affixes {
    currency: bool,
}

impl Affixes {
    const NONE: Affixes = Affixes { currency: false };
    const MONEY: Affixes = Affixes { currency: true };
}

/// Full-width forms (`１２`, `．`, `，`, `－`, `％`, `￥`) as their ASCII
/// counterparts, the ideographic space as a space, U+2212 as `-`.
/// ASCII text has none of them: it is given back as it is, not copied.
pub(crate) fn ascii_width(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' => '-',
            '\u{FFE5}' => '¥',
            c => c,
        })
        .collect()
}

/// An exact decimal from text: optional sign, thousands separators in
/// groups of three, and (for money) a `¥` prefix and a `元` suffix.
fn parse_number(text: &str, affixes: Affixes) -> Option<Decimal> {
    let text = ascii_width(text);
    let mut s = text.trim();
    let mut negative = false;
    let mut signed = false;
    if let Some(rest) = strip_sign(s, &mut negative) {
        s = rest.trim_start();
        signed = true;
    }
    if affixes.currency {
        if let Some(rest) = s.strip_prefix('¥') {
            s = rest.trim_start();
            if !signed && let Some(rest) = strip_sign(s, &mut negative) {
                s = rest.trim_start();
            }
        }
        if let Some(rest) = s.strip_suffix('元') {
            s = rest.trim_end();
        }
    }
    let digits = plain_digits(s)?;
    let value = Decimal::from_str(&digits).ok()?;
    Some(if negative { -value } else { value })
}

fn strip_sign<'a>(s: &'a str, negative: &mut bool) -> Option<&'a str> {
    if let Some(rest) = s.strip_prefix('-') {
        *negative = true;
        Some(rest)
    } else {
        s.strip_prefix('+')
    }
}

/// `1,234.50` → `1234.50`; `None` unless the text is digits with an optional
/// fraction, and any thousands separators sit between groups of three digits.
fn plain_digits(s: &str) -> Option<Cow<'_, str>> {
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if let Some(f) = frac
        && (f.is_empty() || !all_digits(f))
    {
        return None;
    }
    let int_digits = if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !all_digits(first) {
            return None;
        }
        let mut joined = first.to_string();
        for g in groups {
            if g.len() != 3 || !all_digits(g) {
                return None;
            }
            joined.push_str(g);
        }
        joined
    } else if int_part.is_empty() && frac.is_some() {
        "0".to_string() // ".5"
    } else {
        if int_part.is_empty() || !all_digits(int_part) {
            return None;
        }
        // Digits and a fraction as they are: the text itself.
        return Some(Cow::Borrowed(s));
    };
    Some(Cow::Owned(match frac {
        Some(f) => format!("{int_digits}.{f}"),
        None => int_digits,
    }))
}

/// `95%` → 0.95; a bare number per `bare`.
fn parse_percent(text: &str, bare: BarePercent) -> Option<Decimal> {
    let normalized = ascii_width(text);
    let s = normalized.trim();
    let (number, points) = match s.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (s, bare == BarePercent::Points),
    };
    let value = parse_number(number, Affixes::NONE)?;
    if points {
        value.checked_div(Decimal::ONE_HUNDRED)
    } else {
        Some(value)
    }
}

fn parse_bool(cell: &Cell) -> Option<bool> {
    let text = match cell {
        Cell::Bool(b) => return Some(*b),
        Cell::Text(s) | Cell::Number(s) => ascii_width(s.trim()).to_lowercase(),
        _ => return None,
    };
    match text.as_str() {
        "是" | "y" | "yes" | "√" | "✓" | "✔" | "true" | "1" => Some(true),
        "否" | "n" | "no" | "×" | "✗" | "✘" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Excel's 1900 date system: serial 1 is 1900-01-01, serial 60 is the
/// 1900-02-29 that never was, serial 61 is 1900-03-01. Accepted only from
/// 1901-01-01 (serial 367) to 9999-12-31 (serial 2958465): a smaller number
/// in a date column is a mistake, not a day in 1900.
const SERIAL_MIN: i64 = 367;
const SERIAL_MAX: i64 = 2_958_465;

fn parse_date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(s) => {
            let value = Decimal::from_str(s.trim()).ok()?;
            date_from_number(value.floor())
        }
        Cell::Text(s) => {
            let s = ascii_width(s.trim());
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                return date_from_number(Decimal::from_str(&s).ok()?);
            }
            date_from_text(&s)
        }
        _ => None,
    }
}

/// A serial day number, or an 8-digit `20240501`.
fn date_from_number(value: Decimal) -> Option<NaiveDate> {
    let n = value.to_i64()?;
    if (SERIAL_MIN..=SERIAL_MAX).contains(&n) {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return epoch.checked_add_days(Days::new(u64::try_from(n).ok()?));
    }
    if (10_000_101..=99_991_231).contains(&n) {
        let (y, md) = (n / 10_000, n % 10_000);
        return NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            u32::try_from(md / 100).ok()?,
            u32::try_from(md % 100).ok()?,
        );
    }
    None
}

/// `2024-05-01`, `2024/5/1`, `2024.5.1`, `2024年5月1日`, optionally followed
/// by a time of day (`2024-05-01 08:30:00`), which is dropped.
fn date_from_text(s: &str) -> Option<NaiveDate> {
    let (day_part, time_part) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    if let Some(t) = time_part
        && NaiveTime::parse_from_str(t, "%H:%M:%S").is_err()
        && NaiveTime::parse_from_str(t, "%H:%M").is_err()
    {
        return None;
    }
    let (y, m, d) = if let Some(rest) = day_part.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        (y, m, d)
    } else {
        let sep = day_part.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = day_part.split(sep);
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    let field = |p: &str, max_len: usize| -> Option<u32> {
        let p = p.trim();
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    if y.trim().len() != 4 {
        return None;
    }
    let year = i32::try_from(field(y, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, field(m, 2)?, field(d, 2)?)
}

#[cfg(test)]
mod tests;
