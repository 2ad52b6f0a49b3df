//! `appraise init [DIR]`: a new workspace that computes at once — the
//! after-sales scheme, the example month 2024-05 and a README in Chinese and
//! English. The files are built into the binary, so it works anywhere.

use super::Failure;
use crate::cli::Verbosity;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::msg;
use std::path::Path;

/// The example month written by `init`.
pub const MONTH: &str = "2024-05";

/// The files of a new workspace, relative to its folder.
const FILES: &[(&str, &[u8])] = &[
    (
        "appraise.toml",
        include_bytes!("../../examples/after-sales/appraise.toml"),
    ),
    (
        "schemes/after-sales-repair.toml",
        include_bytes!("../../schemes/after-sales-repair.toml"),
    ),
    (
        "data/2024-05/roster.csv",
        include_bytes!("../../examples/after-sales/data/2024-05/roster.csv"),
    ),
    (
        "data/2024-05/repairs.csv",
        include_bytes!("../../examples/after-sales/data/2024-05/repairs.csv"),
    ),
    (
        "data/2024-05/points.csv",
        include_bytes!("../../examples/after-sales/data/2024-05/points.csv"),
    ),
    ("README.md", README.as_bytes()),
];

const README: &str = "\
# 绩效奖金工作区 · A bonus workspace

由 `appraise init` 写出。Written by `appraise init`.

## 中文

| 位置 | 内容 |
|---|---|
| `appraise.toml` | 工作区设置：使用哪些方案、数据和结果放在哪里 |
| `schemes/after-sales-repair.toml` | 售后维修部的奖金方案（规则） |
| `data/2024-05/` | 2024 年 5 月的示例数据：花名册 roster.csv、维修台数 repairs.csv、绩效分 points.csv |
| `out/2024-05/` | 计算结果（运行后出现） |

在本文件夹中运行两条命令：

```sh
appraise check                      # 检查方案，不读数据
appraise compute --month 2024-05    # 计算 2024 年 5 月，写出 out/2024-05/after-sales-repair-2024-05.xlsx
```

新的月份：把当月导出的表格放进 `data/YYYY-MM/`（文件名与列名同示例），再运行
`appraise compute --month YYYY-MM`；一次计算多个月：`appraise compute --from 2024-01 --to 2024-12`。

## English

| path | what it holds |
|---|---|
| `appraise.toml` | the workspace: which schemes, where data and results live |
| `schemes/after-sales-repair.toml` | the after-sales department's bonus scheme (the rules) |
| `data/2024-05/` | an example month: roster.csv, repairs.csv, points.csv |
| `out/2024-05/` | the results (once computed) |

Run two commands in this folder:

```sh
appraise check                      # check the scheme without reading any data
appraise compute --month 2024-05    # compute May 2024 into out/2024-05/after-sales-repair-2024-05.xlsx
```

A new month: put its exports in `data/YYYY-MM/` (same file and column names as the
example) and run `appraise compute --month YYYY-MM`; several months at once:
`appraise compute --from 2024-01 --to 2024-12`. `appraise --help` lists every command.
";

/// Writes a new workspace into `dir`, which must be absent or empty.
pub fn run(dir: &Path, verbosity: Verbosity) -> Result<(), Failure> {
    let refuse = |message: crate::i18n::Msg| {
        Failure::User(Diagnostics(vec![Diagnostic::error(
            Location::File {
                file: dir.display().to_string(),
            },
            message,
        )]))
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(refuse(msg!("init-not-a-folder")));
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| refuse(msg!("init-cannot-read", problem = e.to_string())))?;
        if entries.next().is_some() {
            return Err(refuse(msg!("init-not-empty")));
        }
    }
    for (name, bytes) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::Internal(
                    msg!(
                        "cannot-create",
                        path = parent.display().to_string(),
                        problem = e.to_string()
                    )
                    .to_string(),
                )
            })?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            Failure::Internal(super::compute::cannot_write(
                &path.display().to_string(),
                &e.to_string(),
            ))
        })?;
    }
    if verbosity > Verbosity::Quiet {
        eprintln!(
            "{}",
            msg!("init-wrote", dir = dir.display().to_string(), month = MONTH)
        );
        eprintln!(
            "{}",
            msg!(
                "init-next",
                dir = shell_word(&dir.display().to_string()),
                month = MONTH
            )
        );
    }
    Ok(())
}

/// A path as one shell word: quoted when it holds anything but plain characters.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./+,:@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
