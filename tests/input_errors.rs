//! Bad input is refused clearly, with nothing lost; good input in any of the
//! formats finance offices send gives the same result.
//!
//! Each case is a small workspace: the example `examples/after-sales` (or the
//! piece-rate workspace `tests/fixtures/units`) copied into a temporary
//! folder, one data file replaced by a broken variant. The real binary runs
//! `compute --month 2024-05`; the test asserts its exact standard error, exit
//! code 1, and that nothing was written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::copy_dir;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::Value as Json;
use tempfile::TempDir;

// ---------------------------------------------------------------- helpers

const MONTH: &str = "2024-05";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A data file of the example month, as text.
fn example(file: &str) -> String {
    fs::read_to_string(repo("examples/after-sales/data/2024-05").join(file)).unwrap()
}

/// `text` with `from` replaced by `to`, which must occur.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in {text:?}");
    text.replacen(from, to, 1)
}

/// CSV text encoded as GBK, the way a Chinese Excel saves "CSV".
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

struct Ws {
    dir: TempDir,
}

impl Ws {
    /// A copy of `examples/after-sales`.
    fn example() -> Ws {
        Ws::copy_of("examples/after-sales")
    }

    /// A copy of `tests/fixtures/units`: a piece-rate scheme whose person
    /// input (repairs) comes as the workbooks in `tests/fixtures/input`.
    fn units() -> Ws {
        Ws::copy_of("tests/fixtures/units")
    }

    fn copy_of(path: &str) -> Ws {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo(path), dir.path());
        Ws { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data").join(MONTH)
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out").join(MONTH)
    }

    /// Puts `name` in the month folder, removing the input's file in any
    /// other format (repairs.xlsx replaces repairs.csv).
    fn put(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Ws {
        let stem = Path::new(name).file_stem().unwrap();
        for ext in ["csv", "xlsx", "xls", "ods"] {
            let other = self.data().join(stem).with_extension(ext);
            if other.exists() {
                fs::remove_file(other).unwrap();
            }
        }
        fs::write(self.data().join(name), bytes).unwrap();
        self
    }

    /// Copies a workbook from `tests/fixtures/input` into the month folder.
    fn put_fixture(&self, name: &str) -> &Ws {
        self.put(
            name,
            fs::read(repo("tests/fixtures/input").join(name)).unwrap(),
        )
    }

    fn remove(&self, name: &str) -> &Ws {
        fs::remove_file(self.data().join(name)).unwrap();
        self
    }

    fn edit_scheme(&self, file: &str, from: &str, to: &str) -> &Ws {
        let path = self.dir.path().join("schemes").join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, edit(&text, from, to)).unwrap();
        self
    }

