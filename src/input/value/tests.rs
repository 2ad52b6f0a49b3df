//! Cell reading, case by case: numbers as finance exports write them, percents, yes/no, dates, IDs.
use super::*;
use rust_decimal_macros::dec;

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
fn number(s: &str) -> Cell {
    Cell::Number(s.to_string())
}
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}
fn ok(cell: Cell, kind: ValueKind) -> Result<Parsed, String> {
    parse_cell(&cell, kind, BarePercent::Fraction).map_err(|m| m.to_string())
}

#[test]
fn ids_are_kept_as_text() {
    let cases = [
        (text("0101"), "0101"),
        (number("1001"), "1001"),
        (text("A-17"), "A-17"),
        (text("０１０１"), "0101"),
    ];
    for (cell, want) in cases {
        assert_eq!(
            ok(cell.clone(), ValueKind::Id),
            Ok(Parsed::Text(want.into())),
            "{cell:?}"
        );
    }
}

#[test]
fn text_values() {
    let cases = [
        (text("张伟"), "张伟"),
        (number("1234.5"), "1234.5"),
        (Cell::Bool(true), "TRUE"),
        (Cell::Date(ymd(2024, 5, 1)), "2024-05-01"),
    ];
    for (cell, want) in cases {
        assert_eq!(
            ok(cell.clone(), ValueKind::Text),
            Ok(Parsed::Text(want.into())),
            "{cell:?}"
        );
    }
}

#[test]
fn numbers_accepted() {
    let cases = [
        (text("12"), ValueKind::Integer, dec!(12)),
        (text("12.0"), ValueKind::Integer, dec!(12)),
        (number("12"), ValueKind::Integer, dec!(12)),
        (text("１２"), ValueKind::Integer, dec!(12)),
        (text("1,200"), ValueKind::Integer, dec!(1200)),
        (text("1,234,567"), ValueKind::Integer, dec!(1234567)),
        (text("-3"), ValueKind::Integer, dec!(-3)),
        (text("+2"), ValueKind::Integer, dec!(2)),
        (text("－２"), ValueKind::Integer, dec!(-2)),
        (text("0.95"), ValueKind::Decimal, dec!(0.95)),
        (number("1234.5"), ValueKind::Decimal, dec!(1234.5)),
        (text("-0.1"), ValueKind::Decimal, dec!(-0.1)),
        (text("1,234.56"), ValueKind::Decimal, dec!(1234.56)),
        (text(".5"), ValueKind::Decimal, dec!(0.5)),
        (text("4000.00"), ValueKind::Money, dec!(4000.00)),
        (text("¥1,234.50"), ValueKind::Money, dec!(1234.50)),
        (text("￥1,234.50"), ValueKind::Money, dec!(1234.50)),
        (text("¥ 12"), ValueKind::Money, dec!(12)),
        (text("1234.5元"), ValueKind::Money, dec!(1234.5)),
        (text("1234.5 元"), ValueKind::Money, dec!(1234.5)),
        (text("¥1,000元"), ValueKind::Money, dec!(1000)),
        (text("-¥25"), ValueKind::Money, dec!(-25)),
        (text("¥-25"), ValueKind::Money, dec!(-25)),
        (text("１，２３４．５"), ValueKind::Money, dec!(1234.5)),
        (number("0.1"), ValueKind::Money, dec!(0.1)),
    ];
    for (cell, kind, want) in cases {
        assert_eq!(
            ok(cell.clone(), kind),
            Ok(Parsed::Number(want)),
            "{cell:?} as {kind:?}"
        );
    }
}

