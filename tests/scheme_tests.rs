//! `appraise test`: the hand-worked cases shipped beside every scheme pass; a wrong
//! expectation fails naming the case, the person, the item, the band chosen, expected and
//! actual 元 and the figure's trace; `--junit` writes a report that parses with the right
//! counts; a malformed tests file is refused at its lines. The figures of the shipped cases
//! are worked by hand in the comments of `schemes/*.tests.toml`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::copy_dir;
use quick_xml::events::Event;
use std::path::Path;
use std::process::{Command, Output};

/// The schemes shipped with their cases: every scheme of `schemes/` (checked below, so a
/// scheme added later must bring its own tests file).
const SHIPPED: [&str; 12] = [
    "after-sales-repair",
    "after-sales-scorecard",
    "customer-service",
    "gs-qc",
    "history",
    "parts-pool",
    "property-service",
    "property-service-2yuan",
    "service-advisor",
    "service-dept",
    "service-quarterly",
    "workshop-supervisor",
];

/// `appraise ARGS` run from the crate's folder.
fn appraise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appraise"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The case names of a tests file: the `name = "…"` line of each `[[cases]]` table.
fn case_names(tests_file: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_case = false;
    for l in std::fs::read_to_string(tests_file).unwrap().lines() {
        if l.starts_with('[') {
            in_case = l == "[[cases]]";
        } else if in_case && let Some(n) = l.strip_prefix("name = ") {
            names.push(n.trim_matches(['"', '\'']).to_string());
        }
    }
    names
}