    fn compute(&self, extra: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_appraise"))
            .arg("-C")
            .arg(self.dir.path())
            .args(["compute", "--month", MONTH])
            .args(extra)
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Runs compute, which must fail with exactly `stderr` and exit code 1,
    /// writing nothing.
    fn fails(&self, stderr: &str) {
        let run = self.compute(&[]);
        assert_eq!(run.stderr, format!("{stderr}\n"), "stderr");
        assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert!(!self.dir.path().join("out").exists(), "out/ was created");
    }

    /// The month's result as JSON, which must succeed.
    fn json(&self) -> String {
        let run = self.compute(&["--format", "json"]);
        assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
        run.stdout
    }
}

/// A JSON result without what differs between formats of the same data:
/// each input's file name and SHA-256.
fn figures(json: &str) -> String {
    let mut value: Json = serde_json::from_str(json).unwrap();
    for input in value["inputs"].as_array_mut().unwrap() {
        let input = input.as_object_mut().unwrap();
        input.remove("file").unwrap();
        input.remove("sha256").unwrap();
    }
    serde_json::to_string_pretty(&value).unwrap()
}

// ---------------------------------------------------------------- one bad value per case

#[test]
fn wrong_type_csv_utf8() {
    Ws::example()
        .put(
            "repairs.csv",
            edit(&example("repairs.csv"), "A3,190,", "A3,十二,"),
        )
        .fails(
            "error: repairs.csv row 4, column 维修台数: \"十二\" is not a whole number\n\
             1 error found",
        );
}

#[test]
fn negative_count_csv_with_bom() {
    let text = edit(&example("repairs.csv"), "A1,150,3,", "A1,150,-3,");
    Ws::example()
        .put("repairs.csv", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat())
        .fails(
            "error: repairs.csv row 2, column 品质不合格台数: \"-3\" is below the minimum: a negative count is not allowed\n\
             1 error found",
        );
}

#[test]
fn value_outside_declared_bounds_gbk() {
    let text = edit(
        &example("roster.csv"),
        "0402,陈静,A4,助理维修员,3050.50",
        "0402,陈静,A4,助理维修员,-3050.50",
    );
    Ws::example().put("roster.csv", gbk(&text)).fails(
        "error: roster.csv row 11, column 底薪: \"-3050.50\" is below the minimum: the smallest allowed is 0\n\
         1 error found",
    );
}

#[test]
fn value_not_one_of_the_allowed_tab_separated() {
    let text = edit(
        &example("roster.csv"),
        "0302,吴倩,A3,助理维修员",
        "0302,吴倩,A3,学徒",
    )
    .replace(',', "\t");
    Ws::example().put("roster.csv", text).fails(
        "error: roster.csv row 8, column 岗位: \"学徒\" is not one of 维修工程师, 助理维修员\n\
         1 error found",
    );
}

#[test]
fn percentage_over_100_where_the_scheme_bounds_it() {
    // Title row above the header: rows are numbered as the file shows them.
    Ws::units()
        .put(
            "repairs.csv",
            "2024年5月个人维修统计\n工号,维修台数,品质不合格台数,交付及时率\n1001,150,3,95.79%\n0102,80,0,105%\n",
        )
        .fails(
            "error: repairs.csv row 4, column 交付及时率: \"105%\" is above the maximum: the largest allowed is 100%\n\
             1 error found",
        );
}

#[test]
fn empty_cell_without_default() {
    Ws::example()
        .put(
            "repairs.csv",
            edit(
                &example("repairs.csv"),
                "A5,140,0,150,145,是",
                "A5,140,0,,145,是",
            ),
        )
        .fails(
            "error: repairs.csv row 6, column 交付台数: is empty; expected a whole number\n\
             1 error found",
        );
}

// ---------------------------------------------------------------- files that cannot be used

#[test]
fn required_column_missing_names_the_headers_found() {
    let text: String = example("repairs.csv")
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            format!(
                "{},{},{},{},{}\n",
                cells[0], cells[1], cells[3], cells[4], cells[5]
            )
        })
        .collect();
    Ws::example().put("repairs.csv", text).fails(
        "error: repairs.csv: missing column 品质不合格台数\n  \
         = found columns: 班组, 维修台数, 交付台数, 及时交付台数, 返修机不足\n\
         1 error found",
    );
}

#[test]
fn file_that_is_not_text() {
    Ws::example()
        .put("repairs.csv", b"\x00\x01\x02\x03binary\xFF\xFE")
        .fails(
            "error: repairs.csv: is not a text file (it contains the control character U+0000)\n\
             1 error found",
        );
}

#[test]
fn workbook_named_csv() {
    Ws::example()
        .put("repairs.csv", month_workbook(&example("repairs.csv"), None, false))
        .fails(
            "error: repairs.csv: is not a text file (it looks like an .xlsx or .ods workbook; name it accordingly)\n\
             1 error found",
        );
}

#[test]
fn file_that_is_not_a_spreadsheet() {
    Ws::example().put("repairs.xlsx", example("repairs.csv")).fails(
        "error: repairs.xlsx: is not a readable spreadsheet: it holds text (CSV or HTML), not a workbook\n  \
         = open it in Excel and save it as .xlsx, or name it .csv if it is CSV\n\
         1 error found",
    );
}

