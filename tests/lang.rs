//! Messages in the reader's language: the catalogue complete in both
//! languages, Chinese on a Chinese locale or `--lang zh` with positions
//! unchanged, colour only on a terminal, `--encoding` only for CSV, and
//! every write confirmed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use appraise::i18n::{self, EN_FTL, Lang, ZH_FTL};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs appraise with a clean locale (no LANG/LC_*, no NO_COLOR), plus `env`.
fn run(ws: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_appraise"));
    for var in [
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "NO_COLOR",
        "CLICOLOR_FORCE",
    ] {
        cmd.env_remove(var);
    }
    cmd.arg("-C").arg(ws).args(args).envs(env.iter().copied());
    cmd.output().expect("run appraise")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A fresh workspace from `appraise init`: the after-sales month 2024-05
/// (14 people on roster.csv, in teams A1–A6).
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let out = run(Path::new("."), &[], &["init", ws.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (dir, ws)
}

fn data(ws: &Path, file: &str) -> PathBuf {
    ws.join("data/2024-05").join(file)
}

/// Replaces the first `from` in `file` (which must hold it) by `to`.
fn replace(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const MONTH: &[&str] = &["compute", "--month", "2024-05"];

fn with<'a>(first: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    first.iter().chain(rest).copied().collect()
}

// ---- the catalogue ----

/// The message keys of a Fluent file: `key = …` at the start of a line.
fn keys(ftl: &str) -> Vec<&str> {
    ftl.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
        .collect()
}

#[test]
fn both_catalogues_parse_and_have_the_same_keys_once() {
    for (name, ftl) in [("en", EN_FTL), ("zh", ZH_FTL)] {
        let parsed = fluent_bundle::FluentResource::try_new(ftl.to_string());
        assert!(
            parsed.is_ok(),
            "{name}.ftl: {:?}",
            parsed.err().map(|e| e.1)
        );
        let mut ks = keys(ftl);
        let n = ks.len();
        ks.sort_unstable();
        ks.dedup();
        assert_eq!(ks.len(), n, "{name}.ftl has a key twice");
    }
    let (mut en, mut zh) = (keys(EN_FTL), keys(ZH_FTL));
    en.sort_unstable();
    zh.sort_unstable();
    assert_eq!(en, zh, "en.ftl and zh.ftl differ in keys");
    assert!(en.len() > 100, "{} keys", en.len());
}

/// Every `msg!("key"` and `Msg::new("key"` in the sources is in both catalogues.
#[test]
fn every_key_the_code_uses_is_in_both_catalogues() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    let mut used = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for opener in ["msg!(\"", "msg!(\n"] {
            for (at, _) in text.match_indices(opener) {
                let rest = text[at + opener.len()..]
                    .trim_start()
                    .trim_start_matches('"');
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if key.is_empty() || key == "key" {
                    continue;
                }
                used += 1;
                for lang in [Lang::En, Lang::Zh] {
                    assert!(
                        i18n::has(lang, &key),
                        "{}: {key} not in {lang:?}",
                        f.display()
                    );
                }
            }
        }
        // Keys passed by name (a batch's "batch-computed").
        for (at, _) in text.match_indices("\"batch-") {
            let key: String = text[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            assert!(
                i18n::has(Lang::Zh, &key) && i18n::has(Lang::En, &key),
                "{key}"
            );
        }
    }
    assert!(used > 100, "{used} uses found: the scan is broken");
}

// ---- Chinese texts, positions unchanged ----

#[test]
fn a_bad_value_in_chinese_names_file_row_column_value_and_what_was_expected() {
    let (_d, ws) = workspace();
    // repairs.csv row 2 is team A1: 维修台数 150 → 十二; row 3 (A2) loses its 交付台数.
    replace(&data(&ws, "repairs.csv"), "A1,150,", "A1,十二,");
    replace(&data(&ws, "repairs.csv"), "A2,230,2,200,", "A2,230,2,,");
    let out = run(&ws, &[], &with(&["--lang", "zh"], MONTH));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：repairs.csv 第2行，列 维修台数：\"十二\" 不是整数\n\
         错误：repairs.csv 第3行，列 交付台数：为空；应为整数\n\
         共 2 个错误\n"
    );
    // The same problems in English, same positions.
    let out = run(&ws, &[], MONTH);
    assert_eq!(
        stderr(&out),
        "error: repairs.csv row 2, column 维修台数: \"十二\" is not a whole number\n\
         error: repairs.csv row 3, column 交付台数: is empty; expected a whole number\n\
         2 errors found\n"
    );
}