#[test]
fn numbers_rejected() {
    let cases = [
        (
            text("十二"),
            ValueKind::Integer,
            "\"十二\" is not a whole number",
        ),
        (
            text("12.5"),
            ValueKind::Integer,
            "\"12.5\" is not a whole number",
        ),
        (
            number("12.5"),
            ValueKind::Integer,
            "\"12.5\" is not a whole number",
        ),
        (
            text("12台"),
            ValueKind::Integer,
            "\"12台\" is not a whole number",
        ),
        (
            text("1,2"),
            ValueKind::Integer,
            "\"1,2\" is not a whole number",
        ),
        (
            text("1 200"),
            ValueKind::Integer,
            "\"1 200\" is not a whole number",
        ),
        (
            text("1e3"),
            ValueKind::Integer,
            "\"1e3\" is not a whole number",
        ),
        (
            Cell::Bool(true),
            ValueKind::Integer,
            "\"TRUE\" is not a whole number",
        ),
        (text("abc"), ValueKind::Decimal, "\"abc\" is not a number"),
        (
            text("1.2.3"),
            ValueKind::Decimal,
            "\"1.2.3\" is not a number",
        ),
        (text("12."), ValueKind::Decimal, "\"12.\" is not a number"),
        (text("--1"), ValueKind::Decimal, "\"--1\" is not a number"),
        (text("¥12"), ValueKind::Decimal, "\"¥12\" is not a number"),
        (
            text("abc"),
            ValueKind::Money,
            "\"abc\" is not an amount of money",
        ),
        (
            text("(12.00)"),
            ValueKind::Money,
            "\"(12.00)\" is not an amount of money",
        ),
        (
            text("12,34.00"),
            ValueKind::Money,
            "\"12,34.00\" is not an amount of money",
        ),
        (
            text("元"),
            ValueKind::Money,
            "\"元\" is not an amount of money",
        ),
        (
            Cell::Date(ymd(2024, 5, 1)),
            ValueKind::Money,
            "\"2024-05-01\" is not an amount of money",
        ),
    ];
    for (cell, kind, want) in cases {
        assert_eq!(
            ok(cell.clone(), kind),
            Err(want.into()),
            "{cell:?} as {kind:?}"
        );
    }
}

#[test]
fn percentages() {
    let cases = [
        (text("95%"), BarePercent::Fraction, dec!(0.95)),
        (text("95 %"), BarePercent::Fraction, dec!(0.95)),
        (text("９５％"), BarePercent::Fraction, dec!(0.95)),
        (text("95.79%"), BarePercent::Fraction, dec!(0.9579)),
        (text("100%"), BarePercent::Points, dec!(1)),
        (text("-5%"), BarePercent::Fraction, dec!(-0.05)),
        (text("0.95"), BarePercent::Fraction, dec!(0.95)),
        (number("0.95"), BarePercent::Fraction, dec!(0.95)),
        (text("95"), BarePercent::Points, dec!(0.95)),
        (number("95"), BarePercent::Points, dec!(0.95)),
    ];
    for (cell, bare, want) in cases {
        assert_eq!(
            parse_cell(&cell, ValueKind::Percent, bare),
            Ok(Parsed::Number(want)),
            "{cell:?} {bare:?}"
        );
    }
    for bad in ["x", "95%%", "%95", "九十五%"] {
        assert_eq!(
            ok(text(bad), ValueKind::Percent),
            Err(format!("\"{bad}\" is not a percentage"))
        );
    }
}

#[test]
fn booleans() {
    let yes = [
        "是", "Y", "y", "yes", "YES", "√", "✓", "true", "True", "TRUE", "1",
    ];
    let no = ["否", "N", "n", "no", "No", "×", "✗", "false", "FALSE", "0"];
    for s in yes {
        assert_eq!(ok(text(s), ValueKind::Bool), Ok(Parsed::Bool(true)), "{s}");
    }
    for s in no {
        assert_eq!(ok(text(s), ValueKind::Bool), Ok(Parsed::Bool(false)), "{s}");
    }
    assert_eq!(
        ok(Cell::Bool(true), ValueKind::Bool),
        Ok(Parsed::Bool(true))
    );
    assert_eq!(ok(number("0"), ValueKind::Bool), Ok(Parsed::Bool(false)));
    assert_eq!(
        ok(text("maybe"), ValueKind::Bool),
        Err("\"maybe\" is not yes/no (expected 是/否, Y/N, √/×, true/false or 1/0)".into())
    );
    assert_eq!(
        ok(number("2"), ValueKind::Bool),
        Err("\"2\" is not yes/no (expected 是/否, Y/N, √/×, true/false or 1/0)".into())
    );
}