#[test]
fn empty_file() {
    // points is optional, but a points file that is there must be readable.
    Ws::example().put("points.csv", "").fails(
        "error: points.csv: the file is empty\n\
         1 error found",
    );
}

#[test]
fn roster_with_only_a_header() {
    Ws::example()
        .put("roster.csv", "工号,姓名,班组,岗位,底薪\n")
        .fails(
            "error: roster.csv: the roster has nobody on it: no rows below the header row (row 1)\n\
         1 error found",
        );
}

#[test]
fn required_file_missing() {
    Ws::example().remove("repairs.csv").fails(
        "error: data/2024-05: no file for input repairs (班组维修统计): expected repairs.csv, .xlsx, .xls or .ods\n\
         1 error found",
    );
}

#[test]
fn two_files_for_one_input() {
    let ws = Ws::example();
    fs::write(
        ws.data().join("points.xlsx"),
        month_workbook(&example("points.csv"), None, false),
    )
    .unwrap();
    ws.fails(
        "error: data/2024-05: several files for input points: points.csv, points.xlsx; keep one\n\
         1 error found",
    );
}

// ---------------------------------------------------------------- joining rows to the roster

#[test]
fn duplicate_key_on_the_roster() {
    let text = example("roster.csv") + "0102,李四,A6,助理维修员,2900.00\n";
    Ws::example().put("roster.csv", text).fails(
        "error: roster.csv row 16, column 工号: duplicate 工号 \"0102\": row 3 has it too\n  \
         = each person is on the roster once\n\
         1 error found",
    );
}

#[test]
fn duplicate_team_row() {
    let text = example("repairs.csv") + "A2,10,0,10,10,否\n";
    Ws::example().put("repairs.csv", text).fails(
        "error: repairs.csv row 8, column 班组: duplicate 班组 \"A2\": row 3 has it too\n  \
         = each team has one row\n\
         1 error found",
    );
}

#[test]
fn team_on_the_roster_without_a_row() {
    let text = edit(&example("repairs.csv"), "A4,120,1,100,85,是\n", "");
    Ws::example().put("repairs.csv", gbk(&text)).fails(
        "error: repairs.csv: no row for team A4 (on roster.csv from row 10)\n\
         1 error found",
    );
}

#[test]
fn team_row_not_on_the_roster_is_an_error_by_default() {
    let text = example("repairs.csv") + "A9,50,0,50,50,否\n";
    Ws::example().put("repairs.csv", text).fails(
        "error: repairs.csv row 8, column 班组: team \"A9\" has nobody on roster.csv\n  \
         = teams on roster.csv: A1, A2, A3, A4, A5, A6\n\
         1 error found",
    );
}

#[test]
fn team_row_not_on_the_roster_is_a_warning_when_the_scheme_says_so() {
    let ws = Ws::example();
    ws.edit_scheme(
        "after-sales-repair.toml",
        "total_row = true\n",
        "total_row = true\nunmatched = \"warning\"\n",
    )
    .put("repairs.csv", example("repairs.csv") + "A9,50,0,50,50,否\n");
    let run = ws.compute(&["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: repairs.csv row 8, column 班组: team \"A9\" has nobody on roster.csv\n  \
         = teams on roster.csv: A1, A2, A3, A4, A5, A6\n  \
         = the row is left out (unmatched = \"warning\")\n"
    );
    let json: Json = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["teams"].as_array().unwrap().len(), 6);
}

#[test]
fn person_in_points_not_on_the_roster() {
    let text =
        (example("points.csv") + "0999,3,不在名单\n101,1,工号被存成数字\n").replace(',', "\t");
    Ws::example().put("points.csv", text).fails(
        "error: points.csv row 6, column 工号: \"0999\" is not a 工号 on roster.csv\n\
         error: points.csv row 7, column 工号: \"101\" is not a 工号 on roster.csv\n  \
         = roster.csv has \"0101\": if the spreadsheet stored the ID as a number, its leading zeros were lost; store IDs as text\n\
         2 errors found",
    );
}

