//! Hostile files and faults (issue 14): memory follows what a file holds,
//! messages are bounded and name what is wrong, no debris is left behind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs compute on the example month and checks it ends quickly (a reader
/// that allocated by a file's claims would take minutes or abort).
fn compute_quickly(ws: &Path, args: &[&str]) -> std::process::Output {
    let start = Instant::now();
    let out = common::compute_in(ws, "2024-05", args);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    out
}

/// The example roster as an xlsx, `extra` written after it.
fn roster_xlsx(ws: &Path, extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let data = ws.join("data/2024-05");
    let csv = std::fs::read_to_string(data.join("roster.csv")).unwrap();
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    extra(sheet);
    wb.save(data.join("roster.xlsx")).unwrap();
    std::fs::remove_file(data.join("roster.csv")).unwrap();
}

#[test]
fn a_far_cell_is_read_by_content_not_by_address() {
    let dir = common::example_workspace();
    roster_xlsx(dir.path(), |sheet| {
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
    });
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "error: roster.xlsx row 1048576: has 16384 cells but the header row has 5 columns"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("unexpected value \"x\" in column XFD"));
}

#[test]
fn a_far_cell_alone_in_its_column_is_refused_before_allocating() {
    // One cell at XFD in each of many rows: each row would span 16,384 cells.
    let dir = common::example_workspace();
    roster_xlsx(dir.path(), |sheet| {
        for r in 20..7_000 {
            sheet.write_number(r, 16_383, 1.0).unwrap();
        }
    });
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("roster.xlsx"), "{}", stderr(&out));
}

/// A minimal xlsx: one sheet `Sheet1` with `sheet_data` (the `<row>`s) and
/// the shared strings given.
fn handmade_xlsx(path: &Path, shared: &[String], sheet_data: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    add(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    add(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    add(
        "xl/sharedStrings.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{strings}</sst>"#,
            n = shared.len()
        ),
    );
    add(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>{sheet_data}</sheetData></worksheet>"#
        ),
    );
    zip.finish().unwrap();
}

#[test]
fn a_huge_shared_string_used_by_many_cells_is_refused_before_copying() {
    let dir = common::example_workspace();
    let data = dir.path().join("data/2024-05");
    std::fs::remove_file(data.join("roster.csv")).unwrap();
    let headers = ["工号", "姓名", "班组", "岗位", "底薪"];
    let mut shared: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    shared.push("名".repeat(1_000_000)); // index 5
    let mut rows = String::from("<row r=\"1\">");
    for (c, letter) in ["A", "B", "C", "D", "E"].iter().enumerate() {
        rows.push_str(&format!(r#"<c r="{letter}1" t="s"><v>{c}</v></c>"#));
    }
    rows.push_str("</row>");
    for r in 2..300 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="s"><v>5</v></c></row>"#
        ));
    }
    handmade_xlsx(&data.join("roster.xlsx"), &shared, &rows);
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        "error: roster.xlsx: sheet \"Sheet1\" cell B2: holds 1000000 characters of text, \
         more than a cell can hold (32767)"
    );
}