#[test]
fn a_missing_file_in_chinese() {
    let (_d, ws) = workspace();
    std::fs::remove_file(data(&ws, "repairs.csv")).unwrap();
    let out = run(&ws, &[], &with(&["--lang", "zh"], MONTH));
    assert_eq!(out.status.code(), Some(1));
    // The scheme's input `repairs` is labelled 班组维修统计.
    assert_eq!(
        stderr(&out),
        "错误：data/2024-05：缺少输入 repairs（班组维修统计）的文件：应为 repairs.csv、.xlsx、.xls 或 .ods\n\
         共 1 个错误\n"
    );
}

#[test]
fn a_scheme_error_in_chinese_keeps_its_line_and_column() {
    let (_d, ws) = workspace();
    // Line 10 of the scheme is `rounding = 2`; the new key is line 11, column 1.
    replace(
        &ws.join("schemes/after-sales-repair.toml"),
        "rounding = 2\n",
        "rounding = 2\nbogus = 1\n",
    );
    let out = run(&ws, &[], &["--lang", "zh", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("错误：schemes/after-sales-repair.toml:11:1：[scheme] 中有未知的键“bogus”")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("  = 允许的键：id, name, ")
    );
    assert_eq!(lines.next(), Some("共 1 个错误"));
}

#[test]
fn a_calculation_error_in_chinese_names_team_rule_line_and_input_row() {
    let (_d, ws) = workspace();
    // Team A1 (repairs.csv row 2) delivered 0 units, 0 on time: X1 = 0 / 0.
    replace(
        &data(&ws, "repairs.csv"),
        "A1,150,3,190,182,",
        "A1,150,3,0,0,",
    );
    let out = run(&ws, &[], &with(&["--lang", "zh"], MONTH));
    assert_eq!(out.status.code(), Some(1));
    // X1 is defined on line 80 of the shipped scheme (the English test in
    // tests/input_errors.rs asserts the same line).
    assert_eq!(
        stderr(&out),
        "错误：schemes/after-sales-repair.toml:80：班组 A1：无法计算 X1 (交付及时率) = on_time / delivered：除数为零（0 / 0）\n  \
         = 输入行：repairs.csv 第2行\n\
         共 1 个错误\n"
    );
}

#[test]
fn the_locale_picks_chinese_and_lang_en_overrides_it() {
    let (_d, ws) = workspace();
    replace(&data(&ws, "repairs.csv"), "A1,150,", "A1,十二,");
    let zh = run(&ws, &[("LANG", "zh_CN.UTF-8")], MONTH);
    assert!(
        stderr(&zh).starts_with("错误：repairs.csv 第2行，列 维修台数："),
        "{}",
        stderr(&zh)
    );
    let en = run(
        &ws,
        &[("LANG", "zh_CN.UTF-8")],
        &with(&["--lang", "en"], MONTH),
    );
    assert!(stderr(&en).starts_with("error: repairs.csv row 2, column 维修台数: "));
    // LC_ALL comes before LANG.
    let c = run(&ws, &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")], MONTH);
    assert!(stderr(&c).starts_with("error: "));
}

// ---- colour ----

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let (_d, ws) = workspace();
    replace(&data(&ws, "repairs.csv"), "A1,150,", "A1,十二,");
    // Piped (the test's stderr is a pipe): no escapes, with or without NO_COLOR.
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let out = run(&ws, env, MONTH);
        assert!(
            !stderr(&out).contains('\x1b'),
            "{env:?}: {:?}",
            stderr(&out)
        );
    }
    let never = run(&ws, &[], &with(&["--color", "never"], MONTH));
    assert!(!stderr(&never).contains('\x1b'));
    // Forced: the level's word in bold red, the rest plain.
    let always = run(&ws, &[], &with(&["--color", "always"], MONTH));
    assert!(
        stderr(&always).starts_with("\x1b[1m\x1b[31merror\x1b[0m: repairs.csv row 2"),
        "{:?}",
        stderr(&always)
    );
}

