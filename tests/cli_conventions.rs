//! Command-line conventions: `init`, `completions`, `man`, `--help` examples,
//! `-q`/`-v` on one month.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use std::process::{Command, Output};

fn appraise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appraise"))
        .args(args)
        .output()
        .expect("run appraise")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn init_writes_a_workspace_that_computes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("新 workspace");
    let ws_text = ws.to_str().unwrap();
    let out = appraise(&["init", ws_text]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for file in [
        "appraise.toml",
        "schemes/after-sales-repair.toml",
        "data/2024-05/roster.csv",
        "data/2024-05/repairs.csv",
        "data/2024-05/points.csv",
        "README.md",
    ] {
        assert!(ws.join(file).is_file(), "{file}");
    }
    let readme = std::fs::read_to_string(ws.join("README.md")).unwrap();
    assert!(readme.contains("appraise compute --month 2024-05"));
    assert!(readme.contains("在本文件夹中运行两条命令"));
    assert!(readme.contains("Run two commands in this folder"));
    assert!(text(&out.stderr).contains(&format!(
        "next: appraise -C '{ws_text}' compute --month 2024-05"
    )));

    // The example month of the new workspace gives the worked figures.
    let json = common::compute_in(&ws, "2024-05", &["--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", text(&json.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let nets: Vec<(String, String)> = doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().into(),
                p["net"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = common::NETS
        .iter()
        .map(|(i, n)| ((*i).into(), (*n).into()))
        .collect();
    assert_eq!(nets, expected);
    let out = common::compute_in(&ws, "2024-05", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        ws.join("out/2024-05/after-sales-repair-2024-05.xlsx")
            .is_file()
    );

    // A folder that is not empty is refused, and left alone.
    let again = appraise(&["init", ws_text]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("the folder is not empty"));
    assert_eq!(
        std::fs::read_to_string(ws.join("README.md")).unwrap(),
        readme
    );
}

#[test]
fn init_defaults_to_the_workspace_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    let out = appraise(&["-q", "-C", ws.to_str().unwrap(), "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "quiet");
    assert!(ws.join("appraise.toml").is_file());
}

#[test]
fn quiet_and_verbose_on_one_month() {
    let dir = common::example_workspace();
    let ws = dir.path();
    let quiet = common::compute_in(ws, "2024-05", &["--quiet"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(text(&quiet.stderr), "", "no wrote line");
    let verbose = common::compute_in(ws, "2024-05", &["-v"]);
    assert_eq!(verbose.status.code(), Some(0));
    assert_eq!(
        text(&verbose.stderr),
        format!(
            "scheme after-sales-repair 2024.1 (schemes/after-sales-repair.toml), in force 2024-01 to no end\n\
             read data/2024-05/roster.csv: 14 rows\n\
             read data/2024-05/repairs.csv: 6 rows\n\
             read data/2024-05/points.csv: 4 rows\n\
             wrote {} (14 people in 6 teams, scheme after-sales-repair 2024.1)\n",
            ws.join("out/2024-05/after-sales-repair-2024-05.xlsx")
                .display()
        )
    );
    // Errors are still shown when quiet.
    let bad = common::compute_in(ws, "2024-06", &["-q"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        text(&bad.stderr),
        "error: data/2024-06: the month's data folder does not exist\n1 error found\n"
    );
    let both = common::compute_in(ws, "2024-05", &["-q", "-v"]);
    assert_eq!(both.status.code(), Some(2), "-q and -v conflict");
}

#[test]
fn completions_come_from_the_command_line_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = appraise(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains("compute"), "{shell}");
        assert!(script.contains("--from"), "{shell}");
    }
    let bash = text(&appraise(&["completions", "bash"]).stdout);
    assert!(bash.contains("complete -F _appraise"));
    assert_eq!(appraise(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_pages_name_the_commands() {
    let out = appraise(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.starts_with(".ie"), "roff");
    assert!(page.contains(".TH appraise 1"));
    for command in ["compute", "check", "init", "completions", "man"] {
        assert!(
            page.contains(&format!("appraise\\-{command}(1)")),
            "{command}"
        );
    }
    let compute = text(&appraise(&["man", "compute"]).stdout);
    assert!(compute.contains(".TH appraise-compute 1"));
    assert!(compute.contains("\\-\\-from"));
    let unknown = appraise(&["man", "nope"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no command \"nope\""));
}

#[test]
fn every_help_shows_an_example() {
    let top = text(&appraise(&["--help"]).stdout);
    assert!(top.contains("Examples:"), "{top}");
    let cmd = <appraise::cli::Cli as clap::CommandFactory>::command();
    for sub in cmd.get_subcommands() {
        let name = sub.get_name();
        for flag in ["--help", "-h"] {
            let out = appraise(&[name, flag]);
            assert_eq!(out.status.code(), Some(0), "{name}");
            let help = text(&out.stdout);
            assert!(
                help.contains("Examples:\n  appraise "),
                "{name} {flag}:\n{help}"
            );
        }
    }
}