#[test]
fn division_by_zero_names_the_team_and_the_rule() {
    Ws::example()
        .put("repairs.csv", edit(&example("repairs.csv"), "A6,135,4,120,120,", "A6,0,0,0,0,"))
        .fails(
            "error: schemes/after-sales-repair.toml:80: team A6: cannot compute X1 (交付及时率) = on_time / delivered: division by zero (0 / 0)\n  = input rows: repairs.csv row 7\n\
             1 error found",
        );
}

// ---------------------------------------------------------------- all problems of a run together

#[test]
fn problems_in_several_files_come_together_file_by_file() {
    let ws = Ws::example();
    // Listed in the scheme's order of inputs (roster, repairs, points),
    // whatever order they were found in.
    ws.put("points.csv", example("points.csv") + "0102,两分,\n")
        .put(
            "repairs.csv",
            edit(
                &example("repairs.csv"),
                "A2,230,2,200,200,否",
                "A2,230,2,200,200,也许",
            ),
        )
        .put(
            "roster.csv",
            edit(&example("roster.csv"), "4500.00", "四千五") + "0101,张伟,A1,维修工程师,4000.00\n",
        );
    ws.fails(
        "error: roster.csv row 4, column 底薪: \"四千五\" is not an amount of money\n\
         error: roster.csv row 16, column 工号: duplicate 工号 \"0101\": row 2 has it too\n  \
         = each person is on the roster once\n\
         error: repairs.csv row 3, column 返修机不足: \"也许\" is not yes/no (expected 是/否, Y/N, √/×, true/false or 1/0)\n\
         error: points.csv row 6, column 绩效分: \"两分\" is not a number\n\
         4 errors found",
    );
}

#[test]
fn reading_goes_on_past_a_file_that_cannot_be_read() {
    let ws = Ws::example();
    ws.put("roster.csv", b"\x00\x00\x00")
        .put(
            "repairs.csv",
            edit(&example("repairs.csv"), "A1,150,", "A1,一百五,"),
        )
        .put(
            "points.csv",
            edit(&example("points.csv"), "0302,-1,", "0302,-1.5.0,"),
        );
    ws.fails(
        "error: roster.csv: is not a text file (it contains the control character U+0000)\n\
         error: repairs.csv row 2, column 维修台数: \"一百五\" is not a whole number\n\
         error: points.csv row 5, column 绩效分: \"-1.5.0\" is not a number\n\
         3 errors found",
    );
}

#[test]
fn a_bad_cell_does_not_also_make_its_team_or_person_missing() {
    let ws = Ws::example();
    // The row of A1 has a bad value and 0101's roster row a bad team: A1 is
    // not also reported as having no row, nor 0101's points as unknown.
    ws.put(
        "repairs.csv",
        edit(&example("repairs.csv"), "A1,150,", "A1,x,"),
    )
    .put(
        "roster.csv",
        edit(&example("roster.csv"), "0101,张伟,A1,", "0101,张伟,,"),
    );
    ws.fails(
        "error: roster.csv row 2, column 班组: is empty; expected an ID\n\
         error: repairs.csv row 2, column 维修台数: \"x\" is not a whole number\n\
         2 errors found",
    );
}

// ---------------------------------------------------------------- workbooks

/// A month's CSV file as a workbook the way a finance office makes it: an
/// optional merged title row above the header, IDs (工号, 班组) as text,
/// other values as numbers except on every third data row, where they are
/// stored as text, and an optional 合计 row at the bottom.
fn month_workbook(csv: &str, title: Option<&str>, total: bool) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1").unwrap();
    write_month_sheet(sheet, csv, title, total);
    workbook.save_to_buffer().unwrap()
}