// ---- small things ----

#[test]
fn encoding_is_refused_where_it_does_not_apply() {
    let (_d, ws) = workspace();
    for (format, why) in [
        (
            "xlsx",
            "a workbook stores its text as Unicode whatever the encoding",
        ),
        ("json", "JSON is always UTF-8"),
    ] {
        let out = run(
            &ws,
            &[],
            &with(MONTH, &["--format", format, "--encoding", "gbk"]),
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(
            stderr(&out).starts_with(&format!(
                "error: --encoding gbk applies to --format csv only: {why}\n"
            )),
            "{}",
            stderr(&out)
        );
    }
    assert!(!ws.join("out/2024-05").exists(), "nothing written");
    // With CSV it is taken.
    let out = run(
        &ws,
        &[],
        &with(MONTH, &["--format", "csv", "--encoding", "gbk"]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn every_write_says_what_it_wrote() {
    let (_d, ws) = workspace();
    // 14 people on roster.csv (15 lines with the header), teams A1–A6.
    for format in ["json", "csv", "xlsx"] {
        let file = ws.join(format!("result.{format}"));
        let path = file.to_str().unwrap();
        let out = run(
            &ws,
            &[],
            &with(MONTH, &["--format", format, "--output", path]),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!("wrote {path} (14 people in 6 teams, scheme after-sales-repair 2024.1)\n")
        );
        assert!(file.is_file());
        let zh = run(
            &ws,
            &[],
            &with(
                &["--lang", "zh"],
                &with(MONTH, &["--format", format, "--output", path]),
            ),
        );
        assert_eq!(
            stderr(&zh),
            format!("已写入 {path}（6 个班组共 14 人，方案 after-sales-repair 2024.1）\n")
        );
    }
}

#[test]
fn the_hints_sheet_is_chinese_whatever_the_terminal_speaks() {
    let (_d, ws) = workspace();
    // points.csv is optional: without it, a warning that goes to 提示 too.
    std::fs::remove_file(data(&ws, "points.csv")).unwrap();
    let out = run(&ws, &[], MONTH);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("warning: data/2024-05: no file for optional input points"));
    use calamine::{Reader, Xlsx, open_workbook};
    let book = ws.join("out/2024-05/after-sales-repair-2024-05.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let sheet = wb.worksheet_range("提示").unwrap();
    let texts: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "没有可选输入 points（额外通报奖惩绩效分）的文件：所有人取其默认值"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "data/2024-05"), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t.contains("no file for")),
        "{texts:?}"
    );
}

#[test]
fn a_flawed_source_scheme_in_chinese() {
    // The 60–64 overlap of the grades (tests/flawed_schemes.rs asserts the English).
    let out = Command::new(env!("CARGO_BIN_EXE_appraise"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/flawed"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .args(["check", "grades-overlap.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：grades-overlap.toml:25:3：分档表 grade_bands：第 1 档和第 2 档重叠：都包含 60 <= s < 65\n\
         共 1 个错误\n"
    );
}

#[test]
fn explain_names_an_unknown_person_in_chinese() {
    let (_d, ws) = workspace();
    let out = run(
        &ws,
        &[],
        &[
            "--lang", "zh", "explain", "--month", "2024-05", "--person", "9999",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    // No 工号 is one keystroke from 9999: the hint counts the roster's 14 people.
    assert_eq!(
        stderr(&out),
        "错误：2024-05 没有工号为“9999”的人（roster.csv）\n  \
         = 2024-05 在 roster.csv 上共有 14 人\n\
         共 1 个错误\n"
    );
}

// ---- the workspace, the archive, command-line values, schemes, limits ----

#[test]
fn no_scheme_in_force_in_chinese() {
    let (_d, ws) = workspace();
    // The shipped scheme takes effect 2024-01 (tests/cli.rs asserts the English).
    let out = run(&ws, &[], &["--lang", "zh", "compute", "--month", "2023-12"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：appraise.toml：2023-12 没有生效的方案\n共 1 个错误\n"
    );
}

#[test]
fn a_closed_month_and_verify_in_chinese() {
    let (_d, ws) = workspace();
    let zh = |args: &[&str]| run(&ws, &[], &with(&["--lang", "zh"], args));
    assert_eq!(zh(MONTH).status.code(), Some(0));
    let agrees = zh(&["verify", "--month", "2024-05"]);
    assert_eq!(agrees.status.code(), Some(0), "{}", stderr(&agrees));
    // 3 data files read, 1 workbook written, 14 people on roster.csv.
    assert_eq!(
        String::from_utf8(agrees.stdout).unwrap(),
        "2024-05 与 out/2024-05/manifest.json 一致：方案 after-sales-repair 2024.1，\
         3 个输入文件，1 个输出文件，14 人\n"
    );
    let closed = zh(&["close", "--month", "2024-05", "--date", "2024-06-05"]);
    assert_eq!(closed.status.code(), Some(0), "{}", stderr(&closed));
    let refused = zh(MONTH);
    assert_eq!(refused.status.code(), Some(1));
    // tests/archive.rs asserts the English.
    assert_eq!(
        stderr(&refused),
        "错误：out/2024-05/manifest.json：2024-05 已结账（2024-06-05）；未写入任何文件。\
         如需重新计算，请先重新打开：appraise reopen --month 2024-05 --reason \"…\"\n\
         共 1 个错误\n"
    );
}

#[test]
fn a_bad_month_on_the_command_line_in_chinese() {
    let (_d, ws) = workspace();
    let out = run(&ws, &[], &["--lang", "zh", "compute", "--month", "2024-5"]);
    assert_eq!(out.status.code(), Some(1));
    // tests/cli.rs asserts the English.
    assert_eq!(
        stderr(&out),
        "错误：“2024-5”不是月份；应为 YYYY-MM，如 2024-05\n共 1 个错误\n"
    );
    // Values clap checks (--from) follow the locale.
    let out = run(
        &ws,
        &[("LANG", "zh_CN.UTF-8")],
        &["compute", "--from", "2024-06", "--to", "2024-04"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--from 2024-06 晚于 --to 2024-04；"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_scheme_check_of_rounding_in_chinese() {
    let (_d, ws) = workspace();
    // Line 10 of the scheme is `rounding = 2`; the value 3 is at column 12.
    replace(
        &ws.join("schemes/after-sales-repair.toml"),
        "rounding = 2\n",
        "rounding = 3\n",
    );
    let out = run(&ws, &[], &["--lang", "zh", "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：schemes/after-sales-repair.toml:10:12：rounding 是金额舍入到的小数位数：0、1 或 2（分）\n\
         共 1 个错误\n"
    );
}

#[test]
fn an_output_folder_that_is_a_file_in_chinese() {
    let (_d, ws) = workspace();
    std::fs::create_dir_all(ws.join("out")).unwrap();
    std::fs::write(ws.join("out/2024-05"), "not a folder").unwrap();
    let out = run(
        &ws,
        &[],
        &with(
            &["--lang", "zh"],
            &with(
                MONTH,
                &["--format", "json", "--output", "out/2024-05/r.json"],
            ),
        ),
    );
    // tests/hardening.rs asserts the English; a folder that cannot be made is exit 3.
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).starts_with("错误：")
            && stderr(&out).contains("out/2024-05 是文件，不是文件夹"),
        "{}",
        stderr(&out)
    );
}
