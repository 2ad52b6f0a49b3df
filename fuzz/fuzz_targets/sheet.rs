//! Bytes as a month's roster workbook, read through `read_month` (calamine,
//! then our cell-by-cell reader for .xlsx) and computed. Bytes that start
//! with `PK` are the file itself (any zip, or an .ods); bytes starting with
//! the OLE signature are an .xls; anything else is the text of a sheet's
//! `<sheetData>` and of the shared strings (split at the first NUL),
//! wrapped in a well-formed .xlsx, so the fuzzer works on the XML rather
//! than on compressed bytes. Any panic, hang or runaway allocation is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::sync::OnceLock;

#[path = "month.rs"]
mod month;

static MONTH: OnceLock<month::Month> = OnceLock::new();

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

fn wrapped(data: &[u8]) -> Option<Vec<u8>> {
    let (sheet, strings) = match data.iter().position(|&b| b == 0) {
        Some(i) => (data.get(..i)?, data.get(i + 1..)?),
        None => (data, &[][..]),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/sharedStrings.xml", strings),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).ok()?;
        if name == "xl/worksheets/sheet1.xml" {
            zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).ok()?;
            zip.write_all(text).ok()?;
            zip.write_all(b"</sheetData></worksheet>").ok()?;
        } else if name == "xl/sharedStrings.xml" {
            zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#).ok()?;
            zip.write_all(text).ok()?;
            zip.write_all(b"</sst>").ok()?;
        } else {
            zip.write_all(text).ok()?;
        }
    }
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let month = MONTH.get_or_init(month::Month::new);
    if data.starts_with(b"PK") {
        month.read_with("roster", "xlsx", data);
    } else if data.starts_with(OLE) {
        month.read_with("roster", "xls", data);
    } else if let Some(xlsx) = wrapped(data) {
        month.read_with("roster", "xlsx", &xlsx);
    }
});