fn write_month_sheet(sheet: &mut Worksheet, csv: &str, title: Option<&str>, total: bool) {
    let mut lines = csv.lines();
    let headers: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut row = 0u32;
    if let Some(title) = title {
        let last = (headers.len() - 1) as u16;
        sheet
            .merge_range(0, 0, 0, last, title, &Format::new().set_bold())
            .unwrap();
        row += 1;
    }
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(row, c as u16, *h).unwrap();
    }
    let mut sums = vec![0i64; headers.len()];
    for (n, line) in lines.enumerate() {
        row += 1;
        for (c, value) in line.split(',').enumerate() {
            let header = headers[c];
            let as_id = matches!(header, "工号" | "班组");
            // Numbers stored as text, as when cells were formatted 文本
            // before the figures were typed.
            let as_text = n % 3 == 1;
            match value.parse::<f64>() {
                Ok(number) if !as_id && !as_text => {
                    sheet.write_number(row, c as u16, number).unwrap();
                }
                _ => {
                    sheet.write_string(row, c as u16, value).unwrap();
                }
            }
            if let Ok(whole) = value.parse::<i64>() {
                sums[c] += whole;
            }
        }
    }
    if total {
        row += 1;
        sheet.write_string(row, 0, "合计").unwrap();
        for (c, sum) in sums.iter().enumerate().skip(1) {
            if *sum != 0 {
                sheet.write_number(row, c as u16, *sum as f64).unwrap();
            }
        }
    }
}

#[test]
fn xlsx_month_gives_the_same_result_as_the_csv_month() {
    let csv = Ws::example().json();
    let ws = Ws::example();
    ws.put(
        "roster.xlsx",
        month_workbook(&example("roster.csv"), Some("2024年5月人员名单"), false),
    )
    .put(
        "repairs.xlsx",
        month_workbook(&example("repairs.csv"), Some("2024年5月维修统计"), true),
    )
    .put(
        "points.xlsx",
        month_workbook(&example("points.csv"), None, false),
    );
    let xlsx = ws.json();
    assert_eq!(figures(&xlsx), figures(&csv));
    let json: Json = serde_json::from_str(&xlsx).unwrap();
    let files: Vec<&str> = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["roster.xlsx", "repairs.xlsx", "points.xlsx"]);
}

#[test]
fn gbk_month_gives_the_same_result_as_the_utf8_month() {
    let utf8 = Ws::example().json();
    let ws = Ws::example();
    for file in ["roster.csv", "repairs.csv", "points.csv"] {
        ws.put(file, gbk(&example(file)));
    }
    assert_eq!(figures(&ws.json()), figures(&utf8));
}

#[test]
fn xlsx_errors_name_the_sheet_row_under_the_title() {
    // The title is row 1, the header row 2: A3's row is row 5.
    let text = edit(&example("repairs.csv"), "A3,190,5,", "A3,190,五,");
    Ws::example()
        .put(
            "repairs.xlsx",
            month_workbook(&text, Some("2024年5月维修统计"), true),
        )
        .fails(
            "error: repairs.xlsx row 5, column 品质不合格台数: \"五\" is not a whole number\n\
             1 error found",
        );
}

#[test]
fn xlsx_missing_column_is_named_against_the_header_row_not_the_title() {
    let text = example("roster.csv").replace(",底薪", ",工资");
    Ws::example()
        .put(
            "roster.xlsx",
            month_workbook(&text, Some("2024年5月人员名单"), false),
        )
        .fails(
            "error: roster.xlsx: missing column 底薪\n  \
             = found columns: 工号, 姓名, 班组, 岗位, 工资\n\
             1 error found",
        );
}

/// `repairs.ods` and `repairs.xls` (tests/fixtures/input) hold 工号 1001 as a
/// number and 0102 as text under a title row; both join to the roster's
/// text IDs "1001" and "0102".
#[test]
fn ods_and_xls_ids_stored_as_numbers_join_the_roster() {
    let csv = Ws::units()
        .put(
            "repairs.csv",
            "工号,维修台数,品质不合格台数,交付及时率\n1001,150,3,95.79%\n0102,80,0,100%\n",
        )
        .json();
    // The CSV month is checked against figures worked out by hand:
    // 147 × 10 × 95.79% = 1408.113 → 1408.11; 80 × 10 × 100% = 800.00.
    let json: Json = serde_json::from_str(&csv).unwrap();
    let nets: Vec<&str> = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["net"].as_str().unwrap())
        .collect();
    assert_eq!(nets, ["5408.11", "3800.00"]);
    for name in ["repairs.ods", "repairs.xls"] {
        let ws = Ws::units();
        ws.put_fixture(name);
        assert_eq!(figures(&ws.json()), figures(&csv), "{name}");
    }
}