#[test]
fn a_claimed_dimension_is_not_trusted() {
    // The handmade sheet claims A1:XFD1048576 but holds only its header.
    let dir = common::example_workspace();
    let data = dir.path().join("data/2024-05");
    std::fs::remove_file(data.join("roster.csv")).unwrap();
    let shared: Vec<String> = ["工号", "姓名", "班组", "岗位", "底薪"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let mut rows = String::from("<row r=\"1\">");
    for (c, letter) in ["A", "B", "C", "D", "E"].iter().enumerate() {
        rows.push_str(&format!(r#"<c r="{letter}1" t="s"><v>{c}</v></c>"#));
    }
    rows.push_str("</row>");
    handmade_xlsx(&data.join("roster.xlsx"), &shared, &rows);
    let out = compute_quickly(dir.path(), &[]);
    // Read as what it holds: a roster without people.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!stderr(&out).contains("memory"), "{}", stderr(&out));
}

/// The example's repairs.csv with the first team's 维修台数 (row 2, column
/// B) replaced by `value`.
fn long_repairs_value(ws: &Path, value: &str) {
    let repairs = ws.join("data/2024-05/repairs.csv");
    let text = std::fs::read_to_string(&repairs).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[1] = value.to_string();
    lines[1] = cells.join(",");
    std::fs::write(&repairs, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_long_bad_value_is_quoted_briefly() {
    // 30,000 characters: a whole number it is not.
    let dir = common::example_workspace();
    long_repairs_value(dir.path(), &"x".repeat(30_000));
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.len() < 2_000, "{} bytes of messages", err.len());
    let quoted = format!("\"{}…\" (30000 characters)", "x".repeat(80));
    assert!(err.contains(&quoted), "{err}");
}

#[test]
fn a_field_longer_than_a_cell_is_refused_naming_row_column_and_length() {
    // 10,000,000 characters, in 张 (3 bytes each in UTF-8): counted in
    // characters, not bytes, and measured without being held whole.
    let dir = common::example_workspace();
    long_repairs_value(dir.path(), &"张".repeat(10_000_000));
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: repairs.csv row 2, column B: a value of 10000000 characters is longer than appraise reads (1048576)\n  \
         = is the file cut or its quotes unbalanced? a quote left open runs to the end\n\
         1 error found\n"
    );
}

#[test]
fn a_field_at_the_limit_is_read_and_one_past_it_is_refused() {
    // 1,048,576 characters is the most a field holds: read (and then refused
    // as a whole number, quoted briefly); 1,048,577 is refused as too long.
    let dir = common::example_workspace();
    long_repairs_value(dir.path(), &"9".repeat(1_048_576));
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("(1048576 characters)"),
        "{}",
        stderr(&out)
    );
    long_repairs_value(dir.path(), &"9".repeat(1_048_577));
    let out = compute_quickly(dir.path(), &[]);
    assert!(
        stderr(&out).contains(
            "error: repairs.csv row 2, column B: a value of 1048577 characters is longer than appraise reads (1048576)"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_quote_left_open_is_refused_at_the_row_it_opens() {
    // points.csv: `"0201,1,…` on row 3 opens a quote that runs to the end of
    // the file. Padded with 1,100,000 characters of 事由 on a later row so
    // the runaway value outgrows the limit.
    let dir = common::example_workspace();
    let points = dir.path().join("data/2024-05/points.csv");
    let text = std::fs::read_to_string(&points).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[2].insert(0, '"');
    lines.push(format!("0101,1,{}", "很".repeat(1_100_000)));
    std::fs::write(&points, lines.join("\n") + "\n").unwrap();
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: points.csv row 3, column A: a value of "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn many_duplicate_headers_are_checked_in_linear_time_and_briefly() {
    let dir = common::example_workspace();
    let roster = dir.path().join("data/2024-05/roster.csv");
    let text = std::fs::read_to_string(&roster).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[0].push_str(&",重复".repeat(100_000));
    std::fs::write(&roster, lines.join("\n") + "\n").unwrap();
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error: roster.csv row 1: column 重复 appears 100000 times (columns F, G, H, I, J, K, L, M, N, O and 99990 more)"),
        "{}",
        &err[..err.len().min(2000)]
    );
}

#[test]
fn out_month_being_a_file_is_named_and_exits_3() {
    let dir = common::example_workspace();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/2024-05"), "not a folder").unwrap();
    for format in ["xlsx", "csv", "json"] {
        let args: &[&str] = if format == "json" {
            &["--format", "json", "--output", "out/2024-05/r.json"]
        } else {
            &["--format", format]
        };
        let out = common::compute_in(dir.path(), "2024-05", args);
        assert_eq!(out.status.code(), Some(3), "{format}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("2024-05 is a file, not a folder"),
            "{format}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn stale_temporary_files_are_removed_by_a_later_run() {
    let dir = common::example_workspace();
    let out_dir = dir.path().join("out/2024-05");
    std::fs::create_dir_all(&out_dir).unwrap();
    // Left by a process that no longer runs (no pid is this large).
    let dead = out_dir.join(".appraise-999999999-Ab12Cd.tmp");
    std::fs::write(&dead, "half a workbook").unwrap();
    // The older naming, unchanged for two hours.
    let old = out_dir.join(".appraise-Xy34Zw.tmp");
    std::fs::write(&old, "half a workbook").unwrap();
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    // The older naming, fresh: may be another run's, kept.
    let fresh = out_dir.join(".appraise-Qr56St.tmp");
    std::fs::write(&fresh, "being written").unwrap();
    // Not of appraise's naming: kept.
    let other = out_dir.join("notes.tmp");
    std::fs::write(&other, "mine").unwrap();
    let out = common::compute_in(dir.path(), "2024-05", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!dead.exists());
    assert!(!old.exists());
    assert!(fresh.exists());
    assert!(other.exists());
    let debris: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".appraise-") && n != ".appraise-Qr56St.tmp")
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
}

#[cfg(unix)]
#[test]
fn sigterm_removes_the_temporary_file() {
    // A month large enough to be interrupted mid-write: the example roster
    // repeated is not needed; a SIGTERM at any moment must leave no
    // `.appraise-*.tmp` behind.
    let dir = common::example_workspace();
    for delay_ms in [0_u64, 5, 20, 50] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_appraise"))
            .arg("-C")
            .arg(dir.path())
            .args(["compute", "--month", "2024-05", "--format", "csv"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let _ = child.wait();
        let out_dir = dir.path().join("out/2024-05");
        if let Ok(entries) = std::fs::read_dir(&out_dir) {
            let debris: Vec<_> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".appraise-"))
                .collect();
            assert!(debris.is_empty(), "after {delay_ms} ms: {debris:?}");
        }
    }
}

/// An .ods whose one row of `width` string cells is repeated `rows` times.
fn repeated_ods(path: &Path, rows: u64, width: u64) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", opts).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", opts).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string" table:number-columns-repeated="{width}"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.start_file("META-INF/manifest.xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    zip.finish().unwrap();
}

#[test]
fn an_ods_is_measured_by_the_cells_it_spans_before_calamine_lays_it_out() {
    // 1,000,000 rows × 1,000 columns = 10^9 cells from a file of a few KB;
    // the trailing empty rows and cells (as LibreOffice writes them) count
    // for nothing.
    let dir = common::example_workspace();
    let data = dir.path().join("data/2024-05");
    std::fs::remove_file(data.join("roster.csv")).unwrap();
    repeated_ods(&data.join("roster.ods"), 1_000_000, 1_000);
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: roster.ods: is an .ods workbook whose sheets span 1000000000 cells, more than appraise reads (5000000)\n  \
         = save it as .xlsx or .csv: those are read cell by cell, without this limit\n\
         1 error found\n"
    );
    // 500 rows × 1,000 columns = 500,000 cells: within the limit, read by
    // calamine (and then found not to be a roster: no 工号 header).
    repeated_ods(&data.join("roster.ods"), 500, 1_000);
    let out = compute_quickly(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("missing column 工号"),
        "{}",
        stderr(&out)
    );
}