#[test]
fn every_shipped_scheme_passes_its_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut schemes: Vec<String> = std::fs::read_dir(root.join("schemes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".tests.toml"))
        .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
        .collect();
    schemes.sort();
    assert_eq!(schemes, SHIPPED, "every shipped scheme has its cases");
    let mut args = vec!["test".to_string()];
    args.extend(SHIPPED.iter().map(|s| format!("schemes/{s}.toml")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = appraise(&args);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let mut total = 0;
    for s in SHIPPED {
        let file = format!("schemes/{s}.tests.toml");
        assert!(
            stdout.contains(&format!("{file}: scheme {s} ")),
            "{file} not run:\n{stdout}"
        );
        let names = case_names(&root.join(&file));
        assert!(names.len() >= 2, "{file}: {names:?}");
        for n in &names {
            assert!(
                stdout.contains(&format!("\nok      {n}\n")),
                "{n}:\n{stdout}"
            );
        }
        total += names.len();
    }
    assert!(!stdout.contains("FAILED"), "{stdout}");
    assert!(
        stdout.ends_with(&format!("\n{total} cases: {total} passed, 0 failed\n")),
        "{stdout}"
    );
}

#[test]
fn a_folder_argument_runs_every_tests_file_in_it() {
    let out = appraise(&["-q", "test", "schemes"]);
    // Quiet: nothing when everything passed.
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn a_wrong_expectation_names_the_figure_and_shows_its_trace() {
    // tests/fixtures/casebook/wrong.tests.toml, team A3 of README's table: counted 190 − 5 = 185
    // < 198, 13 short × 25 = 325.00 split 40/30/30; X1 = 170/180 = 94.44% → 30 元.
    // Expected there: X1 95% (actual 170/180), the engineer's 120.00 (actual 40% × 325 = 130.00),
    // 吴倩's points deduction 35.00 (actual 1 × 30 = 30.00, band 90–95%). Mismatches come in
    // the tests file's order, each with the explanation `appraise explain` prints.
    let out = appraise(&["test", "tests/fixtures/casebook/wrong.tests.toml"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let expected = [
        "tests/fixtures/casebook/wrong.tests.toml: scheme after-sales-repair 2024.1, 2 cases",
        "ok      A1 <domain.md §1> & \"quoted\"",
        "FAILED  A3 with a wrong share",
        "  tests/fixtures/casebook/wrong.tests.toml:45: 2024-05 team A3: 交付及时率 (X1)",
        "    expected: 95%",
        "    actual:   0.9444444444444444444444444444 (94.4444%)",
        "    trace:",
        "      班组 A3 · 2024-05",
        "      方案 after-sales-repair 2024.1",
        "",
        "      班组 A3 的规则",
        "        交付及时率 (X1)",
        "          规则  X1 = on_time / delivered",
        "          输入  repairs.csv 第2行",
        "          取值  on_time = 170; delivered = 180",
        "          结果  94.4444%",
        "  tests/fixtures/casebook/wrong.tests.toml:48: 2024-05 person 0301 周杰 (team A3): 未达保底扣款 (shortfall_deduction)",
        "    expected: 120.00 元",
        "    actual:   130.00 元",
        "    trace:",
        "      0301 周杰 · 班组 A3 · 维修工程师 · 2024-05",
        "      方案 after-sales-repair 2024.1",
        "",
        "      班组 A3 的规则",
        "        未达保底扣款总额 (penalty)",
        "          规则  penalty = if protected then 0 else shortfall * shortfall_penalty",
        "          输入  repairs.csv 第2行",
        "          取值  protected = 否; shortfall = 13; shortfall_penalty = 25.00",
        "          结果  325.00",
        "",
        "      项目",
        "        未达保底扣款 (shortfall_deduction)",
        "          规则  shortfall_deduction = split(by_role, team.penalty)",
        "          输入  roster.csv 第2行; repairs.csv 第2行",
        "          取值  team.penalty = 325.00",
        "          分配  班组内分配比例 by_role: 1 维修工程师 + 2 助理维修员 → 维修工程师",
        "                40.00%",
        "          结果  130.00",
        "  tests/fixtures/casebook/wrong.tests.toml:52: 2024-05 person 0302 吴倩 (team A3): 绩效分扣款 (points_deduction)",
        "    band: 交付及时率档位: 90% <= X1 < 95%",
        "    expected: 35.00 元",
        "    actual:   30.00 元",
        "    trace:",
        "      0302 吴倩 · 班组 A3 · 助理维修员 · 2024-05",
        "      方案 after-sales-repair 2024.1",
        "",
        "      班组 A3 的规则",
        "        超额奖金单价(元/台) (rate)",
        "          规则  rate = band(timeliness, X1).per_unit",
        "          输入  repairs.csv 第2行",
        "          取值  X1 = 94.4444%",
        "          档位  交付及时率档位: X1 = 94.4444%，落在 90% <= X1 < 95%",
        "                → per_unit = 30.00, short_share = 8.00%",
        "          结果  30.00",
        "",
        "      项目",
        "        绩效分扣款 (points_deduction)",
        "          规则  points_deduction = max(-points, 0) * team.rate",
        "          输入  repairs.csv 第2行; points.csv 第2行",
        "          取值  points = -1; team.rate = 30.00",
        "          档位  交付及时率档位: X1 = 94.4444%，落在 90% <= X1 < 95%",
        "                → per_unit = 30.00, short_share = 8.00%",
        "          结果  30.00",
        "2 cases: 1 passed, 1 failed",
    ];
    assert_eq!(text(&out.stdout), expected.join("\n") + "\n");
}

/// Every element named `name` in the XML text: its attributes (unescaped) and its text.
fn elements(xml: &str, name: &str) -> Vec<(Vec<(String, String)>, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().0 == name => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.0.to_string(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                found.push((attrs, String::new()));
                open = Some(found.len() - 1);
            }
            Event::Text(t) => {
                if let Some(i) = open {
                    found[i].1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(i) = open {
                    let s = match &*r {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => {
                            let code = other.trim_start_matches('#');
                            char::from_u32(code.parse().unwrap()).unwrap().to_string()
                        }
                    };
                    found[i].1.push_str(&s);
                }
            }
            Event::End(e) if e.name().0 == name => open = None,
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> &'a str {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn junit_report_parses_with_the_right_counts() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("junit.xml");
    let out = appraise(&[
        "-q",
        "test",
        "schemes/gs-qc.toml",
        "tests/fixtures/casebook/wrong.tests.toml",
        "--junit",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let xml = std::fs::read_to_string(&report).unwrap();
    let all = elements(&xml, "testsuites");
    assert_eq!(all.len(), 1);
    // gs-qc's 4 cases pass; wrong.tests.toml has 2 cases, one failed.
    assert_eq!(attr(&all[0].0, "tests"), "6");
    assert_eq!(attr(&all[0].0, "failures"), "1");
    let suites = elements(&xml, "testsuite");
    let got: Vec<(&str, &str, &str)> = suites
        .iter()
        .map(|(a, _)| (attr(a, "name"), attr(a, "tests"), attr(a, "failures")))
        .collect();
    assert_eq!(
        got,
        [
            ("schemes/gs-qc.tests.toml", "4", "0"),
            ("tests/fixtures/casebook/wrong.tests.toml", "2", "1"),
        ]
    );
    let cases = elements(&xml, "testcase");
    assert_eq!(cases.len(), 6);
    // A name with markup characters comes back as written.
    assert_eq!(attr(&cases[4].0, "name"), "A1 <domain.md §1> & \"quoted\"");
    assert_eq!(attr(&cases[4].0, "classname"), "after-sales-repair");
    let failures = elements(&xml, "failure");
    assert_eq!(failures.len(), 1);
    assert_eq!(
        attr(&failures[0].0, "message"),
        "team A3: 交付及时率 (X1): expected 95%, actual 0.9444444444444444444444444444 (94.4444%)"
    );
    // The failure's text is what the terminal shows under the case, line breaks kept.
    let terminal = text(&appraise(&["test", "tests/fixtures/casebook/wrong.tests.toml"]).stdout);
    let body = &failures[0].1;
    assert!(
        body.contains("    band: 交付及时率档位: 90% <= X1 < 95%\n"),
        "{body}"
    );
    assert!(terminal.contains(body.as_str()), "{body}");
}

#[test]
fn a_malformed_tests_file_is_refused_at_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("junit.xml");
    let out = appraise(&[
        "test",
        "tests/fixtures/casebook/malformed.tests.toml",
        "--junit",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "", "nothing runs");
    assert!(!report.exists(), "no report when nothing ran");
    let f = "tests/fixtures/casebook/malformed.tests.toml";
    let expected = [
        format!("error: {f}:6:9: \"2024-13\" is not a month; expected YYYY-MM, e.g. 2024-05"),
        format!("error: {f}:11:1: scheme after-sales-repair has no input \"repair\""),
        "  = its inputs: roster, repairs, points".to_string(),
        format!("error: {f}:14:20: amount \"315\" must be written with two decimals, as \"315.00\""),
        format!("error: {f}:14:27: scheme after-sales-repair has no item \"bonus_pay\""),
        "  = its items: 超额奖金 (excess_bonus), 返修机不足绩效奖 (short_returns_bonus), 绩效分奖励 (points_bonus), 未达保底扣款 (shortfall_deduction), 绩效分扣款 (points_deduction)".to_string(),
        format!("error: {f}:15:7: write an amount as text with two decimals: \"4385\" → \"4385.00\""),
        format!("error: {f}:16:1: unknown key \"flag\" in a person"),
        "  = allowed keys: id, name, base, bonus, deduction, net, items, values, bands, flags".to_string(),
        "6 errors found".to_string(),
    ];
    assert_eq!(text(&out.stderr), expected.join("\n") + "\n");
}

#[test]
fn a_month_may_expect_its_warnings() {
    // The shipped scorecard acknowledges its weights: 10 + 10 + 10 + 15 + 10 + 5 + 10 + 5 + 5 + 5
    // + 5 = 90%, a warning every month shows. A copy of its first case expecting none fails with
    // the actual warning; one expecting it passes (the scheme's line left out, as for errors).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("schemes/after-sales-scorecard.toml"),
        dir.path().join("s.toml"),
    )
    .unwrap();
    let shipped =
        std::fs::read_to_string(root.join("schemes/after-sales-scorecard.tests.toml")).unwrap();
    // The first case alone, with the scheme named.
    let first = shipped.split("\n[[cases]]\n").nth(1).unwrap();
    let warning = "warning: s.toml: scores.score: the weights add up to 90%, not 100% (effectiveness 10% + conformance 10% + accuracy 10% + feedback 15% + timeliness 10% + survey 5% + completion 10% + utilization 5% + response 5% + training 5% + knowledge 5%); acknowledged by the scheme";
    let expected = format!(
        "  \"{}\",\n",
        warning.replace("s.toml", "after-sales-scorecard.toml")
    );
    assert!(first.contains(&expected), "{first}");
    let run = |case: String| {
        let tests = dir.path().join("s.tests.toml");
        std::fs::write(&tests, format!("scheme = \"s.toml\"\n[[cases]]\n{case}")).unwrap();
        let out = appraise(&["test", tests.to_str().unwrap()]);
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    let (code, stdout, stderr) = run(first.replace(&expected, &format!("  \"{warning}\",\n")));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, _) = run(first.replace(&expected, ""));
    assert_eq!(code, Some(1));
    // The actual line names the scheme's line and column (`s.toml:165:11:`).
    let (head, tail) = warning.split_once(" scores.score:").unwrap();
    let shown = stdout
        .split_once(": 2024-05: warnings\n    expected: (none)\n    actual:   ")
        .map(|(_, a)| a.lines().next().unwrap());
    assert!(
        shown.is_some_and(|a| a.starts_with(head) && a.ends_with(tail) && a != warning),
        "{stdout}"
    );
    // Warnings are checked where the month computes, never beside expected errors.
    let (code, _, stderr) =
        run(first.replacen("warnings = [", "errors = [\"x\"]\nwarnings = [", 1));
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("warnings are checked in a month that computes: leave them out where errors are expected"),
        "{stderr}"
    );
}

#[test]
fn a_case_may_read_a_data_folder() {
    // README's table: 张伟 4,000 + 315 + 70 = 4,385.00; 陈静 3,050.50 + 213.54 = 3,264.04.
    let out = appraise(&["test", "tests/fixtures/casebook/folder.tests.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("ok      the example month from its folder\n"));
}

#[test]
fn without_arguments_the_workspaces_schemes_are_tested() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("examples/after-sales"), &ws);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_appraise"))
            .arg("-C")
            .arg(&ws)
            .arg("test")
            .output()
            .unwrap()
    };
    // No tests file beside the workspace's scheme: said, and refused.
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "note: schemes/after-sales-repair.toml has no cases: write them in schemes/after-sales-repair.tests.toml\n\
         error: appraise.toml: no scheme of the workspace has a tests file beside it (<scheme>.tests.toml)\n\
         1 error found\n"
    );
    // With the shipped cases beside it: all of them run, and nothing is written.
    std::fs::copy(
        root.join("schemes/after-sales-repair.tests.toml"),
        ws.join("schemes/after-sales-repair.tests.toml"),
    )
    .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let n = case_names(&root.join("schemes/after-sales-repair.tests.toml")).len();
    assert!(
        text(&out.stdout).ends_with(&format!("{n} cases: {n} passed, 0 failed\n")),
        "{}",
        text(&out.stdout)
    );
    assert!(!ws.join("out").exists(), "appraise test writes nothing");
}