#[test]
fn ods_and_xls_errors_name_the_sheet_row() {
    for name in ["repairs.ods", "repairs.xls"] {
        let ws = Ws::units();
        ws.put(
            "roster.csv",
            "工号,姓名,班组,底薪\n1001,张伟,B1,4000.00\n0103,李娜,B1,3000.00\n",
        )
        .put_fixture(name);
        ws.fails(&format!(
            "error: {name} row 4, column 工号: \"0102\" is not a 工号 on roster.csv\n\
             1 error found"
        ));
    }
}

#[test]
fn id_stored_as_a_number_joins_the_roster() {
    // points.xlsx with 工号 as the number 101 against roster ID "0101" fails
    // with a hint; as the number 1001 against "1001" it joins.
    let ws = Ws::units();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["工号", "维修台数", "品质不合格台数", "交付及时率"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in [[1001.0, 150.0, 3.0, 0.9579], [102.0, 80.0, 0.0, 1.0]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            sheet.write_number(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    ws.put("repairs.xlsx", workbook.save_to_buffer().unwrap()).fails(
        "error: repairs.xlsx row 3, column 工号: \"102\" is not a 工号 on roster.csv\n  \
         = roster.csv has \"0102\": if the spreadsheet stored the ID as a number, its leading zeros were lost; store IDs as text\n\
         1 error found",
    );
}

// ---------------------------------------------------------------- sums and earlier results

#[test]
fn points_rows_for_one_person_add_up() {
    let ws = Ws::example();
    // 0102 (李娜, team A1 at 35 元/台) gets 3 points on three rows: +2, +2, −1.
    ws.put(
        "points.csv",
        example("points.csv") + "0102,2,甲\n0102,2,乙\n0102,-1,丙\n",
    );
    let json: Json = serde_json::from_str(&ws.json()).unwrap();
    let person = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "0102")
        .unwrap();
    let item = |code: &str| {
        person["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()["amount"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(item("points_bonus"), "105.00");
    assert_eq!(item("points_deduction"), "0.00");
}

#[test]
fn a_failed_run_leaves_the_earlier_workbook_untouched() {
    let ws = Ws::example();
    let good = ws.compute(&[]);
    assert_eq!(good.code, 0, "{}", good.stderr);
    let workbook = ws.out().join("after-sales-repair-2024-05.xlsx");
    let before = fs::read(&workbook).unwrap();

    ws.put(
        "repairs.csv",
        edit(&example("repairs.csv"), "A1,150,", "A1,十二,"),
    );
    let bad = ws.compute(&[]);
    assert_eq!(bad.code, 1);
    assert_eq!(
        bad.stderr,
        "error: repairs.csv row 2, column 维修台数: \"十二\" is not a whole number\n1 error found\n"
    );
    assert_eq!(fs::read(&workbook).unwrap(), before, "the workbook changed");
    let mut left: Vec<String> = fs::read_dir(ws.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["after-sales-repair-2024-05.xlsx", "manifest.json"]);
}

#[test]
fn at_most_200_problems_are_listed_and_the_rest_counted() {
    let mut text = example("points.csv");
    for _ in 0..250 {
        text.push_str("0101,两分,\n");
    }
    let ws = Ws::example();
    ws.put("points.csv", text);
    let run = ws.compute(&[]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 202);
    assert_eq!(
        lines[0],
        "error: points.csv row 6, column 绩效分: \"两分\" is not a number"
    );
    assert_eq!(
        lines[199],
        "error: points.csv row 205, column 绩效分: \"两分\" is not a number"
    );
    assert_eq!(
        lines[200..],
        [
            "note: stopped after 200 problems; 50 more not shown",
            "200 errors found"
        ]
    );
}