#[test]
fn dates() {
    let may_first = ymd(2024, 5, 1);
    let cases = [
        (Cell::Date(may_first), may_first),
        (number("45413"), may_first),
        (number("45413.75"), may_first),
        (text("45413"), may_first),
        (text("2024-05-01"), may_first),
        (text("2024/5/1"), may_first),
        (text("2024/05/01"), may_first),
        (text("2024年5月1日"), may_first),
        (text("2024.5.1"), may_first),
        (text("20240501"), may_first),
        (text("2024-05-01 08:30:00"), may_first),
        (text("2024-05-01T08:30"), may_first),
        (text("２０２４－０５－０１"), may_first),
        (number("367"), ymd(1901, 1, 1)),
        (number("2958465"), ymd(9999, 12, 31)),
    ];
    for (cell, want) in cases {
        assert_eq!(
            ok(cell.clone(), ValueKind::Date),
            Ok(Parsed::Date(want)),
            "{cell:?}"
        );
    }
    for bad in [
        "2024-02-30",
        "2024-13-01",
        "24-5-1",
        "2024-5",
        "2024/5/1/2",
        "May 1",
        "60",
        "12",
        "2958466",
        "2024-05-01 lunch",
        "2024年5月1",
    ] {
        assert_eq!(
            ok(text(bad), ValueKind::Date),
            Err(format!(
                "\"{bad}\" is not a date (expected e.g. 2024-05-01)"
            )),
            "{bad}"
        );
    }
    assert_eq!(
        ok(Cell::Bool(false), ValueKind::Date),
        Err("\"FALSE\" is not a date (expected e.g. 2024-05-01)".into())
    );
}

#[test]
fn excel_serials_follow_the_1900_system() {
    // 1900-03-01 is serial 61 because Excel counts a 1900-02-29.
    assert_eq!(date_from_number(dec!(61)), None); // below the sane window
    assert_eq!(date_from_number(dec!(36526)), Some(ymd(2000, 1, 1)));
    assert_eq!(date_from_number(dec!(44197)), Some(ymd(2021, 1, 1)));
}

#[test]
fn empty_and_error_cells() {
    let cases = [
        (
            Cell::Empty,
            ValueKind::Integer,
            "is empty; expected a whole number",
        ),
        (
            text("  "),
            ValueKind::Money,
            "is empty; expected an amount of money",
        ),
        (Cell::Empty, ValueKind::Id, "is empty; expected an ID"),
        (Cell::Empty, ValueKind::Bool, "is empty; expected yes/no"),
        (Cell::Empty, ValueKind::Date, "is empty; expected a date"),
        (
            Cell::Empty,
            ValueKind::Percent,
            "is empty; expected a percentage",
        ),
        (
            Cell::Empty,
            ValueKind::Decimal,
            "is empty; expected a number",
        ),
        (Cell::Empty, ValueKind::Text, "is empty; expected some text"),
        (
            Cell::Error("#DIV/0!".into()),
            ValueKind::Money,
            "holds the spreadsheet error #DIV/0!; expected an amount of money",
        ),
        (Cell::Bool(true), ValueKind::Id, "\"TRUE\" is not an ID"),
    ];
    for (cell, kind, want) in cases {
        assert_eq!(
            ok(cell.clone(), kind),
            Err(want.into()),
            "{cell:?} as {kind:?}"
        );
    }
}

#[test]
fn display_quotes_values() {
    assert_eq!(cell_display(&text("十二")), "\"十二\"");
    assert_eq!(cell_display(&text("say \"hi\"")), "\"say \\\"hi\\\"\"");
    assert_eq!(cell_display(&number("1001")), "\"1001\"");
    assert_eq!(cell_display(&Cell::Empty), "an empty cell");
    assert_eq!(cell_display(&Cell::Bool(false)), "\"FALSE\"");
    assert_eq!(cell_display(&Cell::Date(ymd(2024, 5, 1))), "\"2024-05-01\"");
}