/// A figure at the end of a long chain of rules (`c_i = c_(i-1) + 1`): its
/// explanation walks back through at most 256 figures and says that it
/// stopped, so a scheme of thousands of chained rules writes its workbook in
/// time linear in its rules; a figure near the start of the chain is
/// explained whole. The figures themselves are not cut: c299 = c0 + 299.
#[test]
fn a_long_chain_of_rules_is_explained_up_to_a_bound_and_says_so() {
    use calamine::{Reader, Xlsx, open_workbook};
    let ws = common::example("after-sales");
    let scheme = ws.path().join("schemes/after-sales-repair.toml");
    let mut chain = String::from("c0 = { type = \"integer\", expr = 'count(members)' }\n");
    for i in 1..300 {
        chain.push_str(&format!(
            "c{i} = {{ type = \"integer\", expr = 'c{} + 1' }}\n",
            i - 1
        ));
    }
    let text = std::fs::read_to_string(&scheme).unwrap();
    std::fs::write(
        &scheme,
        text.replacen("[team]\n", &format!("[team]\n{chain}"), 1),
    )
    .unwrap();
    let out = common::compute_in(ws.path(), "2024-05", &["--sheets", "班组明细"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = ws
        .path()
        .join("out/2024-05/after-sales-repair-2024-05.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = wb.worksheet_range("班组明细").unwrap();
    // 项目 is the rule's name, 说明 its explanation (columns C and D).
    let explanation = |rule: &str| -> String {
        sheet
            .rows()
            .find(|r| r.get(2).map(|c| c.to_string()) == Some(rule.to_string()))
            .and_then(|r| r.get(3).map(|c| c.to_string()))
            .unwrap_or_else(|| panic!("no row for {rule}"))
    };
    let note = "… 所依据的数值超过 256 项，其余的档位与输入行未列出";
    assert!(
        explanation("c299").contains(note),
        "{}",
        explanation("c299")
    );
    assert!(!explanation("c10").contains(note), "{}", explanation("c10"));
    // The first team, A1, has 2 members (0101, 0102 in the roster): c0 = 2,
    // c298 = 2 + 298 = 300, c299 = 301, the figure's own line whole.
    assert!(
        explanation("c299").starts_with("c299 = c298 300 + 1 = 301\n"),
        "{}",
        explanation("c299")
    );
}
